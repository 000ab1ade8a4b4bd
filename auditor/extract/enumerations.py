"""Totals with their listed parts (其中 / 分别 / 合计) and counts with their listed items (共 N 个…分别是)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import BlockKind, Document
from ..model.normalize import Segment, fold
from .facts import Enumeration, Figure, TextField
from .figures import WHOLE_MEASURES, changed_from, is_formula_term
from .lexicon import lexicon
from .numerals import whole_number
from .tables import TOTAL_SCORE_LABEL, Table, is_score_header

# A list of parts opens after one of these, right after the total.
# (the total's noun may stand before 分别为: "12,486件受理案件分别为民商事案件7,352件、…")
_PARTS_OPEN = re.compile(r"(?:[\s,，:：;；]*(?:其中|分别为|分别是|包括|含|具体为|具体是)|中[,，:：]|[^\d\s,，。;；:：、]{1,8}?分别(?:为|是))[\s:：,，]*")
# ... or names the parts first: "全年支出1,845.20万元，人员经费、公用经费、项目支出分别为512.40万元、…".
_NAMES_THEN_FENBIE = re.compile(
    r"[\s,，]*(?:其中[\s:：,，]*)?[^\d,，。;；:：、]{1,12}(?:(?:、|和|及)[^\d,，。;；:：、]{1,12})+分别(?:为|是|达到|达)?[\s:：]*")
# ... or opens the next sentence: "部门支出总额500.00万元。其中：基本支出…", "项目预算380.00万元，全部为市级
# 财政资金。资金分为平台运维服务费168.00万元、…" (words without figures may end the total's sentence).
_PARTS_OPEN_NEXT = re.compile(r"(?:[,，][^\d。;；!?！？]{0,30}?)?\s*。\s*(?:其中|(?:资金|预算|经费)?(?:按用途)?(?:具体)?分为)[\s:：,，]*")
# A sentence's last figure that is a change or a comparison is no total of the list after it:
# "…1000万元，较上年增加100万元。其中：基本支出…".
_COMPARED = re.compile(r"较|比|同比|环比")
# The list closes at a sentence end, or where a new total starts.
_SENTENCE_END = re.compile(r"[。!?！？]")
_NEW_TOTAL = re.compile(r"(?:共计|合计|总计|累计|总分(?!馆))")  # 总分馆: a library and its branches
# Words that put what follows outside the total, so the list ends there: "其中：在职人员179人；另有退休人员93人".
_OUTSIDE = re.compile(r"另有|另外|此外|除此之外|除此以外|不含|不包含|不包括|未含|未包括|不计入|未计入")
# Counted things: "下设8个处室", "共有11个项目", "涉及3个科室", "6个内设机构", "12个乡镇". A village
# (村) is counted, not a 村级 or 村民 thing.
_COUNT_NOUN = (r"(?:(?:内设|下设|下属|所属|直属|二级|基层|职能)?(?:机构|处室|科室|中心|项目|部门|单位|股室|站所|部室|业务部|"
               r"中队|大队|分馆|分局|派出所|司法所|分中心|分院)"
               r"|(?:二级)?预算单位|乡镇|街道|社区|(?:行政|自然)?村(?![级民委组干集])|学校|小学|中学|幼儿园|卫生院|卫生室"
               r"|(?:教学)?班(?![子组车次长])|班级|年级|病区"
               r"|(?:工作)?专班|工作组|督导组|专项组|小组|基地|合作社|站|所|科|室|办|队|股)")
_COUNT_NOUNS = re.compile(rf"^(?:个|家|所|项)?(?:[\u4e00-\u9fff]{{1,3}}?(?={_COUNT_NOUN}))?{_COUNT_NOUN}")  # (立档单位: a kind of unit)
_NOUN_BEFORE = re.compile(rf"{_COUNT_NOUN}$")

_ITEMS_OPEN = re.compile(r"[,，]?\s*(?:(?:分别是|分别为|包括|包含|即|为|有)\s*[:：]?|[:：])")
# The opening of a list that must be the things counted: a colon, 分别是/分别为, 包括, 即, right after the
# count or after the noun it counts ("5类主题活动，即…").
_STRONG_OPEN = r"[,，]?\s*(?:(?:分别是|分别为|分别位于|包括|即)\s*[:：]?|[:：])"  # (分别位于: one a place)
_LIST_OPEN = re.compile(_STRONG_OPEN)
# (the noun may give its alternative in brackets: "8个镇（乡）：…")
_ALTERNATIVE = r"\([\u4e00-\u9fff、/]{1,8}\)"  # a noun's alternative in brackets: 镇（乡）, 乡镇（街道）
_LIST_OPEN_AFTER_NOUN = re.compile(rf"[\u4e00-\u9fff]{{1,8}}?(?:{_ALTERNATIVE})?{_STRONG_OPEN}")
_NOUN_ALTERNATIVE = re.compile(rf"\s*{_ALTERNATIVE}")
_DONE_THEN_LISTED = re.compile(r"[^\d,，。;；:：、]{1,12}[,，]\s*分别(?:是|为)\s*[:：]?")
_ITEM_SEPARATORS = "、;；"
_LAST_AND = re.compile(r"(?:和|及|以及)")
_OPENING_BRACKETS, _CLOSING_BRACKETS = "(（[【〔《“", ")）]】〕》”"
# A list that says it is not complete: "城市低保500人、农村低保300人等", "…以及其他救助对象".
_PARTIAL_TAIL = re.compile(r"^[\s)）\]】]*(?:等|[,，、]?\s*(?:以及|及|和|与)?其[他它余])")
_ITEM_ETC = re.compile(r"等(?:[\s,，]|$)")
_TOTAL_AFTER = re.compile(r"(?:合计|共计|总计)[为是:：]?$")
# Parts listed before the total they add up to: "分别为A、B，合计…", "包括A、B，合计…".
_PARTS_BEFORE = re.compile(r"(?:分别(?:为|是)|包括|包含)[:：]?")
# Between the last part and its total only the word that introduces the total.
_PARTS_THEN_TOTAL = re.compile(
    r"^[\s,，;；、]*(?:以上|上述|[两二三四五六七八九十]项)?(?:合计|共计|总计)[为是:：]?\s*$")


# A nested list opens right after a part: "基本支出373.74万元,包括…", "6303.16万元(包含…".
_INCLUDES = re.compile(r"^[\s,，(（:：]*(?:包括|其中|包含|含)")
_DESCRIPTION = re.compile(r"主要(?:为|是|用于|包括)|用于")
_LIST_GOES_ON = re.compile(r"[;；]")
# A bracket opened right after a part holds that part's own breakdown: "在职人员55人（行政9人、事业46人）".
_BRACKET_OPEN = re.compile(r"^[\s,，]*[(（]")


def sum_enumerations(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``X 为 N，其中 A a、B b`` in one sentence: the total and the same-unit figures listed after it.

    A part followed by ``包括…`` opens a nested list (its own enumeration, not parts of the outer
    total), and so does a bracket right after a part (``在职人员55人（行政9人、事业46人）``, closed by its
    bracket); after a part's description (``主要用于…``) the list goes on only past a semicolon. The list
    ends at a word that puts what follows outside the total (另有, 此外, 不含 …) and, past a semicolon, at
    a figure of another budget measure (``；年中追加…，调整后预算…``).
    """
    out: list[Enumeration] = []
    consumed: set[int] = set()  # figures already used as the total of a nested list
    for k, total in enumerate(figures):
        q = total.quantity
        opener = _PARTS_OPEN.match(seg.text, q.end) or _NAMES_THEN_FENBIE.match(seg.text, q.end) \
            or _past_own_rate(seg, figures, k, _PARTS_OPEN) or _opens_next_sentence(seg, figures, k)
        if not opener or q.dimension == "percent" or k in consumed:
            continue
        parts, nested, partial = _collect_parts(seg, figures, k, opener.end())
        if _paired(parts):
            # "预算金额为…，执行金额…：分别为 A项目，预算金额为…，执行金额为…；…": one list per measure
            consumed.update(range(len(figures)))
            out.extend(_paired_lists(seg, figures, k, opener.end()))
            continue
        budgets = [p for p in parts if _PART_BUDGET.search(p.label)]
        if budgets and len(budgets) < len(parts):
            # "其中人员经费预算668.90万元、支出668.12万元，公用经费预算…、支出…": each part's budget and
            # spending; the total is one of the two measures
            of_budget = bool(_PART_BUDGET.search(total.label)) \
                or lexicon().measure_of(total.label) in ("adjusted_budget", "initial_budget")
            parts = budgets if of_budget else [p for p in parts if p not in budgets]
        measures = {lexicon().measure_of(p.label) for p in parts} - {None}
        if len(measures) >= 2 and lexicon().measure_of(total.label) is None:
            continue  # "金额为37.44万元，分别为…预算金额…执行金额…": figures of one item, not parts
        if measures and measures <= _CHANGES and all(lexicon().measure_of(p.label) for p in parts) \
                and lexicon().measure_of(total.label) not in (None, *_CHANGES):
            # "…调减1,263,800.00元，调整后预算17,415,600.00元。其中基本支出调减60,000.00元，项目支出调减…": every part
            # is a change, which breaks down the change told before the budget it led to
            told = [f for f in figures[:k] if lexicon().measure_of(f.label) in _CHANGES]
            if not told:
                continue
            total, q = told[-1], told[-1].quantity
        for child_total, children in nested:
            if children:
                out.append(Enumeration(kind="sum", total=child_total, parts=children))
            consumed.add(figures.index(child_total))
        if partial or _cross_cutting(parts) or _some_occupations(parts, q):
            continue
        groups = _breakdowns(seg.text, parts, total)
        if groups:
            out.extend(Enumeration(kind="sum", total=total, parts=group) for group in groups)
        elif len(parts) >= 2 or (len(parts) == 1 and parts[0].quantity.base_value == q.base_value):
            parts = _first_adding_up(seg.text, total, parts)
            out.append(Enumeration(kind="sum", total=_earlier_sum(seg.text, figures, k, parts) or total, parts=parts))
    return out


_CHANGES = frozenset({"adjustment", "net_adjustment"})


def _earlier_sum(text: str, figures: list[Figure], k: int, parts: list[Figure]) -> Figure | None:
    """An amount earlier in the total's sentence that the parts add up to exactly, when they do not add up to
    the total ("累计支出10,962.35万元，执行率92.51%，结转887.65万元。其中：…" lists the spending): the list
    breaks that one down."""
    total = figures[k]

    def adds_up(whole: Figure) -> bool:
        slack = sum((f.quantity.base_tolerance for f in [whole, *parts]), Decimal(0))
        return abs(sum((f.quantity.base_value for f in parts), Decimal(0)) - whole.quantity.base_value) <= slack

    if len(parts) < 2 or any(p.quantity.base_unit != total.quantity.base_unit for p in parts) or adds_up(total):
        return None
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, total.quantity.start)), default=0)
    return next((f for f in reversed(figures[:k]) if f.quantity.start >= start
                 and f.quantity.base_unit == total.quantity.base_unit and adds_up(f)), None)


def _first_adding_up(text: str, total: Figure, parts: list[Figure]) -> list[Figure]:
    """The parts, or, in a table read as text ("普通教育60,512.37其中:学前教育5,820.16…高中教育7,728.90职业教育
    3,245.18…合计71,688.95"), the first ones (two or more) when they add up to the total to the yuan, the
    list ran on over two rows or more, and a 合计 follows: the rows after them stand beside the total."""
    whole = total.quantity.base_value

    def adds_up(group: list[Figure]) -> bool:
        slack = sum((f.quantity.base_tolerance for f in [total, *group]), Decimal(0))
        return abs(sum((f.quantity.base_value for f in group), Decimal(0)) - whole) <= slack

    if len(parts) < 4 or adds_up(parts) or not _TOTAL_AFTER.match(text, parts[-1].quantity.end):
        return parts
    return next((parts[:k] for k in range(len(parts) - 2, 1, -1) if adds_up(parts[:k])), parts)


_TOTAL_AFTER = re.compile(r"\s*(?:合\s*计|总\s*计)")


def _breakdowns(text: str, parts: list[Figure], total: Figure) -> list[list[Figure]]:
    """"其中：中央财政拨款支出539.30万元，地方财政拨款支出392.26万元；基本支出574.18万元，项目支出357.38万元":
    two breakdowns of one total parted by a semicolon, each of at least two parts, when one of them adds up
    to the total on its own (else the list runs on past the semicolon); none when the parts are one list."""
    groups: list[list[Figure]] = [[]]
    for before, part in zip([None, *parts], parts):
        if before is not None and _LIST_GOES_ON.search(text, before.quantity.end, part.quantity.start):
            groups.append([])
        groups[-1].append(part)
    if len(groups) < 2 or any(len(g) < 2 for g in groups):
        return []
    whole = total.quantity.base_value
    for group in groups:
        slack = sum((f.quantity.base_tolerance for f in [total, *group]), Decimal(0))
        if abs(sum((f.quantity.base_value for f in group), Decimal(0)) - whole) <= slack:
            return groups
    return []


def _past_own_rate(seg: Segment, figures: list[Figure], k: int, opens: re.Pattern):
    """The list that opens after the total's own rate ("项目支出2,046.37万元，执行率97.32%，其中：…", or "…。其中：")
    — not when the list names measures (其中基本支出预算…，执行…) or rates: each part with its own rate is a
    breakdown of budget, spending and rate."""
    total, rate = figures[k], figures[k + 1] if k + 1 < len(figures) else None
    if rate is None or rate.quantity.dimension != "percent" or lexicon().concept_of(rate.label)[0] != "execution_rate" \
            or re.search(r"[。;；]|\d", seg.text[total.quantity.end:rate.quantity.start]):
        return None
    opener = opens.match(seg.text, rate.quantity.end)
    end = _SENTENCE_END.search(seg.text, opener.end()) if opener else None
    listed = [f for f in figures[k + 2:] if end is None or f.quantity.start < end.start()]
    first = seg.text[opener.end():listed[0].quantity.start] if opener and listed else ""
    if opener and (not listed or lexicon().measure_of(first) or _PART_BUDGET.search(first)
                   or any(f.quantity.dimension == "percent" for f in listed)):
        return None
    return opener


# A part's budget named before its spending ("其中人员经费预算668.90万元、支出668.12万元"): a breakdown of
# budget and spending, not parts of the spending alone.
_PART_BUDGET = re.compile(r"预算(?:数|金额|资金)?\s*(?:为|是)?\s*$")


def _opens_next_sentence(seg: Segment, figures: list[Figure], k: int):
    """The 其中 that opens the sentence after the one ``figures[k]`` ends, when that figure is this
    year's total of something (not a change, not a comparison, not another period's)."""
    total = figures[k]
    opener = _PARTS_OPEN_NEXT.match(seg.text, total.quantity.end) or _past_own_rate(seg, figures, k, _PARTS_OPEN_NEXT)
    if not opener or total.period is not None:
        return None
    sentence = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, total.quantity.start)), default=0)
    if "其中" in seg.text[sentence:total.quantity.start]:
        return None  # "结转结余156.17万元，其中…、结余资金7.27万元。其中…": a part itself, not the next list's total
    clause_start = figures[k - 1].quantity.end if k else 0
    clause = seg.text[clause_start:total.quantity.start]
    clause = clause[max((m.end() for m in re.finditer(r"[,，;；。]", clause)), default=0):]
    delta_words = lexicon().raw["labels"]["delta"]
    if _COMPARED.search(clause) or any(w in clause or w in total.label for w in delta_words):
        return None
    return opener


# A paragraph that only lists one part: its name, its figure, and the end of the item.
_ITEM_PARAGRAPH = re.compile(r"\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*|[①-⑳]\s*)?[^\d。;；:：]{1,40}$")
_ITEM_END = re.compile(r"\s*(?:[,，][^\d;；。]*)?[;；,，。]?\s*$")  # "…，主要用于…", "…，按合同按季度足额支付"


# "项目支出共6项，其中：" / "项目支出涉及5个项目，分别为：": a part of the budget counted, then listed with amounts
_COUNTED_SCOPE = re.compile(r"(?P<scope>[\u4e00-\u9fff]{2,6}?)\s*(?:共|共计|合计|涉及|包括|含)?\s*"
                            r"(?P<count>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:个|项)(?:项目|子项)?\s*[,，]?\s*"
                            r"(?:其中|分别为|分别是|包括|具体为|即)\s*[:：]?")


def _scope_amounts(scope: str, figures: list[Figure], enumerations: list[Enumeration]) -> list[Figure]:
    """A part of the budget's amounts: figures of its measures, and the parts named by it alone in a
    breakdown of the department's (全年实际支出…，其中…项目支出3,988.13万元)."""
    wanted = {f"{scope}.{x}" for x in WHOLE_MEASURES}
    out = [f for f in figures if f.concept in wanted]
    for e in enumerations:
        if e.kind == "sum" and (e.total.concept or "") in WHOLE_MEASURES:
            out.extend(p for p in e.parts if p.concept is None and lexicon().scope_named(p.label) == scope)
    return [f for f in out if f.period is None and not f.quantity.approx]


def counted_lists(doc: Document, by_segment: dict[int, list[Figure]], figures: list[Figure],
                  enumerations: list[Enumeration]) -> list[Enumeration]:
    """``项目支出共6项，其中：A 2,986.42万元，…，F 24.41万元。``: the amounts of a part of the budget's items,
    as many as it counts, with no total of their own in the sentence. They add up to one of the part's
    amounts stated elsewhere (its budget or its spending): the total is the one of those they come
    nearest to."""
    out: list[Enumeration] = []
    for index, seg in enumerate(doc.normalized.segments):
        figs = by_segment.get(index, [])
        if seg.kind == BlockKind.TABLE_CELL or len(figs) < 2 or "项" not in seg.text and "个" not in seg.text:
            continue
        for m in _COUNTED_SCOPE.finditer(seg.text):
            scope = next((key for phrase, key in lexicon().scopes if m.group("scope").endswith(phrase)), None)
            count = m.group("count")
            n = whole_number(count)
            if scope is None or n is None or n < 2:
                continue
            end = _SENTENCE_END.search(seg.text, m.end())
            end = end.start() if end else len(seg.text)
            if any(f.quantity.start < m.start() < f.quantity.end for f in figs):
                continue
            parts = [f for f in figs if m.end() <= f.quantity.start < end]
            money = [f for f in parts if f.quantity.dimension == "money" and not f.quantity.approx]
            if len(money) != n or len(parts) != n or _ITEM_ETC.search(seg.text, m.end(), end):
                continue  # not one amount an item, or a list that says it is not complete
            totals = [f for f in _scope_amounts(scope, figures, enumerations) if f.segment != index]
            if totals:
                out.append(_against_nearest(money, totals))
    return out


def _against_nearest(parts: list[Figure], totals: list[Figure]) -> Enumeration:
    """Parts listed without a total of their own, added against the one of ``totals`` they come nearest to."""
    added = sum((f.quantity.base_value for f in parts), Decimal(0))
    total = min(totals, key=lambda f: (abs(f.quantity.base_value - added), f.start))
    return Enumeration(kind="sum", total=total, parts=parts)


# "按功能分类，支出分别为：行政运行2,316.48万元、普法宣传386.20万元、…": the year's money by its classes
_CLASSIFIED = re.compile(r"按(?:支出|预算)?(?:经济|功能|资金来源|资金性质|支出)?(?:分类|科目)(?:看|划分|统计)?\s*[,，:：]?\s*"
                         r"(?:[\u4e00-\u9fff]{0,6}?(?:分别为|分别是|为|:|：))?")


def classified_lists(doc: Document, by_segment: dict[int, list[Figure]], figures: list[Figure]) -> list[Enumeration]:
    """A sentence that breaks the year's money down by its classes (按功能分类，支出分别为：…) with no total of
    its own: the classes add up to the department's spending or budget stated elsewhere, whichever they
    come nearest to."""
    out: list[Enumeration] = []
    wholes = [f for f in figures if f.concept in WHOLE_MEASURES and f.period is None and not f.quantity.approx]
    if not wholes:
        return out
    for index, seg in enumerate(doc.normalized.segments):
        figs = by_segment.get(index, [])
        if seg.kind == BlockKind.TABLE_CELL or len(figs) < 2 or "分类" not in seg.text and "科目" not in seg.text:
            continue
        for m in _CLASSIFIED.finditer(seg.text):
            if m.start() and seg.text[m.start() - 1] not in "。;；!?！？\n,，:： ":
                continue  # (a sentence or clause that opens with it)
            end = _SENTENCE_END.search(seg.text, m.end())
            end = end.start() if end else len(seg.text)
            parts = [f for f in figs if m.end() <= f.quantity.start < end]
            if len(parts) < 2 or _ITEM_ETC.search(seg.text, m.end(), end) or "其中" in seg.text[m.end():end] or any(
                    f.quantity.dimension != "money" or f.quantity.approx or f.concept in WHOLE_MEASURES
                    for f in parts):
                continue  # not amounts only, a list that says it is not complete, or a total of its own
            totals = [f for f in wholes if f.segment != index]
            if totals:
                out.append(_against_nearest(parts, totals))
    return out


def continued_lists(doc: Document, by_segment: dict[int, list[Figure]]) -> list[Enumeration]:
    """``全年项目支出1,365.80万元，其中：`` with its parts in the paragraphs after it, one per line or
    paragraph (``城乡居民医疗救助资金642.15万元；``), up to the one that ends with a full stop."""
    segments = doc.normalized.segments
    out: list[Enumeration] = []
    for index, seg in enumerate(segments):
        figures = by_segment.get(index, [])
        if seg.kind == BlockKind.TABLE_CELL or not figures:
            continue
        if index and seg.text.lstrip().startswith("其中") and (opened := _opened_by_its_paragraph(doc, by_segment, index)):
            out.append(opened)  # "…年末结转结余77.35万元。" / "其中项目结转72.17万元、基本支出结余4.64万元。"
            continue
        if (total := _total_before_as_follows(seg, figures)) is not None:
            # "全年支出18,236,842.60元，预算执行率97.78%。支出构成如下：" with a part a line after it
            enumeration = _listed_after(doc, by_segment, index, total, [])
            if enumeration is not None:
                out.append(enumeration)
            continue
        for k, total in enumerate(figures):
            q = total.quantity
            opener = _PARTS_OPEN.match(seg.text, q.end)
            if not opener or q.dimension == "percent":
                continue
            rest = seg.text[opener.end():]
            if _SENTENCE_END.search(rest) or (rest.strip() and not rest.rstrip().endswith((";", "；"))):
                break  # the list ends in its own paragraph
            parts = [f for f in figures[k + 1:] if f.quantity.base_unit == q.base_unit]
            if len(parts) != len(figures) - k - 1:
                break
            enumeration = _listed_after(doc, by_segment, index, total, parts)
            if enumeration is not None:
                out.append(enumeration)
            break
    return out


def _opened_by_its_paragraph(doc: Document, by_segment: dict[int, list[Figure]], index: int) -> Enumeration | None:
    """A paragraph opening with 其中 whose first sentence lists the parts of one measure (项目结转…、基本支出结余…):
    the breakdown of that measure's amount the paragraph before ends with."""
    segments = doc.normalized.segments
    seg, previous = segments[index], segments[index - 1]
    if previous.kind == BlockKind.TABLE_CELL or seg.kind == BlockKind.TABLE_CELL:
        return None
    end = _SENTENCE_END.search(seg.text)
    parts = [f for f in by_segment.get(index, []) if not end or f.quantity.start < end.start()]
    measures = {(f.concept or "").rpartition(".")[2] for f in parts}
    if len(parts) < 2 or len(measures) != 1 or not all(f.concept and "." in f.concept for f in parts):
        return None
    measure = measures.pop()
    totals = [f for f in by_segment.get(index - 1, []) if f.concept == measure]
    if not totals or totals[-1] is not by_segment[index - 1][-1] \
            or any(p.quantity.base_unit != totals[-1].quantity.base_unit for p in parts):
        return None
    return Enumeration(kind="sum", total=totals[-1], parts=parts)


# A paragraph that ends announcing a breakdown ("支出构成如下：", "预算明细如下："): its amount's parts follow
_AS_FOLLOWS = re.compile(r"(?:构成|组成|明细|结构|分项|具体|情况)[^。;；:：,，]{0,6}如下\s*[:：]\s*$")


def _total_before_as_follows(seg: Segment, figures: list[Figure]) -> Figure | None:
    """The amount a paragraph ending with "…构成如下：" breaks down: its last budget or spending figure."""
    if not _AS_FOLLOWS.search(seg.text):
        return None
    return next((f for f in reversed(figures) if f.quantity.dimension == "money" and f.concept
                 and f.concept.rpartition(".")[2] in ("adjusted_budget", "initial_budget", "executed")), None)


def _listed_after(doc: Document, by_segment: dict[int, list[Figure]], index: int, total: Figure,
                 parts: list[Figure]) -> Enumeration | None:
    """The parts of ``total`` listed one a paragraph after its own (``parts``: those in its paragraph), up to
    the one that ends with a full stop."""
    segments = doc.normalized.segments
    seg, q = segments[index], total.quantity
    section = doc.blocks[seg.blocks[0]].section
    for j in range(index + 1, len(segments)):
        nxt = segments[j]
        figs = by_segment.get(j, [])
        if nxt.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or len(figs) != 1 \
                or doc.blocks[nxt.blocks[0]].section != section:
            break
        part = figs[0]
        if part.quantity.base_unit != q.base_unit or part.quantity.dimension != q.dimension \
                or not _ITEM_PARAGRAPH.fullmatch(nxt.text[:part.quantity.start]) \
                or _OUTSIDE.search(nxt.text[:part.quantity.start]) or _NEW_TOTAL.search(nxt.text) \
                or not _ITEM_END.fullmatch(nxt.text[part.quantity.end:]):
            break
        parts.append(part)
        if nxt.text.rstrip().endswith("。"):
            break
    if not parts:
        return None  # "…0其中：" closing the document: nothing listed after it
    closed = segments[parts[-1].segment].text.rstrip().endswith("。")  # else where it ends is unsure
    if len(parts) >= 2 and parts[-1].segment != index and closed and not _cross_cutting(parts) \
            and not _some_occupations(parts, q):
        return Enumeration(kind="sum", total=total, parts=parts)
    return None


def _paired(parts: list[Figure]) -> bool:
    """Parts that repeat two measures in turn (预算金额…执行金额…, for each item)."""
    counts: dict[str, int] = {}
    for p in parts:
        measure = lexicon().measure_of(p.label)
        if measure:
            counts[measure] = counts.get(measure, 0) + 1
    return sum(1 for n in counts.values() if n >= 2) >= 2


def _paired_lists(seg: Segment, figures: list[Figure], k: int, cursor: int) -> list[Enumeration]:
    """Items each stated with several measures, over the rest of the paragraph; the totals are the
    figures of the same measures stated just before the list opens."""
    lex = lexicon()
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, figures[k].quantity.start)),
                         default=0)
    totals: dict[str, Figure] = {}
    for fig in figures[:k + 1]:
        measure = lex.measure_of(fig.label)
        if fig.quantity.start >= sentence_start and measure:
            totals[measure] = fig
    groups: dict[str, list[Figure]] = {}
    for fig in figures[k + 1:]:
        if fig.quantity.start < cursor:
            continue
        measure = lex.measure_of(fig.label)
        if measure in totals and fig.quantity.base_unit == totals[measure].quantity.base_unit:
            groups.setdefault(measure, []).append(fig)
    return [Enumeration(kind="sum", total=totals[m], parts=parts)
            for m, parts in groups.items() if len(parts) >= 2]


def _collect_parts(seg: Segment, figures: list[Figure], k: int, cursor: int):
    total = figures[k].quantity
    sentence_end = _SENTENCE_END.search(seg.text, cursor)
    limit = sentence_end.start() if sentence_end else len(seg.text)
    parts: list[Figure] = []
    nested: list[tuple[Figure, list[Figure]]] = []
    children: list[Figure] | None = None  # collecting the nested list of parts[-1]
    bracketed = False  # that nested list is in brackets: it ends at the closing bracket
    partial: set[int] = set()  # ids of the lists that end with 等 (the outer one or a nested one)
    cursor_first = cursor
    whole = False  # the list ended because it already made up the total: what follows is no part of it
    for fig in figures[k + 1:]:
        fq = fig.quantity
        if fq.start >= limit:
            break
        between = seg.text[cursor:fq.start]
        if _NEW_TOTAL.search(between) or _OUTSIDE.search(between):
            break
        if fq.base_unit != total.base_unit or fq.dimension != total.dimension:
            if children is not None and bracketed and not _closes(between):
                continue  # "B 512,600.00元（预算540,000.00元，执行率94.93%）；C …": a part's own rate, in its brackets
            if parts and _BRACKET_OPEN.match(between) and _left_open(between):
                continue  # "…劳务补助443.20万元（554人，每人每年8000元），…": a part's own details, in its brackets
            if parts:
                break
            continue
        if is_formula_term(seg.text, fq):
            continue  # "按10分×执行率计得9.56分": a term of a formula, not a part
        if changed_from(seg.text, fq):
            continue  # "项目支出由年初217.80万元调减为185.30万元": the part is what it became
        if parts and fig.period in ("previous", "other-year", "midyear") and figures[k].period is None:
            break  # "…，比上年减少0.94万元": another year's figure, or a change on it, ends the list
        if parts and _LIST_GOES_ON.search(between) and _another_measure(fig, figures[k], parts):
            break  # "年初预算…，其中基本支出…、项目支出…；年中追加…，调整后预算…": a new statement
        if len(parts) == 1 and children is None and _LIST_GOES_ON.search(between) and _exceeds(parts + [fig], total):
            break  # "在职职工87人，其中卫生技术人员72人；乡村医生38人": past a semicolon, a second figure the
            # total cannot hold is another statement (items listed with two measures each go on)
        if parts and fig.concept and "." not in fig.concept and _another_measure(fig, figures[k], parts):
            break  # "调增26.17万元，其中基本支出调增…，项目支出调增…，调整后全年预算…": the department's
            # own figure of another measure is no part of the list, after a comma too
        if parts and children is None and _complete(parts, total) and (
                _LIST_GOES_ON.search(between) or ("," in between and _ENUMERATION_COMMA in seg.text[cursor_first:cursor])):
            # "在职6,418人，其中行政31人，教师6,387人；离退休2,156人": the list was whole; so was
            # "其中刑事案件412件、民事案件874件，农民工讨薪案件326件" at the comma after its 、-list
            whole = True
            break
        if parts and _DESCRIPTION.search(between):
            described_at = _DESCRIPTION.search(between).start()
            if not _LIST_GOES_ON.search(between, described_at):
                break
        if parts and children is None and _BRACKET_OPEN.match(between) and _left_open(between):
            children, bracketed = [], True
        elif parts and children is None and _INCLUDES.match(between) and not _LIST_GOES_ON.search(between):
            children, bracketed = [], False
        elif children is not None and (_closes(between) if bracketed else _LIST_GOES_ON.search(between)):
            if _PARTIAL_TAIL.match(between):
                partial.add(id(children))
            nested.append((parts[-1], children))
            children = None
        if children is not None:
            children.append(fig)
        else:
            parts.append(fig)
        cursor = fq.end
    if not whole and _PARTIAL_TAIL.match(seg.text[cursor:limit]):
        partial.add(id(children if children is not None else parts))
    if children:
        nested.append((parts[-1], children))
    # a nested list that ends with 等 is no sum, but its total is still no total of the outer list
    listed = [(t, c if id(c) not in partial else []) for t, c in nested if len(c) >= 2]
    return parts, listed, id(parts) in partial


_ENUMERATION_COMMA = "、"
_AMOUNT_AT_END = re.compile(r"\d[\d,，.]*\s*(?:万元|亿元|元)\s*$")


def _cross_cutting(parts: list[Figure]) -> bool:
    """Parts naming attributes from two or more groups (女干部, 党员, 大专以上学历) overlap: no sum; nor
    does an attribute beside a category that names none (专任教师118人，具有中级以上职称的教师71人)."""
    groups = dict(lexicon().raw.get("cross_cutting", {}))
    if all(p.quantity.dimension == "count" for p in parts):
        groups.update(lexicon().raw.get("cross_cutting_people", {}))
    named = [{group for group, words in groups.items() if any(w in p.label for w in words)} for p in parts]
    attributes = set().union(*named)
    # (schooling words also name schools — 普通高中3所 — so only the other groups count alone)
    return len(attributes) >= 2 or (bool(attributes - {"education"}) and any(not n for n in named))


def _some_occupations(parts: list[Figure], total) -> bool:
    """Parts that each name an occupation (专任教师, 保育员, 护士) and add up to less than the staff they
    are counted in: the main occupations, not a breakdown of the whole staff. More than the total is
    still a contradiction, and so is any shortfall in a list of posts or kinds of 编制."""
    roles = tuple(lexicon().raw.get("occupations", ()))
    if not roles or not all(p.label.endswith(roles) for p in parts):
        return False
    excess, tolerance = _excess(parts, total)
    return excess < -tolerance


def _excess(parts: list[Figure], total) -> tuple[Decimal, Decimal]:
    """How much the parts add up to beyond the total (negative: short of it), and the tolerance of the
    figures' stated precision."""
    added = sum((p.quantity.base_value for p in parts), Decimal(0))
    return added - total.base_value, sum((p.quantity.base_tolerance for p in parts), total.base_tolerance)


def _complete(parts: list[Figure], total) -> bool:
    """Whether the parts so far already make up the total (within their stated precision)."""
    excess, tolerance = _excess(parts, total)
    return abs(excess) <= tolerance


def _exceeds(parts: list[Figure], total) -> bool:
    """Whether the parts add up to more than the total, beyond their stated precision."""
    excess, tolerance = _excess(parts, total)
    return total.base_value >= 0 and excess > tolerance


def _another_measure(fig: Figure, total: Figure, parts: list[Figure]) -> bool:
    """Whether ``fig`` names a budget measure (追加, 调整后预算 …) other than the one ``total`` names and
    than any part so far (items listed with 预算金额…执行金额… each go on past a semicolon)."""
    lex = lexicon()
    measure = lex.measure_of(fig.label)
    if measure is None or lex.measure_of(total.label) in (None, measure):
        return False
    return all(lex.measure_of(p.label) != measure for p in parts)


def _brackets(text: str) -> tuple[bool, bool]:
    """Whether ``text`` closes a bracket it did not open, and whether it ends inside one it opened ("（其中" opens
    a nested list; "（未调整），" does not)."""
    depth, closes = 0, False
    for ch in text:
        if ch in _OPENING_BRACKETS:
            depth += 1
        elif ch in _CLOSING_BRACKETS:
            closes = closes or depth == 0
            depth = max(0, depth - 1)
    return closes, depth > 0


def _closes(text: str) -> bool:
    return _brackets(text)[0]


def _left_open(text: str) -> bool:
    return _brackets(text)[1]


def parts_before_total(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``分别为120万元、80万元和50万元，合计250万元``: the parts come first, the total after them."""
    out: list[Enumeration] = []
    for k, total in enumerate(figures):
        q = total.quantity
        if q.dimension == "percent" or not _TOTAL_AFTER.search(seg.text[:q.start].rstrip(" ,，")):
            continue
        sentence_start = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, q.start)), default=0)
        opener = None
        for m in _PARTS_BEFORE.finditer(seg.text, sentence_start, q.start):
            opener = m
        if opener is not None:
            depth = _bracket_depths(seg.text, opener.end(), q.start)
            parts = [f for f in figures[:k] if f.quantity.start >= opener.end()
                     and not depth[f.quantity.start - opener.end()]]  # "(含…)" inside a part is not a part
        else:
            parts = _listed_before(seg, figures, k, sentence_start)
        if len(parts) < 2 or not all(p.quantity.base_unit == q.base_unit for p in parts):
            continue
        if not _PARTS_THEN_TOTAL.match(seg.text[parts[-1].quantity.end:q.start]):
            continue  # "…，执行数合计…": another measure's total, or a list that goes on (等)
        if len({lexicon().measure_of(p.label) for p in parts} - {None}) >= 2:
            continue  # "A项目预算100万元、执行90万元，B项目…": two measures of each item, not parts
        out.append(Enumeration(kind="sum", total=total, parts=parts))
    return out


# Between two listed parts: the enumeration comma (or 和/及 before the last) and the next part's name.
_LISTED_BETWEEN = re.compile(r"\s*(?:、|和|及|以及)\s*[^\d,，。;；:：、()（）]{1,20}$")


def _listed_before(seg: Segment, figures: list[Figure], k: int, sentence_start: int) -> list[Figure]:
    """``低保户312户、特困供养户47户、重度残疾人家庭86户，合计455户``: the figures right before the total
    that a 、-list joins, with no word opening the list."""
    chain: list[Figure] = []
    for f in reversed(figures[:k]):
        if f.quantity.start < sentence_start:
            break
        if chain and not _LISTED_BETWEEN.match(seg.text[f.quantity.end:chain[-1].quantity.start]):
            break
        chain.append(f)
    chain.reverse()
    return chain if len(chain) >= 2 and any("、" in seg.text[a.quantity.end:b.quantity.start]
                                             for a, b in zip(chain, chain[1:])) else []


def _bracket_depths(text: str, start: int, end: int) -> list[int]:
    """How deep in brackets each character of ``text[start:end]`` is."""
    depths, depth = [], 0
    for ch in text[start:end]:
        if ch in _CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        depths.append(depth)
        if ch in _OPENING_BRACKETS:
            depth += 1
    return depths


def _ends_bracketed(piece: str) -> bool:
    return piece.rstrip(" ,，").endswith(tuple(_CLOSING_BRACKETS))


def _comma_outside_brackets(text: str, start: int) -> int | None:
    """Where the first comma outside brackets after ``start`` is, or None."""
    depths = _bracket_depths(text, 0, len(text))
    return next((i for i in range(start, len(text)) if text[i] in ",，" and not depths[i]), None)


def _split_items(text: str) -> list[str]:
    """Split a list at 、 and ； outside brackets: "待遇保障股（含医药价格、招标采购）" is one item."""
    pieces, current = [], []
    for ch, depth in zip(text, _bracket_depths(text, 0, len(text))):
        if ch in _ITEM_SEPARATORS and not depth:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


_AS_WELL_AS = re.compile(r"以及")


def _split_last_and(piece: str, joins: re.Pattern = _LAST_AND) -> list[str]:
    """"A和B" as the last piece of "X、A和B" — joined by 和/及 (or ``joins``) outside brackets."""
    depth = _bracket_depths(piece, 0, len(piece))
    for m in joins.finditer(piece):
        if not depth[m.start()]:
            head, tail = piece[:m.start()], piece[m.end():]
            if _UNIT_SUFFIX.search(tail) and not _UNIT_SUFFIX.search(head):
                return [piece]  # "救灾和物资保障股": one 股室 whose name holds 和
            return [head, tail] if head and tail else [piece]
    return [piece]


# How the name of an office or a unit ends.
_UNIT_SUFFIX = re.compile(r"(?:股|科|室|处|局|中心|站|所|队|办|委|院|馆|部|组)\s*$")


# A clause stating the listed items' amount between a count and its list.
_AMOUNT_CLAUSE = re.compile(r"[,，][^,，。;；:：]{0,16}(?:合计|共计|总计|金额|资金)[^,，。;；:：]{0,8}?[\d.,]+\s*(?:万元|元|亿元)")


# The items of a list told 一是…二是… (or 其一…其二…).
_ORDINAL_ITEM = re.compile(r"(?:^|(?<=[;；,，。\s]))(?:[一二三四五六七八九十]{1,3}是|其[一二三四五六七八九十]{1,3}[,，:：]?)")


def _names_a_field(text: str) -> bool:
    """Whether the words before a colon name an indicator's field (实际完成值, 完成率, 分值 …)."""
    words = re.sub(r"[\s,，;；:：]", "", text)
    fields = lexicon().raw["indicators"]["fields"]
    return any(words.endswith(fold(phrase)) for phrases in fields.values() for phrase in phrases)


# Places listed right before their count ("涉及张营街道、程屯镇、黄集镇、随官屯镇、丁里长镇6个乡镇（街道）").
# (a name holds no joining word or verb: "项目涉及张营街道" names 张营街道, "内设办公室" 办公室)
_NAME_CHAR = r"(?:(?![和及与])[\u4e00-\u9fff])"
# What the first item's match may open with before the name: the verb that lists them
_LISTING_VERB = re.compile(r"^.*?(?:内设|下设|设有|涉及|覆盖|包括|包含|分布在|位于|在)")
_PLACE = rf"{_NAME_CHAR}{{1,8}}?(?:街道|社区|镇|乡|村)"
# (after a 、 a name may open with 和, 及 or 与: "…多文镇、和舍镇、南宝镇…")
_LISTED_PLACE = rf"[\u4e00-\u9fff]{_NAME_CHAR}{{0,7}}?(?:街道|社区|镇|乡|村)"
# (an office's name may join two duties: 就业促进和失业保险股, 风险监测和综合减灾科)
_OFFICE = r"[\u4e00-\u9fff]{1,12}?(?:部|科|室|股|中心|站|所|队|处)"
# (items, what the count after them counts): towns and villages, offices ("办公室、采编部…7个部室")
_LISTS_BEFORE = tuple(
    (re.compile(rf"{item}、(?:{listed}、)*{listed}(?:(?:和|及|与){item})?\s*(?:共|等)?\s*$"), re.compile(counted))
    for item, listed, counted in ((_PLACE, _LISTED_PLACE, r"\s*个?\s*(?:乡镇|镇|乡|街道|村|社区|行政村)"),
                                  (_OFFICE, _OFFICE, r"\s*个?\s*(?:部室|科室|股室|处室|内设机构|职能部门|业务部门)")))


def _places_before(seg: Segment, fig: Figure) -> Enumeration | None:
    """A count of towns, villages or offices right after their list, which must be whole (no 等)."""
    q = fig.quantity
    m = next((items.search(seg.text, 0, q.start) for items, counted in _LISTS_BEFORE
              if counted.match(seg.text, q.end)), None)
    if m is None or "等" in m.group():
        return None
    listed = m.group().rstrip(" 共")
    items, cursor = [], m.start()
    if m.re is _LISTS_BEFORE[0][0]:  # (a 和 opening a name after a 、 is the name's: 和舍镇)
        pieces = [p for piece in listed.split("、") for p in re.split(r"(?<=[^、])(?:和|及|与)", piece)]
    else:  # (offices: the last two joined by 和 only when both are offices, "编研利用部和信息技术部")
        pieces = listed.split("、")
        pieces.extend(_split_last_and(pieces.pop()))
    pieces[0] = _LISTING_VERB.sub("", pieces[0])
    for piece in pieces:
        start = seg.text.find(piece, cursor)
        cursor = start + len(piece)
        s, e = seg.original_range(start, cursor)
        items.append(TextField(piece, s, e))
    return Enumeration(kind="count", total=fig, items=items) if len(items) >= 2 else None


def count_enumerations(seg: Segment, figures: list[Figure]) -> list[Enumeration]:
    """``下设 8 个处室，分别是：A；B、C。`` — a count and the items named after it (or the places named right
    before it: ``张营街道、程屯镇…丁里长镇6个乡镇``)."""
    out: list[Enumeration] = []
    for fig in figures:
        q = fig.quantity
        if q.dimension != "count" or q.decimals or q.approx:
            continue
        if (before := _places_before(seg, fig)) is not None:
            out.append(before)
            continue
        if q.base_unit not in ("个", "家", "所", "项", "类", "种", "支", "处", "座"):
            continue
        noun = _COUNT_NOUNS.match(seg.text[q.end:])
        opener = None
        if noun is None:
            clause = re.split(r"[,，。;；:：]", seg.text[:q.start])[-1]
            clause = re.sub(r"(?:共有|共计|共|有|设有|下设|内设)$", "", clause)
            rest_start = q.end
            # "打造品牌阅读活动6项：…", "开展5类主题活动，即…": whatever is counted, a list that says so
            opener = _LIST_OPEN.match(seg.text, q.end) or _LIST_OPEN_AFTER_NOUN.match(seg.text, q.end)
            if opener is not None and _names_a_field(seg.text[q.end:opener.end()]):
                opener = None  # "年中监控值：7个 实际完成值：12个": the next field's label, not a list
            if opener is None and not _NOUN_BEFORE.search(clause):  # "下属二级单位2家：…"
                continue
        else:
            rest_start = q.end + noun.end()
            # (the noun's alternative in brackets: "8个乡镇（街道）：…")
            rest_start = m.end() if (m := _NOUN_ALTERNATIVE.match(seg.text, rest_start)) else rest_start
        opener = opener or _ITEMS_OPEN.match(seg.text, rest_start)
        if not opener:
            # "共实施项目5个，项目支出合计486.30万元，分别为：…": the items' amount in between
            between = _AMOUNT_CLAUSE.match(seg.text, rest_start)
            opener = _ITEMS_OPEN.match(seg.text, between.end()) if between else None
        if not opener:
            # "对七个乡镇开展包案化解，分别是：…": what was done with them, then the list
            opener = _DONE_THEN_LISTED.match(seg.text, rest_start)
        if not opener:
            continue
        end_match = _SENTENCE_END.search(seg.text, opener.end())
        end = end_match.start() if end_match else len(seg.text)
        items: list[TextField] = []
        cursor = opener.end()
        listed = seg.text[opener.end():end]
        marked = _ORDINAL_ITEM.split(listed)
        if len(marked) > 2 and not marked[0].strip(" ,，:："):
            pieces = marked[1:]  # "四个方面：一是…；二是…、…；三是…": one item per 一是, whatever its 、
        else:
            semicolon = re.search(r"[;；]", listed)
            if semicolon and "、" in listed[:semicolon.start()]:
                listed = listed[:semicolon.start()]  # "A、B、C；下属事业单位2个…": a 、-list ends at the semicolon
            # "A、B和C，覆盖家庭2.3万户": and at a comma after its first 、 ("…大英县公共法律服务中心，实现县、乡、村
            # 三级…全覆盖": a 、 after the comma belongs to the next clause)
            # (not a comma in an item's brackets: "A（预算1,186.20万元，支出1,168.74万元）、B（…）")
            if "、" in listed and (comma := _comma_outside_brackets(listed, listed.index("、"))) is not None:
                listed = listed[:comma]
            pieces = _split_items(listed)
            by_comma = re.split(r"[,，](?!\d{3})", listed)
            if len(pieces) < len(by_comma) and all(_AMOUNT_AT_END.search(p) for p in by_comma):
                # "四个方面：交通安全宣传386,420.00元，交通信号及监控设施维护2,186,540.33元，…": items with their
                # amounts, parted by commas
                pieces = by_comma
            # "A、B和C": the last two joined by 和 (but not when each item carries its own brackets and the last
            # one's follow both words: "A（预算…）、…、双拥共建及走访慰问（预算114.50万元，…）")
            whole = pieces.pop()
            # (nor when an earlier item holds 和/及 itself: "…、中等职业教育国家助学金及免学费、高校新生入学资助及生源地
            # 信用助学贷款贴息" joins within items)
            # (以及 joins two items whatever the others hold: "…、兴华乡和龙泉镇…建设、…设施建设以及…贴息")
            last = _split_last_and(whole, _AS_WELL_AS) if _AS_WELL_AS.search(whole) \
                else [whole] if any(len(_split_last_and(p)) > 1 for p in pieces) else _split_last_and(whole)
            own_brackets = len(last) == 2 and bool(pieces) and all(_ends_bracketed(p) for p in pieces + last[1:]) \
                and not _ends_bracketed(last[0])
            pieces.extend([whole] if own_brackets else last)
        if any(_ITEM_ETC.search(piece) for piece in pieces) or (
                _PARTIAL_TAIL.match(pieces[-1]) and not _AMOUNT_AT_END.search(pieces[-1])):
            continue  # "包括办公室、财务股等", "…以及其他股室": not the whole list ("其他交通管理专项1,526,966.00元" is one)
        if sum(bool(re.search(rf"\d\s*{re.escape(q.unit)}", piece)) for piece in pieces) >= 2:
            continue  # "共9项：产出指标5项、效益指标3项、满意度指标1项": parts counted, a sum (AM01's), no list
        predicates = lexicon().raw.get("item_predicates", [])
        for n, piece in enumerate(pieces):
            if n and any(word in piece for word in predicates):
                break
            start = seg.text.find(piece, cursor)
            cursor = start + len(piece)
            text = piece.strip(" ,，")
            if text:
                s, e = seg.original_range(start, start + len(piece))
                items.append(TextField(text, s, e))
        if items:
            out.append(Enumeration(kind="count", total=fig, items=items))
    return out


_TOTAL_ROW = re.compile(rf"^(?:合计|总计|小计|总额|{TOTAL_SCORE_LABEL}|合\s*计)")
_SCORE_TOTAL_ROW = re.compile(rf"{TOTAL_SCORE_LABEL}|合计|总计")
_SUBTOTAL_ROW = re.compile(r"^小\s*计|小\s*计$")  # 小计, 产出指标小计
_PARTS_ROW = re.compile(r"^其中")
_SUB_ROW = re.compile(r"^\s*(?:—|－|-{2}|·|•|└|├)")


def _totals(label: str) -> bool:
    """Whether a row label (spaces removed) names a total or a subtotal row."""
    return bool(_TOTAL_ROW.match(label) or _SUBTOTAL_ROW.search(label))
# A column of rates or shares (执行率, 完成率, 占比, 比重, 结构比例): its 合计 row is not a sum.
_RATIO_HEADER = re.compile(r"率|占比|比重|比例|百分比|%")


def table_enumerations(table: Table, cell_figures: dict[tuple[int, int, int], list[Figure]]) -> list[Enumeration]:
    """Sums a table states: a 合计/总分 row against the rows above under the same column header,
    and a row followed by 其中 rows against those rows, column by column.

    Rows listed under a 其中 row are parts of the row above it, and rows a 小计 closes are parts of
    that 小计: neither is a part of the 合计 again. Columns of rates and shares are never added.
    """
    out: list[Enumeration] = []

    def single(row: int, col: int) -> Figure | None:
        figs = cell_figures.get((table.number, row, col), [])
        return figs[0] if len(figs) == 1 else None

    def header(row: int, col: int) -> str:
        return re.sub(r"\s+", "", table.column_header(row, col))

    def additive(row: int, col: int, total: Figure) -> bool:
        return total.quantity.dimension != "percent" and not _RATIO_HEADER.search(header(row, col))

    groups = _parts_groups(table, single)
    under_parent = {row for _, _, _, rows in groups for row in rows} | _rows_adding_up_to_the_row_above(table, single)
    # rows marked as under the one above them ("产出指标 | 50 | 47.65" / "——校舍维修改造面积 | 10 | 10"): its parts
    under_parent |= {r for r in range(2, table.rows + 1)
                     if (first := table.cell(r, 1)) is not None and _SUB_ROW.match(first.text)}

    def _has_figures(row: int) -> bool:
        return any(single(row, k) for k in range(1, table.cols + 1))

    closed: set[int] = set()  # rows a 小计 above has already added up
    since = 0  # the last total row
    for r in range(1, table.rows + 1):
        label_cell = next((x for x in table.row_cells(r) if _totals(x.text.replace(" ", ""))), None)
        if label_cell is None or not any(single(r, k) for k in range(label_cell.col + 1, table.cols + 1)):
            continue
        label = label_cell.text.replace(" ", "")
        subtotal = bool(_SUBTOTAL_ROW.search(label))
        above = [row for row in range(since + 1 if subtotal else 1, r)
                 if row not in under_parent and row not in closed]
        category = _category_key(_SUBTOTAL_ROW.sub("", label))
        heading = subtotal and not any(_has_figures(row) for row in above)
        if heading:
            # "一、基本支出小计" above its items (人员经费, 公用经费): it adds up the rows after it, up to the
            # next 小计 or 合计, and those rows are no parts of the 合计 again
            above = _rows_below(table, r, _has_figures)
            category = ""
        if subtotal and category:
            # "产出指标小计" adds up the rows of 产出指标 (its cell merged down, or left blank below it);
            # "投入小计" those of "投入（10）"
            # ("基本支出小计" in a table with no category column names none of the rows above: it adds up
            # the rows since the last total, as a 小计 without a name does)
            above = [row for row in above
                     if _category_key(_category_of(table, row, label_cell.col)) == category] or above
        if subtotal:
            closed.update(above)
        since = r
        for col in range(label_cell.col + 1, table.cols + 1):
            total = single(r, col)
            if total is None or not header(r, col) or not additive(r, col, total):
                continue
            wanted = header(r, col)
            parts = [f for row in above for k in range(1, table.cols + 1)
                     if header(row, k) == wanted and (f := single(row, k)) is not None
                     and f.quantity.base_unit == total.quantity.base_unit]
            # (rows of two breakdowns of one total, "按资金来源：…" and "按支出性质：…": each adds up to it)
            by_breakdown: dict[str, list] = {}
            for f in parts:
                by_breakdown.setdefault(_breakdown_of(table, f.row), []).append(f)
            lists = list(by_breakdown.values()) if len(by_breakdown) >= 2 and "" not in by_breakdown else [parts]
            for listed in lists:
                if len(listed) >= 2:
                    out.append(Enumeration(kind="sum", total=total, parts=listed, source="table"))
    out.extend(_named_totals(table, single, under_parent, additive))
    for parent, first_col, last_col, rows in groups:
        for col in range(first_col, last_col + 1):
            total = single(parent, col)
            parts = [single(row, col) for row in rows]
            if total is None or any(p is None for p in parts) or not additive(parent, col, total):
                continue
            if all(p.quantity.base_unit == total.quantity.base_unit for p in parts):
                out.append(Enumeration(kind="sum", total=total, parts=parts, source="table"))
    out.sort(key=lambda e: e.total.start)
    return out


_BREAKDOWN = re.compile(r"^按[\u4e00-\u9fff]{2,8}?(?:分类|划分|分)?\s*[:：]")


def _breakdown_of(table: Table, row: int) -> str:
    """The breakdown a row's label names first ("按资金来源：财政拨款" → "按资金来源"), or ""."""
    first = next((c for c in table.row_cells(row) if not c.numeric and c.text.strip()), None)
    m = _BREAKDOWN.match(fold(first.text).strip()) if first is not None else None
    return m.group().rstrip(":： ") if m else ""


# A total named for what it adds up, its label ending in 合计/总计 (本年收入合计, 支出总计): in a table
# of two halves side by side (收入 | 决算数 | 支出 | 决算数) each half has its own.
_NAMED_TOTAL = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:合计|总计)$")


def _rows_adding_up_to_the_row_above(table: Table, single) -> set[int]:
    """Rows that break down the row above them without a 其中 ("基本支出 | 218.30" over "　人员经费 | 191.20"
    and "　公用经费 | 27.10", indented or not): the fewest rows (two or more) right below it, before any
    total row, that add up to it in every column where all have a figure. They are parts of that row,
    not of the 合计 again."""
    children: set[int] = set()
    for parent in range(1, table.rows + 1):
        if parent in children:
            continue
        money = [(col, f) for col in range(1, table.cols + 1)
                 if (f := single(parent, col)) is not None and _amount(f) and f.quantity.base_value > 0]
        if not money:
            continue
        col, whole = money[0]
        running = Decimal(0)
        rows: list[int] = []
        for row in range(parent + 1, table.rows + 1):
            labels = [c.text.replace(" ", "") for c in table.row_cells(row) if not c.numeric and c.text.strip()]
            part = single(row, col)
            if any(_totals(x) for x in labels) or part is None:
                break
            running += part.quantity.base_value
            rows.append(row)
            if running > whole.quantity.base_value * 2:
                break  # (past any reading of it as the parent's parts)
            if len(rows) >= 2 and _amounts_add_up(table, single, parent, rows):
                children.update(rows)
                break
    return children


def _amount(fig: Figure) -> bool:
    """An amount of money, or a bare number written to the fen (3,962,450.00 under a table whose unit is
    given elsewhere)."""
    q = fig.quantity
    return q.dimension == "money" or (q.dimension == "none" and not q.unit and q.decimals == 2)


def _amounts_add_up(table: Table, single, parent: int, rows: list[int]) -> bool:
    """Whether the rows' amounts of money add up to the parent's in every column where all have one (and
    there is one): scores and counts, whose rounding leaves too much slack, are not taken for a breakdown."""
    compared = False
    for col in range(1, table.cols + 1):
        total, parts = single(parent, col), [single(row, col) for row in rows]
        if total is None or any(p is None for p in parts) or total.quantity.dimension == "percent":
            continue
        if not _amount(total) or any(p.quantity.base_unit != total.quantity.base_unit for p in parts):
            return False
        slack = sum((f.quantity.base_tolerance for f in [total, *parts]), Decimal(0))
        if abs(sum((p.quantity.base_value for p in parts), Decimal(0)) - total.quantity.base_value) > slack:
            return False
        compared = True
    return compared


def _rows_below(table: Table, row: int, has_figures) -> list[int]:
    """The rows after ``row`` up to the next total or subtotal row (or the table's end)."""
    out = []
    for r in range(row + 1, table.rows + 1):
        labels = [c.text.replace(" ", "") for c in table.row_cells(r) if not c.numeric and c.text.strip()]
        if any(_totals(x) for x in labels):
            break
        if has_figures(r):
            out.append(r)
    return out


def _named_totals(table: Table, single, under_parent: set[int], additive) -> list[Enumeration]:
    """Totals whose label ends in 合计/总计, each against the figures above it in its own column since
    the previous such total there, which counts as one part (收入总计 = 本年收入合计 + 上年结转结余)."""
    out: list[Enumeration] = []
    last: dict[int, int] = {}  # column of figures -> row of its last named total
    for r in range(1, table.rows + 1):
        for label in table.row_cells(r):
            text = label.text.replace(" ", "")
            if label.numeric or not _NAMED_TOTAL.match(text) or _TOTAL_ROW.match(text):
                continue
            col = label.col + 1
            total = single(r, col)
            if total is None or not additive(r, col, total):
                continue
            start = last.get(col, 0)
            rows = ([start] if start else []) + [row for row in range(start + 1, r) if row not in under_parent]
            parts = [f for row in rows if (f := single(row, col)) is not None
                     and f.quantity.base_unit == total.quantity.base_unit]
            last[col] = r
            if len(parts) >= 2:
                out.append(Enumeration(kind="sum", total=total, parts=parts, source="table"))
    return out


def scores_in_other_tables(enumerations: list[Enumeration], tables: list[Table],
                           cell_figures: dict[tuple[int, int, int], list[Figure]],
                           narrative: list[Figure] = ()) -> None:
    """A 自评表's 总分 row that falls short by the score of a row in another table under the same header:
    the template's 年度资金总额 (预算执行) block is a table of its own before the indicators' — or a line
    of fields above the table ("项目资金（万元）：全年预算数380.00；…；分值10；得分9.54")."""
    by_number = {t.number: t for t in tables}
    for enumeration in enumerations:
        total = enumeration.total
        if enumeration.source != "table" or total.table is None:
            continue
        table = by_number[total.table]
        if not _SCORE_TOTAL_ROW.match(re.sub(r"\s+", "", table.row_header(total.row, total.col))):
            continue
        header = re.sub(r"\s+", "", table.column_header(total.row, total.col))
        if not is_score_header(header):
            continue
        short = total.quantity.base_value - sum((p.quantity.base_value for p in enumeration.parts), Decimal(0))
        if short <= 0:
            continue
        for other in tables:
            if other.number == table.number:
                continue
            found = [f for (t, r, c), figs in cell_figures.items() if t == other.number for f in figs
                     if re.sub(r"\s+", "", other.column_header(r, c)) == header and f.quantity.base_value == short]
            if len(found) == 1:
                enumeration.parts.insert(0, found[0])
                break
        else:
            found = [f for f in narrative if f.table is None and f.quantity.base_value == short
                     and re.sub(r"\s+", "", f.label) == header]
            if len(found) == 1:
                enumeration.parts.insert(0, found[0])


def _category_key(text: str) -> str:
    """A category's name without its weight or the word 指标: 投入（10）, 投入指标 and 投入指标（20分） alike."""
    return re.sub(r"\([^()]*\)|（[^（）]*）|指标|类", "", text)


def _category_of(table: Table, row: int, col: int) -> str:
    """The text of the category column at ``row``: the cell there, or the nearest one above it when
    the cell is merged down (absent) or left blank."""
    for r in range(row, 0, -1):
        cell = table.cell(r, col)
        if cell is not None and cell.text.strip():
            return cell.text.replace(" ", "")
    return ""


def _parts_groups(table: Table, single) -> list[tuple[int, int, int, list[int]]]:
    """Each 其中 cell's parent row, the columns of figures it heads and the rows listed under it.

    A table may hold two side by side (收入 | 金额 | 支出 | 金额): each 其中 cell heads the figures up
    to the next label column of its row, and its rows are read in its own label column. The list runs
    to a 合计/总计 row, a numbered row (二、年初结转和结余), a header row or a row without figures.
    "基本支出 / 其中：人员经费 / 公用经费 / 项目支出" reads the same as a list running on to 项目支出;
    when the whole run does not add up to the parent but its first rows do, those rows are the list.
    """
    groups: list[tuple[int, int, int, list[int]]] = []
    for r in range(2, table.rows + 1):
        labels = [x for x in table.row_cells(r) if x.text.strip() and not x.numeric]
        for n, first in enumerate(labels):
            if not _PARTS_ROW.match(first.text.replace(" ", "")):
                continue
            last_col = labels[n + 1].col - 1 if n + 1 < len(labels) else table.cols
            span = range(first.col + 1, last_col + 1)
            rows = [r] if any(single(r, k) for k in span) else []
            for row in range(r + 1, table.rows + 1):
                cell = table.cell(row, first.col)
                text = cell.text.replace(" ", "") if cell is not None and not cell.numeric else ""
                if not text or _TOTAL_ROW.match(text) or _ENDS_A_LIST.search(text) or _PARTS_ROW.match(text) \
                        or not any(single(row, k) for k in span):
                    break
                if _column_header_row(table, row):
                    break
                if _sibling_scope(table, r - 1, first.col, text):
                    break  # "基本支出 / 其中：人员经费 / 项目支出": 项目支出 stands beside 基本支出, not under it
                rows.append(row)
            parent = r - 1
            if not rows:
                continue
            for k in range(len(rows), 1, -1):
                if _adds_up(table, single, parent, first.col + 1, rows[:k], last_col):
                    rows = rows[:k]
                    break
            groups.append((parent, first.col + 1, last_col, rows))
    return groups


def _scope_named(text: str) -> str | None:
    folded = fold(text)
    return next((key for phrase, key in lexicon().scopes if folded.startswith(phrase)), None)


def _sibling_scope(table: Table, parent: int, col: int, text: str) -> bool:
    """Whether a row's label names a scope that is neither the parent row's nor one of its parts."""
    scope = _scope_named(text)
    cell = table.cell(parent, col)
    parent_scope = _scope_named(cell.text.replace(" ", "")) if cell is not None and not cell.numeric else None
    return scope is not None and parent_scope is not None and scope != parent_scope \
        and not any(scope in split for split in lexicon().scope_splits(parent_scope))


# A row that is no part of the 其中 list above it: a total, or the next numbered item (二、…).
_ENDS_A_LIST = re.compile(r"合计|总计|小计|^[一二三四五六七八九十]+[、.]")


def _adds_up(table: Table, single, parent: int, first_col: int, rows: list[int], last_col: int | None = None) -> bool:
    """Whether the rows add up to the parent row in every column where all of them have a figure."""
    compared = False
    for col in range(first_col, (last_col or table.cols) + 1):
        total = single(parent, col)
        parts = [single(row, col) for row in rows]
        if total is None or any(p is None for p in parts) or total.quantity.dimension == "percent":
            continue
        if any(p.quantity.base_unit != total.quantity.base_unit for p in parts):
            continue
        added = sum((p.quantity.base_value for p in parts), Decimal(0))
        slack = sum((f.quantity.base_tolerance for f in [total, *parts]), Decimal(0))
        if abs(added - total.quantity.base_value) > slack:
            return False
        compared = True
    return compared


def _column_header_row(table: Table, row: int) -> bool:
    cells = [c for c in table.row_cells(row) if c.text.strip()]
    return bool(cells) and not any(c.numeric for c in cells)
