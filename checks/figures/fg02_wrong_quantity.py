"""FG02: a figure stated for one budget quantity that is the value of another."""

from __future__ import annotations

from auditor.extract.compare import show
from auditor.extract.conflicts import sibling_stating
from auditor.extract.titles import project_report
from auditor.registry import check


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
                    "from it. Of two values stated as often, the one that is the other quantity's is taken for the slip."),
)
def wrong_quantity(ctx):
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
