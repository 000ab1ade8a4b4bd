"""The extractors' and checks' vocabularies are YAML data files; this reads them.

libyaml's parser (``CSafeLoader``) reads them about eight times faster than PyYAML's pure-Python one,
which every process would otherwise pay at start-up; it is used when PyYAML was built with it, and both
parsers give the same data for these files (tested). When the CLI keeps compiled artefacts between runs
(``auditor.patterncache``), a file's data is kept there too, under the digest of the file's bytes and
PyYAML's installed files: the next run neither imports PyYAML nor parses the file.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from .. import patterncache


def safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | os.PathLike, loader: type | None = None):
    """The contents of the YAML file at ``path`` (UTF-8), with only safe tags."""
    with open(path, "rb") as fh:
        data = fh.read()
    key = None
    if loader is None:
        key = hashlib.sha256(data + _parser_version().encode()).hexdigest()
        value = patterncache.kept(_name(path), key)
        if value is not None:
            return value
    import yaml

    value = yaml.load(data.decode("utf-8"), Loader=loader or safe_loader())  # noqa: S506 - a safe loader
    if key is not None:
        patterncache.keep(_name(path), key, value)
    return value


def _name(path: str | os.PathLike) -> str:
    return f"data-{Path(path).stem}-{hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:12]}"


@cache
def _parser_version() -> str:
    """PyYAML as installed (its files' sizes and times), found without importing it."""
    spec = find_spec("yaml")
    parts = []
    for location in (spec.submodule_search_locations or []) if spec else []:
        for entry in sorted(os.scandir(location), key=lambda e: e.name):
            if entry.is_file():
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)
