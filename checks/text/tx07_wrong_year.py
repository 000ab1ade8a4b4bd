"""TX07: a report for year Y that calls another year 本年, or that was filled in before Y ended."""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.extract.compare import same_measure
from auditor.extract.conflicts import indicator_measure
from auditor.extract.report import DATE
from auditor.registry import check

_THIS_YEAR_IS = [
    re.compile(r"(?:本年度|本年|今年)\s*[(（]?\s*(?:即|为|是|指)?\s*((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:即|为|是)?\s*(?:本年度|本年|今年)"),
]


# "2022年度部门整体支出绩效自评综合得分96.35分" in a 2023 report: the conclusion of last year's
_SCORE_OF_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:部门)?(?:整体)?(?:支出)?(?:绩效)?(?:自评)?(?:综合)?(?:自评)?"
                            # (or its grade: "本部门2024年度整体支出绩效等级为“优”")
                            r"(?:得分|总分|评分|(?:评价|自评)?等级(?:为|是|:))")
_COMPARED = re.compile(r"较|比|同比|上年|上一年|去年|提高|下降|增加|减少")
# a paragraph set out to compare with another year
_COMPARISON = re.compile(r"与上(?:一)?年|较上(?:一)?年|上年度?数据|对比|同比")
_SENTENCE_END = re.compile(r"[。!?！？;；\n]")


@check(
    code="TX07",
    name="wrong-year",
    severity="warning",
    summary="The report calls a year other than its own 本年, dates its own figures or score to another year, or its 填报时间 falls before the evaluated year ended.",
    rationale=(
        "A self-evaluation covers one budget year and is written after that year's accounts are closed "
        "(部门决算 and 自评 are filed in the following spring). Text that calls another year 本年度 was "
        "carried over from last year's report; a 填报时间 inside the evaluated year means the figures "
        "cannot be the year's final ones."
    ),
    bad="高邑县民政局部门 2021 年度整体支出绩效自评报告\n\n填报时间：2021 年 10 月 15 日\n\n本年度（2020年）共发放救助资金 100 万元。",
    good="高邑县民政局部门 2021 年度整体支出绩效自评报告\n\n填报时间：2022 年 3 月 15 日\n\n本年度（2021年）共发放救助资金 100 万元。",
    known_problems=("Needs the report's year, read from a title or the first lines (2021 年度). A 自评表's title "
                    "line dated to another year (项目支出绩效自评表（2024年度）) is reported unless it compares. Another year's "
                    "自评得分 is reported unless its sentence compares (较上年, 提高 …), its paragraph "
                    "sets out to compare (与上年对比, 上年数据仅作对比) or also gives the year's own score. A spending "
                    "or execution rate dated to another year (截至2024年12月31日，…执行率86.38%), or a count an "
                    "indicator gives as the year's actual (2024年…培训3682人次), is reported only when the report "
                    "states the same value as the year's own elsewhere, or, dated to the year before, when the report "
                    "states its year's budget but no spending of its own year and the sentence does not compare "
                    "(上年, 同比, 较…增长)."),
)
def wrong_year(ctx):
    report = ctx.report()
    year = report.year
    if year is None:
        return
    if report.filled is not None:
        m = DATE.search(report.filled.text)
        if m and int(m.group(1)) <= year:
            ctx.finding(
                ctx.t(f"填报时间 {report.filled.text} 早于 {year} 年度结束，数据不可能是全年数",
                      f"filled in on {report.filled.text}, before the {year} budget year ended"),
                locations=[(report.filled.start, report.filled.end)]
                + ([(report.year_field.start, report.year_field.end)] if report.year_field else []),
            )
    misdated = _misdated(ctx, year)
    for index, seg in enumerate(ctx.doc.normalized.segments):
        scores = list(_SCORE_OF_YEAR.finditer(seg.text))
        if any(int(m.group(1)) == year for m in scores):
            scores = []  # "2022年度…自评得分98.60分。（2021年度自评得分为93.15分。）": last year's beside the year's own
        for m in scores:
            other = int(m.group(1))
            end = _SENTENCE_END.search(seg.text, m.end())
            sentence = seg.text[max((e.end() for e in _SENTENCE_END.finditer(seg.text, 0, m.start())), default=0):
                                end.start() if end else len(seg.text)]
            if other == year or _COMPARED.search(sentence) or _COMPARISON.search(seg.text):
                continue  # (a paragraph that compares with last year: "（三）与上年对比。…2022年自评得分86.40分")
            _another_year(ctx, seg, m, year, f"此处却给出 {other} 年度的自评结果",
                          f"here it gives the {other} evaluation's result")
        for m in _dates_of(seg, misdated.get(index, [])):
            _another_year(ctx, seg, m, year, f"此处却把本年度的数据记在 {m.group(1)} 年",
                          f"here the year's own figures are dated {m.group(1)}")
        if len(seg.text) <= _TITLE_CHARS:
            # "项目支出绩效自评表（2024年度）" over the year's own table: the table is dated to another year
            for m in _TABLE_TITLE.finditer(seg.text):
                other = int(m.group("a") or m.group("b"))
                if other != year and not _COMPARED.search(seg.text):
                    _another_year(ctx, seg, m, year, f"此处却把自评表标为 {other} 年度",
                                  f"here the self-evaluation table is dated {other}")
        for pattern in _THIS_YEAR_IS:
            for m in pattern.finditer(seg.text):
                other = int(m.group(1))
                if other != year:
                    _another_year(ctx, seg, m, year, f"此处却称 {other} 年为本年度", f"here {other} is called this year")


# The title of the 自评表 with its year: "项目支出绩效自评表（2024年度）", "2024年度部门整体支出绩效自评表"
_TABLE_TITLE = re.compile(r"自评表\s*[(（]\s*(?P<a>(?:19|20)\d{2})\s*年度?\s*[)）]"
                          r"|(?P<b>(?:19|20)\d{2})\s*年度?[^。;；,，:：]{0,24}?自评表")
_TITLE_CHARS = 40


# Measures of the year's spending: stated for another year with the year's own value, the date is wrong.
_SPENDING = ("executed", "execution_rate")
# "截至2024年12月31日", "截至2024年底", "2024年全年实际支出…": the date a figure is stated at
_AS_AT = re.compile(r"(?:截(?:至|止)(?:到)?\s*)?((?:19|20)\d{2})\s*年")


def _misdated(ctx, year: int) -> dict[int, list]:
    """Figures of the year's spending dated to another year (截至2024年12月31日，…) with the value the report
    states for its own year elsewhere — the year's figures, misdated — by segment."""
    figures = ctx.facts.figures
    own = {(f.concept.rpartition(".")[2], f.quantity.value) for f in figures
           if f.concept and f.period is None and f.quantity.dimension in ("money", "percent")}
    # and what the indicators say was done this year ("补贴性职业技能培训人次 | … | 3682人次")
    actuals = {}
    for ind in ctx.indicators():
        if ind.actual is not None and ind.name and ind.actual.period is None and ind.actual.quantity.unit:
            actuals.setdefault((ind.actual.quantity.value, ind.actual.quantity.unit), []).append(
                replace(ind.actual, label=indicator_measure(ind.name, ind.actual), concept=None))
    # a measure of the year's money the report states for no year of its own but this other one, beside the
    # budget it does state for its year ("截至2024年12月31日，全年支出数4,598.72万元" in a 2025 report)
    stated = {f.concept for f in figures if f.concept and f.period is None and "." not in f.concept}  # the department's
    budgeted = bool(stated & {"adjusted_budget", "initial_budget"})
    out: dict[int, list] = {}
    for fig in figures:
        if fig.period != "other-year" or fig.year in (None, year) or _CHANGE_ON.search(fig.label):
            continue  # (a change on the other year, "2024年为1,342件次，同比下降11.62%", is the year's own)
        if not _dated_so(ctx, fig):
            continue
        measure = (fig.concept or "").rpartition(".")[2]
        if measure in _SPENDING and ((measure, fig.quantity.value) in own
                                     or budgeted and measure not in stated and fig.year == year - 1
                                     and not _previous_year_words(ctx, fig)) \
                or not fig.concept and any(same_measure(fig, a) for a in
                                           actuals.get((fig.quantity.value, fig.quantity.unit), ())):
            out.setdefault(fig.segment, []).append(fig)
    return out


_CLAUSE_STOP = re.compile(r"[,，;；:：]")
_BASIS = re.compile(r"(?:按|按照|根据|依据|以)[^,，;；。]{0,4}$")


def _dated_so(ctx, fig) -> bool:
    """Whether the other year is stated for the figure: in its own clause, or earlier in its sentence
    ("截至2024年12月31日，…"), but not as the basis of another figure ("年度目标按2024年末在册人数测算为4,300人，…，
    实际发放4,213人")."""
    text = ctx.doc.normalized.segments[fig.segment].text
    written = str(fig.year)
    start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, fig.quantity.start)), default=0)
    clause = max([m.end() for m in _CLAUSE_STOP.finditer(text, start, fig.quantity.start)] + [start])
    if written in text[clause:fig.quantity.start]:
        return True
    # (a year in another clause dates the sentence, unless it is the basis a figure was worked out on there:
    # "年度目标按2024年末在册人数测算为4,300人")
    at = text.find(written, start, fig.quantity.start)
    return at >= 0 and not _BASIS.search(text, max(start, at - 6), at)


_PREVIOUS = re.compile(r"上年|上一年|去年|同期|较|比|增长|下降|同比")
_CHANGE_ON = re.compile(r"同比|环比|较上年|比上年|增长|下降|增加|减少|提高|降低")


def _previous_year_words(ctx, fig) -> bool:
    """Whether the figure's sentence calls it last year's or compares it (上年, 同比, 较…增长): a figure meant
    for the other year."""
    text = ctx.doc.normalized.segments[fig.segment].text
    start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, fig.quantity.start)), default=0)
    end = _SENTENCE_END.search(text, fig.quantity.end)
    return bool(_PREVIOUS.search(text, start, end.start() if end else len(text)))


def _dates_of(seg, figures: list) -> list:
    """The dates (截至2024年) the figures' sentences state them at, each once."""
    out = []
    for fig in figures:
        start = max((e.end() for e in _SENTENCE_END.finditer(seg.text, 0, fig.quantity.start)), default=0)
        dated = [m for m in _AS_AT.finditer(seg.text, start, fig.quantity.start) if int(m.group(1)) == fig.year]
        if dated and all(dated[-1].start() != o.start() for o in out):
            out.append(dated[-1])  # the year nearest before the figure
    return out


def _another_year(ctx, seg, m, year: int, zh: str, en: str) -> None:
    """A passage ``m`` of ``seg`` that speaks of another year than the report's as this one."""
    quoted = m.group().strip()
    ctx.finding(ctx.t(f"报告评价的是 {year} 年度，{zh}：“{quoted}”", f"the report is for {year}, but {en}: “{quoted}”"),
                locations=[seg.original_range(m.start(), m.end())], expected=str(year))
