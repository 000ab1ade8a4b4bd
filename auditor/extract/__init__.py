"""Extraction: figures and what they measure, from the normalised view."""

from .facts import Enumeration, Facts, Figure, Indicator, ReportFacts, TextField
from .pipeline import extract

__all__ = ["Enumeration", "Facts", "Figure", "Indicator", "ReportFacts", "TextField", "extract"]
