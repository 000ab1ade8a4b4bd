"""The extractors' and checks' vocabularies are YAML data files; this reads them.

libyaml's parser (``CSafeLoader``) reads them about eight times faster than PyYAML's pure-Python one,
which every process would otherwise pay at start-up; it is used when PyYAML was built with it, and both
parsers give the same data for these files (tested).
"""

from __future__ import annotations

import os

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | os.PathLike, loader: type = SAFE_LOADER):
    """The contents of the YAML file at ``path`` (UTF-8), with only safe tags."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
