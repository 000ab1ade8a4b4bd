"""Assemble a Document from blocks given in reading order (for readers whose file has no single text)."""

from __future__ import annotations

from .document import Block, BlockKind, Document, Span
from .sections import structure


# Caps on what one document may hold: a report is tens of pages; a file past these is hostile or broken.
MAX_BLOCKS = 200_000
MAX_CHARS = 20_000_000


class DocumentBuilder:
    """Collects blocks; each block is a list of pieces (text + origin), joined by line breaks.

    Blocks are separated by a line break in ``Document.text``, so offsets stay simple and a block's
    text is always ``Document.text[block.start:block.end]``.
    """

    def __init__(self, path: str, kind: str):
        self.path = path
        self.kind = kind
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.meta: dict = {}

    def add(self, kind: BlockKind, pieces: list[tuple[str, dict]], **attrs) -> Block | None:
        """Add a block from ``(text, origin)`` pieces; origins are ``Span`` fields (line, page, bbox…)."""
        pieces = [(t, o) for t, o in pieces if t]
        if not pieces or not any(t.strip() for t, _ in pieces):
            return None
        if len(self.blocks) >= MAX_BLOCKS or self._length >= MAX_CHARS:
            from ..errors import ReadError

            raise ReadError("too-large", self.path, detail=f"more than {MAX_BLOCKS} blocks or {MAX_CHARS} characters")
        if self.blocks:
            self._append("\n")
        start = self._length
        spans: list[Span] = []
        for n, (text, origin) in enumerate(pieces):
            if n:
                self._append("\n")
            spans.append(Span(self._length, self._length + len(text), **origin))
            self._append(text)
        block = Block(index=len(self.blocks), kind=kind, start=start, end=self._length, spans=spans, **attrs)
        self.blocks.append(block)
        return block

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def build(self, *, numbered_headings: bool = True) -> Document:
        doc = Document(self.path, self.kind, "".join(self._parts), self.blocks, self.meta)
        structure(doc, numbered_headings=numbered_headings)
        return doc
