"""AM02: initial budget ± adjustment ≠ adjusted budget."""

from __future__ import annotations

import re
from decimal import Decimal

from auditor.extract.figures import full_stop_start, sentence_start, value_before_change
from auditor.extract.lexicon import lexicon
from auditor.model import BlockKind
from auditor.registry import check

_PARTS = ("initial_budget", "adjustment", "adjusted_budget")
_CARRIED_IN = "carried_in"  # 上年结转: a budget may be 年初 + 追加 + 上年结转
_NET = "net_adjustment"  # 净调增: the change in one figure, whatever the items were


def _adjustments_by_part(by_segment: dict, segment: int) -> list:
    """The department's adjustment told as the adjustments of its parts ("调减基本支出预算45.60万元，追加
    项目资金120.00万元"): only when the paragraph names every part of one split, so none is left out."""
    scopes = {scope for (seg, scope), found in by_segment.items() if seg == segment and found.get("adjustment")}
    for partition in lexicon().scope_splits("department"):
        if partition <= scopes:
            return [f for scope in sorted(partition) for f in by_segment[(segment, scope)]["adjustment"]]
    return []


def _signed(fig) -> Decimal:
    """The change with its sign: a change read as such carries it; one only worded as a change (年中追加…经费)
    is a decrease when its words say so (调减, 核减 …)."""
    if (fig.concept or "").endswith("adjustment"):
        return fig.signed_base_value
    negative = any(word in fig.label for word in lexicon().negative)
    return -fig.quantity.base_value if negative else fig.quantity.base_value


# A change told as a list that may leave some out ("追加…等资金", "其中追加…"): not the whole change.
_PARTIAL = ("等", "其中", "主要", "包括")


def _listed_in_part(changes: list) -> bool:
    return any(word in f.label for f in changes for word in _PARTIAL) or any(f.quantity.approx for f in changes)


def _one_sentence(text: str, initial, adjusted) -> bool:
    return not any(mark in text[initial.quantity.end:adjusted.quantity.start] for mark in "。；;！？!?")


def _short_by_less(initial, changes: list, adjusted) -> bool:
    """Whether the named changes miss the difference by less than they are themselves: 986.70 + 118.40 for
    1,115.10 is a slip in a figure; 9,365.80 + 1,000.00 for 11,479.00 leaves most of the change untold (the
    fund named is one of several)."""
    named = sum(f.quantity.base_value for f in changes)
    computed = initial.quantity.base_value + sum(_signed(f) for f in changes)
    return abs(computed - adjusted.quantity.base_value) < named


# A line of a record (年初预算：…; 调整数：…; 调整后预算：…): its field's label, then the value
_FIELD_LINE = re.compile(r"\s*[^\d:：,，。;；]{2,12}[:：]")


def _records(ctx) -> dict[int, int]:
    """Each paragraph of a run of field lines → the run's first paragraph: the budget told a field a line
    ("年初预算：1,736.85万元" / "调整数：+118.40万元" / "调整后预算：1,865.25万元") is one passage."""
    segments = ctx.doc.normalized.segments
    out: dict[int, int] = {}
    for i, seg in enumerate(segments):
        if seg.kind == BlockKind.TABLE_CELL or not _FIELD_LINE.match(seg.text):
            continue
        previous = i - 1
        out[i] = out[previous] if previous in out else i
    return out


def _items_own_budgets(ctx) -> None:
    """An item's own budget told in one sentence of its own ("2. 危桥改造项目：年初预算1,010.00万元，年中追加380.00
    万元，调整后预算1,480.00万元，…"): its 年初 ± changes against its 调整后, none of them the department's."""
    lex = lexicon()
    for _, text, figures in ctx.paragraphs():
        figures = [f for f in figures if f.quantity.dimension == "money" and not f.quantity.approx]
        for k, initial in enumerate(figures):
            if initial.concept or lex.measure_of(initial.label) != "initial_budget":
                continue
            changes, adjusted = [], None
            for fig in figures[k + 1:]:
                if sentence_start(text, fig.quantity.start) > initial.quantity.start or fig.concept:
                    break
                measure = lex.measure_of(fig.label)
                if measure == "adjustment":
                    changes.append(fig)
                    continue
                adjusted = fig if measure == "adjusted_budget" else None
                break
            if adjusted is None or not changes or _listed_in_part(changes):
                continue
            computed = initial.quantity.base_value + sum(_signed(f) for f in changes)
            used = (initial, *changes, adjusted)
            if abs(computed - adjusted.quantity.base_value) > sum((f.quantity.base_tolerance for f in used), Decimal(0)):
                _report(ctx, initial, changes, adjusted, computed)


_LEFT_AT = re.compile(r"(?:为|至|到)\s*$")


def _changed_from_to(ctx) -> None:
    """A change and what it did in one sentence ("年中调减县级配套资金741,000.00元，县级配套资金由1,500,000.00元调整为
    786,000.00元"): the amount before it ± the change against the amount after it, whatever they are of."""
    lex = lexicon()
    for _, text, figures in ctx.paragraphs():
        money = [f for f in figures if f.quantity.dimension == "money" and not f.quantity.approx]
        for k, before in enumerate(money[:-1]):
            after = money[k + 1]
            if not value_before_change(text, before.quantity):
                continue
            sentence = full_stop_start(text, before.quantity.start)
            changes = [f for f in money if f is not before and f is not after
                       and full_stop_start(text, f.quantity.start) == sentence
                       and lex.measure_of(f.label) == "adjustment" and not f.concept
                       and not _LEFT_AT.search(text, max(0, f.quantity.start - 6), f.quantity.start)]
            # (not where it left the budget: 调减为12,386.00万元)
            if len(changes) != 1 or before.concept or after.concept:
                continue
            computed = before.quantity.base_value + _signed(changes[0])
            used = (before, changes[0], after)
            if abs(computed - after.quantity.base_value) > sum((f.quantity.base_tolerance for f in used), Decimal(0)):
                _report(ctx, before, changes, after, computed)


@check(
    code="AM02",
    name="difference-mismatch",
    severity="error",
    summary="年初预算数 ± 调整数 differs from the stated 调整后预算数.",
    rationale=(
        "The 预算调整情况 part of a 部门整体支出绩效自评报告 states the initial budget, the adjustment "
        "(调增 / 调减) and the adjusted budget; by definition the last is the first plus the second. "
        "If they do not agree, one of the three is wrong, and so is every rate computed from it "
        "(预算调整率, 预算执行率). Compared at the stated precision of each figure. A net change stated as "
        "such (净调增, 调整净额) is the change: it alone must make up the difference."
    ),
    bad="我单位年初批复预算数 500.00 万元，年中调增数 120.00 万元，调整后全年预算数 600.00 万元。",
    good="我单位年初批复预算数 500.00 万元，年中调增数 120.00 万元，调整后全年预算数 620.00 万元。",
    known_problems=(
        "Only a sentence (or paragraph) that states all three figures of one scope is checked. Funds added "
        "or cut between the department's two budgets in one sentence (年中追加人口抽样调查经费…) are its whole "
        "change when no other change is stated, unless listed as some of them (…等资金, 其中…) or short of "
        "the difference by more than they are (then the fund named is one of several); the "
        "department's adjustment may be told as the adjustments of its parts (基本支出 and 项目支出, or 人员经费, "
        "公用经费 and 项目支出) when every part of the split is named. An item's own 年初预算, changes and 调整后预算 "
        "told in one sentence, none of them the department's (危桥改造项目：年初预算…，年中追加…，调整后预算…), are "
        "checked the same way, and so is a change told with what it did (调减…741,000.00元，…由1,500,000.00元调整为"
        "786,000.00元)."
    ),
)
def difference_mismatch(ctx):
    _items_own_budgets(ctx)
    _changed_from_to(ctx)
    records = _records(ctx)
    by_segment: dict[tuple[int, str], dict[str, list]] = {}
    unread: dict[int, list] = {}  # money the words call a change that was not read as one
    # (the parts of a change, "调增92.60万元，其中…追加86.00万元、…", are read with it)
    parts = {id(p) for e in ctx.enumerations("sum") for p in e.parts}
    for fig in ctx.quantities(include_tables=False):
        if fig.quantity.dimension == "money" and not (fig.concept or "").endswith("adjustment") \
                and lexicon().measure_of(fig.label) == "adjustment" and id(fig) not in parts:
            unread.setdefault(records.get(fig.segment, fig.segment), []).append(fig)
        if not fig.concept or fig.quantity.approx:
            continue
        scope, _, measure = fig.concept.rpartition(".")
        if measure in _PARTS or measure in (_CARRIED_IN, _NET):
            by_segment.setdefault((records.get(fig.segment, fig.segment), scope), {}).setdefault(measure, []).append(fig)
    for (segment, scope), found in sorted(by_segment.items()):
        if found.get(_NET) and found.get("initial_budget") and found.get("adjusted_budget"):
            # "全年预算由年初的1,286.40万元调整为1,402.15万元，净调增125.75万元": the net change is the difference
            found = {**found, "adjustment": found[_NET][:1]}
        elif not scope and not found.get("adjustment"):
            found = {**found, "adjustment": _adjustments_by_part(by_segment, segment)}
        changes = []  # the changes told between the two budgets that were not read as the department's
        if found.get("initial_budget") and found.get("adjusted_budget"):
            initial, adjusted = found["initial_budget"][0], found["adjusted_budget"][0]
            changes = [f for f in unread.get(segment, ()) if initial.start < f.start < adjusted.start]
        if not scope and not found.get("adjustment") and changes and not _listed_in_part(changes) \
                and _one_sentence(ctx.doc.normalized.segments[segment].text, initial, adjusted) \
                and _short_by_less(initial, changes, adjusted):
            # "年初预算986.70万元，年中追加人口抽样调查经费128.40万元，调整后预算1,115.10万元": the funds
            # added (or cut) between the two budgets in one sentence are its whole change
            found, changes = {**found, "adjustment": changes}, []
        if not all(found.get(m) for m in _PARTS):
            continue
        if changes:
            # "年中追加城市更新专项、社区治理补助等资金2,147.80万元，因…调减536.40万元": a change was
            # not read, so the sum of those read says nothing
            continue
        # 调增 742.15, 调减 128.40: every distinct adjustment of the paragraph counts, with its sign
        adjustments = list({_signed(f): f for f in found["adjustment"]}.values())
        computed = initial.quantity.base_value + sum(_signed(f) for f in adjustments)
        used = (initial, *adjustments, adjusted)
        tolerance = sum((f.quantity.base_tolerance for f in used), Decimal(0)) * Decimal(str(ctx.options.get("tolerance", 1)))
        if abs(computed - adjusted.quantity.base_value) <= tolerance:
            continue
        carried = list({f.quantity.base_value: f for f in found.get(_CARRIED_IN, [])}.values())
        if carried and abs(computed + sum(f.quantity.base_value for f in carried) - adjusted.quantity.base_value) \
                <= tolerance + sum((f.quantity.base_tolerance for f in carried), Decimal(0)):
            continue  # "全年预算3,456.8万元，其中年初预算3,120.4万元，年中追加218.6万元，上年结转117.8万元"
        _report(ctx, initial, adjustments, adjusted, computed)


def _report(ctx, initial, changes: list, adjusted, computed: Decimal) -> None:
    """An adjusted budget that is not the initial budget with its changes: ``computed``, in base units."""
    unit = adjusted.quantity
    decimals = max(f.quantity.decimals for f in (initial, *changes, adjusted))
    expected = f"{(computed / unit.scale).quantize(Decimal(1).scaleb(-decimals))}{unit.unit}"
    formula = f"{initial.quantity.value}" + "".join(
        f" {'−' if _signed(f) < 0 else '+'} {abs(f.quantity.value)}" for f in changes)
    ctx.finding(
        ctx.t(f"调整后预算数应为 {expected}（{formula}），此处写作 {adjusted.quantity.value}{unit.unit}",
              f"the adjusted budget should be {expected} ({formula}); written here as "
              f"{adjusted.quantity.value}{unit.unit}"),
        locations=[(adjusted.start, adjusted.end), (initial.start, initial.end)] + [(f.start, f.end) for f in changes],
        expected=expected,
    )
