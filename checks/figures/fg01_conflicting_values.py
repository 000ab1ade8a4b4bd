"""FG01: the same quantity stated with different values."""

from __future__ import annotations

from auditor.extract.compare import consensus, show
from auditor.extract.conflicts import sibling_stating
from auditor.extract.titles import project_report
from auditor.extract.figures import sentence_end, sentence_start
from auditor.extract.lexicon import lexicon, normalized_label
from auditor.registry import check


@check(
    code="FG01",
    name="conflicting-values",
    severity="error",
    summary="The same quantity is stated with different values in different places.",
    rationale=(
        "A report restates its key figures (budget, spending, people served) in the overview, the "
        "analysis and the indicator sections, and a reader assumes they are one figure. Figures are "
        "compared at the precision each is stated in (3.2 万人 agrees with 3.17 万人; 2.55 万人 does "
        "not), and only when they name the same concept (年初预算数, 执行数 …) or their labels name the "
        "same measure — never because nearby words happen to match."
    ),
    bad="全区城镇新增就业 2.55 万人。\n\n新增就业人数：该指标预期指标值为大于等于 2.70 万人，本次评价新增就业人数共计 3.2 万人。",
    good="开展职业技能培训 3.2 万人。\n\n职业技能培训人数：该指标预期指标值为大于等于 2.45 万人，本次评价参加职业技能培训人员 3.17 万人。",
    known_problems=(
        "Labels are compared by their content after generic words (人数, 本次评价 …) are dropped; a label "
        "that is only a generic word is not compared. Figures of another year (上年), mid-year figures, "
        "targets and approximations are never compared. A budget rate (预算执行率, 预算调整率) stated twice "
        "with different values is reported here only when the report gives no amounts to compute it from; "
        "otherwise RT01 says which statement the amounts support."
    ),
)
def conflicting_values(ctx):
    project = project_report(ctx.doc)

    def sibling_value(statement, figure) -> bool:  # a value that is the budget's where spending belongs: FG02's
        return bool(statement.concept) and sibling_stating(ctx.quantities, statement.concept, figure, project) is not None

    for statement in ctx.statements():
        if not statement.conflicting:
            continue
        main = statement.groups[0]
        for group in statement.groups[1:]:
            odd = group[0]
            if odd.table is not None and all((f.table, f.row, f.col) == (odd.table, odd.row, odd.col) for f in main):
                continue  # two figures of one cell ("+30.00／-12.40" under 调整数): two amounts, not one restated
            if sibling_value(statement, odd) or (len(statement.groups) == 2 and len(main) == len(group)
                                                 and sibling_value(statement, main[0])):
                continue
            _report(ctx, ctx.concept_name(statement.concept) if statement.concept else odd.label, main, group)
    for concept, groups in _rates_without_parts(ctx):
        for group in groups[1:]:
            _report(ctx, ctx.concept_name(concept), groups[0], group)


def _report(ctx, name: str, main: list, group: list) -> None:
    """One finding: ``group`` disagrees with ``main`` (the value stated most often)."""
    odd = group[0]
    reference = min(main, key=lambda f: abs(f.start - odd.start))
    ctx.finding(
        ctx.t(f"{name}前后不一致：此处为 {show(odd)}，另处为 {show(reference)}",
              f"{name} is stated as {show(odd)} here but as {show(reference)} elsewhere"),
        locations=[(f.start, f.end) for f in group] + [(f.start, f.end) for f in main],
        expected=show(reference) if len(main) > len(group) else None,
    )


def _beside_amounts(ctx, fig, amounts: dict[int, list[int]]) -> bool:
    text = ctx.doc.normalized.segments[fig.segment].text
    start = sentence_start(text, fig.quantity.start)
    end = sentence_end(text, fig.quantity.end)
    return any(start <= at < end for at in amounts.get(fig.segment, ()))


def _rates_without_parts(ctx):
    """Groups of one budget rate's statements that disagree, for rates RT01 cannot compute (the report
    gives the rate twice but not the amounts it is made of)."""
    lex = lexicon()
    rates = lex.raw["rates"]
    concepts: dict[str, list] = {}
    for fig in ctx.quantities():
        if (fig.concept or "").rpartition(".")[2] in rates:
            concepts.setdefault(fig.concept, [])
    # a 自评表 row named by the rate (预算执行率 | 10 | 100% | 96.87%) states it too
    for ind in ctx.indicators():
        concept = lex.concept_of(normalized_label(ind.name))[0] if ind.name and ind.actual else None
        if concept and concept.rpartition(".")[2] in rates and ind.actual.period is None \
                and ind.actual.quantity.dimension == "percent":
            concepts.setdefault(concept, []).append(ind.actual)
    amounts: dict[int, list[int]] = {}  # segment -> where its amounts of money start
    if concepts:
        for g in ctx.facts.figures:
            if g.quantity.dimension == "money":
                amounts.setdefault(g.segment, []).append(g.quantity.start)
    for concept, rows in concepts.items():
        scope, _, measure = concept.rpartition(".")
        prefix = f"{scope}." if scope else ""
        spec = rates[measure]
        if ctx.quantities(prefix + spec["numerator"]) and ctx.quantities(prefix + spec["denominator"]):
            continue  # RT01's
        # a rate beside amounts ("…：调减后预算221.80万元，支出205.46万元，执行率92.63%") may be a part's
        # whose amounts the extractors could not place; only a rate stated on its own is the whole's
        stated = [f for f in ctx.quantities(concept) + rows if f.quantity.dimension == "percent"
                  and not f.quantity.comparator and not f.quantity.approx and not _beside_amounts(ctx, f, amounts)]
        groups = consensus(stated)
        if len(groups) > 1:
            yield concept, groups
