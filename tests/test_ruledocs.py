"""docs/rules.md is generated from the checks' metadata and must be up to date; the CLI shows the same."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli
from auditor.registry import REGISTRY
from auditor.ruledocs import markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_md_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == markdown(), "regenerate: python -m auditor.ruledocs > docs/rules.md"


def test_rules_lists_every_check():
    out = CliRunner().invoke(cli, ["rules"]).stdout
    for spec in REGISTRY.all():
        assert spec.code in out and spec.name in out


def test_rule_shows_rationale_and_both_examples():
    result = CliRunner().invoke(cli, ["rule", "RT01"])
    assert result.exit_code == 0
    spec = REGISTRY.get("RT01")
    assert spec.rationale in result.stdout and spec.bad.splitlines()[0] in result.stdout
    assert spec.good.splitlines()[0] in result.stdout


def test_unknown_rule_is_a_usage_error():
    result = CliRunner().invoke(cli, ["rule", "ZZ99"])
    assert result.exit_code == 2 and "ZZ99" in result.stderr
