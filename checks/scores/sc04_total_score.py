"""SC04: 综合得分 against the execution score plus the indicator scores; weights adding up to 90 (+10)."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import show
from auditor.extract.indicators import CLASSES, names_the_execution_rate
from auditor.registry import check


@check(
    code="SC04",
    name="total-score",
    severity="error",
    summary="The total score is not the sum of the execution score and the indicator scores, or the weights do not add up to 100.",
    rationale=(
        "The 综合得分 of a 部门整体支出绩效自评 is the sum of the scores of its indicators: the budget-"
        "execution score (10 points) and the performance indicators (90 points together), 100 in all "
        "(财预〔2020〕10号: 总分一般设置为100分). A total that is not that sum, or weights that do not add up "
        "to 90 + 10, means a score was changed without the total, or the other way round — and the grade "
        "follows the total."
    ),
    bad=("我单位全年预算金额为 100 万元，执行金额为 100 万元，执行率为 100%，得 10 分。\n\n（一）指标一：\n\n"
         "受益人数：该指标预期指标值为大于等于 100 人，本次评价受益人数为 100 人，该指标完成率为 100%。该指标权重分值为 90 分，自评得分 90 分。\n\n"
         "四、评价结论\n\n本年度部门整体支出绩效自评综合得分 95 分，评价结果为“优”。"),
    good=("我单位全年预算金额为 100 万元，执行金额为 100 万元，执行率为 100%，得 10 分。\n\n（一）指标一：\n\n"
          "受益人数：该指标预期指标值为大于等于 100 人，本次评价受益人数为 100 人，该指标完成率为 100%。该指标权重分值为 90 分，自评得分 90 分。\n\n"
          "四、评价结论\n\n本年度部门整体支出绩效自评综合得分 100 分，评价结果为“优”。"),
    known_problems=("A total stated in one sentence with the scores of the indicator categories (投入指标得19分，…，综合得分"
                    "93.5分) is compared with their sum, and nothing else is added. "
                    "A 自评表's 总分 row is compared with the 得分 column above it, exactly, and with the execution score "
                    "when it is scored apart and brings the sum nearer; category records a line or a paragraph each "
                    "(产出指标：权重50分，得48.74分 … 合计：…得分98.46分) and a total summing up the category scores of the "
                    "paragraph before it (综上，…总分99.74分) are compared with those scores. "
                    "Otherwise only narrative indicators with a score are added; a report scored by a table of its own is compared "
                    "by SC08. Nothing is claimed when the text states an indicator's score or weight outside any "
                    "indicator read (an indicator whose target is a date), as the sums are then unknown."),
    options={"total_weight": 100, "execution_weight": 10},
)
def total_score(ctx):
    report = ctx.report()
    compared = _table_total(ctx, report)
    if _category_scores(ctx, report):
        return
    def execution_row(i) -> bool:  # the 预算执行率 row of a 自评表, when the execution score is read elsewhere
        return report.execution_score is not None and (i.score is report.execution_score or names_the_execution_rate(i))

    indicators = [i for i in ctx.indicators() if i.source == "narrative" and i.score is not None
                  and not execution_row(i)]
    rows = [i for i in ctx.indicators() if i.source == "table" and i.score is not None and not execution_row(i)]
    # an indicator scored in two tables (its values' table and a table of deductions) counts once
    rows = [i for k, i in enumerate(rows) if not any(other in rows[:k] for other in i.same)]
    if len(rows) > len(indicators):
        # the scores mostly in a 自评表 (a note under it may score one again: "…完成率90.00%，得分=8×90.00%=7.2分")
        indicators = rows
    if not indicators:
        return
    # a score or weight of an indicator that could not be read as one ("工程完工时间：年度指标值为2023年
    # 10月31日前完工…分值5分，扣2分，得分3分"): the sums are not known, so nothing is claimed about them
    if _unattached_scores(ctx, report):
        return
    # weights covering far less than the total: the report lists some of its indicators only (or they
    # could not all be read), so their sums say nothing about the total
    weights_read = [i.weight.quantity.value for i in indicators if i.weight is not None]
    # the execution score's weight as the report states it (预算执行（20分）, or the weight of the 自评表 row
    # the execution score is read from), else the usual 10
    row = next((i for i in ctx.indicators() if execution_row(i) and i.weight is not None), None)
    stated = report.execution_weight or (row.weight if row is not None else None)
    execution_weight = stated.quantity.value if stated is not None else Decimal(str(ctx.options["execution_weight"]))
    covered = sum(weights_read, Decimal(0)) + (execution_weight if report.execution_score is not None else 0)
    if len(weights_read) == len(indicators) and covered < Decimal(str(ctx.options["total_weight"])) * _COVERED:
        return
    # the indicators' weights leave room for an execution score the report gives in a way not read: the
    # total's parts are not all known
    unread_execution = report.execution_score is None and len(weights_read) == len(indicators) \
        and covered == Decimal(str(ctx.options["total_weight"])) - execution_weight
    parts = [i.score for i in indicators]
    if report.execution_score is not None:
        parts.insert(0, report.execution_score)
    if report.total_score is not None and not unread_execution \
            and not (compared and report.total_score is report.table_total):
        _compare_total(ctx, report.total_score, parts)
    weights = [i.weight for i in indicators if i.weight is not None]
    if len(weights) == len(indicators) and report.execution_score is not None:
        expected = Decimal(str(ctx.options["total_weight"])) - execution_weight
        got = sum((w.quantity.value for w in weights), Decimal(0))
        if got != expected:
            formula = " + ".join(str(w.quantity.value) for w in weights)
            ctx.finding(
                ctx.t(f"各指标权重合计为 {got}（{formula}），加上预算执行 {execution_weight} 分不等于 {ctx.options['total_weight']} 分",
                      f"the indicator weights add up to {got} ({formula}); with the execution score's "
                      f"{execution_weight} that is not {ctx.options['total_weight']}"),
                locations=[(w.start, w.end) for w in weights],
                expected=str(expected), severity="warning",
            )


# The share of the total weight the indicators read must cover for their sums to be checked.
_COVERED = Decimal("0.8")
_SUM_WORDS = re.compile(r"(?:合计|共计|总计|累计|小计|满分|总分|综合|以上|以下|及格)")
_SCORE_CUE = re.compile(r"(?:得分|得|扣|权重|分值|标准分)[^,，。;；:：]{0,6}$")


def _unattached_scores(ctx, report) -> list:
    """Narrative score figures that read as one indicator's score or weight (``分值5分``, ``得分3分``,
    ``权重10分，得10分``) but belong to no indicator read, nor to the execution score's or the total's
    sentence, nor to a sum (``得分合计88.45分``) or a grading note."""
    taken = {id(f) for i in ctx.indicators() for f in [*i.figures, i.weight, i.score] if f is not None}
    text = ctx.doc.normalized.segments
    skip_sentences = set()
    for fig in (report.execution_score, report.total_score):
        if fig is not None and fig.table is None:
            skip_sentences.add(_sentence(text[fig.segment].text, fig))
    stray = []
    for fig in ctx.facts.figures:
        if fig.table is not None or fig.period in ("previous", "other-year") or fig.quantity.dimension != "score" \
                or id(fig) in taken:
            continue
        if fig is report.execution_score or fig is report.total_score or fig is report.execution_weight:
            continue
        seg = text[fig.segment].text
        sentence = _sentence(seg, fig)
        if sentence in skip_sentences:
            continue
        clause = seg[max(seg.rfind(c, 0, fig.quantity.start) for c in ",，。;；:：(（") + 1:fig.quantity.start]
        if fig.concept not in ("score", "weight") and not _SCORE_CUE.search(clause):
            continue
        field = seg[max(seg.rfind(c, 0, fig.quantity.start) for c in ",，。;；(（") + 1:fig.quantity.start]
        if _SUM_WORDS.search(field):
            continue  # (a sum before its colon too: "分值合计：100分")
        stray.append(fig)
    return stray


def _sentence(text: str, fig) -> tuple[int, int, int]:
    q = fig.quantity
    start = max(text.rfind(c, 0, q.start) for c in "。;；\n") + 1
    ends = [i for i in (text.find(c, q.end) for c in "。;；\n") if i >= 0]
    return fig.segment, start, min(ends, default=len(text))


# "投入指标得19分，过程指标得18.5分，…，综合得分93.5分": the scores of the categories of indicators
_CATEGORY_SCORE = re.compile(r"(?:" + CLASSES + r"|预算执行率?)(?:类)?(?:指标)?(?:\([^()]{1,12}\))?"  # (an aside: "（前5项）")
                             r"(?:满分\d+(?:\.\d+)?分[,，]?)?"
                             r"(?:合计|共)?(?:得分?|自评得分?|评分)(?:为)?\s*$")


_SENTENCE_END = re.compile(r"[。!?！？\n]")
# a category's score as a term of a sum: "预算执行9.76分＋产出指标38.25分＋…＋管理指标8.50分"
_CATEGORY_TERM = re.compile(r"([+＋]\s*)?(?:" + CLASSES + r"|预算执行率?)(?:类)?(?:指标)?(?:得分)?\s*$")


def _category_term(text: str, q, since: int) -> bool:
    m = _CATEGORY_TERM.search(text, max(since, q.start - 12), q.start)
    return bool(m) and (bool(m.group(1)) or bool(re.match(r"\s*[+＋]", text[q.end:])))
_SUMMING_UP = re.compile(r"\s*(?:综上|综合以上|综合上述|总之|总体而言)")


def _category_scores(ctx, report) -> bool:
    """Compare a narrative total with the category scores stated in its own sentence before it (or in its
    paragraph before it); whether there are such scores (then nothing else is compared with the total)."""
    total = report.total_score
    if total is None or total.table is not None:
        return False
    seg = ctx.doc.normalized.segments[total.segment]
    start = max((m.end() for m in _SENTENCE_END.finditer(seg.text, 0, total.quantity.start)), default=0)

    def category_scores(since: int, segment: int = total.segment, until: int = total.quantity.start) -> list:
        text = ctx.doc.normalized.segments[segment].text
        return [f for f in ctx.quantities() if f.segment == segment and f.table is None
                and since <= f.quantity.start < until and f.quantity.dimension == "score" and not f.quantity.comparator
                and (_CATEGORY_SCORE.search(text, max(since, f.quantity.start - 24), f.quantity.start)
                     or _category_term(text, f.quantity, since))]

    # (or in the sentences before it in its paragraph, when its own names none: "…二是绩效指标得分。产出、效益、
    # 满意度指标合计得分87.70分。综上，…自评总分97.35分"; or in the paragraph before, when the total's sentence
    # sums up what came before: "…一是产出指标满分50分，得50.00分；二是…" / "综合以上各项，项目自评总分99.74分")
    parts = category_scores(start) or category_scores(0) or _category_lines(ctx, total)
    if not parts and total.segment > 0 and _SUMMING_UP.match(seg.text, start):
        before = ctx.doc.normalized.segments[total.segment - 1].text
        parts = category_scores(0, total.segment - 1, len(before))
    execution = report.execution_score
    if execution is not None and execution.table is not None:
        # the 自评表 gives it, and the total's paragraph says it again ("…执行率95.91%，得分9.59分；产出指标得分…")
        execution = next((f for f in ctx.quantities() if f.segment == total.segment and f.table is None
                          and f.quantity.dimension == "score" and f.quantity.value == execution.quantity.value
                          and f.start < total.start and f not in parts), execution)
    # the execution score before the total: in its paragraph ("预算执行率得分…，为9.72分；产出指标得分49.30分，…，合计
    # 98.72分"), or on a line of its own when the categories alone fall short of the total ("【合计】产出指标得分48.17分，
    # …满意度指标得分10分 / 自评总分：97.93分")
    if parts and execution is not None and execution not in parts and execution.table is None \
            and execution.start < total.start and (execution.segment == total.segment or not _adds_up(total, parts)):
        parts.insert(0, execution)
    if len(parts) < 2:
        return False
    _compare_total(ctx, total, parts)
    return True


# One category's record of points ("产出指标：分值50分，得分49.35分", "预算执行率（96.64%）：分值10分，得分9.66分",
# "（二）产出指标：权重50分，得48.74分"), and the total's ("合计：分值100分，得分98.97分"): a line each, joined into
# one paragraph or each a paragraph of its own
_CATEGORY_RECORD = re.compile(r"(?:" + CLASSES + r"|预算执行率?)(?:类)?(?:指标)?(?:\([^()]{0,12}\))?\s*:")
_TOTAL_RECORD = re.compile(r"(?:合\s*计|总\s*计|(?:自评|综合)?总\s*分|综合得分|自评得分)\s*:")
_SCORE_FIELD = re.compile(r"(?:得分|自评得分|评分|得)\s*(?:为)?\s*:?\s*$")
# a record's own mark before it: "（二）", "2.", "二、"
_RECORD_MARK = re.compile(r"\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])?\s*")
# or the list's title on the first record's line ("自评得分汇总：预算执行率：权重10分；…")
_RECORD_LEAD = re.compile(_RECORD_MARK.pattern + r"(?:[^\d,，。;；:]{1,12}:\s*)?")


def _category_lines(ctx, total) -> list:
    """The scores of the category records right before the total's own record ("合计：分值100分，得分98.97分"),
    when they are all that comes before it in its paragraph, or the paragraphs right before it are each
    one such record; one score each."""
    segments = ctx.doc.normalized.segments
    text = segments[total.segment].text
    closing = [m for m in _TOTAL_RECORD.finditer(text, 0, total.quantity.start)]
    if not closing:
        return []
    spans = []  # (segment, start, end) of each record, in order
    records = list(_CATEGORY_RECORD.finditer(text, 0, closing[-1].start()))
    if records:
        if not _RECORD_MARK.fullmatch(text, 0, records[0].start()):
            return []
        bounds = [m.start() for m in records] + [closing[-1].start()]
        spans = [(total.segment, lo, hi) for lo, hi in zip(bounds, bounds[1:])]
    elif _RECORD_MARK.fullmatch(text, 0, closing[-1].start()):
        # the total's record opens its paragraph: the records are the paragraphs before it
        index = total.segment - 1
        while index >= 0 and (m := _CATEGORY_RECORD.search(segments[index].text)) \
                and _RECORD_LEAD.fullmatch(segments[index].text, 0, m.start()):
            spans.insert(0, (index, m.start(), len(segments[index].text)))
            index -= 1
    if len(spans) < 2:
        return []
    parts = []
    for segment, lo, hi in spans:
        scores = [f for f in ctx.quantities() if f.segment == segment and f.table is None
                  and lo <= f.quantity.start < hi and f.quantity.dimension == "score"
                  and _SCORE_FIELD.search(segments[segment].text, lo, f.quantity.start)]
        if len(scores) != 1:
            return []
        parts.append(scores[0])
    return parts


def _table_total(ctx, report) -> bool:
    """The 自评表's 总分 row against the 得分 column above it (and the execution score, when it is scored apart
    and the total comes nearer with it): the scores as the table shows them add up to its total exactly (to the
    finest decimal shown). A table 合计 more than twice its rows is of several tables.
    Whether the column was compared."""
    total = report.table_total
    for enumeration in ctx.enumerations("sum"):
        if enumeration.source != "table" or enumeration.total is not total or len(enumeration.parts) < 2:
            continue
        parts = enumeration.parts
        if any(f.quantity.approx for f in [total, *parts]):
            return False
        added = sum((p.quantity.value for p in parts), Decimal(0))
        if total.quantity.value > added * 2:
            return False
        execution = report.execution_score
        if execution is not None and execution not in parts \
                and abs(added + execution.quantity.value - total.quantity.value) < abs(added - total.quantity.value):
            # the execution score scored apart, above the indicators' table ("预算执行率得分 | 9.69"), or a
            # cell of its own the column does not add ("9.74（10×97.39%）")
            parts = [execution, *parts]
            added += execution.quantity.value
        finest = max(f.quantity.decimals for f in [total, *parts])
        if abs(added - total.quantity.value) > Decimal("0.5").scaleb(-finest):
            _report_total(ctx, total, parts, "自评表各项得分合计为 {added}（{formula}），总分却写作 {total}",
                          "the scores of the table add up to {added} ({formula}); its total is written {total}")
        return True
    return False


def _adds_up(total, parts) -> bool:
    """Whether the parts make the total: each part rounded to its hundredths, the total to its own last
    decimal (92.45 written "92.5")."""
    added = sum((p.quantity.value for p in parts), Decimal(0))
    return abs(added - total.quantity.value) <= Decimal("0.005") * len(parts) + total.quantity.tolerance


def _compare_total(ctx, total, parts) -> None:
    """Report a total that is not the sum of its parts: each part rounded to its hundredths, and the
    total to its own last decimal (92.45 written "92.5")."""
    if not _adds_up(total, parts):
        _report_total(ctx, total, parts, "综合得分应为 {added}（{formula}），此处写作 {total}",
                      "the total score should be {added} ({formula}); written here as {total}")


def _report_total(ctx, total, parts, zh: str, en: str) -> None:
    """A total that is not the sum of its parts, the message filled in with the sum, its formula and the total."""
    added = sum((p.quantity.value for p in parts), Decimal(0))
    values = {"added": added, "formula": " + ".join(str(p.quantity.value) for p in parts), "total": show(total)}
    ctx.finding(ctx.t(zh.format(**values), en.format(**values)),
                locations=[(total.start, total.end)] + [(p.start, p.end) for p in parts], expected=str(added))
