"""SC08: an item's score in the 自评表 against the narrative's weight and score for the same item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from auditor.extract.compare import show
from auditor.extract.indicators import CLASSES
from auditor.extract.lexicon import key_terms, weight_in_brackets
from auditor.extract.tables import build_tables, is_score_header
from auditor.model import BlockKind
from auditor.model.normalize import fold
from auditor.registry import check

_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)\s*")


@cache
def _weight_in_name() -> re.Pattern:
    """``（15分）``, ``（权重15分）``, ``(分值:15分)``: an item's weight written in its heading."""
    return re.compile(weight_in_brackets())


def _item_name(text: str) -> str:
    text = _weight_in_name().sub("", fold(text))
    text = _NUMBERING.sub("", text)
    return re.sub(r"[\s:：]+", "", text)


@check(
    code="SC08",
    name="table-against-narrative",
    severity="warning",
    summary="The 自评表 gives an item more points than the narrative's weight for it, or an indicator another weight or score.",
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
        "a category's weight is not reported, since a category's weight is often split over several rows; "
        "an indicator's weight and score are compared both ways, with its 自评表 row or its line of a 自评表 written as lines (5. 辅导基层文艺团队：分值10分，得分10分). A class's weight in the text (产出指标权重40分, "
        "（二）效益指标（权重25分）) is compared with the weights of the 自评表 rows of that class added up, each "
        "row's class read from its first cells, the rows above it, or its table's section title (and so are the classes' "
        "points listed bare in a sentence about the scale: 采用百分制，其中…产出指标40分、效益指标40分…); indicators told in "
        "the text count under their class's title, and only a sum above the class's weight is reported for them "
        "(the text may tell some of them only). Points in brackets after what the text says of an indicator "
        "(…完成目标的93.00%（权重5分）) are compared with the 自评表 row the nearest clause before them names best (two "
        "terms of its name or more, more than any other row's)."
    ),
)
def table_against_narrative(ctx):
    doc = ctx.doc
    figures = ctx.facts.figures
    by_segment: dict[int, list] = {}
    for fig in figures:
        by_segment.setdefault(fig.segment, []).append(fig)
    _indicator_rows(ctx)
    _bracketed_points(ctx)
    _class_weights(ctx, by_segment)
    narrative = _narrative_items(doc, by_segment)
    if not narrative:
        return
    for table in build_tables(doc):
        for r in range(1, table.rows + 1):
            cells = table.row_cells(r)
            numeric = [c for c in cells if c.numeric and c.segment is not None]
            if not numeric:
                continue
            # the row's score or weight: its last figure, under a score header when the column has one
            # (not a 完成率 column after the scores)
            last = max((c for c in numeric if is_score_header(table.column_header(r, c.col))), default=None,
                       key=lambda c: c.col) or max(numeric, key=lambda c: c.col)
            values = by_segment.get(last.segment, [])
            if len(values) != 1 or values[0].quantity.dimension == "percent":
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


# "产出指标权重40分，效益指标权重40分": what the text gives a whole class of indicators
_CLASS_WEIGHT = re.compile(r"(?P<cls>" + CLASSES + r")(?:类)?指标\s*[(（]?\s*(?:的)?(?:总)?(?:权重|分值|满分)(?:为|是|共)?\s*"
                           r"(?P<weight>\d+(?:\.\d+)?)\s*分")


_CLASS_POINTS = re.compile(r"(?P<cls>" + CLASSES + r")(?:类)?指标\s*[(（]?\s*(?P<weight>\d+(?:\.\d+)?)\s*分")
_SCALE = re.compile(r"体系|构成|组成|权重|分值|设置|设定|满分|百分制")


def _class_weights(ctx, by_segment) -> None:
    """A class's weight in the text against the weights of the 自评表 rows of that class, added up (each row's
    class is the class named in its first cells, or the one above it when merged cells leave them empty)."""
    stated: dict[str, object] = {}
    for index, seg in enumerate(ctx.doc.normalized.segments):
        if seg.kind == BlockKind.TABLE_CELL:
            continue
        matches = list(_CLASS_WEIGHT.finditer(seg.text))
        for sentence in re.finditer(r"[^。;；]+", seg.text):
            # "评价指标体系中，预算执行率10分，产出指标30分，效益指标40分…": a scale's points, bare, two classes or more
            bare = list(_CLASS_POINTS.finditer(seg.text, sentence.start(), sentence.end()))
            if len(bare) >= 2 and _SCALE.search(sentence.group()) and "得" not in sentence.group():
                matches += bare
        for m in matches:
            fig = next((f for f in by_segment.get(index, []) if f.quantity.start == m.start("weight")), None)
            if fig is not None:
                stated.setdefault(m.group("cls"), fig)
    if not stated:
        return
    tables = {t.number: t for t in build_tables(ctx.doc)}
    # each class's weights as each source states them: the text, or one 自评表 (an indicator told in the text and
    # scored in a table under another name is one indicator, not two of the class)
    added: dict[tuple[str, int | None], list] = {}
    counted: set[str] = set()
    for ind in ctx.indicators():
        if ind.weight is None or (ind.table is not None and ind.table not in tables):
            continue
        name = re.sub(r"\s+", "", ind.name or "")
        if name in counted:
            continue  # (an indicator scored again in a second table)
        if ind.table is None:  # an indicator told in the text, under its class's title ("（二）效益指标")
            titles = [re.search(r"(" + CLASSES + r")(?:类)?指标", t) for t in reversed((ind.section or "").split(" › "))]
            cls = next((m.group(1) for m in titles if m), None)
        else:
            cls = _row_class(tables[ind.table], ind.row) or _section_class(ctx.doc, tables[ind.table], ind.row)
        if cls is not None:
            counted.add(name)
            added.setdefault((cls, ind.table), []).append(ind.weight)
    for cls, fig in stated.items():
        sums = [(source, weights, sum((w.quantity.value for w in weights), type(fig.quantity.value)(0)))
                for (c, source), weights in added.items() if c == cls]
        # (indicators read from the text may be some of the class's only: their weights short of it say nothing)
        if not sums or any(total == fig.quantity.value or total < fig.quantity.value and source is None
                           for source, _, total in sums):
            continue
        _, weights, total = next((x for x in sums if x[0] is not None), sums[0])  # (a table's, when there is one)
        ctx.finding(
            ctx.t(f"正文称{cls}指标权重 {show(fig)}，各{cls}指标分值合计为 {total}（"
                  + " + ".join(str(w.quantity.value) for w in weights) + "）",
                  f"the text gives the {cls} indicators {show(fig)}; their weights add up to {total}"),
            locations=[(fig.start, fig.end)] + [(w.start, w.end) for w in weights],
            expected=f"{total}分",
        )


def _section_class(doc, table, row: int) -> str | None:
    """The class a table's section is titled with ("（二）效益指标（权重25分）" above a table of its own)."""
    cells = table.row_cells(row)
    section = doc.blocks[cells[0].block].section if cells else ()
    m = re.search(r"(" + CLASSES + r")(?:类)?指标", section[-1]) if section else None
    return m.group(1) if m else None


def _row_class(table, row: int) -> str | None:
    """The class of indicators a 自评表 row belongs to (产出, 效益 …), named in its first cells or, when merged
    cells leave its first cell empty, in the row above."""
    for r in range(row, 0, -1):
        first = table.cell(r, 1)
        if first is None or not first.text.strip():
            continue
        for c in (1, 2):
            cell = table.cell(r, c)
            m = re.match(CLASSES, re.sub(r"\s+", "", cell.text)) if cell is not None else None
            if m:
                return m.group()
        return None
    return None


# A 自评表 written as lines, one item a line: "5. 辅导基层文艺团队：分值10分，得分10分。"
_SCORE_LINE = re.compile(r"^\s*(?:[(（]?\d{1,2}[)）.．、]\s*)(?P<name>[^:：,，。;；\d]{2,30})[:：]\s*(?:分值|权重|满分)\s*(?:为)?\s*\d")


@dataclass
class _ScoreLine:
    name: str
    weight: object
    score: object


def _score_lines(ctx) -> list:
    """The items of a 自评表 written as lines: the name, then its weight and its score, nothing else."""
    out = []
    for index, seg in enumerate(ctx.doc.normalized.segments):
        m = _SCORE_LINE.match(seg.text)
        if not m:
            continue
        scores = [f for f in ctx.quantities() if f.segment == index and f.table is None and f.quantity.dimension == "score"]
        if len(scores) == 2 and scores[0].label.endswith(("分值", "权重", "满分")) and scores[1].label.endswith("得分"):
            out.append(_ScoreLine(m.group("name").strip(), scores[0], scores[1]))
    return out


def _indicator_rows(ctx) -> None:
    """An indicator analysed in the text and scored in a 自评表 row of the same name (or a line of a 自评表
    written as lines): one indicator has one weight and one score, so any difference is a contradiction (no
    splitting over rows here)."""
    rows: dict[str, list] = {}
    for ind in [*ctx.indicators(), *_score_lines(ctx)]:
        if (isinstance(ind, _ScoreLine) or ind.source == "table") and ind.name:
            rows.setdefault(_item_name(ind.name), []).append(ind)
    for ind in ctx.indicators():
        if ind.source != "narrative" or not ind.name:
            continue
        matches = rows.get(_item_name(ind.name), [])
        if len(matches) != 1:
            continue
        row = matches[0]
        differ = [(key, getattr(ind, key), getattr(row, key)) for key in ("weight", "score")
                  if getattr(ind, key) is not None and getattr(row, key) is not None
                  and getattr(ind, key).quantity.value != getattr(row, key).quantity.value]
        if not differ:
            continue
        _report_difference(ctx, _item_name(ind.name), [(k, show(n), t) for k, n, t in differ],
                           [(f.start, f.end) for _, n, t in differ for f in (t, n)])


# An indicator's points in brackets after what the text says of it: "…完成目标的93.00%（权重5分）",
# "…未达到12.5万人的目标（分值10分，得7.58分）"
_BRACKETED_POINTS = re.compile(r"[(（]\s*(?:权重|分值)\s*(?P<weight>\d+(?:\.\d+)?)\s*分"
                               r"(?:\s*[,，;；]\s*(?:自评)?得(?:分)?\s*(?P<score>\d+(?:\.\d+)?)\s*分)?\s*[)）]")
_SENTENCE_STOP = re.compile(r"[。;；!?！？]")


def _bracketed_points(ctx) -> None:
    """An indicator's points in brackets in the text against its 自评表 row: the row the clause before the bracket
    names best (two terms of its name or more, more than any other row's) — any other weight or score is a
    contradiction."""
    rows = [i for i in ctx.indicators() if i.source == "table" and i.name and i.weight is not None]
    if not rows:
        return
    names = [(row, key_terms(row.name)) for row in rows]
    # (a bracket of an indicator read from the text is that indicator's, compared with its row already)
    row_names = {_item_name(row.name) for row in rows}
    read = [f.start for i in ctx.indicators() if i.source == "narrative" and i.name and _item_name(i.name) in row_names
            for f in (i.weight, i.score) if f is not None]
    for seg in ctx.doc.normalized.segments:
        if seg.kind == BlockKind.TABLE_CELL:
            continue
        previous = 0  # (an item's clause starts after the bracket of the item before it)
        for m in _BRACKETED_POINTS.finditer(seg.text):
            start = max([s.end() for s in _SENTENCE_STOP.finditer(seg.text, previous, m.start())] + [previous])
            previous = m.end()
            lo, hi = seg.original_range(m.start(), m.end())
            if any(lo <= at < hi for at in read):
                continue
            row = _named_row(re.split(r"[,，]", seg.text[start:m.start()]), names)
            if row is None:
                continue
            stated = {"weight": Decimal(m.group("weight")), "score": Decimal(m.group("score")) if m.group("score") else None}
            differ = [(key, stated[key], getattr(row, key)) for key in ("weight", "score")
                      if stated[key] is not None and getattr(row, key) is not None
                      and getattr(row, key).quantity.value != stated[key]]
            if not differ:
                continue
            _report_difference(ctx, row.name, [(k, f"{n}分", t) for k, n, t in differ],
                               [seg.original_range(m.start(), m.end())] + [(t.start, t.end) for _, _, t in differ])


_FIELD_NAMES = {"weight": "分值", "score": "得分"}


def _report_difference(ctx, name: str, differ: list[tuple[str, str, object]], locations) -> None:
    """An indicator's weight or score in the 自评表 against the text's: (field, the text's as written, the table's figure)."""
    ctx.finding(
        ctx.t(f"「{name}」自评表中" + "、".join(f"{_FIELD_NAMES[k]} {show(t)}" for k, _, t in differ) + "，正文中"
              + "、".join(f"{_FIELD_NAMES[k]} {n}" for k, n, _ in differ),
              f"'{name}' has " + ", ".join(f"{k} {show(t)}" for k, _, t in differ) + " in the table but "
              + ", ".join(f"{k} {n}" for k, n, _ in differ) + " in the text"),
        locations=locations,
    )


def _named_row(clauses: list[str], names: list[tuple]):
    """The row the clauses before a bracket name, the nearest clause first: two terms of its name or more, more than
    any other row's ("…农民工工资案件结案率95.3%，为…农民工追回欠薪746.3万元（权重10分…）" is the 追回欠薪 row's)."""
    for clause in reversed(clauses):
        terms = key_terms(clause)
        ranked = sorted(((len(terms & own), row) for row, own in names), key=lambda pair: -pair[0])
        if ranked[0][0] >= 2:
            return ranked[0][1] if len(ranked) == 1 or ranked[1][0] < ranked[0][0] else None
    return None


def _narrative_items(doc, by_segment) -> dict[str, tuple]:
    """Headings like ``(3) 时效指标（5 分）`` with the 自评得分 stated under them."""
    items: dict[str, tuple] = {}
    segments = doc.normalized.segments
    for index, seg in enumerate(segments):
        if seg.kind != BlockKind.HEADING or not _weight_in_name().search(seg.text):
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
