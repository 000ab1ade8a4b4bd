"""TX05: the unit named in the title, a table header or 填报单位 is not the unit the report is about."""

from __future__ import annotations

import re
from collections import Counter

from auditor.extract.places import find_places
from auditor.registry import check

# What an organisation's name ends with: 民政局, 财政局, 人民政府, 红十字会 …
_ORGANISATION = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:局|委员会|委|办公室|人民政府|政府|中心|院|会|厅|所)")


def _organisations(text: str):
    """(place mention, organisation suffix, start, end) for names such as 高邑县民政局 and
    高新区（新市区）民政局 (a closing bracket may stand between the place and the department)."""
    out = []
    for place in find_places(text):
        after = place.end + (1 if text[place.end:place.end + 1] in ")）" else 0)
        m = _ORGANISATION.match(text, after)
        if m and m.end() - after <= 12:
            out.append((place, text[after:m.end()], place.start, m.end()))
    return out


def _most_specific(places):
    counties = [p for p in places if p.level == "county"]
    return counties or places


@check(
    code="TX05",
    name="wrong-reporting-unit",
    severity="error",
    summary="The reporting unit named in the header (填报单位, title) differs from the unit the report's figures are about.",
    rationale=(
        "The 填报单位 on a 自评表 or the unit in the title is who answers for the figures. When it names "
        "another department (海口市民政局 on a table whose figures are those of 高邑县民政局), the table was "
        "copied from another report and the finance bureau files it under the wrong unit. The same unit "
        "written in long and short forms (乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）民政局 / 高新区（新市区）"
        "民政局) is recognised through the divisions it names."
    ),
    bad="填报单位：海口市民政局\n\n高邑县民政局2021年度整体支出绩效自评报告\n\n高邑县民政局2021年度决算支出6696.24万元，高邑县民政局全年完成各项工作。",
    good="填报单位：高邑县民政局\n\n高邑县民政局2021年度整体支出绩效自评报告\n\n高邑县民政局2021年度决算支出6696.24万元，高邑县民政局全年完成各项工作。",
    known_problems="Needs the unit's name to start with a division name (省/市/县/区); units named only by a nickname are not compared.",
)
def wrong_reporting_unit(ctx):
    report = ctx.report()
    if report.unit is None:
        return
    declared = _organisations(report.unit.text)
    if not declared:
        return
    body = Counter()
    where = {}
    for seg in ctx.doc.normalized.segments:
        for place, suffix, s, e in _organisations(seg.text):
            start, end = seg.original_range(s, e)
            if start < report.unit.end and end > report.unit.start:
                continue  # the header itself
            key = (place.name, suffix)
            body[key] += 1
            where.setdefault(key, seg.original_range(s, e))
    if not body:
        return
    (top_place, top_suffix), count = body.most_common(1)[0]
    if count < 3:
        return
    declared_places = _most_specific([p for p, _, _, _ in declared])
    declared_suffixes = {suffix for _, suffix, _, _ in declared}
    declared_names = {(p.name, suffix) for p, suffix, _, _ in declared}
    # the unit the header declares is itself named in the body: the other unit is a partner or a
    # subject of the report (东西部协作, a 上级 department), not a wrong header
    if sum(body[key] for key in declared_names) >= 2:
        return
    top = find_places(top_place)[0]
    same_place = any(d.within(t) or t.within(d) for p in declared_places for d in p.divisions for t in top.divisions)
    same_kind = any(top_suffix.endswith(s) or s.endswith(top_suffix) for s in declared_suffixes)
    if same_place and same_kind:
        return
    name = report.unit.text
    ctx.finding(
        ctx.t(f"填报单位为“{name}”，但报告内容是“{top_place}{top_suffix}”的（出现 {count} 次）",
              f"the reporting unit is '{name}' but the report is about '{top_place}{top_suffix}' (named {count} times)"),
        locations=[(report.unit.start, report.unit.end), where[(top_place, top_suffix)]],
        expected=f"{top_place}{top_suffix}",
    )
