"""Scores: completion rates, indicator scores, totals and grades under the performance-evaluation rules."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.compare import quantize


def score_precision(score) -> int:
    """The decimals a computed score is compared at: those the score is written with (14.2 agrees
    with 15 × 94.87 % = 14.23 at one decimal), and 2 for a whole score — "9分" claims 9.00, not
    anything that rounds to 9."""
    d = score.quantity.decimals
    return d if d >= 1 else 2


def score_agrees(score, computed: Decimal) -> bool:
    """Whether a stated score is ``computed`` at the score's own precision (a unit of slack for
    rounding conventions)."""
    d = score_precision(score)
    return abs(score.quantity.value - quantize(computed, d)) <= Decimal(1).scaleb(-d)
