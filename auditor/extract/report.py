"""Report-level facts: reporting unit, year, 填报时间, execution score, total score and grade."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from decimal import Decimal

from ..model import BlockKind, Document
from ..model.normalize import fold
from .facts import Figure, ReportFacts, TextField
from .figures import is_formula_term
from .lexicon import ORGANISATION_ENDINGS, lexicon, names_execution_rate, weight_in_brackets
from .tables import TOTAL_SCORE_LABEL
from .titles import PROJECT_TITLE, TITLE_KEY, title_segments, title_text

_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度")
# A date as reports write it; the day may be left out ("填报日期：2024年3月").
DATE = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*(?:月(?:\s*(\d{1,2})\s*日?)?|[./-]\s*(\d{1,2})\s*日?)")
_SCORE_AFTER_RATE = re.compile(r"^[^。;；]{0,12}?得")
_TIMES_BEFORE = re.compile(r"[×xX*]\s*$")
_WHOLE_EVALUATION = re.compile(r"整体|绩效自评|综合|总分|总得分|评价得分")
# "预算执行率指标权重10分，得9.80分": the indicator's weight stated between the rate and its score
_WEIGHT_WORDS = re.compile(r"(?:权重|分值|满分|标准分)(?:分值)?\s*(?:为|是)?\s*$")
# a title's year without 年度 ("2022年农村义务教育学生营养改善计划项目支出绩效自评报告"); not a date
_YEAR_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# the sections stating the evaluation's conclusion (五、自评结论, 总体评价)
_CONCLUSION_HEADINGS = ("结论", "总体评价", "综合评价", "评价结果", "自评结果", "评分结果", "自评情况", "评价情况")
# Only the first pages name the unit and the year; a figure deep in the text is about something else.
_HEAD_SEGMENTS = 12


def report_year(doc: Document) -> tuple[int, TextField] | None:
    """Where the report states its year: in a title first (003's report starts after a table), else near
    the top; then the title's year even without 年度 ("2022年农村义务教育学生营养改善计划项目支出绩效自评报告")."""
    segments = doc.normalized.segments
    titles = [i for i, seg in enumerate(segments) if seg.kind == BlockKind.HEADING and "报告" in seg.text]
    narrative = [i for i, seg in enumerate(segments) if seg.kind != BlockKind.TABLE_CELL][:_HEAD_SEGMENTS]
    for pattern, places in ((_YEAR_OF_REPORT, titles + narrative), (_YEAR_IN_TITLE, title_segments(doc))):
        found = next(((segments[i], m) for i in places if (m := pattern.search(segments[i].text))), None)
        if found:
            seg, m = found
            s, e = seg.original_range(m.start(), m.end())
            return int(m.group(1)), TextField(m.group(), s, e)
    return None


_FIND = object()  # report_facts' year not given: find it


def report_facts(doc: Document, figures: list[Figure], year=_FIND) -> ReportFacts:
    """The report's own facts (unit, year, dates, execution score, total, grade); ``year`` is what
    :func:`report_year` found (the pipeline finds it first, to date the figures before the scores are read)."""
    if year is _FIND:
        year = report_year(doc)
    lex = lexicon().raw["report"]
    facts = ReportFacts()
    segments = doc.normalized.segments
    unit_labels = sorted((fold(x) for x in lex["unit_labels"]), key=len, reverse=True)
    date_labels = [fold(x) for x in lex["fill_date_labels"]]
    cover_fields = [fold(x) for x in lex.get("cover_fields", [])]
    # the unit's own name first: a cover listing 主管部门 (the parent) before 单位名称 reports for the unit
    parent_labels = [fold(x) for x in lex.get("parent_unit_labels", [])]
    for labels in ([x for x in unit_labels if x not in parent_labels], parent_labels):
        facts.unit = facts.unit or _labelled_unit(segments[:_HEAD_SEGMENTS * 3], labels, unit_labels + date_labels,
                                                  cover_fields, doc.text)
    for seg in segments[:_HEAD_SEGMENTS * 3]:
        text = seg.text
        if facts.filled is None:
            for label in date_labels:
                i = text.find(label)
                if i >= 0:
                    m = DATE.search(text, i + len(label))
                    if m:
                        s, e = seg.original_range(m.start(), m.end())
                        facts.filled = TextField(m.group(), s, e)
                    break
    if facts.filled is None:
        facts.filled = _signed_date(segments)
    title = title_segments(doc)
    if year:
        facts.year, facts.year_field = year
    by_segment: dict[int, list[Figure]] = {}
    for fig in figures:
        by_segment.setdefault(fig.segment, []).append(fig)
    # execution score: "执行率为57.39%,得5.74分" — a score right after the department's execution rate;
    # a project's rate ("项目全年预算…预算执行率100%，得10分") when the report is a project's or states
    # no department-wide rate
    narrative_rates = [f for f in figures if f.period is None and f.table is None]
    department = [f for f in figures if f.concept == "execution_rate" and f.period is None]
    concepts = ["execution_rate"]
    if not department or PROJECT_TITLE.search(title_text(doc)):
        concepts.append("project.execution_rate")
    for concept in concepts:
        for fig in narrative_rates:
            if fig.concept != concept:
                continue
            score, weight = _score_after_rate(segments[fig.segment].text, fig, by_segment[fig.segment])
            if score is not None:
                facts.execution_score, facts.execution_rate, facts.execution_weight = score, fig, weight
                break
        if facts.execution_score is not None:
            break
    rates = [f for f in narrative_rates if f.concept in concepts]
    if facts.execution_score is None and rates:
        score, weight = _score_of_rate_sentence(segments, by_segment)
        before = [f for f in rates if score is not None and f.end <= score.start]
        if before:  # the rate stated last before the score's own sentence
            facts.execution_score, facts.execution_rate, facts.execution_weight = score, before[-1], weight
    if facts.execution_score is None:
        # "预算执行率得分9.62分（10分×96.22%）": the score named as the execution's, its formula after it (with
        # the rate stated before it, if the text states one)
        named = [f for f in narrative_rates if f.quantity.dimension == "score" and _EXECUTION_SCORE.search(f.label)
                 and not is_formula_term(segments[f.segment].text, f.quantity)]
        before = [f for f in rates if named and f.end <= named[0].start]
        if named:
            # (the rate its formula multiplies, when it is worked out: "预算执行率得分＝10×97.01%＝9.70分")
            text = segments[named[0].segment].text
            terms = [f for f in by_segment[named[0].segment] if f.quantity.dimension == "percent"
                     and f.end <= named[0].start
                     and (is_formula_term(text, f.quantity) or re.match(r"\s*[=＝]", text[f.quantity.end:]))
                     and not re.search(r"[。;；]", text[f.quantity.end:named[0].quantity.start])]
            facts.execution_score = named[0]
            facts.execution_rate = terms[-1] if terms else (before[-1] if before else None)
    if facts.execution_score is None:
        # "预算执行：调整后预算…；执行率92.51%；分值10；得分9.25": a 自评表's execution row written as a line
        facts.execution_score, weight, rate = _execution_line(segments, by_segment)
        if facts.execution_score is not None:
            facts.execution_weight = facts.execution_weight or weight
            facts.execution_rate = facts.execution_rate or rate
    if facts.execution_rate is not None and facts.execution_weight is None:
        facts.execution_weight = _titled_weight(doc, facts.execution_rate, by_segment)
    # the total: not a band's bound in a scoring note (总分90分（含）以上为优秀), and the one stated with
    # the evaluation's grade when there is one
    totals = [f for f in figures if f.concept == "total_score" and f.quantity.dimension in ("score", "none")
              and not _is_band_bound(segments[f.segment].text, f, lex) and not _is_scale(segments[f.segment].text, f)
              and not _is_conditional(segments[f.segment].text, f)
              and not is_formula_term(segments[f.segment].text, f.quantity)]  # (自评总分：9.74+50+…=99.38分)
    facts.total_statements = [t for t in totals if t.table is None and t.period is None]
    mentions = _grade_mentions(doc, lex)
    facts.total_score, grade = _result(doc, totals, mentions)
    if grade is not None:
        facts.grade, facts.grade_key = grade.field, grade.key
    # every grade the report gives its evaluation (评价等级：良 in the table, 评价等级为优 in the conclusion),
    # not another year's (上年评价等级为优)
    # (a bare 等级 too, opening its clause after the evaluation's score: "…自评得分89.39分，等级为“优”")
    facts.grade_statements = [(m.field, m.key, m.segment) for m in mentions
                              if (not m.generic or _after_the_score(segments[m.segment].text, m, by_segment.get(m.segment, [])))
                              and lexicon().period_of(_clause_of(segments[m.segment].text, m.cue_start)) != "previous"]
    narrative_total = facts.total_score
    _from_tables(doc, facts, figures, unit_labels)
    facts.title_unit = _titled_unit(segments, title)
    if facts.unit is None:
        facts.unit = facts.title_unit
    if narrative_total is None:
        # last: a plain 自评得分 in the conclusion ("部门整体支出绩效自评得分96.19分")
        conclusion = _conclusion_total(doc, figures, facts.execution_score, lex)
        if conclusion:
            facts.total_statements.extend(conclusion)
        if conclusion and facts.total_score is None:
            facts.total_score, grade = _result(doc, conclusion, mentions)
            if grade is not None:
                facts.grade, facts.grade_key = grade.field, grade.key
    if facts.table_total is not None and facts.total_statements and facts.table_total not in facts.total_statements:
        facts.total_statements.append(facts.table_total)  # the 自评表's 总分 against the text's total
    if facts.execution_score is None:
        # a cover block of fields above the 自评表: "预算执行率分值 | 10 | 预算执行率得分 | 9.69"
        fields = {kind: fig for fig in figures if fig.table is not None and fig.quantity.dimension in ("score", "none")
                  for kind in [_execution_field(fig.label)] if kind}
        facts.execution_score = fields.get("score")
        facts.execution_weight = facts.execution_weight or fields.get("weight")
    return facts


_EXECUTION_FIELD = re.compile(r"^预算执行(?:率)?(?P<kind>得分|分值|权重)(?:/|$)")


def _execution_field(label: str) -> str | None:
    m = _EXECUTION_FIELD.match(label)
    return None if m is None else "score" if m.group("kind") == "得分" else "weight"


# "预算执行率（10分）：…" / "（一）预算执行（权重20分）": the weight a title gives what follows it
@cache
def _title_weight() -> re.Pattern:
    return re.compile(r"执行[^,，。;；:]{0,8}" + weight_in_brackets())


def _titled_weight(doc: Document, rate: Figure, by_segment: dict[int, list[Figure]]) -> Figure | None:
    """The weight written in brackets after the title of the execution rate's paragraph or section,
    before the rate: in its own paragraph first, else in the heading of its section."""
    segments = doc.normalized.segments
    candidates = [rate.segment]
    for i in range(rate.segment - 1, max(-1, rate.segment - 12), -1):
        if segments[i].kind == BlockKind.HEADING:
            candidates.append(i)
            break
    for index in candidates:
        titled = {m.start("weight") for m in _title_weight().finditer(segments[index].text)}
        for fig in by_segment.get(index, []):
            if fig.quantity.dimension == "score" and (index != rate.segment or fig.end <= rate.start) \
                    and fig.quantity.start in titled:
                return fig
    return None


def _signed_date(segments) -> TextField | None:
    """The date a report is signed with at its end (the unit's name, then "2023年11月28日" on a line of
    its own), as a 公文 closes."""
    for seg in reversed([s for s in segments if s.kind != BlockKind.TABLE_CELL][-4:]):
        text = seg.text.strip()
        m = DATE.fullmatch(text)
        if m and "日" in text:
            s, e = seg.original_range(m.start(), m.end())
            return TextField(m.group(), s, e)
    return None


_SEAL = re.compile(r"\s*[(（\[【]\s*(?:盖章|公章|签章|章|印章|单位盖章|盖公章)\s*[)）\]】]")
_AFTER_LABEL = re.compile(rf"\s*(?:{_SEAL.pattern})?\s*[:：]?\s*")


def _labelled_unit(segments, labels: list[str], all_labels: list[str], cover_fields: list[str],
                   doc_text: str = "") -> TextField | None:
    """The unit named after the first of ``labels`` found (in reading order, the longest label at a
    place), up to the next cover field."""
    for seg in segments:
        text = seg.text
        for label in sorted(labels, key=len, reverse=True):
            i = text.find(label)
            if i < 0:
                continue
            # (the seal's place may stand between the label and its colon: "填报单位（盖章）：")
            m = _AFTER_LABEL.match(text, i + len(label))
            start = m.end()
            # "某某县教育局评价年度:2022年度": the name ends where the next cover field starts
            stops = [text.find(x, start) for x in all_labels] + [text.find("\n", start)]
            stops += [text.find(f"{x}:", start) for x in cover_fields]
            end = min([x for x in stops if x > start] + [len(text)])
            # "德清县农业农村局　　　金额单位：万元": fields on one line stand apart by a run of spaces, which
            # the normalised text no longer shows; the original does
            end = _before_next_field(seg, doc_text, start, end)
            if (seal := _SEAL.search(text, start, end)) is not None:
                end = seal.start()  # "常德市妇女联合会（盖章）": the seal's place is no part of the name
            value = text[start:end].strip().rstrip(";；")  # (a line's field ends at its line: "…局;评价年度:")
            if value:
                s, e = seg.original_range(start, start + len(text[start:end].rstrip().rstrip(";；")))
                return TextField(value, s, e)
            break
    return None


def _before_next_field(seg, doc_text: str, start: int, end: int) -> int:
    """``end``, or the place in ``seg.text[start:end]`` where the original text has a wide gap (a tab, a
    full-width space, two spaces or more) followed by another field's label and its colon."""
    for k in range(start + 1, end):
        before = seg.offsets[k - 1]
        gap = doc_text[before + 1:seg.offsets[k]]
        if seg.text[k - 1].isspace():
            gap = doc_text[before] + gap
        if (len(gap) >= 2 or "\t" in gap or "\u3000" in gap) and not gap.strip() \
                and re.match(r"[\u4e00-\u9fff()]{2,8}\s*:", seg.text[k:end]):
            return k
    return end


# The unit a title opens with: "东阳市数据资源管理局2023年度部门整体支出绩效自评报告"
_TITLED_UNIT = re.compile(rf"^\s*{TITLE_KEY}([\u4e00-\u9fff()（）]{{3,30}}?(?:{ORGANISATION_ENDINGS}))"
                          r"(?=\s*(?:(?:19|20)\d{2}|部门整体|整体支出))")


def _titled_unit(segments, title: list[int]) -> TextField | None:
    """The unit named at the start of the title, when no field (填报单位, 单位名称) names it."""
    for i in title[:1]:
        m = _TITLED_UNIT.match(segments[i].text)
        if m:
            s, e = segments[i].original_range(m.start(1), m.end(1))
            return TextField(m.group(1), s, e)
    return None


# A line naming the budget's execution before a colon, its fields after it: "预算执行：…；分值10；得分9.25".
_EXECUTION_LINE = re.compile(r"^\s*(?:[【\[][^】\]]{1,12}[】\]]\s*)?(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）.、．]\s*)?"
                             # (after the list's title: "自评表：项目：预算执行率；权重：10；得分：9.61")
                             r"(?:[\u4e00-\u9fff]{2,8}[:：]\s*(?=(?:评分项|评价项|指标|项目)))?"
                             # a record's key first: "评分项一：预算执行率；分值：10；…；得分：9.28"
                             r"(?:(?:评分项|评价项|指标|项目)[一二三四五六七八九十\d]{0,2}\s*[:：]\s*)?"
                             r"(?:预算|资金)执行(?:率|情况)?(?:指标)?\s*[:：;；]")
_LINE_FIELD = re.compile(r"(?P<field>分值|权重|满分|得分|自评得分)\s*[:：]?\s*$")


def _execution_line(segments, by_segment: dict[int, list[Figure]]):
    """The execution row of a 自评表 written as one line of fields: (score, weight, rate) or Nones."""
    for index, seg in enumerate(segments):
        if seg.kind == BlockKind.TABLE_CELL or not _EXECUTION_LINE.match(seg.text):
            continue
        found: dict[str, Figure] = {}
        rate = None
        for fig in by_segment.get(index, []):
            if fig.quantity.dimension == "percent" and (fig.concept and fig.concept.endswith("execution_rate")
                                                        or fig.label.endswith("执行率")):  # (实际执行率：98.16%)
                rate = rate or fig
            m = _LINE_FIELD.search(seg.text, max(0, fig.quantity.start - 8), fig.quantity.start)
            if m and fig.quantity.dimension in ("score", "none") and not fig.quantity.comparator:
                found.setdefault("score" if "得分" in m.group("field") else "weight", fig)
        if "score" in found:
            return found["score"], found.get("weight"), rate
    return None, None, None


def _score_of_rate_sentence(segments, by_segment: dict[int, list[Figure]]) -> tuple[Figure | None, Figure | None]:
    """The score of a sentence about the execution rate that states no rate itself, the rate being
    given before: "…预算执行率92.36%。…。预算执行率指标满分10分，自评得9.8分。" — (score, the weight the
    sentence states before it or None), or (None, None)."""
    for index, seg in enumerate(segments):
        if seg.kind == BlockKind.TABLE_CELL:
            continue
        for m in re.finditer(r"[^。;；]*执行率[^。;；]*", seg.text):
            inside = [f for f in by_segment.get(index, []) if m.start() <= f.quantity.start < m.end()]
            if any(f.quantity.dimension == "percent" for f in inside):
                continue
            # a score given after the rate's words ("预算执行率指标满分10分，自评得9.8分", "（预算执行率9.78分，…）"),
            # not the total before them ("自评得分98.78分（预算执行率9.78分…）")
            scores = [f for f in inside if f.quantity.dimension == "score" and not is_formula_term(seg.text, f.quantity)
                      and seg.text.rfind("执行率", m.start(), f.quantity.start) >= 0
                      # (not the evaluation's score after it: "结合预算执行率，部门整体支出绩效自评得分89.62分")
                      and not _WHOLE_EVALUATION.search(seg.text, seg.text.rfind("执行率", m.start(), f.quantity.start),
                                                  f.quantity.start)
                      and (re.search(r"得分?\s*(?:为|:)?\s*$", seg.text[max(m.start(), f.quantity.start - 5):f.quantity.start])
                           # a score's breakdown: "得分98.78分（预算执行率9.78分…" (not a weight: "满分100分，其中预算执行率10分")
                           or (re.search(r"执行率\s*$", seg.text[max(m.start(), f.quantity.start - 5):f.quantity.start])
                               and "得" in seg.text[m.start():f.quantity.start])
                           # the score named first, its value after the rule: "预算执行率得分按“执行率×10分”计算，为9.72分"
                           or (re.search(r"[,，]\s*(?:为|是)\s*$", seg.text[max(m.start(), f.quantity.start - 5):f.quantity.start])
                               and "执行率得分" in seg.text[m.start():f.quantity.start]))]
            if len(scores) == 1:
                weights = [f for f in inside if f.quantity.dimension == "score" and f.end <= scores[0].start
                           and seg.text.rfind("执行率", m.start(), f.quantity.start) >= 0]
                return scores[0], (weights[-1] if weights else None)
    return None, None


def _score_after_rate(text: str, rate: Figure, figures: list[Figure]) -> tuple[Figure | None, Figure | None]:
    """The score stated right after an execution rate (``执行率为57.39%，得5.74分``), past the
    indicator's weight if the sentence names it in between (``预算执行率指标权重10分，得9.80分``):
    (score, that weight or None), or (None, None)."""
    # (not a term of the rule it is worked out by: "按“执行率×10”计得9.83分")
    following = sorted((f for f in figures if f.quantity.start >= rate.quantity.end
                        and not (f.quantity.dimension != "score" and (
                            is_formula_term(text, f.quantity) or _TIMES_BEFORE.search(text, 0, f.quantity.start)))),
                       key=lambda f: f.quantity.start)
    anchor, weight = rate.quantity.end, None
    for fig in following[:3]:
        if fig.quantity.dimension != "score":
            break
        between = text[anchor:fig.quantity.start]
        if re.search(r"[。;；]", between):
            break
        if _SCORE_AFTER_RATE.match(text[anchor:fig.quantity.start + 1]) and not is_formula_term(text, fig.quantity) \
                and not _WHOLE_EVALUATION.search(between):
            return fig, weight  # (not "…执行率98.14%，部门整体绩效自评得分97.12分": the evaluation's total)
        # a weight: "权重10分" — then look on for the score
        if not _WEIGHT_WORDS.search(between) or fig.concept not in (None, "weight"):
            break
        anchor, weight = fig.quantity.end, fig
    return None, None


def _conclusion_total(doc: Document, figures: list[Figure], execution_score: Figure | None,
                      lex: dict) -> list[Figure]:
    """A total written as a plain 自评得分 ("…部门整体支出绩效自评得分96.19分，等级为“优”"): only in a
    conclusion section, outside any indicator, naming the evaluation rather than a part of it, and the
    largest score there — at least the sum of the others, which would be its parts."""
    segments = doc.normalized.segments
    section: list[Figure] = []
    for fig in figures:
        if fig.table is not None or fig.period or fig.quantity.dimension != "score" or fig is execution_score:
            continue
        if fig.concept == "weight" or _WEIGHT_WORDS.search(fig.label):
            continue  # "以上9项指标权重合计100分，…自评得分89.74分": what could be had, not what was
        if fig.label.endswith("总分") and fig.quantity.value == 100 and "得分" in doc.normalized.segments[fig.segment].text[
                fig.quantity.end:fig.quantity.end + 12]:
            continue  # "总分：100分；自评得分97.29分；自评等级：优": the points there were, then the score
        seg = segments[fig.segment]
        if seg.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            continue
        path = doc.blocks[seg.blocks[0]].section
        in_conclusion = bool(path) and any(w in path[-1] for w in _CONCLUSION_HEADINGS) and "指标" not in path[-1]
        # elsewhere, only with the evaluation's grade in its sentence ("…自评得分97.68分，评价等级为优")
        if not in_conclusion and not _GRADED.search(seg.text[slice(*_span(seg.text, fig.quantity.start, _SENTENCE_STOPS))]) \
                and not _GRADED_FIELD.search(seg.text, fig.quantity.end):
            continue
        if fig.quantity.comparator or _is_band_bound(seg.text, fig, lex):
            continue  # "评价等级：综合得分90分（含）以上为“优”…，60分以下为“差”": the scale, not a score
        section.append(fig)
    if not section:
        return []
    best = max(section, key=lambda f: f.quantity.value)
    label = best.label
    if not label.endswith("得分") or "指标" in label or not any(w in label for w in ("自评", "绩效", "评价")):
        return []
    if best.concept not in (None, "score") or _is_band_bound(segments[best.segment].text, best, lex):
        return []
    others = sum((f.quantity.value for f in section if f is not best), Decimal(0))
    if sum(1 for f in section if f.quantity.value == best.quantity.value) > 1 or others > best.quantity.value:
        return []
    return [best]


_GRADED = re.compile(r"(?:评价|自评|绩效)(?:等级|等次|结果)")
# (or as the next field of its line: "自评得分97.29分；自评等级：优")
_GRADED_FIELD = re.compile(r"\s*分?\s*[;；]\s*(?:评价|自评|绩效)?(?:等级|等次)\s*[:：]")
_WEIGHT_WORDS = re.compile(r"权重|分值|满分|总分值")


def _is_band_bound(text: str, fig: Figure, lex: dict) -> bool:
    """Whether a score is a bound of a grade band (``90分（含）以上为优秀``, ``80至90分为良``, ``区间``)
    rather than a score obtained."""
    after = "|".join(re.escape(fold(x)) for x in sorted(lex["band_marks"], key=len, reverse=True))
    between = "|".join(re.escape(fold(x)) for x in lex["range_marks"])
    q = fig.quantity
    if re.match(rf"\s*分?\s*(?:\(含\)|含)?\s*(?:{after}|{between})", text[q.end:]):
        return True
    if re.search(rf"(?:{between})\s*$", text[:q.start]):
        return True
    clause = _span(text, q.start, _CLAUSE_STOPS)
    return any(fold(w) in text[clause[0]:clause[1]] for w in lex["band_words"])


# A clause stating what a score would be in some event: "发生事故总分计0分", "若出现…，总分记为0分"
_CONDITION = re.compile(r"(?:如果|如若|若|一旦|发生|出现|否则|凡是)[^,，;；。]*$")


def _is_conditional(text: str, fig: Figure) -> bool:
    """Whether a total is what the score would be in some event (a rule), not the score obtained."""
    start, _ = _span(text, fig.quantity.start, _CLAUSE_STOPS)
    return bool(_CONDITION.search(text, start, fig.quantity.start))


_SCORE_AFTER_POINTS = re.compile(r"[ \t\u3000]+\d{1,2}(?:\.\d+)?(?![\d.%％])(?!\s*(?:万|元|人|个|项))")


def _is_scale(text: str, fig: Figure) -> bool:
    """Whether a 总分 is the scale the scores are out of (``指标体系由…构成，总分100分``): 100 points
    with nothing in its clause saying it was obtained (得, 自评, 综合) and no grade in its sentence."""
    if fig.quantity.value != 100:
        return False
    start, _ = _span(text, fig.quantity.start, _CLAUSE_STOPS)
    before = text[start:fig.quantity.start]
    if re.search(r"总分\s*$", before) and _SCORE_AFTER_POINTS.match(text, fig.quantity.end):
        return True  # "总分\t100\t89.87": a 总分 row's points, then its score
    sentence = text[slice(*_span(text, fig.quantity.start, _SENTENCE_STOPS))]
    return bool(re.search(r"总分(?:值)?\s*(?:为|是|:)?\s*$", before)) and not re.search(r"得|自评|综合|评定", before) \
        and not re.search(r"等级|等次|评价结果|评定", sentence)


_CLAUSE_STOPS = "，,。;；\n"
_SENTENCE_STOPS = "。;；!?！？\n"


def _span(text: str, position: int, stops: str) -> tuple[int, int]:
    """The clause or sentence of ``text`` around ``position``."""
    start = max(text.rfind(c, 0, position) for c in stops) + 1
    ends = [i for i in (text.find(c, position) for c in stops) if i >= 0]
    return start, min(ends, default=len(text))


def _clause_of(text: str, pos: int) -> str:
    start = max((m.end() for m in re.finditer(r"[。;；!?！？\n,，]", text[:pos])), default=0)
    end = re.search(r"[。;；!?！？\n,，]", text[pos:])
    return text[start:pos + end.start() if end else len(text)]


@dataclass
class _GradeMention:
    segment: int
    cue_start: int
    field: TextField
    key: str
    generic: bool  # "等级" alone: 工程质量等级为合格 is another kind of grade


# What else is graded in a report: the works' quality (质量等级评定为合格), a contractor's credit, safety.
_OTHER_GRADE = re.compile(r"质量|工程|验收|信用|资质|安全|卫生|星级")


# Between a grade's cue and its word: 为, 是, a colon or both (等级为：良), an opening quote.
_BEFORE_GRADE_WORD = re.compile(r"\s*(?:[为是]\s*)?[:：]?\s*[\"“‘'「《]?")


def _grade_mentions(doc: Document, lex: dict) -> list[_GradeMention]:
    """Every grade word written after a grade cue (评价结果为“优秀”, 等级：良)."""
    words = sorted(((fold(w), key) for key, ws in lex["grades"].items() for w in ws), key=lambda x: -len(x[0]))
    cues = [(fold(c), False) for c in lex["grade_cues"]] + [(fold(c), True) for c in lex["grade_generic_cues"]]
    cues.sort(key=lambda c: -len(c[0]))
    mentions: list[_GradeMention] = []
    for index, seg in enumerate(doc.normalized.segments):
        taken = bytearray(len(seg.text))
        for cue, generic in cues:
            i = seg.text.find(cue)
            while i >= 0:
                if not any(taken[i:i + len(cue)]) and not _OTHER_GRADE.search(
                        seg.text, _span(seg.text, i, _CLAUSE_STOPS)[0], i):
                    taken[i:i + len(cue)] = b"\x01" * len(cue)
                    j = i + len(cue)
                    j = _BEFORE_GRADE_WORD.match(seg.text, j).end()
                    for word, key in words:
                        if seg.text.startswith(word, j):
                            s, e = seg.original_range(j, j + len(word))
                            mentions.append(_GradeMention(index, i, TextField(word, s, e), key, generic))
                            break
                i = seg.text.find(cue, i + 1)
    mentions.sort(key=lambda m: m.field.start)
    return mentions


def _result(doc: Document, totals: list[Figure], mentions: list[_GradeMention]):
    """The evaluation's result: the total score and the grade stated together (the last such pair), else
    the last total and the grade nearest it. A grade after a bare "等级" counts only in the total's
    sentence or in a clause of its own — 工程质量等级为“合格” grades something else."""
    segments = doc.normalized.segments

    def sentence(segment: int, position: int) -> tuple[int, int, int]:
        return (segment, *_span(segments[segment].text, position, _SENTENCE_STOPS))

    def same_sentence(fig: Figure, mention: _GradeMention) -> bool:
        return sentence(fig.segment, fig.quantity.start) == sentence(mention.segment, mention.cue_start)

    # (not another year's grade beside it: "…综合得分89.77分，评价等级为良，上年评价等级为优")
    this_year = [m for m in mentions
                 if lexicon().period_of(_clause_of(segments[m.segment].text, m.cue_start)) != "previous"]
    pairs = [(t, m) for t in totals for m in this_year if same_sentence(t, m)]
    if pairs:
        return pairs[-1]
    total = totals[-1] if totals else None
    own = []
    for m in mentions:
        text = segments[m.segment].text
        clause_start = _span(text, m.cue_start, _CLAUSE_STOPS + ":：")[0]
        if not m.generic or not text[clause_start:m.cue_start].strip():
            own.append(m)
    if not own:
        return total, None
    if total is None:
        return None, own[0]
    return total, min(own, key=lambda m: abs(m.field.start - total.start))


_TOTAL_ROW = re.compile(rf"^(?:合计|总计|{TOTAL_SCORE_LABEL}|综合得分)")
_EVALUATION_SCORE = re.compile(r"(?:自评|综合|评价)?(?:总)?得分|总分")


def _after_the_score(text: str, mention, figures: list[Figure]) -> bool:
    """Whether a bare 等级 opens the clause right after the evaluation's score in its sentence
    ("本单位2025年度自评得分89.39分，等级为“优”")."""
    clause_start = _span(text, mention.cue_start, _CLAUSE_STOPS + ":：")[0]
    if text[clause_start:mention.cue_start].strip():
        return False
    sentence_start = _span(text, mention.cue_start, _SENTENCE_STOPS)[0]
    scores = [f for f in figures if f.quantity.dimension == "score" and sentence_start <= f.quantity.start < clause_start]
    return bool(scores) and bool(_EVALUATION_SCORE.search(scores[-1].label)) \
        and not text[scores[-1].quantity.end:clause_start].strip(" ,，")


def _whole_scale(table, total: Figure, figures: list[Figure]) -> bool:
    """Whether a 总分/合计 row's score is the evaluation's total: the row's own 分值 is 100, or it states
    none (a 合计 of the indicators' 90 points leaves the execution score out)."""
    cues = lexicon().raw["indicators"]["fields"]["weight"]
    weights = [f for f in figures if f.table == total.table and f.row == total.row and f.col != total.col
               and any(cue in table.column_header(f.row, f.col) for cue in cues)]
    return not weights or any(f.quantity.value == 100 for f in weights)


def _from_tables(doc: Document, facts: ReportFacts, figures: list[Figure], unit_labels: list[str]) -> None:
    """A 自评表's facts: 主管部门 | 某县教育局 in two cells; the 得分 of the row that states the
    execution rate; the 得分 of the 总分 row."""
    from .tables import build_tables

    tables = build_tables(doc)
    cells = {(t.number, r, c): cell for t in tables for (r, c), cell in t.cells.items()}
    parent_labels = {fold(x) for x in lexicon().raw["report"].get("parent_unit_labels", [])}
    for labels in ({x for x in unit_labels if x not in parent_labels}, parent_labels):  # the unit's own first
        for (t, r, c), cell in sorted(cells.items()):
            if facts.unit is not None:
                break
            text = re.sub(r"[\s:：]", "", fold(cell.text))
            if text in labels and (t, r, c + 1) in cells and cells[(t, r, c + 1)].text.strip():
                value = cells[(t, r, c + 1)]
                block = doc.blocks[value.block]
                facts.unit = TextField(value.text.strip(), block.start, block.end)
    if facts.filled is None:
        date_labels = [fold(x) for x in lexicon().raw["report"]["fill_date_labels"]]
        for (t, r, c), cell in sorted(cells.items()):
            text = re.sub(r"[\s:：]", "", fold(cell.text))
            if text in date_labels and (t, r, c + 1) in cells:
                value = cells[(t, r, c + 1)]
                m = DATE.search(value.text)
                if m:
                    block = doc.blocks[value.block]
                    facts.filled = TextField(m.group(), block.start, block.end)
                    break
    by_table = {t.number: t for t in tables}
    for fig in figures:
        if fig.table is None:
            continue
        table = by_table[fig.table]
        if "得分" not in table.column_header(fig.row, fig.col):
            continue
        if facts.execution_score is None and _states_execution_rate(table, fig.row, figures):
            facts.execution_score = fig
        row_label = table.row_header(fig.row, fig.col)
        if _TOTAL_ROW.match(re.sub(r"\s+", "", row_label)):
            whole = _whole_scale(table, fig, figures)
            if facts.table_total is None and whole:
                facts.table_total = fig
            if facts.total_score is None and whole:  # (a 合计 of 90 indicator points is no total score)
                facts.total_score = fig
    _grade_from_tables(doc, facts, cells)


def _grade_from_tables(doc: Document, facts: ReportFacts, cells: dict) -> None:
    """``| 评价等级 | 优秀 |``: a cell naming the grade, the grade itself in the next filled cell of the row — the
    report's grade, or another statement of it when the text gave one."""
    lex = lexicon().raw["report"]
    cues = {re.sub(r"[\s:：]", "", fold(c)) for c in lex["grade_cues"] + lex["grade_generic_cues"]}
    cues |= {c[:-1] for c in cues if c.endswith("为")}
    words = {fold(w): key for key, ws in lex["grades"].items() for w in ws}
    for (t, r, c), cell in sorted(cells.items()):
        if re.sub(r"[\s:：]", "", fold(cell.text)) not in cues:
            continue
        # (past the dashes that fill a 权重 or 评分依据 column: "| 评价等级 | — | — | 良 |")
        following = [cells[k] for k in sorted(cells) if k[0] == t and k[1] == r and k[2] > c
                     and cells[k].text.strip(" -—–/、")]
        if not following:
            continue
        value = following[0].text.strip().strip("\"“”‘’'「」《》")
        if value in words:
            block = doc.blocks[following[0].block]
            grade = TextField(value, block.start, block.end)
            if facts.grade is None:
                facts.grade, facts.grade_key = grade, words[value]
            else:  # (the conclusion gave one: the table's is another statement of it, checked too)
                facts.grade_statements.append((grade, words[value], following[0].segment))
            return


def _states_execution_rate(table, row: int, figures: list[Figure]) -> bool:
    """Whether a 自评表 row is the department's budget execution: a figure of it is the execution rate,
    or the row (``| 预算执行率 | 100% | 85% | 10 | 9.5 |``) or a percent figure's column is named so."""
    row_figures = [f for f in figures if f.table == table.number and f.row == row]
    if any(f.concept and f.concept.endswith("execution_rate") for f in row_figures):
        return True
    # (a name may carry its formula in brackets: "预算执行率（10×96.92%）")
    names = [c.text for c in table.row_cells(row) if c.text.strip() and (not c.numeric or _CJK_RUN.search(c.text))]
    names += [table.column_header(row, f.col) for f in row_figures if f.quantity.dimension == "percent"]
    return any(names_execution_rate(name) for name in names)


# A score's label naming it the budget execution's (预算执行率得分, 预算执行指标得分).
_EXECUTION_SCORE = re.compile(r"预算执行(?:率|情况)?(?:指标)?(?:得分|评分)(?:为)?$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2}")


# "全年预算未作调整", "本年度未发生预算调整", "预算无调整": the report says the budget stayed as it was
_UNADJUSTED = re.compile(r"预算(?:均)?(?:未作|未进行|未做|未发生|没有|无)(?:任何)?调整|未(?:发生|进行|作)?(?:预算)?调整|(?:预算)?调整数为0")


_WHOLE_WORDS = re.compile(r"[一二三四五六七八九十]{1,3}是|\d{4}年度?(?:内)?|全年度?|本年度?(?:内)?|年度内|年度|部门整体|部门|本项目|项目|整体|本单位|我单位|我局|本局|年初|年中|年内"
                          r"|[,，\s]")


def said_unadjusted(doc: Document) -> tuple[str, tuple[int, int]] | None:
    """Where the report says its whole budget was not adjusted (not a part's: 基本支出预算未作调整): the words and
    their place in the document."""
    for seg in doc.normalized.segments:
        for m in _UNADJUSTED.finditer(seg.text):
            clause = re.split(r"[。;；:：]", seg.text[:m.start()])[-1]
            clause = re.split(r"[,，]", clause)[-1]  # (the normalised text's commas are ",")
            if not _WHOLE_WORDS.sub("", clause):
                return m.group(), seg.original_range(m.start(), m.end())
    return None
