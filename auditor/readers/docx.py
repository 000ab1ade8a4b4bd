"""Word reports (.docx): body paragraphs and tables in body order, merged cells once.

Headers, footers, text boxes and comments are not body text and are not read. Each paragraph maps
back to its 1-based index among the body's paragraphs (``python-docx``'s ``document.paragraphs``),
each table cell to its table/row/column.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from ..errors import ReadError, short_detail
from ..model import BlockKind, Document, DocumentBuilder

# A .docx far larger unpacked than any report is a zip bomb, not a report. Sizes are measured by
# actually inflating (in small chunks), since a bomb's directory can lie about them.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
_CHUNK = 1 << 20
_HEADING_STYLES = ("heading", "标题", "title")


def read_docx(path: str, data: bytes, kind: str) -> Document:
    _check_package(path, data)
    import docx  # deferred: only files that need it pay for the import
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    except Exception as exc:  # lxml syntax errors and the like from a damaged part
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    builder = DocumentBuilder(path, kind)
    try:
        _Walker(builder).body(word)
    except ReadError:
        raise
    except Exception as exc:  # damaged parts surface while walking (a style without a name, bad XML)
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    doc = builder.build()
    if not doc.text.strip():
        raise ReadError("empty-file", path)
    return doc


def _check_package(path: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names and not any(n.endswith("/document.xml") for n in names):
            raise ReadError("not-docx", path)
        packed = max(1, sum(info.compress_size for info in archive.infolist()))
        unpacked = 0
        for info in archive.infolist():
            try:
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * _CHUNK and unpacked / packed > MAX_RATIO):
                            raise ReadError("too-large", path,
                                            detail=f"unpacks to over {unpacked // _CHUNK} MB from {packed // 1024} KB")
            except ReadError:
                raise
            except Exception as exc:  # bad CRC, unsupported compression, truncated member
                raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None


def walk_body(word):
    """The body in reading order, as this reader numbers it (the Word-comment reporter maps findings
    back through the same walk): ``("paragraph", n, paragraph)`` with n 1-based among the body's
    paragraphs, and ``("cell", (table, row, col), [(part, paragraph), ...])`` once per cell — a merged
    cell at its first row and column, nested tables numbered after their parent."""
    from docx.table import Table

    paragraphs = 0
    tables = [0]
    for item in word.iter_inner_content():
        if isinstance(item, Table):
            yield from _walk_table(item, tables)
        else:
            paragraphs += 1
            yield "paragraph", paragraphs, item


def _walk_table(table, tables: list[int]):
    from docx.table import Table, _Cell

    tables[0] += 1
    number = tables[0]
    nested = []
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        col = tr.grid_before + 1
        for tc in tr.tc_lst:
            if tc.vMerge != "continue":  # the rows a vertical merge continues into hold no text
                parts = []
                for part, item in enumerate(_Cell(tc, table).iter_inner_content(), start=1):
                    if isinstance(item, Table):
                        nested.append(item)
                    else:
                        parts.append((part, item))
                yield "cell", (number, r, col), parts
            col += tc.grid_span
    for inner in nested:
        yield from _walk_table(inner, tables)


_RUN_CONTENT = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"


@cache
def _paragraph_content():
    """One compiled XPath for a paragraph's text elements (its runs' and its hyperlinks' runs'), in
    document order: python-docx compiles its expressions again on every call."""
    from docx.oxml.ns import nsmap
    from lxml import etree

    steps = [f"{parent}/{child.strip()}" for parent in ("w:r", "w:hyperlink/w:r") for child in _RUN_CONTENT.split("|")]
    return etree.XPath(" | ".join(steps), namespaces={"w": nsmap["w"]})


def paragraph_text(paragraph) -> str:
    """``paragraph.text`` as python-docx gives it (each element's own text equivalent: a tab, a line
    break, a hyphen), read faster."""
    return "".join(str(e) for e in _paragraph_content()(paragraph._p))


class _Walker:
    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        # style id -> style name: python-docx resolves an unstyled paragraph's default style by scanning
        # every style in styles.xml, once per paragraph, which was half the time of a whole check.
        self._style_names: dict[str | None, str] = {}

    def body(self, word) -> None:
        for kind, where, content in walk_body(word):
            if kind == "paragraph":
                self.paragraph(where, content)
            else:
                table, row, col = where
                pieces = [(paragraph_text(item), {"offset": 0, "part": part}) for part, item in content]
                self.builder.add(BlockKind.TABLE_CELL, pieces, table=table, row=row, col=col)

    def paragraph(self, number: int, paragraph) -> None:
        text = paragraph_text(paragraph)
        style = self._style_name(paragraph)
        heading = style.lower().startswith(_HEADING_STYLES)
        kind = BlockKind.HEADING if heading and text.strip() else BlockKind.PARAGRAPH
        self.builder.add(kind, [(text, {"paragraph": number, "offset": 0})],
                         style=f"docx:{style}" if style else None)

    def _style_name(self, paragraph) -> str:
        style_id = paragraph._p.style
        name = self._style_names.get(style_id)
        if name is None:
            style = paragraph.style
            name = self._style_names[style_id] = (style.name or "") if style is not None else ""
        return name
