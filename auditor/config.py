"""Configuration: ``[tool.auditor]`` in pyproject.toml, or auditor.toml / .auditor.toml, found by walking
up from each checked file (as ruff does); command-line flags override. Unknown keys and codes are errors.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .messages import LANGS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = (".auditor.toml", "auditor.toml", "pyproject.toml")
KNOWN_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "severity", "fail-on",
    "tolerance", "grade-bands", "options", "lang",
}
FAIL_ON = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration that cannot be used: the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = "warning"
    tolerance: float = 1.0  # multiplies the rounding tolerance of sums and differences
    grade_bands: tuple[tuple[str, float], ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    lang: str | None = None
    source: str | None = None  # the file it was read from
    root: str | None = None  # the directory per-file-ignores patterns are relative to

    def override(self, **changes) -> "Config":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "select": list(self.select),
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "per-file-ignores": {pattern: list(codes) for pattern, codes in self.per_file_ignores},
            "severity": dict(self.severity),
            "fail-on": self.fail_on,
            "tolerance": self.tolerance,
            "grade-bands": dict(self.grade_bands),
            "options": {code: dict(opts) for code, opts in self.options},
            "lang": self.lang,
        }


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


class Selection:
    """Which checks run on a file: select → extend-select → ignore → per-file-ignores (as ruff/flake8)."""

    def __init__(self, config: Config):
        self.config = config

    def enabled(self, code: str, path: str | None = None) -> bool:
        c = self.config
        selected = any(_matches(code, s) for s in c.select) or any(_matches(code, s) for s in c.extend_select)
        if not selected:
            return False
        # the most specific selector decides between select and ignore (ruff's rule)
        best_select = max((len(s) if s != "ALL" else 0 for s in (*c.select, *c.extend_select) if _matches(code, s)),
                          default=-1)
        best_ignore = max((len(s) if s != "ALL" else 0 for s in c.ignore if _matches(code, s)), default=-1)
        if best_ignore >= 0 and best_ignore >= best_select:
            return False
        if path is not None:
            for pattern, codes in c.per_file_ignores:
                if _path_matches(path, pattern, c.root) and any(_matches(code, s) for s in codes):
                    return False
        return True


def _path_matches(path: str, pattern: str, root: str | None) -> bool:
    candidates = {path.replace(os.sep, "/"), os.path.basename(path)}
    if root:
        try:
            candidates.add(os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/"))
        except ValueError:
            pass
    return any(fnmatch.fnmatch(c, pattern) for c in candidates)


def _validate_codes(codes, known: set[str], where: str) -> tuple[str, ...]:
    out = []
    for code in codes:
        if not isinstance(code, str):
            raise ConfigError(f"{where}: {code!r} is not a check code")
        if code != "ALL" and not any(k.startswith(code) for k in known):
            raise ConfigError(f"{where}: unknown check code or prefix {code!r}")
        out.append(code)
    return tuple(out)


def parse(data: dict, *, source: str, known_codes: set[str]) -> Config:
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(KNOWN_KEYS))})")
    kwargs: dict = {"source": source, "root": str(Path(source).parent)}
    for key, attr in (("select", "select"), ("ignore", "ignore"), ("extend-select", "extend_select")):
        if key in data:
            kwargs[attr] = _validate_codes(_list(data[key], source, key), known_codes, f"{source}: {key}")
    if "extend-ignore" in data:
        kwargs["ignore"] = kwargs.get("ignore", ()) + _validate_codes(
            _list(data["extend-ignore"], source, "extend-ignore"), known_codes, f"{source}: extend-ignore")
    if "per-file-ignores" in data:
        table = _table(data["per-file-ignores"], source, "per-file-ignores")
        kwargs["per_file_ignores"] = tuple(
            (pattern, _validate_codes(_list(codes, source, f"per-file-ignores.{pattern}"), known_codes,
                                      f"{source}: per-file-ignores.{pattern}"))
            for pattern, codes in sorted(table.items()))
    if "severity" in data:
        table = _table(data["severity"], source, "severity")
        for code, level in table.items():
            _validate_codes([code], known_codes, f"{source}: severity")
            if level not in FAIL_ON:
                raise ConfigError(f"{source}: severity.{code} must be one of error, warning, info (got {level!r})")
        kwargs["severity"] = tuple(sorted(table.items()))
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise ConfigError(f"{source}: fail-on must be one of error, warning, info (got {data['fail-on']!r})")
        kwargs["fail_on"] = data["fail-on"]
    if "tolerance" in data:
        if not isinstance(data["tolerance"], (int, float)) or data["tolerance"] < 0:
            raise ConfigError(f"{source}: tolerance must be a number ≥ 0 (a multiple of half a unit of the last decimal)")
        kwargs["tolerance"] = float(data["tolerance"])
    if "grade-bands" in data:
        bands = _table(data["grade-bands"], source, "grade-bands")
        if set(bands) - {"优", "良", "中", "差"}:
            raise ConfigError(f"{source}: grade-bands takes 优, 良, 中, 差 (lower bounds)")
        kwargs["grade_bands"] = tuple(sorted(((k, float(v)) for k, v in bands.items()), key=lambda kv: -kv[1]))
    if "options" in data:
        table = _table(data["options"], source, "options")
        for code in table:
            _validate_codes([code], known_codes, f"{source}: options")
        kwargs["options"] = tuple(sorted((code, tuple(sorted(_table(v, source, f"options.{code}").items())))
                                         for code, v in table.items()))
    if "lang" in data:
        if data["lang"] not in LANGS:
            raise ConfigError(f"{source}: lang must be one of {', '.join(LANGS)}")
        kwargs["lang"] = data["lang"]
    return Config(**kwargs)


def _list(value, source, key) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{source}: {key} must be a list of check codes")
    return value


def _table(value, source, key) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: {key} must be a table")
    return value


def read_file(path: str, known_codes: set[str]) -> Config | None:
    """The configuration in one file, or None for a pyproject.toml without [tool.auditor]."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("auditor")
        if data is None:
            return None
    return parse(data, source=str(path), known_codes=known_codes)


@lru_cache(maxsize=256)
def _find_in(directory: str, known: frozenset) -> Config | None:
    for name in CONFIG_FILES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            found = read_file(candidate, set(known))
            if found is not None:
                return found
    parent = os.path.dirname(directory)
    if parent == directory:
        return None
    return _find_in(parent, known)


def clear_cache() -> None:
    """Forget the files read (one run reads each directory's configuration once)."""
    _find_in.cache_clear()


def discover(path: str, known_codes: set[str]) -> Config:
    """The configuration that applies to ``path``: the nearest config file above it, else defaults."""
    directory = os.path.dirname(os.path.abspath(path)) if not os.path.isdir(path) else os.path.abspath(path)
    return _find_in(directory, frozenset(known_codes)) or Config()
