"""What a check sees: the document (and, as extraction lands, its facts) plus a way to report."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .findings import Finding, Severity
from .model import Document, Location
from .registry import CheckSpec


@dataclass
class Context:
    doc: Document
    spec: CheckSpec
    lang: str = "zh"
    options: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    shared: dict = field(default_factory=dict)  # per-document cache shared by all checks (the facts)

    @cached_property
    def facts(self):
        """The document's facts, extracted once per document and shared by every check."""
        if "facts" not in self.shared:
            from .extract import extract

            self.shared["facts"] = extract(self.doc)
        return self.shared["facts"]

    def quantities(self, concept: str | None = None, *, period: str | None = None,
                   include_tables: bool = True):
        """Figures of the document, optionally only those naming ``concept`` (this year's by default)."""
        index = self.shared.get("by_concept")
        if index is None:  # built once per document: checks ask for concepts many times
            index = {}
            for f in self.facts.figures:
                index.setdefault((f.concept, f.period), []).append(f)
                index.setdefault((None, f.period, "all"), []).append(f)
            self.shared["by_concept"] = index
        figures = index.get((concept, period) if concept is not None else (None, period, "all"), [])
        return figures if include_tables else [f for f in figures if f.table is None]

    def groups(self, concept: str, *, period: str | None = None):
        """The figures of ``concept`` grouped by value (largest group first), computed once per document."""
        cache = self.shared.setdefault("groups", {})
        key = (concept, period)
        if key not in cache:
            from .extract.compare import consensus

            cache[key] = consensus(self.quantities(concept, period=period))
        return cache[key]

    def paragraphs(self) -> list[tuple[int, str, list]]:
        """This year's narrative figures paragraph by paragraph: (segment, its normalised text, its figures)."""
        if "paragraphs" not in self.shared:
            by_segment: dict[int, list] = {}
            for fig in self.quantities(period=None):
                if fig.table is None:
                    by_segment.setdefault(fig.segment, []).append(fig)
            segments = self.doc.normalized.segments
            self.shared["paragraphs"] = [(i, segments[i].text, figures) for i, figures in by_segment.items()]
        return self.shared["paragraphs"]

    def statements(self):
        """Every quantity stated at least twice (``extract.conflicts.statements``), once per document."""
        if "statements" not in self.shared:
            from .extract.conflicts import statements

            self.shared["statements"] = statements(self.facts)
        return self.shared["statements"]

    def indicators(self):
        return self.facts.indicators

    def enumerations(self, kind: str | None = None):
        return [e for e in self.facts.enumerations if kind is None or e.kind == kind]

    def report(self):
        return self.facts.report

    def t(self, zh: str, en: str) -> str:
        """Pick the message text for the run's language."""
        return en if self.lang == "en" else zh

    def concept_name(self, concept: str) -> str:
        from .extract.compare import concept_name

        return concept_name(concept, self.lang)

    def locate(self, start: int, end: int) -> Location:
        return self.doc.locate(start, end)

    def finding(self, message: str | dict, *, locations: list[Location | tuple[int, int]],
                expected: str | None = None, severity: str | Severity | None = None) -> Finding:
        """Report a finding; ``message`` is a string or ``{"zh": …, "en": …}``; locations are every
        figure involved, as ``Location`` objects or ``(start, end)`` offsets in ``Document.text``."""
        if isinstance(message, dict):
            message = message.get(self.lang) or message.get("zh") or next(iter(message.values()))
        locs = tuple(loc if isinstance(loc, Location) else self.doc.locate(*loc) for loc in locations)
        result = Finding(
            code=self.spec.code,
            name=self.spec.name,
            severity=Severity(severity) if severity else self.spec.severity,
            message=message,
            locations=locs,
            expected=expected,
        )
        self.findings.append(result)
        return result
