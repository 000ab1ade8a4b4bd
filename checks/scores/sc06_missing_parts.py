"""SC06: an indicator without its actual value, or a deviation without a 偏差原因."""

from __future__ import annotations

import re

from auditor.extract.compare import show
from auditor.extract.indicators import (blank_in_table, derived_completion, met_without_deviation, names_field,
                                       names_the_execution_rate, stated_in_words)
from auditor.extract.tables import build_tables
from auditor.registry import check


def _value_beside_target(ind, text: str) -> bool:
    """Whether a narrative indicator's text states another figure in its target's unit, or in the completion's
    unit when its target is a rate ("年度目标为30,000人次，…参与32,400人次，完成率108.00%", "满意度为93.20%，
    完成率98.11%"): the actual value, written without a word that says so."""
    if ind.source != "narrative":
        return False
    fields = {id(f) for f in (ind.target, ind.midyear, ind.completion, ind.weight, ind.score) if f is not None}
    # (a target its name holds, "…满意度年度目标不低于95%", is one more figure of that unit, read as no field)
    unit = (ind.target or ind.completion).quantity.base_unit
    others = [f for f in ind.figures if id(f) not in fields and f.quantity.base_unit == unit
              and f.period is None and f.start < ind.completion.start
              # (not a part of the target: "年度目标值为≥500户，其中城区200户")
              and not (ind.target is not None and "其中" in text[ind.target.end:f.start])]
    values = [f for f in others if not f.quantity.comparator]
    return bool(values) and (ind.target is not None or len(others) >= 2)


def _met_in_words(ind, text: str) -> bool:
    """Whether a target of none (0人, 0起) or of all (100%) is met in words: "目标为0人，全年未发生因气象灾害…造成的
    人员死亡", "目标值100%，实际验收的完工项目全部合格"."""
    if ind.target is None or ind.completion is None:
        return False
    target = ind.target.quantity
    words = _NONE_HAPPENED if target.value == 0 else \
        _ALL_MET if target.value == 100 and target.dimension == "percent" else None
    return words is not None and bool(words.search(text, ind.target.end, ind.completion.start))


_NONE_HAPPENED = re.compile(r"未发生|未出现|没有发生|未新增|无新增|无一|零发生|实现零")
_ALL_MET = re.compile(r"全部合格|全部达标|全部完成|全部到位|均合格|均达标|均已完成|全覆盖|无一不")


# A 偏差原因 that says there is none ("无明显偏差，已基本完成目标") explains no deviation
_DENIES_DEVIATION = re.compile(r"\s*(?:无|没有|不存在|未发生|未出现)(?:明显|较大|重大)?偏差")


def _short_of_target(ind) -> bool:
    """Whether an indicator's figures fall short of its target and its score says so too (below its weight)."""
    derived = derived_completion(ind)
    return derived is not None and derived.rate < 100 and ind.score is not None and ind.weight is not None \
        and ind.score.quantity.value < ind.weight.quantity.value


def _qualitative_met(ctx, ind, tables) -> bool:
    """A qualitative target met in full, the outcome described rather than given as a value (no 实际完成值
    field at all: "实际完成值暂无" still says it is missing)."""
    if ind.target is not None or ind.completion.quantity.value != 100 or ind.source != "narrative" \
            or names_field(ctx.doc, ind, "actual"):
        return False
    target = stated_in_words(ctx.doc, ind, "target", tables)
    # (a description between the two: "2023年12月前完成，完成率100%" describes nothing)
    return target is not None and len(_CJK.findall(ctx.doc.text, target.end, ind.completion.start)) >= _DESCRIBED


_CJK = re.compile(r"[\u4e00-\u9fff]")
_DESCRIBED = 12  # characters


@check(
    code="SC06",
    name="missing-parts",
    severity="warning",
    summary="An indicator states no actual value, or deviates from its target without a 偏差原因.",
    rationale=(
        "The 绩效自评表 and the report's indicator analysis must give, for each indicator, the target, the "
        "actual value, the completion and, where the target is missed or exceeded, the reasons for the "
        "deviation (财预〔2020〕10号 第十二条; 部门整体支出绩效自评 templates: 偏差原因分析及改进措施). A completion "
        "rate without the value it was computed from cannot be verified."
    ),
    bad="举报投诉案件结案率：该指标预期指标值为大于等于98%，年中监控实际完成值为100%，本次评价，该指标完成率为102.04%，偏差原因：在设定的目标值以内。",
    good="举报投诉案件结案率：该指标预期指标值为大于等于98%，本次评价举报投诉案件结案率为100%，该指标完成率为102.04%，偏差原因：在设定的目标值以内。",
    known_problems=("A missing 偏差原因 is reported at info level only: many reports explain small deviations in "
                    "passing. A target of at least so much exceeded by less than the lexicon's floor_met_below (120 %: "
                    "109.53 % of a ≥ target) is taken as met, as reports write it, and needs no reason; a dash, a "
                    "slash or 无 in the reason's place is no reason. In a 自评表 without a 完成率 column, an empty "
                    "实际完成值 cell is reported when the row still scores points. An indicator named alike in two tables "
                    "(its values in one, its score in the 自评表) is one indicator; the 预算执行率 row, whose "
                    "completion is the rate itself, explained with the budget's execution, is not checked here. A "
                    "qualitative indicator (年度指标值为“明显提升”) met in full may describe its outcome instead of "
                    "stating a value. A 自评表 without a 完成率 column is checked from its figures when the row's "
                    "偏差原因 cell is empty and its score is below its weight; a shortfall whose reason says there is "
                    "no deviation (无明显偏差) has none; a pointer elsewhere (详见…台账) is no actual value; a target of none or of all met in words (目标为0人，全年未发生…; 目标值100%，…全部合格) states its actual."),
)
def missing_parts(ctx):
    tables = None
    for ind in ctx.indicators():
        name = ind.name or ind.number or ""
        anchor = ind.completion or ind.target or ind.score
        if anchor is None:
            continue
        if names_the_execution_rate(ind):
            continue  # the 预算执行率 row: its completion is the rate, explained with the budget's execution
        if ind.actual is None and ind.completion is not None and ind.source == "table" and tables is None:
            tables = build_tables(ctx.doc)
        # a qualitative indicator states its actual value in words (实际完成值为有效, 达标), or met in full,
        # describes it ("年度指标值为“明显提升”，…群众普遍反映…更加丰富，指标达成，完成率100%")
        if ind.actual is None and ind.completion is not None and not _value_beside_target(ind, ctx.doc.text) \
                and not _met_in_words(ind, ctx.doc.text) and \
                stated_in_words(ctx.doc, ind, "actual", tables) is None and not any(
                    stated_in_words(ctx.doc, other, "actual", tables) is not None for other in ind.same) \
                and not _qualitative_met(ctx, ind, tables):
            ctx.finding(
                ctx.t(f"「{name}」没有写明实际完成值，完成率 {show(ind.completion)} 无从核对",
                      f"'{name}' states no actual value; its completion {show(ind.completion)} cannot be checked"),
                locations=[(ind.completion.start, ind.completion.end)],
            )
        if ind.actual is None and ind.completion is None and ind.target is not None and ind.score is not None \
                and ind.score.quantity.value > 0:
            tables = tables if tables is not None else build_tables(ctx.doc)
            if blank_in_table(ctx.doc, ind, "actual", tables):
                # "新建冷链仓储点 | ≥6个 | (empty) | 8 | 8.00": marks for a value nobody wrote down
                ctx.finding(
                    ctx.t(f"「{name}」的实际完成值为空，却得 {show(ind.score)}",
                          f"'{name}' leaves its actual value empty but scores {show(ind.score)}"),
                    locations=[(ind.score.start, ind.score.end), (ind.target.start, ind.target.end)],
                )
        completion = ind.completion.quantity.value if ind.completion is not None else None
        # (a shortfall said to be no deviation is left unexplained; a target exceeded is often written so)
        reason = None if ind.reason is not None and completion is not None and completion < 100 \
            and _DENIES_DEVIATION.match(ind.reason.text) else ind.reason
        if completion is not None and reason is None and not met_without_deviation(ind):
            ctx.finding(
                ctx.t(f"「{name}」完成率为 {show(ind.completion)}，未说明偏差原因",
                      f"'{name}' is at {show(ind.completion)} completion with no 偏差原因"),
                locations=[(ind.completion.start, ind.completion.end)],
                severity="info",
            )
        elif completion is None and reason is None and _short_of_target(ind) \
                and blank_in_table(ctx.doc, ind, "reason", tables):
            # a 自评表 without a 完成率 column whose 偏差原因 cell is empty: "视频监控点位正常运行数 | ≥45个 | 41个 | 5 | 4.56 | "
            ctx.finding(
                ctx.t(f"「{name}」实际 {show(ind.actual)} 未达到目标 {show(ind.target)}，未说明偏差原因",
                      f"'{name}' reached {show(ind.actual)} against a target of {show(ind.target)} with no 偏差原因"),
                locations=[(ind.actual.start, ind.actual.end), (ind.target.start, ind.target.end)],
                severity="info",
            )
