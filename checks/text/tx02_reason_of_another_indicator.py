"""TX02: a 偏差原因 that speaks of another indicator's subject, not its own."""

from __future__ import annotations

import re
from functools import cache

from auditor.extract.indicators import met_without_deviation, split_remedy
from auditor.extract.lexicon import key_terms, lexicon, normalized_label
from auditor.registry import check

# What a satisfaction indicator measures is people's view of a service, so its reason names that
# service (对救助标准期望较高) and a view of it: such a reason is its own, whoever else counts the service.
_SATISFACTION = "满意"
# … or the conditions the service was had in (康复训练场地较为紧张，候训时间偏长; 就餐环境较差)
_SERVICE_CONDITIONS = ("环境", "场地", "场所", "条件", "候训", "等候", "等待", "排队", "时段", "响应", "态度", "便利",
                       "便捷", "拥挤", "紧张", "偏长", "过长", "较长")
_VIEWS = ("期望", "期待", "预期", "诉求", "意见", "认可", "认同", "评价", "反映", "不满", "感受", "体验", "投诉", "要求", "满意")
# What a rate or count measures comes last in its name (殡葬改革火化率 → 火化, 养老服务设施数量 → 设施),
# after the measure's own characters and the generic qualities rates are of (达标, 合格, 覆盖 …).
_MEASURE_TAIL = re.compile(r"[率度数量比]+$")
_GENERIC_HEADS = frozenset({"达标", "合格", "覆盖", "完成", "到位", "及时", "知晓", "普及", "使用", "利用", "满意",
                            "办结", "结案", "受理", "处理", "增长", "下降", "占比", "比例", "标准", "情况", "工作",
                            # what the figure is (a time, a count, an area), not what it is of
                            "时间", "时长", "时限", "天数", "人次", "次数", "人数", "户数", "个数", "件数", "金额",
                            "资金", "面积", "里程", "长度", "规模", "数量", "周期", "进度"})


def _head(name: str) -> str | None:
    """The thing an indicator's name measures, when its last word says it (火化 of 殡葬改革火化率)."""
    text = _MEASURE_TAIL.sub("", normalized_label(name))
    head = text[-2:]
    if len(head) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in head) or head in _GENERIC_HEADS:
        return None
    return head


def _raw_bigrams(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return {run[i:i + 2] for run in runs for i in range(len(run) - 1)}


@cache
def _budget_terms() -> frozenset[str]:
    """The budget's own words (项目, 支出, 资金, 执行 …, from the lexicon's measures and scopes): any
    indicator's reason may speak of funds and spending, so they never mark another one's subject."""
    lex = lexicon()
    terms: set[str] = set()
    for phrase, _ in lex.measures + lex.scopes:
        terms |= _raw_bigrams(phrase)
    return frozenset(terms)


# Measures of the budget itself: an indicator of its execution (项目支出预算执行率) is explained by the
# projects that spent the money, so a reason naming another indicator's project is its own.
_BUDGET_MEASURES = frozenset({"execution_rate", "executed", "final_spending", "adjusted_budget", "initial_budget",
                              "adjustment", "adjustment_rate", "balance"})


def _budget_indicator(ind) -> bool:
    return lexicon().measure_of(ind.name) in _BUDGET_MEASURES


def _is_own(ind, reason_text: str) -> bool:
    # its own subject in plain words (资金, 发放 count here) or in the lexicon's other words for it
    # (自来水普及率 explained by 供水工程): any overlap and the reason is its own
    if _raw_bigrams(reason_text) & _raw_bigrams(ind.name) or key_terms(reason_text) & key_terms(ind.name):
        return True
    return _SATISFACTION in ind.name and any(word in reason_text for word in _VIEWS + _SERVICE_CONDITIONS)


def _distinctive(other, ind, indicators) -> tuple[frozenset[str], frozenset[str]]:
    """The terms of ``other``'s name that are its own: not in this indicator's name, not budget words;
    and the one that may count alone: the thing ``other`` measures, when no other name has it."""
    terms = key_terms(other.name) - key_terms(ind.name) - _budget_terms()
    own = normalized_label(ind.name)
    # (nor a word this indicator's name abbreviates: 结收案比 is 结案 over 收案)
    terms = frozenset(t for t in terms if len(t) == 2 and not _straddles(normalized_label(other.name), t)
                      and not _abbreviated_in(t, own))
    head = _head(other.name)
    if head not in terms or any(head in key_terms(third.name) for third in indicators if third is not other):
        return terms, frozenset()
    return terms, frozenset({head})


def _abbreviated_in(term: str, name: str) -> bool:
    """Whether both characters of ``term`` are in ``name`` in order, apart (结案 in 结收案比)."""
    first = name.find(term[0])
    return first >= 0 and name.find(term[1], first + 2) >= 0


def _straddles(name: str, term: str, words: frozenset[str] | None = None) -> bool:
    """Whether every occurrence of ``term`` in ``name`` shares a character with a budget word there: 目前 of
    重点项目前期 is half of 项目, not a word of the name (or with one of ``words``)."""
    words = _budget_terms() if words is None else words
    spots = [i for i in range(len(name) - 1) if name[i:i + 2] == term]
    return bool(spots) and all(name[i - 1:i + 1] in words or name[i + 1:i + 3] in words for i in spots)


@cache
def _reason_words() -> frozenset[str]:
    """Words a reason's pairs of characters may straddle: the budget's and the words of change (新建设施 is
    新建 + 设施, no 建设)."""
    return _budget_terms() | frozenset(w for w in lexicon().raw["labels"]["delta"] if len(w) == 2)


def _single_term_copy(ind, other) -> bool:
    """One shared term names a copy only when the other indicator's own reason speaks of it too (the
    text came from there) and this indicator is not a satisfaction rating, whose reason names the
    service rated (残疾人满意度: 服务改善)."""
    if _SATISFACTION in ind.name or other.reason is None:
        return False
    head = _head(other.name)
    return head is not None and head in other.reason.text


# Words of a shortfall: the reason says something fell short or came late.
# (not a comparison with last year: "审减较大的项目数量少于上年" tells why this year differs, no shortfall)
_SHORTFALL = re.compile(r"(?:少于|低于|不足|推迟|延迟|延期|滞后|未能|未完成|未达|减少|下降|暂缓|停工)(?!上年|去年|同期|往年)")


def _blames_a_met_target(ind, other, shared: int) -> bool:
    """Whether a reason of an indicator that fell short blames a shortfall of another indicator's subject (two
    terms of its name or more) when that indicator met its target: what it says cannot be so, it was pasted."""
    completion = ind.completion.quantity.value if ind.completion is not None else None
    return shared >= 2 and completion is not None and completion < 100 and other.completion is not None \
        and other.completion.quantity.value >= 100 and bool(_SHORTFALL.search(ind.reason.text))


def _explains_by_another(ind, other, indicators) -> bool:
    """Whether the reason's cause, before its remedies, is wholly another indicator's subject: three terms of
    that one's name and the thing it measures (遗体火化率: 火化), which no third name has, and none of its own.
    Then it was pasted, whether or not the other indicator has a reason of its own."""
    cause = split_remedy(ind.reason)[0].text
    if _is_own(ind, cause):
        return False
    terms, rare = _distinctive(other, ind, indicators)
    found = key_terms(cause)
    return bool(rare) and rare <= found and len(found & terms) >= 3


@check(
    code="TX02",
    name="reason-of-another-indicator",
    severity="error",
    summary="An indicator's 偏差原因 is about another indicator's subject (copied from it), not its own.",
    rationale=(
        "A deviation reason explains why this indicator missed or exceeded its target. A reason that "
        "names another indicator's subject and nothing of its own (保民生救助人数 explained by 新增养老服务点) "
        "was pasted from that indicator: the real reason is missing and the reader is misled about both."
    ),
    bad=("（五）指标五：\n\n养老服务试点数量：该指标预期指标值为大于等于 7 个，本次评价养老服务试点数量 8 个，该指标完成率为 114.29%。"
         "偏差原因：本年度新增养老服务试点 1 个。\n\n（六）指标六：\n\n保民生救助人数：该指标预期指标值为等于 3700 人，"
         "本次评价保民生救助人数 3984 人，该指标完成率为 107.68%。偏差原因：本年度新增养老服务试点 1 个。"),
    good=("（五）指标五：\n\n养老服务试点数量：该指标预期指标值为大于等于 7 个，本次评价养老服务试点数量 8 个，该指标完成率为 114.29%。"
          "偏差原因：本年度新增养老服务试点 1 个。\n\n（六）指标六：\n\n保民生救助人数：该指标预期指标值为等于 3700 人，"
          "本次评价保民生救助人数 3984 人，该指标完成率为 107.68%。偏差原因：困难群众为动态数据，救助人数有所增加。"),
    known_problems=(
        "Subjects are compared by the bigrams of the indicators' names: a reason that shares any pair of "
        "characters with its own indicator's name, or a word the lexicon gives as another word for one "
        "(自来水/供水), is taken to be about it. Only terms of the other "
        "indicator's name that its own name and the budget vocabulary (项目, 支出, 资金 …) lack count; one "
        "such term is enough only when no third indicator's name has it, the other indicator's own reason "
        "speaks of it too and this indicator is no satisfaction rating. Unless three or more terms are "
        "shared, the other indicator's own reason must share one of them: a reason is copied from "
        "somewhere, and a cause that merely touches another indicator's subject (受益居民户数 rose because "
        "more 小区 were 改造) is the indicator's own. An indicator of the budget itself (项目支出预算执行率, "
        "资金支出进度) is never the receiving side: the projects that spent the money explain it. A reason "
        "cannot have been moved from an indicator that has none and met its target (完成率 100%, or a ≥ target "
        "exceeded by less than the lexicon's floor_met_below, 120 %, as SC06 takes it), unless this indicator fell "
        "short and its reason blames a shortfall of that one's subject (防火隔离带开设推迟 when the 隔离带 were all "
        "made): that cannot be so; or unless its cause, before its remedies (下一步…), speaks wholly of that one's "
        "subject: three terms of its name and the thing it measures (土葬习俗，遗体火化推进难度较大 under 护理型床位占比). "
        "Nor was it copied from an indicator whose own reason says something else (two terms in common at least), "
        "unless it speaks wholly of that one's subject so. A satisfaction rating's reason is another's only when it speaks of a view or of "
        "the conditions of the service (意见, 期望, 等候 …): naming who rates (被审计单位) is not enough. A "
        "reason's pair of characters that straddles a budget word or a word of change (建设 in 新建设施) is no term "
        "of it."
    ),
    options={"min_shared": 2},
)
def reason_of_another_indicator(ctx):
    indicators = [i for i in ctx.indicators() if i.name]
    for ind in indicators:
        if ind.reason is None or _budget_indicator(ind) or _is_own(ind, ind.reason.text):
            continue
        text = normalized_label(ind.reason.text)
        reason = frozenset(t for t in key_terms(ind.reason.text) if not _straddles(text, t, _reason_words()))
        best, best_key = None, (0, 0)
        for other in indicators:
            if other is ind:
                continue
            terms, rare = _distinctive(other, ind, indicators)
            shared = reason & terms
            key = (len(shared), len(reason & rare))
            if key > best_key:
                best, best_key = other, key
        if best is None:
            continue
        shared, rare = best_key
        if shared < ctx.options["min_shared"] and not (shared == 1 and rare == 1 and _single_term_copy(ind, best)):
            continue
        # (a satisfaction rating is explained by what was delivered: for it, always)
        # (two terms at least: one word both reasons use — 景区 of a scenic area closed by rain and of one
        # not yet rated 4A — is a related subject, not a copied text)
        if (shared < 3 or _SATISFACTION in ind.name) and not (best.reason is None and rare and shared >= 2) and (
                best.reason is None or len(reason & key_terms(best.reason.text)) < 2):
            continue  # the other indicator has no reason saying so: not where the text came from
        if best.reason is not None and len(reason & key_terms(best.reason.text)) < 2 \
                and not _explains_by_another(ind, best, indicators):
            continue  # nor one that says something else: a cause touching its subject (按已建成面积测算) is no copy
        if _SATISFACTION in best.name and not any(word in ind.reason.text for word in _VIEWS + _SERVICE_CONDITIONS):
            continue  # a rating's subject is a view: a reason naming only who rates (被审计单位) is no copy of its
        if best.reason is None and met_without_deviation(best) and not _blames_a_met_target(ind, best, shared) \
                and not _explains_by_another(ind, best, indicators):
            continue  # nor was it moved from there: an indicator that met its target needs none
        ctx.finding(
            ctx.t(f"「{ind.name}」的偏差原因讲的是「{best.name}」（{best.number or ''}）的内容，疑似从该指标复制",
                  f"the deviation reason of '{ind.name}' is about '{best.name}' ({best.number or ''}); "
                  "it seems copied from that indicator"),
            locations=[(ind.reason.start, ind.reason.end)]
            + ([(best.reason.start, best.reason.end)] if best.reason is not None else []),
            expected=best.number or best.name,
        )
