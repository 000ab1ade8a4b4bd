"""SC03: the budget-execution score against 10 × execution rate."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.compare import quantize, show
from auditor.registry import check


@check(
    code="SC03",
    name="execution-score",
    severity="error",
    summary="The score for budget execution is not its weight (10) × the execution rate.",
    rationale=(
        "In the 部门整体支出绩效评价 framework the 预算执行率 indicator carries 10 points and is scored by "
        "the 完成比率法 (财预〔2020〕10号 附件): score = 10 × execution rate, at most 10. A different score "
        "changes the total and the grade."
    ),
    bad="我单位全年预算金额为 7047.68 万元，执行金额为 4044.35 万元，执行率为 57.39%，得 6.74 分。",
    good="我单位全年预算金额为 7047.68 万元，执行金额为 4044.35 万元，执行率为 57.39%，得 5.74 分。",
    known_problems="The weight is the option `weight` (10 by default, as the templates set it).",
    options={"weight": 10},
)
def execution_score(ctx):
    report = ctx.report()
    score = report.execution_score
    if score is None:
        return
    rates = [f for f in ctx.quantities() if f.concept == "execution_rate" and f.segment == score.segment
             and f.end <= score.start]
    if score.table is not None:
        rates = [f for f in ctx.quantities() if f.concept and f.concept.endswith("execution_rate")
                 and f.table == score.table and f.row == score.row]
    if not rates:
        return
    rate = rates[-1]
    weight = Decimal(str(ctx.options.get("weight", 10)))
    computed = min(weight, weight * rate.quantity.value / Decimal(100))
    d = max(score.quantity.decimals, 2)
    if abs(quantize(computed, d) - score.quantity.value) <= Decimal(1).scaleb(-d):
        return
    expected = str(quantize(computed, 2))
    ctx.finding(
        ctx.t(f"预算执行得分应为 {expected}（{weight} × {show(rate)}），此处写作 {show(score)}",
              f"the execution score should be {expected} ({weight} × {show(rate)}); written here as {show(score)}"),
        locations=[(score.start, score.end), (rate.start, rate.end)],
        expected=expected,
    )
