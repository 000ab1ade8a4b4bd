"""Extraction on reports the project has never seen: other departments, templates, word orders and formats.

Every document here is written for this file (none is a copy of a seed report). Each case spells out the
facts a careful reader takes from the text, field by field; nothing is asserted that the genre leaves open.

Figures are looked up by the text they cover in the file (``Figure.start:Figure.end``: the number and its
unit, without a comparator written before it), e.g. ``"1,279.34万元"`` or ``"1200人次"``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.extract import extract
from auditor.readers import read_document
from sample_files import build_docx

D = Decimal


# --------------------------------------------------------------------------------------------------------
# helpers


def _write(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return path


def _extract(path: Path):
    return extract(read_document(str(path)))


def _written(facts, fig) -> str:
    return facts.doc.text[fig.start:fig.end]


def fig_at(facts, written: str, nth: int = 0):
    """The ``nth`` figure (document order) whose span in the file reads ``written``."""
    found = [f for f in facts.figures if _written(facts, f) == written]
    assert len(found) > nth, \
        f"no figure #{nth} written {written!r}; figures: {[_written(facts, f) for f in facts.figures]}"
    return found[nth]


def figure_facts(fig) -> dict:
    q = fig.quantity
    return {
        "value": q.value, "decimals": q.decimals, "unit": q.unit, "base_unit": q.base_unit,
        "base_value": q.base_value, "dimension": q.dimension, "approx": set(q.approx),
        "comparator": q.comparator, "concept": fig.concept, "period": fig.period, "negative": fig.negative,
        "table": fig.table, "row": fig.row, "col": fig.col,
    }


def assert_figure(fig, **expected):
    assert fig is not None, f"figure missing, expected {expected}"
    actual = figure_facts(fig)
    wrong = {k: f"expected {expected[k]!r}, got {actual[k]!r}" for k in expected if actual[k] != expected[k]}
    assert not wrong, f"label={fig.label!r}: {wrong}"


def value_unit(fig):
    return None if fig is None else (fig.quantity.value, fig.quantity.unit)


def V(value: str, unit: str = ""):
    """An expected indicator figure: value and unit as written."""
    return (D(value), unit)


def find_indicator(facts, name_part: str):
    found = [i for i in facts.indicators if name_part in i.name]
    assert len(found) == 1, \
        f"{len(found)} indicators named …{name_part}…; indicators: {[i.name for i in facts.indicators]}"
    return found[0]


def assert_indicator(ind, *, source, comparator, target, actual, weight, score, completion=None, midyear=None,
                     name=None, number=None, reason=None, measure=None):
    """Every figure field (None where the text states none); ``reason``/``measure``: the text (a trailing
    full stop aside); ``name``/``number``: asserted when given."""
    got = {
        "source": ind.source, "comparator": ind.comparator,
        "target": value_unit(ind.target), "midyear": value_unit(ind.midyear), "actual": value_unit(ind.actual),
        "completion": value_unit(ind.completion), "weight": value_unit(ind.weight), "score": value_unit(ind.score),
        "reason": ind.reason.text.rstrip("。") if ind.reason else None,
        "measure": ind.measure.text.rstrip("。") if ind.measure else None,
    }
    expected = {
        "source": source, "comparator": comparator, "target": target, "midyear": midyear, "actual": actual,
        "completion": completion, "weight": weight, "score": score, "reason": reason, "measure": measure,
    }
    if name is not None:
        got["name"], expected["name"] = ind.name, name
    if number is not None:
        got["number"], expected["number"] = ind.number, number
    wrong = {k: f"expected {expected[k]!r}, got {got[k]!r}" for k in expected if got[k] != expected[k]}
    assert not wrong, f"{ind.name}: {wrong}"


def _cell(facts, row, col):
    found = [f for f in facts.figures if f.table == 1 and f.row == row and f.col == col]
    assert len(found) == 1, (row, col, [_written(facts, f) for f in found])
    return found[0]


def find_enumeration(facts, kind: str, total_written: str, nth: int = 0):
    found = [e for e in facts.enumerations if e.kind == kind and _written(facts, e.total) == total_written]
    assert len(found) > nth, (
        f"no {kind} enumeration of {total_written!r}; enumerations: "
        f"{[(e.kind, _written(facts, e.total), [_written(facts, p) for p in e.parts]) for e in facts.enumerations]}"
    )
    return found[nth]


def grid_markdown(grid: list[list[str | None]]) -> str:
    """The same grid as a Markdown pipe table; merged cells are left empty."""
    lines = []
    for n, row in enumerate(grid):
        lines.append("| " + " | ".join("" if v in ("<", "^", None) else v for v in row) + " |")
        if n == 0:
            lines.append("|" + "---|" * len(row))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------
# 1 + 9. A county education bureau: other word orders for the budget paragraph; cover fields on consecutive
# lines (as a .txt export writes them); the conclusion sentence with score and grade.

EDUCATION = """某某县教育局2022年度部门整体支出绩效自评报告

单位名称：某某县教育局
评价年度：2022年度
填报日期：2023年3月1日

一、部门预算执行情况

全年预算执行率为96.5%，实际支出1,234.56万元，占调整后预算1,279.34万元的96.5%。

年初预算安排资金合计3,500.00万元，年中调减预算200万元，调整后预算为3300万元。

二、自评结论

经自评，我局2022年度部门整体支出综合得分92.5分，等级为“优秀”。
"""


@pytest.fixture(scope="module")
def education(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("education"), "education.txt", EDUCATION))


# (written, nth, expected facts)
EDUCATION_FIGURES = [
    ("96.5%", 0, dict(value=D("96.5"), decimals=1, unit="%", dimension="percent", comparator=None,
                      concept="execution_rate", period=None)),
    ("1,234.56万元", 0, dict(value=D("1234.56"), decimals=2, unit="万元", base_unit="元",
                            base_value=D("12345600"), dimension="money", concept="executed", period=None,
                            negative=False)),
    ("1,279.34万元", 0, dict(value=D("1279.34"), decimals=2, unit="万元", dimension="money",
                            concept="adjusted_budget", period=None)),
    # "实际支出…占调整后预算…的96.5%": the share of the budget spent is the execution rate
    ("96.5%", 1, dict(value=D("96.5"), unit="%", concept="execution_rate", period=None)),
    ("3,500.00万元", 0, dict(value=D("3500.00"), decimals=2, unit="万元", dimension="money",
                            concept="initial_budget", period=None, negative=False)),
    # "年中调减预算200万元": an adjustment, a decrease; 年中 says when it was made, it is no mid-year value
    ("200万元", 0, dict(value=D("200"), decimals=0, unit="万元", concept="adjustment", period=None,
                       negative=True)),
    ("3300万元", 0, dict(value=D("3300"), decimals=0, unit="万元", concept="adjusted_budget", period=None,
                        negative=False)),
    ("92.5分", 0, dict(value=D("92.5"), decimals=1, unit="分", dimension="score", concept="total_score")),
]


@pytest.mark.parametrize("written,nth,expected", EDUCATION_FIGURES, ids=[f"{w}#{n}" for w, n, _ in EDUCATION_FIGURES])
def test_education_budget_paragraphs(education, written, nth, expected):
    assert_figure(fig_at(education, written, nth), **expected)


def _report(facts) -> dict:
    r = facts.report
    return {
        "unit": r.unit.text if r.unit else None, "year": r.year, "filled": r.filled.text if r.filled else None,
        "execution_score": str(r.execution_score.value) if r.execution_score else None,
        "total": str(r.total_score.value) if r.total_score else None, "grade": r.grade.text if r.grade else None,
        "key": r.grade_key,
    }


def test_education_report_facts(education):
    assert _report(education) == dict(unit="某某县教育局", year=2022, filled="2023年3月1日", execution_score=None,
                                      total="92.5", grade="优秀", key="优")


# --------------------------------------------------------------------------------------------------------
# 2. A health commission: money in 亿元 and 元, approximations, last year's figures beside this year's.

HEALTH = """某市卫生健康委员会部门整体支出绩效自评报告

（2023年度）

一、部门预算安排及执行情况

2023年度我委全年预算1.2亿元，全年执行数11,680.35万元，预算执行率97.34%；上年同期执行数为10,782.60万元，较上年增长8.33%。上年度预算执行率为95.1%。

其中项目支出执行金额12,345,678.90元，占全年执行数的10.57%。

二、年度主要工作完成情况

全年接收社会捐赠1.75万余元，组织义诊服务群众约3000人，培训基层医务人员七千多人，上年同期为6,500人。
"""


@pytest.fixture(scope="module")
def health(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("health"), "health.txt", HEALTH))


HEALTH_FIGURES = [
    ("1.2亿元", dict(value=D("1.2"), decimals=1, unit="亿元", base_unit="元", base_value=D("120000000"),
                    dimension="money", approx=set(), concept="adjusted_budget", period=None)),
    ("11,680.35万元", dict(value=D("11680.35"), decimals=2, unit="万元", base_value=D("116803500"),
                          concept="executed", period=None)),
    ("97.34%", dict(value=D("97.34"), unit="%", concept="execution_rate", period=None)),
    ("10,782.60万元", dict(value=D("10782.60"), decimals=2, unit="万元", concept="executed", period="previous")),
    ("8.33%", dict(value=D("8.33"), unit="%", concept=None, period="previous")),
    ("95.1%", dict(value=D("95.1"), unit="%", concept="execution_rate", period="previous")),
    ("12,345,678.90元", dict(value=D("12345678.90"), decimals=2, unit="元", base_unit="元", dimension="money",
                            concept="project.executed", period=None)),
    ("10.57%", dict(value=D("10.57"), unit="%", concept=None, period=None)),
    ("1.75万余元", dict(value=D("1.75"), decimals=2, unit="万元", base_unit="元", base_value=D("17500"),
                       approx={"余"}, dimension="money", concept=None)),
    ("3000人", dict(value=D("3000"), decimals=0, unit="人", dimension="count", approx={"约"}, comparator=None)),
    ("七千多人", dict(value=D("7000"), decimals=0, unit="人", dimension="count", approx={"多"}, period=None)),
    ("6,500人", dict(value=D("6500"), decimals=0, unit="人", dimension="count", approx=set(), concept=None,
                    period="previous")),
]


@pytest.mark.parametrize("written,expected", HEALTH_FIGURES, ids=[w for w, _ in HEALTH_FIGURES])
def test_health_money_approximations_and_periods(health, written, expected):
    assert_figure(fig_at(health, written), **expected)


def test_health_report_year(health):
    assert health.report.year == 2023


# --------------------------------------------------------------------------------------------------------
# 3a. Narrative indicators in the 一级/二级 template of an agriculture bureau: "1.数量指标：年度指标值…"

AGRICULTURE = """某县农业农村局2023年度部门整体支出绩效自评报告

三、绩效指标完成情况

（一）产出指标

1.数量指标：年度指标值≥500户，实际完成值520户，完成率104%，分值10分，得分10分。

2.质量指标：农产品质量安全抽检合格率，年度指标值≥98%，实际完成值99.2%，完成率101.22%，分值10分，得分10分。

（二）效益指标

1.生态效益指标：农药使用量增长率，指标值：≤5%，实际完成值3%，分值15分，得分15分。
"""


@pytest.fixture(scope="module")
def agriculture(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("agriculture"), "agriculture.txt", AGRICULTURE))


AGRICULTURE_INDICATORS = [
    ("数量指标", "产出指标", dict(comparator=">=", target=V("500", "户"), actual=V("520", "户"),
                             completion=V("104", "%"), weight=V("10", "分"), score=V("10", "分"))),
    ("农产品质量安全抽检合格率", "产出指标", dict(comparator=">=", target=V("98", "%"), actual=V("99.2", "%"),
                                       completion=V("101.22", "%"), weight=V("10", "分"), score=V("10", "分"))),
    # a reverse indicator: a ceiling, no completion rate stated
    ("农药使用量增长率", "效益指标", dict(comparator="<=", target=V("5", "%"), actual=V("3", "%"), completion=None,
                                  weight=V("15", "分"), score=V("15", "分"))),
]


@pytest.mark.parametrize("name,section,expected", AGRICULTURE_INDICATORS, ids=[n for n, _, _ in AGRICULTURE_INDICATORS])
def test_agriculture_narrative_indicators(agriculture, name, section, expected):
    ind = find_indicator(agriculture, name)
    assert_indicator(ind, source="narrative", **expected)
    assert section in ind.section


def test_agriculture_indicator_count(agriculture):
    assert len(agriculture.indicators) == 3, [i.name for i in agriculture.indicators]


# --------------------------------------------------------------------------------------------------------
# 3b. Indicators whose own line carries number and name ("指标三：义务教育巩固率"), with 指标值：, 目标值为…；

SCHOOLS = """某市教育局2023年度部门整体支出绩效自评报告

四、部门整体绩效指标完成情况

指标一：学前教育毛入园率

指标值：≥90%，实际完成值：92.4%，完成率102.67%，分值10分，得分10分。

指标二：学生资助覆盖率

年度目标值为≥95%，实际完成值为93.5%，完成率98.42%，权重10分，得分9.84分。偏差原因：部分学生信息核实滞后。改进措施：加强学籍信息比对。

指标三：义务教育巩固率

目标值为100%；实际完成100%，该指标分值20分，得分20分。
"""


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("schools"), "schools.txt", SCHOOLS))


SCHOOL_INDICATORS = [
    ("指标一", "学前教育毛入园率", dict(comparator=">=", target=V("90", "%"), actual=V("92.4", "%"),
                                completion=V("102.67", "%"), weight=V("10", "分"), score=V("10", "分"))),
    ("指标二", "学生资助覆盖率", dict(comparator=">=", target=V("95", "%"), actual=V("93.5", "%"),
                               completion=V("98.42", "%"), weight=V("10", "分"), score=V("9.84", "分"),
                               reason="部分学生信息核实滞后", measure="加强学籍信息比对")),
    # "目标值为100%": no comparator written
    ("指标三", "义务教育巩固率", dict(comparator=None, target=V("100", "%"), actual=V("100", "%"), completion=None,
                               weight=V("20", "分"), score=V("20", "分"))),
]


@pytest.mark.parametrize("number,name,expected", SCHOOL_INDICATORS, ids=[n for n, _, _ in SCHOOL_INDICATORS])
def test_indicator_headings_carrying_the_name(schools, number, name, expected):
    ind = find_indicator(schools, name)
    assert_indicator(ind, source="narrative", name=name, number=number, **expected)


def test_indicator_headings_count(schools):
    assert [i.number for i in schools.indicators] == ["指标一", "指标二", "指标三"]


# --------------------------------------------------------------------------------------------------------
# 4. A 自评表 as a real Word table: merged first column, six indicator rows, a 合计 row.

HOUSING_GRID = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "棚户区改造开工套数", "≥1200套", "1260套", "10", "10", ""],
    ["^", "质量指标", "工程质量验收合格率", "≥95%", "97%", "10", "10", ""],
    ["^", "时效指标", "施工许可审批时限", "≤10天", "12天", "10", "8.33", "审批材料补正耗时较长，下步推行容缺受理。"],
    ["^", "成本指标", "预算执行率", "=100%", "96.5%", "10", "9.65", "部分工程款未达支付节点。"],
    ["效益指标", "社会效益指标", "住房保障政策培训", "≥1200人次", "1350人次", "20", "20", ""],
    ["满意度指标", "服务对象满意度指标", "保障对象满意度", "≥90%", "93.2%", "10", "10", ""],
    ["合计", "<", "<", "<", "<", "70", "67.98", ""],
]


@pytest.fixture(scope="module")
def housing(tmp_path_factory):
    path = build_docx(tmp_path_factory.mktemp("housing") / "housing.docx",
                      ["某市住房和城乡建设局2023年度部门整体支出绩效自评表", "填报单位：某市住房和城乡建设局"],
                      HOUSING_GRID)
    return _extract(path)


# (number, name, comparator, target, actual, weight, score, reason starts with)
HOUSING_ROWS = [
    ("1", "棚户区改造开工套数", ">=", V("1200", "套"), V("1260", "套"), V("10"), V("10"), None),
    ("2", "工程质量验收合格率", ">=", V("95", "%"), V("97", "%"), V("10"), V("10"), None),
    ("3", "施工许可审批时限", "<=", V("10", "天"), V("12", "天"), V("10"), V("8.33"), "审批材料补正耗时较长"),
    ("4", "预算执行率", "=", V("100", "%"), V("96.5", "%"), V("10"), V("9.65"), "部分工程款未达支付节点"),
    ("5", "住房保障政策培训", ">=", V("1200", "人次"), V("1350", "人次"), V("20"), V("20"), None),
    ("6", "保障对象满意度", ">=", V("90", "%"), V("93.2", "%"), V("10"), V("10"), None),
]


def test_housing_table_rows_are_the_indicators(housing):
    table = [i for i in housing.indicators if i.source == "table"]
    assert [(i.number, i.name) for i in table] == [(n, name) for n, name, *_ in HOUSING_ROWS]


@pytest.mark.parametrize("row", HOUSING_ROWS, ids=[r[1] for r in HOUSING_ROWS])
def test_housing_table_indicator(housing, row):
    number, name, comparator, target, actual, weight, score, reason = row
    ind = find_indicator(housing, name)
    assert (ind.source, ind.number, ind.name, ind.comparator) == ("table", number, name, comparator)
    assert (value_unit(ind.target), value_unit(ind.actual), value_unit(ind.weight), value_unit(ind.score)) == \
        (target, actual, weight, score)
    assert ind.midyear is None and ind.completion is None
    if reason is None:
        assert ind.reason is None
    else:
        assert ind.reason is not None and ind.reason.text.startswith(reason)


@pytest.mark.parametrize("row", range(2, 8))
def test_housing_table_cell_labels_name_their_column(housing, row):
    """A cell is labelled by its row's indicator and its column header, never by a figure cell beside or
    above it (``≥1200套``, ``12天`` are figures, not headers)."""
    name = HOUSING_ROWS[row - 2][1]
    target, actual = _cell(housing, row, 4), _cell(housing, row, 5)
    assert name in target.label and "年度指标值" in target.label, target.label
    assert name in actual.label and "实际完成值" in actual.label, actual.label


@pytest.mark.parametrize("col,total,parts", [
    (6, "70", ["10", "10", "10", "10", "20", "10"]),
    (7, "67.98", ["10", "10", "8.33", "9.65", "20", "10"]),
])
def test_housing_total_row(housing, col, total, parts):
    found = [e for e in housing.enumerations if e.source == "table" and e.total.col == col]
    assert len(found) == 1
    e = found[0]
    assert (e.kind, e.total.value, e.total.row) == ("sum", D(total), 8)
    assert [p.value for p in e.parts] == [D(p) for p in parts]


def test_housing_report_facts(housing):
    assert housing.report.unit is not None and housing.report.unit.text == "某市住房和城乡建设局"
    assert housing.report.year == 2023


# --------------------------------------------------------------------------------------------------------
# 5. The 财政部 项目支出绩效自评表: funds block, then the indicator block; as .docx and as Markdown.

PROJECT_GRID = [
    ["项目名称", "农村义务教育学生营养改善计划", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "某县教育局", "<", "<", "实施单位", "某县教育局", "<", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "年度资金总额", "500.00", "480.00", "456.00", "10", "95%", "9.5"],
    ["^", "其中：当年财政拨款", "450.00", "430.00", "410.00", "—", "—", "—"],
    ["^", "上年结转资金", "30.00", "30.00", "28.00", "—", "—", "—"],
    ["^", "其他资金", "20.00", "20.00", "18.00", "—", "—", "—"],
    ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<"],
    ["^", "保障全县农村义务教育学生每天享受营养膳食补助。", "<", "<", "<",
     "全年惠及农村义务教育学生3260名，补助按标准足额发放。", "<", "<"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "受益学生人数", "≥3200人", "3260人", "20", "20", ""],
    ["^", "质量指标", "食品安全抽检合格率", "100%", "100%", "15", "15", ""],
    ["^", "时效指标", "补助资金拨付及时率", "≥95%", "92%", "10", "9.68", "资金拨付审批流程较长；下年度优化拨付流程。"],
    ["^", "成本指标", "每生每天补助标准", "=5元", "5元", "15", "15", ""],
    ["效益指标", "社会效益指标", "学生营养健康状况改善率", "≥3%", "3.5%", "20", "20", ""],
    ["满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90%", "88.5%", "10", "9.83", "部分家长对菜品搭配有意见；下年度优化食谱。"],
    ["总分", "<", "<", "<", "<", "100", "99.01", ""],
]
PROJECT_BEFORE = ["项目支出绩效自评表", "（2023年度）"]


@pytest.fixture(scope="module", params=["docx", "md"])
def project(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp("project")
    if request.param == "docx":
        path = build_docx(directory / "project.docx", PROJECT_BEFORE, PROJECT_GRID)
    else:
        text = "\n\n".join(PROJECT_BEFORE) + "\n\n" + grid_markdown(PROJECT_GRID) + "\n"
        path = _write(directory, "project.md", text)
    return _extract(path)


# (row, col, value, unit, concept: exact, or a set of acceptable keys, period)
MEASURES = {"initial_budget", "adjusted_budget", "executed", "execution_rate"}
PROJECT_FUNDS = [
    # 年度资金总额: the project's own budget lines (whether keyed bare or as project.* the form leaves open), in
    # the 万元 the block's first cell states (项目资金（万元）); its weight and score are no amounts
    (4, 3, "500.00", "万元", {"initial_budget", "project.initial_budget"}),
    (4, 4, "480.00", "万元", {"adjusted_budget", "project.adjusted_budget"}),
    (4, 5, "456.00", "万元", {"executed", "project.executed"}),
    (4, 7, "95", "%", {"execution_rate", "project.execution_rate"}),
    (4, 6, "10", "", {"weight"}),
    (4, 8, "9.5", "", {"score"}),
    # 其中：当年财政拨款: the fiscal part
    (5, 3, "450.00", "万元", {"fiscal.initial_budget"}),
    (5, 4, "430.00", "万元", {"fiscal.adjusted_budget"}),
    (5, 5, "410.00", "万元", {"fiscal.executed"}),
]


@pytest.mark.parametrize("row,col,value,unit,concepts", PROJECT_FUNDS, ids=[f"r{r}c{c}" for r, c, *_ in PROJECT_FUNDS])
def test_project_funds_block(project, row, col, value, unit, concepts):
    fig = _cell(project, row, col)
    assert (fig.quantity.value, fig.quantity.unit, fig.period) == (D(value), unit, None)
    assert fig.concept in concepts, fig.concept


@pytest.mark.parametrize("row", [6, 7])
@pytest.mark.parametrize("col", [3, 4, 5])
def test_project_carried_over_and_other_funds_are_this_years_parts(project, row, col):
    """上年结转资金 is money of this year's budget carried over, not a figure of last year; neither it
    nor 其他资金 is the project's (or the department's) whole budget."""
    fig = _cell(project, row, col)
    assert fig.period is None
    totals = {f"{scope}{m}" for scope in ("", "project.", "fiscal.") for m in MEASURES}
    assert fig.concept not in totals


@pytest.mark.parametrize("col,total,parts", [
    (3, "500.00", ["450.00", "30.00", "20.00"]),
    (4, "480.00", ["430.00", "30.00", "20.00"]),
    (5, "456.00", ["410.00", "28.00", "18.00"]),
])
def test_project_funds_total_is_the_sum_of_its_sources(project, col, total, parts):
    found = [e for e in project.enumerations if e.kind == "sum" and e.total.table == 1 and e.total.row == 4
             and e.total.col == col]
    assert len(found) == 1, [(e.total.row, e.total.col) for e in project.enumerations]
    assert found[0].source == "table"
    assert found[0].total.value == D(total)
    assert [(p.row, p.value) for p in found[0].parts] == [(r, D(v)) for r, v in zip((5, 6, 7), parts)]


@pytest.mark.parametrize("col,total,parts", [
    # 分值: the 10 of 预算执行率 (funds block) plus the six indicator weights
    ("weight", "100", ["10", "20", "15", "10", "15", "20", "10"]),
    # 得分: the 9.5 of 预算执行率 plus the six indicator scores
    ("score", "99.01", ["9.5", "20", "15", "9.68", "15", "20", "9.83"]),
])
def test_project_total_row_sums_funds_and_indicator_scores(project, col, total, parts):
    found = [e for e in project.enumerations if e.kind == "sum" and e.total.row == 17 and e.total.value == D(total)]
    assert len(found) == 1, [(e.total.row, e.total.col, str(e.total.value)) for e in project.enumerations]
    assert [p.value for p in found[0].parts] == [D(p) for p in parts]


PROJECT_ROWS = [
    ("1", "受益学生人数", ">=", V("3200", "人"), V("3260", "人"), V("20"), V("20"), None),
    ("2", "食品安全抽检合格率", None, V("100", "%"), V("100", "%"), V("15"), V("15"), None),
    ("3", "补助资金拨付及时率", ">=", V("95", "%"), V("92", "%"), V("10"), V("9.68"), "资金拨付审批流程较长"),
    ("4", "每生每天补助标准", "=", V("5", "元"), V("5", "元"), V("15"), V("15"), None),
    ("5", "学生营养健康状况改善率", ">=", V("3", "%"), V("3.5", "%"), V("20"), V("20"), None),
    ("6", "学生家长满意度", ">=", V("90", "%"), V("88.5", "%"), V("10"), V("9.83"), "部分家长对菜品搭配有意见"),
]


def test_project_indicator_rows(project):
    got = [i for i in project.indicators if i.source == "table"]
    assert [(i.number, i.name) for i in got] == [(n, name) for n, name, *_ in PROJECT_ROWS]
    for ind, (number, name, comparator, target, actual, weight, score, reason) in zip(got, PROJECT_ROWS):
        assert ind.comparator == comparator, name
        assert (value_unit(ind.target), value_unit(ind.actual), value_unit(ind.weight), value_unit(ind.score)) == \
            (target, actual, weight, score), name
        assert ind.midyear is None and ind.completion is None, name
        assert (ind.reason.text.startswith(reason) if reason else ind.reason is None), name


def test_project_report_facts(project):
    # the execution score is the 得分 of the 年度资金总额 row (10 × 95% = 9.5); no grade is written
    assert _report(project) == dict(unit="某县教育局", year=2023, filled=None, execution_score="9.5",
                                    total="99.01", grade=None, key=None)
    if project.report.execution_score is not None:
        assert (project.report.execution_score.row, project.report.execution_score.col) == (4, 8)


def test_project_total_weight_is_no_score(project):
    """The 100 in the 分值 column of the 总分 row is the total weight, not the total score."""
    assert _cell(project, 17, 6).concept != "total_score"


def _summary(facts):
    def f(fig):
        return None if fig is None else (str(fig.quantity.value), fig.quantity.unit, fig.row, fig.col, fig.concept)
    return (
        [(i.number, i.name, i.comparator, *(f(getattr(i, k)) for k in
                                             ("target", "midyear", "actual", "completion", "weight", "score")),
          i.reason.text if i.reason else None) for i in facts.indicators],
        sorted((e.kind, f(e.total), [f(p) for p in e.parts]) for e in facts.enumerations),
        (facts.report.unit.text if facts.report.unit else None, facts.report.year,
         f(facts.report.execution_score), f(facts.report.total_score), facts.report.grade_key),
        sorted((str(x.quantity.value), x.quantity.unit, x.row, x.col, x.concept, x.period) for x in facts.figures),
    )


def test_project_docx_and_markdown_give_the_same_facts(tmp_path):
    docx_facts = _extract(build_docx(tmp_path / "p.docx", PROJECT_BEFORE, PROJECT_GRID))
    md_facts = _extract(_write(tmp_path, "p.md", "\n\n".join(PROJECT_BEFORE) + "\n\n" + grid_markdown(PROJECT_GRID) + "\n"))
    assert _summary(docx_facts) == _summary(md_facts)


# --------------------------------------------------------------------------------------------------------
# 6. Indicator rows written out as plain-text lines (a culture and tourism bureau).

CULTURE = """某区文化广电和旅游局2022年度部门整体支出绩效自评报告

三、绩效指标完成情况

公共文化场馆免费开放天数：年度指标值≥300天，实际完成值312天，分值10分，得分10分。
送戏下乡演出场次：年度指标值≥120场次，实际完成值116场次，分值10分，得分9.67分，偏差原因：部分演出受天气影响取消。
文物安全事故发生次数：年度指标值=0次，实际完成值0次，分值10分，得分10分。
"""


@pytest.fixture(scope="module")
def culture(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("culture"), "culture.txt", CULTURE))


CULTURE_INDICATORS = [
    ("公共文化场馆免费开放天数", dict(comparator=">=", target=V("300", "天"), actual=V("312", "天"),
                                   weight=V("10", "分"), score=V("10", "分"))),
    ("送戏下乡演出场次", dict(comparator=">=", target=V("120", "场次"), actual=V("116", "场次"),
                             weight=V("10", "分"), score=V("9.67", "分"), reason="部分演出受天气影响取消")),
    ("文物安全事故发生次数", dict(comparator="=", target=V("0", "次"), actual=V("0", "次"),
                               weight=V("10", "分"), score=V("10", "分"))),
]


@pytest.mark.parametrize("name,expected", CULTURE_INDICATORS, ids=[n for n, _ in CULTURE_INDICATORS])
def test_plain_text_indicator_rows(culture, name, expected):
    assert_indicator(find_indicator(culture, name), source="narrative", name=name, **expected)


def test_plain_text_indicator_rows_count(culture):
    assert len(culture.indicators) == 3, [i.name for i in culture.indicators]


# --------------------------------------------------------------------------------------------------------
# 7 + 8. Counts with their items, and totals with their parts, in other phrasings (a finance bureau).

FINANCE = """某县财政局2023年度部门整体支出绩效自评报告

一、部门基本情况

县财政局内设5个科室：办公室、财务科、规划科、执法大队、信息中心。

下属二级单位2家：县国库集中支付中心、县财政投资评审中心。

机关设有三个股室，分别是综合股、预算股、国库股。

2023年度共有3个项目，分别为：预算绩效管理项目、财政投资评审项目和政府采购监管项目。

实有人数45人，其中：在编38人，编外聘用7人。

二、项目资金情况

项目资金总额1,000万元，其中中央资金600万元、省级资金300万元、县级配套100万元。

培训项目支出12.5万元，其中：培训费48,000元，资料印刷费32,000元，差旅费45,000元。

三个项目的预算分别为120万元、80万元和50万元，合计250万元。
"""


@pytest.fixture(scope="module")
def finance(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("finance"), "finance.txt", FINANCE))


COUNTS = [
    ("5个", D("5"), "个", ["办公室", "财务科", "规划科", "执法大队", "信息中心"]),
    # the counted noun before the count
    ("2家", D("2"), "家", ["县国库集中支付中心", "县财政投资评审中心"]),
    # a Chinese numeral; 分别是 without a colon
    ("三个", D("3"), "个", ["综合股", "预算股", "国库股"]),
    # the last item joined by 和
    ("3个", D("3"), "个", ["预算绩效管理项目", "财政投资评审项目", "政府采购监管项目"]),
]


@pytest.mark.parametrize("written,value,unit,items", COUNTS, ids=[c[0] for c in COUNTS])
def test_counts_with_their_items(finance, written, value, unit, items):
    e = find_enumeration(finance, "count", written)
    assert (e.total.value, e.total.unit, e.source) == (value, unit, "narrative")
    assert [i.text for i in e.items] == items


SUMS = [
    ("45人", ["38人", "7人"]),
    ("1,000万元", ["600万元", "300万元", "100万元"]),
    # parts in 元, the total in 万元: 48,000 + 32,000 + 45,000 = 125,000 元 = 12.5 万元
    ("12.5万元", ["48,000元", "32,000元", "45,000元"]),
    # parts first (分别为), the total after them (合计)
    ("250万元", ["120万元", "80万元", "50万元"]),
]


@pytest.mark.parametrize("total,parts", SUMS, ids=[s[0] for s in SUMS])
def test_totals_with_their_parts(finance, total, parts):
    e = find_enumeration(finance, "sum", total)
    assert e.source == "narrative"
    assert [_written(finance, p) for p in e.parts] == parts
    assert sum(p.quantity.base_value for p in e.parts) == e.total.quantity.base_value


def test_parts_in_yuan_keep_their_unit(finance):
    assert_figure(fig_at(finance, "48,000元"), value=D("48000"), unit="元", base_unit="元", base_value=D("48000"),
                  dimension="money")
    assert_figure(fig_at(finance, "12.5万元"), value=D("12.5"), decimals=1, unit="万元", base_value=D("125000"))


# --------------------------------------------------------------------------------------------------------
# 9. Report facts: unit labels, year, fill date, total score and each grade.

GRADE_REPORTS = [
    ("good", """某市卫生健康委员会部门整体支出绩效自评报告

（2021年度）

填报单位：某市卫生健康委员会

填报时间：2022年2月28日

四、自评结论

本委自评综合得分为84.3分，评价等级为良好。
""", dict(unit="某市卫生健康委员会", year=2021, filled="2022年2月28日", total="84.3", grade="良好", key="良")),
    ("pass", """某区农业农村局2023年度部门整体支出绩效自评报告

部门名称：某区农业农村局

报告日期：2024.3.15

五、评价结论

部门整体支出绩效自评总分72分，绩效等级：合格。
""", dict(unit="某区农业农村局", year=2023, filled="2024.3.15", total="72", grade="合格", key="中")),
    ("fail", """某县文化广电和旅游局2020年度项目支出绩效自评报告

预算单位：某县文化广电和旅游局

填报日期：2021年4月2日

六、自评结果

该项目综合得分58.5分，评价结果为“不合格”。
""", dict(unit="某县文化广电和旅游局", year=2020, filled="2021年4月2日", total="58.5", grade="不合格", key="差")),
    # the seal's place after the unit is no part of its name; a grade after 为 and a colon
    ("sealed", """常德市妇女联合会2025年度部门整体支出绩效自评报告

填报单位：常德市妇女联合会（盖章）

填报时间：2026年4月10日

五、自评结论

本部门2025年度整体支出绩效自评总分97.82分，自评等级为：优。
""", dict(unit="常德市妇女联合会", year=2025, filled="2026年4月10日", total="97.82", grade="优", key="优")),
]


@pytest.mark.parametrize("text,expected", [g[1:] for g in GRADE_REPORTS], ids=[g[0] for g in GRADE_REPORTS])
def test_report_facts(tmp_path, text, expected):
    got = _report(_extract(_write(tmp_path, "report.txt", text)))
    del got["execution_score"]
    assert got == expected


# --------------------------------------------------------------------------------------------------------
# 10. What is no quantity, what is no department concept, and how labels overlap.

TRAPS = """某区人力资源和社会保障局2023年度部门整体支出绩效自评报告

一、基本情况

根据财预〔2020〕10号文件要求，我局认真学习党的二十大精神，第3季度完成指标一的填报工作，并通过12345热线受理群众诉求。

本级财力项目全年预算金额为2245.80万元，执行金额1200.01万元。

上级专项资金项目：全年预算金额为1,580.00万元，执行金额为1,422.30万元。

劳动人事争议案件结案率96.5%，举报投诉案件结案率100%。

全年慰问贫困人员户数430户。春节期间开展走访慰问，走访慰问430户困难家庭。
"""


@pytest.fixture(scope="module")
def traps(tmp_path_factory):
    return _extract(_write(tmp_path_factory.mktemp("traps"), "traps.txt", TRAPS))


def test_document_numbers_hotlines_congresses_quarters_and_labels_are_no_quantities(traps):
    text = traps.doc.text
    start = text.index("根据财预")
    end = text.index("受理群众诉求。")
    inside = [_written(traps, f) for f in traps.figures if start <= f.start < end]
    assert inside == []


@pytest.mark.parametrize("written", ["2245.80万元", "1200.01万元", "1,580.00万元", "1,422.30万元"])
def test_a_group_of_projects_is_not_the_department(traps, written):
    """本级财力项目 / 上级专项资金项目 are some of the projects: their budget is not the department's."""
    assert_figure(fig_at(traps, written), unit="万元", dimension="money", concept=None, period=None)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_term_overlap_tells_two_measures_from_two_wordings(traps):
    labour = fig_at(traps, "96.5%")  # 劳动人事争议案件结案率
    complaints = fig_at(traps, "100%")  # 举报投诉案件结案率
    visited = fig_at(traps, "430户", 0)  # 慰问贫困人员户数
    families = fig_at(traps, "430户", 1)  # 走访慰问…户困难家庭
    assert "劳动人事争议案件结案率" in labour.label and "举报投诉案件结案率" in complaints.label
    same = _jaccard(visited.terms, families.terms)
    different = _jaccard(labour.terms, complaints.terms)
    assert visited.terms & families.terms, (visited.terms, families.terms)
    assert different < same, (sorted(labour.terms & complaints.terms), sorted(visited.terms & families.terms))


# --------------------------------------------------------------------------------------------------------
# 11. One report (a medical insurance bureau) as UTF-8 text, as GB18030 text and as Markdown with headings.

INSURANCE_BODY = [
    ("（一）指标一：",
     "城乡居民基本医疗保险参保率：该指标年度目标值为不低于95%，年中监控值为93.1%，全年实际完成值为96.2%，"
     "完成率为101.26%，该指标分值10分，得分10分。"),
    ("（二）指标二：",
     "医保基金预算执行率：年度目标值≥90%，年中完成值45.6%，实际完成值88.7%，完成率98.56%，"
     "偏差原因：部分定点医疗机构结算滞后，改进措施：加快月度结算进度。分值15分，得分14.78分。"),
    ("（三）指标三：",
     "异地就医直接结算办理时限：年度指标值为≤5个工作日，实际完成值3个工作日，完成率100%，分值10分，得分10分。"),
]
INSURANCE_COVER = ("某州医疗保障局部门整体支出绩效自评报告", "（2021年度）", "部门名称：某州医疗保障局",
                   "填报时间：2022年3月20日")


def insurance_text(markdown: bool) -> str:
    h1, h2, h3 = ("# ", "## ", "### ") if markdown else ("", "", "")
    title, year, unit, date = INSURANCE_COVER
    parts = [h1 + title, year, unit, date, h2 + "三、部门整体支出绩效情况"]
    for heading, body in INSURANCE_BODY:
        parts += [h3 + heading, body]
    return "\n\n".join(parts) + "\n"


INSURANCE_FILES = {
    "utf8.txt": (insurance_text(False), "utf-8"),
    "gb18030.txt": (insurance_text(False), "gb18030"),
    "headings.md": (insurance_text(True), "utf-8"),
}


@pytest.fixture(scope="module")
def insurance(tmp_path_factory):
    directory = tmp_path_factory.mktemp("insurance")
    return {name: _extract(_write(directory, name, text, encoding))
            for name, (text, encoding) in INSURANCE_FILES.items()}


INSURANCE_INDICATORS = [
    ("指标一", "城乡居民基本医疗保险参保率", dict(
        comparator=">=", target=V("95", "%"), midyear=V("93.1", "%"), actual=V("96.2", "%"),
        completion=V("101.26", "%"), weight=V("10", "分"), score=V("10", "分"))),
    ("指标二", "医保基金预算执行率", dict(
        comparator=">=", target=V("90", "%"), midyear=V("45.6", "%"), actual=V("88.7", "%"),
        completion=V("98.56", "%"), weight=V("15", "分"), score=V("14.78", "分"),
        reason="部分定点医疗机构结算滞后", measure="加快月度结算进度")),
    ("指标三", "异地就医直接结算办理时限", dict(
        comparator="<=", target=V("5", "个工作日"), actual=V("3", "个工作日"), completion=V("100", "%"),
        weight=V("10", "分"), score=V("10", "分"))),
]


@pytest.mark.parametrize("name", list(INSURANCE_FILES))
def test_encodings_and_markdown_give_the_indicators(insurance, name):
    facts = insurance[name]
    assert facts.doc.text.startswith(("某州", "# 某州"))  # decoded, not mojibake
    assert [i.number for i in facts.indicators] == ["指标一", "指标二", "指标三"]
    for ind, (number, ind_name, expected) in zip(facts.indicators, INSURANCE_INDICATORS):
        assert_indicator(ind, source="narrative", name=ind_name, number=number, **expected)
    assert _report(facts) == dict(unit="某州医疗保障局", year=2021, filled="2022年3月20日", execution_score=None,
                                  total=None, grade=None, key=None)


def test_encodings_and_markdown_give_the_same_facts(insurance):
    reference = _summary(insurance["utf8.txt"])
    assert _summary(insurance["gb18030.txt"]) == reference
    assert _summary(insurance["headings.md"]) == reference


# --------------------------------------------------------------------------------------------------------
# a scope carried over within a sentence: forward in a budget's story, not past a breakdown into scopes

SCOPE_SENTENCES = [
    # (sentence, figure as written, concept)
    ("项目支出调增19.52万元，调整后预算96.14万元，执行数67.53万元。", "96.14万元", "project.adjusted_budget"),
    ("项目支出调增19.52万元，调整后预算96.14万元，执行数67.53万元。", "67.53万元", "project.executed"),
    ("年中调增预算26.17万元，其中基本支出调增6.65万元，项目支出调增19.52万元，调整后全年预算387.42万元。",
     "387.42万元", "adjusted_budget"),
    ("部门预算数500.00万元，其中基本支出预算数100.00万元、执行数90.00万元，项目支出预算数200.00万元、执行数180.00万元。",
     "180.00万元", "project.executed"),
    ("年中调减基本支出预算45.60万元，追加项目资金120.00万元，年初预算2,350.00万元，调整后预算2,424.40万元。",
     "2,350.00万元", "initial_budget"),
    ("年中调减基本支出预算45.60万元，追加项目资金120.00万元，年初预算2,350.00万元，调整后预算2,424.40万元。",
     "2,424.40万元", "adjusted_budget"),
    ("本馆2024年全年预算金额为1,520.00万元，执行金额为1,448.56万元，执行率为95.30%。", "95.30%", "execution_rate"),
    # a change done to a part, then the budget after it: the whole's, broken down after it
    ("年中压减一般性支出，调减项目支出38.50万元，调整后预算数为1,288.24万元，其中基本支出856.19万元，项目支出432.05万元。",
     "1,288.24万元", "adjusted_budget"),
    ("年中压减一般性支出，调减项目支出38.50万元，调整后预算数为1,288.24万元，其中基本支出856.19万元，项目支出432.05万元。",
     "432.05万元", "project.adjusted_budget"),
    # parts named alone, no measure said, adding up to the department's budget
    ("调整后预算1,360.00万元。按支出性质分，基本支出842.50万元、项目支出517.50万元。", "842.50万元", "basic.adjusted_budget"),
    ("调整后预算1,360.00万元，实际支出1,312.66万元。按支出性质分，基本支出831.24万元、项目支出481.42万元。",
     "481.42万元", "project.executed"),
    # a year before 全年: the year goes, 全年支出 stays the year's spending
    ("2025年全年支出2,848.15万元，预算执行率97.41%。", "2,848.15万元", "executed"),
    # a sum in words: 加 and then 上年结转; the money available is the budget with last year's
    ("调整后预算6,128.60万元加上年结转312.45万元，全年可用资金6,441.05万元。", "312.45万元", "carried_in"),
    ("调整后预算6,128.60万元加上年结转312.45万元，全年可用资金6,441.05万元。", "6,441.05万元", "available_budget"),
    # adding up to nothing stated: unnamed
    ("调整后预算1,360.00万元，实际支出1,312.66万元。按支出性质分，基本支出800.00万元、项目支出481.42万元。", "481.42万元", None),
]


@pytest.mark.parametrize("sentence,written,concept", SCOPE_SENTENCES,
                         ids=[f"{i}-{w}" for i, (_, w, _) in enumerate(SCOPE_SENTENCES)])
def test_scope_carried_within_a_sentence(tmp_path, sentence, written, concept):
    facts = _extract(_write(tmp_path, "r.txt", sentence + "\n"))
    [fig] = [f for f in facts.figures if _written(facts, f) == written]
    assert fig.concept == concept


def test_a_programme_named_guihua_is_no_plan():
    from auditor.extract import extract
    from auditor.readers import read_bytes

    doc = read_bytes("中心内设办公室、免疫规划科、检验科等11个科室。全县完成免疫规划疫苗接种49870剂次。".encode(), "x.txt")
    assert [f.period for f in extract(doc).figures] == [None, None]


def test_a_parts_rate_after_its_aside_is_the_parts(tmp_path):
    """"基本支出486.35万元（其中人员经费…、公用经费…），执行率98.85%": the rate after the bracketed breakdown is the
    basic spending's, not the department's."""
    facts = _extract(_write(tmp_path, "r.txt", "决算支出中，基本支出486.35万元（其中人员经费421.80万元、公用经费64.55万元），"
                                               "执行率98.85%；项目支出856.23万元，执行率97.31%。\n"))
    concepts = {_written(facts, f): f.concept for f in facts.figures}
    assert concepts["98.85%"] == "basic.execution_rate"
    assert concepts["97.31%"] == "project.execution_rate"


def test_a_tables_bare_amounts_take_the_covers_money_unit(tmp_path):
    """"金额单位：元" on the cover: a table with no unit of its own writes its amounts in it (its rates stay rates)."""
    facts = _extract(_write(tmp_path, "r.txt", "洛川县消防救援大队2025年度部门整体支出绩效自评报告\n填报单位：洛川县消防救援大队\n"
                                               "金额单位：元\n\n一、部门基本情况\n\n大队承担全县火灾扑救和应急救援任务，现有消防站2个。\n\n"
                                               "全年出警1,236起，营救被困人员218人。\n\n二、预算执行情况（按支出性质）\n"
                                               "项目\t调整后预算数\t实际支出\t执行率\n"
                                               "基本支出\t4,318,720.00\t4,302,115.60\t99.62%\n"
                                               "项目支出\t3,628,130.00\t3,408,270.85\t93.94%\n"
                                               "合计\t7,946,850.00\t7,710,386.45\t97.02%\n"))
    by_text = {_written(facts, f): f for f in facts.figures}
    budget = by_text["3,628,130.00"]
    assert (budget.quantity.unit, budget.concept) == ("元", "project.adjusted_budget")
    assert by_text["97.02%"].quantity.dimension == "percent"
