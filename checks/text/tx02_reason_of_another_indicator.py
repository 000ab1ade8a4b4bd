"""TX02: a 偏差原因 that speaks of another indicator's subject, not its own."""

from __future__ import annotations

import re

from auditor.extract.lexicon import key_terms


def _raw_bigrams(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
from auditor.registry import check


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
        "characters with its own indicator's name is taken to be about it."
    ),
    options={"min_shared": 2},
)
def reason_of_another_indicator(ctx):
    indicators = [i for i in ctx.indicators() if i.name]
    for ind in indicators:
        if ind.reason is None:
            continue
        reason = key_terms(ind.reason.text)
        # its own subject in plain words (资金, 发放 count here): any overlap and the reason is its own
        if _raw_bigrams(ind.reason.text) & _raw_bigrams(ind.name):
            continue
        best, shared = None, 0
        for other in indicators:
            if other is ind:
                continue
            n = len(reason & key_terms(other.name))
            if n > shared:
                best, shared = other, n
        if best is None or shared < ctx.options["min_shared"]:
            continue
        ctx.finding(
            ctx.t(f"「{ind.name}」的偏差原因讲的是「{best.name}」（{best.number or ''}）的内容，疑似从该指标复制",
                  f"the deviation reason of '{ind.name}' is about '{best.name}' ({best.number or ''}); "
                  "it seems copied from that indicator"),
            locations=[(ind.reason.start, ind.reason.end)]
            + ([(best.reason.start, best.reason.end)] if best.reason is not None else []),
            expected=best.number or best.name,
        )
