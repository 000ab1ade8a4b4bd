"""AM03: a component's budget changes between 年初 and 全年 while the total is reported unadjusted."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import consensus, show, table_rows_by_measure
from auditor.extract.lexicon import lexicon, normalized_label
from auditor.extract.report import said_unadjusted
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
    known_problems=("Needs the department's initial and adjusted budgets (or a zero adjustment) and the component's two "
                    "figures. An item's own change in the narrative (年初安排资金580.00万元，年中调增40.00万元) is reported "
                    "when the report says its budget was not adjusted (全年预算未作调整, 年中未进行预算调整, 调整数0.00元) "
                    "and its figures do not say otherwise (no 年初预算 and 调整后预算 stated against it), unless the items' changes "
                    "cancel out; so is money added during the year named by what it paid for (含年中追加的…经费80,000.00元), and so "
                    "is a table row whose 年初预算 and 全年预算 (or 调整后预算) differ, unless the rows' changes cancel out."),
)
def component_adjusted(ctx):
    initial, adjusted = consensus(ctx.quantities("initial_budget")), consensus(ctx.quantities("adjusted_budget"))
    zero = [a for a in ctx.quantities("adjustment") if a.quantity.value == 0]
    if initial and adjusted:
        unadjusted = initial[0][0].quantity.agrees_with(adjusted[0][0].quantity)
    else:
        unadjusted = bool(zero)
    said = said_unadjusted(ctx.doc)  # "全年预算未作调整，年初预算与全年预算均为3,260.00万元"
    if said is None and zero and not (initial and not unadjusted):
        said = (f"{zero[0].label.strip() or '调整数'} {show(zero[0])}", (zero[0].start, zero[0].end))  # "调整数0.00元"
    if said is not None and (unadjusted or not initial or not adjusted):  # (no two budgets stated to say otherwise)
        _items_adjusted(ctx, said)
        _rows_adjusted(ctx, said)
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


# money added during the year, named by what it paid for ("含年中追加的政府投资项目审计经费80,000.00元")
_ADDED_IN_YEAR = re.compile(r"(?:年中|年内|年度中|\d{1,2}月)(?:追加|调增|调减|追减)的")


def _items_adjusted(ctx, total: tuple[str, tuple[int, int]]) -> None:
    """An item's own change in the narrative ("三是农村生活垃圾治理。年初安排资金580.00万元，年中调增40.00万元后为
    620.00万元") in a budget reported unadjusted, unless the items' changes cancel out."""
    lex = lexicon()
    changes = [f for f in ctx.quantities(include_tables=False) if f.concept is None and f.quantity.dimension == "money"
               and not f.quantity.approx and (lex.measure_of(normalized_label(f.label)) == "adjustment"
                                              or _ADDED_IN_YEAR.search(f.label))]
    if not changes or sum((f.signed_base_value for f in changes), Decimal(0)) == 0:
        return
    said, where = total
    for f in changes:
        ctx.finding(
            ctx.t(f"此处有年中调整 {show(f)}，但部门预算未作调整（{said}）",
                  f"an adjustment of {show(f)} here, but the budget was not adjusted ({said})"),
            locations=[(f.start, f.end), where],
        )


_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)")


def _rows_adjusted(ctx, total: tuple[str, tuple[int, int]]) -> None:
    """A table row whose 年初预算 and 全年预算 differ ("司法所业务装备购置 | 200,000 | 300,000") in a budget reported
    unadjusted, unless the rows' changes cancel out."""
    rows = [{m: [f for f in figs if f.quantity.dimension == "money" and not f.quantity.approx
                 and not _TOTAL_ROW.match(f.label.rpartition("/")[0].strip())] for m, figs in row.items()}
            for row in table_rows_by_measure(ctx.quantities())]
    changed = [(cells["initial_budget"][0], cells["adjusted_budget"][0]) for cells in rows
               if len(cells.get("initial_budget", ())) == 1 and len(cells.get("adjusted_budget", ())) == 1
               and not cells["initial_budget"][0].quantity.agrees_with(cells["adjusted_budget"][0].quantity)]
    if not changed or sum((b.quantity.base_value - a.quantity.base_value for a, b in changed), Decimal(0)) == 0:
        return
    said, where = total
    for a, b in changed:
        item = a.label.rpartition("/")[0].strip()
        ctx.finding(
            ctx.t(f"「{item}」年初预算 {show(a)} 与全年预算 {show(b)} 不同，但部门预算未作调整（{said}）",
                  f"'{item}': the initial budget {show(a)} differs from the full-year budget {show(b)}, "
                  f"but the budget was not adjusted ({said})"),
            locations=[(b.start, b.end), (a.start, a.end), where],
        )
