"""SC08: an item's score in the 自评表 against the narrative's weight and score for the same item."""

from __future__ import annotations

import re

from auditor.extract.compare import show
from auditor.extract.tables import build_tables
from auditor.model import BlockKind
from auditor.registry import check

_WEIGHT_IN_NAME = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]")
_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)\s*")


def _item_name(text: str) -> str:
    text = _WEIGHT_IN_NAME.sub("", text)
    text = _NUMBERING.sub("", text)
    return re.sub(r"[\s:：]+", "", text)


@check(
    code="SC08",
    name="table-against-narrative",
    severity="warning",
    summary="The 自评表 gives an item more points than the narrative's weight for it.",
    rationale=(
        "A report that has both a 绩效自评表 and a narrative analysis gives each item's weight and score "
        "twice; the table is what the finance bureau enters, the narrative what it reads. When they "
        "disagree (时效指标 worth 5 and scored 5 in the text, 10 in the table), the total and the grade "
        "depend on which one the reader believes."
    ),
    bad=("| 二级指标 | 三级指标 | 分值 |\n|---|---|---|\n| 时效指标(5) | 年内完成资金按时拨付 | 10 |\n\n"
         "(3) 时效指标（5 分）\n\n年内完成资金按时拨付，自评得分 5 分。\n"),
    good=("| 二级指标 | 三级指标 | 分值 |\n|---|---|---|\n| 时效指标(5) | 年内完成资金按时拨付 | 5 |\n\n"
          "(3) 时效指标（5 分）\n\n年内完成资金按时拨付，自评得分 5 分。\n"),
    known_problems=(
        "Items are matched by their exact name once numbering and '(N分)' are removed. A table value below "
        "the item's weight is not reported, since a category's weight is often split over several rows."
    ),
)
def table_against_narrative(ctx):
    doc = ctx.doc
    figures = ctx.facts.figures
    by_segment: dict[int, list] = {}
    for fig in figures:
        by_segment.setdefault(fig.segment, []).append(fig)
    narrative = _narrative_items(doc, by_segment)
    if not narrative:
        return
    for table in build_tables(doc):
        for r in range(1, table.rows + 1):
            cells = table.row_cells(r)
            numeric = [c for c in cells if c.numeric and c.segment is not None]
            if not numeric:
                continue
            last = max(numeric, key=lambda c: c.col)
            values = by_segment.get(last.segment, [])
            if len(values) != 1:
                continue
            value = values[0]
            for cell in cells:
                if cell.numeric:
                    continue
                item = narrative.get(_item_name(cell.text))
                if item is None:
                    continue
                weight, score = item
                # a category's weight may be split over several rows of the table, so only a row
                # worth more than the whole item in the text is a contradiction
                if value.quantity.value <= weight.quantity.value:
                    continue
                reference = [f for f in (weight, score) if f is not None]
                ctx.finding(
                    ctx.t(f"「{_item_name(cell.text)}」自评表中为 {value.quantity.value}，正文中"
                          + "、".join(("分值 " if f is weight else "得分 ") + show(f) for f in reference),
                          f"'{_item_name(cell.text)}' is {value.quantity.value} in the table but "
                          + ", ".join(("weight " if f is weight else "score ") + show(f) for f in reference)
                          + " in the text"),
                    locations=[(value.start, value.end)] + [(f.start, f.end) for f in reference],
                )
                break


def _narrative_items(doc, by_segment) -> dict[str, tuple]:
    """Headings like ``(3) 时效指标（5 分）`` with the 自评得分 stated under them."""
    items: dict[str, tuple] = {}
    segments = doc.normalized.segments
    for index, seg in enumerate(segments):
        if seg.kind != BlockKind.HEADING or not _WEIGHT_IN_NAME.search(seg.text):
            continue
        weights = [f for f in by_segment.get(index, []) if f.quantity.dimension == "score"]
        if len(weights) != 1:
            continue
        score = None
        for following in range(index + 1, len(segments)):
            if segments[following].kind == BlockKind.HEADING:
                break
            scores = [f for f in by_segment.get(following, []) if f.concept == "score"]
            if scores:
                score = scores[0]
                break
        items.setdefault(_item_name(seg.text), (weights[0], score))
    return items
