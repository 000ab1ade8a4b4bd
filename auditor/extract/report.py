"""Report-level facts: reporting unit, year, 填报时间, execution score, total score and grade."""

from __future__ import annotations

import re

from ..model import BlockKind, Document
from ..model.normalize import fold
from .facts import Figure, ReportFacts, TextField
from .lexicon import lexicon

_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_SCORE_AFTER_RATE = re.compile(r"^[^。;；]{0,12}?得")
# Only the first pages name the unit and the year; a figure deep in the text is about something else.
_HEAD_SEGMENTS = 12


def report_facts(doc: Document, figures: list[Figure]) -> ReportFacts:
    lex = lexicon().raw["report"]
    facts = ReportFacts()
    segments = doc.normalized.segments
    unit_labels = sorted((fold(x) for x in lex["unit_labels"]), key=len, reverse=True)
    date_labels = [fold(x) for x in lex["fill_date_labels"]]
    cover_fields = [fold(x) for x in lex.get("cover_fields", [])]
    for seg in segments[:_HEAD_SEGMENTS * 3]:
        text = seg.text
        if facts.unit is None:
            for label in unit_labels:
                i = text.find(label)
                if i < 0:
                    continue
                m = re.match(r"^\s*[:：]?\s*", text[i + len(label):])
                start = i + len(label) + m.end()
                # "某某县教育局评价年度:2022年度": the name ends where the next cover field starts
                stops = [text.find(x, start) for x in date_labels + unit_labels] + [text.find("\n", start)]
                stops += [text.find(f"{x}:", start) for x in cover_fields]
                end = min([x for x in stops if x > start] + [len(text)])
                value = text[start:end].strip()
                if value:
                    s, e = seg.original_range(start, start + len(text[start:end].rstrip()))
                    facts.unit = TextField(value, s, e)
                break
        if facts.filled is None:
            for label in date_labels:
                i = text.find(label)
                if i >= 0:
                    m = _DATE.search(text, i + len(label))
                    if m:
                        s, e = seg.original_range(m.start(), m.end())
                        facts.filled = TextField(m.group(), s, e)
                    break
    # the year: in a title first (003's report starts after a table), else near the top
    titles = [i for i, seg in enumerate(segments) if seg.kind == BlockKind.HEADING and "报告" in seg.text]
    narrative = [i for i, seg in enumerate(segments) if seg.kind != BlockKind.TABLE_CELL][:_HEAD_SEGMENTS]
    for seg in [segments[i] for i in titles + narrative]:
        m = _YEAR_OF_REPORT.search(seg.text)
        if m:
            facts.year = int(m.group(1))
            s, e = seg.original_range(m.start(), m.end())
            facts.year_field = TextField(m.group(), s, e)
            break
    by_segment: dict[int, list[Figure]] = {}
    for fig in figures:
        by_segment.setdefault(fig.segment, []).append(fig)
    # execution score: "执行率为57.39%,得5.74分" — a score right after the department's execution rate
    for fig in figures:
        if fig.concept != "execution_rate" or fig.period or fig.table is not None:
            continue
        seg = segments[fig.segment]
        following = [f for f in by_segment[fig.segment] if f.quantity.start >= fig.quantity.end]
        if following and following[0].quantity.dimension == "score" and \
                _SCORE_AFTER_RATE.match(seg.text[fig.quantity.end:following[0].quantity.start + 1]):
            facts.execution_score = following[0]
            break
    totals = [f for f in figures if f.concept == "total_score" and f.quantity.dimension in ("score", "none")]
    if totals:
        facts.total_score = totals[-1]
    _from_tables(doc, facts, figures, unit_labels)
    facts.grade, facts.grade_key = _grade(doc, lex)
    return facts


_TOTAL_ROW = re.compile(r"^(?:合计|总计|总分|综合得分)")


def _from_tables(doc: Document, facts: ReportFacts, figures: list[Figure], unit_labels: list[str]) -> None:
    """A 自评表's facts: 主管部门 | 某县教育局 in two cells; the 得分 of the row that states the
    execution rate; the 得分 of the 总分 row."""
    from .tables import build_tables

    tables = build_tables(doc)
    cells = {(t.number, r, c): cell for t in tables for (r, c), cell in t.cells.items()}
    if facts.unit is None:
        for (t, r, c), cell in sorted(cells.items()):
            text = re.sub(r"[\s:：]", "", fold(cell.text))
            if text in unit_labels and (t, r, c + 1) in cells and cells[(t, r, c + 1)].text.strip():
                value = cells[(t, r, c + 1)]
                block = doc.blocks[value.block]
                facts.unit = TextField(value.text.strip(), block.start, block.end)
                break
    if facts.filled is None:
        date_labels = [fold(x) for x in lexicon().raw["report"]["fill_date_labels"]]
        for (t, r, c), cell in sorted(cells.items()):
            text = re.sub(r"[\s:：]", "", fold(cell.text))
            if text in date_labels and (t, r, c + 1) in cells:
                value = cells[(t, r, c + 1)]
                m = _DATE.search(value.text)
                if m:
                    block = doc.blocks[value.block]
                    facts.filled = TextField(m.group(), block.start, block.end)
                    break
    by_table = {t.number: t for t in tables}
    for fig in figures:
        if fig.table is None:
            continue
        table = by_table[fig.table]
        if "得分" not in table.column_header(fig.row, fig.col):
            continue
        row_figures = [f for f in figures if f.table == fig.table and f.row == fig.row]
        if facts.execution_score is None and any(
                f.concept and f.concept.endswith("execution_rate") for f in row_figures):
            facts.execution_score = fig
        row_label = table.row_header(fig.row, fig.col)
        if facts.total_score is None and _TOTAL_ROW.match(re.sub(r"\s+", "", row_label)):
            facts.total_score = fig


def _grade(doc: Document, lex: dict) -> tuple[TextField | None, str | None]:
    words = sorted(((fold(w), key) for key, ws in lex["grades"].items() for w in ws), key=lambda x: -len(x[0]))
    cues = sorted((fold(c) for c in lex["grade_cues"]), key=len, reverse=True)
    found = None
    for seg in doc.normalized.segments:
        for cue in cues:
            i = seg.text.find(cue)
            if i < 0:
                continue
            j = i + len(cue)
            m = re.match(r"^\s*[为是:：]?\s*[\"“‘'「《]?", seg.text[j:])
            j += m.end()
            for word, key in words:
                if seg.text.startswith(word, j):
                    s, e = seg.original_range(j, j + len(word))
                    found = (TextField(word, s, e), key)
                    break
            if found:
                break
        if found:
            return found
    return None, None
