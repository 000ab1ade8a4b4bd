"""TX03: an indicator whose evaluation names another indicator's measure."""

from __future__ import annotations

from auditor.extract.lexicon import normalized_label
from auditor.registry import check


@check(
    code="TX03",
    name="measure-of-another-indicator",
    severity="warning",
    summary="An indicator reports its actual value under another indicator's name (its measure was copied).",
    rationale=(
        "Each indicator's 本次评价 sentence states what was measured for it. When it states another "
        "indicator's measure instead (保障困难群体正常生活 reporting 救助保障率为 100%, the measure of the "
        "indicator before it), the indicator's own result is missing and its score rests on someone "
        "else's figure."
    ),
    bad=("（七）指标七：\n\n救助保障率：该指标预期指标值为等于 100%，本次评价救助保障率为 100%，该指标完成率为 100%。\n\n"
         "（八）指标八：\n\n保障困难群体正常生活：该指标预期指标值为等于 100%，本次评价救助保障率为 100%，该指标完成率为 100%。"),
    good=("（七）指标七：\n\n救助保障率：该指标预期指标值为等于 100%，本次评价救助保障率为 100%，该指标完成率为 100%。\n\n"
          "（八）指标八：\n\n保障困难群体正常生活：该指标预期指标值为等于 100%，本次评价困难群体生活保障率为 100%，该指标完成率为 100%。"),
    known_problems="Only the label of the actual value is compared, and only with other indicators' exact names.",
)
def measure_of_another_indicator(ctx):
    indicators = [i for i in ctx.indicators() if i.name]
    names = {normalized_label(i.name): i for i in indicators if len(normalized_label(i.name)) >= 4}
    for ind in indicators:
        if ind.actual is None:
            continue
        measured = normalized_label(ind.actual.label)
        other = names.get(measured)
        if other is None or other is ind or measured == normalized_label(ind.name):
            continue
        ctx.finding(
            ctx.t(f"「{ind.name}」的评价写的是「{other.name}」（{other.number or ''}）的指标：{ind.actual.label}",
                  f"'{ind.name}' reports the measure of '{other.name}' ({other.number or ''}): {ind.actual.label}"),
            locations=[(ind.actual.start, ind.actual.end)]
            + ([(other.actual.start, other.actual.end)] if other.actual is not None else []),
        )
