"""Hostile files, each run through the real command line in its own process with a timeout.

Every file is built by the test: zip bombs disguised as .docx (honest, lying and just-under-the-floor
sizes), XML entity expansion and external entities inside a .docx (and an .xlsx), deeply nested tables,
a 5,000-paragraph report, damaged, encrypted and image-only PDFs, files renamed to the wrong extension,
binary garbage and empty files under every extension, an unreadable file, a path with spaces and
Chinese characters.

Each gives a one-line typed error or a normal result: never a traceback, never a hang, never partial or
invalid JSON (stdout of ``--format json`` is parsed with ``json.loads``). The bad-input table of
``tests/readers/test_bad_inputs.py`` (in-process, small synthetic files) is not repeated here.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from auditor.messages import MESSAGES
from sample_files import rewrite_member

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO / "samples"
SAMPLE = "001-gaoxin-red-cross-2023"  # the smallest sample report, as .docx, .pdf and .txt
ACCEPTED_CODES = frozenset(k.split(".", 1)[1] for k in MESSAGES if k.startswith("read.")) - {"internal"}
NORMAL = None  # an expected outcome: the file is read and checked

# Zip bombs must be refused quickly, and without holding their unpacked size in memory.
BOMB_SECONDS = 15
BOMB_MAX_RSS_MB = 256

_RSS_WRAPPER = """
import atexit, os, resource, sys
def _rss():
    # ru_maxrss survives fork + exec on Linux, so a child of a large pytest process would report
    # pytest's own peak; VmHWM belongs to the address space created by exec, i.e. to this run alone.
    peak = None
    try:
        with open("/proc/self/status") as status:
            peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), None)
    except OSError:
        pass
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.environ["AUDITOR_TEST_RSS_FILE"], "w") as fh:
        fh.write(str(peak))
atexit.register(_rss)
sys.argv = ["auditor", *sys.argv[1:]]
from auditor.cli import main
main()
"""


@dataclass
class Proc:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float


def run_cli(*args, tmp: Path, timeout: float = 120, cwd: Path | None = None) -> Proc:
    """``auditor ARGS`` in a fresh interpreter; fails the test on a hang; measures time and peak memory."""
    rss_file = tmp / f".rss-{time.monotonic_ns()}"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "AUDITOR_TEST_RSS_FILE": str(rss_file), "NO_COLOR": "1"}
    env.pop("AUDITOR_LANG", None)
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, *map(os.fspath, args)], capture_output=True,
                              env=env, timeout=timeout, cwd=cwd or REPO)
    except subprocess.TimeoutExpired:
        pytest.fail(f"auditor {' '.join(map(str, args))} did not finish within {timeout} s (a hang)")
    seconds = time.monotonic() - start
    rss = int(rss_file.read_text()) / 1024 if rss_file.exists() else float("nan")
    if rss_file.exists():
        rss_file.unlink()
    return Proc(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                seconds, rss)


def assert_no_traceback(proc: Proc) -> None:
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "internal error" not in proc.stderr, proc.stderr


def check_json(path: Path, *, tmp: Path, timeout: float = 120, extra: tuple = ()) -> tuple[Proc, dict]:
    """``check --format json PATH``: valid JSON, one entry, a one-line error or a clean stderr."""
    proc = run_cli("check", "--format", "json", *extra, path, tmp=tmp, timeout=timeout)
    assert_no_traceback(proc)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        pytest.fail(f"stdout is not valid JSON ({exc}); stderr: {proc.stderr[-500:]!r}")
    [entry] = report["files"]
    assert entry["path"] == str(path)
    if entry["error"] is not None:
        assert proc.returncode == 2, proc.stderr
        assert entry["error"]["code"] in ACCEPTED_CODES, entry["error"]
        assert proc.stderr.splitlines() == [entry["error"]["message"]], proc.stderr
        assert entry["findings"] == [] and report["summary"]["unreadable"] == 1
    else:
        assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
        assert proc.stderr == "", proc.stderr
    return proc, entry


def outcome(entry: dict) -> str | None:
    return entry["error"]["code"] if entry["error"] else NORMAL


# --- builders ---------------------------------------------------------------------------------------------


def sample(ext: str) -> bytes:
    return (SAMPLES / f"{SAMPLE}{ext}").read_bytes()


def _raw_deflate(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def _deflate_repeated(prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """prefix + chunk * times + suffix as one raw deflate stream, built without holding it unpacked:
    the chunk is compressed once (a full flush makes its blocks self-contained) and repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(suffix) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return head + block * times + tail, crc, len(prefix) + len(chunk) * times + len(suffix)


def _zip(members: list[tuple[str, tuple[bytes, int, int]]], declared: dict[str, int] | None = None) -> bytes:
    """A ZIP of already-deflated members; ``declared`` overrides the uncompressed size the headers state."""
    declared = declared or {}
    out, central = io.BytesIO(), []
    for name, (body, crc, size) in members:
        size = declared.get(name, size)
        offset, raw_name = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), size,
                              len(raw_name), 0) + raw_name + body)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), size,
                                   len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0))
    return out.getvalue()


def _docx_with_document(document: tuple[bytes, int, int], declared: dict[str, int] | None = None) -> bytes:
    """The sample .docx with its word/document.xml replaced by an already-deflated member."""
    source = zipfile.ZipFile(io.BytesIO(sample(".docx")))
    members = [(info.filename, document if info.filename == "word/document.xml"
                else _raw_deflate(source.read(info.filename))) for info in source.infolist()]
    return _zip(members, declared)


def _document_xml() -> bytes:
    return zipfile.ZipFile(io.BytesIO(sample(".docx"))).read("word/document.xml")


def _body_head_tail() -> tuple[bytes, bytes]:
    xml = _document_xml()
    head = xml[: xml.index(b"<w:body>") + len(b"<w:body>")]
    return head, b"</w:body></w:document>"


def zip_bomb(gib: float = 1.0) -> bytes:
    """A .docx whose document.xml is ``gib`` GiB of spaces inside the body (about 1 MB packed per GiB)."""
    head, tail = _body_head_tail()
    return _docx_with_document(_deflate_repeated(head, b" " * (1 << 20), int(gib * 1024), tail))


def lying_zip_bomb() -> bytes:
    """The 1 GiB bomb whose local and central headers both claim document.xml unpacks to 4 KiB."""
    head, tail = _body_head_tail()
    return _docx_with_document(_deflate_repeated(head, b" " * (1 << 20), 1024, tail),
                               declared={"word/document.xml": 4096})


def floor_zip_bomb() -> bytes:
    """45 MiB of empty paragraphs (``<w:p/>``) in about 100 KB: a ratio above 400, just under 50 MiB."""
    head, tail = _body_head_tail()
    chunk = b"<w:p/>" * ((1 << 20) // 6)
    return _docx_with_document(_deflate_repeated(head, chunk, 45, tail))


_XML_DECL = re.compile(rb"^<\?xml[^>]*\?>\s*")


def _with_doctype(xml: bytes, doctype: bytes) -> bytes:
    m = _XML_DECL.match(xml)
    end = m.end() if m else 0
    return xml[:end] + doctype + b"\n" + xml[end:]


def _with_paragraph(xml: bytes, inner: bytes) -> bytes:
    return xml.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + inner + b"</w:t></w:r></w:p>", 1)


def billion_laughs() -> bytes:
    entities = b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    doctype = b'<!DOCTYPE w:document [<!ENTITY lol0 "lol">' + entities + b"]>"
    return rewrite_member(sample(".docx"), "word/document.xml",
                          lambda xml: _with_paragraph(_with_doctype(xml, doctype), b"LOL[&lol9;]"))


def xxe_docx(variant: str, secret: Path) -> bytes:
    """A .docx that asks its XML parser to read ``secret`` (or /etc/passwd) in one of several ways."""
    uri = b"file://" + str(secret).encode()
    passwd = b"file:///etc/passwd"
    docx = sample(".docx")
    # the four ways a DOCTYPE in document.xml can reach outside the file, each with the text that uses it
    in_document = {
        "general-entity": (b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + uri + b'">]>', b"XXE[&xxe;]"),
        "passwd-entity": (b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + passwd + b'">]>', b"XXE[&xxe;]"),
        "parameter-entity": (b'<!DOCTYPE w:document [<!ENTITY % ext SYSTEM "' + uri + b'"> %ext;]>', b"XXE"),
        "external-dtd": (b'<!DOCTYPE w:document SYSTEM "' + passwd + b'">', b"XXE"),
    }
    if variant in in_document:
        doctype, text = in_document[variant]
        return rewrite_member(docx, "word/document.xml", lambda x: _with_paragraph(_with_doctype(x, doctype), text))
    if variant == "xinclude":
        return rewrite_member(docx, "word/document.xml", lambda x: _with_paragraph(x.replace(
            b"<w:body>", b'<w:body><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="' + uri
            + b'" parse="text"/>', 1), b"XXE"))
    if variant == "styles":
        return rewrite_member(docx, "word/styles.xml", lambda x: _with_doctype(
            x, b'<!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "' + uri + b'">]>').replace(
            b'w:val="Normal"', b'w:val="&xxe;"', 1))
    if variant == "content-types":
        return rewrite_member(docx, "[Content_Types].xml", lambda x: _with_doctype(
            x, b'<!DOCTYPE Types [<!ENTITY xxe SYSTEM "' + uri + b'">]>'))
    if variant == "relationships":
        return rewrite_member(docx, "word/_rels/document.xml.rels", lambda x: _with_doctype(
            x, b'<!DOCTYPE Relationships [<!ENTITY xxe SYSTEM "' + uri + b'">]>'))
    raise ValueError(variant)


XXE_VARIANTS = ["general-entity", "passwd-entity", "parameter-entity", "external-dtd", "xinclude", "styles",
                "content-types", "relationships"]


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet.append(["指标", "目标值", "实际值", "完成率"])
    sheet.append(["救助保障率", "MARK", 90, "90%"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xxe_xlsx(secret: Path) -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">]>'
    return rewrite_member(xlsx_bytes(), "xl/worksheets/sheet1.xml",
                          lambda x: _with_doctype(x, doctype).replace(b"MARK", b"&xxe;"))


def laughs_xlsx() -> bytes:
    entities = b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    doctype = b'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + entities + b"]>"
    return rewrite_member(xlsx_bytes(), "xl/worksheets/sheet1.xml",
                          lambda x: _with_doctype(x, doctype).replace(b"MARK", b"&lol9;"))


def nested_tables(depth: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("一、基本概况")
    document.add_paragraph("全年预算数为 100 万元，执行数为 90 万元，预算执行率为 90%。")
    table = document.add_table(rows=1, cols=2)
    for level in range(depth):
        table.cell(0, 0).text = f"第{level}层：执行率为 {level}.5%"
        table = table.cell(0, 1).add_table(rows=1, cols=2)
    table.cell(0, 0).text = "最深处的单元格"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def many_paragraphs(count: int = 5000) -> bytes:
    """A report of ``count`` paragraphs: the sample report's paragraphs (headings as headings) repeated."""
    import docx

    source = docx.Document(io.BytesIO((SAMPLES / "000-gaoxin-civil-affairs-2023.docx").read_bytes()))
    paragraphs = [(p.text, p.style.name if p.style is not None else "") for p in source.paragraphs if p.text.strip()]
    document = docx.Document()
    for n in range(count):
        text, style = paragraphs[n % len(paragraphs)]
        if style.lower().startswith("heading"):
            document.add_heading(text, level=min(int(style[-1]) if style[-1].isdigit() else 1, 9))
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def style_without_name() -> bytes:
    """A .docx whose paragraph style's ``w:name`` lost its ``w:val`` (one byte gone in styles.xml)."""
    return rewrite_member(sample(".docx"), "word/styles.xml",
                          lambda x: re.sub(rb'<w:name w:val="[^"]*"/>', b"<w:name/>", x))


def styles_with_wrong_content_type() -> bytes:
    """A .docx whose [Content_Types].xml misspells the styles part's type (one byte changed)."""
    return rewrite_member(sample(".docx"), "[Content_Types].xml", lambda x: x.replace(
        b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml"))


def pdf_damaged_page_object() -> bytes:
    """The first page object runs into the next one ("endo13 0 obj": four bytes gone), the rest intact."""
    data = sample(".pdf")
    m = re.search(rb"/Type/Page[/>].*?>>\nendo(bj\n\n)", data, re.S)
    return data[:m.start(1)] + data[m.end(1):]


def _pdf_encrypted(user: str, owner: str, algorithm: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(sample(".pdf")))
    try:
        writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    except Exception as exc:  # AES needs a crypto provider
        pytest.skip(f"pypdf cannot encrypt with {algorithm}: {exc}")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_broken_xref() -> bytes:
    """Every offset of the cross-reference table wrong (the file otherwise whole, %%EOF included)."""
    data = sample(".pdf")
    start = data.rindex(b"\nxref")
    end = data.index(b"trailer", start)
    rng = random.Random(11)
    table = re.sub(rb"\d{10} (\d{5}) n", lambda m: b"%010d %s n" % (rng.randrange(10**7), m.group(1)), data[start:end])
    return data[:start] + table + data[end:]


def pdf_wrong_startxref() -> bytes:
    data = sample(".pdf")
    cut = data.rindex(b"startxref")
    return data[:cut] + b"startxref\n999999999\n%%EOF\n"


def pdf_image_only(pages: int = 2) -> bytes:
    from PIL import Image, ImageDraw

    images = []
    for page in range(pages):
        image = Image.new("RGB", (1240, 1754), "white")
        draw = ImageDraw.Draw(image)
        for y in range(120, 1600, 44):  # lines of "text" as a scanner sees them
            draw.rectangle([110, y, 1130 - (y * 7 + page * 50) % 300, y + 14], fill="black")
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


GARBAGE = random.Random(2024).randbytes(64 * 1024)


# --- the corpus: (id, file name, builder(tmp) -> bytes, allowed outcomes) ------------------------------------

@dataclass
class Case:
    id: str
    name: str
    build: Callable[[Path], bytes]
    allowed: frozenset  # error codes, and NORMAL for a normal result


def _case(id_, name, build, *allowed):
    return Case(id_, name, build, frozenset(allowed))


_EXTENSIONS = [".txt", ".md", ".markdown", ".docx", ".pdf", ".xlsx", ".doc", ".wps"]

CORPUS = [
    _case("billion-laughs-docx", "laughs.docx", lambda t: billion_laughs(), "corrupt-docx", NORMAL),
    _case("billion-laughs-xlsx", "laughs.xlsx", lambda t: laughs_xlsx(), "corrupt-xlsx", NORMAL),
    _case("xxe-xlsx", "xxe.xlsx", lambda t: xxe_xlsx(t / "secret.txt"), "corrupt-xlsx", NORMAL),
    _case("nested-tables-60", "nested-60.docx", lambda t: nested_tables(60), NORMAL),
    _case("nested-tables-300", "nested-300.docx", lambda t: nested_tables(300), "corrupt-docx", NORMAL),
    _case("docx-style-without-name", "style.docx", lambda t: style_without_name(), "corrupt-docx", NORMAL),
    _case("docx-styles-part-wrong-content-type", "styles-type.docx", lambda t: styles_with_wrong_content_type(),
          "corrupt-docx", NORMAL),
    _case("pdf-damaged-page-object", "damaged-page.pdf", lambda t: pdf_damaged_page_object(), "corrupt-pdf", NORMAL),
    _case("pdf-broken-xref", "broken-xref.pdf", lambda t: pdf_broken_xref(), NORMAL),
    _case("pdf-wrong-startxref", "startxref.pdf", lambda t: pdf_wrong_startxref(), NORMAL),
    _case("pdf-user-password-rc4", "user-rc4.pdf", lambda t: _pdf_encrypted("user", "owner", "RC4-128"),
          "encrypted-pdf"),
    _case("pdf-user-password-aes", "user-aes.pdf", lambda t: _pdf_encrypted("user", "owner", "AES-256"),
          "encrypted-pdf"),
    _case("pdf-owner-password-only-rc4", "owner-rc4.pdf", lambda t: _pdf_encrypted("", "owner", "RC4-128"), NORMAL),
    _case("pdf-owner-password-only-aes", "owner-aes.pdf", lambda t: _pdf_encrypted("", "owner", "AES-256"), NORMAL),
    _case("pdf-image-only", "scan.pdf", lambda t: pdf_image_only(), "no-text-layer"),
    _case("docx-renamed-pdf", "word.pdf", lambda t: sample(".docx"), "mismatched-type"),
    _case("pdf-renamed-docx", "pdf.docx", lambda t: sample(".pdf"), "mismatched-type"),
    _case("xlsx-renamed-docx", "excel.docx", lambda t: xlsx_bytes(), "not-docx"),
    _case("docx-renamed-xlsx", "word.xlsx", lambda t: sample(".docx"), "corrupt-xlsx"),
    _case("pdf-renamed-md", "pdf.md", lambda t: sample(".pdf"), "mismatched-type"),
    *[_case(f"garbage{ext}", f"garbage{ext}", lambda t: GARBAGE, "not-text", "corrupt-docx", "corrupt-pdf",
            "corrupt-xlsx", "legacy-format", "mismatched-type") for ext in _EXTENSIONS],
    *[_case(f"garbage-after-pdf-magic{ext}", f"magic-garbage{ext}", lambda t: b"%PDF-1.7\n" + GARBAGE,
            "corrupt-pdf", "mismatched-type") for ext in (".pdf", ".txt")],
    *[_case(f"garbage-after-zip-magic{ext}", f"magic-garbage{ext}", lambda t: b"PK\x03\x04" + GARBAGE,
            "corrupt-docx", "corrupt-xlsx", "mismatched-type") for ext in (".docx", ".xlsx", ".md")],
    *[_case(f"empty{ext}", f"empty{ext}", lambda t: b"", "empty-file") for ext in _EXTENSIONS],
    _case("garbage-text-gb18030", "gbk-noise.txt", lambda t: bytes(range(0x81, 0xFF)) * 64, "not-text",
          "undecodable", NORMAL),
]


def _write(tmp: Path, case: Case) -> Path:
    path = tmp / case.name
    path.write_bytes(case.build(tmp))
    return path


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("CANARY-5d1e0f-SECRET-CONTENT\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.id)
def test_hostile_file_gives_one_typed_line_or_a_result(tmp_path, secret, case):
    path = _write(tmp_path, case)
    proc, entry = check_json(path, tmp=tmp_path)
    assert outcome(entry) in case.allowed, (entry["error"], proc.stderr)
    assert "CANARY-5d1e0f" not in proc.stdout + proc.stderr


# --- zip bombs ----------------------------------------------------------------------------------------------

BOMBS = [
    pytest.param(lambda: zip_bomb(1.0), id="1-GiB-of-spaces"),
    pytest.param(lambda: zip_bomb(0.1), id="100-MiB-ratio-over-1000"),
    pytest.param(lying_zip_bomb, id="1-GiB-headers-claim-4-KiB"),
    pytest.param(floor_zip_bomb, id="45-MiB-of-empty-paragraphs-ratio-over-400"),
]


@pytest.mark.parametrize("build", BOMBS)
def test_zip_bomb_is_refused_quickly_and_cheaply(tmp_path, build):
    path = tmp_path / "report.docx"
    path.write_bytes(build())
    assert path.stat().st_size < 2 * 1024 * 1024
    proc, entry = check_json(path, tmp=tmp_path, timeout=180)
    assert entry["error"] is not None and entry["error"]["code"] in ("corrupt-docx", "too-large"), entry["error"]
    assert proc.seconds < BOMB_SECONDS, f"took {proc.seconds:.1f} s to refuse a zip bomb"
    assert proc.max_rss_mb < BOMB_MAX_RSS_MB, f"peak memory {proc.max_rss_mb:.0f} MB to refuse a zip bomb"


# --- XML entities -------------------------------------------------------------------------------------------


def _passwd_markers() -> list[str]:
    try:
        lines = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    # whole lines (a user name alone could be a common word); the first is root's on any Linux
    return [line for line in lines if line.count(":") >= 6][:5]


def _all_output_text(proc_list: list[Proc], folder: Path) -> str:
    parts = [p.stdout + p.stderr for p in proc_list]
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        parts.append(data.decode("utf-8", "replace"))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts.extend(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return "\n".join(parts)


@pytest.mark.parametrize("variant", XXE_VARIANTS)
def test_external_entities_are_never_resolved(tmp_path, secret, variant):
    inputs = tmp_path / "in"
    out = tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    path = inputs / f"xxe-{variant}.docx"
    path.write_bytes(xxe_docx(variant, secret))
    procs = []
    proc, entry = check_json(path, tmp=tmp_path)
    procs.append(proc)
    for fmt in ("text", "html", "sarif"):
        procs.append(run_cli("check", "--format", fmt, "-o", out / f"report.{fmt}", path, tmp=tmp_path))
    procs.append(run_cli("check", "--annotate", out / "annotated", path, tmp=tmp_path))
    procs.append(run_cli("dump", "--format", "json", path, tmp=tmp_path))
    procs.append(run_cli("extract", "--format", "json", path, tmp=tmp_path))
    for p in procs:
        assert_no_traceback(p)
    everything = _all_output_text(procs, out)
    assert "CANARY-5d1e0f" not in everything
    for line in _passwd_markers():
        assert line not in everything, "the content of /etc/passwd reached the output"


def test_billion_laughs_is_not_expanded(tmp_path):
    path = tmp_path / "laughs.docx"
    path.write_bytes(billion_laughs())
    proc, entry = check_json(path, tmp=tmp_path, timeout=60)
    assert proc.seconds < BOMB_SECONDS and proc.max_rss_mb < BOMB_MAX_RSS_MB
    dump = run_cli("dump", path, tmp=tmp_path, timeout=60)
    assert_no_traceback(dump)
    assert "lol" * 100 not in dump.stdout + proc.stdout


# --- structure: nesting and size ----------------------------------------------------------------------------


def test_deeply_nested_tables_are_read_to_the_bottom(tmp_path):
    path = tmp_path / "nested.docx"
    path.write_bytes(nested_tables(60))
    proc, entry = check_json(path, tmp=tmp_path)
    assert entry["error"] is None
    dump = run_cli("dump", "--format", "json", path, tmp=tmp_path)
    assert_no_traceback(dump)
    texts = [b["text"] for b in json.loads(dump.stdout)["blocks"]]
    assert "最深处的单元格" in texts
    assert all(f"第{level}层：执行率为 {level}.5%" in texts for level in range(60))


def test_a_5000_paragraph_report_finishes_in_reasonable_time(tmp_path):
    path = tmp_path / "long-report.docx"
    path.write_bytes(many_paragraphs(5000))
    # the command's own default --timeout (60 s) applies; a file it gives up on has not finished
    proc, entry = check_json(path, tmp=tmp_path, timeout=240)
    assert entry["error"] is None, f"{entry['error']} after {proc.seconds:.0f} s"


# --- PDFs: what they should read as -------------------------------------------------------------------------


def _findings(entry: dict) -> list[tuple[str, str]]:
    return sorted((f["code"], f["message"]) for f in entry["findings"])


@pytest.fixture(scope="module")
def intact_pdf_findings(tmp_path_factory) -> list[tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("intact")
    path = tmp / "intact.pdf"
    path.write_bytes(sample(".pdf"))
    _, entry = check_json(path, tmp=tmp)
    assert entry["error"] is None and entry["findings"]
    return _findings(entry)


@pytest.mark.parametrize("build", [
    pytest.param(pdf_broken_xref, id="broken-xref"),
    pytest.param(pdf_wrong_startxref, id="wrong-startxref"),
    pytest.param(lambda: _pdf_encrypted("", "owner", "RC4-128"), id="owner-password-rc4"),
    pytest.param(lambda: _pdf_encrypted("", "owner", "AES-256"), id="owner-password-aes"),
])
def test_recoverable_pdf_reads_like_the_intact_one(tmp_path, intact_pdf_findings, build):
    path = tmp_path / "report.pdf"
    path.write_bytes(build())
    _, entry = check_json(path, tmp=tmp_path)
    assert entry["error"] is None
    assert _findings(entry) == intact_pdf_findings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_image_only_pdf_says_ocr_is_needed(tmp_path, lang):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(pdf_image_only(3))
    proc, entry = check_json(path, tmp=tmp_path, extra=("--lang", lang))
    assert entry["error"]["code"] == "no-text-layer"
    assert "OCR" in entry["error"]["message"] and str(path) in entry["error"]["message"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_user_password_pdf_says_it_is_encrypted(tmp_path, lang):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf_encrypted("user", "owner", "RC4-128"))
    proc, entry = check_json(path, tmp=tmp_path, extra=("--lang", lang))
    assert entry["error"]["code"] == "encrypted-pdf"
    assert ("加密" if lang == "zh" else "encrypted") in entry["error"]["message"]


# --- the file system ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize("ext", [".txt", ".docx", ".pdf"])
def test_unreadable_for_permissions(tmp_path, ext):
    path = tmp_path / f"locked{ext}"
    path.write_bytes(sample(ext))
    path.chmod(0)
    try:
        proc, entry = check_json(path, tmp=tmp_path)
    finally:
        path.chmod(0o644)
    assert entry["error"]["code"] == "permission-denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("cache", [(), ("--no-cache",)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, lang, cache):
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    good = tmp_path / "good.txt"
    good.write_bytes(sample(".txt"))
    proc, entry = check_json(pipe, tmp=tmp_path, timeout=60, extra=("--lang", lang, *cache))
    assert entry["error"]["code"] == "not-regular"
    assert ("管道" if lang == "zh" else "pipe") in entry["error"]["message"]
    both = run_cli("check", pipe, good, "--format", "json", *cache, tmp=tmp_path, timeout=60)
    assert both.returncode == 2 and json.loads(both.stdout)["files"][1]["findings"]


@pytest.mark.parametrize("ext", [".txt", ".docx", ".pdf"])
def test_path_with_spaces_and_chinese_characters(tmp_path, ext):
    folder = tmp_path / "2023 年度 自评报告" / "高新区 民政局"
    folder.mkdir(parents=True)
    path = folder / f"部门 整体支出 绩效自评报告（终稿） v2{ext}"
    path.write_bytes(sample(ext))
    proc, entry = check_json(path, tmp=tmp_path)
    assert entry["error"] is None and entry["findings"]
    text = run_cli("check", path, tmp=tmp_path)
    assert_no_traceback(text)
    finding_lines = [line for line in text.stdout.splitlines() if re.search(r" [A-Z]{2}\d{2} ", line)]
    assert finding_lines and all(line.startswith(f"{path}:") for line in finding_lines)
    # the directory walk finds it too
    walked = run_cli("check", "--format", "json", tmp_path / "2023 年度 自评报告", tmp=tmp_path)
    assert [f["path"] for f in json.loads(walked.stdout)["files"]] == [str(path)]


# --- one process, the whole corpus, every format ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> tuple[Path, list[tuple[Path, Case]]]:
    folder = tmp_path_factory.mktemp("hostile corpus 语料")
    (folder / "secret.txt").write_text("CANARY-5d1e0f-SECRET-CONTENT\n", encoding="utf-8")
    built = []
    for case in CORPUS:
        try:
            built.append((_write(folder, case), case))
        except pytest.skip.Exception:
            continue
    (folder / "secret.txt").unlink()
    return folder, built


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_corpus_in_one_json_run(tmp_path, corpus_dir, jobs):
    _, built = corpus_dir
    paths = [p for p, _ in built]
    proc = run_cli("check", "--format", "json", "--jobs", jobs, *paths, tmp=tmp_path, timeout=600)
    assert_no_traceback(proc)
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == [str(p) for p in paths]
    errors = [f["error"] for f in report["files"] if f["error"]]
    assert proc.stderr.splitlines() == [e["message"] for e in errors]
    for entry, (_, case) in zip(report["files"], built):
        assert outcome(entry) in case.allowed, (case.id, entry["error"])
    assert proc.returncode == 2


@pytest.mark.parametrize("fmt", ["text", "html", "sarif"])
def test_the_corpus_in_every_other_format(tmp_path, corpus_dir, fmt):
    _, built = corpus_dir
    paths = [p for p, _ in built]
    proc = run_cli("check", "--format", fmt, *paths, tmp=tmp_path, timeout=600)
    assert_no_traceback(proc)
    assert proc.returncode == 2 and proc.stdout
    unreadable = [line for line in proc.stderr.splitlines()]
    assert all(any(line.startswith(str(p)) for p in paths) for line in unreadable), unreadable
    if fmt == "sarif":
        log = json.loads(proc.stdout)
        notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert [n["message"]["text"] for n in notes] == unreadable
    if fmt == "html":
        assert proc.stdout.rstrip().endswith("</html>")


@pytest.mark.parametrize("command", ["dump", "extract"])
@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.id)
def test_dump_and_extract_of_each_hostile_file(invoke, corpus_dir, case, command):
    _, built = corpus_dir
    paths = [p for p, c in built if c is case]
    if not paths:
        pytest.skip("this input cannot be built here")
    [path] = paths
    result = invoke(command, "--format", "json", path)  # an exception escaping the command fails here
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        json.loads(result.stdout)
        assert result.stderr == ""
    else:
        assert result.exit_code == 2 and result.stdout == "", result.stdout[:200]
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(str(path)), result.stderr
