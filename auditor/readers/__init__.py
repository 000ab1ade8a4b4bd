"""Readers: turn a file into a ``Document``. A reader knows nothing of extraction or checks.

Readers are registered by extension and imported lazily, so checking a .txt never loads the PDF stack.
"""

from __future__ import annotations

import importlib
import os
import stat
from dataclasses import dataclass

from ..errors import ReadError
from ..model import Document


@dataclass(frozen=True)
class ReaderSpec:
    kind: str
    target: str  # "module:function", imported on first use
    magic: str  # what the content must look like: "zip", "pdf" or "text"
    libraries: tuple[str, ...] = ()  # what the reader imports when it reads a file


READERS: dict[str, ReaderSpec] = {
    ".txt": ReaderSpec("txt", "auditor.readers.text:read_text", "text"),
    ".md": ReaderSpec("md", "auditor.readers.text:read_text", "text"),
    ".markdown": ReaderSpec("md", "auditor.readers.text:read_text", "text"),
    ".docx": ReaderSpec("docx", "auditor.readers.docx:read_docx", "zip", ("docx",)),
    ".pdf": ReaderSpec("pdf", "auditor.readers.pdf:read_pdf", "pdf", ("pypdfium2", "pdfplumber")),
    ".xlsx": ReaderSpec("xlsx", "auditor.readers.xlsx:read_xlsx", "zip", ("openpyxl",)),
    # old binary formats, converted through LibreOffice when it is installed
    ".doc": ReaderSpec("doc", "auditor.readers.legacy:read_legacy", "ole"),
    ".wps": ReaderSpec("wps", "auditor.readers.legacy:read_legacy", "ole"),
}
LEGACY = frozenset({".doc", ".wps"})
# What a directory walk picks up.
DISCOVERABLE = frozenset(READERS)

_CONTENT_NAMES = {"zip": "ZIP/Word (.docx)/Excel (.xlsx)", "pdf": "PDF", "ole": "Word 97-2003 (.doc/.wps)",
                  "text": "text"}


def sniff(head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return "text"


def kind_of(path: str) -> str | None:
    spec = READERS.get(os.path.splitext(path)[1].lower())
    return spec.kind if spec else None


def warm_up_reader(ext: str) -> None:
    """Import the reader for files ending in ``ext`` and the libraries it needs (before forking
    workers, so that they share them)."""
    spec = READERS[ext]
    importlib.import_module(spec.target.split(":")[0])
    for name in spec.libraries:
        try:
            importlib.import_module(name)
        except ImportError:  # reading such a file will say what is missing
            pass


def read_document(path: str) -> Document:
    """Read any supported file, or raise a typed ``ReadError``."""
    path = str(path)
    ext = os.path.splitext(path)[1].lower()
    if not os.path.lexists(path):
        raise ReadError("not-found", path)
    if os.path.isdir(path):
        raise ReadError("is-directory", path)
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        regular = True  # a dangling link or a path that cannot be examined: opening it says what is wrong
    if not regular:  # a named pipe would make the read wait for a writer for ever
        raise ReadError("not-regular", path)
    spec = READERS.get(ext)
    if spec is None:
        raise ReadError("unsupported-type", path)
    data = _read_bytes(path)
    return read_bytes(data, path)


def read_bytes(data: bytes, path: str) -> Document:
    """Read a document given as bytes; ``path`` names it (its extension says the format)."""
    ext = os.path.splitext(path)[1].lower()
    spec = READERS.get(ext)
    if spec is None:
        raise ReadError("unsupported-type", path)
    if not data.strip():
        raise ReadError("empty-file", path)
    actual = sniff(data[:8])
    if spec.magic == "text":
        if actual != "text":
            raise ReadError("mismatched-type", path, actual=_CONTENT_NAMES[actual])
    elif actual != spec.magic:
        if actual != "text":
            raise ReadError("mismatched-type", path, actual=_CONTENT_NAMES[actual])
        if spec.magic == "ole":
            raise ReadError("legacy-format", path, reason="failed", detail="not a Word 97-2003 file")
        detail = "not a ZIP package" if spec.magic == "zip" else "no PDF header"
        raise ReadError(f"corrupt-{spec.kind}", path, detail=detail)
    module_name, func_name = spec.target.split(":")
    reader = getattr(importlib.import_module(module_name), func_name)
    return reader(path, data, spec.kind)


MAX_FILE_BYTES = 200 * 1024 * 1024  # no report is this large; refuse before reading it into memory


def _read_bytes(path: str) -> bytes:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise ReadError("too-large", path, detail=f"over {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise ReadError("not-found", path) from None
    except IsADirectoryError:
        raise ReadError("is-directory", path) from None
    except PermissionError:
        raise ReadError("permission-denied", path) from None
