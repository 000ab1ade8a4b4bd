"""The unit a table states (in a header, a 单位 cell or a caption) and the scope its section gives."""

from __future__ import annotations

from auditor.extract import extract
from auditor.readers.text import read_text


def facts_of(text: str):
    return extract(read_text("t.md", text.encode("utf-8"), "md"))


def cell(facts, row: int, col: int):
    [fig] = [f for f in facts.figures if f.table is not None and (f.row, f.col) == (row, col)]
    return fig


def test_a_caption_unit_is_the_amounts_unit_only():
    facts = facts_of("单位：万元\n\n| 项目 | 全年预算数 | 执行数 | 执行率 | 分值 | 得分 |\n|---|---|---|---|---|---|\n"
                     "| 合计 | 3,050.00 | 2,972.38 | 97.46 | 10 | 9.75 |\n")
    assert cell(facts, 2, 2).quantity.unit == "万元" and cell(facts, 2, 3).quantity.unit == "万元"
    assert cell(facts, 2, 2).concept == "adjusted_budget" and cell(facts, 2, 3).concept == "executed"
    for col in (4, 5, 6):  # a rate, a weight, a score: no money
        assert cell(facts, 2, col).quantity.dimension != "money", col


def test_a_header_unit_applies_to_its_column():
    facts = facts_of("| 项目 | 金额（万元） | 人数（人） |\n|---|---|---|\n| 低保 | 120.50 | 320 |\n")
    assert cell(facts, 2, 2).quantity.unit == "万元"
    assert cell(facts, 2, 3).quantity.unit == "人"


def test_a_table_under_a_project_section_is_the_projects():
    facts = facts_of("全年预算数为3384.46万元，全年实际支出资金3301.75万元。\n\n### （二）项目支出\n\n"
                     "| 资金来源 | 全年预算（万元） | 执行数（万元） |\n|---|---|---|\n"
                     "| 上级资金 | 612.34 | 587.20 |\n| 本级资金 | 1259.72 | 1207.73 |\n| 合计 | 1872.06 | 1794.93 |\n")
    assert cell(facts, 4, 2).concept == "project.adjusted_budget"
    assert cell(facts, 4, 3).concept == "project.executed"


def test_a_unit_in_a_header_merged_over_sub_columns(tmp_path):
    from auditor.readers import read_document
    from sample_files import build_docx

    grid = [["项目", "预算数（万元）", "<", "执行数（万元）"],
            ["^", "年初", "全年", "^"],
            ["合计", "2,056.82", "2,921.12", "2,803.44"]]
    facts = extract(read_document(str(build_docx(tmp_path / "t.docx", ["单位情况"], grid))))
    units = {f.col: f.quantity.unit for f in facts.figures if f.table is not None}
    assert units == {2: "万元", 3: "万元", 4: "万元"}


def test_a_cell_stating_figures_is_no_column_header():
    facts = facts_of("| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
                     "| 预算执行率 | 年度预算数500.00万元 | 执行数480.00万元，执行率96.00% | 10 | 9.6 |\n"
                     "| 培训养老服务人员人次 | ≥1000人次 | 960人次 | 15 | 14.4 |\n")
    assert cell(facts, 3, 3).label.endswith("/实际完成值")
