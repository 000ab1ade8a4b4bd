"""The PDF reader: text, lines and pages from pypdfium2, tables from pdfplumber, typed read errors.

Two kinds of input: the committed ``samples/*.pdf`` (LibreOffice conversions of the seed reports; the
tests skip when they are absent) and small PDFs written here byte by byte (Helvetica text and ruling
lines in a content stream), with Pillow (an image-only page) or with pypdf (encrypted, truncated). No
test needs LibreOffice.
"""

from __future__ import annotations

import collections
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.errors import ReadError
from auditor.model import BlockKind
from auditor.readers import read_document

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
SAMPLE_000 = SAMPLES / "000-gaoxin-civil-affairs-2023.pdf"
SAMPLE_003 = SAMPLES / "003-gaoyi-civil-affairs-2021.pdf"


def _sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample {path.name} is not built (python samples/build.py needs LibreOffice)")
    return path


@pytest.fixture(scope="module")
def doc000():
    return read_document(str(_sample(SAMPLE_000)))


@pytest.fixture(scope="module")
def doc003():
    return read_document(str(_sample(SAMPLE_003)))


def _locations(doc, needle: str):
    locations = []
    for seg, i in doc.normalized.find(needle):
        start, end = seg.original_range(i, i + len(needle))
        locations.append(doc.locate(start, end))
    return locations


def _cells(doc):
    return [b for b in doc.blocks if b.kind == BlockKind.TABLE_CELL]


# --------------------------------------------------------------------------------------------------
# PDFs written by hand: Helvetica text (WinAnsi) and stroked ruling lines, A4 pages.


def make_pdf(pages: list[str], rotate: list[int] | None = None) -> bytes:
    """A minimal, valid PDF whose pages have the given content streams (font /F1 = Helvetica)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for n, content in enumerate(pages):
        data = content.encode("latin-1")
        stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        rotation = b" /Rotate %d" % rotate[n] if rotate and rotate[n] else b""
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]%s /Resources << /Font << /F1 %d 0 R"
                        b" >> >> /Contents %d 0 R >>" % (pages_id, rotation, font, stream)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def text(x: float, y: float, s: str, size: float = 11) -> str:
    s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n"


def grid(xs: list[float], ys: list[float], skip: set[tuple[int, int]] = frozenset()) -> str:
    """Ruling lines of a table; ``skip`` leaves out the vertical line (row, after column) to merge cells."""
    out = "".join(f"{xs[0]} {y} m {xs[-1]} {y} l S\n" for y in ys)
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, c) not in skip:
                out += f"{x} {ys[r + 1]} m {x} {ys[r]} l S\n"
    return out


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def simple_report(tmp_path) -> str:
    """A heading, two paragraphs (the first wraps over three lines), a table with a merged cell, a
    closing paragraph and a page number."""
    c = text(72, 780, "1. Budget overview")
    c += text(90, 760, "The annual budget was 7047.68 thousand and the actual spending reached")
    c += text(72, 746, "4044.35 thousand, so the execution rate was 57.39 percent of the whole")
    c += text(72, 732, "budget.")
    c += text(90, 712, "A second paragraph follows here.")
    c += grid([72, 200, 330, 460], [690, 670, 650, 630], skip={(0, 1)})
    c += text(76, 676, "Funds (merged)") + text(334, 676, "Total")
    c += text(76, 656, "Fiscal") + text(204, 656, "6748.34") + text(334, 656, "6696.24")
    c += text(76, 636, "Other") + text(204, 636, "12.50") + text(334, 636, "99.23%")
    c += text(72, 610, "Text after the table ends here.")
    c += text(290, 40, "- 1 -")
    return _write(tmp_path, "simple.pdf", make_pdf([c]))


# --------------------------------------------------------------------------------------------------
# Hand-made PDFs


def test_lines_paragraphs_and_headings(simple_report):
    doc = read_document(simple_report)
    assert doc.kind == "pdf" and doc.meta["pages"] == 1
    narrative = [b for b in doc.blocks if b.kind != BlockKind.TABLE_CELL]
    texts = [doc.block_text(b) for b in narrative]
    assert texts[0] == "1. Budget overview"
    assert narrative[0].kind == BlockKind.HEADING  # a single-line numbered block
    assert texts[1].startswith("The annual budget") and texts[1].endswith("budget.")
    assert texts[1].count("\n") == 2  # three lines, one block
    assert texts[2] == "A second paragraph follows here."  # first-line indent starts a block
    assert texts[-1] == "Text after the table ends here."
    assert "- 1 -" not in doc.text and "-1-" not in doc.text  # the page number is dropped
    # every line keeps page, line number and a top-left-origin bbox
    first = narrative[1].spans
    assert [s.line for s in first] == [2, 3, 4]
    assert all(s.page == 1 for s in first)
    x0, top, x1, bottom = first[0].bbox
    assert 89 < x0 < 91 and top < bottom and abs(bottom - (842 - 760)) < 4  # baseline at y=760
    assert narrative[1].section == ("1.Budgetoverview",)  # as the model names sections: no spaces


def test_figures_map_back_to_page_line_and_box(simple_report):
    doc = read_document(simple_report)
    (loc,) = _locations(doc, "57.39")
    assert (loc.page, loc.line) == (1, 3)
    assert loc.text == "57.39"
    assert loc.bbox is not None and loc.bbox[1] < 842 - 746 < loc.bbox[3]


def test_table_cells_merged_cell_and_reading_order(simple_report):
    doc = read_document(simple_report)
    cells = {(b.table, b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells == {
        (1, 1, 1): "Funds (merged)", (1, 1, 3): "Total",
        (1, 2, 1): "Fiscal", (1, 2, 2): "6748.34", (1, 2, 3): "6696.24",
        (1, 3, 1): "Other", (1, 3, 2): "12.50", (1, 3, 3): "99.23%",
    }
    # the merged cell spans two columns and is reported once, with the cell's box
    merged = next(b for b in _cells(doc) if (b.row, b.col) == (1, 1))
    x0, top, x1, bottom = merged.spans[0].bbox
    assert (round(x0), round(x1), round(top), round(bottom)) == (72, 330, 842 - 690, 842 - 670)
    assert merged.spans[0].line is None and merged.spans[0].page == 1
    # table text is not read twice, and the table sits between the paragraphs around it
    for figure in ("6748.34", "6696.24", "99.23%"):
        assert len(doc.normalized.find(figure)) == 1
    kinds = [b.kind for b in doc.blocks]
    first_cell = kinds.index(BlockKind.TABLE_CELL)
    assert doc.block_text(doc.blocks[first_cell - 1]) == "A second paragraph follows here."
    assert doc.block_text(doc.blocks[-1]) == "Text after the table ends here."
    loc = _locations(doc, "6748.34")[0]
    assert (loc.table, loc.row, loc.col, loc.page, loc.line) == (1, 2, 2, 1, None)


def test_table_continued_on_next_page_keeps_its_number(tmp_path):
    xs = [72, 200, 330, 460]
    first = text(72, 780, "Projects of the year:")
    ys = [760 - 20 * i for i in range(36)]  # 35 rows, down to the page bottom
    first += grid(xs, ys)
    for r in range(35):
        first += text(76, ys[r] - 14, f"Project {r + 1}") + text(204, ys[r] - 14, f"{r + 1}.25")
    first += text(290, 30, "3")  # a bare page number
    second = grid(xs, [800, 780, 760])
    second += text(76, 786, "Project 36") + text(204, 786, "36.25")
    second += text(76, 766, "Project 37") + text(204, 766, "37.25")
    second += text(72, 730, "After the table.")
    second += text(290, 30, "4")
    doc = read_document(_write(tmp_path, "long.pdf", make_pdf([first, second])))
    cells = _cells(doc)
    assert {b.table for b in cells} == {1}
    rows = {doc.block_text(b): (b.row, b.spans[0].page) for b in cells if b.col == 1}
    assert rows["Project 1"] == (1, 1)
    assert rows["Project 35"] == (35, 1)
    assert rows["Project 36"] == (36, 2)
    assert rows["Project 37"] == (37, 2)
    assert not re.search(r"(?m)^[34]$", doc.text)
    assert doc.block_text(doc.blocks[-1]) == "After the table."


def test_rotated_page_reads_in_display_order(tmp_path):
    # The content is drawn turned by 90° in user space; /Rotate 90 turns it upright for the reader.
    body = text(72, 780, "1. Overview") + text(72, 760, "Total spending 4044.35 thousand.")
    rotated = "q 0 1 -1 0 842 0 cm\n" + body + "Q\n"
    pdf = make_pdf([rotated], rotate=[90])
    # user space is portrait but the text runs up the page; after rotation it reads left to right
    doc = read_document(_write(tmp_path, "rotated.pdf", pdf))
    texts = [doc.block_text(b) for b in doc.blocks]
    assert texts == ["1. Overview", "Total spending 4044.35 thousand."]
    x0, top, x1, bottom = doc.blocks[0].spans[0].bbox
    assert x1 > x0 and bottom > top and top < doc.blocks[1].spans[0].bbox[1]


def test_running_header_footer_and_title(tmp_path):
    pages = []
    for n in range(1, 4):
        c = text(72, 810, "Budget Report 2023 - Civil Affairs Bureau", 9)
        if n == 1:
            c += text(72, 760, "Annual Self-Evaluation", 20)
        c += text(72, 720, f"{n}. Part {n}")
        c += text(90, 700, f"Spending on part {n} was {n}00.25 thousand.")
        c += text(260, 40, f"Page {n} of 3", 9)
        pages.append(c)
    doc = read_document(_write(tmp_path, "report.pdf", make_pdf(pages)))
    assert "Budget Report" not in doc.text and "Page" not in doc.text
    assert doc.meta["running_lines"] == ["Budget Report 2023 - Civil Affairs Bureau"]
    title = doc.blocks[0]
    assert doc.block_text(title) == "Annual Self-Evaluation"
    assert title.kind == BlockKind.HEADING and title.level == 0  # a document title, not a section
    assert [b.section_path for b in doc.blocks if b.kind == BlockKind.PARAGRAPH] == [
        "1.Part1", "2.Part2", "3.Part3"]
    # line numbers count the lines kept: the running header is not line 1
    (loc,) = _locations(doc, "200.25")
    assert (loc.page, loc.line) == (2, 2)


def test_page_numbers_alone_are_no_text_layer(tmp_path):
    pages = [text(290, 40, f"- {n} -") for n in range(1, 6)]
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "numbers.pdf", make_pdf(pages)))
    assert err.value.code == "no-text-layer"


def test_image_only_pdf_has_no_text_layer(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path, "PDF")
    with pytest.raises(ReadError) as err:
        read_document(str(path))
    assert err.value.code == "no-text-layer"
    assert "OCR" in err.value.message("en")


def test_blank_pdf_has_no_text_layer(kit, tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "blank.pdf", kit.pdf))
    assert err.value.code == "no-text-layer"


def test_truncated_pdf_is_corrupt(simple_report, tmp_path):
    data = Path(simple_report).read_bytes()
    for cut in (len(data) // 2, len(data) - 40):
        with pytest.raises(ReadError) as err:
            read_document(_write(tmp_path, f"cut{cut}.pdf", data[:cut]))
        assert err.value.code == "corrupt-pdf"
        assert err.value.params["detail"]


def test_garbage_after_header_is_corrupt(tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200))
    assert err.value.code == "corrupt-pdf"


def _encrypted(source: str, **passwords) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(**passwords)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_user_password_is_encrypted_error(simple_report, tmp_path):
    data = _encrypted(simple_report, user_password="x", owner_password="y")
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "locked.pdf", data))
    assert err.value.code == "encrypted-pdf"


def test_owner_password_only_reads_normally(simple_report, tmp_path):
    data = _encrypted(simple_report, user_password="", owner_password="y")
    doc = read_document(_write(tmp_path, "restricted.pdf", data))
    assert len(doc.normalized.find("57.39")) == 1
    assert len(_cells(doc)) == 8


# --------------------------------------------------------------------------------------------------
# The samples


def test_sample_000_figures_have_page_line_and_section(doc000):
    assert doc000.meta["pages"] >= 1
    for needle in ("4044.35", "52.39%", "57.39%"):
        locations = _locations(doc000, needle)
        assert locations, needle
        for loc in locations:
            assert loc.page >= 1 and loc.line >= 1, needle
            assert loc.bbox is not None and loc.text == needle
    sections = [loc.section for loc in _locations(doc000, "57.39%")]
    assert any(s.endswith("指标二") for s in sections), sections
    assert all(loc.section.startswith("一、") for loc in _locations(doc000, "52.39%"))


def test_sample_000_headings_are_single_line_blocks(doc000):
    headings = [doc000.block_text(b) for b in doc000.blocks if b.kind == BlockKind.HEADING]
    assert "(二) 指标二：" in headings or "（二）指标二：" in headings
    assert any(h.startswith("三、") for h in headings)
    assert all("\n" not in h for h in headings if not h.startswith("高新区"))


def test_sample_000_line_text_matches_pdftotext(doc000):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    loc = next(loc for loc in _locations(doc000, "57.39%") if loc.section.endswith("指标二"))
    out = subprocess.run(["pdftotext", "-f", str(loc.page), "-l", str(loc.page), str(SAMPLE_000), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    span = doc000.blocks[loc.block].spans
    ours = next(s for s in span if s.line == loc.line)
    assert lines[loc.line - 1].strip() == doc000.text[ours.start:ours.end].strip()


def test_sample_000_no_figure_lost_or_duplicated(doc000):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    reference = subprocess.run(["pdftotext", str(SAMPLE_000), "-"], capture_output=True, text=True,
                               check=True).stdout
    figures = re.compile(r"\d+(?:\.\d+)?%?")
    assert collections.Counter(figures.findall(doc000.text)) == collections.Counter(figures.findall(reference))
    chars = collections.Counter(c for c in reference if not c.isspace() and c != "\x0c")
    assert collections.Counter(c for c in doc000.text if not c.isspace()) == chars


def test_sample_003_tables(doc003):
    cells = _cells(doc003)
    assert cells
    assert all(b.table >= 1 and b.row >= 1 and b.col >= 1 for b in cells)
    assert all(s.page >= 1 and s.line is None and s.bbox is not None for b in cells for s in b.spans)
    assert doc003.meta["tables"] == max(b.table for b in cells)
    # a table broken by a page keeps its number and its rows go on
    pages_of: dict[int, dict[int, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for b in cells:
        pages_of[b.table][b.spans[0].page].append(b.row)
    continued = [t for t, pages in pages_of.items() if len(pages) > 1]
    assert continued
    for t in continued:
        pages = sorted(pages_of[t])
        for before, after in zip(pages, pages[1:]):
            assert max(pages_of[t][before]) < min(pages_of[t][after])


def test_sample_003_table_figures_read_once(doc003):
    # 6748.34 stands in the scoring table and once more in the narrative (决算收入 6748.34 万元)
    hits = doc003.normalized.find("6748.34")
    in_table = [seg for seg, _ in hits if seg.kind == BlockKind.TABLE_CELL]
    assert len(in_table) == 1
    seed = SAMPLES / "003-gaoyi-civil-affairs-2021.txt"
    if seed.exists():
        assert len(hits) == seed.read_text(encoding="utf-8").count("6748.34")
    assert len(doc003.normalized.find("99.23%")) == 1
    loc = _locations(doc003, "6748.34")
    table_loc = next(l for l in loc if l.table is not None)
    assert table_loc.page == 1 and table_loc.row >= 1 and table_loc.col >= 1


def test_sample_003_narrative_never_inside_a_table(doc003):
    boxes = collections.defaultdict(list)
    for b in _cells(doc003):
        boxes[b.spans[0].page].append(b.spans[0].bbox)
    for b in doc003.blocks:
        if b.kind == BlockKind.TABLE_CELL:
            continue
        for s in b.spans:
            cx, cy = (s.bbox[0] + s.bbox[2]) / 2, (s.bbox[1] + s.bbox[3]) / 2
            assert not any(x0 < cx < x1 and t < cy < btm for x0, t, x1, btm in boxes[s.page]), \
                doc003.text[s.start:s.end]


def test_truncated_sample_is_corrupt(tmp_path):
    data = _sample(SAMPLE_000).read_bytes()
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "half.pdf", data[: len(data) // 2]))
    assert err.value.code == "corrupt-pdf"


def test_encrypted_sample(tmp_path):
    source = str(_sample(SAMPLE_000))
    with pytest.raises(ReadError) as err:
        read_document(_write(tmp_path, "locked.pdf", _encrypted(source, user_password="x", owner_password="y")))
    assert err.value.code == "encrypted-pdf"
    doc = read_document(_write(tmp_path, "open.pdf", _encrypted(source, user_password="", owner_password="y")))
    assert doc.normalized.find("57.39%")


# --------------------------------------------------------------------------------------------------
# Ruling lines come from pdfium's path objects and are handed to pdfplumber as explicit lines; the
# tables must be the ones pdfplumber finds when pdfminer parses the page itself.


def _tables_from_both(path: str):
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from auditor.readers import pdf as reader

    data = Path(path).read_bytes()
    document, plumber = pdfium.PdfDocument(data), reader._Plumber(data)
    with pdfplumber.open(io.BytesIO(data)) as own:
        for index, own_page in enumerate(own.pages):
            dx, dy = float(own_page.mediabox[0]), float(own_page.mediabox[1])
            expected = []
            for table in own_page.find_tables():
                cells = [c for row in table.rows for c in row.cells if c is not None]
                if len(cells) >= 2:
                    box = (table.bbox[0] - dx, table.bbox[1] - dy, table.bbox[2] - dx, table.bbox[3] - dy)
                    expected.append((box, len(table.rows), sorted(c[:2] for c in cells)))
            page = document[index]
            edges = reader._ruling_edges(page, pdfium_c, reader._Frame(page.get_mediabox(), page.get_rotation()))
            page.close()
            got = [(t.bbox, t.nrows, sorted((c.bbox[0], c.bbox[1]) for c in t.cells))
                   for t in (plumber.tables(index, edges) if edges else [])]
            yield index + 1, expected, got
    plumber.close()
    document.close()


def _same_tables(expected, got) -> bool:
    def near(a, b):
        return all(abs(x - y) <= 0.5 for x, y in zip(a, b))
    return len(expected) == len(got) and all(
        near(e[0], g[0]) and e[1] == g[1] and len(e[2]) == len(g[2]) and all(near(a, b) for a, b in zip(e[2], g[2]))
        for e, g in zip(expected, got))


@pytest.mark.parametrize("name", ["000-gaoxin-civil-affairs-2023", "002-gaoxin-human-resources-2023",
                                  "003-gaoyi-civil-affairs-2021", "004-ergong-township-2024"])
def test_explicit_ruling_lines_find_pdfplumbers_own_tables(name):
    found = 0
    for page, expected, got in _tables_from_both(str(_sample(SAMPLES / f"{name}.pdf"))):
        assert _same_tables(expected, got), (page, expected, got)
        found += len(got)
    if name == "003-gaoyi-civil-affairs-2021":
        assert found >= 2


def test_ruling_lines_under_a_transform_rectangles_and_clip_paths(tmp_path):
    # The grid is drawn as rectangles (re), moved by a cm transform inside q…Q; a clipping rectangle
    # (re W n) and a curve draw no ruling; text is placed in the moved frame as well.
    def box(x0, y0, x1, y1):
        return f"{x0} {y0} {x1 - x0} {y1 - y0} re S\n"
    grid_ = "".join(box(x0, y0, x1, y1) for x0, x1 in ((0, 120), (120, 240)) for y0, y1 in ((0, 20), (20, 40)))
    content = "q 0 0 595 842 re W n 10 10 m 50 80 100 10 150 10 c S Q\n"
    content += "q 1 0 0 1 100 500 cm\n" + grid_ + "Q\n"
    content += text(104, 526, "Budget") + text(224, 526, "7047.68")
    content += text(104, 506, "Spent") + text(224, 506, "4044.35")
    content += text(72, 460, "Narrative after the table.")
    path = _write(tmp_path, "rects.pdf", make_pdf([content]))
    [(_, expected, got)] = list(_tables_from_both(path))
    assert _same_tables(expected, got) and len(got) == 1
    doc = read_document(path)
    cells = {(b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells == {(1, 1): "Budget", (1, 2): "7047.68", (2, 1): "Spent", (2, 2): "4044.35"}
    assert doc.block_text(doc.blocks[-1]) == "Narrative after the table."


def test_table_on_a_rotated_page(tmp_path):
    body = grid([72, 200, 330], [700, 680, 660]) + text(76, 686, "Budget") + text(204, 686, "7047.68")
    body += text(76, 666, "Spent") + text(204, 666, "4044.35")
    body += text(72, 620, "The execution rate was 57.39 percent of the whole budget.")
    rotated = "q 0 1 -1 0 842 0 cm\n" + body + "Q\n"
    path = _write(tmp_path, "rotated-table.pdf", make_pdf([rotated], rotate=[90]))
    doc = read_document(path)
    cells = {(b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells == {(1, 1): "Budget", (1, 2): "7047.68", (2, 1): "Spent", (2, 2): "4044.35"}
    assert doc.block_text(doc.blocks[-1]) == "The execution rate was 57.39 percent of the whole budget."
    [(_, expected, got)] = list(_tables_from_both(path))
    assert _same_tables(expected, got)


def test_number_wrapped_in_a_narrow_cell_is_joined(tmp_path):
    """A number that ran into the right edge of a narrow cell and went on on the next line is one
    number again; numbers on lines of their own (short of the edge) stay apart."""
    c = grid([72, 110, 250], [690, 660, 630])
    c += text(74, 676, "4044.3") + text(74, 664, "5")  # Helvetica 11: "4044.3" ends near x = 107.6
    c += text(114, 676, "Narrow cell above, wide cell here")
    c += text(74, 646, "100") + text(74, 634, "95")  # "100" ends near x = 92: a line of its own
    c += text(114, 646, "57.3") + text(114, 634, "9%")  # wide cell: "57.3" far from the edge
    doc = read_document(_write(tmp_path, "narrow.pdf", make_pdf([c])))
    cells = {(b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells[(1, 1)] == "4044.35"
    assert cells[(2, 1)] == "100\n95"
    assert cells[(2, 2)] == "57.3\n9%"
    assert len(doc.normalized.find("4044.35")) == 1


def test_number_broken_after_a_separator_or_before_its_percent_sign_is_joined(tmp_path):
    """LibreOffice breaks "11,400" after its comma and "96.84%" before its percent sign in a narrow
    column, wherever the line ends: the pieces are one figure again."""
    c = text(72, 760, "The table below states the number of people served and the rate reached.")
    c += grid([72, 106, 250], [690, 660, 630])
    c += text(74, 676, "11,40") + text(74, 664, "0")  # the rest on the next line, at the cell's edge
    c += text(110, 676, "96.84") + text(110, 664, "%")  # far from the edge
    c += text(74, 646, "12.5,") + text(74, 634, "text")  # words after a comma are not a number's rest
    doc = read_document(_write(tmp_path, "separators.pdf", make_pdf([c])))
    cells = {(b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells[(1, 1)] == "11,400"
    assert cells[(1, 2)] == "96.84%"
    assert cells[(2, 1)] == "12.5,\ntext"


def test_a_row_broken_across_the_page_is_one_row(tmp_path):
    """Word lets a row with a long cell break at the page's end: the continued table's first row, with
    nothing in its label columns, is the rest of the previous page's last row."""
    xs = [72, 150, 230, 310, 460]
    first = text(72, 780, "Indicators of the year:")
    ys = [760 - 20 * i for i in range(36)]
    first += grid(xs, ys)
    for r in range(35):
        first += text(76, ys[r] - 14, f"Ind {r + 1}") + text(154, ys[r] - 14, "10") \
            + text(234, ys[r] - 14, "9.5") + text(314, ys[r] - 14, "reason starts")
    second = grid(xs, [800, 780, 760])
    second += text(314, 786, "and goes on here")  # only the reason column: the rest of row 35
    second += text(76, 766, "Ind 36") + text(154, 766, "10") + text(234, 766, "10") + text(314, 766, "none")
    second += text(72, 730, "After the table.")
    doc = read_document(_write(tmp_path, "split.pdf", make_pdf([first, second])))
    cells = {(b.row, b.col): doc.block_text(b) for b in _cells(doc)}
    assert cells[(35, 4)] == "reason starts\nand goes on here"
    assert cells[(36, 1)] == "Ind 36" and cells[(36, 4)] == "none"
    assert max(r for r, _ in cells) == 36
