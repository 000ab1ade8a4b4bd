"""SC02: an indicator's score against weight × completion (完成比率法)."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import completion_candidates, quantize, show
from auditor.extract.indicators import derived_completion, names_the_execution_rate
from auditor.extract.lexicon import lexicon
from auditor.model import BlockKind
from auditor.registry import check

from . import score_agrees

HUNDRED = Decimal(100)


def _rule_of(indicator, indicators):
    """The indicator's 评分标准: its own, or that of the 自评表 row stating the same target and actual value
    (a narrative paragraph retelling a row of the table)."""
    if indicator.rule is not None or indicator.target is None or indicator.actual is None:
        return indicator.rule
    for row in indicators:
        if row.rule is not None and row.target is not None and row.actual is not None \
                and row.target.quantity.agrees_with(indicator.target.quantity) \
                and row.actual.quantity.agrees_with(indicator.actual.quantity):
            return row.rule
    return None


def _scoring_rule(indicator, indicators=()) -> str | None:
    """How the indicator's own scoring rule works when it is not the 完成比率法: "deduction" (每降低1个
    百分点扣1分: short of the target it cannot keep full marks) or "threshold" (不低于90%得满分); None
    for no rule, or a proportional one."""
    rule = _rule_of(indicator, indicators)
    if rule is None:
        return None
    words = lexicon().raw["indicators"]["scoring_rules"]
    text = rule.text
    if any(w in text for w in words["proportional"]) or not any(w in text for w in words["other"]):
        return None
    if _FULL_MARKS_FROM.search(text) or not re.search(r"每[^,，;；。]{0,12}扣", text):
        return "threshold"  # "不低于90%得满分，每低1个百分点扣1分": full marks down to 90 %
    return "deduction"


_FULL_MARKS_FROM = re.compile(r"(?:不低于|不少于|达到|高于|超过|≥|>=)[^,，;；。]{0,12}(?:的|即|则)?(?:得|记|计)满分")


def _completion(indicator) -> Decimal | None:
    if indicator.completion is not None and indicator.completion.quantity.dimension in ("percent", "none"):
        return indicator.completion.quantity.value
    return None


@check(
    code="SC02",
    name="indicator-score",
    severity="error",
    summary="An indicator's score is not weight × completion: full marks below 100 %, marks at 0 %, or more than the weight.",
    rationale=(
        "Under 财预〔2020〕10号 (《项目支出绩效评价管理办法》, 第二十三条 and 附件 评分方法) and the department-"
        "overall rules that follow it, quantitative indicators are scored by the 完成比率法: score = weight × "
        "completion rate, capped at the weight. Full marks for an indicator that was not completed, any "
        "marks for one at 0 %, or more than the weight inflate the total score and may change the grade."
    ),
    bad="应急救护培训考核合格率：该指标预期指标值为等于100%，本次评价合格率为95.66%，该指标完成率为95.66%。该指标权重分值为10分，自评得分10分。",
    good="应急救护培训考核合格率：该指标预期指标值为等于100%，本次评价合格率为95.66%，该指标完成率为95.66%。该指标权重分值为10分，自评得分9.57分。",
    known_problems=(
        "Indicators scored by other methods (qualitative grading, deduction per case) are compared only "
        "for marks above the weight; a 评分标准 cell that deducts points (每降低1个百分点扣1分) still forbids "
        "full marks short of completion, one that gives full marks from a threshold (不低于90%得满分) "
        "leaves only marks above the weight and marks at 0 % to check; the score is checked against the stated completion rate and the "
        "unrounded ratio of the indicator's own figures, whichever the report used."
    ),
)
def indicator_score(ctx):
    notes = None
    for ind in ctx.indicators():
        weight, score = ind.weight, ind.score
        if weight is None or score is None:
            continue
        if ind.table is not None and names_the_execution_rate(ind):
            continue  # a 自评表's 预算执行率 row: SC03 scores the execution
        w, s = weight.quantity.value, score.quantity.value
        locations = [(score.start, score.end), (weight.start, weight.end)]
        if ind.completion is not None:
            locations.append((ind.completion.start, ind.completion.end))
        name = ind.name or ind.number or ""
        if s > w:
            ctx.finding(ctx.t(f"「{name}」得分 {show(score)} 超过权重分值 {show(weight)}",
                              f"'{name}': the score {show(score)} exceeds the weight {show(weight)}"),
                        locations=locations, expected=f"≤ {w}")
            continue
        completion = _completion(ind)
        if completion is None:
            if ind.score is not ctx.report().execution_score:  # SC03 judges the execution score
                _check_derived(ctx, ind, name, locations)
            continue
        if completion == 0 and s > 0:
            ctx.finding(ctx.t(f"「{name}」完成率为 0，却得 {show(score)}（按完成比率法应为 0 分）",
                              f"'{name}': completion is 0 but it scores {show(score)} (should be 0)"),
                        locations=locations, expected="0")
            continue
        if notes is None:  # the text's paragraphs that score by deduction, found once
            notes = [seg.text for seg in ctx.doc.normalized.segments
                     if seg.kind != BlockKind.TABLE_CELL and _DEDUCTION.search(seg.text)]
        rule = _scoring_rule(ind, ctx.indicators()) or _rule_in_notes(notes, ind)
        if rule == "threshold":
            continue
        # the stated rate, or its unrounded value from the indicator's own figures (13.54 = 15 × 90.235%)
        step = Decimal(1).scaleb(-ind.completion.quantity.decimals)
        unrounded = [r for r in completion_candidates(ind) if abs(r - completion) < step]
        ratios = [min(r, HUNDRED) for r in [completion, *unrounded]]
        if any(score_agrees(score, w * r / HUNDRED) for r in ratios):
            continue
        best = quantize(w * ratios[0] / HUNDRED, 2)
        if s == w and completion < HUNDRED:
            ctx.finding(ctx.t(f"「{name}」完成率 {show(ind.completion)} 未达 100%，却得满分 {show(score)}（应为 {best} = {w} × {completion}%）",
                              f"'{name}': full marks {show(score)} at {show(ind.completion)} completion (should be {best} = {w} × {completion}%)"),
                        locations=locations, expected=str(best))
        elif rule is None:  # a deduction rule of its own gives other scores than the ratio
            ctx.finding(ctx.t(f"「{name}」得分 {show(score)} 与权重 × 完成率不符（应为 {best} = {w} × {min(completion, HUNDRED)}%）",
                              f"'{name}': the score {show(score)} is not weight × completion (should be {best} = {w} × {min(completion, HUNDRED)}%)"),
                        locations=locations, expected=str(best), severity="warning")


_DEDUCTION = re.compile(r"每[^,，;；。]{0,12}扣")


def _rule_in_notes(notes: list[str], ind) -> str | None:
    """"deduction" when a note in the text (``notes``: its paragraphs that score by deduction) scores this
    indicator so ("评分说明：满意度指标按评分细则‘每低于目标值1个百分点扣1分’计分"): the note names the
    indicator, or the last word of its name (满意度)."""
    name = ind.name or ""
    words = {name, name[-3:]} - {""}
    return "deduction" if any(w in text for text in notes for w in words) else None


def _check_derived(ctx, ind, name, locations) -> None:
    """No completion rate written (most 自评表 have no column for it): the rate from the indicator's own
    target and actual value. Only what no reading of the figures explains is reported — full marks
    below 100 % even at the highest rate the figures' rounding allows, and marks for nothing done —
    since a score may follow another method than the 完成比率法 once the rate is not stated."""
    derived = derived_completion(ind)
    if derived is None:
        return
    weight, score, actual, target = ind.weight, ind.score, ind.actual, ind.target
    w, s = weight.quantity.value, score.quantity.value
    locations = locations + [(actual.start, actual.end), (target.start, target.end)]
    rate = quantize(derived.rate, 2)
    if derived.rate == 0 and s > 0:
        ctx.finding(ctx.t(f"「{name}」实际完成 {show(actual)}（目标 {show(target)}），完成率为 0，却得 {show(score)}（按完成比率法应为 0 分）",
                          f"'{name}': actual {show(actual)} against a target of {show(target)} is 0 % completion, "
                          f"but it scores {show(score)} (should be 0)"),
                    locations=locations, expected="0")
    elif s == w and derived.upper < HUNDRED and not score_agrees(score, w * derived.upper / HUNDRED) \
            and _scoring_rule(ind, ctx.indicators()) != "threshold":
        best = quantize(w * derived.rate / HUNDRED, 2)
        ctx.finding(ctx.t(f"「{name}」实际完成 {show(actual)}，为目标 {show(target)} 的 {rate}%，却得满分 {show(score)}（应为 {best} = {w} × {rate}%）",
                          f"'{name}': actual {show(actual)} is {rate}% of the target {show(target)}, but it gets "
                          f"full marks {show(score)} (should be {best} = {w} × {rate}%)"),
                    locations=locations, expected=str(best))
