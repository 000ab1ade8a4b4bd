"""Scores: completion rates, indicator scores, totals and grades under the performance-evaluation rules."""
