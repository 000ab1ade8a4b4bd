"""Old Word and WPS files (.doc, .wps), converted to .docx by LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ..errors import ReadError, short_detail
from ..model import Document

CONVERT_TIMEOUT = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(path: str, data: bytes, kind: str) -> Document:
    program = soffice()
    if program is None:
        raise ReadError("legacy-format", path, reason="no-libreoffice")
    with tempfile.TemporaryDirectory(prefix="auditor-convert-") as tmp:
        source = os.path.join(tmp, f"input.{kind}")
        with open(source, "wb") as fh:
            fh.write(data)
        command = [program, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", tmp, source]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReadError("legacy-format", path, reason="failed", detail=short_detail(exc)) from None
        target = os.path.join(tmp, "input.docx")
        if done.returncode != 0 or not os.path.exists(target) or os.path.getsize(target) == 0:
            detail = short_detail(done.stderr.decode("utf-8", "replace") or f"exit {done.returncode}")
            raise ReadError("legacy-format", path, reason="failed", detail=detail)
        with open(target, "rb") as fh:
            converted = fh.read()
    from .docx import read_docx

    try:
        doc = read_docx(path, converted, kind)
    except ReadError as exc:
        if exc.code == "empty-file":
            raise ReadError("legacy-format", path, reason="failed", detail="no text after conversion") from None
        raise
    doc.meta["converted_from"] = kind
    return doc
