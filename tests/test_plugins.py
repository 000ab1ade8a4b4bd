"""A third-party check registered through the ``auditor.checks`` entry-point group is run, listed,
selected and ignored like a built-in one (the plugin package is kept under tests/plugin)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(ROOT / "tests" / "plugin")], check=True, timeout=300)
    return target


def _auditor(plugin_path, *args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(plugin_path), str(ROOT)]))
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("一、项目实施情况\n\n待补充。\n", encoding="utf-8")
    return path


def test_plugin_check_is_listed_and_documented(plugin_path):
    listed = _auditor(plugin_path, "rules")
    assert "XP01" in listed.stdout and "placeholder-left" in listed.stdout
    rule = _auditor(plugin_path, "rule", "XP01")
    assert "待补充" in rule.stdout and "auditor_example_plugin" in rule.stdout


def test_plugin_check_runs(plugin_path, report):
    result = _auditor(plugin_path, "check", "--format", "json", report)
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert codes == ["XP01"] and result.returncode == 1


def test_plugin_check_is_selected_and_ignored(plugin_path, report):
    selected = _auditor(plugin_path, "check", "--format", "json", "--select", "XP", report)
    assert [f["code"] for f in json.loads(selected.stdout)["files"][0]["findings"]] == ["XP01"]
    ignored = _auditor(plugin_path, "check", "--format", "json", "--ignore", "XP01", report)
    assert json.loads(ignored.stdout)["files"][0]["findings"] == [] and ignored.returncode == 0


def test_without_the_plugin_the_code_is_unknown(report):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "auditor", "check", "--select", "XP01", str(report)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2 and "XP01" in result.stderr
