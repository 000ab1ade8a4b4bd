"""SC09: an item's score against its points less the points it says were deducted."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.lexicon import weight_in_brackets
from auditor.model import BlockKind
from auditor.model.normalize import fold
from auditor.registry import check

_NUMBER = r"(\d+(?:\.\d+)?)"
# "扣1.5分", "扣除2分", "扣减0.5分" — an actual deduction; "每…扣1分" is a rule, "不扣分" none
_DEDUCTED = re.compile(rf"扣(?:除|减|掉)?\s*{_NUMBER}\s*分")
_RULE_BEFORE = re.compile(r"(?:每|按|如|若|凡|的,?|低于|超过|未达到?|不足|以上|以下)[^,，。;；]{0,14}$")
# the score the item ends with: "得5.5分", "得分5.5分", "自评得分为5.5分"
_SCORED = re.compile(rf"(?:自评)?得(?:分)?(?:为|:)?\s*{_NUMBER}\s*分")


def _title_weight(text: str) -> tuple[Decimal, int] | None:
    """The points an item's title gives it ("3.资产管理规范性(6分):"), and where the title ends."""
    m = re.match(rf"^\s*(?:[(（]?\d{{1,2}}[)）.、．]|[一二三四五六七八九十]{{1,3}}[、.．])?[^,，。;；:()（）]{{2,30}}?"
                 rf"{weight_in_brackets()}\s*[:：]?", text)
    return (Decimal(m.group("weight")), m.end()) if m else None


def _row_weights(doc) -> dict[tuple[int, int], tuple[Decimal, int]]:
    """A table row's points from a cell that is only the item's name and points ("政府采购规范性（5分）"):
    (points, that cell's column), for the row's other cells to be checked against."""
    out = {}
    for block in doc.blocks:
        if block.kind != BlockKind.TABLE_CELL or (block.table, block.row) in out:
            continue
        text = fold(doc.block_text(block)).strip()
        title = _title_weight(text)
        if title is not None and not text[title[1]:].strip():
            out[(block.table, block.row)] = (title[0], block.col)
    return out


@check(
    code="SC09",
    name="deduction-arithmetic",
    severity="error",
    summary="An item scored by deduction states a score that is not its points less the points deducted.",
    rationale=(
        "Qualitative items (资金管理, 制度执行有效性, 资产管理规范性 …) are scored by deduction: the item's "
        "points less what each shortcoming costs (扣1分, 扣1.5分). A score that is not that difference "
        "(6分, 扣1.5分, 得5.5分) is an arithmetic slip that the category subtotal and the total inherit."
    ),
    bad="3.资产管理规范性（6分）：资产账实相符，但固定资产年度盘点未按时完成，扣1.5分，得5.5分。",
    good="3.资产管理规范性（6分）：资产账实相符，但固定资产年度盘点未按时完成，扣1.5分，得4.5分。",
    known_problems=(
        "Only a paragraph that opens with the item's points in brackets (名称（6分）：…) and states the "
        "deductions and then the score is checked. A deduction written as a rule (每…扣1分, 低于95%的扣2分) is "
        "not counted; nor are paragraphs that state several scores (a category and its items together)."
    ),
)
def deduction_arithmetic(ctx):
    row_weights = _row_weights(ctx.doc)
    for seg in ctx.doc.normalized.segments:
        if seg.kind == BlockKind.HEADING:
            continue
        title = _title_weight(seg.text)
        if title is None and seg.kind == BlockKind.TABLE_CELL:
            block = ctx.doc.blocks[seg.blocks[0]]
            title = row_weights.get((block.table, block.row))
            title = (title[0], 0) if title is not None and title[1] < block.col else None
        if title is None:
            continue
        weight, body_start = title
        body = seg.text[body_start:]
        scores = list(_SCORED.finditer(body))
        if len(scores) != 1:
            continue
        score = scores[0]
        deductions = [m for m in _DEDUCTED.finditer(body, 0, score.start())
                      if not _RULE_BEFORE.search(body[:m.start()]) and not body[:m.start()].endswith("不")]
        if not deductions:
            continue
        taken = sum((Decimal(m.group(1)) for m in deductions), Decimal(0))
        stated = Decimal(score.group(1))
        expected = weight - taken
        if stated == expected or expected < 0:
            continue
        formula = f"{weight} − " + " − ".join(m.group(1) for m in deductions)
        at = body_start + score.start()
        ctx.finding(
            ctx.t(f"扣分后应得 {expected} 分（{formula}），此处写作 {stated} 分",
                  f"after the deductions the score should be {expected} ({formula}); written here as {stated}"),
            locations=[seg.original_range(at, body_start + score.end())]
            + [seg.original_range(body_start + m.start(), body_start + m.end()) for m in deductions],
            expected=str(expected),
        )
