"""Baselines: record today's findings, then report only new ones (documents cannot carry ``noqa``).

Findings are matched by file name, code and fingerprint — the code plus the normalised text and
section of every figure involved — never by line numbers, so edits elsewhere in a report do not bring
old findings back.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from .atomic import replacing
from .findings import Run

VERSION = 1


def _key(path: str, finding) -> tuple[str, str, str]:
    return os.path.basename(path), finding.code, finding.fingerprint


def write(run: Run, path: str) -> int:
    entries = [
        {"file": os.path.basename(r.path), "code": f.code, "fingerprint": f.fingerprint, "message": f.message}
        for r in run.files for f in r.findings
    ]
    entries.sort(key=lambda e: (e["file"], e["code"], e["fingerprint"]))
    with replacing(path) as fh:
        fh.write((json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n")
                 .encode("utf-8"))
    return len(entries)


class BaselineError(Exception):
    pass


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an auditor baseline (version {VERSION})")
    return Counter((e["file"], e["code"], e["fingerprint"]) for e in data["findings"])


def apply(run: Run, known: Counter) -> int:
    """Drop the findings the baseline knows (as many times as it knows them); return how many."""
    remaining = Counter(known)
    dropped = 0
    for result in run.files:
        kept = []
        for f in result.findings:
            key = _key(result.path, f)
            if remaining[key] > 0:
                remaining[key] -= 1
                dropped += 1
            else:
                kept.append(f)
        result.findings = kept
    return dropped
