"""Report facts read from realistic, consistent reports: the execution score past its stated weight, a
project report's execution score, the year of a title without 年度, and a total written as a plain
自评得分 in the conclusion — each with the cases where nothing must be read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.extract import extract
from auditor.readers import read_document

D = Decimal


def _facts(tmp_path: Path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read_document(str(path)))


def _written(facts, fig) -> str:
    return facts.doc.text[fig.start:fig.end]


# --------------------------------------------------------------------------------------------------------
# execution score


def test_execution_score_past_the_stated_weight(tmp_path):
    facts = _facts(tmp_path, "某县教育局2022年度部门整体支出绩效自评报告\n\n"
                             "本年度预算执行率为98.00%，预算执行率指标权重10分，得9.80分。\n")
    assert facts.report.execution_score is not None
    assert _written(facts, facts.report.execution_score) == "9.80分"


def test_execution_score_past_a_weight_with_fenzhi(tmp_path):
    facts = _facts(tmp_path, "全年预算执行率为95%，该指标分值为10分，自评得分9.5分。\n")
    assert _written(facts, facts.report.execution_score) == "9.5分"


def test_no_execution_score_across_sentences(tmp_path):
    facts = _facts(tmp_path, "本年度预算执行率为98.00%，预算执行率指标权重10分。资助学生人次指标得分6分。\n")
    assert facts.report.execution_score is None


def test_no_execution_score_past_a_figure_that_is_no_weight(tmp_path):
    # 5个百分点 is no weight: what follows it is not read as the execution score
    facts = _facts(tmp_path, "本年度预算执行率为98%，较上年提高5个百分点，资助学生人次指标得分6分。\n")
    assert facts.report.execution_score is None


PROJECT_REPORT = """某县2023年农村供水工程项目支出绩效自评报告

三、绩效目标完成情况分析

项目全年预算100.00万元，实际支出100.00万元，预算执行率100%，得10分。

1.铺设供水管网长度：年度指标值≥80公里，实际完成86.4公里，完成率108%，分值90分，得分90分。

五、自评结论

经综合评价，该项目绩效自评综合得分100分，评价等级为“优”。
"""


def test_project_report_execution_score(tmp_path):
    facts = _facts(tmp_path, PROJECT_REPORT)
    assert _written(facts, facts.report.execution_score) == "10分"
    assert facts.report.year == 2023


def test_department_report_project_rate_score_is_not_the_execution_score(tmp_path):
    facts = _facts(tmp_path, "某县教育局2023年度部门整体支出绩效自评报告\n\n"
                             "全年预算数500.00万元，实际支出490.00万元，预算执行率98%。\n\n"
                             "校舍维修项目支出执行率为60%，得9分。\n")
    assert facts.report.execution_score is None


# --------------------------------------------------------------------------------------------------------
# the year


def test_year_from_a_title_without_niandu(tmp_path):
    facts = _facts(tmp_path, "都安瑶族自治县2022年农村义务教育学生营养改善计划\n项目支出绩效自评报告\n\n"
                             "项目名称：2022年农村义务教育学生营养改善计划\n主管部门：都安瑶族自治县教育局\n"
                             "填报日期：2023年3月10日\n\n一、项目基本情况\n\n本项目覆盖全县农村学校。\n")
    assert facts.report.year == 2022
    assert facts.report.year_field.text == "2022年"


@pytest.mark.parametrize("text, name, year", [
    pytest.param("# 秦安县2023年农村供水保障工程项目支\n\n# 出绩效自评报告\n\n主管部门：秦安县水务局\n\n一、项目基本情况\n\n"
                 "本项目建设蓄水池6座。\n", "report.md", 2023, id="title-split-over-two-lines"),
    pytest.param("某县2024年部门整体支出绩效自评报告\n\n评价年度：2023年度\n\n一、部门概况\n", "report.txt", 2023,
                 id="niandu-still-comes-first"),
    pytest.param("2023年3月编制的绩效自评报告\n\n一、项目概况\n\n本项目2022年实施。\n", "report.txt", None,
                 id="no-year-from-a-date-in-the-title"),
    pytest.param("农村供水工程项目支出绩效自评报告\n\n一、项目概况\n\n本项目2022年开工，2023年完工。\n", "report.txt", None,
                 id="no-year-from-arbitrary-text"),
    pytest.param("2022年农村供水工程实施方案\n\n一、项目概况\n\n本项目覆盖6个乡镇。\n", "report.txt", None, id="no-year-from-a-title-that-is-no-report"),
])
def test_the_report_year(tmp_path, text, name, year):
    assert _facts(tmp_path, text, name).report.year == year


# --------------------------------------------------------------------------------------------------------
# the total as a plain 自评得分 in the conclusion


CONCLUSION = """三、绩效目标完成情况

全年预算执行率95.24%，得9.52分。

五、自评结论

{}
"""


def test_total_as_plain_self_evaluation_score_in_the_conclusion(tmp_path):
    facts = _facts(tmp_path, CONCLUSION.format(
        "综合评价，宾川县文化和旅游局2023年度部门整体支出绩效自评得分96.19分，等级为“优”。"))
    assert _written(facts, facts.report.total_score) == "96.19分"
    assert facts.report.grade_key == "优"


def test_part_scores_in_the_conclusion_are_no_total(tmp_path):
    facts = _facts(tmp_path, CONCLUSION.format(
        "预算执行自评得分9.5分，产出绩效自评得分45分，效益绩效自评得分40分，评价等级为“优”。"))
    assert facts.report.total_score is None


def test_an_indicator_score_in_the_conclusion_is_no_total(tmp_path):
    facts = _facts(tmp_path, CONCLUSION.format("满意度指标自评得分8分，评价等级为“优”。"))
    assert facts.report.total_score is None


def test_plain_self_evaluation_score_outside_the_conclusion_is_no_total(tmp_path):
    facts = _facts(tmp_path, "三、绩效目标完成情况\n\n部门整体支出绩效自评得分86分，等级为“优”。\n")
    assert facts.report.total_score is None


def test_zonghe_defen_still_preferred(tmp_path):
    facts = _facts(tmp_path, CONCLUSION.format(
        "部门整体支出绩效自评得分96.19分。经自评，综合得分96.19分，评价等级为“优”。"))
    assert facts.report.total_score.concept == "total_score"


# --------------------------------------------------------------------------------------------------------
# the reporting unit: its own label before the parent's


@pytest.mark.parametrize("cover", [
    "主管部门：元氏县卫生健康局\n\n单位名称：元氏县妇幼保健院\n\n",
    "单位名称：元氏县妇幼保健院\n\n主管部门：元氏县卫生健康局\n\n",
    "| 主管部门 | 元氏县卫生健康局 |\n| --- | --- |\n| 单位名称 | 元氏县妇幼保健院 |\n\n",
], ids=["parent-first", "unit-first", "table"])
def test_unit_is_the_units_own_name_not_its_parents(tmp_path, cover):
    facts = _facts(tmp_path, cover + "元氏县妇幼保健院承担全县孕产妇和儿童保健工作。\n", name="cover.md")
    assert facts.report.unit.text == "元氏县妇幼保健院"


def test_parent_names_the_unit_when_nothing_else_does(tmp_path):
    facts = _facts(tmp_path, "主管部门：元氏县卫生健康局\n\n全年预算数为 100 万元。\n")
    assert facts.report.unit.text == "元氏县卫生健康局"
