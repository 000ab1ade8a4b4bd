"""FG03: an amount in 元 in a report that otherwise states amounts in 万元."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.figures import for_each_unit, is_formula_term
from auditor.extract.lexicon import lexicon
from auditor.model import BlockKind
from auditor.registry import check

# Below this an amount in 元 is a standard or a price (每人每月 300 元), not an odd unit.
_SMALL_YUAN = Decimal(10000)
# The report's unit is 万元 when it states at least this many amounts in 万元, and more than twice
# as many as the large amounts it states in 元.
_MIN_WAN = 3
# What may stand between an amount in 元 and its 万元 equivalent written beside it: "930,000元（93万元）",
# "93万元（930,000元）", "930000元，即93万元".
_BESIDE = re.compile(r"^[\s(（\[【,，]*(?:即|约|折合|合)?[\s:：]*$")


def _equivalent_beside(ctx, fig, in_wan) -> bool:
    """Whether the same amount is written in 万元 right beside ``fig`` (before or after it)."""
    text = ctx.doc.text
    for other in in_wan:
        slack = fig.quantity.base_tolerance + other.quantity.base_tolerance
        if abs(other.quantity.base_value - fig.quantity.base_value) > slack:
            continue
        if other.start >= fig.end and _BESIDE.match(text[fig.end:other.start]):
            return True
        if other.end <= fig.start and _BESIDE.match(text[other.end:fig.start]):
            return True
        # "183.65万元（按月发放，全年合计1,836,500.00元）": the same amount in brackets after it
        if other.end <= fig.start and _BRACKETED_NOTE.match(text[other.end:fig.start]):
            return True
        # "可用资金合计2572.70万元（本年预算…＋上年结转…），折合25,727,000.00元": said to be its conversion
        if other.end <= fig.start and _CONVERTED.search(text[other.end:fig.start]) \
                and not re.search(r"[。；;！？\n]", text[other.end:fig.start]):
            return True
    return False


# A conversion said in words right before the 元 amount
_CONVERTED = re.compile(r"(?:折合|折算为?|换算为?|即)\s*(?:人民币)?\s*$")


# A bracket opened right after the 万元 amount, with a few words before the 元 one, not closed before it.
_BRACKETED_NOTE = re.compile(r"^\s*[(（][^()（）。;；]{0,20}$")


# What a sum of a project's or a department's money is called (审减工程价款, 节约资金, 投工投劳折资), not a fee
# (or what was paid out or collected in the year: 支付检测费用, 罚没款…上缴国库)
_A_SUM_OF_MONEY = re.compile(r"资金|价款|经费|金额|折资|投资|拨付|投入|节约|审减|核减|结余|结转|支出|补助|补贴|奖补|发放|预算|资产|原值|净值|收入"
                             r"|支付|罚没|罚款|上缴"
                             # (or what was bought: 购置…扑火物资86.40元)
                             r"|购置|采购|购买")


# A note that states the unit of what follows ("（金额单位：元）", "单位：万元").
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(万元|亿元|千元|元)")


def _declared_in_yuan(doc, index: int) -> bool:
    """Whether the paragraph or table of segment ``index``, or the lead-in before it in its section, says
    its amounts are in 元 (the nearest unit note back to the section's heading)."""
    segments = doc.normalized.segments
    for j in range(index, -1, -1):
        seg = segments[j]
        if seg.kind == BlockKind.HEADING:
            return False
        m = _UNIT_NOTE.search(seg.text)
        if m:
            return m.group(1) == "元"
    return False


def _per_unit_figures(ctx) -> set[int]:
    """Where the amounts for each one stand (人均, 亩均实际支出 …): by their label, or by the name of the indicator
    whose target or actual value they are. A cost per head is in 元 whatever unit the budget takes."""
    words = tuple(lexicon().raw["labels"]["kinds"]["per_unit"])
    out = {f.start for f in ctx.quantities() if any(w in f.label for w in words)}
    for ind in ctx.indicators():
        if ind.name and any(w in ind.name for w in words):
            out.update(f.start for f in (ind.target, ind.actual) if f is not None)
    return out


@check(
    code="FG03",
    name="unit-outlier",
    severity="info",
    summary="An amount is written in 元 where the rest of the report uses 万元.",
    rationale=(
        "部门预算 and 决算 figures are reported in 万元; an amount in 元 among them is easily read as 万元 "
        "(233310 元 looks like 23 亿 when the reader expects 万元). Writing every amount in the report's "
        "unit avoids the slip."
    ),
    bad="全年预算数为 10790.33 万元，执行数为 10671.44 万元，其中基本支出 2460.68 万元。为高龄老人发放资金 233310 元。",
    good="全年预算数为 10790.33 万元，执行数为 10671.44 万元，其中基本支出 2460.68 万元。为高龄老人发放资金 23.33 万元。",
    known_problems=("Amounts under 10000 元 are reported only when written to the fen and named as a sum of "
                    "money or as one paid, collected or spent on a purchase (审减工程价款126.58元, 固定资产原值2,486.75元, 罚没款312.48元, "
                    "购置…物资86.40元: the 万元 figure "
                    "with the wrong unit), never standards or prices (每人每年10,000元, 780元/人, 补助标准为300元, a clause "
                    "saying per what: 每批次…18.65元); nor is an amount whose 万元 equivalent is written "
                    "right beside it (930,000元（93万元）), nor the amounts of a paragraph, list or table the text says "
                    "are in 元 (金额单位：元, the nearest unit note since the heading)."),
)
def unit_outlier(ctx):
    segments = ctx.doc.normalized.segments
    per_unit = _per_unit_figures(ctx)
    money = [f for f in ctx.quantities() if f.quantity.dimension == "money" and f.quantity.base_unit == "元"
             and not for_each_unit(segments[f.segment].text, f.quantity)  # (每人每年10,000元: a standard)
             and f.start not in per_unit]
    in_wan = [f for f in money if f.quantity.unit == "万元"]
    in_yuan = [f for f in money if f.quantity.unit == "元" and f.quantity.value >= _SMALL_YUAN]
    if len(in_wan) < _MIN_WAN or len(in_wan) < 2 * len(in_yuan):
        return
    for fig in in_yuan:
        if _equivalent_beside(ctx, fig, in_wan):
            continue  # "共计930,000元（93万元）": the reader has the 万元 figure already
        if is_formula_term(ctx.doc.normalized.segments[fig.segment].text, fig.quantity):
            continue  # "人均成本=1,836,500元÷188人÷12个月": a term of a calculation
        if _declared_in_yuan(ctx.doc, fig.segment):
            continue  # "分项目支出情况如下（金额单位：元）": the list is in 元 on purpose
        q = fig.quantity
        wan = (q.value / Decimal(10000)).quantize(Decimal("0.01"))
        ctx.finding(
            ctx.t(f"{q.value}元 使用了“元”为单位，报告其余金额均以“万元”计（即 {wan} 万元）",
                  f"{q.value}元 is in 元 while the report states amounts in 万元 ({wan} 万元)"),
            locations=[(fig.start, fig.end)],
            expected=f"{wan}万元",
        )
    for fig in money:
        q = fig.quantity
        if q.unit != "元" or q.value >= _SMALL_YUAN or q.decimals != 2 or not _A_SUM_OF_MONEY.search(fig.label):
            continue
        if _declared_in_yuan(ctx.doc, fig.segment) or is_formula_term(segments[fig.segment].text, q):
            continue
        text = segments[fig.segment].text
        if "每" in text[max(text.rfind(c, 0, q.start) for c in ",，。;；:：") + 1:q.start]:
            continue  # "每批次支付检测费用18.65元": a price, its clause says per what
        # "审减工程价款126.58元" among amounts in 万元: written to the fen like them, a sum of a project's money
        # that small is the 万元 figure with the wrong unit
        ctx.finding(
            ctx.t(f"{q.value}元 以“元”为单位，报告其余金额均以“万元”计，疑为 {q.value}万元",
                  f"{q.value}元 is in 元 while the report states amounts in 万元; probably {q.value}万元"),
            locations=[(fig.start, fig.end)],
            expected=f"{q.value}万元",
        )
