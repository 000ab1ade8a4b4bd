"""Tables as grids of cells, with the row and column headers that name each figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import BlockKind, Document

_NUMERIC_CELL = re.compile(r"^[\s≥≤<>=%％.,，\d万亿元人户个分次项件-]*\d[\s≥≤<>=%％.,，\d万亿元人户个分次项件-]*$")


@dataclass
class Cell:
    row: int
    col: int
    block: int
    segment: int | None
    text: str  # normalised

    @property
    def numeric(self) -> bool:
        return bool(_NUMERIC_CELL.match(self.text))


@dataclass
class Table:
    number: int
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def cols(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def cell(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def row_cells(self, row: int) -> list[Cell]:
        return [c for (r, _), c in sorted(self.cells.items()) if r == row]

    def row_header(self, row: int, col: int) -> str:
        """The nearest text (non-numeric) cell to the left in the same row."""
        for c in range(col - 1, 0, -1):
            cell = self.cell(row, c)
            if cell and cell.text and not cell.numeric:
                return cell.text
        return ""

    def column_header(self, row: int, col: int) -> str:
        """The nearest text cell above in the same column (or in the column a merged header starts at)."""
        for r in range(row - 1, 0, -1):
            for c in range(col, 0, -1):
                cell = self.cell(r, c)
                if cell is not None:
                    if cell.text and not cell.numeric:
                        return cell.text
                    break
        return ""


def build_tables(doc: Document) -> list[Table]:
    segment_of: dict[int, int] = {}
    for index, seg in enumerate(doc.normalized.segments):
        for b in seg.blocks:
            segment_of[b] = index
    tables: dict[int, Table] = {}
    for block in doc.iter_blocks(BlockKind.TABLE_CELL):
        table = tables.setdefault(block.table, Table(block.table))
        seg = segment_of.get(block.index)
        text = doc.normalized.segments[seg].text if seg is not None else ""
        table.cells[(block.row, block.col)] = Cell(block.row, block.col, block.index, seg, text)
    return [tables[n] for n in sorted(tables)]
