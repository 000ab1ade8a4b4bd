"""The result cache: an unchanged file is not checked again, and anything that could change its findings
(the file, its configuration, the language, the code) is a miss; a cache that is broken, foreign or
unwritable never changes a result nor shows an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import auditor.cache as cache_module
import auditor.engine as engine
from auditor.cache import ResultCache, findings_from_json, findings_to_json
from auditor.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TXT = "000-gaoxin-civil-affairs-2023.txt"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "reports" / TXT
    path.parent.mkdir()
    shutil.copy(SAMPLES / TXT, path)
    return path


def _entries(directory: Path) -> list[Path]:
    """The cached results (not the temporary files of a write)."""
    return sorted(p for p in directory.glob("*.json") if ".tmp-" not in p.name) if directory.exists() else []


class _NoChecking:
    """Fails the test if anything is checked or the checks are loaded."""

    def __init__(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise AssertionError("a file was checked although its result was cached")

        monkeypatch.setattr(engine, "check_document", refuse)
        monkeypatch.setattr(REGISTRY, "all", refuse)


def test_an_unchanged_file_is_not_checked_again(invoke, report, cache_dir, monkeypatch):
    first = invoke("check", "--format", "json", report)
    assert first.exit_code == 1 and json.loads(first.stdout)["summary"]["errors"] > 0
    assert len(_entries(cache_dir)) == 1 and (cache_dir / "CACHEDIR.TAG").exists()
    _NoChecking(monkeypatch)
    second = invoke("check", "--format", "json", report)
    assert second.exit_code == 1 and second.stdout == first.stdout


def test_the_terminal_and_sarif_reports_are_the_same_from_the_cache(invoke, report, cache_dir):
    for fmt in ("text", "sarif"):
        first = invoke("check", "--format", fmt, report)
        second = invoke("check", "--format", fmt, report)
        assert second.stdout == first.stdout and second.exit_code == first.exit_code == 1


def test_a_changed_file_is_checked_again(invoke, report, cache_dir):
    first = json.loads(invoke("check", "--format", "json", report).stdout)
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\n本年度全年预算数为 7,147.68 万元，预算执行率为 52.39%。\n", encoding="utf-8")
    second = json.loads(invoke("check", "--format", "json", report).stdout)
    assert len(second["files"][0]["findings"]) > len(first["files"][0]["findings"])
    assert "7,147.68" in json.dumps(second, ensure_ascii=False)
    assert len(_entries(cache_dir)) == 2


def test_the_configuration_and_the_language_are_part_of_the_key(invoke, report, cache_dir, tmp_path):
    everything = json.loads(invoke("check", "--format", "json", report).stdout)["files"][0]["findings"]
    codes = sorted({f["code"] for f in everything})
    one = codes[0]
    selected = json.loads(invoke("check", "--format", "json", "--select", one, report).stdout)
    assert {f["code"] for f in selected["files"][0]["findings"]} == {one}
    english = invoke("check", "--format", "json", "--lang", "en", report).stdout
    messages = [f["message"] for f in json.loads(english)["files"][0]["findings"]]
    assert len(messages) == len(everything) and messages != [f["message"] for f in everything]
    assert all(m[:1].isascii() for m in messages)  # English sentences (they quote the Chinese text)
    # a configuration file found next to the report changes the key too
    (report.parent / "auditor.toml").write_text(f'ignore = ["{one}"]\n', encoding="utf-8")
    configured = json.loads(invoke("check", "--format", "json", report).stdout)["files"][0]["findings"]
    assert one not in {f["code"] for f in configured} and configured
    (report.parent / "auditor.toml").unlink()
    again = json.loads(invoke("check", "--format", "json", report).stdout)["files"][0]["findings"]
    assert again == everything


def test_the_same_content_at_another_path_is_another_entry(invoke, report, cache_dir, tmp_path):
    # per-file ignores depend on the path, so a copy is checked for itself
    other = tmp_path / "elsewhere" / "copy.txt"
    other.parent.mkdir()
    shutil.copy(report, other)
    invoke("check", report)
    invoke("check", other)
    assert len(_entries(cache_dir)) == 2


@pytest.mark.parametrize("damage", [
    b"", b"{", b"not json at all", b'{"format": 1, "key": "x", "kind": "txt", "findings": []}',
    b'{"format": 999, "findings": []}', b'[1, 2, 3]', b"\xff\xfe\x00garbage",
])
def test_a_damaged_or_foreign_entry_is_a_miss(invoke, report, cache_dir, damage):
    first = invoke("check", "--format", "json", report)
    (entry,) = _entries(cache_dir)
    entry.write_bytes(damage)
    second = invoke("check", "--format", "json", report)
    assert second.exit_code == 1 and second.stdout == first.stdout and not second.stderr
    assert json.loads(entry.read_bytes())["format"] == cache_module.FORMAT  # written again, whole


def test_an_entry_whose_fields_are_wrong_is_a_miss(invoke, report, cache_dir):
    first = invoke("check", "--format", "json", report)
    (entry,) = _entries(cache_dir)
    data = json.loads(entry.read_bytes())
    data["findings"][0][5][0][0] = "not an offset"
    entry.write_text(json.dumps(data), encoding="utf-8")
    second = invoke("check", "--format", "json", report)
    assert second.stdout == first.stdout


def test_an_unusable_cache_directory_changes_nothing(invoke, report, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    first = invoke("check", "--format", "json", "--no-cache", report)
    for args in (["--cache-dir", blocker / "below"], []):
        monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker))
        result = invoke("check", "--format", "json", *args, report)
        assert result.exit_code == 1 and result.stdout == first.stdout and not result.stderr
    # a file named as the directory on the command line is a usage error, said as such
    usage = invoke("check", "--cache-dir", blocker, report)
    assert usage.exit_code == 2 and "a-file" in usage.stderr


def test_no_cache_neither_reads_nor_writes(invoke, report, cache_dir, monkeypatch):
    invoke("check", "--no-cache", report)
    assert not _entries(cache_dir)
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    invoke("check", report)
    assert not _entries(cache_dir)
    monkeypatch.setenv("AUDITOR_NO_CACHE", "0")
    invoke("check", report)
    assert len(_entries(cache_dir)) == 1
    # a file checked with --no-cache is checked, even when its entry exists
    calls = []
    real = engine.check_document
    monkeypatch.setattr(engine, "check_document", lambda *a, **k: calls.append(1) or real(*a, **k))
    invoke("check", "--no-cache", report)
    assert calls == [1]


def test_an_unreadable_file_is_not_cached(invoke, tmp_path, cache_dir):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    for _ in range(2):
        result = invoke("check", bad)
        assert result.exit_code == 2 and "broken.docx" in result.stderr
    assert not _entries(cache_dir)


def test_the_html_report_shows_the_text_of_a_cached_file(invoke, report, cache_dir, tmp_path):
    first = invoke("check", "--format", "html", report)
    second = invoke("check", "--format", "html", report)
    assert second.stdout == first.stdout and "部门" in second.stdout


def test_word_comments_are_written_for_a_cached_file(invoke, tmp_path, cache_dir):
    docx = tmp_path / "r.docx"
    shutil.copy(SAMPLES / "004-ergong-township-2024.docx", docx)
    invoke("check", docx)
    out = tmp_path / "annotated"
    result = invoke("check", docx, "--annotate", out)
    assert result.exit_code == 1 and list(out.glob("*.docx"))


def test_jobs_mix_cached_and_new_files_in_input_order(tmp_path, cache_dir):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("000-gaoxin-civil-affairs-2023.txt", "001-gaoxin-red-cross-2023.txt",
                 "003-gaoyi-civil-affairs-2021.txt"):
        shutil.copy(SAMPLES / name, folder)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", *map(str, args)],
                              capture_output=True, text=True, timeout=300)

    uncached = run("--no-cache", "--jobs", "1", folder).stdout
    run("--jobs", "1", folder / "001-gaoxin-red-cross-2023.txt")  # one of three is cached
    assert len(_entries(cache_dir)) == 1
    assert run("--jobs", "2", folder).stdout == uncached
    assert len(_entries(cache_dir)) == 3
    assert run("--jobs", "2", folder).stdout == uncached


def test_findings_round_trip_exactly_with_pdf_boxes():
    from auditor.engine import audit_file

    result = audit_file(str(SAMPLES / "003-gaoyi-civil-affairs-2021.pdf"))
    assert result.findings and any(loc.bbox for f in result.findings for loc in f.locations)
    encoded = json.loads(json.dumps(findings_to_json(result.findings)))
    assert findings_from_json(encoded) == result.findings


def test_the_code_fingerprint_follows_the_sources(monkeypatch, tmp_path):
    data = tmp_path / "lexicon.yaml"
    data.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "_package_files", lambda package: [data])
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        data.write_text("a: 2\n", encoding="utf-8")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_the_fingerprint_reads_the_checks_and_the_vocabularies():
    names = {p.name for p in cache_module._package_files("checks")} | {
        p.name for p in cache_module._package_files("auditor")}
    assert "cl01_claim_contradicts_figures.py" in names and "lexicon.yaml" in names
    assert any(name.endswith(".csv") or name.endswith(".yml") or name.endswith(".yaml") for name in names)


def test_pruning_keeps_the_most_recently_used(tmp_path):
    cache = ResultCache(tmp_path / "c")
    for i in range(6):
        cache.store(f"{i:064x}", "txt", [])
        os.utime(cache.directory / f"{i:064x}.json", (1_000_000 + i, 1_000_000 + i))
    assert cache.load(f"{0:064x}") == ("txt", [])  # used now: the newest
    assert cache.prune(keep=3) == 3
    assert {p.stem for p in _entries(cache.directory)} == {f"{i:064x}" for i in (0, 4, 5)}


def test_stale_temporary_files_are_removed_by_pruning(tmp_path):
    cache = ResultCache(tmp_path / "c")
    cache.store("a" * 64, "txt", [])
    stray = cache.directory / f"{'b' * 64}.json.tmp-4242"  # as a killed run leaves it
    stray.write_bytes(b"{")
    fresh = cache.directory / f"{'c' * 64}.json.tmp-4343"
    fresh.write_bytes(b"{")
    os.utime(stray, (1_000_000, 1_000_000))
    cache.prune()
    assert not stray.exists() and fresh.exists() and len(_entries(cache.directory)) == 1


def test_cache_clean_and_dir(invoke, report, cache_dir):
    invoke("check", report)
    assert invoke("cache", "dir").stdout.strip() == str(cache_dir)
    cleaned = invoke("cache", "clean")
    assert cleaned.exit_code == 0 and "1" in cleaned.stderr
    assert not _entries(cache_dir) and not list(cache_dir.glob("*.meta"))


def test_the_default_directory_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("AUDITOR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_module.default_directory() == tmp_path / "xdg" / "auditor"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_module.default_directory() == tmp_path / "mine"


def test_a_cached_run_never_writes_next_to_the_reports(invoke, report, cache_dir):
    before = sorted(p.name for p in report.parent.iterdir())
    invoke("check", report)
    invoke("check", report)
    assert sorted(p.name for p in report.parent.iterdir()) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_an_oversized_file_is_not_hashed(tmp_path, monkeypatch):
    from auditor.config import Config

    cache = ResultCache(tmp_path / "c")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it to hash it would wait for a writer for ever
    assert cache.key(str(fifo), Config(), "zh") is None
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(cache_module, "MAX_FILE_BYTES", 1024)
    assert cache.key(str(big), Config(), "zh") is None
    monkeypatch.setattr(cache_module, "MAX_FILE_BYTES", 4096)
    assert cache.key(str(big), Config(), "zh") is not None
