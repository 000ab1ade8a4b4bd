"""Document model: blocks in reading order, a source map for every character, sections, normalised view."""

from .builder import DocumentBuilder
from .document import SECTION_SEPARATOR, Block, BlockKind, Document, Location, Span
from .normalize import NormalizedView, Segment, fold
from .sections import structure

__all__ = [
    "SECTION_SEPARATOR",
    "Block",
    "BlockKind",
    "Document",
    "DocumentBuilder",
    "Location",
    "NormalizedView",
    "Segment",
    "Span",
    "fold",
    "structure",
]
