"""Word copies with one comment per finding (``auditor check --annotate DIR``).

Each comment is by "auditor", anchored on the runs holding the finding's figure (runs split where the
figure starts or ends inside one, formatting kept); the original file is never touched.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from auditor.engine import audit_file
from auditor.findings import FileResult, Finding, Severity
from auditor.readers import read_document
from auditor.reporters.docx_comments import annotate, comment_text

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
SAMPLE_DOCX = sorted(p.name for p in SAMPLES.glob("*.docx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_TAGS = {W + t for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}


# -- helpers ------------------------------------------------------------------------------------------


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def anchored_texts(word) -> dict[int, str]:
    """comment id -> the text of the runs between its w:commentRangeStart and w:commentRangeEnd."""
    active: dict[str, list[str]] = {}
    out: dict[int, str] = {}
    for el in word.element.body.iter():
        if el.tag == W + "commentRangeStart":
            active[el.get(W + "id")] = []
        elif el.tag == W + "commentRangeEnd":
            cid = el.get(W + "id")
            out[int(cid)] = "".join(active.pop(cid))
        elif el.tag == W + "p":
            for parts in active.values():
                if parts:
                    parts.append("\n")
        elif el.tag in TEXT_TAGS:
            run = el.getparent()
            if run.tag == W + "r" and run.getparent().tag in (W + "p", W + "hyperlink"):
                for parts in active.values():
                    parts.append(str(el))
    assert not active, "a comment range is never closed"
    return out


def anchored_runs(word, comment_id: int) -> list:
    """The w:r elements with text inside the range of one comment, in order."""
    runs, inside = [], False
    for el in word.element.body.iter():
        if el.tag == W + "commentRangeStart" and el.get(W + "id") == str(comment_id):
            inside = True
        elif el.tag == W + "commentRangeEnd" and el.get(W + "id") == str(comment_id):
            break
        elif inside and el.tag == W + "r" and any(c.tag in TEXT_TAGS for c in el):
            runs.append(el)
    return runs


def range_start(word, comment_id: int):
    found = word.element.body.xpath(f".//w:commentRangeStart[@w:id='{comment_id}']")
    assert len(found) == 1
    return found[0]


def paragraph_texts(path) -> list[str]:
    """The visible text of every paragraph of the body, table cells included, in order."""
    word = docx.Document(str(path))
    return [p.text for p in word.element.body.iter(W + "p")]


def squash(text: str) -> str:
    return "".join(text.split())


def finding_at(doc, needle: str, *, code="RT01", nth=0, expected=None, extra=()) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    locations = [doc.locate(start, start + len(needle))]
    for other in extra:
        s = doc.text.index(other)
        locations.append(doc.locate(s, s + len(other)))
    return Finding(code=code, name="test", severity=Severity.ERROR, message=f"测试 {needle}",
                   locations=tuple(locations), expected=expected)


def result_for(path, findings) -> FileResult:
    return FileResult(path=str(path), kind="docx", findings=list(findings), document=read_document(str(path)))


def is_bold(r) -> bool:
    rpr = r.find(W + "rPr")
    return rpr is not None and rpr.find(W + "b") is not None


# -- the samples, through the command line and through the function -------------------------------------


@pytest.mark.parametrize("name", SAMPLE_DOCX)
def test_cli_annotates_every_sample(name, tmp_path, invoke):
    source = SAMPLES / name
    before = sha256(source)
    outdir = tmp_path / "audited"
    run = invoke("check", source, "--annotate", outdir)
    assert run.exit_code in (0, 1), run.stderr
    out = outdir / name.replace(".docx", ".audited.docx")
    assert out.is_file()
    assert sha256(source) == before
    assert sorted(os.listdir(outdir)) == [out.name]  # no temporary file left behind

    expected = audit_file(str(source)).findings
    word = docx.Document(str(out))
    comments = list(word.comments)
    assert len(comments) == len(expected)
    assert all(c.author == "auditor" and c.initials == "AU" for c in comments)
    anchors = anchored_texts(word)
    for comment, finding in zip(comments, expected):
        assert comment.text.startswith(f"[{finding.code} "), comment.text
        assert finding.message in comment.text
        # every sample finding has a placeable first location: the comment covers exactly its text
        assert squash(anchors[comment.comment_id]) == squash(finding.locations[0].text)
    assert paragraph_texts(out) == paragraph_texts(source)


@pytest.mark.parametrize("name", SAMPLE_DOCX)
def test_function_annotates_every_sample(name, tmp_path):
    source = SAMPLES / name
    before = sha256(source)
    result = audit_file(str(source), lang="en")
    outdir = tmp_path / "new" / "dir"  # created when missing
    out = annotate(result, str(outdir), lang="en")
    assert out == os.path.join(str(outdir), name.replace(".docx", ".audited.docx"))
    assert sha256(source) == before
    word = docx.Document(out)
    assert len(word.comments) == len(result.findings)
    anchors = anchored_texts(word)
    assert len(anchors) == len(result.findings)
    for comment, finding in zip(word.comments, result.findings):
        assert squash(anchors[comment.comment_id]) == squash(finding.locations[0].text)
        severity = finding.severity.value
        assert comment.text.startswith(f"[{finding.code} {severity}] {finding.message}")
        if finding.expected and finding.expected not in finding.message:
            assert f"expected: {finding.expected}" in comment.text
    assert paragraph_texts(out) == paragraph_texts(source)


def test_sample_table_findings_are_anchored_in_their_cell(tmp_path):
    source = SAMPLES / "003-gaoyi-civil-affairs-2021.docx"
    result = audit_file(str(source))
    in_cells = [(n, f) for n, f in enumerate(result.findings) if f.locations and f.locations[0].table]
    assert in_cells, "the sample has findings in table cells"
    out = annotate(result, str(tmp_path))
    word = docx.Document(out)
    comments = list(word.comments)
    tables = _numbered_tables(word)
    for n, finding in in_cells:
        loc = finding.locations[0]
        cell_tc = _cell_tc(tables[loc.table - 1], loc.row, loc.col)
        start = range_start(word, comments[n].comment_id)
        assert cell_tc in start.iterancestors(W + "tc")


def _numbered_tables(word) -> list:
    """Tables in the reader's numbering: body order, nested tables after their parent."""
    from docx.table import Table

    out = []

    def walk(table):
        out.append(table)
        nested = []
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                nested.extend(Table(t, table) for t in tc.tbl_lst)
        for inner in nested:
            walk(inner)

    for item in word.iter_inner_content():
        if isinstance(item, docx.table.Table):
            walk(item)
    return out


def _cell_tc(table, row: int, col: int):
    tr = table._tbl.tr_lst[row - 1]
    c = tr.grid_before + 1
    for tc in tr.tc_lst:
        if c == col:
            return tc
        c += tc.grid_span
    raise LookupError((row, col))


# -- documents built here ---------------------------------------------------------------------------


@pytest.fixture
def split_runs_docx(tmp_path) -> Path:
    d = docx.Document()
    d.add_paragraph("高新区部门单位整体支出绩效自评报告", style="Title")
    p = d.add_paragraph("本次评价预算经费执行数 ")
    bold = p.add_run("40")
    bold.bold = True
    p.add_run("44.35")
    p.add_run(" 万元，完成率为 57.39%。")
    big = d.add_paragraph()
    run = big.add_run("年初预算\t7047.68 万元")
    run.font.size = Pt(14)
    run.italic = True
    path = tmp_path / "split.docx"
    d.save(path)
    return path


def test_figure_over_two_runs_is_anchored_across_both(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    result = result_for(split_runs_docx, [finding_at(doc, "4044.35")])
    before = sha256(split_runs_docx)
    out = annotate(result, str(tmp_path / "out"))
    assert sha256(split_runs_docx) == before
    word = docx.Document(out)
    (comment,) = word.comments
    assert anchored_texts(word)[comment.comment_id] == "4044.35"
    runs = anchored_runs(word, comment.comment_id)
    assert ["".join(str(c) for c in r if c.tag in TEXT_TAGS) for r in runs] == ["40", "44.35"]
    assert is_bold(runs[0]) and not is_bold(runs[1])
    assert paragraph_texts(out) == paragraph_texts(split_runs_docx)


def test_figure_inside_one_run_splits_it_keeping_the_format(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    result = result_for(split_runs_docx, [finding_at(doc, "7047.68"), finding_at(doc, "57.39%", code="RT02")])
    out = annotate(result, str(tmp_path))
    word = docx.Document(out)
    first, second = word.comments
    anchors = anchored_texts(word)
    assert anchors[first.comment_id] == "7047.68"
    assert anchors[second.comment_id] == "57.39%"
    paragraph = word.paragraphs[2]
    texts = [r.text for r in paragraph.runs if r.text]
    assert texts == ["年初预算\t", "7047.68", " 万元"]
    props = {etree.tostring(r._r.find(W + "rPr")) for r in paragraph.runs if r.text}
    assert len(props) == 1  # the three parts carry the original run's formatting
    assert paragraph_texts(out) == paragraph_texts(split_runs_docx)


def test_comment_text_expected_and_other_places(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    finding = finding_at(doc, "57.39%", expected="57.40%", extra=["4044.35", "7047.68"])
    out = annotate(result_for(split_runs_docx, [finding]), str(tmp_path))
    (comment,) = docx.Document(out).comments
    lines = comment.text.split("\n")
    assert lines[0] == "[RT01 错误] 测试 57.39%"
    assert lines[1] == "应为：57.40%"
    assert lines[2].startswith("其他位置：第2段 “4044.35”；第3段 “7047.68”")
    en = comment_text(finding, "en")
    assert en.split("\n")[:2] == ["[RT01 error] 测试 57.39%", "expected: 57.40%"]
    assert "¶2 \"4044.35\"" in en and "第2段" not in en
    # an expected value the message already states is not repeated
    same = Finding("RT01", "test", Severity.ERROR, "应为 57.40%", finding.locations, expected="57.40%")
    assert "\n应为" not in comment_text(same)


def test_unplaceable_findings_go_on_the_first_paragraph(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    nowhere = Finding("TX05", "test", Severity.WARNING, "没有位置", ())
    placed = finding_at(doc, "57.39%")
    past_end = doc.locate(len(doc.text) + 3, len(doc.text) + 9)
    stale = Finding("FG01", "test", Severity.INFO, "位置已失效", (past_end,))
    out = annotate(result_for(split_runs_docx, [nowhere, placed, stale]), str(tmp_path))
    word = docx.Document(out)
    comments = list(word.comments)
    assert len(comments) == 3
    anchors = anchored_texts(word)
    title = "高新区部门单位整体支出绩效自评报告"
    assert anchors[comments[0].comment_id] == title
    assert comments[0].text == "[TX05 警告] 没有位置"
    assert anchors[comments[1].comment_id] == "57.39%"
    assert anchors[comments[2].comment_id] == title
    assert comments[2].text.startswith("位置：")
    assert "[FG01 提示] 位置已失效" in comments[2].text
    assert paragraph_texts(out) == paragraph_texts(split_runs_docx)


def test_file_changed_since_read_falls_back(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    finding = finding_at(doc, "4044.35")
    word = docx.Document(str(split_runs_docx))
    word.paragraphs[1].runs[0].text = "本次评价预算经费执行数 9"  # the file no longer says what was read
    changed = tmp_path / "changed.docx"
    word.save(changed)
    result = FileResult(path=str(changed), kind="docx", findings=[finding], document=doc)
    out = annotate(result, str(tmp_path / "out"))
    annotated = docx.Document(out)
    (comment,) = annotated.comments
    assert anchored_texts(annotated)[comment.comment_id] == "高新区部门单位整体支出绩效自评报告"
    assert comment.text.startswith("位置：第2段")


@pytest.fixture
def tables_docx(tmp_path) -> Path:
    d = docx.Document()
    d.add_paragraph("部门整体支出绩效自评报告", style="Title")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "预算安排情况（调整后）"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "财政资金"
    table.cell(1, 1).text = "6748.34"
    table.cell(1, 2).text = "6696.24"
    table.cell(2, 1).text = "99.23%"
    cell = table.cell(2, 2)
    cell.text = "说明"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内表"
    inner.cell(0, 1).text = "12.5"
    cell.add_paragraph("第二段 88.8 万元")
    second = d.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "执行率"
    second.cell(0, 1).text = "99.23%"
    d.add_paragraph("正文 99.23%。")
    path = tmp_path / "tables.docx"
    d.save(path)
    return path


def test_findings_in_table_cells_are_anchored_in_that_cell(tables_docx, tmp_path):
    doc = read_document(str(tables_docx))
    findings = [
        finding_at(doc, "99.23%", code="A1"),  # table 1 r3 c2 (after a vertically merged cell)
        finding_at(doc, "12.5", code="A2"),  # nested: table 2
        finding_at(doc, "88.8", code="A3"),  # the cell's third part, after the nested table
        finding_at(doc, "99.23%", code="A4", nth=1),  # table 3
        finding_at(doc, "99.23%", code="A5", nth=2),  # the body paragraph after the tables
        finding_at(doc, "6696.24", code="A6"),
    ]
    wanted = [(1, 3, 2), (2, 1, 2), (1, 3, 3), (3, 1, 2), None, (1, 2, 3)]
    assert [(f.locations[0].table, f.locations[0].row, f.locations[0].col) if f.locations[0].table else None
            for f in findings] == wanted
    out = annotate(result_for(tables_docx, findings), str(tmp_path))
    word = docx.Document(out)
    comments = list(word.comments)
    anchors = anchored_texts(word)
    tables = _numbered_tables(word)
    for comment, finding, where in zip(comments, findings, wanted):
        assert anchors[comment.comment_id] == finding.locations[0].text
        start = range_start(word, comment.comment_id)
        cells = list(start.iterancestors(W + "tc"))
        if where is None:
            assert not cells
        else:
            table, row, col = where
            assert cells[0] is _cell_tc(tables[table - 1], row, col)
    assert paragraph_texts(out) == paragraph_texts(tables_docx)


@pytest.fixture
def hyperlink_docx(tmp_path) -> Path:
    d = docx.Document()
    d.add_paragraph("报告", style="Title")
    p = d.add_paragraph("详见")
    rid = d.part.relate_to("https://example.org/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK,
                           is_external=True)
    link = etree.SubElement(p._p, qn("w:hyperlink"))
    link.set(qn("r:id"), rid)
    run = copy.deepcopy(p.runs[0]._r)
    run.find(qn("w:t")).text = "执行率 57.39% 说明"
    link.append(run)
    p.add_run("，执行数 4044.35 万元。")
    path = tmp_path / "link.docx"
    d.save(path)
    return path


def test_figure_inside_a_hyperlink(hyperlink_docx, tmp_path):
    doc = read_document(str(hyperlink_docx))
    findings = [finding_at(doc, "57.39%"), finding_at(doc, "4044.35", code="B1"),
                finding_at(doc, "说明，执行数", code="B2")]  # across the end of the link
    out = annotate(result_for(hyperlink_docx, findings), str(tmp_path))
    word = docx.Document(out)
    comments = list(word.comments)
    anchors = anchored_texts(word)
    assert [anchors[c.comment_id] for c in comments] == ["57.39%", "4044.35", "说明，执行数"]
    # the comment reference marks stay outside the link, so they do not become link text
    link = word.element.body.find(f".//{W}hyperlink")
    assert not link.xpath(".//w:commentReference")
    assert "".join(r.text for r in link.xpath("w:r/w:t")) == "执行率 57.39% 说明"
    assert paragraph_texts(out) == paragraph_texts(hyperlink_docx)


def test_existing_comments_are_kept(report_docx, tmp_path):
    word = docx.Document(str(report_docx))
    word.add_comment(word.paragraphs[0].runs, text="原有批注", author="审核人", initials="SH")
    source = tmp_path / "commented.docx"
    word.save(source)
    doc = read_document(str(source))
    out = annotate(result_for(source, [finding_at(doc, "57.39%", nth=1)]), str(tmp_path / "out"))
    annotated = docx.Document(out)
    comments = list(annotated.comments)
    assert [c.author for c in comments] == ["审核人", "auditor"]
    assert len({c.comment_id for c in comments}) == 2
    assert anchored_texts(annotated)[comments[1].comment_id] == "57.39%"


def test_no_findings_is_a_plain_copy(report_docx, tmp_path):
    result = result_for(report_docx, [])
    out = annotate(result, str(tmp_path / "out"))
    assert len(docx.Document(out).comments) == 0
    assert paragraph_texts(out) == paragraph_texts(report_docx)


def test_output_replaces_an_older_copy(split_runs_docx, tmp_path):
    doc = read_document(str(split_runs_docx))
    result = result_for(split_runs_docx, [finding_at(doc, "57.39%")])
    first = annotate(result, str(tmp_path))
    second = annotate(result, str(tmp_path))
    assert first == second
    assert len(docx.Document(second).comments) == 1
    assert sorted(os.listdir(tmp_path)) == sorted(["split.docx", "split.audited.docx"])


def test_fallback_in_a_document_whose_paragraphs_are_all_in_tables(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "99.23%"
    path = tmp_path / "table-only.docx"
    d.save(path)
    nowhere = Finding("TX05", "test", Severity.WARNING, "没有位置", ())
    out = annotate(result_for(path, [nowhere]), str(tmp_path / "out"))
    word = docx.Document(out)
    (comment,) = word.comments
    assert anchored_texts(word)[comment.comment_id] == "项目"
    assert paragraph_texts(out) == paragraph_texts(path)


def test_fallback_in_a_document_without_text_is_an_empty_range(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    path = tmp_path / "blank.docx"
    d.save(path)
    nowhere = Finding("TX05", "test", Severity.WARNING, "没有位置", ())
    result = FileResult(path=str(path), kind="docx", findings=[nowhere], document=None)
    result.document = type("Blank", (), {"text": "", "blocks": []})()  # the reader refuses an empty file
    out = annotate(result, str(tmp_path / "out"))
    word = docx.Document(out)
    (comment,) = word.comments
    assert comment.text == "[TX05 警告] 没有位置"
    assert anchored_texts(word)[comment.comment_id] == ""
    assert word.element.body.xpath(f".//w:commentReference[@w:id='{comment.comment_id}']")
    assert paragraph_texts(out) == paragraph_texts(path)
