"""The plugins installed: the entry points of auditor's groups (``auditor.checks``, ``auditor.reporters``).

Finding entry points means ``importlib.metadata`` reading the metadata of every installed
distribution — with its own imports about 0.04 s, asked three times a run before (the formats, the
checks, the result cache's key). They are found once per process here, and kept in the cache directory
between runs under the import path as it is: each entry of ``sys.path`` with its modification time.
Installing, upgrading or removing a distribution adds or removes a ``*.dist-info`` (or ``*.egg-info``)
directory in its path entry, which changes that entry's time; a new path entry changes the path.
Either way the key is not found and the entry points are read again. ``AUDITOR_NO_CACHE`` turns the
keeping off; nothing here raises for a cache that cannot be read or written.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache, reduce

from .atomic import replacing
from .cachedir import default_directory, disabled_by_environment, prepare

GROUPS = ("auditor.checks", "auditor.reporters")
FORMAT = 1


@dataclass(frozen=True)
class Plugin:
    """One entry point: ``value`` is ``module:attribute`` (extras, in brackets, ignored)."""

    group: str
    name: str
    value: str
    version: str = ""

    def load(self):
        target = self.value.split("[", 1)[0].strip()
        module_name, _, attributes = target.partition(":")
        module = importlib.import_module(module_name.strip())
        return reduce(getattr, [a for a in attributes.strip().split(".") if a], module)


def _path_key() -> str:
    entries = []
    for entry in sys.path:
        try:
            entries.append((entry, os.stat(entry or ".").st_mtime_ns))
        except (OSError, ValueError):
            entries.append((entry, None))
    text = json.dumps([FORMAT, sys.version, list(GROUPS), entries], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _read_installed() -> list[Plugin]:
    from importlib.metadata import entry_points

    found = []
    for group in GROUPS:
        for ep in entry_points(group=group):
            version = getattr(getattr(ep, "dist", None), "version", "") or ""
            found.append(Plugin(group, ep.name, ep.value, str(version)))
    return sorted(set(found), key=lambda p: (p.group, p.name, p.value, p.version))


@lru_cache(maxsize=1)
def installed() -> tuple[Plugin, ...]:
    """Every entry point of auditor's groups, sorted."""
    if disabled_by_environment():
        return tuple(_read_installed())
    path = default_directory() / "compiled" / f"plugins-{_path_key()}.json"
    try:
        with open(path, "rb") as fh:
            rows = json.loads(fh.read())
        return tuple(Plugin(*map(str, row)) for row in rows if isinstance(row, list) and len(row) == 4)
    except (OSError, ValueError, TypeError):
        pass
    plugins = _read_installed()
    try:
        if prepare(path.parent):
            _forget_others(path)
            with replacing(path) as fh:
                fh.write(json.dumps([[p.group, p.name, p.value, p.version] for p in plugins],
                                    ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass
    return tuple(plugins)


def _forget_others(keep) -> None:
    """The lists kept for import paths as they were: one per path is enough."""
    try:
        for entry in os.scandir(keep.parent):
            if entry.name.startswith("plugins-") and entry.name.endswith(".json") and entry.path != str(keep):
                os.unlink(entry.path)
    except OSError:
        pass


def entry_points(group: str) -> list[Plugin]:
    return [p for p in installed() if p.group == group]
