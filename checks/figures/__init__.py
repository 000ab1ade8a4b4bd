"""Figures: the same quantity stated with different values, or in the wrong place or unit."""
