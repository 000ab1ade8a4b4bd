"""自评表 read as indicators and report facts: headers over several rows (Word cells merged across and
down), completion worked out from target and actual, the total and grade a scoring note does not
override, the grade in a table cell, and values written in words."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.extract import extract
from auditor.extract.indicators import derived_completion, stated_in_words
from auditor.readers import read_document
from sample_files import build_docx

D = Decimal


# 绩效指标 merged across the three category columns, the other headers merged down over two rows,
# 一级指标 merged down over its indicators
MERGED_HEADER = [
    ["绩效指标", "<", "<", "年度指标值", "实际完成值", "分值", "得分"],
    ["一级指标", "二级指标", "三级指标", "^", "^", "^", "^"],
    ["产出指标", "数量指标", "新建供水管网长度", "≥40公里", "40公里", "30", "30"],
    ["^", "时效指标", "维修响应及时率", "≥95%", "85.5%", "20", "20"],
    ["效益指标", "社会效益指标", "农村自来水普及率", "≥95%", "96%", "40", "40"],
    ["预算执行", "预算执行", "预算执行率", "100%", "90%", "10", "9"],
    ["合计", "<", "<", "", "", "100", "99"],
]


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    path = build_docx(tmp_path_factory.mktemp("merged") / "merged.docx", [], MERGED_HEADER,
                        ["本单位2023年度部门整体支出绩效自评综合得分99分，评价结果为“优秀”。"])
    return extract(read_document(str(path)))


def test_merged_header_names_rows_by_the_third_level(merged):
    names = [i.name for i in merged.indicators if i.source == "table"]
    assert names == ["新建供水管网长度", "维修响应及时率", "农村自来水普及率", "预算执行率"]


def test_merged_header_row_values(merged):
    row = next(i for i in merged.indicators if i.name == "维修响应及时率")
    assert (row.target.quantity.value, row.target.quantity.comparator) == (D("95"), ">=")
    assert row.actual.quantity.value == D("85.5")
    assert (row.weight.quantity.value, row.score.quantity.value) == (D("20"), D("20"))
    assert row.number == "2"  # counted from the header's last row


def test_merged_header_execution_row_is_the_execution_score(merged):
    assert merged.report.execution_score.quantity.value == D("9")
    assert merged.report.total_score.quantity.value == D("99")


def _facts(tmp_path: Path, text: str, name: str = "report.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read_document(str(path)))


@pytest.mark.parametrize("target, actual, rate, upper", [
    ("≥12公里", "10.8公里", "90", "94.3"),       # a floor: actual ÷ target (10.85 ÷ 11.5 at most)
    ("≥5万亩", "6万亩", "100", "100"),           # exceeded: capped
    ("≤15天", "20天", "75", "79.5"),           # a ceiling exceeded: target ÷ actual (15.5 ÷ 19.5 at most)
    ("≤15天", "12天", "100", "100"),           # a ceiling kept
    ("≥95%", "94.8%", "99.79", "100"),         # "95%" may be 94.5 %: the rounding allows 100 %
    ("4个", "0个", "0", "14.3"),              # nothing done (0.5 ÷ 3.5 at most)
])
def test_derived_completion(tmp_path, target, actual, rate, upper):
    facts = _facts(tmp_path, "| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
                             f"| 新建项目数量 | {target} | {actual} | 10 | 10 |\n")
    derived = derived_completion(facts.indicators[0])
    assert derived is not None
    assert derived.rate.quantize(D("0.01")) == D(rate).quantize(D("0.01"))
    assert derived.upper.quantize(D("0.1")) == D(upper).quantize(D("0.1"))


@pytest.mark.parametrize("name, target, actual", [
    ("道路硬化里程", "≥12公里", "≥12公里"),           # the actual only says the target was met
    ("道路硬化里程", "≥12公里", "10.8万元"),           # different units
    ("安全生产事故发生起数", "3起", "1起"),              # no comparator, and maybe a ceiling
    ("长效机制", "健全", "健全"),                        # qualitative
])
def test_no_derived_completion(tmp_path, name, target, actual):
    facts = _facts(tmp_path, "| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
                             f"| {name} | {target} | {actual} | 10 | 10 |\n")
    assert all(derived_completion(i) is None for i in facts.indicators)


def test_scoring_note_does_not_override_the_total(tmp_path):
    facts = _facts(tmp_path, "本年度部门整体支出绩效自评综合得分86.24分，评价结果为“良好”。\n\n"
                             "评分说明：满分100分；总分90分（含）以上为优秀，80分（含）至90分为良好。\n")
    assert facts.report.total_score.quantity.value == D("86.24")
    assert facts.report.grade_key == "良"


def test_grade_of_the_evaluation_not_of_the_works(tmp_path):
    facts = _facts(tmp_path, "工程质量等级为“合格”。\n\n本年度部门整体支出绩效自评综合得分98.83分，评价结果为“优秀”。\n")
    assert (facts.report.grade.text, facts.report.grade_key) == ("优秀", "优")


def test_grade_in_its_own_clause_without_a_total(tmp_path):
    facts = _facts(tmp_path, "经自评，本单位绩效评价结果为“良”。\n")
    assert facts.report.grade_key == "良"


def test_grade_in_a_table_cell(tmp_path):
    facts = _facts(tmp_path, "| 三级指标 | 分值 | 得分 |\n|---|---|---|\n| A指标 | 90 | 75 |\n"
                             "| 总分 | 100 | 83.65 |\n| 评价等级 | 优秀 | |\n")
    assert facts.report.total_score.quantity.value == D("83.65")
    assert (facts.report.grade.text, facts.report.grade_key) == ("优秀", "优")


def test_actual_value_in_words(tmp_path):
    facts = _facts(tmp_path, "长效机制：年度指标值为有效，实际完成值为有效，完成率100%，权重20分，得分20分。\n\n"
                             "| 三级指标 | 年度指标值 | 实际完成值 | 完成率 | 分值 | 得分 |\n|---|---|---|---|---|---|\n"
                             "| 服务水平 | 明显提升 | 逐步提高 | 100% | 5 | 5 |\n| 办事评价 | 好 | — | 100% | 5 | 5 |\n")
    by_name = {i.name: i for i in facts.indicators}
    assert stated_in_words(facts.doc, by_name["长效机制"], "actual").text == "有效"
    assert stated_in_words(facts.doc, by_name["服务水平"], "actual").text == "逐步提高"
    assert stated_in_words(facts.doc, by_name["办事评价"], "actual") is None


def test_indicator_named_after_its_number(tmp_path):
    facts = _facts(tmp_path, "指标二：工程验收合格率：年度指标值100%，实际完成值100%，完成率100%，权重分值为15分，自评得分15分。\n\n"
                             "• 数量指标——培训人次：目标值≥1200人次，实际值1260人次，完成率100%，权重15分，得分15分。\n")
    assert [i.name for i in facts.indicators] == ["工程验收合格率", "培训人次"]
