"""Narrative indicators written in ways the fixed cue phrases missed: a name closed by 。/；/— before its
fields, actual values introduced by 实际 and a verb (实际覆盖263所), scores written 得8.4分, items
numbered ①②③ with 年初目标 — and the sentences these readings must leave alone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.extract import extract
from auditor.readers import read_document

D = Decimal


def _facts(tmp_path: Path, text: str):
    path = tmp_path / "report.txt"
    path.write_text("某县农业农村局2022年度部门整体支出绩效自评报告\n\n（二）产出指标\n\n" + text, encoding="utf-8")
    return extract(read_document(str(path)))


def _value(fig):
    return None if fig is None else fig.quantity.value


# --------------------------------------------------------------------------------------------------------
# the name closed by 。 ； — before the fields


NAME_BY_FULL_STOP = (
    "1.项目开工及时率。年度目标值≥95%，全年实际完成60%，完成率63.16%。该指标分值10分，得6.32分。未完成原因：资金下达较晚。\n\n"
    "2.农村卫生厕所普及率。年度目标值≥95%，实际完成91.2%，完成率96%。该指标分值10分，得9.6分。未完成原因：部分村庄人口外流。\n"
)


def test_name_closed_by_full_stop_is_kept(tmp_path):
    facts = _facts(tmp_path, NAME_BY_FULL_STOP)
    assert [(i.number, i.name) for i in facts.indicators] == [("1", "项目开工及时率"), ("2", "农村卫生厕所普及率")]
    first, second = facts.indicators
    assert (_value(first.target), _value(first.actual), _value(first.completion)) == (D("95"), D("60"), D("63.16"))
    assert (_value(second.actual), _value(second.completion)) == (D("91.2"), D("96"))
    assert facts.doc.text[first.name_start:first.name_end] == "项目开工及时率"


@pytest.mark.parametrize("separator", ["。", "；", "——", "—", "：", "，"])
def test_name_separators(tmp_path, separator):
    facts = _facts(tmp_path, f"1.项目开工及时率{separator}年度目标值≥95%，实际完成96%，完成率101.05%。\n")
    assert [i.name for i in facts.indicators] == ["项目开工及时率"]


def test_names_closed_by_full_stop_inside_one_paragraph(tmp_path):
    facts = _facts(tmp_path, "1.项目开工及时率。年度目标值≥95%，实际完成96%，完成率101.05%。"
                             "2.农户满意度。年度目标值≥90%，实际完成88%，完成率97.78%。\n")
    assert [i.name for i in facts.indicators] == ["项目开工及时率", "农户满意度"]
    assert _value(facts.indicators[0].actual) == D("96")


def test_unnumbered_remark_before_the_target_is_no_name(tmp_path):
    # a remark in a sentence of its own is not the indicator's name, nor are sentences with figures
    facts = _facts(tmp_path, "产出指标完成较好。年度目标值≥95%，实际完成96%，完成率101.05%。\n\n"
                             "1.全年共设置指标12个。年度目标值≥90%，实际完成92%，完成率102.22%。\n")
    assert len(facts.indicators) == 2
    assert all(i.name not in ("产出指标完成较好", "全年共设置指标12个") for i in facts.indicators)


def test_reason_list_stays_with_its_indicator(tmp_path):
    # numbered sentences without a target after them stay in the stretch (a reason's points)
    facts = _facts(tmp_path, "1.项目开工及时率：年度目标值≥95%，实际完成60%，完成率63.16%。未完成原因：1.资金下达较晚。"
                             "2.部分项目未按期开工。\n")
    (ind,) = facts.indicators
    assert "部分项目未按期开工" in ind.reason.text


@pytest.mark.parametrize("cue", ["年初目标", "年度目标"])
def test_target_named_in_a_reason_starts_no_indicator(tmp_path, cue):
    # one paragraph; the reason speaks of the target: it is neither a new indicator nor the end of the reason
    facts = _facts(tmp_path, "三是门诊慢特病待遇认定人数。计划不低于5000人，实际3910人，完成率78.20%，权重10分，得8.5分。"
                             f"偏差原因：{cue}按全省平均认定比例测算，实际认定人数低于预期。改进措施：加强政策宣传。"
                             "四是住院费用跨省直接结算率。计划不低于70%，实际74.3%，完成率106.14%，权重10分，得10.00分。\n")
    assert not any(i.name == "偏差原因" for i in facts.indicators)
    # 计划 with its comparator is the target: each numbered item is an indicator of its own, and the
    # reason of the first runs to its measure, never into the second
    by_name = {i.name: i for i in facts.indicators}
    assert set(by_name) == {"门诊慢特病待遇认定人数", "住院费用跨省直接结算率"}
    assert by_name["住院费用跨省直接结算率"].completion.quantity.value == D("106.14")
    assert by_name["门诊慢特病待遇认定人数"].reason.text.endswith("实际认定人数低于预期。")


def test_target_named_only_in_a_reason_makes_no_indicator(tmp_path):
    # 计划 is no target cue; the 年度目标 in the reason must not make the paragraph an indicator without a target
    facts = _facts(tmp_path, "（二）绩效指标。一是城乡居民基本医疗保险参保率。计划不低于95%，实际96.8%，完成率101.89%，"
                             "权重15分，得15.00分。偏差原因：年度目标按全省平均比例测算，实际参保人数高于预期。\n")
    assert all(i.target is not None for i in facts.indicators)


def test_category_dash_then_name_still_named(tmp_path):
    facts = _facts(tmp_path, "• 数量指标——培训人次：目标值≥1200人次，实际值1260人次，完成率100%，权重15分，得分15分。\n")
    assert [i.name for i in facts.indicators] == ["培训人次"]


# --------------------------------------------------------------------------------------------------------
# 实际 and a verb before the actual value


@pytest.mark.parametrize("line, actual", [
    ("1.覆盖学校数：年度指标值263所，实际覆盖263所，完成率100%，权重10分，得10分。", D("263")),
    ("2.食品安全事故发生次数：年度指标值0次，实际发生0次，完成率100%，权重10分，得10分。", D("0")),
    ("3.膳食补助标准：年度指标值5元/生·天，实际执行5元/生·天，完成率100%，权重10分，得10分。", D("5")),
    ("4.受益学生人数：年度指标值≥63000人，全年实际受益学生62153人，完成率98.66%，权重15分，得14.8分。", D("62153")),
    ("5.新建村级服务站：年度指标值≥20个，实际建成为22个，完成率110%。", D("22")),
])
def test_actual_after_a_verb(tmp_path, line, actual):
    (ind,) = _facts(tmp_path, line + "\n").indicators
    assert _value(ind.actual) == actual


def test_money_spent_is_not_the_actual_value(tmp_path):
    (ind,) = _facts(tmp_path, "1.资金拨付及时率：年度指标值100%，实际支出480万元，完成率96%。\n").indicators
    assert ind.actual is None
    assert _value(ind.completion) == D("96")


def test_midyear_actual_is_not_the_years_actual(tmp_path):
    (ind,) = _facts(tmp_path, "1.覆盖学校数：年度指标值263所，年中实际覆盖120所，全年实际覆盖263所，完成率100%。\n").indicators
    assert _value(ind.actual) == D("263")


def test_budget_sentence_with_money_spent_is_no_indicator(tmp_path):
    facts = _facts(tmp_path, "年度目标任务全部完成，全年预算数为100万元，全年实际支出资金95万元，预算执行率为95%。\n")
    assert facts.indicators == []


# --------------------------------------------------------------------------------------------------------
# 得 and a number of 分: the score


def test_score_after_de(tmp_path):
    (ind,) = _facts(tmp_path, "1.高标准农田建设面积：年度目标值≥5万亩，实际完成2.8万亩，完成率56%。分值15分，得8.4分。\n").indicators
    assert (_value(ind.weight), _value(ind.score)) == (D("15"), D("8.4"))


def test_actual_de_n_fen_is_the_score_not_the_actual(tmp_path):
    (ind,) = _facts(tmp_path, "1.群众满意度：年度目标值≥90%，实际完成92%，完成率102.22%，权重10分，实际得10分。\n").indicators
    assert (_value(ind.actual), _value(ind.score)) == (D("92"), D("10"))


def test_de_followed_by_words_is_no_score(tmp_path):
    (ind,) = _facts(tmp_path, "1.群众满意度：年度目标值≥90%，实际完成92%，完成率102.22%，权重10分，获得上级通报表扬，"
                              "取得较好成效。\n").indicators
    assert ind.score is None
    assert _value(ind.weight) == D("10")


# --------------------------------------------------------------------------------------------------------
# ①②③ items with 年初目标 and 年中监控完成


CIRCLED = (
    "①文化惠民演出场次：年初目标≥120场，年中监控完成58场，全年实际完成132场，完成率110%，权重10分，得10分。\n\n"
    "②公共文化场馆免费开放天数：年初目标≥300天，实际完成306天，完成率102%，权重10分，得10分。\n\n"
    "③文物保护修缮项目数：年初目标≥3个，实际完成2个，完成率66.67%，权重10分，得6.67分。\n"
)


def test_circled_items_with_start_of_year_targets(tmp_path):
    facts = _facts(tmp_path, CIRCLED)
    assert [(i.number, i.name) for i in facts.indicators] == [
        ("①", "文化惠民演出场次"), ("②", "公共文化场馆免费开放天数"), ("③", "文物保护修缮项目数")]
    first, _, third = facts.indicators
    assert (_value(first.target), _value(first.midyear), _value(first.actual)) == (D("120"), D("58"), D("132"))
    assert first.comparator == ">="
    assert (_value(third.actual), _value(third.score)) == (D("2"), D("6.67"))


# --------------------------------------------------------------------------------------------------------
# one field per line: "指标名称：…" / "【指标N】…" then "年度指标值：…", "实际完成值：…" lines


FIELD_LINES = (
    "指标名称：困难群众救助人数\n年度指标值：≥3000人\n实际完成值：3210人\n完成率：107%\n分值：10分\n得分：10分\n\n"
    "指标名称：资金发放及时率\n年度指标值：100%\n实际完成值：95%\n完成率：95%\n分值：10分\n得分：9.5分\n"
    "偏差原因：部分资金因审核流程延迟发放。\n"
)

TITLED_BLOCKS = (
    "【指标1】困难群众救助人数\n年度指标值：≥3000人\n实际完成值：3210人\n完成率：107%\n分值：10分\n得分：10分\n\n"
    "【指标2】资金发放及时率\n年度指标值：100%\n实际完成值：95%\n完成率：95%\n分值：10分\n得分：9.5分\n"
    "偏差原因：部分资金因审核流程延迟发放。\n"
)


@pytest.mark.parametrize("text", [FIELD_LINES, TITLED_BLOCKS], ids=["name-field", "titled-blocks"])
def test_one_field_per_line(tmp_path, text):
    facts = _facts(tmp_path, text)
    got = [(i.name, _value(i.target), _value(i.actual), _value(i.completion), _value(i.score),
            i.reason.text if i.reason else None) for i in facts.indicators]
    assert got == [
        ("困难群众救助人数", D("3000"), D("3210"), D("107"), D("10"), None),
        ("资金发放及时率", D("100"), D("95"), D("95"), D("9.5"), "部分资金因审核流程延迟发放。"),
    ]


def test_a_target_cue_inside_a_sentence_stays_in_it(tmp_path):
    """Only a target cue right before a colon ends a name: "年初设定目标值为不低于70%" is no name."""
    text = "（一）65岁以上老年人健康管理率\n\n年初设定目标值为不低于70%，实际完成72%，完成率102.86%。\n"
    facts = _facts(tmp_path, text)
    assert [i.name for i in facts.indicators] == ["65岁以上老年人健康管理率"]


def test_a_table_indicator_knows_its_row(tmp_path):
    text = ("| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
            "| 受益人数 | ≥100人 | 100人 | 45 | 45 |\n| 满意度 | ≥90% | 92% | 45 | 45 |\n")
    facts = _facts(tmp_path, text)
    rows = [(i.name, i.table, i.row) for i in facts.indicators if i.source == "table"]
    assert rows == [("受益人数", 1, 2), ("满意度", 1, 3)]


# --------------------------------------------------------------------------------------------------------
# fields one per line: 一级指标：… 二级指标：… 三级指标：<name> 年度指标值：…

FIELDS_PER_LINE = (
    "指标7\n一级指标：效益指标\n二级指标：社会效益\n三级指标：辖区刑事案件发案数\n年度指标值：≤120起\n实际完成值：104起\n"
    "分值：10\n得分：10\n偏差原因及改进措施：视频监控覆盖范围扩大，群防群治力量加强\n\n"
    "指标8\n一级指标：效益指标\n二级指标：社会效益\n三级指标：安全生产亡人事故\n年度指标值：0起\n实际完成值：0起\n"
    "分值：10\n得分：10\n偏差原因及改进措施：无\n"
)


# an indicator a line, its fields parted by ；

FIELDS_IN_A_LINE = (
    "年度绩效指标：\n"
    "一级指标：产出指标；二级指标：数量指标；三级指标：食品安全监督抽检批次；年度指标值：≥4650批次；实际完成值：4712批次；"
    "完成率：101.33%；分值：10；得分：10；偏差原因：—\n"
    "一级指标：产出指标；二级指标：时效指标；三级指标：抽检结果公示及时率；年度指标值：≥95%；实际完成值：93.2%；"
    "完成率：98.11%；分值：5；得分：4.91；偏差原因：三季度部分批次企业提出复检申请，结果确认时间延后\n"
)


# a category run in before the first item ("产出方面，一是…。"), and an actual named by what it counts

RUN_IN_CATEGORY = (
    "产出方面，一是在校学生数。年度指标值不少于1,250人，秋季学期在校学生1,286人，完成率102.88%，得10分，偏差原因为外出务工"
    "人员子女回流本地就读。二是营养餐供餐天数。年度指标值不少于200天，实际供餐197天，完成率98.50%，得9.85分。\n\n"
    "满意度方面，十是群众满意度。年度指标值为不低于90%，入户问卷调查满意度93.5%，完成率103.89%，得10分。\n\n"
    "工程按期完工率：目标值≥95%，52段中50段在11月底前按期完工，按期完工率96.15%，完成率101.21%，分值10分，得10分。\n"
)


@pytest.mark.parametrize("text, expected", [
    (FIELDS_PER_LINE, [("辖区刑事案件发案数", D(120), D(104), None, D(10)), ("安全生产亡人事故", D(0), D(0), None, D(10))]),
    (RUN_IN_CATEGORY, [("在校学生数", D(1250), D(1286), D("102.88"), D(10)),
                       ("营养餐供餐天数", D(200), D(197), D("98.50"), D("9.85")),
                       ("群众满意度", D(90), D("93.5"), D("103.89"), D(10)),
                       ("工程按期完工率", D(95), D("96.15"), D("101.21"), D(10))]),
    (FIELDS_IN_A_LINE, [("食品安全监督抽检批次", D(4650), D(4712), D("101.33"), D(10)),
                        ("抽检结果公示及时率", D(95), D("93.2"), D("98.11"), D("4.91"))]),
], ids=["third-level-field-names-it", "run-in-category-and-uncued-actuals", "a-line-of-fields-each"])
def test_names_and_values_of_indicators_written_as_fields_or_run_on(tmp_path, text, expected):
    facts = _facts(tmp_path, text)
    assert [(i.name, _value(i.target), _value(i.actual), _value(i.completion), _value(i.score))
            for i in facts.indicators] == expected


def test_a_category_closed_by_a_full_stop_then_the_names(tmp_path):
    text = ("1.数量指标。（1）县级储备粮库存规模：年度目标值≥2.5万吨，年末实际库存2.5万吨，完成率100%，分值10分，得分10分。\n\n"
            "3.时效指标。储备粮轮换按时完成率：目标值≥95%，全年轮换计划均在规定架空期内完成，实际完成率100%，分值8分，得分8分。\n")
    facts = _facts(tmp_path, text)
    assert [i.name for i in facts.indicators] == ["县级储备粮库存规模", "储备粮轮换按时完成率"]


# --------------------------------------------------------------------------------------------------------
# a name field whose name holds a field's word (完成率): the name is the field's whole value


NAME_FIELD_WITH_A_CUE_WORD = (
    "指标名称：居民医保基金收入预算完成率；年度指标值：≥100%；实际完成值：101.36%；完成率：101.36%；分值：10分；得分：10分\n\n"
    "指标名称：异地就医直接结算率；年度指标值：≥85%；实际完成值：88.6%；完成率：104.24%；分值：10分；得分：10分\n"
)


def test_name_field_holding_a_cue_word(tmp_path):
    facts = _facts(tmp_path, NAME_FIELD_WITH_A_CUE_WORD)
    assert [(i.name, _value(i.target), _value(i.completion)) for i in facts.indicators] == [
        ("居民医保基金收入预算完成率", D("100"), D("101.36")), ("异地就医直接结算率", D("85"), D("104.24"))]


NUMBERED_NAME_FIELDS = (
    "1. 指标名称：执法检查企业数；目标值：≥600家次；实际值：648家次；完成率：108.00%；分值：10分；得分：10分。\n"
    "2. 指标名称：立案查处违法案件数；目标值：≥120件；实际值：131件；完成率：109.17%；分值：10分；得分：10分。\n"
)


def test_numbered_name_fields(tmp_path):
    facts = _facts(tmp_path, NUMBERED_NAME_FIELDS)
    assert [(i.name, _value(i.target)) for i in facts.indicators] == [("执法检查企业数", D("600")), ("立案查处违法案件数", D("120"))]


BRACKETED_RECORDS = """【指标1】信访事项按期受理率
　指标类别：产出-时效
　年度目标：≥98%
　实际完成：98.40%
　完成率：100.41%
　分值/得分：15/15
【指标7】信访信息报送（扣分制）
　评分规则：满分10分，迟报1次扣0.5分，扣完为止
　分值/得分：10/9.5（10-0.5）
【指标8】群众满意率
　年度目标：≥85%
　实际完成：91.30%
　完成率：107.41%
　分值/得分：10/10
【观察指标】网上信访占比
　年度目标：不设目标值，权重0分
　实际情况：25.93%，不计入总分
"""


def test_bracketed_indicator_records_one_field_a_line(tmp_path):
    """"【指标1】name" then one field a line: the name is the first line's, "分值/得分：15/15" gives the weight and the
    score, and the next 【…】 line starts the next record (the observation indicator's weight is its own)."""
    facts = _facts(tmp_path, BRACKETED_RECORDS)
    found = {i.name: i for i in facts.indicators}
    first = found["信访事项按期受理率"]
    assert (_value(first.target), _value(first.actual), _value(first.weight), _value(first.score)) == \
        (D("98"), D("98.40"), D("15"), D("15"))
    last = found["群众满意率"]
    assert (_value(last.weight), _value(last.score)) == (D("10"), D("10"))


def test_an_unnumbered_name_sentence_before_its_target(tmp_path):
    """"协税护税宣传活动场次。年度目标为…": the paragraph's first sentence, a bare name, names the indicator its
    next sentence opens the target of; a remark ("产出指标完成较好。") names none."""
    facts = _facts(tmp_path, "协税护税宣传活动场次。年度目标为不少于24场，全年实际开展各类活动26场，完成率108.33%，"
                             "该指标权重10分，得10.00分。\n\n"
                             "产出指标完成较好。年度目标为不少于36000人次，全年实际服务38412人次，完成率106.70%。\n")
    names = [i.name for i in facts.indicators]
    assert names[0] == "协税护税宣传活动场次"
    assert "产出指标完成较好" not in names
    first = facts.indicators[0]
    assert (_value(first.target), _value(first.completion), _value(first.score)) == (D("24"), D("108.33"), D("10.00"))


def test_a_paragraph_opening_with_its_method_is_named_by_its_measure(tmp_path):
    """"通过入户走访和问卷调查，…，群众满意度87.5%，未达到90%的目标值": how the figure was found is no name."""
    facts = _facts(tmp_path, "通过入户走访和问卷调查，发放问卷400份，收回有效问卷384份，群众满意度87.5%，未达到90%的目标值，"
                             "完成率97.22%。\n")
    assert [i.name for i in facts.indicators] == ["群众满意度"]
    assert _value(facts.indicators[0].completion) == D("97.22")


def test_a_reason_with_its_remedies_parts_into_the_two_where_they_stand():
    from auditor.extract.facts import TextField
    from auditor.extract.indicators import split_remedy

    text = "部分路段施工受阻,工期推迟。下一步将加强调度。"
    cause, remedy = split_remedy(TextField(text, 100, 100 + len(text)))
    assert (cause.text, cause.start, cause.end) == ("部分路段施工受阻,工期推迟", 100, 113)
    assert (remedy.text, remedy.start, remedy.end) == ("下一步将加强调度。", 114, 123)
    cause, remedy = split_remedy(TextField("暂停对接;措施:加强沟通协调", 0, 14))
    assert (cause.text, remedy.text, remedy.start) == ("暂停对接", "加强沟通协调", 8)
    field = TextField("受汛期影响,部分班次取消", 0, 12)
    assert split_remedy(field) == (field, None)


def test_a_measure_noted_under_a_table_row_is_the_rows_measure(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("三级指标            年度指标值   实际完成值   完成率    分值  得分   偏差原因\n"
                    "新建村级服务点      ≥40个        36个         90.00%    10    9.00   2个村选址调整\n"
                    "                    改进措施：提前开展选址论证\n"
                    "服务点运行率        ≥95%         90.2%        94.95%    10    9.49   —\n"
                    "                    改进措施：按月通报运行情况\n"
                    "群众满意度          ≥90%         92.4%        102.67%   10    10.00  —\n", encoding="utf-8")
    inds = {i.name: i for i in extract(read_document(str(path))).indicators}
    assert set(inds) == {"新建村级服务点", "服务点运行率", "群众满意度"}
    assert inds["新建村级服务点"].reason.text == "2个村选址调整" and inds["新建村级服务点"].measure.text == "提前开展选址论证"
    assert inds["服务点运行率"].reason is None and inds["服务点运行率"].measure.text == "按月通报运行情况"
