"""What a report's title says it is about: a project report's own project, as its figures may name it."""

import pytest

from auditor.extract import extract
from auditor.extract.titles import project_names
from auditor.readers import read_bytes


def _doc(text):
    return read_bytes(text.encode("utf-8"), "r.txt")


@pytest.mark.parametrize("title, names", [
    ("琼中黎族苗族自治县2025年农村危房改造补助资金\n项目支出绩效自评报告", ("农村危房改造补助资金", "农村危房改造")),
    ("富平县困难群众救助补助资金\n2025年度项目支出绩效自评报告", ("困难群众救助补助资金", "困难群众救助")),
    ("洛阳市偃师区残疾人联合会\n2025年残疾人康复救助专项资金项目支出绩效自评报告",
     ("残疾人联合会残疾人康复救助专项资金", "残疾人联合会残疾人康复救助", "残疾人康复救助专项资金", "残疾人康复救助")),
    ("2025年高标准农田建设项目绩效自评报告", ("高标准农田建设",)),
])
def test_a_project_reports_names_for_its_project(title, names):
    assert project_names(_doc(title + "\n\n一、项目概述\n")) == names


def test_a_department_report_names_no_project():
    assert project_names(_doc("富平县民政局2025年度部门整体支出绩效自评报告\n\n一、部门概况\n")) == ()


def test_a_figure_named_with_the_project_is_the_projects_own():
    text = ("富平县困难群众救助补助资金\n2025年度项目支出绩效自评报告\n\n一、项目概述\n"
            "2025年，困难群众救助补助资金全年预算7,228.00万元，全县实际支出困难群众救助补助资金7,105.62万元。\n")
    concepts = {f.concept for f in extract(_doc(text)).figures}
    assert concepts == {"adjusted_budget", "executed"}  # (not 项目支出's: the project is the report's whole)
