"""Findings and per-file results: the structured output of the checks, the input of the reporters."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum

from .errors import AuditorError
from .model import Location
from .model.normalize import fold


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One contradiction found by one check, with every place in the document it involves."""

    code: str
    name: str
    severity: Severity
    message: str
    locations: tuple[Location, ...]
    expected: str | None = None

    @property
    def sort_key(self) -> tuple:
        first = self.locations[0].start if self.locations else -1
        return (first, self.code, self.message)

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere: code + the normalised text and section of each location."""
        parts = [self.code]
        for loc in self.locations:
            parts.append(re.sub(r"\s+", "", fold(loc.text)))
            parts.append(loc.section)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "expected": self.expected,
            "fingerprint": self.fingerprint,
            "locations": [loc.to_json() for loc in self.locations],
        }


@dataclass
class FileResult:
    path: str
    kind: str | None
    findings: list[Finding] = field(default_factory=list)
    error: AuditorError | None = None
    # the document read, for reporters that show the text (HTML view, Word comments); not serialised
    document: object | None = field(default=None, repr=False, compare=False)
    fail_on: str = "warning"  # the least severe finding that makes the run fail, from the file's config
    # the path as given, to open the file again (``path`` is for printing: a name that is not UTF-8
    # has its undecodable bytes replaced there); not serialised
    source: str | None = field(default=None, repr=False, compare=False)

    @property
    def file(self) -> str:
        """The path to open the file with."""
        return self.source or self.path

    def fails(self) -> bool:
        limit = Severity(self.fail_on).rank
        return any(f.severity.rank <= limit for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class Run:
    """Everything one invocation produced, in the order the reporters print it."""

    files: list[FileResult]
    lang: str = "zh"

    def summary(self) -> dict:
        return {
            "files": len(self.files),
            "errors": sum(f.count(Severity.ERROR) for f in self.files),
            "warnings": sum(f.count(Severity.WARNING) for f in self.files),
            "infos": sum(f.count(Severity.INFO) for f in self.files),
            "unreadable": sum(1 for f in self.files if f.error is not None),
        }
