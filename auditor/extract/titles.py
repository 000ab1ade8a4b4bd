"""What a report calls itself: its title lines, and whether it is a department's or a project's report."""

from __future__ import annotations

import re

from ..model import BlockKind, Document

DEPARTMENT_TITLE = re.compile(r"部门整体|单位整体|整体支出")
PROJECT_TITLE = re.compile(r"项目.*绩效.*(?:报告|自评表|评价表)")


def title_segments(doc: Document) -> list[int]:
    """The report's title: the lines before the first one naming the report (a title may be split
    over two lines, "秦安县2023年农村供水保障工程项目支" | "出绩效自评报告"), else headings naming a
    performance report."""
    segments = doc.normalized.segments
    lead: list[int] = []
    for i, seg in enumerate(segments[:4]):
        if seg.kind == BlockKind.TABLE_CELL or len(seg.text) > 60:
            break
        lead.append(i)
        if "报告" in seg.text:
            if "绩效" in "".join(segments[j].text for j in lead):
                return lead
            break
    return [i for i, seg in enumerate(segments)
            if seg.kind == BlockKind.HEADING and "报告" in seg.text and "绩效" in seg.text and len(seg.text) <= 60]


def department_report(doc: Document) -> bool:
    """Whether the report's opening lines call it a department's (部门整体支出绩效自评报告)."""
    return any(DEPARTMENT_TITLE.search(seg.text) for seg in doc.normalized.segments[:4])


def project_report(doc: Document) -> bool:
    """Whether the report's title calls it a project's (…项目支出绩效自评报告) and not a department's."""
    title = "".join(doc.normalized.segments[i].text for i in title_segments(doc))
    return bool(PROJECT_TITLE.search(title)) and not DEPARTMENT_TITLE.search(title)
