"""The plugins installed: the entry points of auditor's groups (``auditor.checks``, ``auditor.reporters``).

Finding entry points means ``importlib.metadata`` reading the metadata of every installed
distribution — with its own imports about 0.04 s, asked three times a run before (the formats, the
checks, the result cache's key). They are found once per process here, and — when the CLI keeps what
runs build (``auditor.patterncache``) — kept between runs under the import path as it is: each entry of
``sys.path`` with its modification time.
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

from . import patterncache

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
    key = _path_key()
    rows = patterncache.kept("plugins", key)  # None unless the CLI keeps what runs build
    if isinstance(rows, list):
        try:
            return tuple(Plugin(*map(str, row)) for row in rows)
        except TypeError:  # a kept list of another shape: read again
            pass
    plugins = _read_installed()
    patterncache.keep("plugins", key, [[p.group, p.name, p.value, p.version] for p in plugins])
    return tuple(plugins)


def entry_points(group: str) -> list[Plugin]:
    return [p for p in installed() if p.group == group]
