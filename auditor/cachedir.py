"""Where auditor keeps what it may forget: the result cache and the compiled regular expressions.

Kept apart from ``cache`` so that start-up can find the directory without importing the model.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_directory() -> Path:
    """``$AUDITOR_CACHE_DIR``, else the platform's user cache directory plus ``auditor``."""
    explicit = os.environ.get("AUDITOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / "auditor" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "auditor"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "auditor"


_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# auditor's cache; see https://bford.info/cachedir/\n"


def prepare(directory: Path) -> bool:
    """Create ``directory`` (private to the user, tagged as a cache for backup tools); True when it
    can be written to. Never raises."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        tag = directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="ascii")
        return os.access(directory, os.W_OK)
    except OSError:
        return False


def disabled_by_environment() -> bool:
    """``AUDITOR_NO_CACHE`` set to anything but empty, 0, false or no."""
    return os.environ.get("AUDITOR_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")
