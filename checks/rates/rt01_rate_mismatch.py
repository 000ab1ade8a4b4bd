"""RT01: a stated rate that no pair of the document's figures gives."""

from __future__ import annotations

from auditor.extract.compare import nearest, quantize, show, truncate
from auditor.extract.lexicon import lexicon
from auditor.registry import check


@check(
    code="RT01",
    name="rate-mismatch",
    severity="error",
    summary="A budget rate differs from part ÷ whole computed from the report's own figures.",
    rationale=(
        "预算执行率 = 执行数 ÷ 调整后预算数 and 预算调整率 = 调整数 ÷ 年初预算数 are defined by the "
        "部门整体支出绩效评价 indicator framework (财预〔2020〕10号 附件, 共性指标). A rate that the report's "
        "own amounts do not give misleads the reader about how much of the budget was spent, and the "
        "execution score (10 × rate) inherits the error. The finding says which value the figures support."
    ),
    bad="全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 52.39%。",
    good="全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 57.39%。",
    known_problems=(
        "Only rates whose parts carry the same concept and scope are computed (执行数 and 调整后预算数 of the "
        "department, of 基本支出, of 项目支出 …). A rate that is truncated rather than rounded is left to RT02."
    ),
)
def rate_mismatch(ctx):
    rates = lexicon().raw["rates"]
    for fig in ctx.quantities():
        if not fig.concept:
            continue
        scope, _, measure = fig.concept.rpartition(".")
        if measure not in rates or fig.quantity.dimension != "percent" or fig.quantity.comparator \
                or fig.quantity.approx:  # 接近100%, 约 98%: not a value to check to the digit
            continue
        spec = rates[measure]
        prefix = f"{scope}." if scope else ""
        numerators = ctx.groups(prefix + spec["numerator"])
        denominators = [g for g in ctx.groups(prefix + spec["denominator"]) if g[0].quantity.base_value]
        if not numerators or not denominators:
            continue
        stated = fig.quantity
        candidates = []
        for num_group in numerators:
            for den_group in denominators:
                num, den = nearest(num_group, fig), nearest(den_group, fig)
                value = num.signed_base_value / den.quantity.base_value * 100
                if spec.get("absolute"):
                    value = abs(value)
                candidates.append((value, num, den))
        if measure == "adjustment_rate" and len(numerators) > 1:
            # 追加 1,118.00 and 追减 86.50: the rate is of the net adjustment
            den = nearest(denominators[0], fig)
            net = sum(nearest(g, fig).signed_base_value for g in numerators)
            candidates.append((abs(net / den.quantity.base_value * 100), nearest(numerators[0], fig), den))
        d = stated.decimals
        if any(quantize(v, d) == stated.value or truncate(v, d) == stated.value for v, _, _ in candidates):
            continue
        value, num, den = candidates[0]  # the most often stated amounts
        expected = f"{quantize(value, max(d, 2))}%"
        name = ctx.concept_name(fig.concept)
        ctx.finding(
            ctx.t(f"{name}应为 {expected}（{show(num)} ÷ {show(den)}），此处写作 {show(fig)}",
                  f"{name} should be {expected} ({show(num)} ÷ {show(den)}); written here as {show(fig)}"),
            locations=[(fig.start, fig.end), (num.start, num.end), (den.start, den.end)],
            expected=expected,
        )
