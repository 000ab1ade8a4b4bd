"""What a report calls itself: its title lines, and whether it is a department's or a project's report."""

from __future__ import annotations

import re

from ..model import BlockKind, Document
from .lexicon import strip_years
from .places import find_places

DEPARTMENT_TITLE = re.compile(r"部门整体|单位整体|整体支出")
PROJECT_TITLE = re.compile(r"项目.*绩效.*(?:报告|自评表|评价表)")
# a title given as a field: "报告名称：屯昌县统计局2025年度部门整体支出绩效自评报告"
_TITLE_FIELD = r"(?:报告|文件|评价)(?:名称|标题)\s*[:：]"
TITLE_KEY = rf"(?:{_TITLE_FIELD}\s*)?"
# (its record may go on with other fields: "…自评报告；填报单位：…")
_KEYED_TITLE = re.compile(rf"^\s*{_TITLE_FIELD}[^;；]{{0,60}}报告\s*(?:[;；]|$)")


def title_segments(doc: Document) -> list[int]:
    """The report's title: the lines before the first one naming the report (a title may be split
    over two lines, "秦安县2023年农村供水保障工程项目支" | "出绩效自评报告"), else headings naming a
    performance report."""
    segments = doc.normalized.segments
    lead: list[int] = []
    for i, seg in enumerate(segments[:4]):
        if seg.kind == BlockKind.TABLE_CELL or (len(seg.text) > 60 and not _KEYED_TITLE.match(seg.text)):
            break
        lead.append(i)
        if "报告" in seg.text:
            if "绩效" in "".join(segments[j].text for j in lead):
                return lead
            break
    return [i for i, seg in enumerate(segments)
            if seg.kind == BlockKind.HEADING and "报告" in seg.text and "绩效" in seg.text and len(seg.text) <= 60]


def title_text(doc: Document) -> str:
    """The title's text, the lines joined (a keyed title without the fields its record goes on with)."""
    text = "".join(doc.normalized.segments[i].text for i in title_segments(doc))
    return re.split(r"[;；]", text, maxsplit=1)[0] if _KEYED_TITLE.match(text) else text


def department_report(doc: Document) -> bool:
    """Whether the report's opening lines call it a department's (部门整体支出绩效自评报告)."""
    return any(DEPARTMENT_TITLE.search(seg.text) for seg in doc.normalized.segments[:4])


def project_report(doc: Document) -> bool:
    """Whether the report's title calls it a project's (…项目支出绩效自评报告) and not a department's."""
    title = title_text(doc)
    return bool(PROJECT_TITLE.search(title)) and not DEPARTMENT_TITLE.search(title)



# What follows a project's name in its report's title, and what may precede it
_REPORT_WORDS = re.compile(r"(?:项目)?(?:支出)?(?:绩效)?(?:自评|评价)?(?:报告|自评表|评价表)$")
_LEADING_WORDS = re.compile(r"^(?:关于|年度|度)+")
_OWNER = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:局|委员会|联合会|服务中心|中心|支队|大队|医院|院)")
_NAME_ENDINGS = re.compile(r"(?:专项)?(?:补助)?(?:资金|经费)$|项目$")


def project_names(doc: Document) -> tuple[str, ...]:
    """How a project report may name its project, longest first: its title's name ("琼中黎族苗族自治县2025年
    农村危房改造补助资金项目支出绩效自评报告" names 农村危房改造补助资金) and that name without its owner's
    name or its last word (资金, 经费, 项目); none for a department's report or a title naming only the report."""
    if not project_report(doc):
        return ()
    title = title_text(doc)
    name = _REPORT_WORDS.sub("", re.sub(rf"^{TITLE_KEY}", "", re.sub(r"\s+", "", title)))
    places = [p for p in find_places(name) if p.start == 0 or name[:p.start].endswith(("省", "市", "州", "县", "区"))]
    if places:
        name = name[places[-1].end:]
    name = _LEADING_WORDS.sub("", strip_years(name)).strip("()（）《》“”\"")
    names = {name}
    if (owner := _OWNER.match(name)) and len(name) - owner.end() >= 4:
        names.add(name[owner.end():])
    names |= {_NAME_ENDINGS.sub("", n) for n in names}
    return tuple(sorted((n for n in names if 4 <= len(n) <= 30), key=lambda n: (-len(n), n)))
