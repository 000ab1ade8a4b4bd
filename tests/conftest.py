"""Shared fixtures: the sample reports, small report files built in the test, a CLI runner."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

# Never the developer's cache directory, not even for what is compiled while the tests are collected
# (the compiled-pattern cache is set up when auditor.cli is imported); each test gets its own below.
# Removed when the test process ends, like pytest's own temporary directories.
_COLLECTION_CACHE = tempfile.mkdtemp(prefix="auditor-tests-cache-")
os.environ["AUDITOR_CACHE_DIR"] = _COLLECTION_CACHE
atexit.register(shutil.rmtree, _COLLECTION_CACHE, ignore_errors=True)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# A small report in the shape of the real ones: a section, an indicator heading, the figures.
REPORT_HEADINGS = ("三、部门单位整体支出绩效分析", "（二）指标二：")
REPORT_FIGURE_PARAGRAPH = "本次评价预算经费执行数 4044.35 万元，完成率为 57.39%，偏差原因：资金执行进度低。"
REPORT_TEXT = (
    "高新区部门单位整体支出绩效自评报告\n"
    "\n"
    "(2023 年度)\n"
    "\n"
    "一、基本概况\n"
    "\n"
    "我单位 2023 年全年预算金额为 7047.68 万元，执行金额为 4044.35 万元，执行率为 57.39%。\n"
    "\n"
    f"{REPORT_HEADINGS[0]}\n"
    "\n"
    f"{REPORT_HEADINGS[1]}\n"
    "\n"
    f"{REPORT_FIGURE_PARAGRAPH}\n"
)


def build_report_docx_bytes() -> bytes:
    """A small report as a real Word file (python-docx): two headings and the figure paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph("高新区部门单位整体支出绩效自评报告", style="Title")
    document.add_paragraph("我单位 2023 年全年预算金额为 7047.68 万元，执行金额为 4044.35 万元，执行率为 57.39%。")
    document.add_heading(REPORT_HEADINGS[0], level=1)
    document.add_heading(REPORT_HEADINGS[1], level=2)
    document.add_paragraph(REPORT_FIGURE_PARAGRAPH)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf_bytes() -> bytes:
    """A real (blank, one-page) PDF written by pypdf: the right magic for a mismatched-type input."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def report_docx_bytes() -> bytes:
    return build_report_docx_bytes()


@pytest.fixture(scope="session")
def kit(report_docx_bytes, pdf_bytes) -> SimpleNamespace:
    """Everything a test needs to build its inputs (test modules do not import this conftest)."""
    return SimpleNamespace(text=REPORT_TEXT, headings=REPORT_HEADINGS, paragraph=REPORT_FIGURE_PARAGRAPH,
                           docx=report_docx_bytes, pdf=pdf_bytes, samples=SAMPLES)


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return build_pdf_bytes()


@pytest.fixture
def report_docx(tmp_path, report_docx_bytes) -> Path:
    path = tmp_path / "report.docx"
    path.write_bytes(report_docx_bytes)
    return path


@pytest.fixture
def report_txt(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch, tmp_path_factory):
    """Messages default to Chinese and output is uncoloured whatever the developer's shell says; the
    result cache is a fresh directory of each test's own (never the developer's, never shared)."""
    monkeypatch.delenv("AUDITOR_LANG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path_factory.mktemp("auditor-cache")))


@pytest.fixture
def invoke():
    """Run the click command group in-process; stdout and stderr stay separate (click >= 8.2).

    A Python exception escaping the command (anything but ``SystemExit``) is re-raised, so a bug shows
    as its own traceback rather than as a puzzling exit code.
    """
    from auditor.cli import cli

    runner = CliRunner()

    def run(*args, **kwargs):
        result = runner.invoke(cli, [os.fspath(a) for a in args], catch_exceptions=True, **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception.with_traceback(result.exc_info[2])
        return result

    return run
