"""XP01: reports every mention of 待补充 (a placeholder left in a report) — a third-party check."""

from auditor.registry import check


@check(
    code="XP01",
    name="placeholder-left",
    severity="warning",
    summary="A placeholder (待补充) was left in the report.",
    rationale="A report with placeholders was submitted before it was finished.",
    bad="项目实施情况：待补充。",
    good="项目实施情况：已按计划完成。",
)
def placeholder_left(ctx):
    text = ctx.doc.text
    start = text.find("待补充")
    while start >= 0:
        ctx.finding(ctx.t("报告中留有占位文字“待补充”", "a placeholder '待补充' was left in the report"),
                    locations=[(start, start + 3)])
        start = text.find("待补充", start + 1)
