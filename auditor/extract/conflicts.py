"""Groups of figures that state the same quantity: by concept, or by labels that name the same measure.

Shared by the checks that compare a quantity's statements (conflicting values, figures used for the
wrong quantity); kept here so that the grouping rules live once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate

from ..model.normalize import fold
from ..model.sections import numbering_of
from .compare import consensus, same_measure, within
from .facts import Facts, Figure
from .figures import ITEM_MARKS, for_each_unit, value_before_change
from .lexicon import key_terms, lexicon, normalized_label

# Concepts compared elsewhere: rates against their parts (RT01), scores per indicator (SC checks).
DERIVED = frozenset({"execution_rate", "adjustment_rate", "completion_rate", "weight", "score", "total_score"})
# Concepts whose figures may be mistaken for one another (a budget written where spending belongs).
SIBLINGS = {
    "executed": ("adjusted_budget", "initial_budget"),
    "adjusted_budget": ("initial_budget", "executed"),
    "initial_budget": ("adjusted_budget",),
}


def same_subject(concept: str, project: bool) -> tuple[str, ...]:
    """The concept, and in a project's own report the same measure named bare or as the project's: there
    the project is the report's subject (调整后全年预算数 is the project's, as 项目实际支出 is)."""
    scope, _, measure = concept.rpartition(".")
    if project and scope in ("", "project"):
        return (concept, measure if scope else f"project.{measure}")
    return (concept,)


def sibling_stating(figures_of, concept: str, figure: Figure, project: bool = False):
    """(figures, concept) of a quantity that may be mistaken for ``concept``'s (the budget beside the
    spending, of the same subject) stated with ``figure``'s value, or None: a value that is its sibling's
    was written for the wrong quantity (FG02), not restated differently (FG01). ``figures_of(concept)``
    gives a concept's figures."""
    scope, _, measure = concept.rpartition(".")
    prefix = f"{scope}." if scope else ""
    for sibling in SIBLINGS.get(measure, ()):
        for candidate in same_subject(prefix + sibling, project):
            other = [f for f in figures_of(candidate) if f.quantity.agrees_with(figure.quantity)]
            if other:
                return other, candidate
    return None


@dataclass
class Statement:
    """One quantity stated more than once: its figures grouped by value, the largest group first."""

    key: str  # the concept, or the label of the first figure
    concept: str | None
    groups: list[list[Figure]]

    @property
    def conflicting(self) -> bool:
        return len(self.groups) > 1


# "指标一：" before an indicator's name in a table cell
_INDICATOR_NUMBER = re.compile(r"^\s*(?:绩效)?指标[一二三四五六七八九十\d]+\s*[:：、.]?\s*")


def _comparable(fig: Figure) -> bool:
    q = fig.quantity
    # (nor a term of a calculation the label writes out: "单盏综合改造成本=（灯具灯杆采购安装684.20万元+…）÷2,360盏")
    return fig.period is None and not q.approx and not q.comparator and bool(q.unit) and not _WORKED_OUT.search(fig.label)


_WORKED_OUT = re.compile(r"[=＝÷×]")


def _label_comparable(fig: Figure, parts: set[int]) -> bool:
    """Figures compared by their label alone: narrative figures with a label of their own.

    Not table cells (their "label" is a pair of headers), not the parts of a 其中 list (they are named
    relative to their total: the 一般公共预算收入 of the 预算 is not that of the 决算), not a label
    that names a budget measure of an unnamed subject (``…项目，预算金额``), not one end of a range.
    """
    if fig.table is not None or id(fig) in parts:
        return False
    if fig.label.partition("…")[2].startswith(("指标", "项指标", "个指标")):
        return False  # "…改造数量3个指标未达到年度目标": a count of indicators
    if fig.label.partition("…")[2].endswith(("中", "之中")):
        return False  # "45个商会中43个年检合格": the whole a part is counted among, not the measure named
    if fig.quantity.dimension not in ("count", "money", "percent", "area"):
        return False
    if lexicon().measure_of(fig.label) is not None:
        return False
    if fig.label.rstrip().endswith(("目标", "目标值", "指标值", "预期值")):
        return False  # "造血干细胞捐献志愿者登记人数目标120人": what was aimed at, not what was done
    label = fig.label.rstrip()
    # (a level reached is a value: 撂荒面积降至0.28万亩)
    return not label.endswith(("-", "—", "~", "至", "到")) or label.endswith(_REACHED)


_REACHED = ("降至", "降到", "减至", "减少到", "少至", "升至", "升到", "增至", "增加到", "加至", "高至", "提高到", "低至")


# "每低于目标值1个百分点扣1分", "每延迟10天扣1分": a scoring rule's step, no fact
_RULE_STEP_AFTER = re.compile(r"\s*[^\d,，。;；]{0,4}?(?:扣|加|减)\s*\d")


def _clause_before(facts: Facts, fig: Figure) -> tuple[str, str]:
    """The figure's segment text and its clause up to the figure."""
    text = facts.doc.normalized.segments[fig.segment].text
    return text, re.split(r"[,，。;；:：]", text[:fig.quantity.start])[-1]


def _per_unit_rule(facts: Facts, fig: Figure) -> bool:
    """A scoring rule's step (每低于1个百分点扣1分) or an amount for each unit (每人每年10,000元), or what an
    amount was before a change (基础设施类资金由3,361.00万元调整为3,146.00万元): no fact to compare with the
    year's figures."""
    text, clause = _clause_before(facts, fig)
    if "每" in clause and _RULE_STEP_AFTER.match(text, fig.quantity.end) is not None:
        return True
    return for_each_unit(text, fig.quantity) or value_before_change(text, fig.quantity)


def _item_named(facts: Facts, fig: Figure) -> str | None:
    """The item a numbered line names before a colon, the figure after it ("2．防火物资及扑火机具购置：年初安排38.00
    万元" → 防火物资及扑火机具购置), or None."""
    text = facts.doc.normalized.segments[fig.segment].text
    numbering = numbering_of(text)
    if numbering is None or numbering.style not in ITEM_MARKS:
        return None
    head, colon, _ = text[:fig.quantity.start].partition(":")
    head = head.strip()
    return head[len(numbering.marker):].strip() or None if colon and head.startswith(numbering.marker) else None


def _of_two_items(facts: Facts, a: Figure, b: Figure) -> bool:
    """Whether two figures are those of two items of a list, each named before its colon."""
    x, y = _item_named(facts, a), _item_named(facts, b)
    if x is None or y is None:
        return False
    x, y = normalized_label(x), normalized_label(y)  # (不动产登记 and 不动产登记办件量 are one)
    return not (within(x, y) or within(y, x))


def _part_named_by_its_whole(facts: Facts, fig: Figure, previous: Figure | None) -> bool:
    """"服务离退休干部386人，其中离休干部4人": a part named by a qualifier of its whole's name, as the parts
    of a 其中 list are (a list of one part is no enumeration), so that it would match whatever the whole
    matches (372名离退休干部参加健康体检). ("其中农民工培训860人次" after "全年完成培训1260人次" names its own.)"""
    if previous is None or previous.segment != fig.segment or previous.quantity.base_unit != fig.quantity.base_unit:
        return False
    if not _clause_before(facts, fig)[1].lstrip().startswith("其中"):
        return False
    return within(normalized_label(fig.label), normalized_label(previous.label))


# What a table of items' money states in a column, budgeted or spent, in one wording each: an item's
# figures are compared as item + measure, however the narrative or the column words the measure
# ("冬季清冰雪经费支出" in the text is the "冬季清冰雪 | 实际支出" of the table)
_ITEM_MEASURES = {"initial_budget": "年初预算", "adjusted_budget": "调整后预算", "executed": "实际支出"}


def _item_cell(fig: Figure, item_rows: dict[tuple[int, str], set[int]]) -> Figure | None:
    """A table cell of one item's money ("技术培训与指导服务 | 120.00 | 108.60" under 全年预算 | 实际支出), labelled
    as the narrative names it, item and measure together (技术培训与指导服务实际支出); None for any other cell
    (``item_rows``: the rows of its table each row header names)."""
    if fig.table is None or fig.concept or fig.quantity.dimension != "money":
        return None  # (a row added up in a 合计 below is still its item's)
    item, _, column = fig.label.rpartition("/")
    # (a header several rows share, 地方 under 资金来源, names a kind of row, not the row's item)
    measure = lexicon().measure_of(column)
    if len(normalized_label(item)) < 2 or len(item_rows.get((fig.table, item), ())) > 1 or measure not in _ITEM_MEASURES \
            or lexicon().measure_of(item) or lexicon().scope_only(item) or _TOTAL_ITEM.search(item):
        return None
    return _as_item_measure(fig, item, measure)


def _as_item_measure(fig: Figure, item: str, measure: str) -> Figure:
    label = item + _ITEM_MEASURES[measure]
    return replace(fig, label=label, terms=key_terms(label), table=None)


_TOTAL_ITEM = re.compile(r"合计|总计|小计|其中|总额")


def _item_measure(label: str) -> tuple[str, str] | None:
    """The item and the budget measure of a narrative label that ends with the measure after the item's
    own name (技术培训与指导服务 + 实际支出), or None: a bare measure, or one of the department or of a part
    of the budget, is compared by concept."""
    text = fold(label)
    phrase, measure = next(((p, m) for p, m in _measure_endings() if text.endswith(p)), (None, None))
    if phrase is None or measure not in _ITEM_MEASURES:
        return None
    named = text[: -len(phrase)].strip(" ,，:：、")
    item = lexicon().without_filler(named).strip(" ,，:：、")
    if len(item) < 4 or lexicon().scope_only(item) or lexicon().measure_of(item) or _TOTAL_ITEM.search(item):
        return None
    return named, measure


@cache
def _measure_endings() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((fold(p), m) for p, m in lexicon().measures), key=lambda x: -len(x[0])))


def _in_a_reason(facts: Facts, fig: Figure) -> bool:
    """Whether the figure stands after a 偏差原因/原因分析 cue in its paragraph, or in a sentence that
    gives the cause of something ("未全部执行的原因是有2座危桥因涉及电力线路迁改")."""
    text = facts.doc.normalized.segments[fig.segment].text
    before = text[:fig.quantity.start]
    sentence = re.split(r"[。!！?？;；]", before)[-1]
    if any(cue in before for cue in _reason_cues()) or "原因" in sentence:
        return True
    # …or in a clause that says why: "主要是一个老旧小区改造项目尚未完成竣工结算", "4个项目因用地规划调整"
    clause = re.split(r"[,，:：]", sentence)[-1] + re.split(r"[,，。!！?？;；]", text[fig.quantity.end:])[0]
    return _CAUSE.search(clause) is not None


_CAUSE = re.compile(r"因(?!此|而)|由于|主要是|主要系")


# 实际 and the verb of what was done (实际外借, 实际检查), not of money (实际支出 is a budget measure)
_ACTUAL_VERB = re.compile(r"实际(?!支出|支付|拨付|到位|使用|投入|金额|资金)[\u4e00-\u9fff]{1,3}")


@cache
def _actual_cues() -> frozenset[str]:
    return frozenset(fold(c) for c in lexicon().raw["indicators"]["fields"]["actual"])


@cache
def _reason_cues() -> tuple[str, ...]:
    return tuple(fold(c) for c in lexicon().raw["indicators"]["fields"]["reason"])


class _Spans:
    """Half-open character ranges, asked whether one holds a position (in logarithmic time)."""

    def __init__(self, spans):
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._reach = list(accumulate((e for _, e in spans), max, initial=float("-inf")))  # furthest end so far

    def __contains__(self, position: int) -> bool:
        return self._reach[bisect_right(self._starts, position)] > position


# "年接待读者人次": an indicator named for a year's count is named so for the year the report is of.
_ANNUAL = re.compile(r"^年(?=[\u4e00-\u9fff]{2})(?![初末中底度均内])")


def indicator_measure(name: str, fig: Figure) -> str:
    """What an indicator's name counts, as the narrative names it: without the unit it ends with (统计分析报告
    篇数 of 27篇, 食品安全监督抽检批次 of 4712批次, 年接待读者人次 of 131.6万人次) and without a leading 年."""
    name = _ANNUAL.sub("", name)
    for unit in dict.fromkeys((fig.quantity.unit, fig.quantity.base_unit)):
        for ending in (f"{unit}数", unit):
            if unit and name.endswith(ending) and len(name) > len(ending) + 1:
                return name[: -len(ending)]
    return name


_SENTENCE_END = re.compile(r"[。!！?？]")


def _listed_under(facts: Facts, total: Figure, fig: Figure) -> bool:
    """Whether ``fig`` is listed after 其中 under ``total``, of its own measure, in its sentence ("年末结转结余
    30.50万元（…），其中当年预算结余15.12万元"): a part of it, not the quantity again."""
    if fig.segment != total.segment or fig.table is not None or total.table is not None:
        return False
    between = facts.doc.normalized.segments[fig.segment].text[total.quantity.end:fig.quantity.start]
    return "其中" in between and not _SENTENCE_END.search(between)


class _IndicatorOf:
    """Which indicator a position is of: its actual value's, or the narrative indicator's text holding it
    (the indicators' texts do not overlap)."""

    def __init__(self, indicators):
        # (an indicator is known by its name: the narrative's and the 自评表's row of one indicator are one)
        spans = sorted((i.start, i.end, normalized_label(i.name or "")) for i in indicators if i.source == "narrative")
        self._starts = [s for s, _, _ in spans]
        self._spans = spans
        # (a 自评表 row's actual value is its indicator's, wherever the row's text is)
        self._actuals = {i.actual.start: normalized_label(i.name or "") for i in indicators if i.actual is not None}

    def __call__(self, position: int) -> str | None:
        if position in self._actuals:
            return self._actuals[position]
        k = bisect_right(self._starts, position) - 1
        if k >= 0 and self._spans[k][0] <= position < self._spans[k][1]:
            return self._spans[k][2]
        return None


def _of_two_indicators(owner: _IndicatorOf, a: Figure, b: Figure) -> bool:
    x, y = owner(a.start), owner(b.start)
    return x is not None and y is not None and x != y




def _budget_parts(facts: Facts) -> set[int]:
    """Where the money a budget paragraph breaks down stands, named by its use alone ("调整后预算8,472,000.00元，
    …按用途划分，农户改造补助7,940,000.00元"): budgeted, never the same quantity as what was paid for it
    ("其中兑付农户改造补助7,770,000.00元")."""
    spent = lexicon().raw["labels"]["kinds"]["spent"]  # (what was paid: 兑付, 支付, 发放 …)
    out: set[int] = set()
    last: dict[int, Figure] = {}  # the last figure with a concept, by segment
    for fig in facts.figures:
        if fig.table is not None:
            continue
        if fig.concept:
            last[fig.segment] = fig
            continue
        before = last.get(fig.segment)
        if fig.quantity.dimension == "money" and before is not None and not any(w in fig.label for w in spent) \
                and before.concept.rpartition(".")[2] in ("initial_budget", "adjusted_budget"):
            out.add(fig.start)  # (in its paragraph, no other measure stated since)
    return out


def statements(facts: Facts) -> list[Statement]:
    """Every quantity stated at least twice (by concept or by label), conflicting or not."""
    out: list[Statement] = []
    parts = {id(p) for e in facts.enumerations for p in e.parts}
    by_concept: dict[tuple[str, bool], list[Figure]] = {}  # 调增 and 调减 are two figures of one concept
    labelled: list[Figure] = []
    indicator_fields = {id(getattr(i, f)) for i in facts.indicators for f in ("target", "midyear", "completion",
                                                                                 "weight", "score") if getattr(i, f)}
    # a figure inside a 偏差原因 or 改进措施 explains a shortfall ("2座危桥改造…未能开工"): it is a part
    # of the year's figure, not a restatement of it
    explained = _Spans((f.start, f.end) for i in facts.indicators for f in (i.reason, i.measure) if f is not None)
    item_rows: dict[tuple[int, str], set[int]] = {}  # the rows of a table each row header names
    for fig in facts.figures:
        if fig.table is not None:
            item_rows.setdefault((fig.table, fig.label.rpartition("/")[0]), set()).add(fig.row)
    for previous, fig in zip([None, *facts.figures], facts.figures):
        # (a 自评表's money row read as an indicator, "年度资金总额 | 186.00 | 186.00 | 158.42", still states the budget)
        if not _comparable(fig) or (id(fig) in indicator_fields and (fig.concept or "") not in _ITEM_MEASURES):
            continue
        if not fig.concept and (fig.start in explained or _in_a_reason(facts, fig)):
            continue
        if fig.concept:
            same = by_concept.get((fig.concept, fig.negative), [])
            if fig.concept.rpartition(".")[2] not in DERIVED and not (same and _listed_under(facts, same[-1], fig)):
                by_concept.setdefault((fig.concept, fig.negative), []).append(fig)
        elif _label_comparable(fig, parts) and not _per_unit_rule(facts, fig) \
                and not _part_named_by_its_whole(facts, fig, previous):
            # (named for what it counts, unit and all: "图书外借册次45.6万册次" is 图书外借)
            measure = indicator_measure(fig.label, fig)
            labelled.append(fig if measure == fig.label else replace(fig, label=measure, terms=key_terms(measure)))
        elif (item := _item_cell(fig, item_rows)) is not None:
            labelled.append(item)
        elif fig.table is None and fig.quantity.dimension == "money" and id(fig) not in parts \
                and (item_measure := _item_measure(fig.label)) is not None and not _per_unit_rule(facts, fig):
            labelled.append(_as_item_measure(fig, *item_measure))  # "技术培训与指导服务实际支出120.00万元": against its row
    # a 自评表 row's actual value is a statement of what the row's indicator names ("培训养老服务人员人次
    # 960人次" against the narrative's "培训养老服务人员980人次"), and so is the actual of an indicator
    # listed field by field ("2. 不动产登记办件量：分值10分，目标值≥35,000件，实际完成值38,560件")
    compared = {f.start for f in labelled}
    relabelled: set[int] = set()
    named: list[Figure] = []
    for ind in facts.indicators:
        fig = ind.actual
        if fig is None or fig.concept or not ind.name or not _comparable(fig) \
                or fig.quantity.dimension not in ("count", "money", "area") or _per_unit_rule(facts, fig):
            continue  # (nor a standard for each one: "实际值：5元/生/天")
        # "…；实际完成值：4712批次；…", "实际外借45.6万册次": only the word that says it is the actual value
        label = fold(fig.label).strip(" :")
        field_only = label in _actual_cues() or bool(_ACTUAL_VERB.fullmatch(label))
        if ind.source != "table" and not field_only and (fig.start in compared or normalized_label(fig.label)
                                                          not in ("", normalized_label(ind.name))):
            continue  # a narrative indicator's actual compared already, or with words of its own
        if field_only:
            relabelled.add(fig.start)  # read again below, under the indicator's name
        name = indicator_measure(_INDICATOR_NUMBER.sub("", ind.name), fig)
        named.append(replace(fig, label=name, terms=key_terms(name), table=None))
    labelled = [f for f in labelled if f.start not in relabelled] + named
    for (concept, _), figs in by_concept.items():
        if len(figs) > 1:
            out.append(Statement(concept, concept, consensus(figs)))
    # the total score, stated in a summary and again in the conclusion
    totals = [f if f.quantity.unit else replace(f, quantity=replace(f.quantity, unit="分", base_unit="分",
                                                                     dimension="score"))  # a 自评表's 总分 cell
              for f in (facts.report.total_statements if facts.report else [])
              if f.period is None and not f.quantity.approx and not f.quantity.comparator]
    if len(totals) > 1:
        out.append(Statement("total_score", "total_score", consensus(totals)))
    # (a figure inside a narrative indicator's text is that indicator's: "低于目标0.8个百分点" of one is not
    # the "低于目标1.5个百分点" of another)
    owner = _IndicatorOf(facts.indicators)
    budgeted = _budget_parts(facts)
    # labels: bucket by unit and by a shared bigram, so that figures are only compared with candidates
    seen: set[int] = set()
    buckets: dict[tuple[str, str], list[Figure]] = {}
    for fig in labelled:
        for term in fig.terms:
            buckets.setdefault((fig.quantity.base_unit, term), []).append(fig)
    for fig in labelled:
        if id(fig) in seen:
            continue
        candidates = {id(c): c for t in fig.terms for c in buckets.get((fig.quantity.base_unit, t), [])}
        group = [fig]
        for key, c in candidates.items():
            if key != id(fig) and key not in seen and c.segment != fig.segment \
                    and c.quantity.dimension == fig.quantity.dimension and same_measure(fig, c) \
                    and (c.start in budgeted) == (fig.start in budgeted) \
                    and not any(_of_two_indicators(owner, g, c) or _of_two_items(facts, g, c) for g in group):
                group.append(c)
        if len(group) > 1:
            seen.update(id(g) for g in group)
            group.sort(key=lambda f: f.start)
            out.append(Statement(fig.label, None, consensus(group)))
    return out
