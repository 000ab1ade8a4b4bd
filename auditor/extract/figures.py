"""Every figure in the document with a label: from narrative clauses and from table headers."""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import replace
from functools import cache, lru_cache

from ..model import BlockKind, Document
from ..model.normalize import Segment, fold
from ..model.sections import clean_heading_text, numbering_of
from .facts import Figure
from .lexicon import CHANGE_TIMES, ORGANISATION_ENDINGS, key_terms, lexicon, strip_years, weight_in_brackets
from .quantities import Quantity, parse_quantities
from .tables import TOTAL_SCORE_LABEL, Table, is_total_row_label
from .titles import department_report, project_report

# A label never reaches back over these: clause and sentence boundaries.
_CLAUSE_END = re.compile(r"[,，。;；!?！？\n]")
_LEADING = re.compile(r"^(?:其中|另外|以及|并且|同时|而|和|及|与|占|共计|合计(?!得分)|总计(?!得分)|共|计|包括|分别是|分别为|分别"
                      r"|[一二三四五六七八九十]{1,3}是(?![的否])"  # a point of a list told in prose: "二是冬季清冰雪经费支出…"
                      r"|按(?=(?:预算|资金)?执行率)"  # "按执行率98.90%计得9.89分": the rate the score is computed from
                      # a sum told in words: "上年结转45.80万元加本年收入…，减去本年支出…"
                      # ("加上年结转": 加 and then 上年结转, not 加上 and 年结转)
                      r"|加(?=上年)|加上|再加|加(?=[本当全上年])|减去|扣除|减(?=[本当全年]))+")
# The day a figure stands at ("截至2022年12月31日，实际支出…"; the year already taken out): when, not what
# (the year's end only: "截至9月底累计支出…" is another time's figure)
_AS_OF = re.compile(r"^\s*截(?:至|止)(?:到)?\s*(?:12\s*月\s*31\s*日|12\s*月(?:底|末)|年底|年末)(?:止)?")
# A unit naming itself before its 部门整体 figure ("市工商联部门整体支出绩效自评得分89.74分"): the department's
_SELF_NAMED = re.compile(rf"^[\u4e00-\u9fff]{{1,12}}?(?:{ORGANISATION_ENDINGS})(?=部门(?:单位)?整体|单位整体)")
# "（2）项目支出实际支出…", "1.全年预算数…", "①…": the mark of a list item is no part of the label
ITEM_MARKS = ("arabic_paren", "arabic_dot", "arabic_half", "circled")
_FUND_ROW = re.compile(r"[\u4e00-\u9fff]{2,}(?:资金|经费)$")
_GOAL_AFTER = re.compile(r"的((?:年度|全年|年初|预期|计划)?(?:绩效)?目标(?:值)?)(?![\u4e00-\u9fff])")
_AFTER_NOUN = re.compile(r"^(?:(?!的)[\u4e00-\u9fff]){1,10}")  # (up to a 的: "41,826名在校学生的家庭" counts the students)
# "…，91.72%的资金执行率。": a measure named after its figure, to the end of the clause.
_NAMED_AFTER = re.compile(r"的([\u4e00-\u9fff()]{2,16})")
_NOT_A_NOUN_START = ("主要", "用于", "其中", "用", "较", "比", "占", "同比", "的", "是", "为", "左右", "以上",
                     "以内", "以下", "达到", "完成", "得", "计", "共", "和", "及", "与", "等")


def segment_figures(doc: Document, index: int, seg: Segment, own_names: tuple[str, ...] = ()) -> list[Figure]:
    """Figures of one narrative segment, each labelled from the clause before it (or the noun after).
    ``own_names``: how a project report names its project (``titles.project_names``)."""
    lex = lexicon()
    out: list[Figure] = []
    previous_end = 0
    section_scope = _section_scope(doc, seg)
    goals = _goals_section(doc, index, seg)
    midyear = _midyear_section(doc, seg)
    declared = _declared_unit(doc, index)
    items = item_spans(seg.text, own_names=own_names)
    carried = None  # (subject, where it was named): "其中：省级补助资金：全年预算数45.00万元；全年执行数32.76万元"
    for q in parse_quantities(seg.text):
        if declared is not None and q.dimension == "none" and not q.unit:
            # "各项目情况如下（金额单位：万元）：" over "1.…：全年预算38.00，实际支出36.42，…"
            q = replace(q, unit=declared.unit, base_unit=declared.base_unit, scale=declared.scale,
                        dimension=declared.dimension)
        start, end = seg.original_range(q.number_start, q.number_end)
        clause_start = _clause_start(seg.text, q.start, previous_end)
        # (a plus sign before the number is its sign: "调整数：+118.40万元")
        before = re.sub(r"[+＋]\s*$", "", seg.text[clause_start:q.start])
        if before.startswith(")") and (opening := seg.text.rfind("(", 0, clause_start)) >= 0:
            # "产出类指标（前5项）得分48分": the label goes round the aside a figure of its own stands in
            before = seg.text[_clause_start(seg.text, opening, 0):opening] + before[1:]
        if ")、" in before:  # "…支出1,168.74万元）、光荣院运行保障（预算…": the next item of a list
            before = before[before.rindex(")、") + 2:]
        subject = ""  # "上级专项资金项目:全年预算金额为…": what the clause is about, before its colon
        if ":" in before:  # "全年预算数:7047.68" names it before the colon, "名称:预算数为…" after it
            head, _, tail = before.rpartition(":")
            # (the last field's name, after a label of the list: "分类执行情况：基本支出：调整后预算826.30万元")
            before, subject = (tail, head.rpartition(":")[2] or head) if tail.strip() else (head, "")
        if subject:
            carried = (subject, q.start)
        elif carried is not None and not _FULL_STOP.search(seg.text, carried[1], q.start):
            subject = carried[0]  # the fields after it, up to the sentence's end, are still its own
        before = lex.strip_copulas(_LEADING.sub("", _SELF_NAMED.sub("", _without_item_mark(
            _AS_OF.sub("", strip_years(before)).strip(" :、")))))
        label = before
        after = _AFTER_NOUN.match(seg.text[q.end:])
        concept, negative = lex.concept_of(label) if label else (None, False)
        if concept is None and (own := next((n for n in own_names if n in label), None)):
            # "实际支出困难群众救助补助资金7,228.00万元" in that project's report: the project's own spending
            concept, negative = lex.concept_of(label.replace(own, "", 1))
        if concept and q.dimension == "none" and q.unit in _BARE_MULTIPLIERS and lex.fits(concept, "money") \
                and concept.rpartition(".")[2] in _MONEY_MEASURES:
            # "年初预算2,630.5万": an amount of money written without its 元
            q = replace(q, unit=q.unit + "元", base_unit="元", dimension="money")
        if not lex.fits(concept, q.dimension):
            concept = None
        elif q.dimension == "money" and (concept is None or concept.rpartition(".")[2] == "adjustment"):
            # (调减为185.30万元 is where the change left the budget, not the change)
            level = _from_to(seg.text, q)
            if level is not None:
                concept, negative = level, False
        if concept is None and (goal := _GOAL_AFTER.match(seg.text, q.end)):
            # "审减金额未达到3,500万元的年度目标": the figure is the goal it fell short of, not a value reached
            label = f"{before}…{goal.group(1)}"
        elif after and concept is None and not after.group().startswith(_NOT_A_NOUN_START):
            label = f"{before}…{after.group()}" if before else after.group()
        elif concept is None and (named := _NAMED_AFTER.match(seg.text, q.end)):
            # "91.72%的资金执行率基本达到预期": the measure is named after the figure (the longest
            # phrase after 的 that names one)
            words = named.group(1)
            for n in range(len(words), 1, -1):
                concept, negative = lex.concept_of(words[:n])
                if concept is not None and lex.fits(concept, q.dimension):
                    label = words[:n]
                    break
                concept, negative = None, False
        if (label in _SCORES_TOTAL or label in _SCORE_FIELDS and (
                subject.strip() in _TOTAL_SUBJECTS or _TOTAL_RECORD.match(seg.text, sentence_start(seg.text, q.start)))) \
                and q.dimension in ("score", "none"):
            # (or a record of the 合计: "合计：分值100分，得分98.97分", "合计：100分，自评得分98.46分")
            concept = "total_score"  # "合计得分89.43分，自评等级为…": the scores' total, named by nothing else
        summed = [f for f in out if f.quantity.start >= sentence_start(seg.text, q.start) and f.quantity.dimension == "score"]
        if concept is None and q.dimension == "score" and _BARE_TOTAL.fullmatch(seg.text, clause_start, q.start) \
                and len(summed) >= 2 and not any(_WEIGHT_WORD.search(f.label) for f in summed) \
                and not _WEIGHT_WORD.search(seg.text, sentence_start(seg.text, q.start), summed[0].quantity.start) \
                and not _SCALE_WORDS.search(seg.text, sentence_start(seg.text, q.start), q.start):
            # (nor a scale's: "指标由预算执行率（10分）、产出指标（50分）…构成，合计100分", "评价指标体系中，…合计100分")
            # (nor the weights' under a heading word: "指标分值：预算执行率10分，产出指标50分，…，合计100分")
            # "产出指标得分49.30分，…，合计98.72分": the scores' total (not the weights', "每项分值10分，…，合计100分")
            label, concept = "合计", "total_score"
        if concept is None and q.dimension in ("score", "none") and out and out[-1].concept == "total_score" \
                and out[-1].quantity.value == 100 and not seg.text[out[-1].quantity.end:q.start].strip():
            label, concept = out[-1].label, "total_score"  # "总分\t100\t89.87": the points, then the score
        if concept is None and out and (head := _formula_head(seg.text, out, q)) is not None:
            if head.concept and lex.fits(head.concept, q.dimension):
                label, concept = head.label, head.concept  # "自评总分：9.74+50+29.64+10=99.38分": the result is the total
            elif not label.strip():
                label = head.label  # "预算执行率得分：10×97.73%＝9.77分": the result is what the formula is named
        scope = lex.scope_named(subject)  # "项目资金：年初预算数…": the measures of that part of the budget
        if concept is None and scope and q.dimension == "money":
            # "项目支出：预算1,252.95万元，支出1,199.74万元": that part's
            concept = lex.raw["scope_subject_measures"].get(label.strip())
        if concept is not None and (is_threshold(seg.text, q) or (scope is None and _names_a_subject(subject))):
            concept = None
        elif concept is not None and scope and "." not in concept and concept in lex.raw.get("scoped_measures", ()):
            concept = f"{scope}.{concept}"
        elif concept is not None and "." not in concept and concept in _DEPARTMENT_LEVEL:
            concept = _resolve_bare(doc, seg.text, clause_start, before, concept, out, section_scope, q.base_value)
        if concept is not None and concept.startswith(_PROJECT_SCOPE + ".") and _one_project(doc, seg.text, clause_start, label):
            concept = None
        if concept == "execution_rate" and out and (out[-1].concept or "").endswith(".executed") \
                and (bracket := _RATE_IN_BRACKETS.match(seg.text, out[-1].quantity.end)) and bracket.end() == q.start:
            concept = out[-1].concept.rpartition(".")[0] + ".execution_rate"  # the spending's own rate, in brackets
        if concept is None and q.dimension == "percent" and before in ("的", "") and out:
            concept = _share_of(seg.text, clause_start, q.start, out)
        if concept is None and q.dimension == "money" and out:
            concept = _scope_budget(seg.text, label, q, out)
        if concept is None and q.dimension == "money":
            concept = _scope_spent(seg.text, label, q)
        if concept is not None and _THAT_ITEM.search(label) and not project_report(doc):
            concept = None  # "（一）管网检测项目…，该项目执行率仅为72.76%": the item the sentence named
        if items and any(a <= q.start < b for a, b in items):
            concept = None  # "项目名称：社区运转经费；全年预算612.40；…；执行率100.00%": that item's own figures
        period = lex.period_of(seg.text[clause_start:q.start]) or _topic_period(seg.text, q.start) \
            or _planned(seg.text, q.start) or goals \
            or ("midyear" if midyear and not WHOLE_YEAR.search(seg.text, sentence_start(seg.text, q.start), q.start) else None)
        out.append(Figure(
            quantity=q, segment=index, start=start, end=end, label=label, concept=concept,
            terms=key_terms(label), period=period, negative=negative,
            year=_year_of(seg.text[sentence_start(seg.text, q.start):q.start]),
        ))
        if not _inside_a_name(seg.text, q):
            previous_end = q.end
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters after which a figure is a value stated (为, 达, 约, 率 …), not part of a name.
_BEFORE_A_VALUE = frozenset("为是达至到约近超占比率的了和及与共计余逾")


def _inside_a_name(text: str, q) -> bool:
    """Whether a percentage stands inside a name, between two characters of it ("年中追加全国1%人口抽样调查
    经费128.40万元"): the next figure's clause runs on over it, as the name's words do."""
    before, after = text[q.start - 1:q.start], text[q.end:q.end + 1]
    return q.dimension == "percent" and _CJK.fullmatch(before or "x") is not None \
        and before not in _BEFORE_A_VALUE and _CJK.fullmatch(after or "x") is not None \
        and after not in "以左上下的"


# An item the sentence named before, pointed back to ("该项目执行率"): in a department's report, not the whole.
_THAT_ITEM = re.compile(r"[该此](?:子?项目|子项|专项|笔资金|项资金|项工作)")
# Lines of fields each opening with an item's name ("项目名称：城市管理及环境卫生；全年预算486.30；…"): a list
# of items written out as text (its lines may have been joined into one paragraph), whose figures are
# each item's own, up to the next item or the list's 合计 line
_ITEM_NAME = re.compile(r"(?:子?项目名称|子项目|资金名称|支出内容|支出项目|(?<![\u4e00-\u9fff])项目(?:\s*[\d一二三四五六七八九十]{1,2})?"
                        r"|(?:项目)?(?:支出)?明细[\d一二三四五六七八九十]{0,3})"  # (or "项目支出明细二：…；支出数…")
                        r"\s*[:：]\s*(?:[^；;:：\d]|\d+%){2,40}?\s*[；;]")  # (or numbered: "项目1：国土空间规划编制；全年预算：…")
_LIST_TOTAL = re.compile(r"(?:项目)?(?:合计|总计|小计)\s*[:：]")
# the budget's own money by its source or kind, no fund of its own (财政拨款资金, 部门预算资金, 上级补助资金)
_GENERAL_FUND = re.compile(r"^(?:[县市区省镇乡]级|上级|本级|中央|省|市|县|区)?(?:财政|预算|部门|单位|整体|拨款|财政拨款|一般公共预算"
                           r"|政府性基金|专项|项目|补助|转移支付|自有|其他|结转|上年结转)*(?:专项资金|资金|经费)$")


# An item of a list with its money in brackets after its name ("优抚对象抚恤和生活补助（预算1,186.20万元，支出
# 1,168.74万元）、…"): the bracket's figures are the item's
_BRACKETED_ITEM = re.compile(r"(?:^|(?<=[、:：,，;；]))(?P<name>[\u4e00-\u9fff]{2,24})\((?P<inside>[^()]*?\d[^()]*)\)(?=\s*[、,，;；。和及]|$)")


# A sentence opening with a fund's own name and its budget ("档案数字化加工经费年初安排240,000.00元，…，调整后为
# 420,000.00元，全年支出386,420.00元，执行率92.00%"): its figures are the fund's (not 本项目…, 财政资金…)
_FUND_SENTENCE = re.compile(r"(?:^|(?<=[。;；]))\s*(?:[(（]?[\d一二三四五六七八九十]{1,2}[)）.、．]\s*)?(?P<name>(?![本该此全我])[\u4e00-\u9fff]{2,20}?(?:专项资金|资金|经费))"
                            r"(?:(?:年初|全年)?(?:安排|预算|预算数|批复)|(?:年中|年内|年度中)?(?:调增|调减|追加|核减|压减))"
                            r"(?:为|是|了)?\s*[\d０-９]")  # (or its change: "县级配套资金年中调增50.00万元，调整后为…")


def item_spans(text: str, own_names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where each item of a list written out as text stands: a line of fields opening with its name, its
    money in brackets after its name, or a sentence opening with a fund's name and its budget (not the
    project's own, ``own_names``, in its own report); its figures are that item's."""
    starts = [m.start() for m in _ITEM_NAME.finditer(text)]
    spans = []
    if "经费" in text or "资金" in text:
        lex = lexicon()
        for m in _FUND_SENTENCE.finditer(text):
            name = m.group("name")
            if lex.concept_of(name)[0] is None and not lex.scope_only(name) and not _GENERAL_FUND.search(name) \
                    and not any(own in name or name in own for own in own_names):
                spans.append((m.start("name"), sentence_end(text, m.end())))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        total = _LIST_TOTAL.search(text, start, end)
        spans.append((start, total.start() if total else end))
    if "(" in text:
        lex = lexicon()
        bracketed = [m for m in _BRACKETED_ITEM.finditer(text)
                     if lex.concept_of(m.group("name"))[0] is None and not lex.scope_only(m.group("name"))]
        if len(bracketed) >= 2:  # (a list of them: one is an aside of the sentence's)
            spans.extend((m.start("inside"), m.end("inside")) for m in bracketed)
    return spans


_STATED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


_THIS_YEAR = re.compile(r"本年|本年度|当年|今年")


def _year_of(before: str) -> int | None:
    """The year a figure's sentence gives it, unless its own clause says it is this year's ("2024年度部门预算
    执行率为96.12%，本年执行率98.58%")."""
    clause = re.split(r"[,，;；]", before)[-1]
    this_year = _THIS_YEAR.search(clause)
    # (当年 is the year the sentence is of: "2024年项目全年执行…，当年全县…优良中等路率为82.6%")
    if this_year and this_year.group() != "当年" and not _STATED_YEAR.search(clause):
        return None
    return stated_year(before)


def stated_year(text: str) -> int | None:
    """The last year a text names (``2022年度调整后预算`` → 2022), or None: for a figure, the text of its
    sentence before it, so the year carries over the sentence's later figures as a scope does."""
    years = _STATED_YEAR.findall(text)
    return int(years[-1]) if years else None


def _topic_period(text: str, pos: int) -> str | None:
    """A period the sentence opens with ("截至6月底实际支出…，执行进度36.85%"): it holds for the
    sentence's later clauses too."""
    start = sentence_start(text, pos)
    first = _CLAUSE_END.search(text, start, pos)
    period = lexicon().period_of(text[start:first.start()]) if first else None
    if period == "midyear" and WHOLE_YEAR.search(text, _clause_start(text, pos, start), pos):
        return None  # "年中绩效监控时已累计完成现场检查261家，全年累计检查218家": the year's, after the mid-year's
    if period is None:
        # "截至6月30日，累计支出…，执行率43.77%；培训党员1,420人次…": a mid-year opening holds past a ；
        # up to the full stop, unless the clause speaks of the whole year
        full = full_stop_start(text, start)
        opening = _CLAUSE_END.search(text, full, pos) if full < start else None
        if opening and lexicon().period_of(text[full:opening.start()]) == "midyear" \
                and not WHOLE_YEAR.search(text, start, pos):
            period = "midyear"
    return period


# Words that put a clause at the whole year (or its end), whatever the sentence opened with
WHOLE_YEAR = re.compile(r"全年|本年度|本年|年末|年底|12月|下半年")


# "…项目，计划在…新建圈舍120座，…新增存栏8000头": what a plan sentence lists after 计划 is planned
# (but not "完成年度计划的105%" nor "计划数").
# (not a plan the figures fell short of or beat: "因上级下达的资金低于年初预计，…调减预算…")
_PLAN = re.compile(r"(?<!低于)(?<!高于)(?<!超出)(?<!超过)(?<!少于)(?<!多于)(?<!年初)(?<!原)(?:计划|拟|预计)(?![的数值任务目标]|完成(?:率|情况|进度|了)|生育)")
# What a plan approved, listed up to the full stop: "批复的主要建设内容为：…；修建谷坊30座；…。"
_APPROVED = re.compile(r"批复的?(?:主要)?建设(?:内容|规模|任务)")
_FULL_STOP = re.compile(r"[。!！?？\n]")


def full_stop_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts when only a full stop ends one (a ； does not)."""
    return max(text.rfind(stop, 0, pos) for stop in "。！？!?\n") + 1


# A paragraph that states the goals ("2024年度部门整体绩效目标：…建成示范小区30个"): its figures are
# what was aimed at (not "绩效目标完成情况：…", which reports what was done)
# (or the tasks set: "…围绕…确定了以下任务：…完成免费孕前优生健康检查4200人", but not "完成了以下任务：…")
_GOAL_WORDS = "绩效目标|年度目标|年度总目标|总体目标|总目标|目标任务|工作目标"
_GOALS = re.compile(rf"^(?![^。;；:]*(?:完成|实现|达成|落实|取得))[^。;；:]{{0,40}}?"
                    rf"(?:{_GOAL_WORDS}|以下任务|主要任务|年度任务|工作任务|任务目标)"
                    r"(?!完成|实现|执行|情况|的完成|达成)\s*(?:为|是|如下)?\s*:")
# …and a numbered run-in heading that ends with a full stop ("（三）年度目标。全年举办…")
_GOALS_RUN_IN = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．]|\d{1,2}(?:[.．]\d{1,2})+[、.．]?)\s*"
                           rf"[^\d。;；:，,完实达超]{{0,10}}?(?:{_GOAL_WORDS})[^\d。;；:，,完实达情]{{0,4}}。")


# A section headed by the goals ("（三）年度绩效目标", "二、部门整体绩效目标设定"): what it lists is aimed at,
# unless the heading speaks of what became of them (绩效目标完成情况, 目标及实现情况, 目标执行分析)
_GOALS_HEADING = re.compile(_GOAL_WORDS)
_RESULTS_HEADING = re.compile(r"完成|实现|情况|执行|达成|评价|分析|偏差|得分")


def _goals_section(doc: Document, index: int, seg: Segment) -> str | None:
    block = doc.blocks[seg.blocks[0]]
    heading = block.section[-1] if block.section else ""
    if _GOALS_HEADING.search(heading) and not _RESULTS_HEADING.search(heading):
        return "plan"
    return "plan" if _goals_item(doc, index) else None


# A section headed by the mid-year monitoring ("三、年中监控情况"): its figures are the mid-year's, unless their
# sentence speaks of the whole year ("下半年…，年末完工42座")
_MIDYEAR_HEADING = re.compile(r"^(?:第?[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．部分]*\s*)?(?:年中|半年|中期)(?:绩效)?(?:运行)?监控"
                              r"(?:情况|结果|开展情况)?$")


def _midyear_section(doc: Document, seg: Segment) -> bool:
    block = doc.blocks[seg.blocks[0]]
    return bool(block.section) and bool(_MIDYEAR_HEADING.match(clean_heading_text(block.section[-1])))


def _goals_item(doc: Document, index: int) -> bool:
    """Whether the segment is an item of a numbered list under a paragraph that only announces the goals
    ("2025年度部门整体绩效目标：", then "1. …" "2. 推进…，完成校舍维修改造18,000平方米；")."""
    segments = doc.normalized.segments
    for k in range(index, max(-1, index - 16), -1):
        text = segments[k].text
        if segments[k].kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            return False
        numbering = numbering_of(text)
        if numbering is not None and numbering.style in ITEM_MARKS:
            continue
        if k == index:
            return False
        goals = _GOALS.match(text)
        return goals is not None and not text[goals.end():].strip()
    return False


def _without_item_mark(text: str) -> str:
    numbering = numbering_of(text)
    return numbering.rest if numbering is not None and numbering.style in ITEM_MARKS else text


def _scope_budget(text: str, label: str, q, earlier: list[Figure]) -> str | None:
    """"全年预算数7,380,900.00元。其中基本支出预算…，项目支出预算3,078,900.00元": a scope's bare 预算 (or the
    scope alone: 其中基本支出3,648.20万元) in the 其中 breakdown of a budget is that budget's measure for the
    scope."""
    scope = _bare_scope(label, "预算")
    if scope is None:
        return None
    total = next((f for f in reversed(earlier) if f.concept in ("initial_budget", "adjusted_budget")), None)
    if total is None or "其中" not in text[total.quantity.end:q.start]:
        return None
    head = text[total.quantity.end:total.quantity.end + text[total.quantity.end:q.start].index("其中")]
    if lexicon().measure_of(head) not in (None, total.concept):
        return None  # "调整后预算1,119.00万元。追加资金其中：…人员经费17.80万元": the breakdown of the addition
    between = [f for f in earlier if f.start > total.start]
    if any(f.concept.rpartition(".")[2] != total.concept if f.concept
           else lexicon().measure_of(f.label) not in (None, total.concept) for f in between):
        # another measure came in between (执行数, 调增 …, or 追加 named with its funds: "追加…经费518,600.00元（其中
        # 基本支出36,200.00元、项目支出482,400.00元）"): the breakdown is not the budget's
        return None
    return f"{scope}.{total.concept}"


def _bare_scope(label: str, *suffixes: str) -> str | None:
    """The scope a label is, alone or with one of ``suffixes`` (基本支出, 基本支出预算 → basic)."""
    return next((key for phrase, key in lexicon().scopes
                 if label == phrase or any(label == phrase + suffix for suffix in suffixes)), None)


# "（1）基本支出4,216,735.20元，执行率98.02%": the amount a rate of execution follows is what was spent
_RATE_FOLLOWS = re.compile(r"\s*[,，]\s*(?:其)?(?:预算)?执行率")
_RATE_IN_BRACKETS = re.compile(r"\s*\(\s*(?:其)?(?:预算)?执行率\s*(?:为|是)?\s*:?\s*")


def _scope_spent(text: str, label: str, q) -> str | None:
    """A scope's bare amount right before its execution rate is the scope's spending."""
    scope = _bare_scope(label)
    if scope is not None and _RATE_IN_BRACKETS.match(text, q.end):
        return f"{scope}.executed"  # "其中基本支出166.90万元（执行率99.20%）": the rate in brackets is its own
    if scope is None:
        return None
    if _scope_rate_follows(text, q.end, label):
        return f"{scope}.executed"  # "基本支出709.56万元，基本支出执行率99.61%": the rate names the scope again
    rate = _RATE_FOLLOWS.match(text, q.end)
    if not rate:
        return None
    opener = text.rfind("其中", sentence_start(text, q.start), q.start)
    if opener >= 0 and (re.search(r"\d", text[opener:q.start - len(label)]) or not _another_part_after(text, rate.end(), scope)):
        # "决算数…，其中基本支出…，项目支出…，预算执行率91.27%", "其中人员经费…、公用经费14.26万元，执行率99.13%":
        # the rate is the total's, unless it follows the first part and another part comes after it
        return None
    return f"{scope}.executed"


def _another_part_after(text: str, pos: int, scope: str) -> bool:
    """Whether another part of the budget is named later in the passage ("其中：基本支出831.24万元，执行率98.86%，
    …；项目支出481.42万元，…"): a rate between two parts is the first part's own, not the total's."""
    end = text.find("。", pos)
    rest = text[pos:end if end >= 0 else len(text)]
    return any(key != scope and phrase in rest for phrase, key in lexicon().scopes)


_COMMA = re.compile(r"\s*[,，]\s*")
_RATE_NAME = re.compile(r"(?:预算)?执行率")


def _scope_rate_follows(text: str, end: int, label: str) -> bool:
    comma = _COMMA.match(text, end)
    return comma is not None and text.startswith(label, comma.end()) \
        and _RATE_NAME.match(text, comma.end() + len(label)) is not None


def _planned(text: str, pos: int) -> str | None:
    planned = _PLAN.search(text, sentence_start(text, pos), pos) or _approved(text, pos) \
        or _GOALS.match(text) or _GOALS_RUN_IN.match(text)
    return "plan" if planned else None


def _approved(text: str, pos: int) -> bool:
    if "批复" not in text:
        return False
    last = None
    for last in _APPROVED.finditer(text, 0, pos):
        pass
    return last is not None and not _FULL_STOP.search(text, last.end(), pos)


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last 。；！？ or line break before it)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


_SENTENCE_END = re.compile(r"[。;；!?！？\n]")


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends (at the next 。；！？ or line break, or the text's end)."""
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)

# Measures that are the department's only when the sentence is about the department (budget amounts
# and rates); a score or a weight is whatever the sentence scores.
_DEPARTMENT_LEVEL = frozenset({"initial_budget", "adjustment", "adjusted_budget", "executed", "balance",
                               "income", "final_income", "final_spending", "execution_rate", "adjustment_rate"})
# Words that put a figure explicitly at the level of the whole department.
@cache
def _department() -> re.Pattern:
    """Words that put a figure explicitly at the level of the whole department: the department as a
    whole, or a unit naming itself (本馆, 我校, 本街道) or by what it is, as the subject ("学校2023年…")."""
    raw = lexicon().raw
    names = "|".join(re.escape(w) for w in sorted(raw["self_names"], key=len, reverse=True))
    subjects = "|".join(re.escape(w) for w in sorted(raw["self_subjects"], key=len, reverse=True))
    # the whole of an institution: 全院, 全馆, 全校 … (not 全县, 全市: a county is no department)
    return re.compile(rf"部门(?:单位)?整体|单位整体|^部门(?!单位)|全局|全部门|全(?:院|馆|校|所|站|中心|园|队)(?!长)|"
                      rf"^整体(?=执行|预算|支出)|{names}|^(?:{subjects})")


def _section_scope(doc: Document, seg: Segment) -> str | None:
    """A scope named by the innermost heading (``（一）基本支出和使用情况``) applies to bare labels."""
    block = doc.blocks[seg.blocks[0]]
    if not block.section:
        return None
    heading = block.section[-1]
    for phrase, key in lexicon().scopes:
        if phrase in heading:
            return key
    return None


def _resolve_bare(doc: Document, text: str, clause_start: int, label: str, concept: str,
                  earlier: list[Figure], section_scope: str | None, value=None) -> str | None:
    """A bare measure (``执行金额``) names the department's figure only if its sentence is about the
    department: the sentence opens with it, or the figures before it in the sentence are the
    department's. In ``驻社区补助项目,预算金额为7.2万元`` it is the project's, so no concept."""
    if concept.endswith("_rate") and (aside := re.search(r"\)\s*[,，]?\s*$", text[:clause_start])) \
            and (opening := text.rfind("(", 0, aside.start())) >= 0 and concept in lexicon().raw.get("scoped_measures", ()):
        # "基本支出486.35万元（其中人员经费…、公用经费…），执行率98.85%": the rate of the part before the aside
        owner = next((f for f in reversed(earlier) if f.quantity.end <= opening), None)
        if owner is not None and not text[owner.quantity.end:opening].strip() \
                and (scope := lexicon().scope_named(owner.label)):
            return f"{scope}.{concept}"
    if concept.endswith("_rate") and text.startswith("(", clause_start) and earlier \
            and earlier[-1].quantity.dimension == "money" and earlier[-1].concept is None \
            and not text[earlier[-1].quantity.end:clause_start].strip():
        return None  # "…、租赁补贴92.40万元（执行率94.29%）、…": the rate of the item it follows
    if _department().search(label):
        # in a project's report the department's own figures are background, not the report's subject
        # ("本项目是…部门预算中的一个项目。…部门整体全年预算1,286.30万元…"): the project's are the bare ones
        return None if project_report(doc) else concept
    sentence_start = 0
    for m in _SENTENCE_END.finditer(text, 0, clause_start):
        sentence_start = m.end()
    if section_scope is None and concept in lexicon().raw.get("scoped_measures", ()):
        section_scope = _topic_scope(text, earlier, sentence_start)
    scoped = f"{section_scope}.{concept}" if section_scope else concept
    if clause_start <= sentence_start:
        return scoped
    # the sentence's subject carries over from its last budget figure, scope included (财政资金…年初…,
    # 全年预算数…); figures that are no budget measure (7 个项目, 5.74 分) say nothing about it
    before = [f for f in earlier if f.quantity.start >= sentence_start and f.quantity.dimension != "score"
              and (f.concept or lexicon().measure_of(f.label)
                   # a fund's own money ("而县志编纂出版专项资金预算60.00万元"): the subject changed
                   or (f.quantity.dimension == "money" and _FUND_OF_ITS_OWN.search(f.label)))]
    # (a detail in brackets, "（本年安排118.70万元，上年结转38.60万元）", is of the figure before it: no subject)
    before = [f for f in before if not _in_brackets(text, sentence_start, f.quantity.start)]
    if before:
        previous = before[-1].concept
        if previous is None and lexicon().measure_of(before[-1].label) == "adjustment":
            # "年初预算…，年内追加中央和省级水利发展资金…，全年预算数…": a named fund added to the budget
            # goes on with the story of the budget before it, or of the department's budget when the
            # sentence opened with the addition ("年度中间县财政追加…补助资金共518.30万元，…，调整后全年预算为…")
            previous = next((f.concept for f in reversed(before) if f.concept), None)
            if previous is None and all(lexicon().measure_of(f.label) == "adjustment" for f in before):
                previous = concept
        if previous is None:
            return None
        # (the same rate again is another subject's: "项目支出执行率仅为65.69%，全年预算执行率83.29%"; not so two
        # changes, 追加…、调减…)
        carries = "." in previous and concept in lexicon().raw.get("scoped_measures", ()) \
            and not (previous.rpartition(".")[2] == concept and concept.endswith("_rate")) \
            and not _goes_back(previous.rpartition(".")[2], concept) \
            and not _after_breakdown(text[sentence_start:clause_start], before, concept) \
            and not (previous.rpartition(".")[2] == "adjustment" and concept == "adjusted_budget"
                     and (_changed_part(before[-1].label) or _whole_after_change(earlier, before[-1], value)))
        # ("调减项目支出38.50万元，调整后预算数为1,288.24万元": a change done to a part, then the budget after it,
        # the whole's; "项目支出调增19.52万元，调整后预算96.14万元" goes on about 项目支出)
        return f"{previous.split('.')[0]}.{concept}" if carries else concept
    prefix = _department().sub("", _AS_OF.sub("", strip_years(text[sentence_start:clause_start])))
    if concept == "execution_rate" and _item_running_slow(prefix):
        return None  # "一是接口改造和等保测评支出进度偏慢，执行率仅68.75%": that item's rate
    if _TIMES_ADJUSTED.search(prefix):
        return scoped  # "全年中心预算经历一次调整：年初预算…": how often the budget changed, then its figures
    head, colon, tail = prefix.rpartition(":") if ":" in prefix else (prefix, "", "")
    if head.strip() and not _names_a_subject(_run_in_weight().sub("", head.strip())):
        prefix = tail  # "一、预算执行情况（10分）：全年预算数…": a run-in title, not a subject
    clauses = re.split(r"[,，]", prefix)
    if len(clauses) > 1 and all(_STATEMENT.search(c) for c in clauses[:-1] if c.strip()):
        prefix = clauses[-1]  # "本年度未发生预算调整，调整后预算仍为…": a statement, then the figures
    elif len(clauses) > 1 and concept == "adjustment" and all(_TOLD_CHANGE.match(c) for c in clauses[:-1] if c.strip()):
        prefix = clauses[-1]  # "9月追加中央预算内投资，调增2,540.00万元": the change told, then its amount
    elif concept == "adjustment" and _WHEN_CHANGED.match(label) and not text[clause_start:].startswith("、") \
            and not _in_brackets(text, sentence_start, clause_start):
        # "秋季学期在园幼儿较年初测算增加160人，年中追加42.00万元": its cause, then the change (not an item's:
        # "…改造年初安排80.00万元、年中调增18.50万元")
        prefix = ""
    prefix = lexicon().without_filler(prefix)
    return scoped if not re.sub(r"[\s,，:：、]", "", prefix) else None


# A change named before the part it was done to (调减项目支出, 追加项目资金): the part is its object, not the subject
_CHANGE_FIRST = re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,12}?(?:要求|需要|安排|批复)[,，]?)?\s*(?:年中|年度中)?\s*"
                           r"(?:调减|调增|追加|追减|压减|核减|增加|减少)")


# A change told with when it was made ("年中追加", "9月调减"): the budget's, whatever clause came before
_WHEN_CHANGED = re.compile(rf"\s*{CHANGE_TIMES}\s*(?:追加|调增|调减|追减|压减|核减)")
# A clause telling of a change to the budget before its amount ("9月追加中央预算内投资").
_TOLD_CHANGE = re.compile(rf"\s*{CHANGE_TIMES}?\s*(?:因[^,，]{{0,20}}?)?(?:追加|调增|调减|追减|压减|核减|下达|增加|减少)")


def _changed_part(label: str) -> bool:
    """Whether a change's label names the verb, then the part it was done to (调减项目支出)."""
    m = _CHANGE_FIRST.match(label)
    return bool(m) and any(phrase in label[m.end():] for phrase, _ in lexicon().scopes)


# "接口改造和等保测评支出进度偏慢", "某项目资金执行较慢": an item's spending said to lag
_ITEM_PROGRESS = re.compile(r"^(?:[一二三四五六七八九十]是)?(?P<name>[^,，:：]{2,24}?)(?:项目)?(?:资金)?"
                            r"(?:支出|执行|支付)(?:进度|率)?(?:偏慢|较慢|缓慢|滞后|偏低|较低|不足|不理想)")


def _item_running_slow(prefix: str) -> bool:
    m = _ITEM_PROGRESS.match(prefix.strip())
    if m is None:
        return False
    name = lexicon().without_filler(_department().sub("", m.group("name")))
    for phrase, _ in lexicon().scopes:
        name = name.replace(phrase, "")
    return len(re.sub(r"[^\u4e00-\u9fff]", "", name)) >= 2


_FUND_OF_ITS_OWN = re.compile(r"[\u4e00-\u9fff]{2,}(?:专项资金|资金|经费)(?:预算)?$")


# A budget is told in this order: what was budgeted, how it changed, what it became, what was spent.
# A scope carries on to a later measure of its story ("项目支出调增120万元，调整后预算…"); a measure that
# goes back in it starts another ("追加项目资金120万元，年初预算2,350万元": the department's budget).
_BUDGET_STORY = ("initial_budget", "adjustment", "adjusted_budget", "executed")


def _after_breakdown(sentence: str, before: list[Figure], concept: str) -> bool:
    """Whether a bare measure follows a 其中 breakdown into several scopes and is not one of the
    breakdown's own measures: "调增26.17万元，其中基本支出调增…，项目支出调增…，调整后全年预算387.42万元"
    is back to the department (but in "其中基本支出预算…、执行…，项目支出预算…、执行…" the last 执行
    is still the project's)."""
    if "其中" not in sentence:
        return False
    scoped = [f.concept.rpartition(".") for f in before if f.concept and "." in f.concept]
    return len({scope for scope, _, _ in scoped}) > 1 and concept not in {measure for _, _, measure in scoped}


def _in_brackets(text: str, start: int, position: int) -> bool:
    """Whether ``position`` stands inside brackets opened after ``start`` (closed or not)."""
    depth = 0
    for ch in text[start:position]:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
    return depth > 0


def _whole_after_change(earlier: list[Figure], change: Figure, value) -> bool:
    """Whether a budget after a part's change is the whole's, as the sums say: the department's 年初预算
    told before it, changed by the part's amount ("年初预算48,652,300.00元。…项目支出预算调减6,218,450.00元，
    调整后预算42,433,850.00元")."""
    initial = next((f for f in reversed(earlier) if f.concept == "initial_budget"), None)
    if initial is None or value is None:
        return False
    return initial.quantity.base_value + change.signed_base_value == value


def _goes_back(previous: str, concept: str) -> bool:
    if previous not in _BUDGET_STORY or concept not in _BUDGET_STORY:
        return False
    return _BUDGET_STORY.index(concept) < _BUDGET_STORY.index(previous)


_BARE_MULTIPLIERS = frozenset({"万", "亿", "千万", "百万"})
# "全年预算由年初的2,350.00万元调整为2,434.40万元": the budget before and after its adjustment
# (the budget, or a part of it named alone: "项目支出由年初217.80万元调减为185.30万元")
_CHANGED = r"(?:预算[^,，。;；]{0,6}|(?:基本支出|项目支出|人员经费|公用经费)\s*)由"
_TO = r"(?:调整|调增|调减|追加|压减|核减|增加|减少)(?:为|至|到)"
_FROM_BEFORE = re.compile(_CHANGED + r"\s*(?:年初(?:的|批复的?)?(?:预算)?(?:数)?)?\s*$")
_TO_AFTER = re.compile(r"\s*" + _TO)
_TO_BEFORE = re.compile(_CHANGED + r"(?:[^,，。;；]|(?<=\d),(?=\d)){0,24}" + _TO + r"\s*$")


_FROM_WORD = re.compile(r"由(?:年初|原来|原|最初|计划)?(?:的)?\s*$")


def value_before_change(text: str, q) -> bool:
    """Whether the amount is what something was before a change written right after it, whatever it is of
    (基础设施类资金由3,361.00万元调整为3,146.00万元)."""
    # (or "由年初的360户调整为332户": when it was, before it)
    return bool(_FROM_WORD.search(text, max(0, q.start - 8), q.start)) and bool(_TO_AFTER.match(text, q.end))


def changed_from(text: str, q) -> bool:
    """Whether the amount is what a budget was before the change written right after it (由…217.80万元调减为…)."""
    return bool(_TO_AFTER.match(text, q.end)) and bool(_FROM_BEFORE.search(text, max(0, q.start - 40), q.start))


def _from_to(text: str, q) -> str | None:
    """The concept of a budget figure written as a change from one amount to another (the clause's
    commas are folded to ",", so only a comma between digits is inside the clause)."""
    start = max(0, q.start - 40)
    if changed_from(text, q):
        measure = "initial_budget"
    elif _TO_BEFORE.search(text, start, q.start):
        measure = "adjusted_budget"
    else:
        return None
    # the part whose budget changed, named before 由 in the clause: "项目支出预算由167.65万元调整为219.25万元"
    clause = text[max(start, text.rfind(",", 0, q.start) + 1, sentence_start(text, q.start)):q.start]
    scope = next((key for phrase, key in lexicon().scopes if phrase in clause.partition("由")[0]), None) \
        if "由" in clause else None
    return f"{scope}.{measure}" if scope else measure


# A clause that states something (a verb, a negation), not a subject the figures after it belong to.
_STATEMENT = re.compile(r"未(?:发生|进行|作|做|开展|实施|出现|调整)|没有|已经|进行了|发生了|收支相抵|相抵后|轧差|经核算|经测算|综上"
                        # when and by whose leave: "年度执行中，经市政府批准，预算调增…"
                        r"|^(?:年度|预算)?执行(?:过程)?中$|^年中$|^经[^,，]{1,16}(?:批准|同意|审批|审定|研究)$"
                        # and why: "因县道X032改线工程暂缓实施，调减预算…" (the cause names no subject)
                        r"|^(?:因|由于)[^,，]{2,30}$|^受[^,，]{1,20}影响$"
                        # and how the money is managed: "项目资金实行专账核算，工程款按…方式支付，全年支出…"
                        r"|实行|严格执行|^[^,，]{0,12}按[^,，]{0,30}(?:支付|拨付|核算|管理|结算)$"
                        # and from which side: "从支出看，…", "分类看，…", "总体来看，…"
                        r"|^(?:从|就)[^,，]{1,10}(?:看|来看|而言|来说)$|^(?:分类|总体|整体|具体|分项)(?:来)?看$")
# The weight a run-in title carries: "一、预算执行情况（10分）".
# How often the budget changed, before its figures ("全年中心预算经历一次调整：年初预算…"); and a clause that
# says it changed (…调整：), which names no subject.
_TIMES_ADJUSTED = re.compile(r"(?:经历|经过|进行|作|做|发生)了?\s*(?:[一二两三四五六七八九十]|\d+)\s*次\s*$")
_ADJUSTED = re.compile(r"(?:(?:经历|经过|进行|作|做)了?[^,，]{0,4})?调整$")


@cache
def _run_in_weight() -> re.Pattern:
    return re.compile(weight_in_brackets(closed=False) + "$")
_SUBJECT_NOT = re.compile(r"(?:情况|概况|说明|分析|内容|范围)$"
                          # a label of the text itself: "摘要：2025年我局调整后预算…", "总体评价：…"
                          r"|^(?:摘要|内容摘要|报告摘要|概要|小结|总结|结论|自评结论|评价结论|总体评价|综述|总述|基本结论)$")


def _names_a_subject(head: str) -> bool:
    """Text before a colon that names what the clause is about (a project, a fund), so that a bare
    measure after it is that thing's, not the department's; a section-like title is no subject."""
    head = _run_in_weight().sub("", _LEADING.sub("", strip_years(head.strip())))
    head = re.sub(r"^[\s(（]*[一二三四五六七八九十\d]+[)）、.]?\s*", "", head)
    if not head or _SUBJECT_NOT.search(head) or lexicon().measure_of(head) or _ADJUSTED.search(head):
        return False  # (nor is a statement: "全年中心预算经历一次调整：年初预算…")
    rest = _department().sub("", head)
    rest = lexicon().without_filler(rest)
    return bool(re.sub(r"[\s,，、()（）]", "", rest))


def _share_of(text: str, clause_start: int, position: int, earlier: list[Figure]) -> str | None:
    """"实际支出X，占调整后预算Y的N%": N is the rate whose numerator is X's measure and denominator Y's."""
    denominator = earlier[-1]
    if "占" not in text[max(0, denominator.quantity.start - 12):denominator.quantity.start]:
        return None
    numerators = [f for f in earlier[:-1] if f.concept]
    if not numerators or not denominator.concept:
        return None
    numerator = numerators[-1]
    scope_n, _, measure_n = numerator.concept.rpartition(".")
    scope_d, _, measure_d = denominator.concept.rpartition(".")
    if scope_n != scope_d:
        return None
    for rate, spec in lexicon().raw["rates"].items():
        if spec["numerator"] == measure_n and spec["denominator"] == measure_d:
            return f"{scope_n}.{rate}" if scope_n else rate
    return None


def _topic_scope(text: str, earlier: list[Figure], sentence_start: int) -> str | None:
    """The scope the previous sentence is about (all its figures naming a concept name it):
    "基本支出全年预算总额…。实际支出…" — the second sentence goes on about 基本支出."""
    previous_start = 0
    for m in _SENTENCE_END.finditer(text, 0, max(0, sentence_start - 1)):
        previous_start = m.end()
    full_start = full_stop_start(text, previous_start)
    if text.startswith("其中", previous_start) or "其中" in text[full_start:previous_start]:
        return None  # "其中：基本支出调增…，项目支出调增…。" (or its last item after a ；): a breakdown, not a topic
    # (a change is told of the part it went to: "追加项目支出预算120.00万元。调整后全年预算…" is the whole's)
    scopes = [f.concept.split(".")[0] if "." in f.concept else None for f in earlier
              if previous_start <= f.quantity.start < sentence_start and f.concept
              and f.concept.rpartition(".")[2] != "adjustment"]
    if not scopes or len(set(scopes)) > 1:
        return None  # a sentence about two scopes has no one topic
    return scopes[0]


def _clause_start(text: str, position: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_END.finditer(text, floor, position):
        start = m.end()
    return start


_BREAKDOWN_CAPTION = re.compile(r"(?:明细|构成|分项)[^。;；]{0,4}(?:如下|见下)")
# A caption that is a title alone, no sentence: "项目支出情况（万元）"
_TITLE_CAPTION = re.compile(r"[^。;；,，:：]{2,24}")


def cell_figures(doc: Document, table: Table) -> list[Figure]:
    """Figures in table cells, labelled by their row and column headers."""
    lex = lexicon()
    out: list[Figure] = []
    in_wan = table.mentions("万元")  # "项目资金（万元）": bare figures in the table are amounts
    pieces = _caption_pieces(doc, table)
    caption = " ".join(pieces)
    table_unit = _table_unit(table, caption) or _cover_unit(doc)
    # "主要项目支出表": the table's amounts are the projects', not the department's
    # (or "项目支出明细如下：" over it)
    # (named in the title itself, not in a sentence before it: "…提高项目支出执行率。" over "附：自评表")
    caption_scope = next((key for piece in pieces if "表" in piece or _BREAKDOWN_CAPTION.search(piece)
                          for phrase, key in lex.scopes if phrase in piece), None)
    if caption_scope is None:  # (a title right above it naming one part: "项目支出情况（万元）")
        title = _title_above(doc, table)
        named = {key for phrase, key in lex.scopes if phrase in title}
        caption_scope = named.pop() if len(named) == 1 else None
    # under "（二）项目支出" a table's amounts are the projects', as the narrative's are
    first_cell = min(table.cells.values(), key=lambda c: c.block, default=None)
    if caption_scope is None and first_cell is not None and first_cell.segment is not None:
        caption_scope = _section_scope(doc, doc.normalized.segments[first_cell.segment])
    scoped_measures = lex.raw.get("scoped_measures", ())
    for cell in table.cells.values():
        if cell.segment is None:
            continue
        if table.in_rule_column(cell.row, cell.col):
            continue  # "执行率低于95%的，每降低1个百分点扣0.5分": the rule's figures are no facts
        seg = doc.normalized.segments[cell.segment]
        quantities = parse_quantities(seg.text)
        if not quantities:
            continue
        row_header = table.row_header(cell.row, cell.col)
        col_header = table.column_header(cell.row, cell.col)
        # "执行数（万元）" states the unit of the bare figures below it; the label is "执行数"
        unit = next((u for h in table.column_headers(cell.row, cell.col) if (u := _unit_of(h))), None) \
            or (_unit_of(row_header) if not _NOT_AMOUNTS.search(col_header) and not _DIGIT.search(row_header)
                else None)  # (a value to the left, "88.6万头(只)", states no unit for the row)
        # 预算数（万元） over 年初 and 全年 is their unit too; 年度资金总额（万元） is not its 分值's
        if unit is None and table_unit is not None \
                and not _NOT_AMOUNTS.search(f"{col_header} {_PERCENT_FIGURE.sub('', row_header)}"):
            unit = table_unit  # a table's 单位：万元 is its amounts' unit, not its scores', rates' or counts'
        row_header, col_header = _without_unit(row_header), _without_unit(col_header)
        for q in quantities:
            if unit is not None and not q.unit and q.dimension == "none":
                q = replace(q, unit=unit.unit, base_unit=unit.base_unit, scale=unit.scale, dimension=unit.dimension)
            start, end = seg.original_range(q.number_start, q.number_end)
            inline = _inline_label(seg.text, q)
            label = "/".join(p for p in (inline or row_header, col_header) if p)
            dimension = "money" if q.dimension == "none" and in_wan else q.dimension
            concept, negative = (None, False)
            # the row names what (其中：财政拨款), the column the measure (全年执行数); a total row's
            # "总分" under 分值 is the total weight, so the column speaks before the row alone
            candidates = [inline, f"{row_header}{col_header}"]
            if _generic_header(col_header) and lex.scope_only(row_header):
                candidates = [inline, row_header]  # "项目支出 | 124.24" under 金额: a part, not 项目 + 支出金额
            if _generic_header(row_header):  # 合计/年度资金总额: the column alone says what it is
                candidates.append(col_header)
            if _generic_header(col_header):  # 金额/数值 (万元): the row alone says what it is
                candidates.append(row_header)
            for candidate in candidates:
                if candidate:
                    concept, negative = lex.concept_of(candidate)
                    if concept and lex.fits(concept, dimension if concept.rpartition(".")[2] in
                                            _MONEY_MEASURES else q.dimension):
                        break
                    concept = None
            scope = caption_scope or (_listed_projects(table, cell, row_header) and _PROJECT_SCOPE)
            if concept and inline and not scope and "." not in concept and concept in scoped_measures:
                # "项目支出执行 | 执行率92.47%": the cell's own words name the measure, its row the part
                row_concept = lex.concept_of(row_header)[0] or ""
                scope = lex.scope_named(row_header) or (row_concept.partition(".")[0] if "." in row_concept else None)
            if concept and scope and "." not in concept and concept in scoped_measures:
                concept = f"{scope}.{concept}"
            if concept and "." not in concept and inline and _FUND_ROW.search(row_header) \
                    and not _generic_header(row_header):
                concept = None  # "其他资金（元） | 年初预算数0.00 | …": that fund's budget, not the department's
            if concept and concept.rpartition(".")[2] in _MONEY_MEASURES and _names_an_item(table, cell, row_header):
                concept = None  # "1 | 道路硬化 | 财政拨款 | 300000.00": the project's amount, not the department's
            if concept and is_threshold(seg.text, q):
                concept = None
            if concept and "." in concept and _crossed_scopes(table, cell):
                concept = None  # "基本支出 | 一般公共预算 | … | 99.78%": a part of a part, no one scope's figure
            period = lex.period_of(f"{row_header} {col_header} {inline}")
            out.append(Figure(
                quantity=q, segment=cell.segment, start=start, end=end, label=label, concept=concept,
                terms=key_terms(label), period=period, negative=negative,
                table=table.number, row=cell.row, col=cell.col,
                year=stated_year(f"{row_header} {col_header} {inline}"),
            ))
    return _parts_of_the_total_row(table, out)


_TOTAL_ROW_LABEL = re.compile(r"^(?:合\s*计|总\s*计)")


def _parts_of_the_total_row(table: Table, figures: list[Figure]) -> list[Figure]:
    """The rows above a 合计 row are its parts: a plain measure a row shares with the 合计 in its column
    ("2025年预算资金 | 375.00 | 361.50 | 96.40%" over "合计 | 410.00 | 396.50 | 96.71%") is the total's, not the row's."""
    totals = {(f.col, f.concept) for f in figures if f.concept and "." not in f.concept
              and _TOTAL_ROW_LABEL.match(table.row_header(f.row, f.col))}
    if not totals:
        return figures
    return [replace(f, concept=None) if (f.col, f.concept) in totals
            and not _TOTAL_ROW_LABEL.match(table.row_header(f.row, f.col)) else f for f in figures]


def _crossed_scopes(table: Table, cell) -> bool:
    """Whether the row names two parts of the budget in its label cells (支出类别 基本支出 and 资金来源 一般公共预算),
    the first perhaps merged down from a row above."""
    lex = lexicon()
    labels = [c.text for c in table.row_cells(cell.row) if c.col < cell.col and not c.numeric and c.text.strip()]
    if table.cell(cell.row, 1) is None or not table.cell(cell.row, 1).text.strip():
        above = next((table.cell(r, 1) for r in range(cell.row - 1, 0, -1)
                      if table.cell(r, 1) is not None and table.cell(r, 1).text.strip()), None)
        if above is not None and not above.numeric:
            labels.insert(0, above.text)
    return len({key for text in labels if (key := lex.scope_named(text))}) >= 2


# "严重精神障碍患者免费服药项目全年预算168.00万元，…，项目执行率88.50%": in a department's report, 项目 after
# a project named in its sentence is that one project, not the department's 项目支出 (in a project's own
# report it is the report's project, which is what project.* figures are there)
_NAMED_PROJECT = re.compile(r"[\u4e00-\u9fff]{2,}项目(?!支出|经费)|[该此本]项目")
_BARE_PROJECT = re.compile(r"^(?:该|此|本)?项目(?!支出|经费)")


def _one_project(doc: Document, text: str, clause_start: int, label: str) -> bool:
    if not _BARE_PROJECT.match(label) or not department_report(doc):
        return False
    return bool(_NAMED_PROJECT.search(text, sentence_start(text, clause_start), clause_start))


# A list of projects ("项目名称 | 全年预算 | 实际支出", one project a row): its 合计 row is the projects' total
_PROJECT_SCOPE = "project"
_PROJECTS_HEADER = re.compile(r"^(?:项目名称|项目明细)$")  # (项目 alone is "item": 项目 | 年初预算 | …)


def _listed_projects(table: Table, cell, row_header: str) -> bool:
    top = min((r for r, c in table.cells if c == 1), default=None)
    if top is None or top >= cell.row or not is_total_row_label(row_header):
        return False
    # the names' column: the first, or one after a 序号 column
    headers = [table.cell(top, c).text for c in range(1, cell.col) if (top, c) in table.cells]
    return any(_PROJECTS_HEADER.match(re.sub(r"\s+", "", h)) for h in headers[:2])


# A scoring rule's condition: "执行率低于95%的，每降低1个百分点扣0.5分", "完成率达到100%的得满分".
_THRESHOLD_BEFORE = re.compile(r"(?:低于|高于|不低于|不高于|不足|超过|未达到|达到|大于|小于|少于|多于|在)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*(?:\(含\))?\s*(?:及?以上|及?以下)?\s*(?:\(含\))?\s*的\s*(?:[,，]|得|扣|计|按|不得|给予|每)")


_PRODUCT_OPS, _SUM_OPS = "×*＊xX乘÷/", "+＋−"
# (a term added only before a figure: "50+" alone is no sum)
_FORMULA_TERM = re.compile(rf"\s*(?:[{_PRODUCT_OPS}]|[{_SUM_OPS}]\s*\d)")


_WEIGHT_WORD = re.compile(r"分值|权重|满分|另计")
_SCALE_WORDS = re.compile(r"构成|组成|体系|设置|设定|分配")
# A clause that is only a total's word before its figure ("，合计98.72分").
_SCORES_TOTAL = ("合计得分", "得分合计", "总计得分")
_TOTAL_SUBJECTS = ("合计", "总计", "合 计", "总分", "综合")
_SCORE_FIELDS = ("得分", "自评得分", "评价得分")
_TOTAL_RECORD = re.compile(r"\s*(?:合\s*计|总\s*计)\s*:")  # the sentence is the 合计's record
_BARE_TOTAL = re.compile(r"\s*(?:合计|共计|总计)\s*(?:为|是)?\s*:?\s*")
_EQUALS = re.compile(r"\s*[=＝]\s*")


def _formula_head(text: str, earlier: list[Figure], q) -> Figure | None:
    """The first term of the formula whose result ``q`` is (``q`` right after its ＝), when it names what
    is worked out: 自评总分 in "自评总分：9.74+50+29.64+10=99.38分"."""
    # (the last term stands before the ＝, the one before it before an operator)
    if len(earlier) < 2 or not _EQUALS.fullmatch(text, earlier[-1].quantity.end, q.number_start) \
            or not is_formula_term(text, earlier[-2].quantity):
        return None
    k = len(earlier) - 1
    while k > 0 and is_formula_term(text, earlier[k - 1].quantity) \
            and _OPERATOR_ONLY.fullmatch(text, earlier[k - 1].quantity.end, earlier[k].quantity.start):
        k -= 1
    return earlier[k]


_OPERATOR_ONLY = re.compile(rf"\s*[{_PRODUCT_OPS}{_SUM_OPS}]\s*")


# "按每人每年10,000元标准发放", "每亩补助200元", "780元/人·月", "补助标准为300元": an amount for each one
_EACH_BEFORE = re.compile(r"(?:每[\u4e00-\u9fff]{1,2}?(?:每?[年月日天])?\s*(?:补助|补贴|发放|支付|购买|缴纳|给予|奖励|报销|核发|计发|标准为?|按|为|达|计)?"
                          r"|标准为?|单价为?|均价为?)\s*$")
_EACH_AFTER = re.compile(r"\s*(?:/|每)[\u4e00-\u9fff]|\s*(?:的)?(?:补助)?标准")


def for_each_unit(text: str, q) -> bool:
    """Whether the amount ``q`` of ``text`` is a standard or price for each person, household, mu … (每人每年
    10,000元, 780元/人, 补助标准为300元), not a total of the year's."""
    clause = re.split(r"[,，。;；:：]", text[:q.start])[-1]
    return bool(_EACH_BEFORE.search(clause) or _EACH_AFTER.match(text, q.end))


# The measures of the department's money a part or a class of it is a share of
WHOLE_MEASURES = ("executed", "adjusted_budget", "initial_budget")


def parts_named_by_their_sum(doc: Document, figures: list[Figure]) -> None:
    """"按支出性质分，基本支出842.50万元、项目支出517.50万元": parts of the budget named alone in one sentence,
    no measure said, whose amounts add up to exactly one of the department's stated wholes (its budget or its
    spending): they are the parts of that measure (basic.adjusted_budget …). Several wholes of the same value
    (a budget spent to the yuan) leave them unnamed."""
    wholes: dict[str, set] = {}
    for f in figures:
        if f.concept in WHOLE_MEASURES and f.period is None and not f.quantity.approx:
            wholes.setdefault(f.concept, set()).add(f.quantity.base_value)
    if not wholes:
        return
    lex = lexicon()
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in figures:
        if f.table is None:
            text = doc.normalized.segments[f.segment].text
            by_sentence.setdefault((f.segment, sentence_start(text, f.quantity.start)), []).append(f)
    for group in by_sentence.values():
        parts = [f for f in group if f.concept is None and f.period is None and f.quantity.dimension == "money"
                 and not f.quantity.approx and lex.scope_named(f.label)]
        if len(parts) < 2 or len({lex.scope_named(f.label) for f in parts}) != len(parts) or len(parts) != len(
                [f for f in group if f.quantity.dimension == "money"]):
            continue
        added = sum((f.quantity.base_value for f in parts), Decimal(0))
        tolerance = sum((f.quantity.base_tolerance for f in parts), Decimal(0))
        matched = [m for m, values in wholes.items() if any(abs(v - added) <= tolerance for v in values)]
        if len(matched) != 1:
            continue
        for f in parts:
            f.concept = f"{lex.scope_named(f.label)}.{matched[0]}"


def is_formula_term(text: str, q) -> bool:
    """Whether a figure is a term of a formula written out (得分＝10×80.00%＝8.00分: 10 and 80.00%), not
    a value stated."""
    return _FORMULA_TERM.match(text, q.end) is not None


def is_threshold(text: str, q) -> bool:
    """Whether a figure is the threshold of a scoring rule, a condition rather than a fact."""
    return bool(_THRESHOLD_BEFORE.search(text, max(0, q.number_start - 4), q.number_start)
                and _THRESHOLD_AFTER.match(text, q.end))


_TOTAL_WORDS = re.compile(r"年度资金总额|资金总额|合计|总计|小计|总分|总额|金额|数值|数额|\(万元\)|\(元\)|万元|元")


@lru_cache(maxsize=4096)  # a table repeats its headers in every row
def _generic_header(header: str) -> bool:
    """A header that names no particular thing: a total row's label, a column of amounts."""
    rest = _TOTAL_WORDS.sub("", re.sub(r"\s+", "", header))
    rest = lexicon().without_filler(rest)
    return not re.sub(r"[:：,，、/()（）]", "", rest)


_MONEY_MEASURES = frozenset({"initial_budget", "adjustment", "adjusted_budget", "executed", "balance", "income"})


# "单位：万元", "金额单位:万元" in a caption or a header; "执行数（万元）", "完成率(%)" at a header's end.
_UNIT_NOTE = re.compile(r"单位\s*:\s*([^\s,，;；:()]{1,4})")
_DIGIT = re.compile(r"\d")
_HEADER_UNIT = re.compile(r"\(\s*(?:单位\s*:\s*)?([^()\d\s]{1,4})\s*\)\s*$")


@lru_cache(maxsize=256)
def _unit_quantity(unit: str) -> Quantity | None:
    """What a unit written alone means (``万元`` → money ×10000), or None if it is not a unit."""
    found = parse_quantities(f"1{unit}")
    if len(found) == 1 and found[0].unit and found[0].end == len(unit) + 1:
        return found[0]
    return None


# A paragraph that ends by stating the unit of the list after it: "各项目情况如下（金额单位：万元）："
_UNIT_DECLARED = re.compile(r"(?:金额)?单位\s*:\s*(?:人民币)?\s*((?:千|万|亿)?元)\s*\)?\s*:?\s*$")
_DECLARED_ITEMS = 15  # how many list items the declaration may stand before


def _declared_unit(doc: Document, index: int) -> Quantity | None:
    """The unit a list's lead-in states for its items' bare amounts: for a numbered item, the unit the
    paragraph before its run of numbered items ends by declaring."""
    segments = doc.normalized.segments
    if numbering_of(segments[index].text) is None:
        return None
    for j in range(index - 1, max(-1, index - 1 - _DECLARED_ITEMS), -1):
        seg = segments[j]
        if seg.kind in (BlockKind.TABLE_CELL, BlockKind.HEADING):
            return None
        m = _UNIT_DECLARED.search(seg.text)
        if m:
            return _unit_quantity(m.group(1))
        if numbering_of(seg.text) is None:
            return None
    return None


def _unit_of(text: str) -> Quantity | None:
    m = _UNIT_NOTE.search(text) or _HEADER_UNIT.search(text)
    return _unit_quantity(m.group(1)) if m else None


def _without_unit(header: str) -> str:
    return _UNIT_NOTE.sub("", _HEADER_UNIT.sub("", header)).strip(" ,，;；")


# Headers of what a table's stated money unit does not apply to: scores, weights, rates, counts.
_NOT_AMOUNTS = re.compile(rf"分值|得分|权重|分数|{TOTAL_SCORE_LABEL}|满分|标准分|率|%|比例|占比|比重|人数|户数|个数|次数|人次|数量")
# A figure in percent inside a row's name ("2025年全国1%人口抽样调查经费") makes it no row of rates.
_PERCENT_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
# How many blocks before a table its caption ("单位：万元") may stand, and how long a caption is.
_CAPTION_BLOCKS = 2
_CAPTION_CHARS = 40


def _title_above(doc: Document, table: Table) -> str:
    """The line right above a table when it is a title alone, no sentence ("项目支出情况（万元）"), folded; else ""."""
    first = min((c.block for c in table.cells.values()), default=0)
    if first == 0 or doc.blocks[first - 1].kind == BlockKind.TABLE_CELL:
        return ""
    text = fold(doc.block_text(doc.blocks[first - 1])).strip()
    return text if _TITLE_CAPTION.fullmatch(text) else ""


def _caption(doc: Document, table: Table) -> str:
    """The text just above a table (its title, "单位：万元"), folded; "" when a table precedes it."""
    return " ".join(_caption_pieces(doc, table))


def _caption_pieces(doc: Document, table: Table) -> list[str]:
    """The short paragraphs (or a lead-in sentence) just above a table, folded, in order."""
    first = min((c.block for c in table.cells.values()), default=0)
    texts = []
    for block in doc.blocks[max(0, first - _CAPTION_BLOCKS):first]:
        text = fold(doc.block_text(block))
        # (a title and its 单位：万元 set apart by a run of spaces count as short)
        if block.kind == BlockKind.TABLE_CELL:
            texts = []  # another table: not this table's caption
        elif len(re.sub(r"\s+", "", text)) > _CAPTION_CHARS:
            # a paragraph of text, but its last sentence may lead in to the table: "…分类情况如下（单位：万元）："
            tail = _LAST_SENTENCE.search(text)
            texts = [tail.group()] if block.index == first - 1 and tail and (
                _UNIT_NOTE.search(tail.group()) or _BREAKDOWN_CAPTION.search(tail.group())) else []
        else:
            texts.append(text)
    return texts


_LAST_SENTENCE = re.compile(rf"[^。!?！？]{{1,{_CAPTION_CHARS}}}$")


_MONEY_CORNER = re.compile(r"资金|金额|经费|预算")


def _table_unit(table: Table, caption: str) -> Quantity | None:
    """The unit a table states for all its figures: in a cell of its own ("单位：万元" spanning the
    first row) or in its caption."""
    for cell in table.cells.values():
        if _UNIT_NOTE.search(cell.text) and (unit := _unit_of(cell.text)):
            return unit
    # a header row whose first cell names the money and its unit: "项目资金（万元） | 年初预算数 | …"
    for (_, col), cell in sorted(table.cells.items()):
        if col == 1 and _MONEY_CORNER.search(cell.text) and (unit := _unit_of(cell.text)) and unit.dimension == "money":
            return unit
    # "填报单位：某某局　　单位：万元": the first note that names a unit
    return next((unit for m in _UNIT_NOTE.finditer(caption) if (unit := _unit_quantity(m.group(1)))), None)


# "金额单位：元" among the cover's fields, unqualified: the unit of every amount the report writes bare
# (not "金额单位：万元（另有注明的除外）", which leaves the tables to say theirs)
_COVER_MONEY_UNIT = re.compile(r"^\s*金额单位\s*[:：]\s*(万元|元|亿元)\s*$")
_COVER_BLOCKS = 12


def _cover_unit(doc: Document) -> Quantity | None:
    """The money unit the report's cover declares for all its amounts, for a table that states none."""
    for block in doc.blocks[:_COVER_BLOCKS]:
        for line in doc.block_text(block).splitlines():
            if m := _COVER_MONEY_UNIT.match(fold(line)):
                return _unit_quantity(m.group(1))
    return None


def _names_an_item(table: Table, cell, row_header: str) -> bool:
    """Whether the row is one item of a list (a project, a unit) named in a cell before its row
    header: "序号 | 项目名称 | 资金来源 | 年初预算" rows are each project's, whatever 资金来源 says."""
    lex = lexicon()
    labels = [c for c in table.row_cells(cell.row) if c.col < cell.col and c.text.strip() and not c.numeric]
    if len(labels) < 2:
        return False
    first = labels[0].text.strip()
    return first != row_header and not _generic_header(first) and lex.concept_of(first)[0] is None


def _inline_label(text: str, q: Quantity) -> str:
    """A label written in the cell itself before the figure (``执行数: 6696.24``)."""
    before = text[:q.start]
    cut = max(before.rfind(c) for c in ",，;；\n")
    before = before[cut + 1:].strip(" :")
    return lexicon().strip_copulas(before)


def narrative_segments(doc: Document):
    for index, seg in enumerate(doc.normalized.segments):
        if seg.kind != BlockKind.TABLE_CELL:
            yield index, seg
