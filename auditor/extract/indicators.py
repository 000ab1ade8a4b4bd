"""Performance indicators, from narrative sections (``（一）指标一：…``) and from 自评表 rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BlockKind, Document
from ..model.normalize import fold
from .facts import Figure, Indicator, TextField
from .lexicon import lexicon
from .tables import Table

_CLAUSE_END = re.compile(r"[,，。;；!?！？\n]")
_NAME_END = re.compile(r"[:：,，。;；]")
_TEXT_FIELDS = ("reason", "measure")
# Where a reason or a measure stops: the next field's cue.
_TEXT_STOPS = ("reason", "measure", "weight", "score")


@dataclass
class _Cue:
    field: str
    start: int
    end: int


def _cue_table() -> list[tuple[str, str]]:
    fields = lexicon().raw["indicators"]["fields"]
    cues = [(fold(p), key) for key, phrases in fields.items() for p in phrases]
    return sorted(cues, key=lambda c: len(c[0]), reverse=True)


def _find_cues(text: str) -> list[_Cue]:
    """Every field cue in the text, longest match at each place, no overlaps."""
    taken = bytearray(len(text))
    cues: list[_Cue] = []
    for phrase, key in _cue_table():
        i = text.find(phrase)
        while i >= 0:
            if not any(taken[i:i + len(phrase)]):
                cues.append(_Cue(key, i, i + len(phrase)))
                taken[i:i + len(phrase)] = b"\x01" * len(phrase)
            i = text.find(phrase, i + 1)
    cues.sort(key=lambda c: c.start)
    return cues


def heading_pattern() -> re.Pattern:
    return re.compile(lexicon().raw["indicators"]["heading"])


def narrative_indicators(doc: Document, figures_by_segment: dict[int, list[Figure]]) -> list[Indicator]:
    """Indicators written as sections: a heading naming 指标N, then its paragraphs."""
    pattern = heading_pattern()
    segments = doc.normalized.segments
    block_segment = {b: i for i, seg in enumerate(segments) for b in seg.blocks}
    indicators: list[Indicator] = []
    blocks = doc.blocks
    for n, block in enumerate(blocks):
        if block.kind != BlockKind.HEADING:
            continue
        heading_text = segments[block_segment[block.index]].text if block.index in block_segment else ""
        m = pattern.match(heading_text)
        if not m:
            continue
        body: list[int] = []
        for following in blocks[n + 1:]:
            if following.kind == BlockKind.HEADING:
                break
            seg = block_segment.get(following.index)
            if seg is not None and seg not in body and segments[seg].kind != BlockKind.TABLE_CELL:
                body.append(seg)
        if not body:
            continue
        number = re.search(r"指标[一二三四五六七八九十百\d]+", heading_text)
        heading_name = heading_text[m.end():].strip(" :：")
        indicator = _from_segments(doc, body, figures_by_segment, heading_name or None)
        if indicator is None:
            continue
        indicator.number = number.group() if number else None
        indicator.section = block.section_path
        indicators.append(indicator)
    return indicators


def _from_segments(doc: Document, body: list[int], figures_by_segment, heading_name: str | None) -> Indicator | None:
    segments = doc.normalized.segments
    first = segments[body[0]]
    # the indicator's name: the heading's own text after 指标N, or the first phrase of its paragraph
    name, name_range = heading_name, None
    if not name:
        m = _NAME_END.search(first.text)
        cut = m.start() if m else min(len(first.text), 30)
        name = first.text[:cut].strip()
        if name and not name.startswith("该"):
            name_range = first.original_range(0, cut)
    indicator = Indicator(name=name or "", source="narrative",
                          start=first.offsets[0], end=segments[body[-1]].offsets[-1])
    if name_range:
        indicator.name_start, indicator.name_end = name_range
    # text fields first, so figures inside a reason are never taken for the indicator's values
    text_spans: list[tuple[int, int, int]] = []  # (segment, start, end) in normalised text
    for index in body:
        seg = segments[index]
        cues = _find_cues(seg.text)
        for k, cue in enumerate(cues):
            if cue.field not in _TEXT_FIELDS or getattr(indicator, cue.field) is not None:
                continue
            start = cue.end
            while start < len(seg.text) and seg.text[start] in ":：为是 ":
                start += 1
            stop = next((c.start for c in cues[k + 1:] if c.field in _TEXT_STOPS and c.start >= start), len(seg.text))
            raw = seg.text[start:stop]
            text = raw.rstrip(" ,，;；、")
            if text.strip():
                s, e = seg.original_range(start, start + len(text))
                text = text.strip()
                setattr(indicator, cue.field, TextField(text, s, e))
                text_spans.append((index, start, stop))
    for index in body:
        seg = segments[index]
        cues = [c for c in _find_cues(seg.text) if c.field not in _TEXT_FIELDS]
        for fig in figures_by_segment.get(index, []):
            indicator.figures.append(fig)
            q = fig.quantity
            if any(i == index and s <= q.start < e for i, s, e in text_spans):
                continue
            field = _field_for(seg.text, q.start, cues)
            if field and getattr(indicator, field) is None and _plausible(field, fig):
                setattr(indicator, field, fig)
    if indicator.target is not None:
        indicator.comparator = indicator.target.quantity.comparator
    has_values = any(getattr(indicator, f) for f in ("target", "actual", "completion", "weight", "score"))
    return indicator if has_values else None


def _field_for(text: str, position: int, cues: list[_Cue]) -> str | None:
    """The field named by the first cue in the clause before ``position``.

    The first, not the nearest: in ``本次评价指标值为0`` the clause is about the evaluation's value,
    and ``指标值`` only repeats what is measured."""
    clause_start = 0
    for m in _CLAUSE_END.finditer(text, 0, position):
        clause_start = m.end()
    for cue in cues:
        if clause_start <= cue.start and cue.end <= position:
            return cue.field
    return None


def _plausible(field: str, fig: Figure) -> bool:
    dim = fig.quantity.dimension
    if field in ("weight", "score"):
        return dim in ("score", "none")
    if field == "completion":
        return dim in ("percent", "none")
    return dim != "score"


def table_indicators(doc: Document, tables: list[Table], cell_figures: dict[tuple[int, int, int], list[Figure]]) -> list[Indicator]:
    """Indicators as rows of a 自评表: a header row naming the columns, then one row per indicator."""
    columns_lexicon = lexicon().raw["indicators"]["columns"]
    cues = sorted(((fold(p), key) for key, ps in columns_lexicon.items() for p in ps), key=lambda c: -len(c[0]))
    indicators: list[Indicator] = []
    for table in tables:
        header_row, mapping = None, {}
        for r in range(1, table.rows + 1):
            found = {}
            for cell in table.row_cells(r):
                text = re.sub(r"\s+", "", cell.text)
                for phrase, key in cues:
                    if phrase in text and key not in found.values() and len(text) <= len(phrase) + 8:
                        found[cell.col] = key
                        break
            if "name" in found.values() and len(set(found.values()) - {"name"}) >= 1:
                header_row, mapping = r, found
                break
        if header_row is None:
            continue
        name_col = next(c for c, k in mapping.items() if k == "name")
        for r in range(header_row + 1, table.rows + 1):
            name_cell = table.cell(r, name_col)
            if name_cell is None or not name_cell.text.strip() or name_cell.numeric:
                continue
            if re.sub(r"\s+", "", name_cell.text) in ("合计", "总计", "总分", "小计"):
                continue
            block = doc.blocks[name_cell.block]
            ind = Indicator(name=name_cell.text.strip(), source="table", start=block.start, end=block.end,
                            section=block.section_path, name_start=block.start, name_end=block.end,
                            number=str(r - header_row))
            for col, key in mapping.items():
                if key == "name":
                    continue
                cell = table.cell(r, col)
                if cell is None:
                    continue
                if key in _TEXT_FIELDS:
                    if cell.text.strip():
                        b = doc.blocks[cell.block]
                        setattr(ind, key, TextField(cell.text.strip(), b.start, b.end))
                    continue
                figs = cell_figures.get((table.number, r, col), [])
                if figs:
                    setattr(ind, key, figs[0])
                    ind.figures.extend(figs)
            if ind.target is not None:
                ind.comparator = ind.target.quantity.comparator
            if any(getattr(ind, f) for f in ("target", "actual", "completion", "weight", "score")):
                indicators.append(ind)
    return indicators
