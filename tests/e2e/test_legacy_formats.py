"""Old .doc/.wps files are converted through LibreOffice and checked like .docx (slow: runs soffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.engine import audit_file

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("ext", ["doc", "wps"])
def test_doc_and_wps_are_converted_and_checked(tmp_path, ext):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "r.docx"
    shutil.copy(ROOT / "samples" / "000-gaoxin-civil-affairs-2023.docx", source)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)], check=True, timeout=300,
                   capture_output=True)
    legacy = tmp_path / f"r.{ext}"
    (tmp_path / "r.doc").rename(legacy)
    result = audit_file(str(legacy))
    assert result.error is None, result.error
    assert result.kind == ext
    assert {"RT01", "AM01"} <= {f.code for f in result.findings}
    assert legacy.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # the input is untouched
