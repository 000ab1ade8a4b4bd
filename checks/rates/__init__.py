"""Rates: stated percentages against the figures they are computed from."""

from __future__ import annotations

from auditor.extract.lexicon import lexicon, normalized_label


def row_rates(ctx) -> list[tuple]:
    """Each table row's own execution rate beside its own budget and spending ("创新平台建设补助 | 110.00 |
    96.50 | 89.73%"): (rate, spending, budget). An item has no concept, so the budget rates' pass never
    sees it."""
    lex = lexicon()
    rows: dict[tuple[int, int], list] = {}
    for fig in ctx.quantities(period=None):
        if fig.table is not None:
            rows.setdefault((fig.table, fig.row), []).append(fig)
    out = []
    for figures in rows.values():
        by_measure: dict[str, list] = {}
        for fig in figures:
            measure = lex.measure_of(normalized_label(fig.label.rpartition("/")[2]))
            by_measure.setdefault(measure or "", []).append(fig)
        rates, spent = by_measure.get("execution_rate", []), by_measure.get("executed", [])
        budgets = by_measure.get("adjusted_budget", []) or by_measure.get("initial_budget", [])
        if len(rates) != 1 or len(spent) != 1 or len(budgets) != 1 or rates[0].concept:
            continue
        rate, paid, budget = rates[0], spent[0], budgets[0]
        q = rate.quantity
        if q.dimension != "percent" or q.comparator or q.approx or not budget.quantity.base_value \
                or paid.quantity.dimension != budget.quantity.dimension:
            continue
        out.append((rate, paid, budget))
    return out
