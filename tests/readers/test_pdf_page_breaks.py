"""Tables broken across a page read from the PDF as from the .docx they were converted from.

Two kinds of input. Small PDFs written here byte by byte (the helpers of ``test_pdf.py``): the rules
for joining the parts of a table, fast. And reports written with python-docx and converted by
LibreOffice, as people make their PDFs (slow: skipped without ``soffice``): where the page breaks is
set by the space before the table's caption, worked out from a first conversion of the same tables,
so the break falls where it should whatever the fonts' metrics. Each report has a twin with a real
error in the table, which the PDF must still report as the .docx does.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from auditor.engine import audit_file
from auditor.model import BlockKind
from auditor.readers import read_document
from tests.e2e.test_docx_libreoffice import convert
from tests.readers.test_pdf import _write, grid, make_pdf, text


def _table(doc) -> dict[tuple[int, int, int], str]:
    """Every table cell: (table, row, column) -> its text without line breaks or spaces, but for a
    space between two digits (a figure read as two: the PDF puts spaces where the .docx has none)."""
    return {(b.table, b.row, b.col): re.sub(r"\s+", "", re.sub(r"(?<=\d)\s+(?=\d)", "_", doc.block_text(b)))
            for b in doc.blocks if b.kind == BlockKind.TABLE_CELL}


# --------------------------------------------------------------------------------------------------
# PDFs written by hand: the joining rules, one at a time.

# Helvetica 11 in cells whose text starts 4 points in: "Annual tar" is 50.1 points wide, "Green area of"
# 67.7, "Delayed by the" 72.9, so each fills the cell it is put in below, and the word after it would
# not have fitted.


def _report(tmp_path, name: str, first: str, second: str):
    """Two pages: a table closing the first (nothing below it), its rest opening the second."""
    first = text(72, 815, "The indicators of the year, as the table below states them:") + first
    second += text(72, 600, "The table ends here, and the text goes on.")
    return read_document(_write(tmp_path, name, make_pdf([first, second])))


def _row(xs: list[float], y: float, cells: list[str]) -> str:
    return "".join(text(x + 4, y - 14, s) for x, s in zip(xs, cells) if s)


def _merged_header(under_score: str) -> tuple[str, str]:
    """A header over two rows broken between them: "Indicators" spans the first two columns, above
    Level 1 and Level 2; "Annual target value" (58 points wide), "Score" and "Remarks" span both rows."""
    xs = [72, 150, 230, 288, 380, 460]
    first = grid(xs, [790, 770], skip={(0, 1)})
    first += _row([72, 230, 288, 380], 790, ["Indicators", "Annual tar", "Score", "Remarks"])
    second = grid(xs, [800, 780, 760])
    second += _row(xs, 800, ["Level 1", "Level 2", "get value", under_score, ""])
    second += _row(xs, 780, ["Output", "Roads", "30 km", "30", "none"])
    return first, second


def test_merged_header_cut_by_the_page_goes_back_into_its_cell(tmp_path):
    """The column lines differ (a merged cell on the first page hides one); the rest of a cell that
    the break cut (its last line full) goes back into it, and the row under the merged cell stays."""
    doc = _report(tmp_path, "header.pdf", *_merged_header(""))
    cells = _table(doc)
    assert {t for t, _, _ in cells} == {1}
    assert cells[(1, 1, 1)] == "Indicators" and cells[(1, 1, 3)] == "Annualtargetvalue"
    assert cells[(1, 1, 4)] == "Score" and cells[(1, 1, 5)] == "Remarks"
    assert cells[(1, 2, 1)] == "Level1" and cells[(1, 2, 2)] == "Level2" and (1, 2, 3) not in cells
    assert [cells[(1, 3, c)] for c in range(1, 6)] == ["Output", "Roads", "30km", "30", "none"]


def test_text_under_a_cell_not_cut_is_a_row_of_its_own(tmp_path):
    """The same break with a weight under "Score", a cell whose text was not cut: the row is a new one
    and nothing in it is joined to the row above."""
    doc = _report(tmp_path, "header-twin.pdf", *_merged_header("Weight"))
    cells = _table(doc)
    assert cells[(1, 1, 3)] == "Annualtar"
    assert [cells.get((1, 2, c)) for c in range(1, 5)] == ["Level1", "Level2", "getvalue", "Weight"]


def test_tables_whose_column_lines_differ_stay_apart(tmp_path):
    """A table opening the next page whose column lines are not among those of the table closing the
    page before (nor the other way round) is another table, even with the same outer edges."""
    first = grid([72, 200, 330, 460], [790, 770]) + _row([72, 200, 330], 790, ["Budget", "7047.68", "4044.35"])
    second = grid([72, 150, 250, 350, 460], [800, 780]) + _row([72, 150, 250, 350], 800, ["Roads", "30", "30", "none"])
    cells = _table(_report(tmp_path, "two-tables.pdf", first, second))
    assert cells[(1, 1, 2)] == "7047.68" and cells[(2, 1, 2)] == "30"


def _repeated_header(header_again: list[str]) -> tuple[str, str]:
    xs = [72, 200, 330, 460]
    header = ["Indicator", "Target", "Score"]
    first = grid(xs, [790, 770, 750, 730])
    first += _row(xs, 790, header) + _row(xs, 770, ["Roads", "30 km", "30"]) + _row(xs, 750, ["Parks", "15 ha", "27"])
    second = grid(xs, [800, 780, 760])
    second += _row(xs, 800, header_again) + _row(xs, 780, ["Satisfaction", "90%", "30"])
    return first, second


def test_header_rows_repeated_on_the_next_page_are_read_once(tmp_path):
    doc = _report(tmp_path, "repeated.pdf", *_repeated_header(["Indicator", "Target", "Score"]))
    cells = _table(doc)
    assert [cells[(1, r, 1)] for r in range(1, 5)] == ["Indicator", "Roads", "Parks", "Satisfaction"]
    assert max(r for _, r, _ in cells) == 4


def test_a_first_row_unlike_the_header_is_kept(tmp_path):
    doc = _report(tmp_path, "not-repeated.pdf", *_repeated_header(["Indicator", "Target", "Weight"]))
    cells = _table(doc)
    assert [cells[(1, r, 3)] for r in range(1, 6)] == ["Score", "30", "27", "Weight", "30"]


def _split_row(rest: list[str]) -> tuple[str, str]:
    """A table whose last row on the first page (name, target, score, reason) may go on on the next."""
    xs = [72, 150, 230, 290, 380]
    first = grid(xs, [790, 770, 750])
    first += _row(xs, 790, ["Indicator", "Target", "Score", "Reasons"])
    first += _row(xs, 770, ["Green area of", "15 ha", "27", "Delayed by the"])
    second = grid(xs, [800, 780, 760])
    second += _row(xs, 800, rest) + _row(xs, 780, ["Satisfaction", ">= 90%", "30", "none"])
    return first, second


def test_a_row_broken_across_the_page_with_text_in_its_label_column_is_one_row(tmp_path):
    """The rest of the indicator's name and of its reason open the next page: both cells above were
    cut by the break (their last lines full), so the row is one row again."""
    cells = _table(_report(tmp_path, "split.pdf", *_split_row(["new parks", "", "", "land purchase."])))
    assert cells[(1, 2, 1)] == "Greenareaofnewparks" and cells[(1, 2, 4)] == "Delayedbythelandpurchase."
    assert cells[(1, 3, 1)] == "Satisfaction"
    assert max(r for _, r, _ in cells) == 3


def test_a_new_row_under_a_full_name_is_not_joined(tmp_path):
    """A row of its own opening the next page, with a target under the target above (which was not
    cut), stays a row even though the name above fills its cell."""
    cells = _table(_report(tmp_path, "new-row.pdf", *_split_row(["new parks", "10 ha", "10", "none"])))
    assert cells[(1, 2, 1)] == "Greenareaof" and cells[(1, 3, 1)] == "newparks" and cells[(1, 3, 2)] == "10ha"
    assert max(r for _, r, _ in cells) == 4


# --------------------------------------------------------------------------------------------------
# Reports written with python-docx and converted by LibreOffice.

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
BUDGET_HEADER = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
BUDGET_ROWS = [["年度资金总额", "4,860.25", "5,312.40", "5,163.65", "10", "97.20%", "9.72"],
               ["其中：当年财政拨款", "4,500.00", "4,920.00", "4,782.24", "—", "97.20%", "—"],
               ["其他资金", "360.25", "392.40", "381.41", "—", "97.20%", "—"]]
LONG_REASON = "偏差原因：2处地块征收滞后，绿地建设顺延。\n改进措施：提前协调征收，按月调度进度。"
# (indicator row, completion rate); None in the first column: the 一级指标 cell above goes on (merged)
INDICATORS = [
    (["预算执行", "预算执行", "预算执行率", "100%", "97.20%", "10", "9.72", "—"], "97.20%"),
    (["产出指标", "数量指标", "改造老旧小区户数", "≥3,600户", "3,750户", "30", "30", "—"], "100%"),
    ([None, "质量指标", "新建城市公园绿地面积", "≥15公顷", "13.5公顷", "30", "27", LONG_REASON], "90.00%"),
    (["满意度指标", "满意度", "居民满意度", "≥90%", "95%", "30", "30", "—"], "100%"),
]  # scores 9.72 + 30 + 27 + 30 = 96.72
# A figure that wraps inside its narrow cell: 15,200 of 16,000 people is 95%, worth 28.5 of 30 (no
# rate written: it is worked out from the figures).
WRAPPING = [
    (["预算执行", "预算执行", "预算执行率", "100%", "97.20%", "10", "9.72", "—"], "97.20%"),
    (["产出指标", "数量指标", "城镇困难群众救助人数", "≥16,000人", "15,200人", "30", "28.5", "—"], ""),
    ([None, "数量指标", "新建社区养老服务站点", "≥20个", "20个", "30", "30", "—"], "100%"),
    (["满意度指标", "满意度", "救助对象满意度", "≥90%", "96%", "30", "30", "—"], "100%"),
]  # 9.72 + 28.5 + 30 + 30 = 98.22


@dataclass
class Report:
    """A 自评表 and where the page is to break it: before ``row`` (0-based, the table's own rows), or
    inside it after ``lines`` lines of its tallest cell."""

    indicators: list
    total: str
    row: int
    lines: int = 0
    budget_block: bool = False  # the 部门预算资金 rows (with 预算执行's score) above the other indicators
    two_row_header: bool = False  # 绩效指标 over 一级/二级/三级指标, the other headings merged down
    completion: bool = False  # a 完成率 column
    centred: bool = False  # cells centred vertically
    repeat_header: bool = False  # the header rows repeated at the top of each page
    edits: dict = field(default_factory=dict)  # (indicator, column) -> text: the twin's error


def _put(cell, value: str) -> None:
    cell.text = ""
    first, *more = value.split("\n")
    cell.paragraphs[0].add_run(first)
    for line in more:
        cell.add_paragraph(line)


def _write_report(document, report: Report, caption_space: float, new_page: bool) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    title = document.add_paragraph("某区住房和城乡建设局2023年度部门整体支出绩效自评报告")
    title.paragraph_format.page_break_before = new_page
    caption = document.add_paragraph("表2 部门整体支出绩效自评表")
    caption.paragraph_format.space_before = Pt(caption_space)
    header = list(INDICATOR_HEADER)
    rows = []
    # the budget block scores 预算执行 itself, so the indicators start with the next one
    for i, (cells, rate) in enumerate(report.indicators[1:] if report.budget_block else report.indicators):
        cells = [report.edits.get((i, j), v) for j, v in enumerate(cells)]
        rows.append(cells[:5] + [rate] + cells[5:] if report.completion else cells)
    if report.completion:
        header.insert(5, "完成率")
    width, k = len(header), int(report.completion)
    top = 4 if report.budget_block else 0
    heads = 2 if report.two_row_header else 1
    table = document.add_table(rows=top + heads + len(rows) + 1, cols=width)
    table.style = "Table Grid"
    if report.budget_block:
        _put(table.cell(0, 0).merge(table.cell(3, k)), "部门预算资金\n（万元）")
        for j, heading in enumerate(BUDGET_HEADER):
            _put(table.cell(0, width - 6 + j), heading)
        for i, values in enumerate(BUDGET_ROWS, start=1):
            for j, value in enumerate(values):
                _put(table.cell(i, width - 7 + j), value)
    if report.two_row_header:
        _put(table.cell(top, 0).merge(table.cell(top, 2)), "绩效指标")
        for j in range(3, width):
            _put(table.cell(top, j).merge(table.cell(top + 1, j)), header[j])
        for j in range(3):
            _put(table.cell(top + 1, j), header[j])
    else:
        for j, heading in enumerate(header):
            _put(table.cell(top, j), heading)
    first = top + heads
    for i, cells in enumerate(rows):
        for j, value in enumerate(cells):
            if value is not None:
                _put(table.cell(first + i, j), value)
    i = 0
    while i < len(rows):  # a 一级指标 cell goes on down over the rows that have none of their own
        end = i
        while end + 1 < len(rows) and rows[end + 1][0] is None:
            end += 1
        if end > i:
            _put(table.cell(first + i, 0).merge(table.cell(first + end, 0)), rows[i][0])
        i = end + 1
    last = first + len(rows)
    _put(table.cell(last, 0).merge(table.cell(last, 4 + k)), "总分")
    _put(table.cell(last, 5 + k), "100")
    _put(table.cell(last, 6 + k), report.total)
    if report.centred:
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if report.repeat_header:
        for row in table.rows[:top + heads]:
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(mark)


def _new_document():
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    return document


def _caption_space(page, report: Report, body_bottom: float) -> float:
    """The space before the caption that puts the page's foot where ``report`` wants it, measured on
    a conversion with none (the table then starts at the same place on its own page)."""
    [table] = page.find_tables()
    rows = table.rows
    if not report.lines:  # the rows before fit, this one does not (a row's box takes in its merged cells)
        return body_bottom - rows[report.row].bbox[1] - 2
    tops: list[list[float]] = []
    for cell in rows[report.row].cells:
        if cell is None:
            continue
        inside = sorted(c["top"] for c in page.chars
                        if cell[0] <= c["x0"] and c["x1"] <= cell[2] and cell[1] <= c["top"] < cell[3])
        lines = [t for i, t in enumerate(inside) if i == 0 or t - inside[i - 1] > 2]
        tops.append(lines)
    tallest = max(tops, key=len)
    assert len(tallest) > report.lines + 1, "the row is too short to break inside"
    return body_bottom - tallest[report.lines] + 1  # the glyphs of the next line start below the foot


REPORTS = {
    # the header's two rows on two pages, the headings merged over both cut between them
    "two_row_header": Report(INDICATORS, "96.72", row=1, two_row_header=True),
    # only the first row of the 部门预算资金 block on the first page
    "budget_block": Report(INDICATORS, "96.72", row=1, budget_block=True, completion=True, centred=True),
    # the row of the long reason broken after two lines: the rest of its name and reason on the next page
    "row_split": Report(INDICATORS, "96.72", row=3, lines=2, completion=True, centred=True),
    # the header rows (the budget block among them) repeated above the rest of a broken row
    "repeated_header": Report(INDICATORS, "96.72", row=6, lines=2, budget_block=True, repeat_header=True),
    # the row of the wrapping figures opening the next page
    "wrapped_figure": Report(WRAPPING, "98.22", row=2, completion=True, centred=True),
}
# Each twin has an error the checks must still report in the PDF: a total off by one (AM01 and SC04),
# or a full score for 95% of the target (SC02).
ERRORS = {name: {"total": str(Decimal(r.total) + 1)} for name, r in REPORTS.items()}
ERRORS["wrapped_figure"] = {"edits": {(1, 6): "30"}, "total": "99.72"}
EXPECTED = {name: {"AM01", "SC04"} for name in REPORTS} | {"wrapped_figure": {"SC02"}}


def _twin(report: Report, name: str) -> Report:
    error = ERRORS[name]
    return Report(**{**report.__dict__, "total": error["total"], "edits": error.get("edits", {})})


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[tuple[str, str], tuple[str, str]]:
    """(report, "ok" | "error") -> (.docx, .pdf), each table broken where its report says."""
    import pdfplumber

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("page-breaks")
    reports = {(name, twin): (report if twin == "ok" else _twin(report, name))
               for name, report in REPORTS.items() for twin in ("ok", "error")}
    probe = _new_document()
    for i, report in enumerate(reports.values()):
        _write_report(probe, report, 0, new_page=i > 0)
    section = probe.sections[0]
    body_bottom = section.page_height.pt - section.bottom_margin.pt
    probe.save(work / "probe.docx")
    spaces = {}
    with pdfplumber.open(convert(soffice, work / "probe.docx", "pdf", work)) as pdf:
        assert len(pdf.pages) == len(reports), "each probed table fits on its page"
        for page, (key, report) in zip(pdf.pages, reports.items()):
            spaces[key] = _caption_space(page, report, body_bottom)

    def build(key) -> tuple[str, str]:
        name = "-".join(key)
        document = _new_document()
        _write_report(document, reports[key], spaces[key], new_page=False)
        source = work / f"{name}.docx"
        document.save(source)
        return str(source), str(convert(soffice, source, "pdf", work / name))

    for key in reports:
        (work / "-".join(key)).mkdir()
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(reports, pool.map(build, reports)))


def _findings(path: str) -> set[tuple[str, str]]:
    result = audit_file(path)
    assert result.error is None, result.error
    return {(f.code, re.sub(r"\s+", "", f.message)) for f in result.findings if f.severity.value != "info"}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("twin", ["ok", "error"])
def test_libreoffice_pdf_reads_like_its_docx(converted, name, twin):
    """The table broken across the page reads as in the .docx, cell for cell, and the checks find in
    the PDF what they find in the .docx: nothing in the correct report, its error in the twin."""
    import pdfplumber

    source, pdf = converted[(name, twin)]
    report = REPORTS[name]
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 2 and document.pages[1].find_tables(), "the table runs on to page 2"
        [on_first_page] = document.pages[0].find_tables()
        assert len(on_first_page.rows) == report.row + bool(report.lines), "the page breaks where it should"
    expected = _table(read_document(source))
    assert _table(read_document(pdf)) == expected
    found, wanted = _findings(pdf), _findings(source)
    assert found == wanted
    codes = {code for code, _ in found}
    if twin == "ok":
        assert not codes & {"AM01", "SC02", "SC04"}
    else:
        assert EXPECTED[name] & codes
