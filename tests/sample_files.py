"""The bundled samples, by seed number, and builders of test documents: what the tests share."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = {
    "000": "000-gaoxin-civil-affairs-2023",
    "001": "001-gaoxin-red-cross-2023",
    "002": "002-gaoxin-human-resources-2023",
    "003": "003-gaoyi-civil-affairs-2021",
    "004": "004-ergong-township-2024",
}
FORMATS = ("txt", "docx", "pdf")


def build_docx(path: Path, before: list[str], grid: list[list[str | None]], after: list[str] = ()) -> Path:
    """A Word file: paragraphs, one table, paragraphs. In ``grid`` a cell ``"<"`` is merged into the cell on
    its left and ``"^"`` into the cell above (merged regions are rectangles)."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    rows, cols = len(grid), len(grid[0])
    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    covered = set()
    for r in range(rows):
        for c in range(cols):
            if (r, c) in covered or grid[r][c] in ("<", "^"):
                continue
            r2 = r
            while r2 + 1 < rows and grid[r2 + 1][c] == "^":
                r2 += 1
            c2 = c
            while c2 + 1 < cols and grid[r][c2 + 1] == "<":
                c2 += 1
            cell = table.cell(r, c)
            if (r2, c2) != (r, c):
                cell = cell.merge(table.cell(r2, c2))
                covered.update((i, j) for i in range(r, r2 + 1) for j in range(c, c2 + 1))
            cell.text = grid[r][c] or ""
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def rewrite_member(package: bytes, member: str, change) -> bytes:
    """A ZIP package (.docx/.xlsx) with one member replaced (``change(bytes) -> bytes``) or dropped
    (``change`` returning None)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = change(data)
            if data is not None:
                target.writestr(info, data)
    return out.getvalue()
