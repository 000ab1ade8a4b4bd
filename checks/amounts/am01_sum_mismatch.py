"""AM01: a total that its listed parts do not add up to."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.compare import show
from auditor.extract.lexicon import lexicon
from auditor.extract.figures import sentence_start
from auditor.registry import check

# A table "合计" more than twice its rows above totals more than those rows (a grand total over
# several tables): it is not a sum of the listed parts.
_PARTIAL_LIST = Decimal(2)


_SCORE_MEASURES = ("weight", "score", "total_score")


def _tolerance(figures) -> Decimal:
    """How far the parts may add up from the total by rounding alone, in the base unit.

    A measured amount (万元, 万人) is rounded to its last decimal, so each part adds half a unit of
    its own. Scores and counts of whole units (人, 户, 个) are exact: the parts of a score add up to
    the total to its finest stated decimal (18.4 + 20 + … against 95.1: 0.05), and whole counts add
    up exactly.
    """
    total, *parts = figures
    if _is_score(total) and all(p.quantity.dimension in ("score", "none") for p in parts):
        finest = max(f.quantity.decimals for f in figures)
        return Decimal("0.5").scaleb(-finest) * min(f.quantity.scale for f in figures)
    return sum((f.quantity.base_tolerance for f in figures if not _exact_count(f)), Decimal(0))


def _is_score(figure) -> bool:
    """A 分 figure, or a bare one labelled 得分 / 分值 / 权重 (a 合计 under a 得分 header)."""
    q = figure.quantity
    if q.dimension == "score":
        return True
    return q.dimension == "none" and lexicon().measure_of(figure.label) in _SCORE_MEASURES


def _exact_count(figure) -> bool:
    q = figure.quantity
    return q.dimension == "count" and q.decimals == 0 and q.scale == 1


_WEIGHTS = re.compile(r"分值|权重|满分")


def _with_the_execution_score(ctx, total, parts) -> list:
    """The parts of a total score, with the execution score when the list leaves it out although it is part of
    the total: named before it ("以上预算执行率、产出指标…得分合计98.52分，其中产出指标得分48.80分、…") or
    making up exactly the difference."""
    report = ctx.report()
    # (a total of the weights, 合计 under 分值, leaves out the execution's weight as a total score does its score)
    execution = report.execution_weight if _WEIGHTS.search(total.label) and report.execution_weight is not None \
        else report.execution_score
    if not _is_score(total) or execution is None or execution in parts or execution is total:
        return parts
    text = ctx.doc.normalized.segments[total.segment].text
    named = re.search(r"预算执行|执行率", text[sentence_start(text, total.quantity.start):total.quantity.start])
    added = sum((p.quantity.base_value for p in parts), Decimal(0))
    if added == total.quantity.base_value:
        return parts  # ("分为预算执行率、产出指标…五类，分值分别为10分、40分…合计100分": it is among them)
    if named or added + execution.quantity.base_value == total.quantity.base_value:
        return [execution, *parts]
    return parts


@check(
    code="AM01",
    name="sum-mismatch",
    severity="error",
    summary="A total (其中 / 分别 / 合计) differs from the sum of its listed parts.",
    rationale=(
        "When a report breaks a total down (人数、金额 after 其中, a table's 合计 row), the reader takes the "
        "parts to be complete and the total to be their sum; a difference means a part is missing, "
        "mistyped or double counted. Each measured part may be rounded, so the tolerance is half a unit "
        "of each stated last decimal (4388.99 against 949.53 + 3439.45 = 4388.98 is a rounding "
        "residual); scores and whole counts are exact and must add up to their finest stated decimal; "
        "元, 万元 and 亿元 are converted before adding. Rates and shares (执行率, 占比) are never added."
    ),
    bad="本年度困难群众救助人数为 120 人，其中城市低保 50 人，农村低保 40 人，特困供养 20 人。",
    good="本年度困难群众救助人数为 110 人，其中城市低保 50 人，农村低保 40 人，特困供养 20 人。",
    known_problems=("Approximate figures (约, 余, 多) are not added. A 自评表's 总分 row against its 得分 column is left "
                    "to SC04. Lists spread over several sentences are not read, "
                    "except a part of the budget counted and listed with its items' amounts (项目支出共6项，其中：…): "
                    "those are added against the part's budget or spending stated elsewhere, whichever they come "
                    "nearest to; so are the year's classes in a sentence of their own (按功能分类，支出分别为：…) "
                    "against the department's budget or spending. A total score whose listed classes leave out the execution score counts it in when "
                    "the sentence names it before the total or it makes up exactly the difference."),
)
def sum_mismatch(ctx):
    for enumeration in ctx.enumerations("sum"):
        if enumeration.total is ctx.report().table_total:
            continue  # the 自评表's 总分 against its 得分 column: SC04's
        total, parts = enumeration.total, _with_the_execution_score(ctx, enumeration.total, enumeration.parts)
        figures = [total, *parts]
        if any(f.quantity.approx for f in figures) or len(parts) < 2:
            continue
        if any(f.quantity.dimension == "percent" for f in figures):
            continue  # rates and shares are not added
        # "净调增9215.64万元，其中：基本支出调减12.22万元，项目支出调增9227.86万元": a decrease subtracts
        signed = any(p.negative for p in parts) and not total.negative \
            and ((total.concept or "").endswith("adjustment") or "调" in total.label)  # not "…减少量" indicators' scores
        added = sum((p.signed_base_value if signed else p.quantity.base_value for p in parts), Decimal(0))
        stated = total.quantity.base_value
        tolerance = _tolerance(figures) * Decimal(str(ctx.options.get("tolerance", 1)))
        if abs(added - stated) <= tolerance:
            continue
        if enumeration.source == "table" and abs(stated) > abs(added) * _PARTIAL_LIST and stated * added > 0:
            continue
        scale = total.quantity.scale or Decimal(1)
        expected_value = (added / scale).quantize(Decimal(1).scaleb(-max(p.quantity.decimals for p in figures)))
        expected = f"{expected_value}{total.quantity.unit}"
        formula = " + ".join(str(p.quantity.value) for p in parts) if not signed else \
            " ".join(f"{'−' if p.negative else '+'} {p.quantity.value}" for p in parts).lstrip("+ ")
        ctx.finding(
            ctx.t(f"分项合计为 {expected}（{formula}），与总数 {show(total)} 不符",
                  f"the parts add up to {expected} ({formula}), not to the total {show(total)}"),
            # (a list whose total is stated elsewhere — 项目支出共6项，其中：… — is marked where it is listed)
            locations=[(total.start, total.end)] + [(p.start, p.end) for p in parts]
            if total.segment in {p.segment for p in parts} or enumeration.source == "table" else [(p.start, p.end) for p in parts] + [(total.start, total.end)],
            expected=expected,
        )
