"""Totals with their listed parts (其中 / 分别 / 合计) and counts with their listed items (共 N 个…分别是)."""

from __future__ import annotations

import re

from ..model.normalize import Segment
from .facts import Enumeration, Figure, TextField
from .lexicon import lexicon
from .tables import Table

# A list of parts opens after one of these, right after the total.
_PARTS_OPEN = re.compile(r"^[\s,，:：;；]*(?:其中|分别为|分别是|包括|含)[\s:：,，]*")
# The list closes at a sentence end, or where a new total starts.
_SENTENCE_END = re.compile(r"[。!?！？]")
_NEW_TOTAL = re.compile(r"(?:共计|合计|总计|累计)")
# Counted things: "下设8个处室", "共有11个项目", "涉及3个科室".
_COUNT_NOUN = r"(?:处室|科室|中心|项目|部门|单位|股室|站所|站|所|科|室|办|队|股)"
_COUNT_NOUNS = re.compile(rf"^(?:个|家|所|项)?{_COUNT_NOUN}")
_NOUN_BEFORE = re.compile(rf"{_COUNT_NOUN}$")
_ITEMS_OPEN = re.compile(r"[,，]?\s*(?:(?:分别是|分别为|包括|包含|即|为|有)\s*[:：]?|[:：])")
_ITEM_SPLIT = re.compile(r"[、;；]")
_LAST_AND = re.compile(r"(?:和|及|以及)")
_TOTAL_AFTER = re.compile(r"(?:合计|共计|总计)[为是:：]?$")
_PARTS_BEFORE = re.compile(r"分别(?:为|是)[:：]?")


# A nested list opens right after a part: "基本支出373.74万元,包括…", "6303.16万元(包含…".
_INCLUDES = re.compile(r"^[\s,，(（:：]*(?:包括|其中|包含|含)")
_DESCRIPTION = re.compile(r"主要(?:为|是|用于|包括)|用于")
_LIST_GOES_ON = re.compile(r"[;；]")


def sum_enumerations(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``X 为 N，其中 A a、B b`` in one sentence: the total and the same-unit figures listed after it.

    A part followed by ``包括…`` opens a nested list (its own enumeration, not parts of the outer
    total); after a part's description (``主要用于…``) the list goes on only past a semicolon.
    """
    out: list[Enumeration] = []
    consumed: set[int] = set()  # figures already used as the total of a nested list
    for k, total in enumerate(figures):
        q = total.quantity
        opener = _PARTS_OPEN.match(seg.text[q.end:])
        if not opener or q.dimension == "percent" or k in consumed:
            continue
        parts, nested = _collect_parts(seg, figures, k, q.end + opener.end())
        if _paired(parts):
            # "预算金额为…，执行金额…：分别为 A项目，预算金额为…，执行金额为…；…": one list per measure
            consumed.update(range(len(figures)))
            out.extend(_paired_lists(seg, figures, k, q.end + opener.end()))
            continue
        measures = {lexicon().measure_of(p.label) for p in parts} - {None}
        if len(measures) >= 2 and lexicon().measure_of(total.label) is None:
            continue  # "金额为37.44万元，分别为…预算金额…执行金额…": figures of one item, not parts
        for child_total, children in nested:
            out.append(Enumeration(kind="sum", total=child_total, parts=children))
            consumed.add(figures.index(child_total))
        if len(parts) >= 2 or (len(parts) == 1 and parts[0].quantity.base_value == q.base_value):
            out.append(Enumeration(kind="sum", total=total, parts=parts))
    return out


def _paired(parts: list[Figure]) -> bool:
    """Parts that repeat two measures in turn (预算金额…执行金额…, for each item)."""
    counts: dict[str, int] = {}
    for p in parts:
        measure = lexicon().measure_of(p.label)
        if measure:
            counts[measure] = counts.get(measure, 0) + 1
    return sum(1 for n in counts.values() if n >= 2) >= 2


def _paired_lists(seg: Segment, figures: list[Figure], k: int, cursor: int) -> list[Enumeration]:
    """Items each stated with several measures, over the rest of the paragraph; the totals are the
    figures of the same measures stated just before the list opens."""
    lex = lexicon()
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, figures[k].quantity.start)),
                         default=0)
    totals: dict[str, Figure] = {}
    for fig in figures[:k + 1]:
        measure = lex.measure_of(fig.label)
        if fig.quantity.start >= sentence_start and measure:
            totals[measure] = fig
    groups: dict[str, list[Figure]] = {}
    for fig in figures[k + 1:]:
        if fig.quantity.start < cursor:
            continue
        measure = lex.measure_of(fig.label)
        if measure in totals and fig.quantity.base_unit == totals[measure].quantity.base_unit:
            groups.setdefault(measure, []).append(fig)
    return [Enumeration(kind="sum", total=totals[m], parts=parts)
            for m, parts in groups.items() if len(parts) >= 2]


def _collect_parts(seg: Segment, figures: list[Figure], k: int, cursor: int):
    total = figures[k].quantity
    sentence_end = _SENTENCE_END.search(seg.text, total.end)
    limit = sentence_end.start() if sentence_end else len(seg.text)
    parts: list[Figure] = []
    nested: list[tuple[Figure, list[Figure]]] = []
    children: list[Figure] | None = None  # collecting the nested list of parts[-1]
    for fig in figures[k + 1:]:
        fq = fig.quantity
        if fq.start >= limit:
            break
        between = seg.text[cursor:fq.start]
        if _NEW_TOTAL.search(between):
            break
        if fq.base_unit != total.base_unit or fq.dimension != total.dimension:
            if parts:
                break
            continue
        if parts and _DESCRIPTION.search(between):
            described_at = _DESCRIPTION.search(between).start()
            if not _LIST_GOES_ON.search(between, described_at):
                break
        if parts and children is None and _INCLUDES.match(between) and not _LIST_GOES_ON.search(between):
            children = []
        elif children is not None and _LIST_GOES_ON.search(between):
            nested.append((parts[-1], children))
            children = None
        if children is not None:
            children.append(fig)
        else:
            parts.append(fig)
        cursor = fq.end
    if children:
        nested.append((parts[-1], children))
    return parts, [(t, c) for t, c in nested if len(c) >= 2]


def parts_before_total(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``分别为120万元、80万元和50万元，合计250万元``: the parts come first, the total after them."""
    out: list[Enumeration] = []
    for k, total in enumerate(figures):
        q = total.quantity
        if q.dimension == "percent" or not _TOTAL_AFTER.search(seg.text[:q.start].rstrip(" ,，")):
            continue
        sentence_start = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, q.start)), default=0)
        opener = None
        for m in _PARTS_BEFORE.finditer(seg.text, sentence_start, q.start):
            opener = m
        if opener is None:
            continue
        parts = [f for f in figures[:k] if f.quantity.start >= opener.end()]
        if len(parts) >= 2 and all(p.quantity.base_unit == q.base_unit for p in parts):
            out.append(Enumeration(kind="sum", total=total, parts=parts))
    return out


def count_enumerations(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``下设 8 个处室，分别是：A；B、C。`` — a count and the items named after it."""
    out: list[Enumeration] = []
    for fig in figures:
        q = fig.quantity
        if q.dimension != "count" or q.decimals or q.approx:
            continue
        if q.base_unit not in ("个", "家", "所", "项"):
            continue
        noun = _COUNT_NOUNS.match(seg.text[q.end:])
        if noun is None:
            clause = re.split(r"[,，。;；:：]", seg.text[:q.start])[-1]
            clause = re.sub(r"(?:共有|共计|共|有|设有|下设|内设)$", "", clause)
            if not _NOUN_BEFORE.search(clause):  # "下属二级单位2家：…"
                continue
            rest_start = q.end
        else:
            rest_start = q.end + noun.end()
        opener = _ITEMS_OPEN.match(seg.text, rest_start)
        if not opener:
            continue
        end_match = _SENTENCE_END.search(seg.text, opener.end())
        end = end_match.start() if end_match else len(seg.text)
        items: list[TextField] = []
        cursor = opener.end()
        pieces = _ITEM_SPLIT.split(seg.text[opener.end():end])
        if len(pieces) >= 1 and _LAST_AND.search(pieces[-1]):  # "A、B和C": the last two joined by 和
            last = pieces.pop()
            head, tail = _LAST_AND.split(last, maxsplit=1)
            pieces.extend([head, tail] if head and tail else [last])
        predicates = lexicon().raw.get("item_predicates", [])
        for n, piece in enumerate(pieces):
            if n and any(word in piece for word in predicates):
                break
            start = seg.text.find(piece, cursor)
            cursor = start + len(piece)
            text = piece.strip(" ,，")
            if text:
                s, e = seg.original_range(start, start + len(piece))
                items.append(TextField(text, s, e))
        if items:
            out.append(Enumeration(kind="count", total=fig, items=items))
    return out


_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|总额|总分|合\s*计)")
_PARTS_ROW = re.compile(r"^其中")


def table_enumerations(table: Table, cell_figures: dict[tuple[int, int, int], list[Figure]]) -> list[Enumeration]:
    """Sums a table states: a 合计/总分 row against the rows above under the same column header,
    and a row followed by 其中 rows against those rows, column by column."""
    out: list[Enumeration] = []

    def single(row: int, col: int) -> Figure | None:
        figs = cell_figures.get((table.number, row, col), [])
        return figs[0] if len(figs) == 1 else None

    def header(row: int, col: int) -> str:
        return re.sub(r"\s+", "", table.column_header(row, col))

    for (r, c), cell in sorted(table.cells.items()):
        label = cell.text.replace(" ", "")
        if _TOTAL_ROW.match(label):
            for col in range(c + 1, table.cols + 1):
                total = single(r, col)
                if total is None or not header(r, col):
                    continue
                wanted = header(r, col)
                parts = [f for row in range(1, r) for k in range(1, table.cols + 1)
                         if header(row, k) == wanted and (f := single(row, k)) is not None
                         and f.quantity.base_unit == total.quantity.base_unit]
                if len(parts) >= 2:
                    out.append(Enumeration(kind="sum", total=total, parts=parts, source="table"))
        elif _PARTS_ROW.match(label) and r > 1:
            rows = [r]
            for row in range(r + 1, table.rows + 1):
                first = next((x for x in table.row_cells(row) if x.text.strip() and not x.numeric), None)
                if first is None or _TOTAL_ROW.match(first.text) or not any(
                        single(row, k) for k in range(1, table.cols + 1)):
                    break
                if _column_header_row(table, row):
                    break
                rows.append(row)
            for col in range(c + 1, table.cols + 1):
                total = single(r - 1, col)
                parts = [single(row, col) for row in rows]
                if total is None or any(p is None for p in parts):
                    continue
                if all(p.quantity.base_unit == total.quantity.base_unit for p in parts):
                    out.append(Enumeration(kind="sum", total=total, parts=parts, source="table"))
    return out


def _column_header_row(table: Table, row: int) -> bool:
    cells = [c for c in table.row_cells(row) if c.text.strip()]
    return bool(cells) and not any(c.numeric for c in cells)
