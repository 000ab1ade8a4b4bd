"""Excel 自评表 (.xlsx): every sheet read as a table, merged cells once."""

from __future__ import annotations

import io
import zipfile

from ..errors import ReadError, short_detail
from ..model import BlockKind, Document, DocumentBuilder


def read_xlsx(path: str, data: bytes, kind: str) -> Document:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise ReadError("unsupported-type", path) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError("corrupt-xlsx", path, detail=short_detail(exc)) from None
    except Exception as exc:
        raise ReadError("corrupt-xlsx", path, detail=short_detail(exc)) from None
    builder = DocumentBuilder(path, kind)
    for number, sheet in enumerate(book.worksheets, start=1):
        covered = set()
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    if (row, col) != (merged.min_row, merged.min_col):
                        covered.add((row, col))
        if sheet.title and sheet.max_row:
            builder.add(BlockKind.HEADING, [(sheet.title, {"page": number})], style="xlsx:sheet")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or (cell.row, cell.column) in covered:
                    continue
                text = str(cell.value).strip() if not isinstance(cell.value, float) else _number(cell)
                builder.add(BlockKind.TABLE_CELL, [(text, {"page": number})],
                            table=number, row=cell.row, col=cell.column)
    doc = builder.build()
    if not doc.text.strip():
        raise ReadError("empty-file", path)
    return doc


def _number(cell) -> str:
    """A float cell as the sheet shows it (its number format's decimals), not as binary floating point."""
    fmt = cell.number_format or ""
    decimals = len(fmt.split(".")[1].rstrip("%_)\" ")) if "." in fmt else None
    if decimals is not None:
        text = f"{cell.value * (100 if fmt.endswith('%') else 1):.{decimals}f}"
        return text + ("%" if fmt.endswith("%") else "")
    return repr(cell.value).rstrip("0").rstrip(".") if "e" not in repr(cell.value) else str(cell.value)
