"""CL01: narrative that contradicts the report's own figures (执行率低 at 98.9 %, 通过调整 with no adjustment)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from auditor.extract.compare import consensus, show
from auditor.extract.datafile import load_yaml
from auditor.model import BlockKind
from auditor.registry import check

CLAIMS_FILE = Path(__file__).with_name("claims.yaml")


@cache
def claims() -> list[dict]:
    return load_yaml(CLAIMS_FILE)["claims"]


def _holds(value: Decimal, when: dict) -> bool:
    (op, limit), = when.items()
    limit = Decimal(str(limit))
    return {"at_least": value >= limit, "below": value < limit, "equals": value == limit,
            "not_equals": value != limit}[op]


@check(
    code="CL01",
    name="claim-contradicts-figures",
    severity="error",
    summary="The narrative says something the report's figures contradict (执行率低 at 98.9 %, 通过调整 with no adjustment).",
    rationale=(
        "The analysis and the problems section of a self-evaluation are read as the department's own "
        "account of its figures; a statement that the figures contradict (a low execution rate next to "
        "98.90 %, an adjustment that never happened, 未完成 for an indicator at 100 %) is usually text "
        "copied from another report or another year. The claims are data (checks/claims/claims.yaml): "
        "each names the fact it speaks of and when that fact contradicts it."
    ),
    bad="全年预算数为 10790.33 万元，全年实际支出资金 10671.44 万元，预算执行率为 98.90%。\n\n存在的问题：项目资金未能及时支付，预算执行率低。",
    good="全年预算数为 10790.33 万元，全年实际支出资金 6671.44 万元，预算执行率为 61.83%。\n\n存在的问题：项目资金未能及时支付，预算执行率低。",
    known_problems="A claim negated in the same sentence (不存在执行率低的问题) is still read as the claim.",
)
def claim_contradicts_figures(ctx):
    doc = ctx.doc
    facts = _facts(ctx)
    indicators = ctx.indicators()
    for seg in doc.normalized.segments:
        if seg.kind == BlockKind.HEADING:
            continue
        for claim in claims():
            for phrase in sorted(claim["phrases"], key=len, reverse=True):
                i = seg.text.find(phrase)
                if i < 0:
                    continue
                if any(seg.text.startswith(label, i) for label in _FIELD_LABELS):
                    break  # "未完成原因:" is the label of a field, not a claim
                start, end = seg.original_range(i, i + len(phrase))
                scope = _scope_before(seg.text, i)
                if scope is not None and claim["fact"] in _SCOPED_FACTS:
                    fact = _scoped_fact(ctx, scope, claim["fact"])
                else:
                    fact = _fact_for(claim["fact"], start, facts, indicators)
                if fact is None:
                    break
                value, figure = fact
                if _holds(value, claim["when"]):
                    shown = show(figure) if figure is not None else f"{value}"
                    ctx.finding(
                        ctx.t(claim["zh"].format(phrase=phrase, value=shown), claim["en"].format(phrase=phrase, value=shown)),
                        locations=[(start, end)] + ([(figure.start, figure.end)] if figure is not None else []),
                        severity=claim.get("severity"),
                    )
                break  # one finding per claim per paragraph: the longest phrase


_SCOPED_FACTS = {"execution_rate"}
_FIELD_LABELS = ("未完成原因", "未达到原因", "未完成的原因", "未达到的原因")


def _scope_before(text: str, position: int) -> str | None:
    """A scope written just before the claim ("部分项目支出执行率偏低") makes it about that scope."""
    from auditor.extract.lexicon import lexicon

    window = text[max(0, position - 8):position + 2]
    for phrase, key in lexicon().scopes:
        if phrase in window:
            return key
    return None


def _scoped_fact(ctx, scope: str, name: str):
    figures = consensus(ctx.quantities(f"{scope}.{name}"))
    if not figures:
        return None
    return figures[0][0].quantity.value, figures[0][0]


def _facts(ctx) -> dict:
    out = {}
    rates = consensus(ctx.quantities("execution_rate"))
    if rates:
        out["execution_rate"] = (rates[0][0].quantity.value, rates[0][0])
    adjustments = consensus(ctx.quantities("adjustment"))
    if adjustments:
        out["adjustment"] = (adjustments[0][0].quantity.value, adjustments[0][0])
    else:
        adjustment_rates = consensus(ctx.quantities("adjustment_rate"))
        if adjustment_rates:
            out["adjustment"] = (adjustment_rates[0][0].quantity.value, adjustment_rates[0][0])
    completions = [i.completion for i in ctx.indicators() if i.completion is not None]
    if completions:
        lowest = min(completions, key=lambda f: f.quantity.value)
        out["indicators.lowest"] = (lowest.quantity.value, lowest)
    return out


def _fact_for(name: str, position: int, facts: dict, indicators):
    if name == "indicator.completion":
        for ind in indicators:
            if ind.start <= position < ind.end and ind.completion is not None:
                return ind.completion.quantity.value, ind.completion
        return None
    return facts.get(name)
