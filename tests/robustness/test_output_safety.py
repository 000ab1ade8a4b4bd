"""Output safety and integrity, through the real command line.

* Document text and file names holding markup (``<script>``, ``</textarea>``), template syntax
  (``{{ }}``, ``{% %}``), control characters and right-to-left overrides are inert and visible in the HTML.
* SARIF validates against the official 2.1.0 schema and JSON stays valid (and UTF-8) whatever the
  document or the file name holds.
* The text format does not pass raw control characters (or bidi controls) from the document to the
  terminal.
* Inputs are byte-identical after every kind of run (every format, ``--annotate``), and the output is
  deterministic: the same bytes whatever ``--jobs`` and ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO / "samples"
BASE = "000-gaoxin-civil-affairs-2023"  # a sample whose findings quote the document's own words
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# Placed where the sample's findings quote the document: the reused 偏差原因 (TX01) and the name of an
# indicator whose evaluation names another indicator (TX03).
SCRIPT = "<script>alert(1)</script>"
EXPR = "{{ 1111*3 }}"
LOOP = "{% for x in range(3) %}X{% endfor %}"
TEXTAREA = "</textarea>"
RLO, PDI_ISOLATE = "\u202e", "\u2066"
CONTROLS = ("\x07", "\x1b", "\x08")
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_REASON = "因困难群众为动态数据"
_INDICATOR = "保障困难群体正常生活："
_MEASURE = "加强困难群众动态管理"


def hostile_text(controls: bool = True) -> str:
    text = (SAMPLES / f"{BASE}.txt").read_text(encoding="utf-8")
    text = text.replace(_REASON, f"{SCRIPT}{EXPR}{RLO}{_REASON}" + ("\x07" if controls else ""))
    text = text.replace(_INDICATOR, f"保障{TEXTAREA}{LOOP}群体：")
    text = text.replace(_MEASURE, ("\x1b[31m\x08" if controls else "") + f"加强</style><!--{PDI_ISOLATE}困难群众动态管理")
    return text


def control_text() -> str:
    """The sample with control characters and bidi controls inside the words its findings quote."""
    text = (SAMPLES / f"{BASE}.txt").read_text(encoding="utf-8")
    text = text.replace(_REASON, f"{RLO}\x07\x1b[2J因困{PDI_ISOLATE}难群众为动态数据")
    return text.replace(_INDICATOR, f"保障{RLO}困难\x1b[31m\x08群体\u200f：")


def hostile_docx() -> bytes:
    import docx

    document = docx.Document(str(SAMPLES / f"{BASE}.docx"))
    changed = 0
    for paragraph in document.paragraphs:
        text = paragraph.text
        new = (text.replace(_REASON, f"{SCRIPT}{EXPR}{RLO}{_REASON}").replace(_INDICATOR, f"保障{TEXTAREA}{LOOP}群体：")
               .replace(_MEASURE, f"加强</style><!--{PDI_ISOLATE}困难群众动态管理"))
        if new != text:
            paragraph.text = new
            changed += 1
    assert changed >= 3
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run_cli(*args, timeout: float = 300, env: dict | None = None, cwd: Path | None = None):
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("AUDITOR_LANG", None)
    try:
        return subprocess.run([sys.executable, "-m", "auditor", *map(os.fsencode, args)], capture_output=True,
                              env=environment, timeout=timeout, cwd=cwd or REPO)
    except subprocess.TimeoutExpired:
        pytest.fail(f"auditor {args!r} did not finish within {timeout} s")


def assert_clean(proc) -> None:
    err = proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stdout and "Traceback" not in err, err[-2000:]
    assert "internal error" not in err, err


class Page(HTMLParser):
    """Start tags and text of an HTML page, to see what a browser would make of it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_data(self, data):
        self.text.append(data)


def _html(proc_out: Path) -> str:
    return proc_out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def clean_html(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("clean")
    out = tmp / "report.html"
    proc = run_cli("check", "--format", "html", "-o", out, SAMPLES / f"{BASE}.txt")
    assert_clean(proc)
    return _html(out)


# --- HTML ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["txt", "md", "docx"])
def test_hostile_document_text_is_inert_and_visible_in_html(tmp_path, clean_html, kind):
    path = tmp_path / f"report.{kind}"
    if kind == "docx":
        path.write_bytes(hostile_docx())
    else:
        path.write_text(hostile_text(), encoding="utf-8")
    report = json.loads(run_cli("check", "--format", "json", path).stdout)
    messages = " ".join(f["message"] for f in report["files"][0]["findings"])
    assert SCRIPT in messages and TEXTAREA in messages, "the findings no longer quote the hostile text"

    out = tmp_path / "report.html"
    proc = run_cli("check", "--format", "html", "-o", out, path)
    assert_clean(proc)
    html = _html(out)
    page, clean = Page(html), Page(clean_html)
    # no element the document brought: as many scripts and styles as the page's own, no textarea or img
    for tag in ("script", "textarea", "style", "img"):
        assert page.tags.get(tag, 0) == clean.tags.get(tag, 0), (tag, page.tags.get(tag), clean.tags.get(tag))
    assert SCRIPT not in html and TEXTAREA not in html and "</style><!--" not in html
    # visible: the escaped text is there, in the findings and in the document view
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    assert "&lt;/textarea&gt;" in html
    body = "".join(page.text)
    assert SCRIPT in body and TEXTAREA in body  # what the reader sees, once the entities are decoded
    # template syntax shown, never evaluated
    assert EXPR in body and "3333" not in body
    assert "{% for x in range(3) %}X{% endfor %}" in body and "XXX" not in body
    # control and direction characters: none raw, each shown as a visible escape
    for char in (RLO, PDI_ISOLATE, *CONTROLS):
        assert char not in html, f"raw {unicodedata.name(char, hex(ord(char)))} in the HTML"
    assert "\\u202e" in body and "\\u2066" in body
    if kind != "docx":
        assert "\\u0007" in body and "\\u001b" in body


HOSTILE_NAMES = [
    "evil<b>bold</b>.txt".replace("/", "⁄"),  # no slash in a file name
    "{{x}}{{ 7*7 }}{% raw %}.txt",
    "<script>alert(1)<⁄script>.txt",
    "a&amp;b \"quoted\" 'single'.txt",
    "\u202etxt.exe 反转.txt",
    "ctl\x1b[31m\x07name.txt",
    "new\nline.txt",
]


@pytest.fixture
def hostile_names(tmp_path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    data = (SAMPLES / f"{BASE}.txt").read_bytes()
    for name in HOSTILE_NAMES:
        (folder / name).write_bytes(data)
    return folder


def test_hostile_file_names_are_inert_and_visible_in_html(tmp_path, clean_html, hostile_names):
    out = tmp_path / "report.html"
    proc = run_cli("check", "--format", "html", "-o", out, hostile_names)
    assert_clean(proc)
    html = _html(out)
    page, clean = Page(html), Page(clean_html)
    for tag in ("script", "textarea", "style"):
        assert page.tags.get(tag, 0) == clean.tags.get(tag, 0), tag
    assert "<b>bold" not in html and "<script>alert" not in html
    body = "".join(page.text)
    for name in HOSTILE_NAMES:
        shown = re.sub(r"[\x00-\x08\x0b-\x1f\u202e]", lambda m: f"\\u{ord(m.group()):04x}", name)
        assert shown.replace("\n", "") in body.replace("\n", ""), name
    assert "{{ 7*7 }}" in body and "{% raw %}" in body  # shown as written, not evaluated
    for char in ("\u202e", "\x1b", "\x07"):
        assert char not in html


def test_single_hostile_file_name_in_the_page_title(tmp_path):
    name = "<title>x<⁄title><script>alert(1)<⁄script>{{ 7*7 }}\u202e.txt"  # ⁄: no slash in a name
    path = tmp_path / name
    shutil.copy(SAMPLES / f"{BASE}.txt", path)
    out = tmp_path / "report.html"
    assert_clean(run_cli("check", "--format", "html", "-o", out, path))
    html = _html(out)
    head = html[: html.index("</head>")]
    assert head.count("<title>") == 1 and "<script>alert" not in html and "\u202e" not in html
    assert "&lt;title&gt;x" in head and "{{ 7*7 }}" in head


# --- JSON and SARIF --------------------------------------------------------------------------------------------


def _validate_sarif(stdout: bytes) -> dict:
    log = json.loads(stdout.decode("utf-8"))  # strict: SARIF is UTF-8 JSON
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    for artifact in log["runs"][0]["artifacts"]:
        assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", artifact["location"]["uri"]), artifact
    return log


@pytest.fixture
def mixed_inputs(tmp_path, hostile_names) -> Path:
    """Hostile names, hostile text in .txt/.md/.docx, and a few unreadable files, in one folder."""
    folder = hostile_names
    (folder / "hostile.txt").write_text(hostile_text(), encoding="utf-8")
    (folder / "hostile.md").write_text(hostile_text(), encoding="utf-8")
    (folder / "hostile.docx").write_bytes(hostile_docx())
    (folder / "broken<b>{{x}}.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "empty \u202e.pdf").write_bytes(b"")
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_stays_valid_with_hostile_text_and_names(mixed_inputs, lang):
    proc = run_cli("check", "--format", "sarif", "--lang", lang, mixed_inputs)
    assert_clean(proc)
    assert proc.returncode == 2
    log = _validate_sarif(proc.stdout)
    assert len(log["runs"][0]["artifacts"]) == len(HOSTILE_NAMES) + 5
    messages = json.dumps(log, ensure_ascii=False)
    assert SCRIPT in messages  # carried as data, escaped by JSON where it must be


def test_json_stays_valid_and_names_round_trip(mixed_inputs):
    proc = run_cli("check", "--format", "json", mixed_inputs)
    assert_clean(proc)
    report = json.loads(proc.stdout.decode("utf-8"))
    paths = {Path(f["path"]).name for f in report["files"]}
    assert set(HOSTILE_NAMES) <= paths
    for entry in report["files"]:
        assert os.path.exists(entry["path"]), entry["path"]  # the path names the very file


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "text"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
def test_a_file_name_that_is_not_utf8(tmp_path, fmt, to_file):
    """A GBK-encoded name (what unzipping a Windows archive leaves on Linux) is checked and reported in a
    valid UTF-8 report: never a crash, never invalid JSON."""
    folder = tmp_path / "gbk"
    folder.mkdir()
    raw_name = "2023年自评报告.txt".encode("gbk")
    with open(os.path.join(os.fsencode(folder), raw_name), "wb") as fh:
        fh.write((SAMPLES / f"{BASE}.txt").read_bytes())
    out = tmp_path / f"report.{fmt}"
    args = ["check", "--format", fmt, *(["-o", out] if to_file else []), folder]
    proc = run_cli(*args)
    assert_clean(proc)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    data = out.read_bytes() if to_file else proc.stdout
    if fmt == "text" and not to_file:  # a terminal gets the name's own bytes back, as ls prints it
        assert b"AM01" in data
        return
    text = data.decode("utf-8")  # strict: a report (JSON and SARIF always) is UTF-8
    if fmt == "json":
        [entry] = json.loads(text)["files"]
        assert entry["error"] is None and entry["findings"]
    elif fmt == "sarif":
        _validate_sarif(data)
    else:
        assert "AM01" in text


def test_annotate_a_docx_whose_name_is_not_utf8(tmp_path):
    """--annotate reopens the file by its own name (not the printable one) and writes the commented
    copy under the same name bytes; the original is untouched."""
    folder, outdir = tmp_path / "gbk", tmp_path / "out"
    folder.mkdir()
    raw_name = "2023年自评报告.docx".encode("gbk")
    source = os.path.join(os.fsencode(folder), raw_name)
    original = (SAMPLES / f"{BASE}.docx").read_bytes()
    with open(source, "wb") as fh:
        fh.write(original)
    proc = run_cli("check", "--annotate", outdir, folder)
    assert_clean(proc)
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert os.listdir(os.fsencode(outdir)) == ["2023年自评报告.audited.docx".encode("gbk")]
    annotated = os.path.join(os.fsencode(outdir), "2023年自评报告.audited.docx".encode("gbk"))
    with open(annotated, "rb") as fh, zipfile.ZipFile(fh) as archive:
        assert b"AM01" in archive.read("word/comments.xml")
    with open(source, "rb") as fh:
        assert fh.read() == original


# --- the text format -------------------------------------------------------------------------------------------


def _raw_controls(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text
                   if (unicodedata.category(c) == "Cc" and c != "\n") or c in BIDI_CONTROLS})


@pytest.mark.parametrize("kind", ["txt", "md"])
@pytest.mark.parametrize("options", [(), ("--quiet",), ("--lang", "en")], ids=["default", "quiet", "en"])
def test_text_format_emits_no_raw_control_characters_from_the_document(tmp_path, kind, options):
    path = tmp_path / f"report.{kind}"
    path.write_text(control_text(), encoding="utf-8")
    findings = json.loads(run_cli("check", "--format", "json", *(o for o in options if o != "--quiet"), path).stdout)["files"][0]["findings"]
    quoted = " ".join(f["message"] for f in findings if f["code"] in ("TX01", "TX03"))
    assert RLO in quoted and PDI_ISOLATE in quoted  # the findings quote the text that holds them
    proc = run_cli("check", *options, path)
    assert_clean(proc)
    out = proc.stdout.decode("utf-8")
    assert "TX01" in out and "TX03" in out
    assert _raw_controls(out) == [], out


@pytest.mark.parametrize("command", ["dump", "extract"])
def test_dump_and_extract_text_show_control_characters_inert(tmp_path, command):
    path = tmp_path / "report\u202e.txt"  # the name too holds a right-to-left override
    path.write_text(control_text(), encoding="utf-8")
    proc = run_cli(command, path)
    assert_clean(proc)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    out = proc.stdout.decode("utf-8")
    assert _raw_controls(out) == [], out
    assert "\\u202e" in out  # shown, not obeyed
    data = json.loads(run_cli(command, "--format", "json", path).stdout)
    assert RLO in json.dumps(data, ensure_ascii=False)  # JSON keeps the text as it is


def test_dump_and_extract_of_a_file_name_that_is_not_utf8(tmp_path):
    """JSON is always valid UTF-8; the text format gives a terminal the name's own bytes, as ls does
    (and as ``check`` does)."""
    name = "自评报告.txt".encode("gbk")
    raw = os.path.join(os.fsencode(tmp_path), name)
    with open(raw, "wb") as fh:
        fh.write((SAMPLES / f"{BASE}.txt").read_bytes())
    for command in ("dump", "extract"):
        for fmt in ("text", "json"):
            proc = run_cli(command, "--format", fmt, os.fsdecode(raw))
            assert_clean(proc)
            assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
            if fmt == "json":
                data = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8
                assert data["path"].endswith(".txt") and data["version"] == 1
            else:
                assert re.fullmatch(rb"# .*/" + re.escape(name) + rb" \(txt(, \d+ blocks)?\)", proc.stdout.splitlines()[0])


def test_text_format_with_color_adds_only_its_own_escapes(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(control_text(), encoding="utf-8")
    out = run_cli("check", "--color", path).stdout.decode("utf-8")
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert _raw_controls(stripped) == [], stripped


def _run_on_a_terminal(*args, cwd: Path) -> tuple[int, str]:
    """``auditor ARGS`` with stderr on a pseudo-terminal (click strips escapes only from pipes)."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("AUDITOR_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "auditor", *map(os.fsencode, args)], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                proc.kill()
                pytest.fail("no output on the terminal for 120 s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other side is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        proc.wait(timeout=120)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


UNREADABLE_NAMES = {"bad\nname.docx": b"PK\x03\x04 not a zip", "esc\x1b[2J\x1b]0;title\x07name.pdf": b"",
                    "rlo\u202efdp.txt": b"\x00\x01\x02" * 100}


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
def test_unreadable_files_with_hostile_names_give_one_clean_line_each(tmp_path, terminal):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in UNREADABLE_NAMES.items():
        (folder / name).write_bytes(data)
    if terminal:
        code, err = _run_on_a_terminal("check", "--format", "json", "in", cwd=tmp_path)
    else:
        proc = run_cli("check", "--format", "json", "in", cwd=tmp_path)
        code, err = proc.returncode, proc.stderr.decode("utf-8")
        report = json.loads(proc.stdout.decode("utf-8"))
        assert [f["error"]["code"] for f in report["files"]] == ["corrupt-docx", "empty-file", "not-text"]
    assert code == 2
    lines = err.rstrip("\n").split("\n")
    assert len(lines) == len(UNREADABLE_NAMES), lines  # one line per file, whatever its name holds
    assert _raw_controls("".join(lines)) == [], lines
    """``--color`` forces colour (the help: "default: on a TTY"), e.g. for a CI log: piped, it still
    colours. (Not a safety matter; found while checking what colour adds to the output.)"""
    out = run_cli("check", "--color", SAMPLES / f"{BASE}.txt").stdout.decode("utf-8")
    assert re.findall(r"\x1b\[[0-9;]*m", out)


# --- integrity: the inputs are never touched ---------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Every sample (txt, docx, pdf), hostile text in .txt/.md/.docx and two unreadable files."""
    folder = tmp_path_factory.mktemp("inputs")
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".txt", ".docx", ".pdf"):
            shutil.copy(path, folder / path.name)
    (folder / "hostile.txt").write_text(hostile_text(), encoding="utf-8")
    (folder / "hostile.md").write_text(hostile_text(), encoding="utf-8")
    (folder / "hostile.docx").write_bytes(hostile_docx())
    (folder / "truncated.docx").write_bytes((SAMPLES / f"{BASE}.docx").read_bytes()[:5000])
    (folder / "truncated.pdf").write_bytes((SAMPLES / f"{BASE}.pdf").read_bytes()[:5000])
    return folder


@pytest.mark.parametrize("args", [
    pytest.param(("--format", "text"), id="text"),
    pytest.param(("--format", "json"), id="json"),
    pytest.param(("--format", "html"), id="html"),
    pytest.param(("--format", "sarif"), id="sarif"),
    pytest.param(("--statistics",), id="statistics"),
    pytest.param(("--format", "json", "--jobs", "2", "--write-baseline", "{out}/baseline.json"), id="baseline"),
    pytest.param(("--annotate", "{out}/annotated"), id="annotate"),
    pytest.param(("--format", "html", "--annotate", "{out}/annotated", "--jobs", "2"), id="annotate-html-jobs"),
])
def test_inputs_are_byte_identical_after_any_run(tmp_path, inputs, args):
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(inputs)
    proc = run_cli("check", *(a.replace("{out}", str(out)) for a in args), "-o", out / "report", inputs)
    assert_clean(proc)
    assert proc.returncode == 2  # the two truncated files
    assert _snapshot(inputs) == before
    if "--annotate" in args:
        annotated = sorted(p.name for p in (out / "annotated").iterdir())
        assert "hostile.audited.docx" in annotated and f"{BASE}.audited.docx" in annotated
        assert not any(name.startswith("truncated") for name in annotated)


def test_annotating_one_docx_leaves_it_untouched(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(hostile_docx())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    stat = path.stat()
    proc = run_cli("check", "--annotate", tmp_path / "annotated", path)
    assert_clean(proc)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotated", "report.docx"]


# --- determinism -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "html"])
def test_same_bytes_whatever_jobs_and_hash_seed(inputs, fmt):
    runs = [("1", "0"), ("2", "1")] + ([("2", "random"), ("1", "4242")] if fmt == "json" else [])
    outputs = []
    for jobs, seed in runs:
        proc = run_cli("check", "--format", fmt, "--jobs", jobs, inputs, env={"PYTHONHASHSEED": seed})
        assert_clean(proc)
        outputs.append(proc.stdout)
    assert outputs[0]
    for other, (jobs, seed) in zip(outputs[1:], runs[1:]):
        assert other == outputs[0], f"--format {fmt} differs with --jobs {jobs} PYTHONHASHSEED={seed}"
