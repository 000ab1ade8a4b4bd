"""Counts: a stated number of things against the things listed."""
