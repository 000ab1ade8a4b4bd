"""AM04: income − spending ≠ the stated balance (结余 / 结转)."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.compare import consensus, show
from auditor.registry import check


@check(
    code="AM04",
    name="balance-mismatch",
    severity="error",
    summary="决算收入 − 决算支出 differs from the stated 结转结余.",
    rationale=(
        "The 部门收支决算 part of a report states income, spending and what is left over (年末结转和结余); "
        "by the 部门决算 definitions the balance is income minus spending. A balance that does not "
        "follow from the two figures misstates either the money carried into next year or one of the "
        "totals, and the 结转结余率 computed from it."
    ),
    bad="2021年度决算收入6748.34万元。2021年决算支出6696.24万元，年末结余结转资金62.1万元。",
    good="2021年度决算收入6748.34万元。2021年决算支出6696.24万元，年末结余结转资金52.1万元。",
    known_problems="Needs all three amounts, each stated with one value; budgets minus spending are not checked.",
)
def balance_mismatch(ctx):
    income = consensus(ctx.quantities("final_income"))
    spending = consensus(ctx.quantities("final_spending"))
    balance = consensus([f for f in ctx.quantities("balance") if f.quantity.dimension == "money"])
    if len(income) != 1 or len(spending) != 1 or len(balance) != 1:
        return
    i, s, b = income[0][0], spending[0][0], balance[0][0]
    computed = i.quantity.base_value - s.quantity.base_value
    tolerance = sum((f.quantity.base_tolerance for f in (i, s, b)), Decimal(0)) * Decimal(str(ctx.options.get("tolerance", 1)))
    if abs(computed - b.quantity.base_value) <= tolerance:
        return
    # the closing balance is what was carried in, plus income, less spending (年初结转和结余 10 + 800 − 780)
    carried = consensus([f for f in ctx.quantities("carried_in") if f.quantity.dimension == "money"])
    if len(carried) > 1:
        return  # several amounts carried in: which one the balance follows from is not known
    if carried:
        c = carried[0][0]
        if abs(computed + c.quantity.base_value - b.quantity.base_value) <= tolerance + c.quantity.base_tolerance:
            return
    decimals = max(f.quantity.decimals for f in (i, s, b))
    expected = f"{(computed / b.quantity.scale).quantize(Decimal(1).scaleb(-decimals))}{b.quantity.unit}"
    ctx.finding(
        ctx.t(f"结转结余应为 {expected}（{show(i)} − {show(s)}），此处写作 {show(b)}",
              f"the balance should be {expected} ({show(i)} − {show(s)}); written here as {show(b)}"),
        locations=[(b.start, b.end), (i.start, i.end), (s.start, s.end)],
        expected=expected,
    )
