"""RT02: a rate cut off at its last decimal instead of rounded."""

from __future__ import annotations

from auditor.extract.compare import completion_candidates, quantize, truncate
from auditor.extract.lexicon import lexicon
from auditor.registry import check

from . import named_shares, row_rates, sentence_rates


@check(
    code="RT02",
    name="truncated-rate",
    severity="info",
    summary="A stated rate is truncated rather than rounded (81.818 % written 81.81 %).",
    rationale=(
        "Rates in a report are rounded half up at the stated decimal (GB/T 8170 数值修约规则, and the "
        "accounting convention). A truncated rate is not wrong enough to mislead, but it shows the figure "
        "was not computed the way the rest of the report's figures are."
    ),
    bad="城镇登记失业率：该指标预期指标值为小于等于 4.5%，本次评价调查失业率 5.5%，该指标完成率为 81.81%。",
    good="城镇登记失业率：该指标预期指标值为小于等于 4.5%，本次评价调查失业率 5.5%，该指标完成率为 81.82%。",
    known_problems=("Only completion rates of indicators, the budget rates of RT01, items' execution rates in their table "
                    "rows or their own sentences and shares of a whole named after 占 (占全年支出的25.73%) are recomputed."),
)
def truncated_rate(ctx):
    seen = set()
    for indicator in ctx.indicators():
        stated = indicator.completion
        if stated is None or stated.quantity.decimals == 0:
            continue
        for value in completion_candidates(indicator):
            _report(ctx, stated, value, [indicator.actual, indicator.target], seen)
    rates = lexicon().raw["rates"]
    for fig in ctx.quantities():
        if not fig.concept or fig.concept.rpartition(".")[2] not in rates or fig.quantity.decimals == 0 \
                or fig.quantity.approx:
            continue
        scope, _, measure = fig.concept.rpartition(".")
        prefix = f"{scope}." if scope else ""
        spec = rates[measure]
        # one figure per distinct value: the same amount stated ten times is one candidate
        for num in (g[0] for g in ctx.groups(prefix + spec["numerator"])):
            for den in (g[0] for g in ctx.groups(prefix + spec["denominator"])):
                if den.quantity.base_value:
                    value = abs(num.signed_base_value / den.quantity.base_value * 100)
                    _report(ctx, fig, value, [num, den], seen)
    # an item's rate in its table row, or in its own sentence, of its own spending and budget
    items = [(rate, paid, budget) for rate, paid, budget in row_rates(ctx)] + [
        (rate, spent[0], budgets[-1]) for rate, spent, budgets in sentence_rates(ctx)]
    for rate, paid, budget in items:
        if rate.quantity.decimals:
            _report(ctx, rate, paid.quantity.base_value / budget.quantity.base_value * 100, [paid, budget], seen)
    # a share of a whole named after 占 ("基本支出1,596.70万元，占全年支出的25.73%")
    for share, part, whole, _ in named_shares(ctx):
        if share.quantity.decimals:
            _report(ctx, share, part.quantity.base_value / whole.quantity.base_value * 100, [part, whole], seen)


def _report(ctx, stated, value, parts, seen) -> None:
    d = stated.quantity.decimals
    if id(stated) in seen or quantize(value, d) == stated.quantity.value:
        return
    if truncate(value, d) != stated.quantity.value:
        return
    seen.add(id(stated))
    rounded = f"{quantize(value, d)}%"
    ctx.finding(
        ctx.t(f"{stated.quantity.value}% 是截断值，按四舍五入应为 {rounded}（{quantize(value, d + 3)}%）",
              f"{stated.quantity.value}% is truncated; rounded it is {rounded} ({quantize(value, d + 3)}%)"),
        locations=[(stated.start, stated.end)] + [(p.start, p.end) for p in parts if p is not None],
        expected=rounded,
    )
