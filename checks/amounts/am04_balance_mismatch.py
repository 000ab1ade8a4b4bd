"""AM04: income − spending ≠ the stated balance (结余 / 结转)."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import consensus, show
from auditor.extract.figures import full_stop_start, sentence_start
from auditor.extract.lexicon import lexicon
from auditor.registry import check


@check(
    code="AM04",
    name="balance-mismatch",
    severity="error",
    summary="决算收入 − 决算支出 differs from the stated 结转结余.",
    rationale=(
        "The 部门收支决算 part of a report states income, spending and what is left over (年末结转和结余); "
        "by the 部门决算 definitions the balance is income minus spending. A balance that does not "
        "follow from the two figures misstates either the money carried into next year or one of the "
        "totals, and the 结转结余率 computed from it."
    ),
    bad="2021年度决算收入6748.34万元。2021年决算支出6696.24万元，年末结余结转资金62.1万元。",
    good="2021年度决算收入6748.34万元。2021年决算支出6696.24万元，年末结余结转资金52.1万元。",
    known_problems=("Needs all three amounts, each stated with one value; budgets minus spending are not checked. "
                    "With no 决算支出 named, the year's spending (本年实际支出) stands for it. "
                    "Funds received less spending (资金到位120.50万元，实际支出113.16万元，结余7.43万元) is checked "
                    "when one sentence states the three and nothing else in money (up to its full stop, past a ；), "
                    "spending there also named by its verb alone (本年项目资金收入5,400.00万元，支出5,236.80万元，年末结转"
                    "结余…), or states what came in and what is left 扣除支出后, the spending being the one the report "
                    "states (the project's, when what came in is)."),
)
def balance_mismatch(ctx):
    compared = _received_less_spent(ctx)
    income = consensus(ctx.quantities("final_income"))
    # (the year's spending, when no 决算支出 is named: "本年收入合计…" / "本年实际支出…" / "本年收支相抵，年末结转结余…")
    spending = consensus(ctx.quantities("final_spending")) or consensus(ctx.quantities("executed"))
    balance = consensus([f for f in ctx.quantities("balance") if f.quantity.dimension == "money"])
    if len(income) != 1 or len(spending) != 1 or len(balance) != 1:
        return
    i, s, b = income[0][0], spending[0][0], balance[0][0]
    if any(f in compared for f in balance[0]):
        return  # (its own sentence's money in and out gave it already)
    computed = i.quantity.base_value - s.quantity.base_value
    tolerance = sum((f.quantity.base_tolerance for f in (i, s, b)), Decimal(0)) * Decimal(str(ctx.options.get("tolerance", 1)))
    if abs(computed - b.quantity.base_value) <= tolerance:
        return
    # the closing balance is what was carried in, plus income, less spending (年初结转和结余 10 + 800 − 780)
    carried = consensus([f for f in ctx.quantities("carried_in") if f.quantity.dimension == "money"])
    if len(carried) > 1:
        return  # several amounts carried in: which one the balance follows from is not known
    formula, used = f"{show(i)} − {show(s)}", [i, s]
    if carried:
        c = next((f for f in carried[0] if _same_paragraph(f, b)), carried[0][0])
        if abs(computed + c.quantity.base_value - b.quantity.base_value) <= tolerance + c.quantity.base_tolerance:
            return
        if _same_paragraph(c, b):  # "上年结转45.80万元加本年收入…，减去本年支出…，年末结转结余…": its own sum
            computed, formula, used = computed + c.quantity.base_value, f"{show(c)} + {formula}", [c, i, s]
    decimals = max(f.quantity.decimals for f in (*used, b))
    expected = f"{(computed / b.quantity.scale).quantize(Decimal(1).scaleb(-decimals))}{b.quantity.unit}"
    ctx.finding(
        ctx.t(f"结转结余应为 {expected}（{formula}），此处写作 {show(b)}",
              f"the balance should be {expected} ({formula}); written here as {show(b)}"),
        locations=[(b.start, b.end)] + [(f.start, f.end) for f in used],
        expected=expected,
    )


def _same_paragraph(a, b) -> bool:
    """Whether two figures stand in one paragraph of the narrative."""
    return a.segment == b.segment and a.table is None and b.table is None


# An open bracket right before a figure's clause: the figure is a detail in brackets
_IN_BRACKETS = re.compile(r"[(（][^()（）]*$")


# Money that came in: "项目资金到位…", "收到上级补助…", "下达资金…"
_RECEIVED = re.compile(r"到位|到账|收到|下达|拨入|收入")
_LEFT = re.compile(r"结余|剩余|结转")
_LESS_SPENDING = re.compile(r"扣除(?:全年|本年|实际|已)*(?:支出|使用|支付)(?:资金|数)?(?:后)?")
# spending named by its verb alone right after what came in ("收入5,400.00万元，支出5,236.80万元")
_SPENT_ALONE = re.compile(r"(?:共|累计|实际|全年)?(?:支出|使用|支付|拨付)(?:资金)?")


def _received_less_spent(ctx) -> list:
    """"项目资金到位120.50万元，实际支出113.16万元，结余7.43万元": one sentence's funds received, spent and
    left over (a project's, a fund's), the last the first less the second. The balances compared."""
    by_sentence: dict[tuple[int, int], list] = {}
    by_full_sentence: dict[tuple[int, int], list] = {}  # (the sentence up to its full stop, past its ；)
    segments = ctx.doc.normalized.segments
    for fig in ctx.quantities(include_tables=False, period=None):
        text = segments[fig.segment].text
        if fig.quantity.dimension == "money" and not _IN_BRACKETS.search(text, 0, fig.quantity.start):
            # (a detail in brackets, "（含上年结转1,206.84万元）", is no fourth amount of the sentence)
            by_sentence.setdefault((fig.segment, sentence_start(text, fig.quantity.start)), []).append(fig)
            by_full_sentence.setdefault((fig.segment, full_stop_start(text, fig.quantity.start)), []).append(fig)
    # "全年收入合计3,306,480.00元…；支出合计3,268,915.37元…；年末结转结余37,654.63元。": the three past its ；
    triples = [figures for figures in by_sentence.values() if len(figures) == 3]
    triples += [figures for figures in by_full_sentence.values() if len(figures) == 3 and figures not in triples]
    # "项目资金实际到位17,354,400.00元，扣除实际支出后，年末结转386,676.54元": the spending the report states
    for figures in by_sentence.values():
        text = segments[figures[0].segment].text
        if len(figures) != 2 or not _LESS_SPENDING.search(text, figures[0].quantity.end, figures[1].quantity.start):
            continue
        # (the project's, when the money received is the project's: 项目资金实际到位…)
        concepts = ("project.executed", "executed") if "项目" in figures[0].label else ("executed", "project.executed")
        spending = next((found for c in concepts if (found := consensus(ctx.quantities(c)))), [])
        if len(spending) == 1:
            triples.append([figures[0], spending[0][0], figures[1]])
    compared = []
    for figures in triples:
        got, spent, left = figures
        # (income and spending both named so are the main check's; "收入…，支出…" here)
        if got.concept == "final_income" and spent.concept == "final_spending" \
                or not _RECEIVED.search(got.label) or _LEFT.search(got.label) \
                or not ((spent.concept or "").endswith(("executed", "final_spending"))
                        or lexicon().measure_of(spent.label) in ("executed", "final_spending")
                        or _SPENT_ALONE.fullmatch(spent.label)) \
                or not ((left.concept or "").endswith("balance") or _LEFT.search(left.label)) \
                or any(f.quantity.approx for f in figures):
            continue
        computed = got.quantity.base_value - spent.quantity.base_value
        tolerance = sum((f.quantity.base_tolerance for f in figures), Decimal(0))
        compared.append(left)
        if abs(computed - left.quantity.base_value) <= tolerance:
            continue
        decimals = max(f.quantity.decimals for f in figures)
        expected = f"{(computed / left.quantity.scale).quantize(Decimal(1).scaleb(-decimals))}{left.quantity.unit}"
        ctx.finding(
            ctx.t(f"结余应为 {expected}（{show(got)} − {show(spent)}），此处写作 {show(left)}",
                  f"what is left should be {expected} ({show(got)} − {show(spent)}); written here as {show(left)}"),
            locations=[(left.start, left.end), (got.start, got.end), (spent.start, spent.end)],
            expected=expected,
        )
    return compared
