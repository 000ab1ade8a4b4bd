"""Limits: a file that takes too long or is too large gets a clear error and the batch goes on."""

from __future__ import annotations

import json
import time

from click.testing import CliRunner

from auditor import engine
from auditor.cli import cli
from auditor.model import builder


def test_a_slow_file_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    slow = tmp_path / "a-slow.txt"
    slow.write_text("全年预算数为 100 万元。\n", encoding="utf-8")
    fine = tmp_path / "b-fine.txt"
    fine.write_text("全年预算数为 100 万元，全年实际支出资金 90 万元，预算执行率为 80%。\n", encoding="utf-8")
    real = engine.read_document

    def sluggish(path):
        if str(path).endswith("a-slow.txt"):
            time.sleep(60)
        return real(path)

    monkeypatch.setattr(engine, "read_document", sluggish)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "1", "--timeout", "4", str(tmp_path)])
    report = json.loads(result.stdout)
    assert result.exit_code == 2
    errors = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report["files"]}
    assert errors["a-slow.txt"]["code"] == "timeout" and "4" in errors["a-slow.txt"]["message"]
    assert errors["b-fine.txt"] is None
    assert "Traceback" not in result.stderr


def test_too_many_blocks_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "MAX_BLOCKS", 10)
    import docx

    d = docx.Document()
    for n in range(30):
        d.add_paragraph(f"第 {n} 段。")
    path = tmp_path / "big.docx"
    d.save(path)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["files"][0]["error"]["code"] == "too-large"
