"""SC01: a completion rate that no figure of the indicator explains."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.compare import quantize, show, truncate
from auditor.registry import check

HUNDRED = Decimal(100)


def _explains(value: Decimal, stated: Decimal, decimals: int) -> bool:
    return quantize(value, decimals) == stated or truncate(value, decimals) == stated


@check(
    code="SC01",
    name="completion-rate",
    severity="warning",
    summary="A completion rate differs from actual ÷ target (≥), target ÷ actual (≤ when missed) or 100 % (≤ when met).",
    rationale=(
        "The completion rate of a quantitative indicator is actual ÷ target for a floor (≥), 100 % for a "
        "ceiling (≤) that was kept and target ÷ actual for one that was exceeded (财预〔2020〕10号 附件 评分方法). "
        "Reports sometimes use another ratio of the indicator's own figures (executed ÷ adjusted budget for "
        "a 预算经费 indicator): that is the report's convention and accepted. A rate that no figure of the "
        "indicator gives cannot be reproduced by the reviewer."
    ),
    bad="受益人数：该指标预期指标值为大于等于 500 人，本次评价受益人数为 450 人，该指标完成率为 95%。",
    good="受益人数：该指标预期指标值为大于等于 500 人，本次评价受益人数为 450 人，该指标完成率为 90%。",
    known_problems=("Rates capped at 100 % are accepted, and so is target ÷ actual for a ceiling that was kept (a "
                    "common template's convention); rates of qualitative indicators are not checked."),
)
def completion_rate(ctx):
    for ind in ctx.indicators():
        stated, actual, target = ind.completion, ind.actual, ind.target
        if stated is None or actual is None or target is None or stated.quantity.dimension != "percent":
            continue
        if actual.quantity.base_unit != target.quantity.base_unit:
            continue
        s, d = stated.quantity.value, stated.quantity.decimals
        a, t = actual.quantity.base_value, target.quantity.base_value
        if not t or not a and ind.comparator == "<=":
            continue
        # the ratio the comparator defines: a floor (≥, =) is met by actual ÷ target; a ceiling (≤) is
        # 100 % when kept and target ÷ actual when exceeded
        if ind.comparator == "<=":
            # many provincial templates rate a ceiling target ÷ actual whether kept or not (3.5 ÷ 3.2 =
            # 109.38 % for an unemployment rate kept under 3.5 %): that convention is accepted too
            candidates = [HUNDRED, t / a * HUNDRED] if a <= t else [t / a * HUNDRED]
        else:
            candidates = [a / t * HUNDRED]
        # the report's convention: any ratio of two figures stated in the indicator's own text
        figures = [f.quantity.base_value for f in ind.figures if f.quantity.dimension == "money" and f.quantity.base_value]
        candidates += [x / y * HUNDRED for x in figures for y in figures if x is not y]
        if any(_explains(c, s, d) for c in candidates):
            continue
        if s == HUNDRED and ind.comparator != "<=" and a >= t:
            continue  # a floor exceeded, its rate capped at 100 %
        expected_value = (a / t * HUNDRED) if ind.comparator != "<=" else (HUNDRED if a <= t else t / a * HUNDRED)
        expected = f"{quantize(expected_value, max(d, 2))}%"
        name = ind.name or ind.number or ""
        ctx.finding(
            ctx.t(f"「{name}」完成率应为 {expected}（实际 {show(actual)}，目标 {show(target)}），此处写作 {show(stated)}",
                  f"'{name}': completion should be {expected} (actual {show(actual)}, target {show(target)}); "
                  f"written here as {show(stated)}"),
            locations=[(stated.start, stated.end), (actual.start, actual.end), (target.start, target.end)],
            expected=expected,
        )
