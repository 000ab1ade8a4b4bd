"""PDF reports: text and reading order from pypdfium2, ruled tables from pdfplumber where a page has any.

Characters. pdfium's text page is read one character index at a time (``FPDFText_GetUnicode`` and the
loose char box of the same index), so every character keeps its own box; ``get_text_range`` is not
used because it may drop or insert characters relative to the char list (and splits characters beyond
the BMP, which pdfium stores as two entries). pdfium's generated ``\r\n`` marks its line breaks; pieces
of one baseline that pdfium split apart are joined again.

Lines and paragraphs. Lines are grouped into ``PARAGRAPH`` blocks by layout measured over the whole
document (left and right margin, font size, line pitch): a block starts at a numbered line (so a heading
stays a one-line block for the model's ``structure`` pass), at a change of font size, at a first-line
indent, after a short line that ended a sentence, after a gap larger than the usual line pitch, and at a
page break after a finished sentence. A short, unnumbered block set clearly larger than the body text
becomes a ``HEADING`` (a title or heading style). Bare page numbers and running headers/footers are
dropped. ``line`` in a span is the line's number on its page among the lines kept in the narrative.

Tables. A page whose vector paths could draw a grid has its straight, axis-parallel segments (read from
pdfium's path objects, form XObjects included) handed to pdfplumber's ``find_tables`` as explicit ruling
lines, so pdfminer never interprets the page; each non-empty cell becomes a ``TABLE_CELL`` block (a
merged cell once, at its first row and column) with the cell's box, and its text is taken from the same
pdfium characters: every character whose centre lies in a table goes to its cell and leaves the
narrative, so no figure is read twice. A table running on from the foot of one page to the head of the
next keeps its number, rows continuing; ``pdf_page_breaks`` fits the parts together (one column grid,
no repeated header rows, a row or cell cut by the page break joined again).

Coordinates. Every bbox is ``(x0, top, x1, bottom)`` in PDF points on the page as displayed: origin at
the top-left corner of the MediaBox, y downwards, page rotation applied (pdfplumber's frame, so
``top = page height - y`` on an ordinary page), so line and cell boxes share one frame.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field

from ..errors import ReadError, short_detail
from ..model import BlockKind, Document, DocumentBuilder
from ..model.normalize import fold
from ..model.sections import clean_heading_text, numbering_of
from .pdf_page_breaks import continues, join_continued

# A page whose path objects hold fewer segments than this cannot draw a table grid worth finding:
# a 1×2 table needs 5 ruling lines (10 segments), while a header rule or a text-box frame has 2–5.
TABLE_MIN_SEGMENTS = 8
# A segment whose ends differ by no more than this (points) across its direction is a ruling line.
_AXIS_TOLERANCE = 0.01
# A short, unnumbered block set this much larger than the body text is a heading (a title or a
# heading style); numbered headings need no size, the model's structure pass finds them.
HEADING_SIZE_RATIO = 1.1
# A page with fewer visible characters than this carries no text worth the name (a scan may still
# have a page number or a stamp in its text layer); when not even one page in ten has more, the PDF
# has no text layer to read.
TEXT_PAGE_MIN_CHARS = 32
TEXT_PAGE_MIN_SHARE = 0.1

# Sentence-ending punctuation: a line ending with one of these may end a paragraph.
_TERMINAL = frozenset("。！？；：!?;:…")
_CLOSERS = "”’」』）)】》〉]"  # closing marks that may follow the terminal punctuation
_OPENERS = "“‘「『（(【《〈["
# Marks that CJK line breaking never puts at the start of a line: they travel with the previous token.
_NO_LINE_START = frozenset("，。、；：！？）)】》〉」』”’%‰,.;:!?…")
_ASCII_TOKEN = re.compile(r"[0-9A-Za-z.,%‰+\-/]")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~_\s]*\d{1,4}[-—–－~_\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# A line further below the previous one than this times the usual line pitch opens a paragraph
# (Word's common "6 pt after" on 1.0-spaced text is about 1.35 times).
GAP_RATIO = 1.2
# Page-number lines sit in the outer part of the page (fraction of its height).
_MARGIN_BAND = 0.2


@dataclass(slots=True)
class _Char:
    text: str
    box: tuple[float, float, float, float] | None  # top-left origin; None for generated characters
    line: int  # pdfium line index on the page
    size: float = 0.0  # font size in points (0 for generated characters)


@dataclass(slots=True)
class _Line:
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    lead: float  # width of the line's first token (what would have had to fit on the line before)
    size: float  # font size (median over the line's characters)
    base: float  # a baseline proxy: the median bottom of its characters' boxes (steady across glyphs)
    numbered: bool  # starts with heading or list numbering (一、 （二） 3. …)
    number: int = 0  # 1-based line number on the page

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class _Cell:
    row: int  # 0-based within the page's table
    col: int
    bbox: tuple[float, float, float, float]
    chars: list[_Char] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    page: int
    bbox: tuple[float, float, float, float]
    nrows: int
    ncols: int
    cells: list[_Cell]
    number: int = 0  # document-wide, 1-based
    row_offset: int = 0  # rows of the same table on earlier pages


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    lines: list[_Line]
    tables: list[_Table]
    chars: int  # visible characters, narrative and tables


def read_pdf(path: str, data: bytes, kind: str) -> Document:
    import pypdfium2 as pdfium

    pdf = _open(pdfium, path, data)
    plumber = _Plumber(data)
    try:
        page_count = len(pdf)
        pages = []
        for index in range(page_count):
            try:
                pages.append(_read_page(pdf, index, plumber))
            except ReadError:
                raise
            except Exception as exc:  # noqa: BLE001 - a page pdfium cannot load is a broken file
                raise ReadError("corrupt-pdf", path, detail=f"page {index + 1}: {short_detail(exc)}") from None
    finally:
        plumber.close()
        pdf.close()
    text_pages = sum(1 for p in pages if p.chars >= TEXT_PAGE_MIN_CHARS)
    if text_pages < max(1, TEXT_PAGE_MIN_SHARE * page_count):
        raise ReadError("no-text-layer", path)
    running = _drop_running_lines(pages)
    for page in pages:
        for number, line in enumerate(page.lines, start=1):
            line.number = number
    builder = DocumentBuilder(path, kind)
    builder.meta["pages"] = page_count
    if running:
        builder.meta["running_lines"] = running
    try:
        _Layout(pages).emit(builder)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - layout on garbage coordinates from a damaged file
        raise ReadError("corrupt-pdf", path, detail=short_detail(exc)) from None
    builder.meta["tables"] = sum(1 for p in pages for t in p.tables if not t.row_offset)
    builder.meta["pages_without_text"] = [p.number for p in pages if p.chars == 0]
    if plumber.failed_pages:
        builder.meta["table_detection_failed"] = plumber.failed_pages  # their tables read as narrative
    return builder.build()


def _open(pdfium, path: str, data: bytes):
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) or "password" in str(exc).lower():
            raise ReadError("encrypted-pdf", path) from None
        if code == pdfium_c.FPDF_ERR_SUCCESS:  # it parsed, but holds no page
            raise ReadError("corrupt-pdf", path, detail="no pages") from None
        raise ReadError("corrupt-pdf", path, detail=short_detail(exc)) from None
    except Exception as exc:  # noqa: BLE001 - anything pdfium chokes on is a broken file to the user
        raise ReadError("corrupt-pdf", path, detail=short_detail(exc)) from None
    # pdfium rebuilds a broken cross-reference table from the objects it finds; without the final
    # %%EOF the file was cut short, and reading what is left would check half a report.
    if not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf) and b"%%EOF" not in data[-4096:]:
        pdf.close()
        raise ReadError("corrupt-pdf", path, detail="truncated file (no %%EOF marker)")
    return pdf


class _Plumber:
    """pdfplumber, opened on first use (only pages that may hold a table need it)."""

    def __init__(self, data: bytes):
        self.data = data
        self.pdf = None
        self.failed = False
        self.failed_pages: list[int] = []

    def tables(self, index: int, edges: list[dict]) -> list[_Table]:
        """The ruled tables pdfplumber builds from ``edges`` (in the page frame) on page ``index``."""
        vertical = [e for e in edges if e["orientation"] == "v"]
        horizontal = [e for e in edges if e["orientation"] == "h"]
        if len(vertical) < 2 or len(horizontal) < 2:
            return []
        if self.failed:
            self.failed_pages.append(index + 1)
            return []
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            page = self.pdf.pages[index]
        except Exception:  # noqa: BLE001 - no tables is a safe answer: their text stays in the narrative
            self.failed = True
            self.failed_pages.append(index + 1)
            return []
        try:
            # The edges are given in this reader's frame, so the tables come back in it too.
            found = page.find_tables({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                      "explicit_vertical_lines": vertical,
                                      "explicit_horizontal_lines": horizontal})

            tables = []
            for table in found:
                cells = []
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        if cell is not None:
                            cells.append(_Cell(r, c, _floats(cell)))
                # A single cell is a frame around text (a text box), not a table.
                if len(cells) < 2:
                    continue
                ncols = max(len(row.cells) for row in table.rows)
                tables.append(_Table(index + 1, _floats(table.bbox), len(table.rows), ncols, cells))
            return tables
        except Exception:  # noqa: BLE001
            self.failed_pages.append(index + 1)
            return []
        finally:
            page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def _ruling_edges(page, pdfium_c, frame: "_Frame") -> list[dict] | None:
    """The page's straight, axis-parallel path segments (form XObjects included) as pdfplumber edges
    in the page frame, or None when they are too few to draw a table grid.

    pdfplumber finds these same edges by having pdfminer interpret the page's whole content stream in
    pure Python (every text operator too); pdfium has already parsed it, so the segments are read here
    and handed to ``find_tables`` as explicit lines. Curves are skipped (a rounded corner is no ruling),
    and so are paths that are neither filled nor stroked (clipping paths), as pdfminer never paints them.
    """
    import ctypes

    segments = 0
    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    line_to, move_to = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(pdfium_c.FPDFPage_CountObjects(page), lambda i: pdfium_c.FPDFPage_GetObject(page, i), identity, 0)]
    while stack:
        count, get, outer, depth = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                    inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                    stack.append((pdfium_c.FPDFFormObj_CountObjects(obj),
                                  lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), inner, depth + 1))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            n = pdfium_c.FPDFPath_CountSegments(obj)
            if n <= 0 or not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                continue
            if pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and \
                    fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
                continue
            segments += n
            a, b, c, d, e, f = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            start = current = None
            for k in range(n):
                seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
                if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                    continue
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind = pdfium_c.FPDFPathSegment_GetType(seg)
                if kind == move_to:
                    start = current = point
                    continue
                if kind == line_to and current is not None:
                    _add_edge(edges, frame, current, point)
                current = point
                if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                    _add_edge(edges, frame, current, start)
                    current = start
    if segments < TABLE_MIN_SEGMENTS:
        return None
    return edges


def _floats(box) -> tuple[float, float, float, float]:
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _compose(m: tuple, n: tuple) -> tuple:
    """The matrix applying ``m`` first, then ``n`` (PDF row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _add_edge(edges: list[dict], frame: "_Frame", p: tuple[float, float], q: tuple[float, float]) -> None:
    x0, top, x1, bottom = frame.box(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
    width, height = x1 - x0, bottom - top
    if height <= _AXIS_TOLERANCE:
        orientation = "h"
    elif width <= _AXIS_TOLERANCE:
        orientation = "v"
    else:
        return  # a diagonal draws no grid
    edges.append({"object_type": "line_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
                  "bottom": bottom, "width": width, "height": height})


def _read_page(pdf, index: int, plumber: _Plumber) -> _Page:
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        frame = _Frame(page.get_mediabox(), page.get_rotation())
        edges = _ruling_edges(page, pdfium_c, frame)
        tables = plumber.tables(index, edges) if edges else []
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, pdfium_c, frame)
        finally:
            textpage.close()
    finally:
        page.close()
    height = frame.height
    _join_split_lines(chars)
    narrative = _assign(chars, tables)
    lines = _lines(narrative, index + 1)
    visible = sum(1 for c in chars if c.box is not None and not c.text.isspace())
    lines = _drop_page_numbers(lines, tables, height)
    return _Page(index + 1, height, lines, tables, visible)


class _Frame:
    """Maps PDF user space to the page as displayed: origin at its top-left corner, y downwards.

    This is pdfplumber's frame (pdfminer applies the page rotation the same way) less its shift by the
    MediaBox origin; the ruling edges handed to pdfplumber are in this frame, so its tables are too.
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int):
        self.x0, self.y0, self.x1, self.y1 = mediabox
        self.rotation = rotation % 360
        width, height = self.x1 - self.x0, self.y1 - self.y0
        self.height = width if self.rotation in (90, 270) else height

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        r = self.rotation
        if r == 90:
            return (bottom - self.y0, left - self.x0, top - self.y0, right - self.x0)
        if r == 180:
            return (self.x1 - right, bottom - self.y0, self.x1 - left, top - self.y0)
        if r == 270:
            return (self.y1 - top, self.x1 - right, self.y1 - bottom, self.x1 - left)
        return (left - self.x0, self.y1 - top, right - self.x0, self.y1 - bottom)


def _chars(textpage, pdfium_c, frame: _Frame) -> list[_Char]:
    """The page's characters, one per pdfium char index (so index i ↔ char box i, exactly).

    ``get_text_range`` may drop or insert characters relative to the char list (and is limited to
    UCS-2), so the text is built from ``FPDFText_GetUnicode`` per index instead.
    """
    count = textpage.count_chars()
    handle = textpage.raw  # the raw handle: ctypes calls skip the wrapper's parameter conversion
    rect = pdfium_c.FS_RECTF()
    to_frame = frame.box
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    font_size = pdfium_c.FPDFText_GetFontSize
    chars: list[_Char] = []
    line = 0
    for i in range(count):
        code = get_unicode(handle, i)
        if code in (0x0D, 0x0A, 0x2028, 0x2029):
            if chars and chars[-1].line == line:  # a break after some text (\r\n counts once)
                line += 1
            continue
        if 0xDC00 <= code <= 0xDFFF:
            if chars and len(chars[-1].text) == 1 and 0xD800 <= ord(chars[-1].text) <= 0xDBFF:
                # pdfium keeps a character beyond the BMP as two entries, one per UTF-16 half
                high = ord(chars[-1].text)
                chars[-1].text = chr(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
            continue
        if code == 0 or code > 0x10FFFF:
            continue
        ch = chr(code)
        if code == 0x00AD:  # a soft hyphen, shown where it broke a word at a line end
            ch = "-"
        elif code in (0xFFFE, 0xFFFF):
            ch = "\ufffd"
        elif code == 0x09 or code == 0x0C:
            ch = " "
        elif code < 0x20:
            continue
        # pdfium generates spaces and hyphens of its own (they have no glyph, hence no box)
        if (ch.isspace() or ch == "-") and is_generated(handle, i) == 1:
            chars.append(_Char(ch, None, line))
        elif loose_box(handle, i, rect):
            box = to_frame(rect.left, rect.bottom, rect.right, rect.top)
            chars.append(_Char(ch, box, line, font_size(handle, i)))
        else:
            chars.append(_Char(ch, None, line))
    for ch in chars:
        if 0xD800 <= ord(ch.text) <= 0xDFFF:  # half of a pair whose other half was missing
            ch.text = "\ufffd"
    return chars


def _join_split_lines(chars: list[_Char]) -> None:
    """Undo pdfium line breaks between characters that sit side by side on one baseline.

    pdfium sometimes starts a new text line inside a run of glyphs that LibreOffice positioned one by
    one (``单位`` ``：`` ``万`` ``元`` as four "lines"); such pieces are joined back into one line.
    """
    groups: list[list] = []  # [line id, x0, top, x1, bottom] of each pdfium line, in order
    g: list = [None]
    for ch in chars:
        box = ch.box
        if box is None or ch.text.isspace():
            continue
        if g[0] == ch.line:
            if box[0] < g[1]:
                g[1] = box[0]
            if box[1] < g[2]:
                g[2] = box[1]
            if box[2] > g[3]:
                g[3] = box[2]
            if box[3] > g[4]:
                g[4] = box[3]
        else:
            g = [ch.line, *box]
            groups.append(g)
    target: dict[int, int] = {}
    for prev, group in zip(groups, groups[1:]):
        height = min(prev[4] - prev[2], group[4] - group[2])
        overlap = min(prev[4], group[4]) - max(prev[2], group[2])
        if height > 0 and overlap >= 0.7 * height and -0.2 * height <= group[1] - prev[3] <= 1.5 * height:
            target[group[0]] = target.get(prev[0], prev[0])
            group[1:] = (min(prev[1], group[1]), min(prev[2], group[2]),
                         max(prev[3], group[3]), max(prev[4], group[4]))
    if target:
        for ch in chars:
            ch.line = target.get(ch.line, ch.line)


def _assign(chars: list[_Char], tables: list[_Table]) -> list[_Char]:
    """Move every character whose centre lies in a table into its cell; return the narrative ones."""
    if not tables:
        return chars
    narrative: list[_Char] = []
    owner: list[_Cell | None] = []  # per char: its cell, or None for narrative
    for ch in chars:
        cell = None
        if ch.box is not None:
            cx = (ch.box[0] + ch.box[2]) / 2
            cy = (ch.box[1] + ch.box[3]) / 2
            for table in tables:
                x0, t0, x1, b0 = table.bbox
                if x0 <= cx <= x1 and t0 <= cy <= b0:
                    cell = _cell_at(table, cx, cy)
                    break
        owner.append(cell)
    # Characters without a box (generated spaces) go with their neighbours when both sides agree.
    n = len(chars)
    before: list[_Cell | None | bool] = [False] * n  # owner of the nearest boxed char before (False: none)
    after: list[_Cell | None | bool] = [False] * n
    last: _Cell | None | bool = False
    for i in range(n):
        before[i] = last
        if chars[i].box is not None:
            last = owner[i]
    last = False
    for i in range(n - 1, -1, -1):
        after[i] = last
        if chars[i].box is not None:
            last = owner[i]
    for i, ch in enumerate(chars):
        cell = owner[i]
        if ch.box is None:
            if before[i] is not after[i] or before[i] is False:
                continue  # a space between the narrative and a cell, between two cells, or at an end
            cell = before[i]
        if cell is None:
            narrative.append(ch)
        else:
            cell.chars.append(ch)
    return narrative


def _cell_at(table: _Table, cx: float, cy: float) -> _Cell:
    for cell in table.cells:  # the cell that holds the point, if any (the common case, checked first)
        x0, top, x1, bottom = cell.bbox
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return cell
    best, best_distance = table.cells[0], float("inf")
    for cell in table.cells:
        x0, top, x1, bottom = cell.bbox
        dx = max(x0 - cx, 0, cx - x1)
        dy = max(top - cy, 0, cy - bottom)
        if dx * dx + dy * dy < best_distance:
            best, best_distance = cell, dx * dx + dy * dy
    return best  # a character on a ruling line belongs to the nearest cell


def _lines(chars: list[_Char], page: int) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i].line != chars[start].line:
            line = _make_line(chars[start:i], page)
            if line is not None:
                lines.append(line)
            start = i
    return lines


def _make_line(chars: list[_Char], page: int) -> _Line | None:
    # Trim white space at both ends; a first-line indent shows in x0, not as leading spaces.
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].text.isspace():
        lo += 1
    while hi > lo and chars[hi - 1].text.isspace():
        hi -= 1
    chars = chars[lo:hi]
    visible = [c for c in chars if c.box is not None and not c.text.isspace()]
    if not visible:
        return None
    boxes = [c.box for c in visible]
    text = "".join(c.text for c in chars)
    x0 = min(b[0] for b in boxes)
    size = statistics.median(c.size for c in visible)
    base = statistics.median(b[3] for b in boxes)
    return _Line(page, text, x0, min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes),
                 _lead_width(chars, x0), size, base, _is_numbered(text))


def _lead_width(chars: list[_Char], x0: float) -> float:
    """Width of the first token: what line breaking moved here from the end of the previous line."""
    i, n = 0, len(chars)
    while i < n and chars[i].text in _OPENERS:
        i += 1
    if i < n and _ASCII_TOKEN.match(chars[i].text):
        while i < n and _ASCII_TOKEN.match(chars[i].text):
            i += 1
    else:
        i += 1
    while i < n and chars[i].text in _NO_LINE_START:
        i += 1
    ends = [c.box[2] for c in chars[:i] if c.box is not None]
    return (max(ends) - x0) if ends else 0.0


def _drop_page_numbers(lines: list[_Line], tables: list[_Table], height: float) -> list[_Line]:
    """Drop a bare page number (``- 3 -``, ``第 3 页``, ``3/12``) at the very top or bottom of a page."""
    if not lines:
        return lines
    tops = [l.top for l in lines] + [t.bbox[1] for t in tables]
    bottoms = [l.bottom for l in lines] + [t.bbox[3] for t in tables]
    keep = []
    for line in lines:
        if len(line.text) <= 24 and _PAGE_NUMBER.match(fold(line.text).strip()):
            lowest = line.bottom >= max(bottoms) - 0.5 and line.top >= height * (1 - _MARGIN_BAND)
            highest = line.top <= min(tops) + 0.5 and line.bottom <= height * _MARGIN_BAND
            if lowest or highest:
                continue
        keep.append(line)
    return keep


def _drop_running_lines(pages: list[_Page]) -> list[str]:
    """Drop running headers and footers: the same text (digits aside) at the top or bottom of most pages."""
    if len(pages) < 2:
        return []
    candidates: dict[tuple[str, str], list[tuple[_Page, _Line]]] = {}
    for page in pages:
        if not page.lines:
            continue
        tops = [l.top for l in page.lines] + [t.bbox[1] for t in page.tables]
        bottoms = [l.bottom for l in page.lines] + [t.bbox[3] for t in page.tables]
        for line in page.lines:
            if line.top <= min(tops) + 0.5 and line.bottom <= page.height * _MARGIN_BAND:
                where = "top"
            elif line.bottom >= max(bottoms) - 0.5 and line.top >= page.height * (1 - _MARGIN_BAND):
                where = "bottom"
            else:
                continue
            key = (where, re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(line.text))))
            candidates.setdefault(key, []).append((page, line))
    dropped: list[str] = []
    for (_, _), hits in candidates.items():
        if len(hits) >= 2 and len(hits) * 2 >= len(pages):
            for page, line in hits:
                page.lines.remove(line)
            if hits[0][1].text not in dropped:
                dropped.append(hits[0][1].text)
    return dropped


def _ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(text) and fold(text[-1]) in _TERMINAL


def _is_numbered(text: str) -> bool:
    # numbering markers are short: looking at the head of the line is enough (and cheap)
    return numbering_of(clean_heading_text(text[:24])) is not None


class _Layout:
    """Document-wide layout measures, then paragraph grouping and table placement."""

    def __init__(self, pages: list[_Page]):
        self.pages = pages
        lines = [l for p in pages for l in p.lines]
        heights = [l.height for l in lines if l.height > 0]
        self.em = statistics.median(heights) if heights else 12.0
        self.left = _mode([round(l.x0) for l in lines]) if lines else 0.0
        # The right margin: where most full lines end (the commonest end among the longer lines); a
        # high quantile would catch the punctuation CJK typesetting hangs beyond the margin.
        ends = [l.x1 for l in lines if abs(l.x0 - self.left) < 3 * self.em] or [l.x1 for l in lines] or [0.0]
        middle = _quantile(ends, 0.5)
        self.right = _mode([round(x) for x in ends if x >= middle], prefer_high=True)
        sizes = sorted((l.size, len(l.text)) for l in lines)
        self.body_size = _weighted_median(sizes) if sizes else 0.0
        self.spacing = self._line_spacing()
        self.indents = self._paragraphs_indented()

    def _line_spacing(self) -> float:
        """Typical pitch (baseline to baseline, in font sizes) between two lines of one paragraph."""
        within = []
        for page in self.pages:
            for prev, line in zip(page.lines, page.lines[1:]):
                if prev.size <= 0 or line.base <= prev.base or abs(line.size - prev.size) > 0.5:
                    continue
                if not self._is_short(prev, line) and not _ends_sentence(prev.text):
                    within.append((line.base - prev.base) / prev.size)
        if not within:
            return 1.5
        return _quantile(within, 0.5)

    def _paragraphs_indented(self) -> bool:
        """Whether paragraphs open with a first-line indent: most lines after a sentence end are indented."""
        indented = total = 0
        for page in self.pages:
            for prev, line in zip(page.lines, page.lines[1:]):
                if _ends_sentence(prev.text) and not line.numbered:
                    total += 1
                    indented += line.x0 > self.left + 0.6 * self.em
        return total >= 3 and indented * 2 > total

    def _is_short(self, prev: _Line, line: _Line) -> bool:
        """The next line's first token would have fitted after ``prev``: the break was not wrapping."""
        return prev.x1 + line.lead + 0.6 * self.em < self.right

    def _starts_block(self, prev: _Line, line: _Line, block: list[_Line]) -> bool:
        if line.numbered:
            return True
        if abs(line.size - prev.size) > max(0.5, 0.05 * max(line.size, prev.size)):  # another font size
            return True
        ends = _ends_sentence(prev.text)
        heading_before = len(block) == 1 and prev.numbered
        short = self._is_short(prev, line)
        if short and (ends or heading_before):
            return True
        indent = 0.6 * self.em
        # An indented line after a line that ended a sentence, stopped short or sat further left starts a
        # paragraph (first-line indent); a numbered item's hanging-indent continuation stays with it.
        indented = line.x0 > self.left + indent
        if indented and (line.x0 > prev.x0 + indent or ends or short):
            hanging = heading_before and not short and not ends
            if not hanging:
                return True
        if indented and len(block) == 1 and prev.x0 > self.left + indent and abs(line.x0 - prev.x0) < indent:
            return True  # two first lines in a row: the paragraph before held a single line
        if line.page != prev.page:
            # A page's last line is short only where a paragraph ended (or was broken by hand); where
            # paragraphs open with an indent, an unindented first line continues the page before.
            if short:
                return True
            return ends and not (self.indents and not indented)
        if line.top <= prev.top - 0.5 * prev.height:  # back up the page: another column or frame
            return True
        if prev.size > 0:
            pitch = (line.base - prev.base) / prev.size
            if pitch > self.spacing * GAP_RATIO and pitch > self.spacing + 0.25:
                return True
        return False

    def _heading_style(self, block: list[_Line]) -> str | None:
        """For a title or unnumbered heading, its style (``pdf:<size>pt``); else None.

        Such a block is a few short lines, unnumbered, not a sentence, and set clearly larger than the
        body text, as Word's Title and Heading styles are. Its size names the style, so headings of
        one size are siblings in the section tree.
        """
        if not self.body_size or len(block) > 3 or block[0].numbered:
            return None
        size = min(l.size for l in block)
        if size < HEADING_SIZE_RATIO * self.body_size or size - self.body_size < 1:
            return None
        if sum(len(l.text) for l in block) > 60 or _ends_sentence(block[-1].text):
            return None
        return f"pdf:{round(size * 2) / 2:g}pt"

    def emit(self, builder: DocumentBuilder) -> None:
        self._number_tables()
        block: list[_Line] = []

        def flush() -> None:
            if block:
                pieces = [(l.text, {"page": l.page, "line": l.number, "bbox": l.bbox}) for l in block]
                style = self._heading_style(block)
                if style:
                    builder.add(BlockKind.HEADING, pieces, style=style)
                else:
                    builder.add(BlockKind.PARAGRAPH, pieces)
                block.clear()

        for page in self.pages:
            pending = sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0]))
            for line in page.lines:
                while pending and pending[0].bbox[1] <= line.top:
                    flush()
                    self._emit_table(builder, pending.pop(0))
                if block and self._starts_block(block[-1], line, block):
                    flush()
                block.append(line)
            if pending:
                flush()
                for table in pending:
                    self._emit_table(builder, table)
        flush()

    def _number_tables(self) -> None:
        """Number tables in reading order; a table running on from the previous page keeps its number
        and is fitted onto the part before it (``pdf_page_breaks``)."""
        number = 0
        chain: list[_Table] = []  # the parts so far of the table that ends the previous page, if one does
        for page in self.pages:
            ordered = sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0]))
            for i, table in enumerate(ordered):
                first = i == 0 and not any(l.bottom <= table.bbox[1] + 1 for l in page.lines)
                if first and chain and continues(chain[-1], table):
                    previous = chain[-1]
                    table.number = previous.number
                    join_continued(chain, table)
                    table.row_offset = previous.row_offset + previous.nrows
                    chain.append(table)
                else:
                    number += 1
                    table.number = number
                    chain = [table]
            if not ordered or any(l.top >= ordered[-1].bbox[3] - 1 for l in page.lines):
                chain = []

    @staticmethod
    def _emit_table(builder: DocumentBuilder, table: _Table) -> None:
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            text = _cell_text(cell.chars, cell.bbox[2])
            if not text:
                continue
            builder.add(BlockKind.TABLE_CELL, [(text, {"page": table.page, "line": None, "bbox": cell.bbox})],
                        table=table.number, row=table.row_offset + cell.row + 1, col=cell.col + 1)


def _cell_text(chars: list[_Char], right: float | None = None) -> str:
    """A cell's text, one line per line of glyphs, trimmed. A number the cell was too narrow for, wrapped
    onto the next line (``4044.3`` / ``5``), is joined back: its first line runs to the cell's right edge
    (``right``) and ends in the number, and the next line goes on with its digits."""
    lines: list[tuple[str, float, float]] = []  # (text, right edge of its last glyph, that glyph's width)
    current: list[str] = []
    line = None
    edge = width = 0.0
    last = None  # the box of the last glyph
    for ch in chars:
        box = ch.box
        # pdfium sometimes runs the lines of a cell into one, with a space between (``11,400 人``): a
        # glyph back to the left of the last one and below it starts a line all the same.
        if line is not None and (ch.line != line or box is not None and last is not None and box[0] < last[0]
                                 and box[1] + box[3] > 2 * last[3]):
            lines.append(("".join(current).strip(), edge, width))
            current, edge, width = [], 0.0, 0.0
        line = ch.line
        current.append(ch.text)
        if box is not None and not ch.text.isspace():
            edge, width = box[2], box[2] - box[0]
            last = box
    if current:
        lines.append(("".join(current).strip(), edge, width))
    out = ""
    previous = None
    for text, edge, width in lines:
        if not text:
            continue
        if previous is not None:
            wrapped = right is not None and _NUMBER_WRAPS.search(previous[0]) and _NUMBER_GOES_ON.match(text) \
                and (right - previous[1] < 2.5 * max(previous[2], 1.0) or _SEPARATOR_WRAPS.search(previous[0])
                     or text in ("%", "‰"))
            out += "" if wrapped else "\n"
        out += text
        previous = (text, edge, width)
    return out


# A number broken by the cell's edge: its first line ends in a digit or a separator inside it, the
# next line starts with the rest of its digits (and maybe its unit or percent sign).
_NUMBER_WRAPS = re.compile(r"\d[.,]?$")
# broken right after a thousands separator or a decimal point ("11," / "400人"), wherever the line ends
_SEPARATOR_WRAPS = re.compile(r"\d[.,]$")
_NUMBER_GOES_ON = re.compile(r"(?:\d[\d.,]*\s*(?:%|‰|[\u4e00-\u9fff]{1,2})?|[%‰])$")


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    """The median of values weighted by counts, from (value, count) pairs sorted by value."""
    total = sum(n for _, n in pairs)
    seen = 0
    for value, n in pairs:
        seen += n
        if seen * 2 >= total:
            return value
    return pairs[-1][0]


def _mode(values: list[int], *, prefer_high: bool = False) -> float:
    """The commonest value; ties go to the lowest (or the highest) of them."""
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return float(max(counts, key=lambda v: (counts[v], v if prefer_high else -v)))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]
