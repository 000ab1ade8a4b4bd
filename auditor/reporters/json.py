"""The versioned JSON contract other tools rely on (extend it, never break it)."""

from __future__ import annotations

import json

from .. import __version__
from ..findings import Run

SCHEMA_VERSION = 1


class JsonReporter:
    binary = False

    def __init__(self, *, lang: str = "zh", color: bool = False, **_options):
        self.lang = lang

    def render(self, run: Run) -> str:
        payload = {
            "version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": __version__},
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "error": f.error.to_json(self.lang) if f.error else None,
                    "findings": [finding.to_json() for finding in f.findings],
                }
                for f in run.files
            ],
            "summary": run.summary(),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
