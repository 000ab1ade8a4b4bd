"""Configuration: selection rules (table-driven, as flake8's decision engine tests), discovery by
walking up, overrides from the command line, and clear errors for unknown keys and codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.config import Config, ConfigError, Selection, parse

KNOWN = {"RT01", "RT02", "AM01", "AM02", "SC05", "TX01"}


@pytest.mark.parametrize("select, extend, ignore, code, enabled", [
    (("ALL",), (), (), "RT01", True),
    (("RT",), (), (), "RT01", True),
    (("RT",), (), (), "AM01", False),
    (("RT",), ("AM01",), (), "AM01", True),
    (("ALL",), (), ("RT",), "RT02", False),
    (("ALL",), (), ("RT",), "AM01", True),
    (("RT01",), (), ("RT",), "RT01", True),   # the more specific selector wins
    (("RT",), (), ("RT01",), "RT01", False),
    (("RT",), (), ("RT01",), "RT02", True),
    (("AM01",), (), ("AM01",), "AM01", False),  # equally specific: ignore wins
])
def test_selection(select, extend, ignore, code, enabled):
    config = Config(select=select, extend_select=extend, ignore=ignore)
    assert Selection(config).enabled(code) is enabled


def test_per_file_ignores_match_relative_to_the_config(tmp_path):
    config = parse({"per-file-ignores": {"drafts/*.txt": ["RT"]}}, source=str(tmp_path / "auditor.toml"),
                   known_codes=KNOWN)
    selection = Selection(config)
    assert not selection.enabled("RT01", str(tmp_path / "drafts" / "a.txt"))
    assert selection.enabled("RT01", str(tmp_path / "final" / "a.txt"))
    assert selection.enabled("AM01", str(tmp_path / "drafts" / "a.txt"))


@pytest.mark.parametrize("data, message", [
    ({"selec": ["RT"]}, "unknown key(s) selec"),
    ({"select": ["XX"]}, "unknown check code or prefix 'XX'"),
    ({"severity": {"RT01": "fatal"}}, "severity.RT01"),
    ({"fail-on": "never"}, "fail-on must be one of"),
    ({"lang": "fr"}, "lang must be one of"),
    ({"grade-bands": {"A": 90}}, "grade-bands takes"),
    ({"tolerance": -1}, "tolerance must be"),
])
def test_bad_configuration_is_a_clear_error(data, message):
    with pytest.raises(ConfigError) as err:
        parse(data, source="auditor.toml", known_codes=KNOWN)
    assert message in str(err.value) and "auditor.toml" in str(err.value)


REPORT = "全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 52.39%。\n"


def _check(*args):
    return CliRunner().invoke(cli, ["check", "--format", "json", *map(str, args)])


def test_config_is_found_by_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nignore = ["RT01"]\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "r.txt").write_text(REPORT, encoding="utf-8")
    report = json.loads(_check(deep / "r.txt").stdout)
    assert all(f["code"] != "RT01" for f in report["files"][0]["findings"])
    # the nearest file wins: auditor.toml next to the report selects RT01 again
    (deep / "auditor.toml").write_text('select = ["RT"]\n', encoding="utf-8")
    report = json.loads(_check(deep / "r.txt").stdout)
    assert [f["code"] for f in report["files"][0]["findings"]] == ["RT01"]


def test_pyproject_without_a_tool_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    result = _check(tmp_path / "r.txt")
    assert result.exit_code == 1 and "RT01" in result.stdout


def test_severity_override_and_fail_on(tmp_path):
    (tmp_path / ".auditor.toml").write_text('[severity]\nRT01 = "info"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    result = _check(tmp_path / "r.txt", "--select", "RT01")
    finding = json.loads(result.stdout)["files"][0]["findings"][0]
    assert finding["severity"] == "info" and result.exit_code == 0
    result = _check(tmp_path / "r.txt", "--select", "RT01", "--fail-on", "info")
    assert result.exit_code == 1


def test_command_line_overrides_the_file(tmp_path):
    (tmp_path / "auditor.toml").write_text('select = ["AM"]\nlang = "en"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    report = json.loads(_check(tmp_path / "r.txt", "--select", "RT").stdout)
    finding = report["files"][0]["findings"][0]
    assert finding["code"] == "RT01" and "should be" in finding["message"]  # lang from the file
    report = json.loads(_check(tmp_path / "r.txt", "--select", "RT", "--lang", "zh").stdout)
    assert "应为" in report["files"][0]["findings"][0]["message"]


def test_options_and_grade_bands(tmp_path):
    text = "本年度部门整体支出绩效自评综合得分 85 分，评价结果为“良”。\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    assert _check(tmp_path / "r.txt", "--select", "SC05").exit_code == 0
    (tmp_path / "auditor.toml").write_text('[grade-bands]\n"优" = 85\n"良" = 75\n"中" = 60\n"差" = 0\n', encoding="utf-8")
    result = _check(tmp_path / "r.txt", "--select", "SC05")
    assert result.exit_code == 1 and json.loads(result.stdout)["files"][0]["findings"][0]["expected"] == "优"


def test_unknown_key_in_a_file_exits_2_with_one_line(tmp_path):
    (tmp_path / "auditor.toml").write_text('selekt = ["RT"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    result = _check(tmp_path / "r.txt")
    assert result.exit_code == 2 and "selekt" in result.stderr and "Traceback" not in result.stderr


def test_config_command_prints_the_effective_configuration(tmp_path):
    (tmp_path / "auditor.toml").write_text('ignore = ["TX01"]\nfail-on = "error"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", str(tmp_path)])
    shown = json.loads(result.stdout)
    assert shown["ignore"] == ["TX01"] and shown["fail-on"] == "error" and shown["source"].endswith("auditor.toml")
