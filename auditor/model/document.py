"""The source-mapped document model every later stage reads.

Character offsets into ``Document.text`` are the canonical positions (as in textlint); line, column,
page, paragraph and table coordinates are derived from them through each block's source spans.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Iterator

SECTION_SEPARATOR = " › "


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


@dataclass(slots=True)
class Span:
    """A stretch of a block that is contiguous in the original file.

    ``start``/``end`` are offsets in ``Document.text``. The origin fields describe the first character;
    ``column`` (text files) and ``offset`` (.docx paragraph) advance by one per character of the span.
    """

    start: int
    end: int
    line: int | None = None
    column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    offset: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    part: int | None = None  # .docx table cells: 1-based paragraph inside the cell


@dataclass(slots=True)
class Block:
    """A heading, paragraph, list item or table cell, in reading order."""

    index: int
    kind: BlockKind
    start: int
    end: int
    spans: list[Span]
    level: int | None = None  # headings: depth in the section tree, 1 = top
    numbering: str | None = None  # the heading/list marker as written, e.g. "（六）"
    table: int | None = None  # 1-based, per document
    row: int | None = None  # 1-based
    col: int | None = None  # 1-based; a merged cell is reported once, at its first column
    section: tuple[str, ...] = ()
    style: str | None = None  # reader-specific hint (docx style name, markdown heading depth)

    @property
    def section_path(self) -> str:
        return SECTION_SEPARATOR.join(self.section)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a stretch of ``Document.text`` stands in the original file."""

    start: int
    end: int
    text: str
    block: int
    line: int | None
    column: int | None
    page: int | None
    paragraph: int | None
    table: int | None
    row: int | None
    col: int | None
    bbox: tuple[float, float, float, float] | None
    section: str

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "line": self.line,
            "column": self.column,
            "page": self.page,
            "block": self.block,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "paragraph": self.paragraph,
            "table": self.table,
            "row": self.row,
            "col": self.col,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
        }

    def describe(self, lang: str = "en") -> str:
        """A short human form of the place: ``12:5``, ``p.3 l.7``, ``¶14`` or ``table 2 r3 c4``; in
        Chinese (``lang="zh"``) ``第12行第5列``, ``第3页第7行``, ``第14段`` or ``表2第3行第4列``."""
        form = _PLACE_FORMS.get(lang, _PLACE_FORMS["en"])
        if self.page is not None:
            where = form["page"].format(page=self.page) + (
                form["page_line"].format(line=self.line) if self.line is not None else "")
        elif self.line is not None:
            where = form["line"].format(line=self.line, column=self.column)
        elif self.paragraph is not None:
            where = form["paragraph"].format(paragraph=self.paragraph)
        else:
            where = ""
        if self.table is not None:
            where = f"{where} {form['cell'].format(table=self.table, row=self.row, col=self.col)}".strip()
        return where


_PLACE_FORMS = {
    "en": {"page": "p.{page}", "page_line": " l.{line}", "line": "{line}:{column}", "paragraph": "¶{paragraph}",
           "cell": "table {table} r{row} c{col}"},
    "zh": {"page": "第{page}页", "page_line": "第{line}行", "line": "第{line}行第{column}列",
           "paragraph": "第{paragraph}段", "cell": "表{table}第{row}行第{col}列"},
}


@dataclass
class Document:
    """A read file: metadata plus blocks in reading order over one text."""

    path: str
    kind: str  # txt | md | docx | pdf
    text: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block holding ``offset`` (or the nearest one before it)."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return self.blocks[0] if self.blocks else None
        return self.blocks[i]

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def iter_blocks(self, *kinds: BlockKind) -> Iterator[Block]:
        for b in self.blocks:
            if not kinds or b.kind in kinds:
                yield b

    def locate(self, start: int, end: int | None = None) -> Location:
        """Derive every coordinate of ``text[start:end]`` from the source spans."""
        end = start if end is None else end
        block = self.block_at(start)
        if block is None:
            return Location(start, end, self.text[start:end], -1, None, None, None, None, None, None,
                            None, None, "")
        span = _span_at(block.spans, start)
        line = column = page = paragraph = None
        bbox = None
        if span is not None:
            delta = start - span.start
            line, page, paragraph, bbox = span.line, span.page, span.paragraph, span.bbox
            if span.column is not None:
                column = span.column + delta
            if span.offset is not None:
                column = None
        return Location(
            start=start,
            end=end,
            text=self.text[start:end],
            block=block.index,
            line=line,
            column=column,
            page=page,
            paragraph=paragraph,
            table=block.table,
            row=block.row,
            col=block.col,
            bbox=bbox,
            section=block.section_path,
        )

    def paragraph_offset(self, start: int) -> tuple[int, int] | None:
        """For .docx: (paragraph index, character offset inside that paragraph's text)."""
        block = self.block_at(start)
        span = _span_at(block.spans, start) if block else None
        if span is None or span.paragraph is None or span.offset is None:
            return None
        return span.paragraph, span.offset + (start - span.start)

    @cached_property
    def normalized(self):
        """The normalised view the extractors read (built once, on first use)."""
        from .normalize import NormalizedView

        return NormalizedView.build(self)


def _span_at(spans: list[Span], offset: int) -> Span | None:
    if not spans:
        return None
    for span in spans:
        if span.start <= offset < span.end:
            return span
    # offsets on a separator between spans (or at the end) belong to the nearest span before them
    before = [s for s in spans if s.start <= offset]
    return before[-1] if before else spans[0]
