"""CL01: narrative that contradicts the report's own figures (执行率低 at 98.9 %, 通过调整 with no adjustment)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from auditor.extract.compare import quantize, consensus, show
from auditor.extract.datafile import load_yaml
from auditor.extract.facts import Indicator
from auditor.extract.figures import WHOLE_YEAR, sentence_start
from auditor.extract.indicators import ITEM_MARK, met_without_deviation
from auditor.extract.report import said_unadjusted
from auditor.extract.lexicon import strip_years, ORGANISATION_ENDINGS, lexicon
from auditor.model import BlockKind
from auditor.extract.titles import project_report
from auditor.registry import check

CLAIMS_FILE = Path(__file__).with_name("claims.yaml")


@cache
def _data() -> dict:
    return load_yaml(CLAIMS_FILE)


def claims() -> list[dict]:
    return _data()["claims"]


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
        "each names the fact it speaks of and when that fact contradicts it, and its own severity: a "
        "rate or a 未完成 the figures refute is an error; 全面完成, 未出现偏差 and 通过调整 against the "
        "figures are warnings (such summaries are often loosely worded)."
    ),
    bad="全年预算数为 10790.33 万元，全年实际支出资金 10671.44 万元，预算执行率为 98.90%。\n\n存在的问题：项目资金未能及时支付，预算执行率低。",
    good="全年预算数为 10790.33 万元，全年实际支出资金 6671.44 万元，预算执行率为 61.83%。\n\n存在的问题：项目资金未能及时支付，预算执行率低。",
    known_problems=(
        "A claim is negated only by a word before it in its clause (不存在, 没有, 未出现 …) or a bare 未 right "
        "before it (未全部完成). A 偏慢/较慢/不够快 pace or a rate 偏低/不高 (on the low side, not high) is contradicted only at 97 % or more, and so is a part's rate called low (项目支出执行率偏低: low beside the whole's). A claim that states "
        "its own rate (某项资金执行率偏低，仅为45.2%) is judged by that rate, whatever it is the rate of. A "
        "completion claim inside an indicator's text is about that indicator, not all of them. A rate claim "
        "placed at another time (上年度…, 年中监控时…) or about a part (个别项目, 部分资金, a fund named by "
        "itself) is not checked, so a real contradiction worded so is missed, unless the claim's own clause "
        "says it is the year's (全年预算执行率偏低 after 资金下半年才下达). A rate claim right after an item's own "
        "name (航道巡查及测量执行率相对较低) is about that item. 执行率低于N%的… is a scoring "
        "rule, not a claim, and the figure right after 未达到/低于 (预算执行率未达到100%) is what was not reached. "
        "无偏差 beside a target of at least so much (≥95%) that was exceeded is true (the target was met), "
        "unless the completion is 120 % or more; beside an exact target any difference is a deviation. An all-done "
        "claim of the indicators it names (A、B、C 3项指标均达到), of one named task (全面完成管网改造任务) or of the "
        "figure of the clause before it (全年建成高标准农田3.20万亩，年度任务全部完成) is not checked against every "
        "indicator, nor is 均达到或接近, nor what an indicator's 改进措施 promises (…2026年6月底前全部完成). 未作调整 with the budget named before it, and 未发生预算调整 and the like, "
        "are checked against the adjustment stated or the budget's change from 年初 to 调整后; an adjustment claimed "
        "(通过年中预算调整) against them, or else against the text saying in words the budget was not adjusted "
        "(年度内未进行预算调整). 圆满完成 is a claim about all only with a word of the whole in its sentence (各项, 全年, 年度)."
    ),
)
def claim_contradicts_figures(ctx):
    doc = ctx.doc
    facts = _facts(ctx)
    indicators = ctx.indicators()
    rows = _indicator_rows(doc, indicators)
    # what an indicator's 改进措施 promises is no claim about the year ("…2026年6月底前全部完成")
    promised = [(i.measure.start, i.measure.end) for i in indicators if i.measure is not None]
    for seg in doc.normalized.segments:
        if seg.kind == BlockKind.HEADING:
            continue
        for claim in claims():
            found = _claim_in(seg.text, claim)
            if found is None:
                continue
            i, phrase = found
            if claim["fact"] in _RATE_FACTS and _another_time(seg.text, i):
                continue  # (年中 is when a budget is adjusted: it puts no adjustment claim elsewhere)
            start, end = seg.original_range(i, i + len(phrase))
            if any(a <= start < b for a, b in promised):
                continue
            own = _own_figure(seg.text, i, i + len(phrase)) if claim["fact"] in _RATE_FACTS else None
            bound = _stated_bound(seg.text, i + len(phrase)) if claim["fact"] in _RATE_FACTS and own is None else None
            if own is None and (_about_a_part(seg.text, i) or _in_a_category_row(doc, seg)):
                continue
            if claim["fact"] == "indicators.lowest" and _figure_after(seg.text, i + len(phrase)):
                continue  # "办结案件1,286件，超额完成年度目标1,200件": one target of its own, not all of them
            if claim["fact"] == "indicators.lowest" and _EXCEPTIONS_AFTER.search(seg.text[i + len(phrase):_sentence_end(seg.text, i)]):
                continue  # "…各项指标均达到年度目标，住院分娩量和平均住院日两项指标未完成": all but those it names
            scope = _scope_before(seg.text, i)
            scoped = False
            if own is not None:
                value, (s, e) = own
                fact, figure_range = (value, None), seg.original_range(s, e)
            elif scope is not None and claim["fact"] in _SCOPED_FACTS:
                fact, figure_range = _scoped_fact(ctx, scope, claim["fact"]), None
                scoped = True
            else:
                named = _named_indicator(seg.text, i, indicators) if claim["fact"] == "indicator.completion" else None
                labelled = _labelled_by_indicator(seg.text, i, indicators)
                if labelled is not None:  # "（4）路面病害处置时限：…，视为全面完成": that indicator's claim
                    named = (labelled.completion.quantity.value, labelled.completion) if labelled.completion else None
                    if named is None:
                        continue
                fact = named or _fact_for(claim["fact"], start, facts, indicators, rows.get(seg.blocks[0]))
                figure_range = None
                if not named and fact not in (None, _OUTSIDE) and claim["fact"] == "indicator.completion" \
                        and _names_something_else(seg.text, i, fact[1], indicators):
                    continue
                if fact is _OUTSIDE:  # a completion claim outside any indicator's text
                    if claim.get("about") and not _names_any(seg.text, i, claim["about"], i + len(phrase)):
                        continue
                    if phrase in claim.get("says_all_only_with", ()) and not _WHOLE_YEAR.search(
                            seg.text, sentence_start(seg.text, i), _sentence_end(seg.text, i)):
                        continue  # "人口抽样调查任务圆满完成": that task's, unless the sentence speaks of all
                    if claim["fact"] == "indicators.lowest" and _of_what_came_before(seg.text, i, i + len(phrase)):
                        continue
                    if claim.get("outside_about") and not _names_any(seg.text, i, claim["outside_about"]):
                        continue  # "5．亩均补贴标准执行76元/亩，与目标一致": of what it names, not of every indicator
                    # (an indicator the claim names was looked for above)
                    fact = (None if claim["fact"] == "indicator.completion" else facts.get(claim["fact"])) \
                        or facts.get(claim.get("outside", ""))
            if fact is None:
                continue
            value, figure = fact[:2]  # (and how to show it, when the figure is not the value itself)
            # a part's rate called low is often low beside the whole's (项目支出执行率偏低 at 90.8 % when the
            # basic spending ran at 98 %): it has a threshold of its own where the claim says so
            when = claim.get("scoped_when", claim["when"]) if scoped else claim["when"]
            if bound is not None:
                when = {"at_least": bound}  # "执行率偏低，全年执行率未达到90%": below 90 %, the claim says
            if claim.get("floor_met") and value > 100 and _met(figure, indicators):
                continue
            if _holds(value, when):
                shown = ctx.t(*fact[2]) if len(fact) > 2 else show(figure) if figure is not None \
                    else f"{value}{'%' if own else ''}"
                if figure is not None:
                    figure_range = (figure.start, figure.end)
                elif len(fact) > 3:
                    figure_range = fact[3]  # (where the text says so in words)
                ctx.finding(
                    ctx.t(claim["zh"].format(phrase=phrase, value=shown), claim["en"].format(phrase=phrase, value=shown)),
                    locations=[(start, end)] + ([figure_range] if figure_range is not None else []),
                    severity=claim.get("severity"),
                )


# the indicators a claim of all met leaves out, named right after it in its sentence
_EXCEPTIONS_AFTER = re.compile(r"[^。;；]{2,40}?(?:指标|等)?(?:未完成|未达到|未达标|未能完成|没有完成|尚未完成|未全部完成"
                               r"|(?:略有|有所|进度)?滞后|进度偏慢|未达预期|延期完成|略有差距)")


def _sentence_end(text: str, position: int) -> int:
    m = _SENTENCE_END.search(text, position)
    return m.start() if m else len(text)


def _met(completion, indicators) -> bool:
    """Whether the indicator of this completion rate met its target with no deviation (≥95% exceeded a little)."""
    ind = next((i for i in indicators if i.completion is completion), None)
    return ind is not None and met_without_deviation(ind)


def _claim_in(text: str, claim: dict):
    """The first place ``text`` makes the claim (its longest phrase there, else a pattern's match): not
    a field's label, not negated (不存在执行率低的问题), not another sense of the words (调整支出结构 is no
    budget adjustment)."""
    unless = tuple(claim.get("unless_followed_by", ()))
    longest_first, anywhere = _phrases(tuple(claim["phrases"]))
    found = []  # the first place each phrase makes the claim; the earliest of them is the claim's
    for phrase in longest_first if anywhere.search(text) else ():
        i = text.find(phrase)
        while i >= 0:
            if any(text.startswith(label, i) for label in _FIELD_LABELS):
                return None  # "未完成原因:" is the label of a field, not a claim
            if not _negated(text, i) and not text.startswith(unless, i + len(phrase)) \
                    and not _attributive(text, i + len(phrase)) \
                    and not (phrase.startswith("均") and i and text[i - 1] in _AVERAGE_BEFORE):  # (平均达标率)
                found.append((i, -len(phrase), phrase))
                break
            i = text.find(phrase, i + 1)
    if found:
        i, _, phrase = min(found)
        return i, phrase
    for pattern in _patterns(claim.get("id", ""), tuple(claim.get("patterns", ()))):
        for m in pattern.finditer(text):
            if not _negated(text, m.start()) and not text.startswith(unless, m.end()):
                return m.start(), m.group()
    return None


# 均 after these is "on average", not "all": 平均达标率, 人均, 户均
_AVERAGE_BEFORE = "平人户生亩村年"
# Words of a claim about the whole year's work: 圆满完成了年度各项绩效目标, 全年目标任务圆满完成
_WHOLE_YEAR = re.compile(r"各项|各类|所有|全部|整体|总体|全年|年度|全面")
# Words of a claim about every indicator: 各项指标均达到, 所有目标全部完成, 整体…
_ALL_OF_THEM = re.compile(r"各项|各类|所有|全部|整体|总体|总的|全年各|各个")
# Indicators named one by one, then counted: "义务教育巩固率、…大班额比例3项指标均达到年度目标"
_NAMED_ONES = re.compile(r"、[^,，。;；]*?(?:\d+|[一二三四五六七八九十两])项(?:指标|目标|任务)")


def _of_what_came_before(text: str, position: int, end: int) -> bool:
    """Whether an all-completed claim speaks of what its sentence named before it, not of every indicator: the
    indicators it lists ("A、B、C 3项指标均达到年度目标"), or the figure of the clause before it ("全年建成高标准农田
    3.20万亩，年度任务全部完成")."""
    start = _clause_start(text, position)
    subject = text[start:position]
    if _NAMED_ONES.search(subject):
        return True
    clause_end = _CLAUSE_END.search(text, end)
    if _ALL_OF_THEM.search(subject) or _ALL_OF_THEM.search(text, end, clause_end.start() if clause_end else len(text)) \
            or not start:
        return False  # (the claim's own words aside: 全部完成)
    before = strip_years(text[_clause_start(text, start - 1):start - 1])
    sentence_open = sentence_start(text, position)
    return start - 1 >= sentence_open and text[start - 1] in ",，" and bool(_DIGIT.search(before))


def _figure_after(text: str, end: int) -> bool:
    """Whether the claim's clause goes on to a figure (完成年度目标1,200件)."""
    clause_end = _CLAUSE_END.search(text, end)
    return _DIGIT.search(text, end, clause_end.start() if clause_end else len(text)) is not None


_DIGIT = re.compile(r"\d")


def _attributive(text: str, end: int) -> bool:
    """Whether the claim's words describe a noun after them ("对执行进度滞后的项目及时督促": which projects
    are followed up; "对执行率偏低、目标完成不理想的项目压减预算": one of two such marks; "执行率偏低项目")
    rather than say something of the year. "执行率偏低的主要原因是…" says it of the year."""
    if text.startswith(_ATTRIBUTED_NOUNS, end):
        return True  # "压减执行率偏低项目的预算规模"
    m = _ATTRIBUTE_CHAIN.match(text, end)
    return m is not None and not text.startswith(("问题", "情况", "现象", "原因", "主要原因"), m.end())


_ATTRIBUTED_NOUNS = ("项目", "单位", "科室", "部门", "股室", "专项")


_ATTRIBUTE_CHAIN = re.compile(r"(?:[、和或及][^，。；,;:：、的]{1,12})*的")


@cache
def _phrases(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern]:
    """A claim's phrases, longest first, and one pattern that finds whether any is in a text at all."""
    longest_first = tuple(sorted(phrases, key=len, reverse=True))
    return longest_first, re.compile("|".join(map(re.escape, longest_first)) or "(?!)")


@cache
def _patterns(claim_id: str, patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


_CLAUSE_END = re.compile(r"[，。；！？,;!?:：\n]")
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")
# Words that deny what follows them in the clause: 不存在支出进度缓慢的问题, 没有出现执行率偏低的情况.
_NEGATORS = ("不存在", "没有", "没出现", "未出现", "未发现", "并未", "并非", "不是", "不属于", "杜绝", "避免", "防止")
# A bare 未 right before the claim denies it too: 年度任务未全部完成, 全年未进行预算调整, 尚未全部达标.
_NOT_BEFORE = re.compile(r"(?:未|没)(?:能|曾)?$")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_RATE_FACTS = {"execution_rate", "indicator.completion", "indicators.lowest"}


def _clause_start(text: str, position: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, 0, position)), default=0)


def _negated(text: str, position: int) -> bool:
    before = text[_clause_start(text, position):position]
    return any(word in before for word in _NEGATORS) or before.endswith("无") or bool(_NOT_BEFORE.search(before))


def _another_time(text: str, position: int) -> bool:
    """Whether the claim's sentence, before it, puts it at another time (针对上年度…, 年中监控时…)."""
    if WHOLE_YEAR.search(text, _clause_start(text, position), position):
        return False  # "…资金9月才下达，…，全年预算执行率偏低": the claim's own clause says it is the year's
    before = text[sentence_start(text, position):position]
    return any(word in before for word in _data()["other_times"])



def _in_a_category_row(doc, seg) -> bool:
    """Whether a table cell stands in a row of one class of indicators ("产出指标 | 50 | 50 | 6项指标均完成")."""
    cell = doc.blocks[seg.blocks[0]]
    if seg.kind != BlockKind.TABLE_CELL or cell.table is None:
        return False
    words = _data()["category_words"]
    return any(b.table == cell.table and b.row == cell.row and (b.col or 0) < (cell.col or 0)
               and any(word in doc.block_text(b) for word in words) for b in doc.blocks
               if b.kind == BlockKind.TABLE_CELL)


_COUNT = re.compile(r"\d+\s*(?:项|个)")
_COUNT_BEFORE = re.compile(r"\d+\s*(?:项|个)(?:指标|目标|任务)?\s*(?:已|都)?\s*$")


def _sentence_end(text: str, position: int) -> int:
    m = _SENTENCE_END.search(text, position)
    return m.start() if m else len(text)


def _about_a_part(text: str, position: int) -> bool:
    """Whether the claim is about a part of what the report's figure covers: 个别项目…, 部分资金…, or a
    fund or project named by itself (衔接推进乡村振兴补助资金执行率偏低)."""
    data = _data()
    start = _clause_start(text, position)
    before = text[start:position]
    if any(word in before for word in data["partial_words"]):
        return True
    # (a class named in the claim's own words: "质量目标全面实现" matched from 目标)
    if any(word in text[start:position + 3] for word in data["category_words"]):
        return True
    if start and text[start - 1] in ":：":  # "2. 产出指标：6项指标全部完成": the run-in label says of what
        label = text[_clause_start(text, start - 1):start - 1]
        if any(word in label for word in data["category_words"]):
            return True
    if "外" in text[sentence_start(text, position):position] and "除" in text[sentence_start(text, position):position]:
        return True  # "除校舍维修改造面积外，其余指标均达到…": all but one
    sentence = text[sentence_start(text, position):_sentence_end(text, position)]
    if _COUNT_BEFORE.search(before) and len(_COUNT.findall(sentence)) >= 2:
        return True  # "目标10项，经自评，7项全部完成，3项基本完成": some of them, counted
    # ("一是项目资金执行率偏低": an ordinal, then the subject; "县级资金支出进度偏慢": the claim's phrase may
    # open with the part's own word)
    before = re.sub(r"^\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,，、]?|[(（]?\d{1,2}[)）.、．])\s*", "", before)
    head = next((w for w in data["named_parts"] if text.startswith(w, position)), "")
    for suffix in data["named_parts"]:
        if (before + head).endswith(suffix):
            name = (before + head)[:-len(suffix)]
            for word in sorted(data["general_names"], key=len, reverse=True):
                name = name.replace(word, "")
            return len(name) >= 2
    # (a rate claim only: 执行率相对较低 right after an item's name)
    return text.startswith(_RATE_WORDS, position) and _named_item(before)


_RATE_WORDS = ("执行率", "执行进度", "支出进度")


def _named_item(before: str) -> bool:
    """Whether the claim's clause opens with the name of an item of its own right before the measure
    (航道巡查及测量执行率相对较低): not the unit (本中心, 市数据局), a scope (基本支出) or general words."""
    lex = lexicon()
    data = _data()
    words = [*lex.raw["self_names"], *lex.raw["self_subjects"], *data["general_names"], *data["named_parts"],
             *(phrase for phrase, _ in lex.scopes)]
    name = re.sub(r"[^\u4e00-\u9fff]", "", before)
    # (what a unit calls itself, 中心, is taken out last: 港航事业发展中心 is the unit by its name)
    subjects = set(lex.raw["self_subjects"])
    for word in sorted((w for w in words if w not in subjects), key=len, reverse=True):
        name = name.replace(word, "")
    if re.fullmatch(rf"[\u4e00-\u9fff]{{0,12}}?(?:{ORGANISATION_ENDINGS})", name):
        return False
    for word in sorted(subjects, key=len, reverse=True):
        name = name.replace(word, "")
    if re.fullmatch(rf"[\u4e00-\u9fff]{{0,12}}?(?:{ORGANISATION_ENDINGS})", name) or _NOT_A_NAME.search(name):
        return False  # the unit by its name; words of a statement (本年度仍存在预算执行率偏低的问题)
    return len(name) >= 2


_NOT_A_NAME = re.compile(r"存在|出现|仍|还|有|导致|造成|使|由于|因|是|为|的|其(?!他|余)|问题|情况|总体|整体|全面")


# "…偏低，全年执行率未达到90%": the rate the claim says was not reached
_BELOW_BOUND = re.compile(r"[,，]?\s*(?:全年|年度|预算)?(?:执行率|执行进度|支出进度)?\s*(?:未达到|未达|没有达到|不足|不到|低于)\s*"
                          r"(\d+(?:\.\d+)?)\s*%")


def _stated_bound(text: str, end: int) -> Decimal | None:
    m = _BELOW_BOUND.match(text, end)
    return Decimal(m.group(1)) if m else None


def _own_figure(text: str, start: int, end: int):
    """A rate the claim states itself (养老服务补贴资金执行率偏低，仅为45.2%): in its clause before it, or
    right after it in its sentence. Such a claim is about that figure, not the department's."""
    before = text[_clause_start(text, start):start]
    m = None
    for m in _PERCENT.finditer(before):
        pass
    if m is not None:
        offset = start - len(before)
        return Decimal(m.group(1)), (offset + m.start(), offset + m.end())
    if _REACHED.search(text, max(0, end - 2), end) and _PERCENT.match(text, end) or _BELOW_BOUND.match(text, end):
        return None  # "预算执行率未达到100%": what was not reached, not the rate
    stop = _SENTENCE_END.search(text, end)
    after = text[end:min(stop.start() if stop else len(text), end + 12)]
    m = _PERCENT.search(after)
    if m is not None:
        return Decimal(m.group(1)), (end + m.start(), end + m.end())
    return None


# A verb of reaching at the end of the claim's words: the figure right after it is its object
_REACHED = re.compile(r"(?:达到|达|超过|超出|低于|高于|不足|突破)$")
_SCOPED_FACTS = {"execution_rate", "adjustment"}
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
    if not figures and scope == "project" and project_report(ctx.doc):
        figures = consensus(ctx.quantities(name))  # a project's own report: its bare rate is the project's
    if not figures:
        return None
    return figures[0][0].quantity.value, figures[0][0]


def _budget_change(ctx):
    """The budget before and after the year's changes, when the report states both (年初预算486.30万元…调整后预算
    509.80万元) and no adjustment itself: (before, after) or None. A project's own report tells of the
    project's budget."""
    scopes = ("", "project.") if project_report(ctx.doc) else ("",)
    for scope in scopes:
        initial = consensus(ctx.quantities(f"{scope}initial_budget"))
        adjusted = consensus(ctx.quantities(f"{scope}adjusted_budget"))
        if initial and adjusted:
            return initial[0][0], adjusted[0][0]
    return None


def _change(difference, figure) -> str:
    """A difference of base values shown in ``figure``'s unit and decimals (23.50万元)."""
    q = figure.quantity
    return f"{quantize(difference / q.scale, q.decimals)}{q.unit}"


def _facts(ctx) -> dict:
    out = {}
    # a project report states only its project's rate
    rates = consensus(ctx.quantities("execution_rate")) or consensus(ctx.quantities("project.execution_rate"))
    if rates:
        out["execution_rate"] = (rates[0][0].quantity.value, rates[0][0])
    adjustments = consensus(ctx.quantities("adjustment"))
    if adjustments:
        out["adjustment"] = (adjustments[0][0].quantity.value, adjustments[0][0])
    else:
        adjustment_rates = consensus(ctx.quantities("adjustment_rate"))
        if adjustment_rates:
            out["adjustment"] = (adjustment_rates[0][0].quantity.value, adjustment_rates[0][0])
        elif (change := _budget_change(ctx)) is not None:
            before, after = change
            difference = after.quantity.base_value - before.quantity.base_value
            out["adjustment"] = (difference, after, (
                f"0（年初预算与调整后预算同为 {show(after)}）",
                f"0 (the budget is {show(after)} before and after the year's changes)") if not difference else (
                f"{_change(difference, after)}（调整后预算 {show(after)} − 年初预算 {show(before)}）",
                f"{_change(difference, after)} (adjusted budget {show(after)} − initial budget {show(before)})"))
        elif (said := said_unadjusted(ctx.doc)) is not None:
            # "年度内未进行预算调整，全年预算即为850.00万元": the report says so in words
            words, (start, end) = said
            out["adjustment"] = (Decimal(0), None, (f"0（文中称“{words}”）", f"0 (the text says “{words}”)"), (start, end))
    # "年度绩效目标全部完成" speaks of what was to be done: the budget's execution rate, scored as an
    # indicator in many 自评表 (98.98 % of a 100 % target), is the money's pace, not a goal left undone
    completions = [i.completion for i in ctx.indicators()
                   if i.completion is not None and lexicon().measure_of(i.name) != "execution_rate"]
    if completions:
        lowest = min(completions, key=lambda f: f.quantity.value)
        out["indicators.lowest"] = (lowest.quantity.value, lowest)
    return out


def _fact_for(name: str, position: int, facts: dict, indicators, row: Indicator | None = None):
    if name in ("indicator.completion", "indicators.lowest"):
        # a completion claim in an indicator's 自评表 row, or inside its own text (20户危房改造已全部完成), is
        # about that indicator; a row that states no completion rate says nothing to check it against
        if row is not None:
            return (row.completion.quantity.value, row.completion) if row.completion is not None else None
        # (the indicator whose text holds the claim, the one starting last if spans overlap: an indicator
        # that states no completion rate, 实际0 against ≤2%, says nothing to check it against either)
        holding = [ind for ind in indicators if ind.start <= position < ind.end]
        if holding:
            ind = max(holding, key=lambda i: i.start)
            return (ind.completion.quantity.value, ind.completion) if ind.completion is not None else None
        return _OUTSIDE
    return facts.get(name)


_OUTSIDE = ("outside",)  # outside any indicator: the caller decides (see the claim's ``outside`` and ``about``)


def _indicator_rows(doc, indicators) -> dict[int, Indicator]:
    """Each table cell block of a 自评表 indicator's row (its 偏差原因 cell …) → that indicator."""
    by_row = {(ind.table, ind.row): ind for ind in indicators if ind.table is not None}
    return {b.index: by_row[(b.table, b.row)] for b in doc.blocks
            if b.kind == BlockKind.TABLE_CELL and (b.table, b.row) in by_row}


def _names_any(text: str, position: int, words: list[str], claim_end: int | None = None) -> bool:
    """Whether the claim's sentence names one of ``words`` (指标, 目标 …) — not as the end of an object of its
    own after the claim ("全面完成上级下达的耕地保有量和永久基本农田保护任务": those tasks, not all of them)."""
    start = sentence_start(text, position)
    end = _SENTENCE_END.search(text, position)
    stop = end.start() if end else len(text)
    if any(w in text[start:position] for w in words) or claim_end is None:
        return any(w in text[start:stop] for w in words)
    after = text[claim_end:stop]
    at = min((after.find(w) for w in words if w in after), default=-1)
    if at < 0:
        return False
    named = _GENERAL_OBJECT.sub("", re.sub(r"[^\u4e00-\u9fff]", "", after[:at]))
    return len(named) < 4  # ("全面完成管网改造任务": that task, not all of them)


# Words before 任务/目标 that name no task of its own (全面完成各项年度绩效目标任务).
_GENERAL_OBJECT = re.compile(r"各项|全部|所有|年度|全年|绩效|预期|既定|计划|主要|重点|工作|的|各|了|既|预算")


_GENERIC_SUBJECT = re.compile(r"^(?:指标|目标|实际|全年|年度)*(?:完成情况|执行情况|实施情况|完成进度|完成结果|完成值|情况)$")


def _names_something_else(text: str, position: int, completion, indicators) -> bool:
    """Whether the claim's clause opens with a subject of its own that is not the name of the indicator
    whose text it stands in ("校舍维修改造面积未达到年度目标值" after 指标二's paragraph)."""
    ind = next((i for i in indicators if i.completion is completion), None)
    subject = re.sub(r"[^\u4e00-\u9fff]", "", text[_clause_start(text, position):position])
    subject = _GENERIC_SUBJECT.sub("", subject)  # "完成情况与年初目标一致": the indicator's own outcome
    if ind is None or len(subject) < 4 or subject.startswith(("该", "本", "此", "这", "其")):
        return False
    return not any(subject[k:k + 2] in ind.name for k in range(len(subject) - 1))


_RUN_IN_LABEL = re.compile(rf"\s*{ITEM_MARK}?\s*(?P<name>[^:：,，。;；]{{4,30}}?)\s*[:：]")


def _labelled_by_indicator(text: str, position: int, indicators):
    """The indicator whose name the claim's sentence opens with as a run-in label ("（4）路面病害处置时限：…")."""
    m = _RUN_IN_LABEL.match(text, sentence_start(text, position), position)
    if m is None:
        return None
    label = re.sub(r"\s+", "", m.group("name"))
    return next((ind for ind in indicators if ind.name and re.sub(r"\s+", "", ind.name) == label), None)


def _named_indicator(text: str, position: int, indicators):
    """The completion of the indicator the claim's clause names before it (一是农村劳动力转移就业人数未完成…)."""
    before = text[sentence_start(text, position):position]
    named = [ind for ind in indicators if ind.completion is not None and len(ind.name) >= 4 and ind.name in before]
    if not named:
        return None
    ind = max(named, key=lambda i: len(i.name))
    return ind.completion.quantity.value, ind.completion
