"""Amounts: sums, differences and budget components."""
