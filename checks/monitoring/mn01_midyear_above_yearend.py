"""MN01: a cumulative measure whose mid-year (年中监控) value is above its year-end value."""

from __future__ import annotations

import re

from dataclasses import replace

from auditor.extract.compare import concept_name, same_measure, show, within
from auditor.extract.conflicts import indicator_measure
from auditor.extract.figures import sentence_end
from auditor.extract.lexicon import lexicon, normalized_label
from auditor.registry import check


def _cumulative(indicator, doc) -> bool:
    words = lexicon().raw["cumulative"]
    # the name, and what the indicator says before its figures ("指标一：在册城乡低保对象人数。…")
    lead = doc.text[indicator.start:min(f.start for f in (indicator.midyear, indicator.actual) if f)]
    text = f"{indicator.name}{indicator.actual.label if indicator.actual else ''}{lead}"
    if any(w in text for w in words["not_cumulative"]):
        return False
    q = indicator.actual.quantity
    if q.dimension == "none" and not q.unit and indicator.target is not None:
        q = indicator.target.quantity  # (values written bare under a target that gives the unit: ≥6.8万平方米)
    if q.dimension in words["dimensions"] or q.base_unit in words["units"]:
        return True
    return any(w in text for w in words["rate_words"])


@check(
    code="MN01",
    name="midyear-above-yearend",
    severity="warning",
    summary="A cumulative measure's 年中监控 value is higher than its year-end value.",
    rationale=(
        "年中绩效监控 (财预〔2020〕10号 and the 绩效运行监控 rules that follow it) records how far an indicator "
        "had got by mid-year. Amounts spent, execution rates and things done only accumulate, so a "
        "year-end value below the mid-year one means one of them is wrong (a 0% year-end execution rate "
        "after 62.25% at mid-year)."
    ),
    bad="项目支出执行率：该预期指标值为等于100%，年中监控实际完成值为62.25%，本次评价项目支出执行率为0%，该指标完成率为0%。",
    good="项目支出执行率：该预期指标值为等于100%，年中监控实际完成值为62.25%，本次评价项目支出执行率为96%，该指标完成率为96%。",
    known_problems=(
        "Rates that can fall (满意度, 合格率, 覆盖率, 失业率 …) are not compared; the list of cumulative and "
        "non-cumulative words is data in lexicon.yaml. A mid-year value stated apart from its indicator (a section "
        "of 年中监控 values) is compared when exactly one names what the indicator counts. The budget's spending "
        "and its execution rate at mid-year are compared with the year's when the report states that one way; "
        "so is a count at mid-year with the year's count of the same thing later in its sentence."
    ),
)
def midyear_above_yearend(ctx):
    _spending(ctx)
    _in_one_sentence(ctx)
    # mid-year values stated apart from their indicators ("三、年中绩效监控情况 … 完成改造小区：28个")
    apart = [f for f in ctx.quantities(period="midyear") if f.table is None]
    for indicator in ctx.indicators():
        mid, end = indicator.midyear, indicator.actual
        if mid is None and end is not None:
            measure = indicator_measure(indicator.name, end)
            # (or by the same short name: "出院13,000人次" of 出院人次)
            named = [f for f in apart if f.quantity.base_unit == end.quantity.base_unit
                     and (same_measure(f, replace(end, label=measure, concept=None))
                          or len(normalized_label(measure)) >= 2 and normalized_label(f.label) == normalized_label(measure))]
            mid = named[0] if len(named) == 1 else None
        if mid is None or end is None or mid.quantity.base_unit != end.quantity.base_unit:
            continue
        if not _cumulative(indicator, ctx.doc):
            continue
        if mid.quantity.base_value > end.quantity.base_value:
            _report(ctx, mid, end, f"「{indicator.name}」", f"'{indicator.name}': ")


# The budget's spending and its execution rate only accumulate over the year
_ACCUMULATING = ("executed", "execution_rate")


def _spending(ctx) -> None:
    """The spending (or its rate) at mid-year ("年中监控…截至6月30日，全局累计支出2,736.48万元") above the year's,
    when the report states the year's one way."""
    for fig in ctx.quantities(period="midyear"):
        concept = fig.concept or ""
        if concept.rpartition(".")[2] not in _ACCUMULATING:
            continue
        groups = ctx.groups(concept)
        if len(groups) != 1:
            continue  # the year's figure in dispute: FG01's
        end = groups[0][0]
        if fig.quantity.base_unit == end.quantity.base_unit and fig.quantity.base_value > end.quantity.base_value:
            _report(ctx, fig, end, f"{concept_name(concept, 'zh')}：", f"{concept_name(concept, 'en')}: ")


# Words of when, not of what: "年中绩效监控时已累计完成现场检查261家，全年累计检查218家"
_WHEN_WORDS = re.compile(r"年中|绩效监控时|监控时|截至\S{0,8}?(?:底|末|日)|全年|年末|年底|累计|已|完成|共")


def _in_one_sentence(ctx) -> None:
    """A count at mid-year and the year's count of the same thing told in one sentence, the year's smaller."""
    segments = ctx.doc.normalized.segments
    year = {}
    for fig in ctx.quantities(include_tables=False):
        if fig.concept is None and fig.quantity.dimension == "count":
            year.setdefault(fig.segment, []).append(fig)
    for mid in ctx.quantities(period="midyear", include_tables=False):
        if mid.concept is not None or mid.quantity.dimension != "count":
            continue
        text = segments[mid.segment].text
        end_of_sentence = sentence_end(text, mid.quantity.end)
        what = normalized_label(_WHEN_WORDS.sub("", mid.label))
        for end in year.get(mid.segment, []):
            if not mid.quantity.end <= end.quantity.start < end_of_sentence or end.quantity.base_unit != mid.quantity.base_unit:
                continue
            other = normalized_label(_WHEN_WORDS.sub("", end.label))
            if len(other) >= 2 and (within(other, what) or within(what, other)) \
                    and mid.quantity.base_value > end.quantity.base_value:
                _report(ctx, mid, end)


def _report(ctx, mid, end, zh_name: str = "", en_name: str = "") -> None:
    """A mid-year value above the year's, of an indicator or a measure named in front of the message."""
    ctx.finding(
        ctx.t(f"{zh_name}年中监控值 {show(mid)} 高于全年完成值 {show(end)}，累计指标不应下降",
              f"{en_name}the mid-year value {show(mid)} is above the year-end value {show(end)}; "
              f"a cumulative measure cannot fall"),
        locations=[(mid.start, mid.end), (end.start, end.end)],
    )
