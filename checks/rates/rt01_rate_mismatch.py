"""RT01: a stated rate that no pair of the document's figures gives."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from auditor.extract.compare import nearest, quantize, show, truncate
from auditor.extract.conflicts import same_subject
from auditor.extract.lexicon import lexicon, normalized_label
from auditor.extract.titles import project_report
from auditor.registry import check

from . import named_shares, row_rates, sentence_rates


@check(
    code="RT01",
    name="rate-mismatch",
    severity="error",
    summary="A budget rate differs from part ÷ whole computed from the report's own figures.",
    rationale=(
        "预算执行率 = 执行数 ÷ 调整后预算数 and 预算调整率 = 调整数 ÷ 年初预算数 are defined by the "
        "部门整体支出绩效评价 indicator framework (财预〔2020〕10号 附件, 共性指标). A rate that the report's "
        "own amounts do not give misleads the reader about how much of the budget was spent, and the "
        "execution score (10 × rate) inherits the error. The finding says which value the figures support."
    ),
    bad="全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 52.39%。",
    good="全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 57.39%。",
    known_problems=(
        "Only rates whose parts carry the same concept and scope are computed (执行数 and 调整后预算数 of the "
        "department, of 基本支出, of 项目支出 …). With no adjustment written, the adjustment rate is taken "
        "from the budget before and after it, unless funds carried in from last year (上年结转) are stated, "
        "since those are part of the difference. A rate the figures allow at the precision they are written "
        "to (3.42亿元 ÷ 3.75亿元 is 90.95 %–91.46 %) is accepted. A rate that is truncated rather than rounded "
        "is left to RT02. An adjustment rate written with a minus sign agrees with a cut of that size (调减, "
        "-6.17 %), not with an increase. An execution rate of a part the extractors give no concept "
        "(项目扶持资金预算…，实际支出…，执行率…) is computed from the budget and the spending written before it in "
        "its own sentence, when every amount there is a budget or the one spending figure. An execution rate "
        "may also be of the budget including last year's money (全年预算数（含上年结转）), when the report states it. "
        "A share of a budget or of the spending named after 占 and written elsewhere (合计1306.37万元，占调整后预算的"
        "96.60%) is computed against that measure only when the report states it with one value. A part's rate "
        "whose budget after its change is not stated is computed against what it was ± the change "
        "(项目支出782.05万元, 年中调减项目预算156.20万元)."
    ),
)
def rate_mismatch(ctx):
    rates = lexicon().raw["rates"]
    project = project_report(ctx.doc)
    for fig in ctx.quantities():
        if not fig.concept:
            continue
        scope, _, measure = fig.concept.rpartition(".")
        if measure not in rates or fig.quantity.dimension != "percent" or fig.quantity.comparator \
                or fig.quantity.approx:  # 接近100%, 约 98%: not a value to check to the digit
            continue
        spec = rates[measure]
        prefix = f"{scope}." if scope else ""
        # the budget including last year's money may be written without the project's name in its own report
        denominators = [g for g in ctx.groups(prefix + spec["denominator"]) if g[0].quantity.base_value] + [
            g for name in spec.get("other_denominators", ()) for concept in same_subject(prefix + name, project)
            for g in ctx.groups(concept) if g[0].quantity.base_value]
        if not denominators and prefix and spec["denominator"] == "adjusted_budget":
            denominators = _changed_budget(ctx, prefix)
        candidates = _candidates(ctx, fig, spec, prefix, denominators)
        if not candidates:
            continue
        stated = fig.quantity
        d = stated.decimals
        # a rate of a size alone (预算调整率) may carry a cut's sign: 调减22.00万元, 调整率-6.17%
        signed = stated.value < 0 and spec.get("absolute")
        if any(quantize(c.value, d) == abs(stated.value) or truncate(c.value, d) == abs(stated.value)
               if signed and c.numerator < 0 else
               quantize(c.value, d) == stated.value or truncate(c.value, d) == stated.value
               or _within_precision(stated, c, spec.get("absolute")) for c in candidates):
            continue
        value, formula, used = candidates[0].value, candidates[0].formula, candidates[0].used  # the most often stated amounts
        expected = f"{quantize(value, max(d, 2))}%"
        name = ctx.concept_name(fig.concept)
        ctx.finding(
            ctx.t(f"{name}应为 {expected}（{formula}），此处写作 {show(fig)}",
                  f"{name} should be {expected} ({formula}); written here as {show(fig)}"),
            locations=[(fig.start, fig.end)] + [(f.start, f.end) for f in used],
            expected=expected,
        )
    _own_sentence_rates(ctx)
    _own_row_rates(ctx)
    _shares_of_a_named_whole(ctx)


def _changed_budget(ctx, prefix: str) -> list:
    """A part's budget after its change, when the report gives only what it was and the change ("项目支出782.05万元
    …年中调减项目预算156.20万元"): one group of one figure, the year's budget worked out."""
    initial, change = ctx.groups(prefix + "initial_budget"), ctx.groups(prefix + "adjustment")
    if len(initial) != 1 or len(change) != 1:
        return []
    before, by = initial[0][0], change[0][0]
    q = before.quantity
    value = (q.base_value + by.signed_base_value) / q.scale
    if value <= 0:
        return []
    return [[replace(before, quantity=replace(q, value=value.quantize(Decimal(1).scaleb(-q.decimals))))]]


def _own_row_rates(ctx) -> None:
    """An item's execution rate in its table row, beside the row's own budget and spending."""
    for rate, paid, budget in row_rates(ctx):
        item = paid.label.rpartition("/")[0]
        _quotient(ctx, rate, paid, budget, f"「{item}」的执行率", f"the execution rate of '{item}'")


def _shares_of_a_named_whole(ctx) -> None:
    """A share of the department's budget or spending named after 占 but not written in the sentence,
    of the amount written just before it: the whole is that measure as the report states it (one value)."""
    for fig, part, whole, measure in named_shares(ctx):
        name = ctx.concept_name(measure)
        _quotient(ctx, fig, part, whole, f"占{name}的比例", f"the share of the {name}")


def _quotient(ctx, rate, part, whole, zh: str, en: str) -> None:
    """A rate that is not part ÷ whole at its stated precision (a truncated one is RT02's)."""
    q = rate.quantity
    c = _candidate([part], [], whole, f"{show(part)} ÷ {show(whole)}", (part, whole), False)
    if quantize(c.value, q.decimals) == q.value or truncate(c.value, q.decimals) == q.value \
            or _within_precision(q, c, False):
        return
    expected = f"{quantize(c.value, max(q.decimals, 2))}%"
    ctx.finding(
        ctx.t(f"{zh}应为 {expected}（{c.formula}），此处写作 {show(rate)}",
              f"{en} should be {expected} ({c.formula}); written here as {show(rate)}"),
        locations=[(rate.start, rate.end), (part.start, part.end), (whole.start, whole.end)],
        expected=expected,
    )


def _own_sentence_rates(ctx) -> None:
    """A part's execution rate with its own amounts before it in one sentence ("项目扶持资金预算1,256.00万元，
    实际支出1,168.42万元，执行率93.30%")."""
    for fig, spent, budgets in sentence_rates(ctx):
        q = fig.quantity
        candidates = [_candidate(spent, [], b, f"{show(spent[0])} ÷ {show(b)}", (spent[0], b), False) for b in budgets]
        d = q.decimals
        if any(quantize(c.value, d) == q.value or truncate(c.value, d) == q.value or _within_precision(q, c, False)
               for c in candidates):
            continue
        best = candidates[-1]  # the budget written last, nearest the spending
        expected = f"{quantize(best.value, max(d, 2))}%"
        name = normalized_label(fig.label)
        ctx.finding(
            ctx.t(f"{name if 0 < len(name) <= 8 else '执行率'}应为 {expected}（{best.formula}），此处写作 {show(fig)}",
                  f"the execution rate should be {expected} ({best.formula}); written here as {show(fig)}"),
            locations=[(fig.start, fig.end)] + [(f.start, f.end) for f in best.used],
            expected=expected,
        )


@dataclass(frozen=True)
class _Candidate:
    value: Decimal  # the rate the figures give, in percent
    formula: str
    used: tuple  # the figures, for the finding's locations
    numerator: Decimal  # in base units, with the half-units of the figures' last decimals
    numerator_tolerance: Decimal
    denominator: Decimal
    denominator_tolerance: Decimal


def _candidate(numerators: list, subtrahends: list, den, formula: str, used: tuple, absolute: bool) -> _Candidate:
    num = sum((f.signed_base_value for f in numerators), Decimal(0)) - sum(
        (f.quantity.base_value for f in subtrahends), Decimal(0))
    value = num / den.quantity.base_value * 100
    tolerance = sum((f.quantity.base_tolerance for f in (*numerators, *subtrahends)), Decimal(0))
    return _Candidate(abs(value) if absolute else value, formula, used, num, tolerance,
                      den.quantity.base_value, den.quantity.base_tolerance)


def _within_precision(stated, c: _Candidate, absolute: bool) -> bool:
    """Whether the stated rate is one the figures allow at the precision they are written to: 3.42亿元 of
    3.75亿元 is anything from 90.95 % to 91.46 %, so 91.3 % agrees with it."""
    low_d, high_d = c.denominator - c.denominator_tolerance, c.denominator + c.denominator_tolerance
    if low_d <= 0:
        return False
    low_n, high_n = c.numerator - c.numerator_tolerance, c.numerator + c.numerator_tolerance
    values = [n / d * 100 for n in (low_n, high_n) for d in (low_d, high_d)]
    if absolute:
        values = [abs(v) for v in values] + ([Decimal(0)] if low_n <= 0 <= high_n else [])
    half = Decimal(1).scaleb(-stated.decimals) / 2
    return stated.value - half <= max(values) and stated.value + half >= min(values)


def _candidates(ctx, fig, spec: dict, prefix: str, denominators: list) -> list[_Candidate]:
    """Every pair of stated amounts that gives the rate, the most often stated first."""
    out = []
    absolute = bool(spec.get("absolute"))
    numerators = ctx.groups(prefix + spec["numerator"])
    for num_group in numerators:
        for den_group in denominators:
            num, den = nearest(num_group, fig), nearest(den_group, fig)
            out.append(_candidate([num], [], den, f"{show(num)} ÷ {show(den)}", (num, den), absolute))
    if spec["numerator"] == "adjustment" and len(numerators) > 1 and denominators:
        # 追加 1,118.00 and 追减 86.50: the rate is of the net adjustment
        den = nearest(denominators[0], fig)
        parts = [nearest(g, fig) for g in numerators]
        out.append(_candidate(parts, [], den, f"({' + '.join(show(p) for p in parts)}) ÷ {show(den)}",
                              (parts[0], den), True))
    difference = spec.get("numerator_difference")
    if not numerators and difference and denominators and not ctx.quantities(prefix + "carried_in"):
        # no adjustment written, but the budget before and after it: "由年初的2,350.00万元调整为2,434.40万元，
        # 预算调整率3.17%" (not when funds carried in from last year are part of the difference)
        minuend_name, subtrahend_name = difference
        subtrahends = [g for g in ctx.groups(prefix + subtrahend_name) if g[0].quantity.base_value]
        for m_group in ctx.groups(prefix + minuend_name):
            for s_group in subtrahends:
                for den_group in denominators:
                    m, sub, den = nearest(m_group, fig), nearest(s_group, fig), nearest(den_group, fig)
                    out.append(_candidate([m], [sub], den, f"({show(m)} − {show(sub)}) ÷ {show(den)}",
                                          (m, sub) if sub is den else (m, sub, den), absolute))
    return out
