"""The command line contract: ``auditor check`` / ``auditor dump``, formats, exit codes, languages.

Exit codes: 0 no error/warning findings, 1 findings, 2 an unreadable file or bad usage. No checks exist
yet, so exit 1 is only asserted through its rule (exit 1 exactly when the summary counts errors or
warnings), never provoked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import auditor

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SAMPLE_NAMES = [f"{stem}.{ext}" for stem in (
    "000-gaoxin-civil-affairs-2023",
    "001-gaoxin-red-cross-2023",
    "002-gaoxin-human-resources-2023",
    "003-gaoyi-civil-affairs-2021",
    "004-ergong-township-2024",
) for ext in ("docx", "pdf", "txt")]
SUMMARY_KEYS = {"files", "errors", "warnings", "infos", "unreadable"}
ZH_SUMMARY = re.compile(r"^共检查 (\d+) 个文件：(\d+) 个错误，(\d+) 个警告，(\d+) 个提示(，(\d+) 个文件无法读取)?$")
EN_SUMMARY = re.compile(
    r"^(\d+) file\(s\) checked: (\d+) error\(s\), (\d+) warning\(s\), (\d+) info(, (\d+) file\(s\) unreadable)?$")


def expected_exit(summary: dict) -> int:
    if summary["unreadable"]:
        return 2
    return 1 if summary["errors"] + summary["warnings"] else 0


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def _env(**extra) -> dict:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}
    env.pop("AUDITOR_LANG", None)
    env.pop("NO_COLOR", None)
    return env


def run_process(*args, cwd=REPO, **env) -> subprocess.CompletedProcess:
    """``python -m auditor ARGS`` in a real interpreter."""
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], cwd=cwd, env=_env(**env),
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


# --- version and usage ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(invoke, flag):
    result = invoke(flag)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"auditor, version {auditor.__version__}"


def test_python_m_auditor_version():
    proc = run_process("--version")
    assert proc.returncode == 0, proc.stderr
    assert auditor.__version__ in proc.stdout
    assert "auditor" in proc.stdout


def test_console_script_version():
    script = shutil.which("auditor")
    if script is None:
        pytest.skip("the auditor console script is not on PATH")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0
    assert auditor.__version__ in proc.stdout


@pytest.mark.parametrize("args", [
    pytest.param(["check", "--format", "xml", "{txt}"], id="unknown-format"),
    pytest.param(["check", "--lang", "fr", "{txt}"], id="unknown-lang"),
    pytest.param(["check", "--no-such-option", "{txt}"], id="unknown-option"),
    pytest.param(["check"], id="no-path"),
    pytest.param(["dump", "--format", "html", "{txt}"], id="dump-html"),
    pytest.param(["frobnicate"], id="unknown-command"),
])
def test_usage_errors_exit_2(invoke, report_txt, args):
    result = invoke(*[a.format(txt=report_txt) for a in args])
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr


def test_unknown_format_in_a_real_process(report_txt):
    proc = run_process("check", "--format", "xml", report_txt)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "--format" in proc.stderr and "xml" in proc.stderr


def test_format_name_is_case_insensitive(invoke, report_txt):
    result = invoke("check", "--format", "JSON", report_txt)
    assert json.loads(result.stdout)["version"] == 1


# --- the JSON contract -----------------------------------------------------------------------------


def test_json_contract(invoke, tmp_path, kit, report_txt, report_docx):
    md = tmp_path / "report.md"
    md.write_text(kit.text, encoding="utf-8")
    result = invoke("check", "--format", "json", report_txt, md, report_docx)
    no_traceback(result)
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["tool"]["name"] == "auditor"
    assert report["tool"]["version"] == auditor.__version__
    assert [(f["path"], f["kind"]) for f in report["files"]] == [
        (str(report_txt), "txt"), (str(md), "md"), (str(report_docx), "docx")]
    for entry in report["files"]:
        assert {"path", "kind", "error", "findings"} <= set(entry)
        assert entry["error"] is None
        assert isinstance(entry["findings"], list)
    summary = report["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert all(isinstance(v, int) for v in summary.values())
    assert summary["files"] == 3 and summary["unreadable"] == 0
    assert result.exit_code == expected_exit(summary)


def test_batch_with_one_bad_file_reports_the_good_ones(invoke, tmp_path, report_txt, report_docx):
    missing = tmp_path / "missing.txt"
    result = invoke("check", "--format", "json", report_txt, missing, report_docx)
    no_traceback(result)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(report_txt), str(missing), str(report_docx)]
    good1, bad, good2 = report["files"]
    assert good1["error"] is None and good2["error"] is None
    assert set(bad["error"]) == {"code", "message"}
    assert bad["error"]["code"] == "not-found"
    assert bad["kind"] == "txt" and bad["findings"] == []
    assert report["summary"]["files"] == 3 and report["summary"]["unreadable"] == 1
    assert result.stderr == f"{missing}：文件不存在\n"


def test_batch_with_one_bad_file_text_format(invoke, tmp_path, report_txt):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    result = invoke("check", report_txt, bad)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "共检查 2 个文件：0 个错误，0 个警告，0 个提示，1 个文件无法读取"
    assert result.stderr.startswith(f"{bad}：")


def test_error_messages_follow_lang_in_json(invoke, tmp_path):
    missing = tmp_path / "missing.docx"
    zh = json.loads(invoke("check", "--format", "json", missing).stdout)
    en = json.loads(invoke("check", "--format", "json", "--lang", "en", missing).stdout)
    assert zh["files"][0]["error"] == {"code": "not-found", "message": f"{missing}：文件不存在"}
    assert en["files"][0]["error"] == {"code": "not-found", "message": f"{missing}: file not found"}


@pytest.fixture(scope="module")
def samples_json_runs() -> list[subprocess.CompletedProcess]:
    """``auditor check --format json samples/`` twice, in two processes with different hash seeds."""
    return [run_process("check", "--format", "json", "samples/", PYTHONHASHSEED=seed) for seed in ("1", "2")]


def test_json_output_is_deterministic(samples_json_runs):
    first, second = samples_json_runs
    assert first.stdout, first.stderr
    assert first.stdout == second.stdout
    assert first.returncode == second.returncode


def test_samples_directory_lists_all_fifteen_files(samples_json_runs):
    proc = samples_json_runs[0]
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert [os.path.basename(f["path"]) for f in report["files"]] == SAMPLE_NAMES
    assert all(f["path"].startswith("samples") for f in report["files"])
    assert [f["kind"] for f in report["files"]] == ["docx", "pdf", "txt"] * 5
    errors = {f["path"]: f["error"] for f in report["files"] if f["error"] is not None}
    assert errors == {}
    assert report["summary"]["files"] == 15 and report["summary"]["unreadable"] == 0
    assert proc.returncode in (0, 1)
    assert proc.returncode == expected_exit(report["summary"])


# --- text format -----------------------------------------------------------------------------------


def _readable_samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))


@pytest.mark.parametrize("lang, pattern, clean_line", [
    ("zh", ZH_SUMMARY, "全部通过，未发现问题。"),
    ("en", EN_SUMMARY, "All checked; no findings."),
])
def test_text_format_on_samples_prints_summary(invoke, lang, pattern, clean_line):
    files = _readable_samples()
    result = invoke("check", "--lang", lang, *files)
    no_traceback(result)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    match = pattern.match(lines[-1])
    assert match, lines[-1]
    files_n, errors, warnings, infos = map(int, match.groups()[:4])
    assert files_n == len(files) == 10
    assert match.group(5) is None  # nothing unreadable
    assert result.exit_code == (1 if errors + warnings else 0)
    if errors + warnings + infos == 0:
        assert lines == [clean_line, lines[-1]]
    assert "\033[" not in result.stdout  # not a terminal: no colour


# --- --output --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_output_writes_the_report_to_the_file(invoke, tmp_path, report_txt, fmt):
    out = tmp_path / "out" / f"report.{fmt}"
    out.parent.mkdir()
    result = invoke("check", "--format", fmt, "--output", out, report_txt)
    no_traceback(result)
    assert result.stdout == "" and result.stderr == ""
    assert result.exit_code == 0
    written = out.read_text(encoding="utf-8")
    assert written == invoke("check", "--format", fmt, report_txt).stdout
    assert sorted(os.listdir(out.parent)) == [out.name]  # no temporary file left behind
    if fmt == "json":
        assert json.loads(written)["files"][0]["path"] == str(report_txt)


def test_output_short_option_with_a_bad_file(invoke, tmp_path, report_txt):
    out = tmp_path / "report.json"
    missing = tmp_path / "missing.txt"
    result = invoke("check", "--format", "json", "-o", out, "--lang", "en", report_txt, missing)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{missing}: file not found\n"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["error"] and f["error"]["code"] for f in report["files"]] == [None, "not-found"]


def test_output_never_coloured(invoke, tmp_path, report_txt):
    out = tmp_path / "report.txt"
    invoke("check", "--color", "-o", out, report_txt)
    assert "\033[" not in out.read_text(encoding="utf-8")


def test_output_into_a_missing_directory(invoke, tmp_path, report_txt):
    out = tmp_path / "no-such-dir" / "report.json"
    result = invoke("check", "--format", "json", "-o", out, report_txt)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(out) in line
    assert not out.parent.exists()


# --- discovery -------------------------------------------------------------------------------------


def test_directory_walk_is_recursive_sorted_and_by_extension(invoke, tmp_path, kit):
    root = tmp_path / "reports"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    files = {
        root / "b" / "deeper" / "z.TXT": kit.text,
        root / "a" / "y.markdown": kit.text,
        root / "x.md": kit.text,
        root / "README.md": "# not a report",
        root / "build.py": "print('not a report')",
        root / "data.csv": "a,b",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    (root / "w.docx").write_bytes(kit.docx)
    result = invoke("check", "--format", "json", root, root / "x.md")  # x.md twice: listed once
    no_traceback(result)
    report = json.loads(result.stdout)
    assert [(os.path.relpath(f["path"], root), f["kind"]) for f in report["files"]] == [
        ("w.docx", "docx"), ("x.md", "md"), (os.path.join("a", "y.markdown"), "md"),
        (os.path.join("b", "deeper", "z.TXT"), "txt")]
    assert all(f["error"] is None for f in report["files"])
    assert result.exit_code == expected_exit(report["summary"])


def test_empty_directory_says_so(invoke, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("check", empty)
    no_traceback(result)
    assert str(empty) in result.stderr
    assert result.exit_code == 0
    # a machine reader still gets a valid, empty report
    result = invoke("check", "--format", "json", empty)
    assert str(empty) in result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == [] and report["summary"]["files"] == 0


# --- dump ------------------------------------------------------------------------------------------


def _figure_block(blocks: list[dict]) -> dict:
    hits = [b for b in blocks if "57.39%" in b["text"] and b["section"].endswith("指标二")]
    assert len(hits) == 1, [b["text"][:40] for b in blocks if "57.39%" in b["text"]]
    return hits[0]


@pytest.mark.parametrize("ext, where", [
    ("docx", lambda b: f"¶{b['paragraph']}"),
    ("pdf", lambda b: f"p.{b['page']}"),
    ("txt", lambda b: f"{b['line']}:{b['column']}"),
])
def test_dump_sample_000_shows_figure_with_location_and_section(invoke, ext, where):
    path = SAMPLES / f"000-gaoxin-civil-affairs-2023.{ext}"
    result = invoke("dump", "--format", "json", path)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    dumped = json.loads(result.stdout)
    assert dumped["version"] == 1 and dumped["kind"] == ext and dumped["path"] == str(path)
    for block in dumped["blocks"]:
        assert {"page", "line", "paragraph", "section", "text"} <= set(block)
    block = _figure_block(dumped["blocks"])
    assert block["section"].startswith("三、部门单位整体支出绩效分析")
    if ext == "docx":
        assert isinstance(block["paragraph"], int) and block["paragraph"] >= 1 and block["page"] is None
    elif ext == "pdf":
        assert isinstance(block["page"], int) and block["page"] >= 1
    else:
        assert block["line"] == 101 and block["page"] is None

    text = invoke("dump", path)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == f"# {path} ({ext}, {len(dumped['blocks'])} blocks)"
    head = next(i for i, line in enumerate(lines) if line.startswith(f"[{block['block']}] "))
    assert f"@ {where(block)}" in lines[head]
    assert lines[head].endswith(f"§ {block['section']}")
    assert "57.39%" in "\n".join(lines[head + 1:head + 1 + block["text"].count("\n") + 1])


def test_dump_built_docx_finds_headings_and_section(invoke, report_docx):
    result = invoke("dump", "--format", "json", report_docx)
    assert result.exit_code == 0
    blocks = json.loads(result.stdout)["blocks"]
    headings = [b["text"] for b in blocks if b["kind"] == "heading"]
    assert "三、部门单位整体支出绩效分析" in headings
    assert any("指标二" in h for h in headings)
    block = _figure_block(blocks)
    assert "执行数 4044.35 万元，完成率为 57.39%" in block["text"]
    assert block["section"].startswith("三、部门单位整体支出绩效分析")
    assert block["paragraph"] == 5 and block["page"] is None and block["line"] is None


def test_dump_missing_file_in_a_real_process(tmp_path):
    missing = tmp_path / "missing.docx"
    proc = run_process("dump", missing, "--lang", "en")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert proc.stderr == f"{missing}: file not found\n"


# --- text encodings --------------------------------------------------------------------------------


def _blocks(invoke, path) -> list[dict]:
    result = invoke("dump", "--format", "json", path)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["blocks"]


def _without_path(blocks: list[dict]) -> list[tuple]:
    return [(b["kind"], b["line"], b["column"], b["section"], b["text"]) for b in blocks]


ENCODINGS = [
    pytest.param(lambda s: s.encode("gb18030"), id="gb18030"),
    pytest.param(lambda s: s.encode("gbk"), id="gbk"),
    pytest.param(lambda s: s.replace("\n", "\r\n").encode("gbk"), id="gbk-crlf"),
    pytest.param(lambda s: s.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(lambda s: s.encode("utf-16"), id="utf-16-bom"),  # native order, with BOM
    pytest.param(lambda s: b"\xfe\xff" + s.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(lambda s: b"\xff\xfe" + s.encode("utf-16-le"), id="utf-16-le-bom"),
]


@pytest.mark.parametrize("encode", ENCODINGS)
def test_encoded_report_reads_like_utf8(invoke, tmp_path, kit, report_txt, encode):
    path = tmp_path / "encoded.txt"
    path.write_bytes(encode(kit.text))
    blocks = _blocks(invoke, path)
    assert _without_path(blocks) == _without_path(_blocks(invoke, report_txt))
    joined = "\n".join(b["text"] for b in blocks)
    assert "4044.35" in joined and "三、部门单位整体支出绩效分析" in joined
    assert "\ufeff" not in joined and "\r" not in joined
    assert _figure_block(blocks)["text"] == kit.paragraph
    check = invoke("check", "--format", "json", path)
    report = json.loads(check.stdout)
    assert report["files"][0]["error"] is None
    assert check.exit_code == expected_exit(report["summary"])


def test_gb18030_four_byte_characters(invoke, tmp_path, kit):
    text = kit.text + "\n备注：䶮、𠀀 两字在 GB18030 中占四个字节。\n"
    path = tmp_path / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    blocks = _blocks(invoke, path)
    assert blocks[-1]["text"] == "备注：䶮、𠀀 两字在 GB18030 中占四个字节。"
    assert "4044.35" in "".join(b["text"] for b in blocks)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16"])
def test_sample_000_reencoded_reads_identically(invoke, tmp_path, encoding):
    source = SAMPLES / "000-gaoxin-civil-affairs-2023.txt"
    path = tmp_path / f"000-{encoding}.txt"
    path.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    blocks = _blocks(invoke, path)
    assert _without_path(blocks) == _without_path(_blocks(invoke, source))
    assert _figure_block(blocks)["line"] == 101


@pytest.mark.parametrize("lang, labels", [("zh", {"错误", "警告", "提示"}), ("en", {"error", "warning", "info"})])
def test_statistics_one_line_per_check_and_severity(invoke, lang, labels):
    result = invoke("check", "--statistics", "--lang", lang, SAMPLES / "004-ergong-township-2024.txt",
                    SAMPLES / "000-gaoxin-civil-affairs-2023.txt")
    no_traceback(result)
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert rows and all(len(row) == 4 and row[0].isdigit() and row[2] in labels for row in rows)
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    keys = [(row[1], row[2]) for row in rows]
    assert len(keys) == len(set(keys))  # a check at two severities has two rows, told apart
    # the counts are the findings themselves
    findings = json.loads(invoke("check", "--format", "json", SAMPLES / "004-ergong-township-2024.txt",
                                 SAMPLES / "000-gaoxin-civil-affairs-2023.txt").stdout)
    assert sum(counts) == sum(len(f["findings"]) for f in findings["files"])


@pytest.mark.parametrize("location, shown", [
    (dict(page=3, line=7, table=None), "report.pdf:p3:7:"),
    (dict(page=3, line=None, table=1, row=4, col=2), "report.pdf:p3:T1R4C2:"),  # a PDF table's cell
    (dict(page=None, line=None, paragraph=5, table=None), "report.pdf:¶5:"),
    (dict(page=None, line=None, paragraph=None, table=2, row=1, col=3), "report.pdf:T2R1C3:"),
])
def test_text_positions_name_the_place(location, shown):
    from types import SimpleNamespace

    from auditor.reporters.text import TextReporter

    loc = SimpleNamespace(**{"row": None, "col": None, "column": None, "paragraph": None, **location})
    finding = SimpleNamespace(locations=[loc])
    assert TextReporter.position(SimpleNamespace(), "report.pdf", finding) == shown
