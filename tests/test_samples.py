"""Every sample in every format: known figures are in the normalised view and map back to the file."""

from __future__ import annotations

import re

import pytest

from auditor.model import BlockKind
from auditor.readers import read_document

from sample_files import FORMATS, NAMES, SAMPLES
# Figures named in ../shared/seeds/KNOWN-DEFECTS.md, as they read in the normalised view.
FIGURES = {
    "000": ["4044.35", "52.39%", "57.39%", "7047.68", "3984", "2015.85", "1657.65", "85.25"],
    "001": ["557", "447", "62.25%", "95.66%", "496.67%", "89.46"],
    "002": ["23.65%", "2.55万人", "3.2万人", "18558.34", "18,558.34", "81.81%", "77.47", "4388.99"],
    "003": ["6748.34", "6696.24", "99.23%", "城阳区", "海口市民政局"],
    "004": ["98.90%", "2553.35", "4228.98", "233310", "90.23%", "10790.33"],
}


@pytest.fixture(scope="module")
def documents():
    cache = {}

    def get(seed: str, fmt: str):
        key = (seed, fmt)
        if key not in cache:
            cache[key] = read_document(str(SAMPLES / f"{NAMES[seed]}.{fmt}"))
        return cache[key]

    return get


def _hits(doc, needle):
    out = []
    for seg, i in doc.normalized.find(needle):
        start, end = seg.original_range(i, i + len(needle))
        out.append(doc.locate(start, end))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", sorted(FIGURES))
def test_known_figures_are_found_and_mapped_back(documents, seed, fmt):
    doc = documents(seed, fmt)
    assert doc.kind == fmt
    for figure in FIGURES[seed]:
        hits = _hits(doc, figure)
        assert hits, f"{figure} not in the normalised view of {seed}.{fmt}"
        for loc in hits:
            # the original substring is the figure, give or take spaces and width
            squashed = re.sub(r"\s+", "", loc.text).replace("％", "%")
            assert squashed == figure.replace(" ", ""), (figure, loc.text)
            assert loc.block >= 0
            if fmt == "txt":
                _assert_txt_position(seed, loc)
            elif fmt == "docx":
                _assert_docx_position(seed, loc)
            else:
                _assert_pdf_position(seed, loc)


def _assert_txt_position(seed, loc):
    lines = (SAMPLES / f"{NAMES[seed]}.txt").read_text(encoding="utf-8").split("\n")
    assert loc.line is not None and loc.column is not None
    first_line = loc.text.split("\n", 1)[0]
    assert lines[loc.line - 1][loc.column - 1:loc.column - 1 + len(first_line)] == first_line


_DOCX_CACHE: dict = {}


def _assert_docx_position(seed, loc):
    import docx

    word = _DOCX_CACHE.setdefault(seed, docx.Document(str(SAMPLES / f"{NAMES[seed]}.docx")))
    assert loc.line is None and loc.page is None
    if loc.table is not None:
        table = word.tables[loc.table - 1]
        cell = table.rows[loc.row - 1].cells[loc.col - 1]
        assert loc.text.split("\n")[0] in cell.text
    else:
        assert loc.paragraph is not None
        assert loc.text.split("\n")[0] in word.paragraphs[loc.paragraph - 1].text


_PDF_PAGES: dict = {}


def _assert_pdf_position(seed, loc):
    import pypdfium2 as pdfium

    if seed not in _PDF_PAGES:
        pdf = pdfium.PdfDocument(str(SAMPLES / f"{NAMES[seed]}.pdf"))
        texts = []
        for page in pdf:
            tp = page.get_textpage()
            texts.append(re.sub(r"\s+", "", tp.get_text_range()))
            tp.close()
            page.close()
        pdf.close()
        _PDF_PAGES[seed] = texts
    assert loc.page is not None and loc.page >= 1
    assert re.sub(r"\s+", "", loc.text) in _PDF_PAGES[seed][loc.page - 1]
    assert loc.bbox is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_path_of_indicator_six_in_000(documents, fmt):
    doc = documents("000", fmt)
    hits = _hits(doc, "保民生救助人数")
    sections = {loc.section for loc in hits}
    assert "三、部门单位整体支出绩效分析 › （六）指标六" in sections


@pytest.mark.parametrize("fmt", FORMATS)
def test_execution_rate_sections_in_000(documents, fmt):
    doc = documents("000", fmt)
    by_figure = {fig: [loc.section for loc in _hits(doc, fig)] for fig in ("52.39%", "57.39%")}
    assert by_figure["52.39%"] == ["一、基本概况 › (三)部门单位整体预算规模及安排情况 › 3.全年预算执行情况"]
    assert by_figure["57.39%"] == ["三、部门单位整体支出绩效分析", "三、部门单位整体支出绩效分析 › (二)指标二"]


@pytest.mark.parametrize("seed", sorted(NAMES))
def test_formats_agree_on_sections_and_text(documents, seed):
    """The .docx and .pdf of a sample give the same headings and normalised text as its .txt."""
    reference = documents(seed, "txt")
    ref_headings = [b.section_path for b in reference.iter_blocks(BlockKind.HEADING) if b.level]
    ref_text = re.sub(r"\s+", "", reference.normalized.text)
    for fmt in ("docx", "pdf"):
        doc = documents(seed, fmt)
        headings = [b.section_path for b in doc.iter_blocks(BlockKind.HEADING) if b.level]
        assert headings == ref_headings, fmt
        if fmt == "docx":
            assert re.sub(r"\s+", "", doc.normalized.text) == ref_text


def test_table_cells_of_003_keep_their_coordinates(documents):
    for fmt in FORMATS:
        doc = documents("003", fmt)
        cells = list(doc.iter_blocks(BlockKind.TABLE_CELL))
        assert cells, fmt
        # 6748.34 stands once in the 自评表 and once in the narrative: read once each, never twice
        hits = _hits(doc, "6748.34")
        assert len(hits) == 2, (fmt, hits)
        in_table = [loc for loc in hits if loc.table is not None]
        assert len(in_table) == 1 and in_table[0].row is not None and in_table[0].col is not None
