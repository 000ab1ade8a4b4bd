"""The quantity parser: round trips of every written style, real report sentences, and non-quantities."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from auditor.extract.numerals import int_to_chinese
from auditor.extract.quantities import (
    DIMENSIONS,
    UNITS_FILE,
    Quantity,
    parse_quantities,
    quantity_lexicon,
)

D = Decimal
LEX = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
HOTLINES = {str(h) for h in LEX["hotline_numbers"]}
COMPARATOR_PHRASES = sorted((p, op) for op, phrases in LEX["comparators"].items() for p in phrases)
_FULL = str.maketrans("0123456789.,%-", "０１２３４５６７８９．，％－")


def one(text: str) -> Quantity:
    qs = parse_quantities(text)
    assert len(qs) == 1, (text, qs)
    return qs[0]


def summary(q: Quantity) -> tuple:
    return (str(q.value), q.unit, q.comparator, "".join(sorted(q.approx)))


# --- property: every written style parses back to itself --------------------------------------------


@st.composite
def decimals(draw, *, max_int: int = 99_999_999, signed: bool = False) -> tuple[str, int]:
    """A decimal number as text (no separators) and its number of decimals."""
    whole = draw(st.integers(min_value=0, max_value=max_int))
    places = draw(st.integers(min_value=0, max_value=4))
    frac = "".join(str(draw(st.integers(0, 9))) for _ in range(places))
    text = f"{whole}.{frac}" if places else str(whole)
    if signed and draw(st.booleans()):
        text = "-" + text
    return text, places


def with_separators(text: str) -> str:
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}" + dot + frac


def _unitless_ok(text: str) -> bool:
    digits = text.lstrip("-").replace(",", "")
    return digits not in HOTLINES


# (template, unit, base unit, scale, dimension, comparator, approx)
STYLES = [
    ("{x}", "", "", 1, "none", None, ""),
    ("{x}万元", "万元", "元", 10000, "money", None, ""),
    ("{x} 万元", "万元", "元", 10000, "money", None, ""),
    ("{x}亿元", "亿元", "元", 100000000, "money", None, ""),
    ("{x}元", "元", "元", 1, "money", None, ""),
    ("{x}万人", "万人", "人", 10000, "count", None, ""),
    ("{x} 万人", "万人", "人", 10000, "count", None, ""),
    ("{x}人次", "人次", "人次", 1, "count", None, ""),
    ("{x}%", "%", "%", 1, "percent", None, ""),
    ("{x} %", "%", "%", 1, "percent", None, ""),
    ("{x}％", "%", "%", 1, "percent", None, ""),
    ("{x}分", "分", "分", 1, "score", None, ""),
    ("约{x}人", "人", "人", 1, "count", None, "约"),
    ("近{x}户", "户", "户", 1, "count", None, "近"),
    ("{x}余人", "人", "人", 1, "count", None, "余"),
    ("{x}万余元", "万元", "元", 10000, "money", None, "余"),
    ("{x}多万元", "万元", "元", 10000, "money", None, "多"),
    ("{x}人左右", "人", "人", 1, "count", None, "左右"),
    ("{x}%以上", "%", "%", 1, "percent", ">=", "以上"),
    ("{x}%以内", "%", "%", 1, "percent", "<=", ""),
    ("预算数为{x}万元,", "万元", "元", 10000, "money", None, ""),
    ("预算数为{x}万元，", "万元", "元", 10000, "money", None, ""),
    ("本次评价执行率为{x}%。", "%", "%", 1, "percent", None, ""),
    ("该指标完成值为 {x} 人,偏差原因:无", "人", "人", 1, "count", None, ""),
    ("2023年全年预算金额为{x}万元", "万元", "元", 10000, "money", None, ""),
]


@given(decimals(signed=True), st.sampled_from(STYLES), st.sampled_from(["plain", "sep", "full", "full-sep"]))
def test_written_styles_round_trip(number, style, form) -> None:
    text, places = number
    template, unit, base_unit, scale, dimension, comparator, approx = style
    written = text
    if form in ("sep", "full-sep"):
        written = with_separators(text.lstrip("-"))
        written = ("-" if text.startswith("-") else "") + written
    sentence = template.format(x=written)
    if form.startswith("full"):
        sentence = sentence.translate(_FULL)
    if not unit:
        assume(_unitless_ok(text))
    q = one(sentence)
    assert q.value == D(text) and str(q.value) == text
    assert q.decimals == places
    assert (q.unit, q.base_unit, q.scale, q.dimension) == (unit, base_unit, D(scale), dimension)
    assert q.comparator == comparator
    assert "".join(sorted(q.approx)) == approx
    assert q.base_value == D(text) * scale
    assert q.text == sentence[q.start:q.end]
    assert sentence[q.number_start:q.number_end].translate(_FULL).replace("－", "").replace(" ", "").startswith(
        written.translate(_FULL).lstrip("－")
    )


@given(decimals(max_int=99_999), st.sampled_from(COMPARATOR_PHRASES), st.sampled_from(["人", "%", "万元", "分"]),
       st.sampled_from(["", " "]))
def test_comparator_prefix_round_trip(number, phrase_op, unit, space) -> None:
    text, places = number
    phrase, op = phrase_op
    sentence = f"该指标预期指标值为{phrase}{space}{text}{unit},"
    q = one(sentence)
    assert (q.value, q.decimals, q.unit, q.comparator) == (D(text), places, unit, op)
    assert q.start == sentence.index(phrase)
    assert q.number_start == sentence.index(text, q.start + len(phrase))


COUNT_UNITS = ["人", "户", "个", "项", "件", "名", "家", "次", "人次", "所", "批"]
BASE_UNITS = {"名": "人"}  # 名 counts people, as 人 does


@given(st.integers(min_value=0, max_value=99_999), st.sampled_from(COUNT_UNITS), st.booleans(),
       st.sampled_from(["{}", "共有{},", "全年完成{}。"]))
def test_chinese_numerals_with_count_unit(n, unit, liang, template) -> None:
    written = int_to_chinese(n, liang=liang)
    sentence = template.format(written + unit)
    q = one(sentence)
    assert q.base_value == n
    assert q.base_unit == BASE_UNITS.get(unit, unit)
    assert q.dimension == "count" and q.decimals == 0
    assert sentence[q.number_start:q.number_end] == written + unit


def test_people_counted_by_ming_and_ren_agree() -> None:
    assert one("在校学生41,286名").agrees_with(one("在校学生41,286人"))
    assert not one("在校学生41,826名").agrees_with(one("在校学生41,286人"))
    assert not one("培训120人次").agrees_with(one("培训120名"))


# --- property: what is not a quantity ------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2100)
small = st.integers(min_value=1, max_value=999)
space = st.sampled_from(["", " "])


@st.composite
def non_quantities(draw) -> str:
    y, m, d, n, s = draw(years), draw(st.integers(1, 12)), draw(st.integers(1, 31)), draw(small), draw(space)
    kind = draw(st.sampled_from(["ymd", "ymd-iso", "ymd-dot", "year-of", "year-paren", "year-only", "month",
                                 "doc", "indicator", "quarter", "paren", "fullparen", "list", "phone"]))
    if kind == "ymd":
        return f"{y}{s}年{s}{m}{s}月{s}{d}{s}日"
    if kind == "ymd-iso":
        return f"{y}-{m:02d}-{d:02d}"
    if kind == "ymd-dot":
        return f"{y}.{m}.{d}"
    if kind == "year-of":
        return f"{y}{s}年度"
    if kind == "year-paren":
        return f"({y}{s}年度)"
    if kind == "year-only":
        return f"{y}{s}年"
    if kind == "month":
        return f"{m}月份"
    if kind == "doc":
        prefix = draw(st.sampled_from(["财预", "新财预", "石发", "国办发", "乌政办"]))
        left, right = draw(st.sampled_from(["〔〕", "[]", "【】", "［］"]))
        return f"{prefix}{left}{y}{right}{n}号"
    if kind == "indicator":
        return f"指标{n}:"
    if kind == "quarter":
        return f"第{s}{draw(st.integers(1, 4))}{s}季度"
    if kind == "paren":
        return f"({n})"
    if kind == "fullparen":
        return f"（{n}）"
    if kind == "list":
        return f"{n}、"
    return f"联系电话:{draw(st.integers(10_000_000, 99_999_999))}"


@given(non_quantities())
def test_non_quantities_yield_nothing(text: str) -> None:
    assert parse_quantities(text) == []


@given(non_quantities(), decimals(max_int=9999))
def test_non_quantity_context_keeps_real_quantity(prefix: str, number) -> None:
    text, places = number
    q = one(f"{prefix}全年预算金额为{text}万元")
    assert (q.value, q.decimals, q.unit) == (D(text), places, "万元")


# --- table-driven examples -------------------------------------------------------------------------


EXAMPLES = [
    # real sentences
    ("全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 52.39%。",
     [("7047.68", "万元", None, ""), ("4044.35", "万元", None, ""), ("52.39", "%", None, "")]),
    ("完成了本年度困难群众救助人数为3984人,其中城市低保发放户数773人,农村低保发放户数221人",
     [("3984", "人", None, ""), ("773", "人", None, ""), ("221", "人", None, "")]),
    ("城镇新增就业2.55万人", [("2.55", "万人", None, "")]),
    ("该指标预期指标值为大于等于2045人", [("2045", "人", ">=", "")]),
    ("该指标预期指标值为小于等于4726.44万元", [("4726.44", "万元", "<=", "")]),
    ("该指标预期指标值为等于100%", [("100", "%", "=", "")]),
    ("高龄老人资金233310元", [("233310", "元", None, "")]),
    ("下设8个处室", [("8", "个", None, "")]),
    ("下设 8 个处室", [("8", "个", None, "")]),
    ("共计1.75万余元", [("1.75", "万元", None, "余")]),
    ("得5.74分", [("5.74", "分", None, "")]),
    ("权重分值为12分,自评得分6.89分", [("12", "分", None, ""), ("6.89", "分", None, "")]),
    ("合格率为100%,年中监控实际完成值为0%", [("100", "%", None, ""), ("0", "%", None, "")]),
    ("2023年全年预算金额为7047.68万元", [("7047.68", "万元", None, "")]),
    ("我单位 2023 年全年预算金额为 7047.68 万元", [("7047.68", "万元", None, "")]),
    ("12345 热线事件办结率为100%", [("100", "%", None, "")]),
    ("12345热线事件办结率达到100%", [("100", "%", None, "")]),
    ("认真贯彻落实党的二十大精神,走访慰问557户", [("557", "户", None, "")]),
    ("收入6748.34万元", [("6748.34", "万元", None, "")]),
    ("耕地质量平均等级≤4.6等，实际4.52等", [("4.6", "等", "<=", ""), ("4.52", "等", None, "")]),
    ("6748.34", [("6748.34", "", None, "")]),
    ("其中城市低保发放户数773人", [("773", "人", None, "")]),
    # Chinese numerals
    ("七千多人", [("7000", "人", None, "多")]),
    ("一百二十户", [("120", "户", None, "")]),
    ("两个项目", [("2", "个", None, "")]),
    ("三千五百六十人", [("3560", "人", None, "")]),
    ("十五个村", [("15", "个", None, "")]),
    ("二十万人", [("20", "万人", None, "")]),
    ("百分之九十五", [("95", "%", None, "")]),
    ("合格率百分之95.5", [("95.5", "%", None, "")]),
    ("千分之五", [("5", "‰", None, "")]),
    ("三十余人", [("30", "人", None, "余")]),
    ("零个", [("0", "个", None, "")]),
    # multipliers, separators, full width, signs
    ("1.2亿元", [("1.2", "亿元", None, "")]),
    ("1.2万", [("1.2", "万", None, "")]),
    ("3千", [("3", "千", None, "")]),
    ("3.2 万人", [("3.2", "万人", None, "")]),
    ("300多万元", [("300", "万元", None, "多")]),
    ("18,558.34", [("18558.34", "", None, "")]),
    ("3,4", [("3", "", None, ""), ("4", "", None, "")]),
    ("１８，５５８．３４万元", [("18558.34", "万元", None, "")]),
    ("５２．３９％", [("52.39", "%", None, "")]),
    ("4044.35 万元", [("4044.35", "万元", None, "")]),
    ("57.39 %", [("57.39", "%", None, "")]),
    ("差额为-6.35万元", [("-6.35", "万元", None, "")]),
    ("5‰", [("5", "‰", None, "")]),
    # approximation marks and comparators
    ("约3000人", [("3000", "人", None, "约")]),
    ("近5000户", [("5000", "户", None, "近")]),
    ("3000人左右", [("3000", "人", None, "左右")]),
    ("超3000人", [("3000", "人", None, "超")]),
    ("≥95%", [("95", "%", ">=", "")]),
    (">=95%", [("95", "%", ">=", "")]),
    ("＞＝95％", [("95", "%", ">=", "")]),
    ("95%以上", [("95", "%", ">=", "以上")]),
    ("5%以下", [("5", "%", "<=", "以下")]),
    ("控制在5%以内", [("5", "%", "<=", "")]),
    ("不低于90%", [("90", "%", ">=", "")]),
    ("不超过100万元", [("100", "万元", "<=", "")]),
    ("超过90%", [("90", "%", ">", "")]),
    ("低于60分", [("60", "分", "<", "")]),
    ("达到100%", [("100", "%", None, "")]),
    ("为90%", [("90", "%", None, "")]),
    # units
    ("降低3个百分点", [("3", "个百分点", None, "")]),
    ("15个工作日", [("15", "个工作日", None, "")]),
    ("3年", [("3", "年", None, "")]),
    ("30日内", [("30", "日", "<=", "")]),  # within 30 days, as 30日以内
    ("24 小时动态清零", [("24", "小时", None, "")]),
    ("建设用地120亩", [("120", "亩", None, "")]),
    ("1200元/人", [("1200", "元/人", None, "")]),
    ("1.3倍", [("1.3", "倍", None, "")]),
    ("率在5%-50%之间", [("5", "%", None, ""), ("50", "%", None, "")]),
    ("保障80-89周岁困难老人", [("80", "周岁", None, ""), ("89", "周岁", None, "")]),
    ("分别为12、15、20人", [("12", "人", None, ""), ("15", "人", None, ""), ("20", "人", None, "")]),
    ("三万一千人", [("31000", "人", None, "")]),  # 万一 inside a numeral is no word
    ("节约资金3000元", [("3000", "元", None, "")]),
    ("节约3000元", [("3000", "元", None, "")]),  # 约 of 节约 is no approximation
    ("最近3年", [("3", "年", None, "")]),
    ("百余人", [("100", "人", None, "余")]),
    ("2023年以来完成3984人", [("3984", "人", None, "")]),
    ("共2.1项", [("2.1", "项", None, "")]),
    ("<br>1、是否准确", []),  # raw markup: no comparator, still a list marker
    ("2023年1-12月", []),
    ("2022年底", []),
    ("2.1 项目概况", []),
    ("2.1项目概况", []),
    ("3、4季度末", []),
    ("百岁老人", []),
    ("千人计划", []),
    # not quantities
    ("财预〔2020〕10号", []),
    ("新财预[2021]3号", []),
    ("石发〔2019〕8号", []),
    ("〔2023〕", []),
    ("12345热线事件办结率", []),
    ("党的二十大精神", []),
    ("2024年4月15日", []),
    ("填报时间:2024 年 4 月 15 日", []),
    ("(2023年度)", []),
    ("2023 年度", []),
    ("2024-04-15", []),
    ("2024.4.15", []),
    ("4月15日", []),
    ("12月", []),
    ("第3季度", []),
    ("第2、3、4季度末", []),
    ("2021—2025年", []),
    ("联系电话:89200608", []),
    ("0991-1234567", []),
    ("13912345678", []),
    ("指标一:", []),
    ("指标1", []),
    ("(1)", []),
    ("（一）", []),
    ("1. 部门主要职能", []),
    ("1.年初预算安排情况", []),
    ("三、基本概况", []),
    ("1、推动经济", []),
    ("(三)", []),
    ("①", []),
    ("三支一扶", []),
    ("两学一做", []),
    ("十四五规划", []),
    ("一带一路", []),
    ("5G基站", []),
    ("G20峰会", []),
    ("PM2.5", []),
    ("COVID-19", []),
    ("版本1.2.3", []),
    ("10:30", []),
    ("10时30分", []),
    ("123456789012", []),
    ("一次性补助", []),
    ("专业扑火队伍人数", []),  # (伍 of 队伍 is no five)
    ("荣获一等奖", []),
    ("退伍军人", []),
    ("十分重要", []),
    ("三分之一", []),
    ("一般", []),
    ("统一部署", []),
    ("进一步", []),
    ("二〇二三年", []),
    ("百岁老人", []),
    ("GB/T 19001", []),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[e[0][:24] for e in EXAMPLES])
def test_examples(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in parse_quantities(text)] == expected


def test_offsets() -> None:
    text = "该指标预期指标值为大于等于 2045 人,约1.75万余元,3000人左右。"
    a, b, c = parse_quantities(text)
    assert a.text == "大于等于 2045 人" and text[a.number_start:a.number_end] == "2045 人"
    assert b.text == "约1.75万余元" and text[b.number_start:b.number_end] == "1.75万余元"
    assert c.text == "3000人左右" and text[c.number_start:c.number_end] == "3000人"
    assert text[c.start:c.end] == c.text


def test_full_width_offsets_are_the_input_offsets() -> None:
    text = "执行率为５２．３９％，"
    q = one(text)
    assert text[q.number_start:q.number_end] == "５２．３９％"
    assert q.value == D("52.39") and q.unit == "%"


def test_units_and_scales() -> None:
    q = one("城镇新增就业2.55万人")
    assert (q.value, q.decimals, q.unit, q.base_unit, q.scale, q.dimension) == (
        D("2.55"), 2, "万人", "人", D(10000), "count")
    assert q.base_value == D("25500")
    q = one("降低3个百分点")
    assert (q.base_unit, q.dimension) == ("百分点", "percent")
    q = one("5‰")
    assert (q.base_unit, q.scale, q.base_value) == ("%", D("0.1"), D("0.5"))
    q = one("一亿三千万元")
    assert (q.value, q.unit) == (D(130000000), "元")
    q = one("三点五亿元")
    assert (q.value, q.decimals, q.unit, q.base_value) == (D("3.5"), 1, "亿元", D(350000000))
    assert one("90.0%").decimals == 1
    assert one("3984人").decimals == 0
    assert one("3.2万人").tolerance == D("0.05")
    assert one("57.39%").tolerance == D("0.005")
    assert one("3984人").tolerance == D("0.5")
    assert one("4044.35万元").base_tolerance == D(50)
    assert one("约3000人").is_approx and not one("3000人").is_approx


def test_every_unit_has_a_known_dimension() -> None:
    lex = quantity_lexicon()
    assert lex.units
    for info in lex.units.values():
        assert info.dimension in DIMENSIONS
        assert info.base in lex.units or info.base in ("月", "日", "季度")


def test_a_new_unit_is_a_data_change(tmp_path: Path) -> None:
    data = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
    data["units"]["棵"] = {"dimension": "count"}
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert [summary(q) for q in parse_quantities("种树3000棵")] == [("3000", "", None, "")]
    q = one_with(parse_quantities("种树3000棵", lexicon=quantity_lexicon(str(path))))
    assert (q.value, q.unit, q.dimension) == (D(3000), "棵", "count")
    q = one_with(parse_quantities("种树三千棵", lexicon=quantity_lexicon(str(path))))
    assert (q.value, q.unit) == (D(3000), "棵")


def one_with(qs: list[Quantity]) -> Quantity:
    assert len(qs) == 1, qs
    return qs[0]


# --- agreement -----------------------------------------------------------------------------------------

AGREES = [
    ("3.2万人", "3.17万人", True),
    ("2.55万人", "3.2万人", False),
    ("52.39%", "57.39%", False),
    ("18,558.34", "18558.34", True),
    ("4044.35万元", "40443500元", True),
    ("4044.35万元", "40443600元", False),
    ("95.66%", "95.7%", True),
    ("81.81%", "81.82%", False),
    ("3.2万人", "3.25万人", False),  # 3.25 rounds half up to 3.3
    ("3.2万人", "32000人", True),
    ("100%", "100分", False),  # different units
    ("0.5%", "5‰", True),
    ("约3000人", "3000人", True),  # approximation is the caller's business (is_approx)
    ("7047.68万元", "7047.68万元", True),
]


@pytest.mark.parametrize(("a", "b", "agree"), AGREES)
def test_agrees_with(a: str, b: str, agree: bool) -> None:
    qa, qb = one(a), one(b)
    assert qa.agrees_with(qb) is agree
    assert qb.agrees_with(qa) is agree


def test_unitless_cell_agrees_in_the_others_unit() -> None:
    cell, text = one("6748.34"), one("收入6748.34万元")
    assert not cell.agrees_with(text)
    assert cell.agrees_with(text, unitless_matches=True)
    assert text.agrees_with(cell, unitless_matches=True)
    assert not one("6748.35").agrees_with(text, unitless_matches=True)


@given(decimals(max_int=10**6), st.integers(min_value=0, max_value=3))
def test_agrees_with_its_own_rounding(number, coarser) -> None:
    text, places = number
    value = D(text)
    rounded = value.quantize(D(1).scaleb(-min(coarser, places)), rounding="ROUND_HALF_UP")
    assert one(f"{text}万元").agrees_with(one(f"{rounded}万元"))
    assert one(f"{value * 10000}元").agrees_with(one(f"{rounded}万元")) or places > 4


@pytest.mark.parametrize("text, unit", [("接种49870剂次", "剂次"), ("加装电梯648部", "部"), ("新打机井398眼", "眼"),
                                        ("植树1.2万株", "株"), ("开展2轮次", "轮次"), ("接收进馆档案4860卷", "卷")])
def test_more_count_units(text, unit):
    [q] = parse_quantities(text)
    assert (q.base_unit, q.dimension) == (unit, "count")


@pytest.mark.parametrize("text", ["涉及3部门", "成立2组织", "根据3根本"])
def test_count_units_that_begin_a_word(text):
    assert all(q.dimension != "count" for q in parse_quantities(text))
