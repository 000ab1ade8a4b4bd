"""SC07: completion far above target — the target was not set realistically."""

from __future__ import annotations

from decimal import Decimal

from auditor.registry import check


@check(
    code="SC07",
    name="unrealistic-target",
    severity="info",
    summary="An indicator's completion is far above its target (over 150 % by default).",
    rationale=(
        "绩效目标 must be 指向明确、细化量化、合理可行 (财预〔2020〕10号 第十二条; 《中央部门预算绩效目标管理办法》). "
        "A target exceeded several times over was set too low, which makes the indicator meaningless as "
        "a measure of performance; reviewers ask for it to be reset next year."
    ),
    bad="慰问贫困人员户数：该预期指标值为大于等于90户，本次评价慰问贫困人员户数为447户，该指标完成率为496.67%。",
    good="慰问贫困人员户数：该预期指标值为大于等于420户，本次评价慰问贫困人员户数为447户，该指标完成率为106.43%。",
    known_problems="The threshold is the option `max_completion` (150).",
    options={"max_completion": 150},
)
def unrealistic_target(ctx):
    limit = Decimal(str(ctx.options.get("max_completion", 150)))
    for ind in ctx.indicators():
        rate = ind.completion.quantity.value if ind.completion is not None and \
            ind.completion.quantity.dimension == "percent" else None
        if ind.actual is not None and ind.target is not None and ind.comparator != "<=" and \
                ind.actual.quantity.base_unit == ind.target.quantity.base_unit and ind.target.quantity.base_value:
            # a report that caps the rate at 100 % still shows the ratio in its figures
            ratio = ind.actual.quantity.base_value / ind.target.quantity.base_value * Decimal(100)
            rate = max(rate or Decimal(0), ratio)
        if rate is not None and rate > limit:
            name = ind.name or ind.number or ""
            shown = f"{rate.quantize(Decimal('0.01'))}%"
            locations = [(f.start, f.end) for f in (ind.completion, ind.target, ind.actual) if f is not None]
            ctx.finding(
                ctx.t(f"「{name}」完成 {shown}，远超目标，目标值设定偏低",
                      f"'{name}' is at {shown} of its target: the target was set too low"),
                locations=locations,
            )
