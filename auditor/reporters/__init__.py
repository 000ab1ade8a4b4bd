"""Output formats, chosen by name. A reporter renders a ``Run``; it never computes a figure.

Third parties add formats through the ``auditor.reporters`` entry-point group, the way flake8 does.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from ..findings import Run

ENTRY_POINT_GROUP = "auditor.reporters"

BUILTIN: dict[str, str] = {
    "text": "auditor.reporters.text:TextReporter",
    "json": "auditor.reporters.json:JsonReporter",
    "html": "auditor.reporters.html:HtmlReporter",
    "sarif": "auditor.reporters.sarif:SarifReporter",
}


class Reporter(Protocol):
    binary: bool

    def __init__(self, *, lang: str = "zh", color: bool = False) -> None: ...

    def render(self, run: Run) -> str | bytes: ...


def available() -> dict[str, str]:
    from ..plugins import entry_points

    names = dict(BUILTIN)
    for ep in entry_points(ENTRY_POINT_GROUP):
        names.setdefault(ep.name, ep.value)
    return names


def get_reporter(name: str) -> type:
    target = available()[name]
    module_name, attr = target.split(":")
    return getattr(importlib.import_module(module_name), attr)
