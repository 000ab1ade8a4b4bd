"""Word reports (.docx): body paragraphs and tables in body order, merged cells once.

Headers, footers, text boxes and comments are not body text and are not read. Each paragraph maps
back to its 1-based index among the body's paragraphs (``python-docx``'s ``document.paragraphs``),
each table cell to its table/row/column.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import ReadError, short_detail
from ..model import BlockKind, Document, DocumentBuilder

# A .docx far larger unpacked than any report is a zip bomb, not a report.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
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
    _Walker(builder).body(word)
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
        unpacked = sum(info.file_size for info in archive.infolist())
        packed = max(1, sum(info.compress_size for info in archive.infolist()))
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
            raise ReadError("corrupt-docx", path, detail=f"unpacks to {unpacked // (1024 * 1024)} MB")


class _Walker:
    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        self.paragraphs = 0
        self.tables = 0

    def body(self, word) -> None:
        from docx.table import Table

        for item in word.iter_inner_content():
            if isinstance(item, Table):
                self.table(item)
            else:
                self.paragraph(item)

    def paragraph(self, paragraph) -> None:
        self.paragraphs += 1
        text = paragraph.text
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = style.lower().startswith(_HEADING_STYLES)
        kind = BlockKind.HEADING if heading and text.strip() else BlockKind.PARAGRAPH
        self.builder.add(kind, [(text, {"paragraph": self.paragraphs, "offset": 0})],
                         style=f"docx:{style}" if style else None)

    def table(self, table) -> None:
        from docx.table import Table, _Cell

        self.tables += 1
        number = self.tables
        nested = []
        for r, tr in enumerate(table._tbl.tr_lst, start=1):
            col = tr.grid_before + 1
            for tc in tr.tc_lst:
                span = tc.grid_span
                if tc.vMerge != "continue":  # the rows a vertical merge continues into hold no text
                    cell = _Cell(tc, table)
                    pieces = []
                    for part, item in enumerate(cell.iter_inner_content(), start=1):
                        if isinstance(item, Table):
                            nested.append(item)
                        else:
                            pieces.append((item.text, {"offset": 0, "part": part}))
                    self.builder.add(BlockKind.TABLE_CELL, pieces, table=number, row=r, col=col)
                col += span
        for inner in nested:
            self.table(inner)
