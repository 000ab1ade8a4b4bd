"""Files written whole or not at all: into a temporary file beside the target, then renamed over it.

A run that is killed, or a disk that fills, leaves the previous file (or none) and a temporary file at
most, never half a report, baseline, annotated .docx or cache entry.
"""

from __future__ import annotations

import os
from contextlib import contextmanager, suppress
from typing import BinaryIO, Iterator

TEMPORARY_MARK = ".tmp-"  # in the name of a file being written: "report.html.tmp-4242"


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write; on leaving the block it replaces ``path`` (or nothing does, on an error)."""
    tmp = f"{os.fspath(path)}{TEMPORARY_MARK}{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
