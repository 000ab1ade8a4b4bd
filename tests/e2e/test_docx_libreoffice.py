"""The annotated Word copy opens in LibreOffice: it converts to PDF, and to ODT with every comment kept.

Slow (LibreOffice starts twice): deselect with ``-m 'not slow'``. Skipped when ``soffice`` is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from auditor.engine import audit_file
from auditor.reporters.docx_comments import annotate

SAMPLE = Path(__file__).resolve().parent.parent.parent / "samples" / "000-gaoxin-civil-affairs-2023.docx"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    result = audit_file(str(SAMPLE))
    assert result.findings, "the sample has findings to annotate"
    outdir = tmp_path_factory.mktemp("audited")
    return Path(annotate(result, str(outdir))), result


def convert(soffice: str, source: Path, target: str, workdir: Path) -> Path:
    profile = workdir / "lo-profile"
    outdir = workdir / "converted"
    outdir.mkdir(exist_ok=True)
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    out = outdir / (source.stem + "." + target.split(":")[0])
    assert proc.returncode == 0 and out.is_file(), f"soffice failed: {proc.stdout}\n{proc.stderr}"
    return out


def test_libreoffice_converts_the_annotated_copy_to_pdf(soffice, annotated, tmp_path):
    path, _ = annotated
    pdf = convert(soffice, path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000


def test_libreoffice_reads_every_comment_and_its_range(soffice, annotated, tmp_path):
    path, result = annotated
    odt = convert(soffice, path, "odt", tmp_path)
    with zipfile.ZipFile(odt) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert len(re.findall(r"<office:annotation[ >]", content)) == len(result.findings)
    # each comment covers a range (the figure), so each has its end mark
    assert len(re.findall(r"<office:annotation-end[ />]", content)) == len(result.findings)
    for finding in result.findings:
        assert f"[{finding.code} " in content
