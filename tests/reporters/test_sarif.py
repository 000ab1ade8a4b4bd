"""SARIF output validates against the official 2.1.0 schema and carries rules, levels and locations."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.engine import audit_paths
from auditor.reporters.sarif import SarifReporter

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sarif():
    run = audit_paths([str(ROOT / "samples")])
    return run, json.loads(SarifReporter().render(run))


def test_validates_against_the_official_schema(sarif):
    _, log = sarif
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_rules_and_results(sarif):
    run, log = sarif
    driver = log["runs"][0]["tool"]["driver"]
    codes = [r["id"] for r in driver["rules"]]
    assert "RT01" in codes and all(r["help"]["text"] for r in driver["rules"])
    results = log["runs"][0]["results"]
    assert len(results) == sum(len(f.findings) for f in run.files)
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_text_files_have_regions_and_others_logical_locations(sarif):
    _, log = sarif
    results = log["runs"][0]["results"]
    txt = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".txt")]
    pdf = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".pdf")]
    rate = next(r for r in txt if r["ruleId"] == "RT01" and "000-" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    region = rate["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (47, 46, "52.39%")
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in pdf)
    assert all(r["locations"][0]["logicalLocations"][0]["name"].startswith("p.") for r in pdf)


def test_unreadable_files_are_notifications(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("全年预算数为 100 万元，全年实际支出资金 90 万元，预算执行率为 80%。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", str(tmp_path)])
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["empty-file"]
    assert log["runs"][0]["results"][0]["ruleId"] == "RT01"
