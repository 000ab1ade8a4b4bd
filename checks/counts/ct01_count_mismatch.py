"""CT01: 共 N 个项目 / 处室 / 科室 … against the items actually listed."""

from __future__ import annotations

import re

from auditor.extract.compare import show
from auditor.extract.numerals import whole_number
from auditor.registry import check


def _counted(item: str, unit: str) -> int:
    """How many units an item stands for: those it counts itself ("2个直属事业单位（…）"), else one."""
    m = re.match(r"\s*(\d+|[一二两三四五六七八九十]+)\s*" + re.escape(unit), item) if unit else None
    if m is None:
        return 1
    n = whole_number(m.group(1))
    return n if n else 1


@check(
    code="CT01",
    name="count-mismatch",
    severity="warning",
    summary="A stated number of units or projects differs from the number of items listed with it (after it, or towns right before it).",
    rationale=(
        "“下设 8 个处室，分别是：…” promises a complete list. When the list is longer or shorter, either "
        "the count or the list is out of date — usually copied from last year's report after a "
        "reorganisation — and the reader cannot tell which."
    ),
    bad="本局下设 5 个科室，分别是：办公室、财务科、规划科、执法大队。",
    good="本局下设 4 个科室，分别是：办公室、财务科、规划科、执法大队。",
    known_problems=(
        "Items are split at 、 and ； outside brackets (待遇保障股（含医药价格、招标采购） is one item); an item "
        "that itself lists names without brackets is miscounted. A list ending with 等 or 以及其他… is "
        "taken as partial and not counted."
    ),
)
def count_mismatch(ctx):
    for enumeration in ctx.enumerations("count"):
        stated = int(enumeration.total.quantity.value)
        listed = len(enumeration.items)
        if stated == listed or listed < 2:
            continue
        # "单位共12个，即局机关、2个直属事业单位（…）和9个区县分局（…）": 1 + 2 + 9
        units = sum(_counted(item.text, enumeration.total.quantity.unit) for item in enumeration.items)
        if units == stated:
            continue
        listed = units
        names = "、".join(i.text for i in enumeration.items)
        ctx.finding(
            ctx.t(f"写明 {show(enumeration.total)}，但列出了 {listed} 项：{names}",
                  f"{show(enumeration.total)} stated, but {listed} items are listed: {names}"),
            locations=[(enumeration.total.start, enumeration.total.end)]
            + [(i.start, i.end) for i in enumeration.items],
            expected=f"{listed}{enumeration.total.quantity.unit}",
        )
