"""FG02: a figure stated for one budget quantity that is the value of another."""

from __future__ import annotations

import re

from auditor.extract.compare import consensus, is_budget, is_spending, show
from auditor.extract.conflicts import sibling_stating
from auditor.extract.figures import sentence_end, sentence_start
from auditor.extract.titles import project_report
from auditor.registry import check


# Words that say what was spent fell short of what was budgeted: a difference, a saving, a balance.
_DIFFERENCE = re.compile(r"差额|节约|结余|节余|未支出|未使用|余额")


def _spent_as_budgeted_with_a_difference(ctx) -> None:
    """"冷链设备购置预算28.00万元，实际支出28.00万元，差额为政府采购节约": the spending carries the budget's value
    while its sentence speaks of the difference between them."""
    for _, text, figures in ctx.paragraphs():
        for budget, spent in zip(figures, figures[1:]):
            if budget.quantity.base_value != spent.quantity.base_value or budget.quantity.approx \
                    or sentence_start(text, spent.quantity.start) > budget.quantity.start \
                    or not is_budget(budget) or is_spending(budget) or not is_spending(spent) \
                    or not _DIFFERENCE.search(text, spent.quantity.end, sentence_end(text, spent.quantity.end)):
                continue
            ctx.finding(
                ctx.t(f"支出与预算同为 {show(spent)}，句中却称有差额：支出疑为预算数",
                      f"the spending equals the budget, {show(spent)}, yet the sentence speaks of a difference: "
                      "the spending seems to be the budget's figure"),
                locations=[(spent.start, spent.end), (budget.start, budget.end)],
            )


_SPENT_ALONE = re.compile(r"(?:实际|全年|累计|已)(?:支出|拨付|兑付|使用)")
# Spending named by its verb and the fund spent ("全年实际拨付补助资金…", "实际支出维修养护资金…"): no concept of its own
_SPENT_FUND = re.compile(r"(?:实际|全年|累计|已)?(?:支出|拨付|兑付|发放|使用)[\u4e00-\u9fff]{0,12}(?:资金|经费|补助|补贴|款项)$")


def _spent_fund_carrying_the_budget(ctx) -> None:
    """"全年实际拨付补助资金263,492,600.00元" when 263,492,600.00 is the budget and the spending is stated
    otherwise: the fund's spending is the whole's (nothing but the whole is spent to the whole budget's value)."""
    narrative = ctx.quantities(include_tables=False)
    # (or spending told by its verb alone, "截至12月31日，实际拨付258,116,400.00元", when no 执行数 is named)
    told = consensus([f for f in narrative if not f.concept and _SPENT_ALONE.fullmatch(f.label.strip())])
    for fig in narrative:
        if fig.concept or fig.quantity.dimension != "money" or fig.quantity.approx or fig.negative \
                or not _SPENT_FUND.search(fig.label.partition("…")[0].strip()):
            continue
        for budget, spent in (("adjusted_budget", "executed"), ("project.adjusted_budget", "project.executed")):
            budgets, spending = ctx.groups(budget), ctx.groups(spent) or told
            if len(budgets) != 1 or not spending or not budgets[0][0].quantity.agrees_with(fig.quantity) \
                    or any(g[0].quantity.agrees_with(fig.quantity) for g in spending):
                continue
            right = min(spending[0], key=lambda f: abs(f.start - fig.start))
            ctx.finding(
                ctx.t(f"此处应为{ctx.concept_name(spent)}（{show(right)}），写的却是{ctx.concept_name(budget)}的数值 {show(fig)}",
                      f"this should state the {ctx.concept_name(spent)} ({show(right)}) but carries the "
                      f"{ctx.concept_name(budget)}, {show(fig)}"),
                locations=[(fig.start, fig.end), (budgets[0][0].start, budgets[0][0].end), (right.start, right.end)],
                expected=show(right),
            )
            break


@check(
    code="FG02",
    name="wrong-quantity",
    severity="error",
    summary="A sentence that states one budget quantity (e.g. spending) carries another's figure (the budget).",
    rationale=(
        "Reports are written from a template whose sentences each state one quantity (年初预算数, 调整后"
        "预算数, 实际支出). When a sentence that by the template states actual spending carries the budget "
        "figures instead, every reader comparing spending with the budget is misled, and the error is "
        "invisible unless the value is recognised as the other quantity's."
    ),
    bad=("全年预算数为 18558.34 万元，全年实际支出资金 4388.99 万元，预算执行率为 23.65%。\n\n"
         "我单位全年预算支出金额共计 18558.34 万元。\n\n我单位全年预算金额为 18558.34 万元，执行金额为 4388.99 万元。"),
    good=("全年预算数为 18558.34 万元，全年实际支出资金 4388.99 万元，预算执行率为 23.65%。\n\n"
          "我单位全年预算支出金额共计 4388.99 万元。"),
    known_problems=("Needs the right value stated at least once elsewhere, and the other quantity's value to differ "
                    "from it. Of two values stated as often, the one that is the other quantity's is taken for the slip. "
                    "Within one sentence, a spending equal to the budget before it is reported only when the sentence "
                    "speaks of a difference between them (差额, 节约, 结余). Spending named by its verb and the fund "
                    "spent (全年实际拨付补助资金…, 实际支出维修养护资金…) is reported when it carries the whole budget's value "
                    "and the spending (执行数, or spending told by its verb alone: 实际拨付…) is stated otherwise."),
)
def wrong_quantity(ctx):
    _spent_as_budgeted_with_a_difference(ctx)
    _spent_fund_carrying_the_budget(ctx)
    project = project_report(ctx.doc)
    found = ctx.statements()
    for statement in found:
        groups = statement.groups
        if not statement.concept or len(groups) < 2:
            continue
        pairs = [(groups[0], group) for group in groups[1:]]
        # two values stated as often: the one that is a sibling's value, when the other is not, is the slip
        # (实际支出407.80万元 in the text, 389.43 in the table, and 407.80 the 调整后预算)
        if len(groups) == 2 and len(groups[0]) == len(groups[1]) \
                and sibling_stating(ctx.quantities, statement.concept, groups[1][0], project) is None:
            pairs = [(groups[1], groups[0])]
        for main, group in pairs:
            odd = group[0]
            carried = sibling_stating(ctx.quantities, statement.concept, odd, project)
            if carried is None:
                continue
            other, sibling_concept = carried
            right = min(main, key=lambda f: abs(f.start - odd.start))
            name, other_name = ctx.concept_name(statement.concept), ctx.concept_name(sibling_concept)
            ctx.finding(
                ctx.t(f"此处应为{name}（{show(right)}），写的却是{other_name}的数值 {show(odd)}",
                      f"this should state the {name} ({show(right)}) but carries the {other_name}, {show(odd)}"),
                locations=[(f.start, f.end) for f in group] + [(other[0].start, other[0].end), (right.start, right.end)],
                expected=show(right),
            )
