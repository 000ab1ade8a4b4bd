"""SC05: the grade (优/良/中/差) against the band of the total score."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.compare import show
from auditor.registry import check

# 财预〔2020〕10号 第二十五条: 90（含）-100 分为优、80（含）-90 分为良、60（含）-80 分为中、60 分以下为差.
DEFAULT_BANDS = [["优", 90], ["良", 80], ["中", 60], ["差", 0]]


@check(
    code="SC05",
    name="grade-band",
    severity="error",
    summary="The grade does not match the total score's band (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60).",
    rationale=(
        "财预〔2020〕10号《项目支出绩效评价管理办法》第二十五条 sets the bands: 90 (inclusive) to 100 is 优, "
        "80 (inclusive) to 90 良, 60 (inclusive) to 80 中, below 60 差; reports also write 优秀/良好/合格/不"
        "合格. A grade outside its band misreports the evaluation's conclusion. Bands are an option, since "
        "provinces vary."
    ),
    bad="本年度部门整体支出绩效自评综合得分 89.5 分，评价结果为“优”。",
    good="本年度部门整体支出绩效自评综合得分 90 分，评价结果为“优”。",
    known_problems=("Needs both the total score and the grade to be found. Every grade the report gives its "
                    "evaluation is checked (the 自评表's and the conclusion's), not one in a clause about "
                    "another year (上年评价等级为优); a bare 等级 only when it opens the clause right after the "
                    "evaluation's score (自评得分89.39分，等级为“优”), not another kind of grade (工程质量等级为优良)."),
    options={"bands": DEFAULT_BANDS},
)
def grade_band(ctx):
    report = ctx.report()
    if report.total_score is None or report.grade_key is None:
        return
    bands = ctx.options.get("bands", DEFAULT_BANDS)
    _check(ctx, report.total_score, report.grade, report.grade_key, bands)
    # any other grade the report gives its evaluation (the table says 良, the conclusion 优): against the total
    # its own sentence states, else the report's when the report states only one
    totals = ctx.quantities("total_score")
    single = len({t.quantity.value for t in totals if t.period is None} | {report.total_score.quantity.value}) == 1
    for grade, key, segment in report.grade_statements:
        if grade.start == report.grade.start:
            continue
        # (a score its sentence states before it: 农村饮水安全项目自评得分85.20分，评价等级为良)
        own = [t for t in ctx.quantities() if t.segment == segment and t.quantity.dimension == "score"
               and t.start < grade.start and "。" not in ctx.doc.text[t.end:grade.start]]
        if own:
            _check(ctx, own[-1], grade, key, bands)
        elif single:
            _check(ctx, report.total_score, grade, key, bands)


def _check(ctx, total, grade, key, bands) -> None:
    score = total.quantity.value
    expected = next((g for g, lower in bands if score >= Decimal(str(lower))), None)
    if expected is None or expected == key:
        return
    ctx.finding(
        ctx.t(f"综合得分 {show(total)} 对应的等级应为“{expected}”，此处为“{grade.text}”",
              f"a total score of {show(total)} is graded '{expected}', not '{grade.text}'"),
        locations=[(grade.start, grade.end), (total.start, total.end)],
        expected=expected,
    )
