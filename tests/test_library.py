"""The library API: audit_file / audit_bytes return picklable results; the Dask example gives the same
JSON as the CLI."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import auditor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def test_audit_file_result_is_picklable():
    result = auditor.audit_file(str(SAMPLES / "000-gaoxin-civil-affairs-2023.txt"))
    again = pickle.loads(pickle.dumps(result))
    assert [f.code for f in again.findings] == [f.code for f in result.findings] and "RT01" in {f.code for f in again.findings}


def test_audit_bytes_reads_every_format():
    for ext in ("txt", "docx", "pdf"):
        data = (SAMPLES / f"000-gaoxin-civil-affairs-2023.{ext}").read_bytes()
        result = auditor.audit_bytes(data, ext, name="000")
        assert result.error is None and "RT01" in {f.code for f in result.findings}, ext


def test_audit_bytes_reports_bad_input_as_an_error():
    result = auditor.audit_bytes(b"not a zip", "docx")
    assert result.error is not None and result.error.code == "corrupt-docx"
    assert pickle.loads(pickle.dumps(result)).error.code == "corrupt-docx"


def test_config_selects_checks():
    result = auditor.audit_file(str(SAMPLES / "000-gaoxin-civil-affairs-2023.txt"), config=auditor.Config(select=("AM",)))
    assert {f.code for f in result.findings} == {"AM01"}


@pytest.mark.slow
def test_dask_example_gives_the_cli_json(tmp_path):
    pytest.importorskip("dask.distributed")
    files = [str(SAMPLES / n) for n in ("000-gaoxin-civil-affairs-2023.txt", "002-gaoxin-human-resources-2023.docx",
                                        "004-ergong-township-2024.txt")]
    out = tmp_path / "dask.json"
    subprocess.run([sys.executable, str(ROOT / "examples" / "dask_batch.py"), *files, "-o", str(out)],
                   check=True, timeout=600, cwd=ROOT)
    cli = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", "--jobs", "1", *files],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.read_text(encoding="utf-8") == cli.stdout
    assert json.loads(cli.stdout)["summary"]["files"] == 3
