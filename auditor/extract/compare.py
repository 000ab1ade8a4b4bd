"""Whether two figures measure the same thing, and how to name a concept: what checks compare by."""

from __future__ import annotations

import re
from functools import lru_cache

from .facts import Figure
from .lexicon import lexicon, normalized_label


@lru_cache(maxsize=4096)  # labels recur: each is tested against every candidate of its bucket
def _has_delta(label: str) -> bool:
    return any(word in label for word in lexicon().raw["labels"]["delta"])


# A total to date ("截至2025年底，全县累计建成高标准农田55.86万亩"), not the year's (全年累计 is the year's)
_TO_DATE = re.compile(r"(?<!全年)(?<!年内)(?<!本年)(?<!当年)(?<!年度)(?<!全年度)累计|以来")


@lru_cache(maxsize=4096)
def _kinds(label: str) -> frozenset[str]:
    """Which of the lexicon's kinds of amount (budgeted, left over, spent) the label names. The kinds
    ``labels.kinds_past_scopes`` names are looked for once the scopes (基本支出, 项目支出) and the words of
    the kinds found first (未支付: left over, not spent) are taken out."""
    lex = lexicon()
    kinds = lex.raw["labels"]["kinds"]
    later = lex.raw["labels"].get("kinds_past_scopes", [])
    found = {kind for kind, words in kinds.items() if kind not in later and any(word in label for word in words)}
    for word in (w for kind in found for w in kinds[kind]):
        label = label.replace(word, "")
    for phrase, _ in lex.scopes:
        label = label.replace(phrase, "")
    return frozenset(found | {kind for kind in later if any(word in label for word in kinds[kind])})


def within(short: str, long: str) -> bool:
    """Whether every character of ``short`` is in ``long`` in the same order: ``long`` is ``short``
    plus qualifiers (新增就业人数 is within 城镇新增就业人数)."""
    chars = iter(long)
    return all(ch in chars for ch in short)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–100: 100 × (1 − the insertions and deletions that turn one into the
    other / their total length), as ``rapidfuzz.fuzz.ratio`` scores it (a test holds the two equal).
    The longest common subsequence is counted a character of ``b`` at a time over the bits of ``a``
    (Hyyrö's bit-parallel method), so two paragraphs cost a few hundred integer operations."""
    total = len(a) + len(b)
    if not total:
        return 100.0
    masks: dict[str, int] = {}
    bit = 1
    for ch in a:
        masks[ch] = masks.get(ch, 0) | bit
        bit <<= 1
    full = rows = bit - 1
    for ch in b:
        matched = rows & masks.get(ch, 0)
        rows = ((rows + matched) | (rows - matched)) & full
    common = len(a) - rows.bit_count()
    return (1.0 - (total - 2 * common) / total) * 100


@lru_cache(maxsize=4096)  # asked for every pair of candidate labels
def _scope_only(label: str) -> bool:
    return lexicon().scope_only(label)


def same_measure(a: Figure, b: Figure) -> bool:
    """Two labels name the same measure when one is the other plus qualifiers: ``城镇新增就业`` and
    ``新增就业人数`` do; ``城市低保发放户数`` and ``农村低保发放户数`` (each has its own qualifier) and
    ``劳动人事争议案件结案率`` and ``举报投诉案件结案率`` do not."""
    if a.concept or b.concept:
        return a.concept == b.concept and a.negative == b.negative  # 调增 and 调减 are two figures
    if _has_delta(a.label) != _has_delta(b.label):
        return False
    if bool(_TO_DATE.search(a.label)) != bool(_TO_DATE.search(b.label)):
        return False  # the total to date is not the year's
    if bool(_PER_UNIT.search(a.label)) != bool(_PER_UNIT.search(b.label)):
        return False  # "公务用车单车年均运行维护费用" is each car's, "公务用车运行维护" all of them
    if _kinds(a.label) != _kinds(b.label):
        return False  # "县志编纂出版专项资金预算60.00万元" is what was budgeted, "县志编纂出版48.90万元" what was spent
    if _scope_only(a.label) or _scope_only(b.label):
        return False  # "基本支出 31,208.65": of the budget or of the spending, the label does not say
    x, y = normalized_label(a.label), normalized_label(b.label)
    if min(len(x), len(y)) < lexicon().raw["labels"]["min_chars"]:
        return False
    if bool(_TWO_JOINED.search(x)) != bool(_TWO_JOINED.search(y)):
        return False  # "全体会议及常委会议召开次数" counts both; "常委会议5次" one of them
    if x.endswith("率") and y.endswith("率") and x[-2:] != y[-2:]:
        return False  # a rate is named by its last words: 不合格率 is not 不合格样品核查处置率
    # (or the same words in another order: 保障城乡低保对象 and 城乡低保对象保障人数 both come to 保障 + 低保)
    return within(x, y) or within(y, x) or (len(x) == len(y) >= 4 and sorted(x) == sorted(y))


# What one of many has on average: 单车, 人均, 户均, 生均, 亩均, 年均, 平均, 单位, 每
_PER_UNIT = re.compile(r"单车|单台|单个|单位面积|人均|户均|生均|亩均|村均|年均|平均|每")
_TWO_JOINED = re.compile(r"[\u4e00-\u9fff]{2,}(?:及|和|与|、)[\u4e00-\u9fff]{2,}")


def concept_name(concept: str, lang: str = "zh") -> str:
    raw = lexicon().raw
    scope, _, measure = concept.rpartition(".")
    name = raw["names"].get(measure, {}).get(lang, measure)
    if scope:
        scope_name = raw["scope_names"].get(scope, {}).get(lang, scope)
        return f"{scope_name}{name}" if lang == "zh" else f"{scope_name} {name}"
    return name


def quantize(value, decimals: int):
    """Round half up (the accounting convention) to ``decimals`` places."""
    from decimal import ROUND_HALF_UP, Decimal

    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def truncate(value, decimals: int):
    from decimal import ROUND_DOWN, Decimal

    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def show(fig: Figure) -> str:
    """A figure as written, in folded form: ``4044.35万元``, ``57.39%``."""
    q = fig.quantity
    return f"{q.value}{q.unit}"


def consensus(figures: list[Figure]) -> list[list[Figure]]:
    """Figures grouped by value (at stated precision); the largest group first, ties by first position."""
    groups: list[list[Figure]] = []
    for fig in figures:
        for group in groups:
            if group[0].quantity.agrees_with(fig.quantity):
                group.append(fig)
                break
        else:
            groups.append([fig])
    groups.sort(key=lambda g: (-len(g), g[0].start))
    return groups


def nearest(group: list[Figure], fig: Figure) -> Figure:
    """The member of a group stated closest to ``fig`` (the one a reader compares it with)."""
    return min(group, key=lambda g: abs(g.start - fig.start))


def ratio(numerator, denominator):
    """numerator ÷ denominator in percent, or None for a zero denominator."""
    from decimal import Decimal

    if not denominator:
        return None
    return numerator / denominator * Decimal(100)


def completion_candidates(indicator) -> list:
    """The ratios a stated completion rate may have been computed as: actual ÷ target (≥ and =
    indicators) and target ÷ actual (≤ indicators), in percent."""
    if indicator.actual is None or indicator.target is None:
        return []
    actual, target = indicator.actual.quantity.base_value, indicator.target.quantity.base_value
    out = [r for r in (ratio(actual, target), ratio(target, actual)) if r is not None]
    return out


# A budget written as the part's name and the word budget (项目扶持资金预算, …预算安排为), or the fund itself before
# what was used of it (省级补助资金240.00万元…使用221.51万元).
_BUDGET_ENDINGS = ("预算", "预算数", "预算资金", "预算安排", "预算金额", "预算总额", "资金", "经费", "补助", "补贴",
                   # (an item's: "档案数字化加工经费年初安排240,000.00元，…，调整后为420,000.00元")
                   "年初安排", "调整后")


def is_spending(fig: Figure) -> bool:
    """An amount spent, by the lexicon's words for it (实际支出, 已拨付 …) or a label ending in a word of spending
    (the lexicon's kind ``spent``: 支出, 使用 …), whatever it is the spending of."""
    lex = lexicon()
    label = normalized_label(fig.label)
    return fig.quantity.dimension == "money" and not fig.negative and (
        lex.measure_of(label) == "executed" or label.endswith(tuple(lex.raw["labels"]["kinds"]["spent"])))


def is_budget(fig: Figure) -> bool:
    """An amount budgeted, by the lexicon's words for it or a label ending in a word of budget or of a fund."""
    lex = lexicon()
    label = normalized_label(fig.label)
    name = fig.label.partition("…")[0].strip()  # (省级补助资金…已全部到位: the fund, as written)
    return fig.quantity.dimension == "money" and not fig.negative and (
        lex.measure_of(label) in ("adjusted_budget", "initial_budget")
        or ((label.endswith(_BUDGET_ENDINGS) or name.endswith(_BUDGET_ENDINGS)) and lex.measure_of(label) is None))


# A column headed by spending alone, beside the budget's and the rate's columns
_BARE_SPENDING = ("支出", "支出数", "支出金额", "已支出")


def table_rows_by_measure(figures: list[Figure]) -> list[dict[str, list[Figure]]]:
    """The table figures row by row, each row's grouped by the measure its column header names ("" for none):
    全年预算 is a budget (normalised, only 预算 is left), 支出 beside 预算 and 执行率 the spending."""
    lex = lexicon()
    rows: dict[tuple[int, int], dict[str, list[Figure]]] = {}
    for fig in figures:
        if fig.table is None:
            continue
        header = fig.label.rpartition("/")[2]
        measure = lex.measure_of(header) or lex.measure_of(normalized_label(header)) \
            or ("executed" if header.strip() in _BARE_SPENDING else None)
        rows.setdefault((fig.table, fig.row), {}).setdefault(measure or "", []).append(fig)
    return list(rows.values())
