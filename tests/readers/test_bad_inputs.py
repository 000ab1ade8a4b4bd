"""Bad inputs: each gives a typed error with a stable code, exit 2, one line on stderr naming the file,
in Chinese by default and English with ``--lang en``, and never a traceback.

Every input is built inside the test. PDF-specific damage (encrypted, image-only, truncated PDFs) is
the PDF reader's own tests' business; here a ``.pdf`` is only ever something that is not a PDF.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sample_files import rewrite_member

CJK = re.compile(r"[\u4e00-\u9fff]")


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _zip_without_word_part() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes/random.bin", random.Random(7).randbytes(512))
        archive.writestr("readme.txt", "just a zip")
    return out.getvalue()


def _blank_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GARBAGE = random.Random(1234).randbytes(4096)

# One row per bad input: (id, builder(tmp_path, kit) -> path, expected error code).
BAD_INPUTS = [
    ("missing-txt", lambda t, k: t / "missing.txt", "not-found"),
    ("missing-docx", lambda t, k: t / "missing.docx", "not-found"),
    ("missing-doc", lambda t, k: t / "missing.doc", "not-found"),
    ("empty-txt", lambda t, k: _write(t, "empty.txt", b""), "empty-file"),
    ("whitespace-txt", lambda t, k: _write(t, "blank.txt", " \n\t\n   \r\n  "), "empty-file"),
    ("fullwidth-space-md", lambda t, k: _write(t, "blank.md", "\u3000\u3000\n\u3000\n"), "empty-file"),
    ("bom-only-txt", lambda t, k: _write(t, "bom.txt", b"\xef\xbb\xbf"), "empty-file"),
    ("empty-docx", lambda t, k: _write(t, "empty.docx", b""), "empty-file"),
    ("docx-without-text", lambda t, k: _write(t, "no-text.docx", _blank_docx()), "empty-file"),
    ("truncated-docx", lambda t, k: _write(t, "truncated.docx", k.docx[: len(k.docx) // 2]), "corrupt-docx"),
    ("docx-broken-xml", lambda t, k: _write(t, "broken-xml.docx", rewrite_member(
        k.docx, "word/document.xml", lambda d: d[: len(d) // 2])), "corrupt-docx"),
    ("docx-no-content-types", lambda t, k: _write(t, "no-types.docx", rewrite_member(
        k.docx, "[Content_Types].xml", lambda d: None)), "corrupt-docx"),
    ("zip-not-docx", lambda t, k: _write(t, "archive.docx", _zip_without_word_part()), "not-docx"),
    ("doc", lambda t, k: _write(t, "old.doc", _OLE_MAGIC + bytes(504)), "legacy-format"),
    ("wps", lambda t, k: _write(t, "old.wps", _OLE_MAGIC + bytes(504)), "legacy-format"),
    ("unsupported-ext", lambda t, k: _write(t, "report.xyz", k.text), "unsupported-type"),
    ("binary-garbage-txt", lambda t, k: _write(t, "garbage.txt", _GARBAGE), "not-text"),
    ("binary-garbage-no-nul-txt", lambda t, k: _write(t, "garbage2.txt", _GARBAGE.replace(b"\x00", b"")),
     "not-text"),
    ("nul-in-txt", lambda t, k: _write(t, "nul.txt", "预算执行数\x00 4044.35\x00".encode("utf-8") * 20), "not-text"),
    ("latin1-txt", lambda t, k: _write(t, "latin1.txt", "café naïve résumé déjà vu".encode("latin-1")),
     "undecodable"),
    ("docx-renamed-pdf", lambda t, k: _write(t, "word.pdf", k.docx), "mismatched-type"),
    ("text-renamed-pdf", lambda t, k: _write(t, "text.pdf", k.text), "corrupt-pdf"),
    ("pdf-renamed-docx", lambda t, k: _write(t, "pdf.docx", k.pdf), "mismatched-type"),
    ("pdf-renamed-txt", lambda t, k: _write(t, "pdf.txt", k.pdf), "mismatched-type"),
    ("docx-renamed-txt", lambda t, k: _write(t, "word.txt", k.docx), "mismatched-type"),
    ("doc-renamed-docx", lambda t, k: _write(t, "old.docx", _OLE_MAGIC + bytes(504)), "mismatched-type"),
]

TABLE = pytest.mark.parametrize(
    "build, code", [pytest.param(b, c, id=i) for i, b, c in BAD_INPUTS]
)


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    return lines[0]


def _assert_clean(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


@TABLE
def test_check_reports_typed_error_in_chinese(invoke, tmp_path, kit, build, code):
    path = build(tmp_path, kit)
    result = invoke("check", "--format", "json", path)
    _assert_clean(result)
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    [entry] = report["files"]
    assert entry["path"] == str(path)
    assert entry["findings"] == []
    assert entry["error"]["code"] == code
    assert report["summary"]["unreadable"] == 1
    line = _one_line(result.stderr)
    assert str(path) in line
    assert CJK.search(line.replace(str(path), "")), line
    assert entry["error"]["message"] == line


@TABLE
def test_check_reports_typed_error_in_english(invoke, tmp_path, kit, build, code):
    path = build(tmp_path, kit)
    result = invoke("check", "--format", "json", "--lang", "en", path)
    _assert_clean(result)
    assert result.exit_code == 2
    entry = json.loads(result.stdout)["files"][0]
    assert entry["error"]["code"] == code
    line = _one_line(result.stderr)
    assert str(path) in line
    assert not CJK.search(line.replace(str(path), "")), line
    assert entry["error"]["message"] == line


@TABLE
def test_text_format_names_the_unreadable_file(invoke, tmp_path, kit, build, code):
    path = build(tmp_path, kit)
    result = invoke("check", path)
    _assert_clean(result)
    assert result.exit_code == 2
    assert str(path) in _one_line(result.stderr)
    assert result.stdout.splitlines()[-1] == "共检查 1 个文件：0 个错误，0 个警告，0 个提示，1 个文件无法读取"


@TABLE
def test_dump_reports_typed_error(invoke, tmp_path, kit, build, code):
    path = build(tmp_path, kit)
    result = invoke("dump", path)
    _assert_clean(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert str(path) in _one_line(result.stderr)


@pytest.mark.parametrize("lang, expected", [
    ("zh", "{p}：文件不存在"),
    ("en", "{p}: file not found"),
])
def test_not_found_message(invoke, tmp_path, lang, expected):
    path = tmp_path / "无此文件.docx"
    result = invoke("check", "--lang", lang, path)
    assert result.exit_code == 2
    assert result.stderr == expected.format(p=path) + "\n"


@pytest.mark.parametrize("ext", [".doc", ".wps", ".DOC"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_legacy_format_message_says_how_to_convert(invoke, tmp_path, ext, lang):
    path = _write(tmp_path, f"2023年自评报告{ext}", _OLE_MAGIC + bytes(504))
    result = invoke("check", "--format", "json", "--lang", lang, path)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "soffice" in line and "--convert-to docx" in line and ".docx" in line
    assert path.name in line
    assert json.loads(result.stdout)["files"][0]["error"]["code"] == "legacy-format"


def test_environment_selects_english(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_LANG", "en")
    result = invoke("check", tmp_path / "gone.txt")
    assert result.stderr == f"{tmp_path / 'gone.txt'}: file not found\n"


def test_directory_with_one_good_and_one_bad_file(invoke, tmp_path, kit):
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    good = _write(root, "good.txt", kit.text)
    bad = _write(root / "sub", "bad.docx", kit.docx[: len(kit.docx) // 2])
    _write(root, "notes.xyz", "not a report: not picked up by the walk")
    _write(root, "~$good.docx", b"lock file")
    _write(root, ".hidden.txt", "hidden")
    result = invoke("check", "--format", "json", root)
    _assert_clean(result)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(good), str(bad)]
    assert report["files"][0]["error"] is None
    assert report["files"][1]["error"]["code"] == "corrupt-docx"
    assert report["summary"]["files"] == 2 and report["summary"]["unreadable"] == 1
    assert str(bad) in _one_line(result.stderr)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(invoke, tmp_path, kit):
    path = _write(tmp_path, "locked.txt", kit.text)
    path.chmod(0)
    try:
        result = invoke("check", "--format", "json", path)
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["files"][0]["error"]["code"] == "permission-denied"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bad_input_in_one_real_process(tmp_path, kit, lang):
    """End to end in a real interpreter: one run over all the bad inputs plus a good file."""
    good = _write(tmp_path, "good.txt", kit.text)
    built = []
    for index, (name, build, code) in enumerate(BAD_INPUTS):
        folder = tmp_path / f"{index:02d}-{name}"
        folder.mkdir()
        built.append((build(folder, kit), code))
    paths = [str(p) for p, _ in built] + [str(good)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("AUDITOR_LANG", None)
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", "--lang", lang, *paths],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == paths
    unreadable = [f for f in report["files"] if f["error"] is not None]
    assert report["summary"]["unreadable"] == len(unreadable)
    assert proc.stderr.splitlines() == [f["error"]["message"] for f in unreadable]  # one line each, in order
    for entry in unreadable:
        assert entry["error"]["message"].startswith(entry["path"])
    assert [f["error"]["code"] if f["error"] else None for f in report["files"]] == [c for _, c in built] + [None]
