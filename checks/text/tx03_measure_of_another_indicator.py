"""TX03: an indicator whose evaluation names another indicator's measure."""

from __future__ import annotations

import re

from auditor.extract.lexicon import key_terms, normalized_label
from auditor.registry import check

# what a section title adds to an indicator's name: "（六）满意度目标" is the 满意度 indicator
_TITLE_WORDS = re.compile(r"(?:目标|指标|情况)+$")


def _cell_words(ctx, fig) -> str:
    """The words a table cell writes before its figure (实际加装电梯648部 → 加装电梯), without fillers."""
    text = ctx.doc.normalized.segments[fig.segment].text[:fig.quantity.start]
    words = normalized_label(_CELL_FILLER.sub("", text.strip()))
    return words if len(words) >= 4 else ""


# The word before what an indicator's sentence says was done ("实际加装电梯648部")
_ACTUAL_CUE = re.compile(r"实际(?:完成)?")
# What a cell may write before its own value without naming anything (实际完成, 全年累计, 约)
_CELL_FILLER = re.compile(r"^(?:全年|年度|实际|累计|共计|完成|达到|约|为|:)+")


def _named_by_words(words: str, ind, indicators):
    """The other indicator the words name: three pairs of characters or more of its name that the indicator's
    own name lacks, more than any other indicator's."""
    terms = key_terms(words) - key_terms(ind.name)
    best, best_shared = None, 2  # (three pairs at least: 查档利用 shares two with 查档利用者满意度 and is its own)
    for other in indicators:
        if other is ind or other.name == ind.name or ind in other.same:
            continue
        shared = len(terms & key_terms(other.name))
        if shared > best_shared:
            best, best_shared = other, shared
    return best


def _told_again(ind, other) -> bool:
    """Whether the other indicator is this one told again under another name, in the text and in a table: the
    same target and actual value ("（五）老年大学办学。…在校学员不少于420人，实际在校学员406人" and the 自评表's
    "老年大学在校学员数 | ≥420人 | 406人")."""
    return ind.source != other.source and bool(key_terms(ind.name) & key_terms(other.name)) and all(a is not None and b is not None and a.quantity.value == b.quantity.value
               and a.quantity.base_unit == b.quantity.base_unit
               for a, b in ((ind.actual, other.actual), (ind.target, other.target)))


_LISTED = re.compile(r"、|等$")


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
    known_problems=("The label of the actual value is compared with other indicators' exact names; the words a 自评表 "
                    "cell writes before its value (接收进馆档案4860卷) and the words after 实际 in an indicator's sentence "
                    "(实际加装电梯648部) name another indicator when they share three pairs of characters or more with its "
                    "name that the indicator's own name lacks, so a copied measure of two characters (培训) is missed. "
                    "A label that holds the indicator's own name (满意度 → 养殖场户满意度) is its own measure, and so is one "
                    "that lists things (…超声诊断仪、新生儿听力筛查仪等12台), or that the other indicator, sharing a word of "
                    "its name, states with the same target and actual value in the text against a table (one "
                    "indicator named two ways)."),
)
def measure_of_another_indicator(ctx):
    indicators = [i for i in ctx.indicators() if i.name]
    names = {normalized_label(i.name): i for i in indicators if len(normalized_label(i.name)) >= 4}
    for ind in indicators:
        if ind.actual is None:
            continue
        measured, own = normalized_label(ind.actual.label), _TITLE_WORDS.sub("", normalized_label(ind.name))
        other = names.get(measured)
        shown = ind.actual.label
        if ind.actual.table is not None:
            # a 自评表 cell naming what it counts ("档案开放鉴定数量 | ≥5000件 | 接收进馆档案4860卷"): its words
            measured = _cell_words(ctx, ind.actual)
            other = _named_by_words(measured, ind, indicators) if measured else None
            shown = measured
        elif other is None and (words := _ACTUAL_CUE.search(ind.actual.label)):
            # "新增停车位：…，实际加装电梯648部": the words after 实际 name what was counted
            measured = normalized_label(ind.actual.label[words.end():])
            other = _named_by_words(measured, ind, indicators) if len(measured) >= 4 else None
        if other is None or other is ind or (own and own in measured):
            continue  # (its own name with qualifiers: "（六）满意度。养殖场户满意度93.10%" is its own measure)
        if _told_again(ind, other) or _LISTED.search(measured):
            continue  # (things listed, "实际购置并验收彩色多普勒超声诊断仪、新生儿听力筛查仪等12台", name no measure)
        ctx.finding(
            ctx.t(f"「{ind.name}」的评价写的是「{other.name}」（{other.number or ''}）的指标：{shown}",
                  f"'{ind.name}' reports the measure of '{other.name}' ({other.number or ''}): {shown}"),
            locations=[(ind.actual.start, ind.actual.end)]
            + ([(other.actual.start, other.actual.end)] if other.actual is not None else []),
        )
