"""Rates: stated percentages against the figures they are computed from."""

from __future__ import annotations

import re

from auditor.extract.compare import is_budget, is_spending, nearest, table_rows_by_measure
from auditor.extract.figures import WHOLE_MEASURES, item_spans, sentence_start
from auditor.extract.lexicon import lexicon, normalized_label
from auditor.model.normalize import fold


def row_rates(ctx) -> list[tuple]:
    """Each table row's own execution rate beside its own budget and spending ("创新平台建设补助 | 110.00 |
    96.50 | 89.73%"): (rate, spending, budget). An item has no concept, so the budget rates' pass never
    sees it."""
    lex = lexicon()
    out = []
    named: dict[str, list[tuple]] = {}  # a row's name → its (spending, budget), for the narrative's rates
    for by_measure in table_rows_by_measure(ctx.quantities(period=None)):
        rates, spent = by_measure.get("execution_rate", []), by_measure.get("executed", [])
        budgets = by_measure.get("adjusted_budget", []) or by_measure.get("initial_budget", [])
        if len(spent) != 1 or len(budgets) != 1 or not budgets[0].quantity.base_value \
                or spent[0].quantity.dimension != budgets[0].quantity.dimension:
            continue
        paid, budget = spent[0], budgets[0]
        if not paid.concept and (item := normalized_label(paid.label.rpartition("/")[0])):
            named.setdefault(item, []).append((paid, budget))
        if len(rates) != 1:
            continue
        if rates[0].concept and ctx.quantities(rates[0].concept.replace("execution_rate", "executed")):
            continue  # a part's rate (项目支出) with its spending stated as such: the budget rates' pass has it
        if _plain_rate(rates[0]):
            out.append((rates[0], paid, budget))
    # the narrative naming a row's rate ("县级工作经费执行率98.47%" under a table of sources of funds)
    for fig in ctx.quantities(period=None):
        if fig.table is not None or fig.concept or not _plain_rate(fig):
            continue
        label = normalized_label(fig.label)
        name = _RATE_WORDS.sub("", label)
        if name and name != label and len(named.get(name, ())) == 1 and lex.measure_of(label) == "execution_rate":
            out.append((fig, *named[name][0]))
    return out


# The words of a rate after the name of what it is the rate of (县级工作经费[的][预算]执行率).
_RATE_WORDS = re.compile(r"的?(?:预算|资金)?(?:执行率|支出率)$")


def _plain_rate(fig) -> bool:
    q = fig.quantity
    return q.dimension == "percent" and not q.comparator and not q.approx


# A rate of what was used of it, bare ("当年使用221.51万元，使用率为92.03%").
_USE_RATES = ("使用率", "支出率", "使用进度", "支出进度")


def sentence_rates(ctx) -> list[tuple]:
    """A part's execution rate with its own amounts before it in one sentence ("项目扶持资金预算1,256.00万元，
    实际支出1,168.42万元，执行率93.30%"): (rate, [the spending], the budgets), when every amount before the rate
    in its sentence is a budget or the one spending, the spending last. The part has no concept, so the
    budget rates' pass never sees it."""
    lex = lexicon()
    out = []
    for _, text, figures in ctx.paragraphs():
        for k, fig in enumerate(figures):
            q = fig.quantity
            if fig.concept or q.dimension != "percent" or q.comparator or q.approx \
                    or (lex.measure_of(normalized_label(fig.label)) != "execution_rate"
                        and normalized_label(fig.label) not in _USE_RATES):
                continue
            start = sentence_start(text, q.start)
            # (an item's record of fields parted by ；, "支出项目：电费；调整后预算：…；执行率：97.97%": from its name on)
            item = next((a for a, b in item_spans(text) if a <= q.start < b), None)
            if item is not None and "。" not in text[item:q.start]:
                start = item
            before = [g for g in figures[:k] if g.quantity.start >= start]
            if not before or any(g.concept or g.quantity.dimension != "money" for g in before):
                continue
            spent = [g for g in before if is_spending(g)]
            budgets = [g for g in before if is_budget(g)]
            # every amount before it is a budget or the spending: an addition, a total after an
            # addition (追加62.00万元后为158.40万元) or a part's share leaves the rate's base unknown
            if len(spent) != 1 or not budgets or len(budgets) + 1 != len(before) or before[-1] is not spent[0]:
                continue
            budgets = [b for b in budgets if b.quantity.base_value]
            if budgets:
                out.append((fig, spent, budgets))
    return out


# "合计1306.37万元，占调整后预算的96.60%": an amount, then its share of a budget named but not written there
_SHARE_OF_NAMED = re.compile(r"\s*[,，]?\s*占(?:全年|本年|当年|部门)?(?P<whole>[^,，。；;、\d]{2,12}?)(?:的)?(?:比例|比重|比率)?"
                             r"\s*(?:为|达|是)?\s*$")


def named_shares(ctx) -> list[tuple]:
    """Shares of the department's (or a part's) budget or spending named after 占 but not written in the
    sentence, of the amount written just before it: (share, the amount, the whole as the report states it with
    one value, the whole's concept)."""
    lex = lexicon()
    out = []
    for _, text, figures in ctx.paragraphs():
        for k, fig in enumerate(figures[1:], 1):
            q, part, after = fig.quantity, figures[k - 1], figures[k - 1]
            if k >= 2 and part.quantity.dimension == "percent" and lex.measure_of(normalized_label(part.label)) == "execution_rate":
                # "项目支出471.36万元，执行率85.64%，占全年总支出的34.25%": past the part's own rate
                part = figures[k - 2]
            if fig.concept or q.dimension != "percent" or q.comparator or q.approx \
                    or part.quantity.dimension != "money" or part.quantity.approx or part.negative:
                continue
            m = _SHARE_OF_NAMED.match(text, after.quantity.end, q.start)
            # (占全年支出的25.73%: 支出 alone is no measure, the year's spending is)
            measure = m and (lex.measure_of(normalized_label(m.group("whole"))) or lex.measure_of("全年" + m.group("whole")))
            if measure not in WHOLE_MEASURES:
                continue
            scope = next((key for phrase, key in lex.scopes if phrase in fold(m.group("whole"))), None)
            if scope:
                measure = f"{scope}.{measure}"  # "占调整后项目支出预算的45.39%": the part's budget
            wholes = [g for g in ctx.groups(measure) if g[0].quantity.base_value]
            if len(wholes) != 1:
                continue  # not stated, or stated with several values: FG01's, not a base to compute from
            out.append((fig, part, nearest(wholes[0], fig), measure))
    return out
