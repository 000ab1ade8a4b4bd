"""AM02: initial budget ± adjustment ≠ adjusted budget."""

from __future__ import annotations

from decimal import Decimal

from auditor.registry import check

_PARTS = ("initial_budget", "adjustment", "adjusted_budget")


@check(
    code="AM02",
    name="difference-mismatch",
    severity="error",
    summary="年初预算数 ± 调整数 differs from the stated 调整后预算数.",
    rationale=(
        "The 预算调整情况 part of a 部门整体支出绩效自评报告 states the initial budget, the adjustment "
        "(调增 / 调减) and the adjusted budget; by definition the last is the first plus the second. "
        "If they do not agree, one of the three is wrong, and so is every rate computed from it "
        "(预算调整率, 预算执行率). Compared at the stated precision of each figure."
    ),
    bad="我单位年初批复预算数 500.00 万元，年中调增数 120.00 万元，调整后全年预算数 600.00 万元。",
    good="我单位年初批复预算数 500.00 万元，年中调增数 120.00 万元，调整后全年预算数 620.00 万元。",
    known_problems="Only a sentence (or paragraph) that states all three figures of one scope is checked.",
)
def difference_mismatch(ctx):
    by_segment: dict[tuple[int, str], dict[str, list]] = {}
    for fig in ctx.quantities(include_tables=False):
        if not fig.concept or fig.quantity.approx:
            continue
        scope, _, measure = fig.concept.rpartition(".")
        if measure in _PARTS:
            by_segment.setdefault((fig.segment, scope), {}).setdefault(measure, []).append(fig)
    for (_, scope), found in sorted(by_segment.items()):
        if not all(found.get(m) for m in _PARTS):
            continue
        initial, adjustment, adjusted = (found[m][0] for m in _PARTS)
        computed = initial.quantity.base_value + adjustment.signed_base_value
        tolerance = sum((f.quantity.base_tolerance for f in (initial, adjustment, adjusted)), Decimal(0)) * Decimal(str(ctx.options.get("tolerance", 1)))
        if abs(computed - adjusted.quantity.base_value) <= tolerance:
            continue
        unit = adjusted.quantity
        decimals = max(f.quantity.decimals for f in (initial, adjustment, adjusted))
        expected = f"{(computed / unit.scale).quantize(Decimal(1).scaleb(-decimals))}{unit.unit}"
        sign = "−" if adjustment.signed_base_value < 0 else "+"
        formula = f"{initial.quantity.value} {sign} {abs(adjustment.quantity.value)}"
        ctx.finding(
            ctx.t(f"调整后预算数应为 {expected}（{formula}），此处写作 {adjusted.quantity.value}{unit.unit}",
                  f"the adjusted budget should be {expected} ({formula}); written here as "
                  f"{adjusted.quantity.value}{unit.unit}"),
            locations=[(adjusted.start, adjusted.end), (initial.start, initial.end),
                       (adjustment.start, adjustment.end)],
            expected=expected,
        )
