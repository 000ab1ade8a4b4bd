"""Batches: --jobs gives the same JSON as one process; baselines report only new findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_jobs_give_identical_json(tmp_path):
    for name in ("000-gaoxin-civil-affairs-2023.txt", "002-gaoxin-human-resources-2023.txt",
                 "003-gaoyi-civil-affairs-2021.txt", "004-ergong-township-2024.docx"):
        shutil.copy(SAMPLES / name, tmp_path)
    one = _run("check", "--format", "json", "--jobs", "1", tmp_path)
    two = _run("check", "--format", "json", "--jobs", "2", tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and json.loads(one.stdout)["summary"]["files"] == 4


def test_baseline_hides_known_findings_but_not_new_ones(tmp_path):
    report = tmp_path / "r.txt"
    shutil.copy(SAMPLES / "000-gaoxin-civil-affairs-2023.txt", report)
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    first = runner.invoke(cli, ["check", str(report), "--write-baseline", str(baseline)])
    assert first.exit_code == 1 and baseline.exists()
    assert runner.invoke(cli, ["check", str(report), "--baseline", str(baseline)]).exit_code == 0
    # edits elsewhere (a new paragraph at the top shifts every line) do not bring old findings back
    text = report.read_text(encoding="utf-8")
    report.write_text("前言：本报告依据有关规定编写。\n\n" + text, encoding="utf-8")
    assert runner.invoke(cli, ["check", str(report), "--baseline", str(baseline)]).exit_code == 0
    # a new contradiction is reported
    report.write_text(text + "\n本年度我单位全年预算数为 7,147.68 万元。\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--format", "json", str(report), "--baseline", str(baseline)])
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert result.exit_code == 1 and codes and "7,147.68" in result.stdout


def test_a_bad_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(SAMPLES / "001-gaoxin-red-cross-2023.txt"), "--baseline", str(bad)])
    assert result.exit_code == 2 and "baseline" in result.stderr


def test_globs_and_the_per_file_table(tmp_path):
    for name in ("000-gaoxin-civil-affairs-2023.txt", "001-gaoxin-red-cross-2023.txt"):
        shutil.copy(SAMPLES / name, tmp_path)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-color", "--lang", "en", str(tmp_path / "0*.txt"),
                                      str(tmp_path / "empty.txt")])
    lines = result.stdout.splitlines()
    table = lines[lines.index(next(l for l in lines if l.startswith("file"))):]
    assert any(l.startswith(str(tmp_path / "000-gaoxin-civil-affairs-2023.txt")) and l.split()[-3:] != ["0", "0", "0"]
               for l in table)
    assert any(l.startswith(str(tmp_path / "empty.txt")) and l.endswith("empty-file") for l in table)
    assert result.exit_code == 2


def test_warm_up_loads_checks_vocabularies_and_the_batchs_readers():
    # In a fresh interpreter: before forking workers, the parent loads what every worker would need.
    code = """
import sys
from auditor.engine import warm_up
from auditor.registry import REGISTRY
assert "docx" not in sys.modules and "pypdfium2" not in sys.modules
warm_up(["a.docx", "b.TXT", "c.unknown"])
from auditor.extract.lexicon import lexicon
from auditor.extract.quantities import quantity_lexicon
print(REGISTRY._loaded, "docx" in sys.modules, "pypdfium2" in sys.modules,
      lexicon.cache_info().currsize, quantity_lexicon.cache_info().currsize)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "False", "1", "1"]


def test_warm_up_failing_does_not_break_a_batch(monkeypatch):
    import auditor.engine as engine

    def broken(*args, **kwargs):
        raise RuntimeError("a plugin that fails on import")

    monkeypatch.setattr(engine, "audit_text", broken)
    engine.warm_up(["a.txt"])  # no exception: each file still reports its own trouble


def test_jobs_keep_the_input_order_when_the_largest_file_comes_last(tmp_path):
    # the workers take the largest files first; the report still follows the order of the command line
    names = ["001-gaoxin-red-cross-2023.txt", "000-gaoxin-civil-affairs-2023.txt", "004-ergong-township-2024.docx"]
    for name in names:
        shutil.copy(SAMPLES / name, tmp_path)
    paths = [tmp_path / n for n in names]
    assert paths[-1].stat().st_size > max(p.stat().st_size for p in paths[:-1])
    one = _run("check", "--format", "json", "--no-cache", "--jobs", "1", *paths)
    two = _run("check", "--format", "json", "--no-cache", "--jobs", "2", *paths)
    assert one.stdout == two.stdout
    assert [Path(f["path"]).name for f in json.loads(two.stdout)["files"]] == names
