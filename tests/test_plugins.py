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


def test_a_plugin_installed_after_a_run_is_found_by_the_next(tmp_path, report):
    """The entry points are kept between runs (auditor.plugins); installing into a path entry changes
    that entry's time, so the next run reads them again instead of trusting the kept list."""
    site = tmp_path / "site"
    site.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]),
               AUDITOR_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("AUDITOR_NO_CACHE", None)

    def codes() -> list[str]:
        done = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", str(report)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        return [f["code"] for f in json.loads(done.stdout)["files"][0]["findings"]]

    assert codes() == [] and codes() == []  # the second from the kept list
    assert (tmp_path / "cache" / "compiled" / "plugins.marshal").is_file()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(ROOT / "tests" / "plugin")], check=True, timeout=300)
    assert codes() == ["XP01"]


def test_plugin_values_load_as_entry_points_do():
    from auditor.plugins import GROUPS, Plugin
    from auditor.registry import ENTRY_POINT_GROUP as CHECKS
    from auditor.reporters import ENTRY_POINT_GROUP as REPORTERS

    assert set(GROUPS) == {CHECKS, REPORTERS}
    import os.path as expected

    assert Plugin("g", "n", "os:path").load() is expected
    assert Plugin("g", "n", "os:path.join [extra1, extra2]").load() is expected.join
    assert Plugin("g", "n", "os.path").load() is expected


def test_the_kept_list_spares_reading_the_installed_metadata(tmp_path):
    code = ("import sys; from auditor import patterncache, plugins; patterncache.install(); "
            "names = [p.name for p in plugins.installed()]; print('importlib.metadata' in sys.modules, names)")
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path))
    env.pop("AUDITOR_NO_CACHE", None)

    def run(**extra) -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                              env={**env, **extra}, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.split(" ", 1)

    first, second = run(), run()
    assert first[0] == "True" and second[0] == "False" and first[1] == second[1]
    assert run(AUDITOR_NO_CACHE="1")[0] == "True"
