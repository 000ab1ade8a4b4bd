"""The compiled-pattern cache: patterns built from an earlier run's file behave as freshly compiled
ones, anything wrong with the file is a miss, and the CLI's output never depends on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# A child process: install the cache, report which probe patterns were already built, use them.
_PROBE = textwrap.dedent(r"""
    import json, re, sys
    from auditor import patterncache
    installed = patterncache.install()
    probes = [(r"(?P<amount>[0-9]+(?:\.[0-9]+)?)\s*万元", 0), (r"执行率\s*[为:：]?\s*([0-9.]+)%", re.IGNORECASE)]
    preloaded = [(str, p, int(f)) in re._cache for p, f in probes]
    found = [re.compile(p, f).search("预算执行率为 57.39%，执行 4044.35 万元").groups() for p, f in probes]
    r1 = patterncache.compile_regex(r"(?P<u>万元)|(?P<u>元)|(?P<n>[0-9]+)")
    r2 = patterncache.compile_regex(r"(?:(?P<ap>约)?(?P<n>[0-9]+)(?P<u>人|户))", 0)
    matched = [m.groupdict() for m in r1.finditer("12元 7万元")] + [r2.search("约300户").groupdict()]
    print(json.dumps({"installed": installed, "preloaded": preloaded, "found": found, "matched": matched,
                      "regex_known": len(patterncache._regex_known or {})}))
""")


def _probe(cache_dir: Path, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "AUDITOR_NO_CACHE"}
    environment.update(AUDITOR_CACHE_DIR=str(cache_dir), **env)
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=ROOT,
                          env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def _files(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "compiled").glob("*.marshal"))


EXPECTED_FOUND = [["4044.35"], ["57.39"]]
# duplicate group names (what the unit vocabulary needs `regex` for) survive the round trip
EXPECTED_MATCHED = [{"u": None, "n": "12"}, {"u": "元", "n": None}, {"u": None, "n": "7"}, {"u": "万元", "n": None},
                    {"ap": "约", "n": "300", "u": "户"}]


def test_a_second_run_builds_its_patterns_from_the_first_runs_file(tmp_path):
    first = _probe(tmp_path)
    assert first["installed"] and first["preloaded"] == [False, False]
    assert [f.name.split("-")[0] for f in _files(tmp_path)] == ["re", "regex"]
    second = _probe(tmp_path)
    assert second["preloaded"] == [True, True]
    assert second["regex_known"] >= 2
    # built from the file, they find exactly what freshly compiled ones found
    assert first["found"] == second["found"] == EXPECTED_FOUND
    assert first["matched"] == second["matched"] == EXPECTED_MATCHED


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "flip"])
def test_a_damaged_file_is_a_miss_and_is_written_again(tmp_path, damage):
    _probe(tmp_path)
    for path in _files(tmp_path):
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(os.urandom(4096))
        elif damage == "empty":
            path.write_bytes(b"")
        else:  # one byte of the payload changed: the checksum no longer agrees
            middle = len(data) // 2
            path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
    damaged = _probe(tmp_path)
    assert damaged["preloaded"] == [False, False]
    assert damaged["found"] == EXPECTED_FOUND
    assert _probe(tmp_path)["preloaded"] == [True, True]  # rewritten whole by the damaged run


def test_a_file_of_another_python_or_engine_version_is_not_used(tmp_path):
    _probe(tmp_path)
    for path in _files(tmp_path):
        path.rename(path.with_name(path.name.replace("cpython", "otherpython")))
    assert _probe(tmp_path)["preloaded"] == [False, False]


def test_auditor_no_cache_turns_it_off(tmp_path):
    result = _probe(tmp_path, AUDITOR_NO_CACHE="1")
    assert result["installed"] is False and result["found"] == EXPECTED_FOUND
    assert not (tmp_path / "compiled").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_directory_that_cannot_be_written_is_no_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        result = _probe(tmp_path / "cache")
    finally:
        tmp_path.chmod(0o700)
    assert result["found"] == EXPECTED_FOUND


def test_a_cache_path_that_is_a_file_is_no_error(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("not a directory")
    result = _probe(blocker)
    assert result["found"] == EXPECTED_FOUND and result["matched"] == EXPECTED_MATCHED


def test_the_cli_gives_the_same_json_with_and_without_the_compiled_patterns(tmp_path):
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".txt"))[:3]
    assert samples

    def run(**env) -> str:
        environment = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path), **env}
        done = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", "--no-cache",
                               *map(str, samples)], capture_output=True, text=True, cwd=ROOT,
                              env=environment, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    plain = run(AUDITOR_NO_CACHE="1")
    assert not (tmp_path / "compiled").exists()
    filling = run()
    assert _files(tmp_path)
    from_file = run()
    assert plain == filling == from_file
    assert json.loads(plain)["files"]
