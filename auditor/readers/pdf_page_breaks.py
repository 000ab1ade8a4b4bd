"""Tables Word or LibreOffice broke across a page, put back together the way the .docx holds them.

The part of a table on the next page may show other column lines than the part before (a merged cell
hides some), repeat the table's header rows, and begin with the rest of a row, or of a merged cell,
that the page break cut. The reader (``pdf.py``) numbers the parts as one table; this module fits each
part onto the ones before it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pdf import _Cell, _Char, _Table

# Ruling lines within this many points of each other are the same line of the table's grid.
EDGE_TOLERANCE = 1.5
# The first columns of a table name its rows (一级/二级/三级指标, 项目); text in them starts a row.
LABEL_COLUMNS = 3


def continues(previous: _Table, table: _Table) -> bool:
    """Whether ``table`` (the first thing on its page) may go on with ``previous`` (the last thing on
    the page before): the same number of columns, or the same outer edges and the column lines of one
    among those of the other (a merged cell on one page hides lines the other page draws)."""
    if previous.ncols == table.ncols:
        return True
    if abs(previous.bbox[0] - table.bbox[0]) > EDGE_TOLERANCE or abs(previous.bbox[2] - table.bbox[2]) > EDGE_TOLERANCE:
        return False
    before, after = _grid([previous]), _grid([table])
    return _among(before, after) or _among(after, before)


def join_continued(parts: list[_Table], table: _Table) -> None:
    """Fit ``table`` onto ``parts`` (the same table on the pages before, in order): one column grid for
    all, the repeated header rows dropped, and a row or cell the page break cut joined again."""
    _share_columns(parts, table)
    _drop_repeated_header(parts[0], table)
    _join_split_row(parts[-1], table)


def _grid(tables: list[_Table]) -> list[float]:
    """The column lines of ``tables``: the distinct left edges of their cells (pdfplumber numbers a
    table's columns by them), lines closer than the tolerance taken as one."""
    lines: list[float] = []
    for x in sorted({c.bbox[0] for t in tables for c in t.cells}):
        if not lines or x - lines[-1] > EDGE_TOLERANCE:
            lines.append(x)
    return lines


def _among(some: list[float], lines: list[float]) -> bool:
    """Whether every line of ``some`` is one of ``lines``."""
    for x in some:
        i = bisect_left(lines, x - EDGE_TOLERANCE)
        if i == len(lines) or lines[i] - x > EDGE_TOLERANCE:
            return False
    return True


def _share_columns(parts: list[_Table], table: _Table) -> None:
    """Number the columns of every part on one grid, where the column lines of the new part are among
    those of the parts before or the other way round; parts that show the same number of columns at
    other places keep the columns they show."""
    before, after = _grid(parts), _grid([table])
    if _among(after, before):
        lines = before
    elif _among(before, after):
        lines = after
    else:
        return
    if all(t.ncols == len(lines) for t in parts) and table.ncols == len(lines):
        return  # every part draws every column line
    for part in [*parts, table]:
        for cell in part.cells:
            cell.col = min(bisect_left(lines, cell.bbox[0] - EDGE_TOLERANCE), len(lines) - 1)
        part.ncols = len(lines)


def _drop_repeated_header(head: _Table, table: _Table) -> None:
    """Drop the header rows Word repeats at the top of each page (a row marked 标题行重复): the leading
    rows of ``table`` that read cell for cell like the leading rows of the table's first part."""
    if head is table:
        return
    repeated = 0
    while repeated < min(table.nrows - 1, head.nrows):
        said = _says(c for c in table.cells if c.row == repeated)
        if not said or said != _says(c for c in head.cells if c.row == repeated):
            break
        repeated += 1
    if repeated:
        _drop_rows(table, repeated)


def _says(cells) -> tuple:
    """What a row says: (column, text without white space) of each of its cells with text."""
    said = []
    for cell in cells:
        text = "".join(ch.text for ch in cell.chars if not ch.text.isspace())
        if text:
            said.append((cell.col, text))
    return tuple(sorted(said))


def _drop_rows(table: _Table, count: int) -> None:
    table.cells = [c for c in table.cells if c.row >= count]
    for cell in table.cells:
        cell.row -= count
    table.nrows -= count


def _join_split_row(previous: _Table, table: _Table) -> None:
    """The continued table's first row may hold only the rest of what the page break cut off: of a row
    Word let break across the page (the end of a long 偏差原因, of a wrapped name, the unit of a figure),
    or of a merged cell of the previous page's last row. Such text goes back into the cell it was cut
    from; a first row left with no text of its own is dropped.

    Text in the first row is such a rest when the row has nothing in its label columns and text in at
    most half its columns, or when the cell above it, in the same column lines, was cut: its text runs
    to the foot of the cell, its last line full. Any text under a cell that was not cut makes the row
    a new one (a complete row can end a page too), and the row is left alone.
    """
    top = [c for c in table.cells if c.row == 0 and c.chars]
    if not top or table.nrows < 1:
        return
    foot = previous.bbox[3]
    above = {c.col: c for c in previous.cells if foot - c.bbox[3] <= EDGE_TOLERANCE}
    labels = range(min(LABEL_COLUMNS, table.ncols - 1))
    if all(c.col in above for c in top) and not any(c.col in labels for c in top) and len(top) <= table.ncols / 2:
        rests = top
    else:
        rests = []
        pad = None
        for cell in top:
            cut = above.get(cell.col)
            if cut is None or abs(cut.bbox[2] - cell.bbox[2]) > EDGE_TOLERANCE:
                continue  # other column lines than the cell above: text of a row of its own
            if pad is None:
                pad = _padding(previous)
            if not _was_cut(cut, pad, cell.chars):
                return
            rests.append(cell)
    for cell in rests:
        _append(above[cell.col], cell.chars)
        cell.chars = []
    if rests and not any(c.chars for c in table.cells if c.row == 0):
        _drop_rows(table, 1)


def _append(cell: _Cell, chars: list[_Char]) -> None:
    """Add the text of the next page to ``cell``, starting a line of its own (line numbers are the
    page's, so the two pages' may coincide)."""
    if not chars:
        return
    last = max((ch.line for ch in cell.chars), default=0)
    shift = last + 1 - min(ch.line for ch in chars)
    if shift > 0:
        for ch in chars:
            ch.line += shift
    cell.chars.extend(chars)


def _padding(table: _Table) -> float:
    """The cell padding: the least gap between a cell's left edge and the first character in it."""
    gap = min((next((ch.box[0] for ch in c.chars if ch.box is not None), c.bbox[2]) - c.bbox[0]
               for c in table.cells if c.chars), default=0.0)
    return max(0.0, gap)


def _was_cut(cell: _Cell, pad: float, rest: list[_Char]) -> bool:
    """Whether the page break cut ``cell``'s text before ``rest``: its last line sits at the foot of the
    cell, and the first word of the rest (a character with the punctuation that may not start a line, or
    a number) would not have fitted after it, before the cell's right padding."""
    # the reader's own measure of what line breaking carries to a new line (imported here, as the
    # reader imports this module)
    from .pdf import _lead_width

    boxed = [ch for ch in cell.chars if ch.box is not None and not ch.text.isspace()]
    following = [ch for ch in rest if ch.box is not None and not ch.text.isspace()]
    if not boxed or not following:
        return False
    last = boxed[-1]
    line = [ch for ch in boxed if ch.line == last.line and ch.box[1] < last.box[3] and last.box[1] < ch.box[3]]
    bottom = max(ch.box[3] for ch in line)
    if cell.bbox[3] - bottom > 0.5 * (bottom - min(ch.box[1] for ch in line)):
        return False  # room below the text for another line
    first = following[0]
    word = [ch for ch in following if ch.line == first.line and ch.box[1] < first.box[3] and first.box[1] < ch.box[3]]
    lead = _lead_width(word, min(ch.box[0] for ch in word))
    room = cell.bbox[2] - pad - max(ch.box[2] for ch in line)
    return room < lead + max(1.0, 0.1 * lead)
