"""Shared helpers for check tests: run one check on a passage, read the YAML case files."""

from __future__ import annotations

from pathlib import Path

import yaml

CASES_DIR = Path(__file__).with_name("cases")


def load_cases() -> dict[str, dict]:
    cases = {}
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases[data["rule"]] = data
    return cases
