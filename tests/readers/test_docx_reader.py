"""Word reports: body order, merged cells once, paragraph indices, what is not body text."""

from __future__ import annotations


import docx
import pytest

from auditor.model import BlockKind
from auditor.readers import read_document


def _locate(doc, needle):
    out = []
    for seg, i in doc.normalized.find(needle):
        out.append(doc.locate(*seg.original_range(i, i + len(needle))))
    return out


@pytest.fixture
def report(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉 9999.99 万元"
    d.sections[0].footer.paragraphs[0].text = "第 1 页 8888.88"
    d.add_heading("部门整体支出绩效自评报告", 0)
    d.add_heading("一、基本概况", 1)
    d.add_paragraph("全年预算数为 7047.68 万元。")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "预算安排情况（调整后）"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "财政资金"
    table.cell(1, 1).text = "6748.34"
    table.cell(1, 2).text = "6696.24"
    table.cell(2, 1).text = "99.23%"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内表"
    inner.cell(0, 1).text = "12.5"
    d.add_paragraph("（二）指标二：")
    para = d.add_paragraph("执行数 4044.35 万元，完成率为 57.39%。")
    # a text box anchored in the paragraph: drawing text, not body text
    run = para.add_run()
    txbx = (
        '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        "<w:t>文本框 7777.77</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    from lxml import etree

    run._r.append(etree.fromstring(txbx))
    path = tmp_path / "report.docx"
    d.save(path)
    return path


def test_body_order_and_kinds(report):
    doc = read_document(str(report))
    kinds = [(b.kind, doc.block_text(b)) for b in doc.blocks]
    assert kinds[0] == (BlockKind.HEADING, "部门整体支出绩效自评报告")
    assert kinds[1] == (BlockKind.HEADING, "一、基本概况")
    assert kinds[2] == (BlockKind.PARAGRAPH, "全年预算数为 7047.68 万元。")
    assert kinds[3][0] == BlockKind.TABLE_CELL  # the table comes before the paragraphs after it
    assert kinds[-2] == (BlockKind.HEADING, "（二）指标二：")
    assert kinds[-1][1].startswith("执行数 4044.35 万元")


def test_merged_cells_once_and_coordinates(report):
    doc = read_document(str(report))
    cells = [(b.table, b.row, b.col, doc.block_text(b)) for b in doc.iter_blocks(BlockKind.TABLE_CELL)]
    assert (1, 1, 1, "预算安排情况（调整后）") in cells
    assert sum(1 for c in cells if c[3] == "预算安排情况（调整后）") == 1
    assert sum(1 for c in cells if c[3] == "财政资金") == 1
    assert (1, 2, 2, "6748.34") in cells and (1, 2, 3, "6696.24") in cells and (1, 3, 2, "99.23%") in cells
    assert (2, 1, 2, "12.5") in cells  # nested tables are read, numbered after their parent


def test_paragraph_indices_match_python_docx(report):
    doc = read_document(str(report))
    word = docx.Document(str(report))
    (loc,) = _locate(doc, "57.39%")
    assert loc.paragraph is not None and loc.line is None and loc.page is None
    assert "57.39%" in word.paragraphs[loc.paragraph - 1].text
    assert loc.section == "一、基本概况 › （二）指标二"
    assert doc.paragraph_offset(loc.start) == (loc.paragraph, word.paragraphs[loc.paragraph - 1].text.index("57.39%"))


def test_headers_footers_and_text_boxes_are_not_body(report):
    doc = read_document(str(report))
    for outside in ("9999.99", "8888.88", "7777.77"):
        assert outside not in doc.text


def test_vertical_merge_continuation_is_not_repeated(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=4, cols=2)
    t.cell(0, 0).merge(t.cell(3, 0)).text = "投入"
    for r in range(4):
        t.cell(r, 1).text = f"{r + 1}0"
    path = tmp_path / "v.docx"
    d.save(path)
    doc = read_document(str(path))
    texts = [doc.block_text(b) for b in doc.iter_blocks(BlockKind.TABLE_CELL)]
    assert texts.count("投入") == 1
    assert texts == ["投入", "10", "20", "30", "40"]


def test_paragraph_text_reads_what_python_docx_reads(tmp_path):
    """The reader's own paragraph text (one compiled XPath) gives python-docx's ``paragraph.text`` for
    every kind of run content: tabs, line and page breaks, non-breaking hyphens, hyperlinks' runs."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from auditor.readers.docx import paragraph_text

    d = docx.Document()
    para = d.add_paragraph("预算数\t7047.68")
    para.add_run("万元").add_break()
    para.add_run("下一行").add_break(WD_BREAK.PAGE)
    para.add_run("分页后")
    para._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w")}><w:r><w:t xml:space="preserve">链接 12.5 </w:t></w:r>'
        f'<w:r><w:noBreakHyphen/><w:t>万元</w:t><w:cr/><w:ptab/></w:r></w:hyperlink>'))
    para.add_run("末尾")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("表内\t3.2").add_break()
    path = tmp_path / "runs.docx"
    d.save(str(path))

    reread = docx.Document(str(path))
    paragraphs = reread.paragraphs + reread.tables[0].cell(0, 0).paragraphs
    assert [paragraph_text(p._p) for p in paragraphs] == [p.text for p in paragraphs]
    assert paragraph_text(paragraphs[0]._p) == "预算数\t7047.68万元\n下一行分页后链接 12.5 -万元\n\t末尾"


def _rewrite(path, member, edit):
    """A copy of the .docx at ``path`` with one member's bytes passed through ``edit``."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data) if info.filename == member else data)
    path.write_bytes(out.getvalue())


def _python_docx_view(path):
    """What python-docx says each body paragraph with text is, by its 1-based index: its text and its
    style's name ("" for none)."""
    word = docx.Document(str(path))
    return {n: (p.text, (p.style.name or "") if p.style is not None else "")
            for n, p in enumerate(word.paragraphs, start=1) if p.text.strip()}


def _reader_view(path):
    doc = read_document(str(path))
    return {b.spans[0].paragraph: (doc.text[b.start:b.end], (b.style or "docx:").removeprefix("docx:"))
            for b in doc.blocks if b.table is None}


@pytest.fixture
def styled(tmp_path):
    """Paragraphs in a built-in heading style (styles.xml says "heading 1", python-docx "Heading 1"), a
    custom style, a table style's id, an unknown id and no style at all."""
    d = docx.Document()
    d.add_heading("一、基本概况", 1)
    d.add_paragraph("正文段落 1 万元。")
    d.add_paragraph("列表段落 2 万元。", style="List Bullet")
    d.add_paragraph("标题样式 3 万元。", style="Title")
    for n, style_id in enumerate(("TableGrid", "NoSuchStyle"), start=4):
        p = d.add_paragraph(f"样式 {n} 万元。")
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    path = tmp_path / "styled.docx"
    d.save(str(path))
    return path


def test_style_names_resolve_as_in_python_docx(styled):
    assert _reader_view(styled) == _python_docx_view(styled)
    styles = [style for _, style in _reader_view(styled).values()]
    assert styles[:4] == ["Heading 1", "Normal", "List Bullet", "Title"]
    assert styles[4:] == ["Normal", "Normal"]  # a table style's id and an unknown id: the default


def test_style_names_without_default_or_styles_part_as_in_python_docx(styled, tmp_path):
    # no default paragraph style: python-docx finds no style, the reader none either
    _rewrite(styled, "word/styles.xml", lambda x: x.replace(b'w:default="1"', b'w:default="0"'))
    assert _reader_view(styled) == _python_docx_view(styled)
    assert [style for _, style in _reader_view(styled).values()][4:] == ["", ""]


def test_samples_read_as_python_docx_reads_them():
    from pathlib import Path

    samples = sorted((Path(__file__).parents[2] / "samples").glob("*.docx"))
    assert samples
    for path in samples:
        assert _reader_view(path) == _python_docx_view(path), path


def test_style_names_without_styles_part_as_in_python_docx(styled):
    # no styles part at all: python-docx gives the document its template's styles (default: Normal)
    import re

    _rewrite(styled, "word/_rels/document.xml.rels",
             lambda x: re.sub(rb'<Relationship [^>]*relationships/styles"[^>]*/>', b"", x))
    assert _reader_view(styled) == _python_docx_view(styled)
    assert {style for _, style in _reader_view(styled).values()} == {"Normal"}
