"""Rates: stated percentages against the figures they are computed from."""
