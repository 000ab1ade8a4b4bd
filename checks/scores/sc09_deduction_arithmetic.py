"""SC09: an item's score against its points less the points it says were deducted."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.indicators import table_header
from auditor.extract.lexicon import weight_in_brackets
from auditor.extract.tables import build_tables
from auditor.model import BlockKind
from auditor.model.normalize import fold
from auditor.registry import check

_NUMBER = r"(\d+(?:\.\d+)?)"
# "扣1.5分", "扣除2分", "扣减0.5分" — an actual deduction; "每…扣1分" is a rule, "不扣分" none
_DEDUCTED = re.compile(rf"扣(?:除|减|掉)?\s*{_NUMBER}\s*分")
_RULE_BEFORE = re.compile(r"(?:每|按|如|若|凡|的,?|低于|超过|未达到?|不足|以上|以下)[^,，。;；]{0,14}$")
# the score the item ends with: "得5.5分", "得分5.5分", "自评得分为5.5分"
_SCORED = re.compile(rf"(?:自评)?得(?:分)?(?:为|:)?\s*{_NUMBER}\s*分")


# An item's number: "4.", "(2)", "三、", "(四)".
_NUMBER_MARK = r"(?:[(（]?\d{1,2}[)）.、．]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])"
# "4. 资助对象认定规范性。分值10分，采取扣分制评分：…": the item's points written as its first field
_NAMED_POINTS = re.compile(rf"^\s*{_NUMBER_MARK}\s*[^,，。;；:()（）]{{2,30}}?"
                           r"[。:：,，]\s*(?:分值|权重|满分)\s*(?:为)?\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[,，;；。]?")


def _title_weight(text: str) -> tuple[Decimal, int] | None:
    """The points an item's title gives it ("3.资产管理规范性(6分):", "4.资助对象认定规范性。分值10分，"), and where
    the title ends."""
    m = re.match(rf"^\s*{_NUMBER_MARK}?[^,，。;；:()（）]{{2,30}}?"
                 rf"{weight_in_brackets()}\s*[:：]?", text) or _NAMED_POINTS.match(text)
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
        "A paragraph that opens with the item's points (名称（6分）：…, 名称。分值10分，…) or states them in its text "
        "(满分10分, 该项分值8分) and then the deductions and the score is checked; so is a bare title's points "
        "((四)管理指标(10分,扣分制)) over the one scored paragraph under it, and so is an indicator whose points and score are read when its text or "
        "its row (outside a 评分标准 column, or in a column of its own headed 扣分) states points taken off. A deduction written as a rule (每…扣1分, 低于95%的扣2分) is "
        "not counted (unless it states what it came to: 按每项0.5分扣2分, 每处扣0.5分，共扣1.5分); nor are paragraphs "
        "that state several scores (a category and its items together), except items scored in turn, each "
        "opening with its name and points (预算管理5分，…得5分；资产管理5分，…扣2分，得4分). Points stated with no score "
        "(分值6分，每发现1个问题扣1分。) are checked against the next paragraph's deductions and score."
    ),
)
def deduction_arithmetic(ctx):
    checked = _titled_items(ctx)
    _indicators(ctx, checked)
    _points_in_the_text(ctx, checked)
    _items_in_a_paragraph(ctx, checked)


# A column telling how this row's score came about (评分说明, 扣分说明), not the rule for every row (评分标准).
_SCORING_NOTE = re.compile(r"说明|理由|情况")


def _notes_the_score(header_cell) -> bool:
    return header_cell is not None and _SCORING_NOTE.search(header_cell.text) is not None


def _deductions(text: str, end: int | None = None) -> list[re.Match]:
    """The points actually taken off in ``text`` (扣1.5分, 共扣1.5分), not a rule's (每…扣1分, 低于95%的扣2分); when
    a total is stated after the items (扣1分；扣0.5分；合计扣1.5分), the total alone."""
    # (a rule's step stated, then what it came to: "按每项0.5分扣2分" takes off 2)
    found = [m for m in _DEDUCTED.finditer(text, 0, len(text) if end is None else end)
             if (not _RULE_BEFORE.search(text[:m.start()]) or _STEP_BEFORE.search(text[:m.start()]))
             and not text[:m.start()].endswith("不")]
    totals = [m for m in found if _TOTAL_BEFORE.search(text, max(0, m.start() - 4), m.start())]
    return totals[-1:] if totals and len(found) > 1 else found


_DEDUCTION_COLUMN = re.compile(r"^(?:扣分|扣分值|扣除分值|扣减分值)(?:\(分\))?$")
_TOTAL_BEFORE = re.compile(r"(?:合计|共计|总计|累计|共|总共)\s*$")
_TOTAL_DEDUCTED = re.compile(r"(?:合计|共计|总计|累计|共|总共)\s*扣(?:除|减)?\s*\d")
_STEP_BEFORE = re.compile(r"每[^,，。;；]{0,8}?\d+(?:\.\d+)?\s*分\s*$")


def _indicators(ctx, checked: set[tuple[int, int]]) -> None:
    """An indicator with its points and score read whose own text or row states points taken off ("分值10分，
    …发现2份材料不完整，扣1.5分，得9分"; a 自评表 row "| 8 | 完成率93.33%，扣0.35分 | 7.47 |")."""
    tables = None
    for ind in ctx.indicators():
        if ind.weight is None or ind.score is None or any(s <= ind.score.start < e for s, e in checked):
            continue
        if ind.table is None:
            # (only what comes before the score: a later 扣 is of the next item)
            texts = [ctx.doc.text[ind.start:ind.score.start]]
        else:
            if tables is None:
                tables = {t.number: t for t in build_tables(ctx.doc)}
            table = tables.get(ind.table)
            header = table_header(table) if table is not None else None
            columns = header[1] if header else {}
            texts = [c.text for c in (table.row_cells(ind.row) if table else ())
                     if columns.get(c.col) not in ("criteria", "weight", "score")
                     or (columns.get(c.col) == "criteria" and (_notes_the_score(table.cell(header[0], c.col))
                                                                # "每处扣0.5分，共扣1.5分": the rule, then what it took off
                                                                or _TOTAL_DEDUCTED.search(fold(c.text))))]
        found = [m for text in texts for m in _deductions(fold(text))]
        if ind.table is not None and table is not None and header is not None:
            # a column of the points taken off ("分值 | 扣分 | 得分": 5 | 1.5 | 4.00)
            found += [m for c in table.row_cells(ind.row) if _DEDUCTION_COLUMN.match(
                re.sub(r"\s+", "", next(table.column_headers(ind.row, c.col), ""))) and c.numeric
                and (m := re.fullmatch(_NUMBER, fold(c.text).strip())) and Decimal(m.group(1))]
        if not found:
            continue
        checked.add((ind.score.start, ind.score.end))
        _report(ctx, ind.weight.quantity.value, ind.score.quantity.value, found,
                [(ind.score.start, ind.score.end), (ind.weight.start, ind.weight.end)], ind.name)


def _scored_under(segments, k: int):
    """The one paragraph after a bare title, before the next title or heading, that states a score; None
    when none or several do (a category's points over items of its own)."""
    scored = []
    for seg in segments[k + 1:k + 6]:
        if seg.kind in (BlockKind.HEADING, BlockKind.TABLE_CELL) or _title_weight(seg.text) is not None:
            break
        scored += [seg] * len(_SCORED.findall(seg.text))
    return scored[0] if len(scored) == 1 else None


def _points_in_the_text(ctx, checked: set[tuple[int, int]]) -> None:
    """An item whose points are stated in its text ("…为扣分制指标，满分10分。…扣2分，得9.00分", "该项满分8分，
    全年迟报2次，每次扣0.5分，共扣1.5分，得7分"): the score after them against the points less what was taken off
    in between."""
    segments = ctx.doc.normalized.segments
    for k, seg in enumerate(segments):
        if seg.kind in (BlockKind.HEADING, BlockKind.TABLE_CELL) or "扣" not in seg.text:
            continue
        for points in _POINTS_STATED.finditer(seg.text):
            score = _SCORED.search(seg.text, points.end())
            if score is None and not _POINTS_STATED.search(seg.text, points.end()):
                # "…评分方式：扣分制，分值6分，每发现1个问题扣1分。" / "扣分情况：…问题2个，扣2分；本项得分5分。"
                _scored_next(ctx, segments, k, Decimal(points.group("weight")), checked)
                continue
            if score is None or _POINTS_STATED.search(seg.text, points.end(), score.start()):
                continue
            between = seg.text[points.end():score.start()]
            if not _SCORED.search(between):
                _check_score(ctx, seg, Decimal(points.group("weight")), score, _deductions(between), checked,
                             deductions_at=points.end())


def _scored_next(ctx, segments, k: int, weight: Decimal, checked: set[tuple[int, int]]) -> None:
    """The paragraph after one that states an item's points and no score: what was taken off, then the score."""
    if k + 1 >= len(segments) or segments[k + 1].kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return
    seg = segments[k + 1]
    scores = list(_SCORED.finditer(seg.text))
    if len(scores) != 1 or _POINTS_STATED.search(seg.text):
        return
    _check_score(ctx, seg, weight, scores[0], _deductions(seg.text, scores[0].start()), checked)


# One of the items a paragraph scores in turn, its name and points first: "资产管理5分，…按每项0.5分扣2分，得4分"
_ITEM_POINTS = re.compile(r"\s*(?:(?![扣得减])[\u4e00-\u9fff]){2,12}?\s*(\d+(?:\.\d+)?)\s*分\s*[,，]")
_PIECE_END = re.compile(r"[;；。]")


def _items_in_a_paragraph(ctx, checked: set[tuple[int, int]]) -> None:
    """Each item of a paragraph that scores several in turn, parted by ；or 。 ("管理指标采用扣分制。预算管理5分，
    …未扣分，得5分；资产管理5分，…扣2分，得4分。"): its score against its points less what was taken off."""
    for seg in ctx.doc.normalized.segments:
        if seg.kind in (BlockKind.HEADING, BlockKind.TABLE_CELL) or "扣" not in seg.text:
            continue
        start = 0
        for end in [m.start() for m in _PIECE_END.finditer(seg.text)] + [len(seg.text)]:
            piece, offset, start = seg.text[start:end], start, end + 1
            points = _ITEM_POINTS.match(piece)
            scores = list(_SCORED.finditer(piece))
            if points is None or len(scores) != 1:
                continue
            _check_score(ctx, seg, Decimal(points.group(1)), scores[0], _deductions(piece[:scores[0].start()]), checked,
                         score_at=offset)


# "满分10分", "该项分值8分": an item's points stated in its text
# ("分值：10；" in a line of fields: the points without their 分)
_POINTS_STATED = re.compile(r"(?:满分|分值|权重|基础分|基本分)\s*(?:为|是|:)?\s*(?P<weight>\d+(?:\.\d+)?)\s*(?:分|(?=[;；,，]))")


def _titled_items(ctx) -> set[tuple[int, int]]:
    """Paragraphs and rows that open with the item's points in brackets; where the scores checked stand."""
    checked: set[tuple[int, int]] = set()
    row_weights = _row_weights(ctx.doc)
    segments = ctx.doc.normalized.segments
    for k, seg in enumerate(segments):
        title = _title_weight(seg.text)
        if title is not None and not seg.text[title[1]:].strip(" 。.:"):
            # a title that is only the item's name and points ("(四)管理指标(10分,扣分制)"): they are the
            # points of the one paragraph under it that states a score
            under = _scored_under(segments, k)
            if under is not None and _POINTS_STATED.search(under.text):
                continue  # ("（二）效益指标（30分）" over records each stating its own: "…，分值10分；…扣0.5分，得9.5分")
            if under is not None:
                seg, title = under, (title[0], 0)
        if seg.kind == BlockKind.HEADING:
            continue
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
        _check_score(ctx, seg, weight, scores[0], _deductions(body, scores[0].start()), checked, score_at=body_start)
    return checked


def _check_score(ctx, seg, weight: Decimal, score: re.Match, deductions: list[re.Match], checked: set[tuple[int, int]],
                 score_at: int = 0, deductions_at: int | None = None) -> None:
    """A score matched in ``seg.text`` (from ``score_at``) against the points less the deductions (matched from
    ``deductions_at``, the score's offset by default), once for each score."""
    where = seg.original_range(score_at + score.start(), score_at + score.end())
    if not deductions or where in checked:
        return
    checked.add(where)
    at = score_at if deductions_at is None else deductions_at
    _report(ctx, weight, Decimal(score.group(1)), deductions,
            [where] + [seg.original_range(at + m.start(), at + m.end()) for m in deductions])


def _report(ctx, weight: Decimal, stated: Decimal, deductions: list[re.Match], locations, name: str | None = None) -> None:
    """A score that is not its points less the points deducted (none when it is, or when more was taken off
    than the item had)."""
    expected = weight - sum((Decimal(m.group(1)) for m in deductions), Decimal(0))
    if stated == expected or expected < 0:
        return
    formula = f"{weight} − " + " − ".join(m.group(1) for m in deductions)
    zh = f"扣分后应得 {expected} 分（{formula}），此处写作 {stated} 分"
    en = f"after the deductions the score should be {expected} ({formula}); written here as {stated}"
    ctx.finding(ctx.t(f"「{name}」{zh}", f"'{name}': {en}") if name else ctx.t(zh, en),
                locations=locations, expected=str(expected))
