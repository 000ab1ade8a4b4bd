"""The check registry: ``@check`` declares a check with its metadata; built-in and plugin checks alike.

A check is a function ``(ctx) -> None`` that reports through ``ctx.finding(...)``; the engine, not the
check, stamps its code, name and severity on each finding.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Callable

from .findings import Severity

CODE_PATTERN = re.compile(r"^[A-Z]{2,3}\d{2,3}$")
ENTRY_POINT_GROUP = "auditor.checks"


@dataclass(frozen=True)
class CheckSpec:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    func: Callable = field(compare=False, repr=False)
    known_problems: str = ""
    options: dict = field(default_factory=dict)
    origin: str = "builtin"


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec] = {}
        self._loaded = False

    def register(self, spec: CheckSpec) -> None:
        if not CODE_PATTERN.match(spec.code):
            raise ValueError(f"check code {spec.code!r} is not a family prefix plus a number (e.g. RT01)")
        existing = self._checks.get(spec.code)
        if existing is not None and existing.func is not spec.func:
            raise ValueError(f"check code {spec.code} is registered twice ({existing.name}, {spec.name})")
        self._checks[spec.code] = spec

    def all(self) -> list[CheckSpec]:
        self.load()
        return sorted(self._checks.values(), key=lambda s: s.code)

    def get(self, code: str) -> CheckSpec | None:
        self.load()
        return self._checks.get(code)

    def load(self) -> None:
        """Import every built-in check module under ``checks/`` and every plugin entry point once."""
        if self._loaded:
            return
        self._loaded = True
        import checks as builtin

        for info in pkgutil.walk_packages(builtin.__path__, prefix="checks."):
            importlib.import_module(info.name)
        from .plugins import entry_points

        for ep in entry_points(ENTRY_POINT_GROUP):
            ep.load()


REGISTRY = Registry()


def check(*, code: str, name: str, severity: str, summary: str, rationale: str, bad: str, good: str,
          known_problems: str = "", options: dict | None = None, registry: Registry = REGISTRY):
    """Declare a check. ``bad``/``good`` are example passages the tests run: one must fire, one not."""

    def decorate(func: Callable) -> Callable:
        module = getattr(func, "__module__", "") or ""
        registry.register(CheckSpec(
            code=code, name=name, severity=Severity(severity), summary=summary, rationale=rationale,
            bad=bad, good=good, func=func, known_problems=known_problems, options=dict(options or {}),
            origin="builtin" if module.startswith("checks.") else module,
        ))
        return func

    return decorate
