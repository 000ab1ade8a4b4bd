"""SC03: the budget-execution score against 10 × execution rate."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import consensus, quantize, show
from auditor.model import BlockKind
from auditor.extract.indicators import names_the_execution_rate
from auditor.registry import check

from . import score_agrees


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
    known_problems=("The weight is the option `weight` (10 by default, as the templates set it), the weight the sentence "
                    "states between the rate and the score (执行率指标权重10分，得9.80分), or the 分值 of the 自评表 row "
                    "that scores it."),
    options={"weight": 10},
)
def execution_score(ctx):
    report = ctx.report()
    scores = [report.execution_score] if report.execution_score is not None else []
    # a 自评表's 预算执行率 row scores the execution too, whether or not the report's score was read from it
    scores += [i.score for i in ctx.indicators() if i.score is not None and i.table is not None
               and names_the_execution_rate(i) and all(i.score is not s for s in scores)]
    for score in scores:
        _check_score(ctx, report, score)


def _check_score(ctx, report, score) -> None:
    weight = Decimal(str(ctx.options.get("weight", 10)))
    rates = []
    if score is report.execution_score:
        # extraction read the score right after its rate (the department's, or a project report's), past
        # the weight the sentence may state in between ("预算执行率指标权重20分，得19.60分")
        rates = [report.execution_rate] if report.execution_rate is not None else []
        if report.execution_weight is not None and report.execution_weight.quantity.value > 0:
            weight = report.execution_weight.quantity.value
    if score.table is not None:
        row = next((i for i in ctx.indicators() if i.score is score), None)
        rates = _table_rates(ctx, score, row)
        if row is not None and row.weight is not None and row.weight.quantity.value > 0:
            weight = row.weight.quantity.value  # the 自评表's own 分值 for the row
    if not rates and score.table is not None and not _row_states_a_rule(ctx, score):
        # a scores table's row gives the score alone (| 预算执行率 | 10 | 9.30 |): the report's own rate, if one
        # (not when the row states its own rule: 执行率低于95%的，每降低1个百分点扣0.5分)
        stated = consensus(ctx.quantities("execution_rate"))
        rates = [stated[0][0]] if len(stated) == 1 else []
    if not rates:
        return
    rate = rates[-1]
    computed = min(weight, weight * rate.quantity.value / Decimal(100))
    if score_agrees(score, computed):
        return
    expected = str(quantize(computed, 2))
    ctx.finding(
        ctx.t(f"预算执行得分应为 {expected}（{weight} × {show(rate)}），此处写作 {show(score)}",
              f"the execution score should be {expected} ({weight} × {show(rate)}); written here as {show(score)}"),
        locations=[(score.start, score.end), (rate.start, rate.end)],
        expected=expected,
    )


def _row_states_a_rule(ctx, score) -> bool:
    return any(b.kind == BlockKind.TABLE_CELL and b.table == score.table and b.row == score.row
               and _RULE_WORDS.search(ctx.doc.block_text(b)) for b in ctx.doc.blocks)


_RULE_WORDS = re.compile(r"扣|满分|得分=|计分")


def _table_rates(ctx, score, indicator):
    """The execution rate on a 自评表 row: the figure named so, else the row's actual value when the
    row is an indicator (``| 预算执行率 | 100% | 85% | 10 | 9.5 |``: 85 %, not the 100 % target)."""
    row = [f for f in ctx.quantities() if f.table == score.table and f.row == score.row
           and f.quantity.dimension == "percent"]
    named = [f for f in row if f.concept and f.concept.endswith("execution_rate")]
    if named:
        return named
    # "| 预算执行率 | 10 | 9.51 | 10×98.06% |": the rate in the row's own formula
    multiplied = [f for f in row if re.search(r"[×xX*]\s*$", ctx.doc.text[max(0, f.start - 3):f.start])]
    if len(multiplied) == 1:
        return multiplied
    if indicator is not None:
        rate = indicator.actual or indicator.completion
        return [rate] if rate is not None and rate.quantity.dimension == "percent" else []
    return [f for f in row if f.start < score.start]
