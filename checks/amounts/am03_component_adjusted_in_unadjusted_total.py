"""AM03: a component's budget changes between 年初 and 全年 while the total is reported unadjusted."""

from __future__ import annotations

from auditor.extract.compare import consensus, show
from auditor.registry import check


@check(
    code="AM03",
    name="component-adjusted-in-unadjusted-total",
    severity="warning",
    summary="A component's budget is adjusted during the year while the whole budget is reported as unadjusted.",
    rationale=(
        "If the department's budget was not adjusted (年初 = 全年, 调整数 0), no part of it (财政资金, 基本"
        "支出, 项目支出 …) can have changed either, unless another part changed the opposite way and the "
        "report says so. A component whose 全年预算 differs from its 年初预算 then contradicts the "
        "reported 预算调整情况."
    ),
    bad="我单位年初预算数为 10790.33 万元，预算数（调整后）为 10790.33 万元，其中：财政资金年初预算数为 2553.35 万元，全年预算数为 4228.98 万元。",
    good="我单位年初预算数为 10790.33 万元，预算数（调整后）为 10790.33 万元，其中：财政资金年初预算数为 2553.35 万元，全年预算数为 2553.35 万元。",
    known_problems="Needs the department's initial and adjusted budgets (or a zero adjustment) and the component's two figures.",
)
def component_adjusted(ctx):
    initial, adjusted = consensus(ctx.quantities("initial_budget")), consensus(ctx.quantities("adjusted_budget"))
    zero = [a for a in ctx.quantities("adjustment") if a.quantity.value == 0]
    if initial and adjusted:
        unadjusted = initial[0][0].quantity.agrees_with(adjusted[0][0].quantity)
    else:
        unadjusted = bool(zero)
    if not unadjusted or not (initial or adjusted):
        return
    scopes = {f.concept.split(".")[0] for f in ctx.quantities() if f.concept and "." in f.concept}
    for scope in sorted(scopes):
        start = consensus(ctx.quantities(f"{scope}.initial_budget"))
        end = consensus(ctx.quantities(f"{scope}.adjusted_budget"))
        if not start or not end:
            continue
        a, b = start[0][0], end[0][0]
        if a.quantity.agrees_with(b.quantity):
            continue
        name = ctx.concept_name(f"{scope}.initial_budget").replace(ctx.concept_name("initial_budget"), "")
        total = (adjusted or initial)[0][0]
        ctx.finding(
            ctx.t(f"{name}年初预算 {show(a)} 与全年预算 {show(b)} 不同，但部门预算未作调整（{show(total)}）",
                  f"{name}: the initial budget {show(a)} differs from the full-year budget {show(b)}, "
                  f"but the department's budget was not adjusted ({show(total)})"),
            locations=[(a.start, a.end), (b.start, b.end), (total.start, total.end)],
        )
