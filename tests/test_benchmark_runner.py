"""The benchmark runner refuses to start, with a message and exit code 2, when a tool it needs is missing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _runner(monkeypatch):
    spec = importlib.util.spec_from_file_location("benchmark_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "benchmark_run", module)  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_missing_pdftotext_is_a_message_not_a_traceback(monkeypatch, capsys, tmp_path):
    run = _runner(monkeypatch)
    monkeypatch.setattr(run.shutil, "which", lambda tool: None if tool == "pdftotext" else "/usr/bin/" + tool)
    assert run.main(["--corpus", str(tmp_path / "corpus"), "--quick"]) == 2
    err = capsys.readouterr().err
    assert "pdftotext" in err and "poppler-utils" in err
    assert not (tmp_path / "corpus").exists()  # nothing was built or measured
