"""TX03: an indicator whose evaluation names another indicator's measure."""

from __future__ import annotations

import re

from auditor.extract.lexicon import normalized_label
from auditor.registry import check

# what a section title adds to an indicator's name: "（六）满意度目标" is the 满意度 indicator
_TITLE_WORDS = re.compile(r"(?:目标|指标|情况)+$")


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
    known_problems=("Only the label of the actual value is compared, and only with other indicators' exact names; "
                    "a label that holds the indicator's own name (满意度 → 养殖场户满意度) is its own measure."),
)
def measure_of_another_indicator(ctx):
    indicators = [i for i in ctx.indicators() if i.name]
    names = {normalized_label(i.name): i for i in indicators if len(normalized_label(i.name)) >= 4}
    for ind in indicators:
        if ind.actual is None:
            continue
        measured, own = normalized_label(ind.actual.label), _TITLE_WORDS.sub("", normalized_label(ind.name))
        other = names.get(measured)
        if other is None or other is ind or (own and own in measured):
            continue  # (its own name with qualifiers: "（六）满意度。养殖场户满意度93.10%" is its own measure)
        ctx.finding(
            ctx.t(f"「{ind.name}」的评价写的是「{other.name}」（{other.number or ''}）的指标：{ind.actual.label}",
                  f"'{ind.name}' reports the measure of '{other.name}' ({other.number or ''}): {ind.actual.label}"),
            locations=[(ind.actual.start, ind.actual.end)]
            + ([(other.actual.start, other.actual.end)] if other.actual is not None else []),
        )
