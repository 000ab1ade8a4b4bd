"""Tables as grids of cells, with the row and column headers that name each figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..model import BlockKind, Document
from .lexicon import lexicon

# A cell that states figures ("执行数480.00万元,执行率96.00%") is a row's content, never a header.
_STATES_FIGURES = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万元|亿元|元|人次|人|户|个|次|项|件|所|分)")
_FILLER = re.compile(r"[\s\-—–/、,，;；:：()（）\[\]]+")


_SCORE_HEADER = re.compile(r"分值|得分|权重|评分|分数")


# The label of a scoring table's total row: 总分 or 总分值 as a word of its own (not 总分馆服务网点数, a
# central library and its branches)
TOTAL_SCORE_LABEL = r"总分(?![\u4e00-\u9fff])|总分值"
# The whole label of a 自评表's total row: 合计, 总计, 小计, 总分, 综合得分, 自评总分, 得分合计 … (not an indicator)
_TOTAL_ROW_LABEL = re.compile(rf"合计|总计|小计|{TOTAL_SCORE_LABEL}|(?:综合|自评|评价|绩效)?(?:总分|总?得分)(?:合计)?")


def is_total_row_label(text: str) -> bool:
    return _TOTAL_ROW_LABEL.fullmatch(re.sub(r"\s+", "", text)) is not None


def is_score_header(text: str) -> bool:
    """A column header over weights or scores (分值, 得分, 权重, 评分 …)."""
    return bool(_SCORE_HEADER.search(text))


def is_rule_header(text: str) -> bool:
    """A column header over scoring rules (评分标准, 评分细则, 指标解释 …)."""
    return any(word in text for word in lexicon().raw["indicators"]["columns"]["criteria"])


@dataclass(eq=False)
class Cell:
    row: int
    col: int
    block: int
    segment: int | None
    text: str  # normalised

    @cached_property
    def numeric(self) -> bool:
        """A figure cell (``≥1200套``, ``12天``, ``6748.34``, ``7 7``), not a header or a name."""
        from .quantities import parse_quantities

        quantities = parse_quantities(self.text)
        if not quantities:
            return False
        rest = self.text
        for q in reversed(quantities):
            rest = rest[:q.start] + rest[q.end:]
        return not _FILLER.sub("", rest)


# Columns that describe a row rather than name it: where it was done (实施地点 | 全县 is no whole-county row)
_DESCRIPTOR_HEADER = re.compile(r"地点|地址|位置|实施区域|实施范围|所在乡镇")


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
        """The nearest text (non-numeric) cell to the left in the same row, past a scoring rule and past a
        cell under a header of place (实施地点 | 全县) when the row has a name further left."""
        described = ""
        for c in range(col - 1, 0, -1):
            cell = self.cell(row, c)
            if cell and cell.text and not cell.numeric and not self.in_rule_column(row, c):
                if row > 1 and (top := self.cell(1, c)) is not None and _DESCRIPTOR_HEADER.search(top.text):
                    described = described or cell.text
                    continue
                return cell.text
        return described

    def in_rule_column(self, row: int, col: int) -> bool:
        """Whether the cell is under a 评分标准 header: how scores are given, no fact of the row."""
        return is_rule_header(self.column_header(row, col))

    def mentions(self, word: str) -> bool:
        """Whether any header-like cell of the table mentions ``word`` (a unit such as 万元)."""
        return any(word in c.text for c in self.cells.values() if not c.numeric)

    def column_header(self, row: int, col: int) -> str:
        """The nearest text cell above in the same column (or in the column a merged header starts at).

        Readers give a merged cell once, at its first row and column, so a grid position with no cell
        is covered either by a vertical merge from above or by a horizontal span from the left. When a
        row above has a cell in this very column, the gap is that cell merged down (a two-row header:
        分值 and 得分 spanning both rows beside 一级/二级/三级指标 under 绩效指标), or a row spanning the
        table's width (一、产出指标) that heads no column; either way the header is further up. Only a
        gap with nothing above it in this column is a span from the left.
        """
        return next(self.column_headers(row, col), "")

    def column_headers(self, row: int, col: int):
        """Every text cell above in the same column, nearest first (``年初`` then ``预算数（万元）`` over it)."""
        for r in range(row - 1, 0, -1):
            cell = self.cell(r, col)
            if cell is None:
                if any(self.cell(above, col) is not None for above in range(r - 1, 0, -1)):
                    continue
                cell = next((self.cell(r, c) for c in range(col - 1, 0, -1) if self.cell(r, c) is not None), None)
            # (a dash standing for nothing heads nothing: "— | 98.67" under 得分)
            if cell is not None and _FILLER.sub("", cell.text) and not cell.numeric and not _STATES_FIGURES.search(cell.text):
                yield cell.text


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
