"""Typed errors. Readers raise them; the CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations

import os

from .messages import DEFAULT_LANG, message


_REASONS = {
    "no-libreoffice": {"zh": "未安装 LibreOffice：apt-get install libreoffice-writer",
                       "en": "LibreOffice is not installed: apt-get install libreoffice-writer"},
    "failed": {"zh": "LibreOffice 转换失败：{detail}", "en": "LibreOffice could not convert it: {detail}"},
}


class AuditorError(Exception):
    """Base class: carries a stable ``code`` and renders a message in either language."""

    key_prefix = "read"

    def __init__(self, code: str, path: str, **params):
        self.code = code
        self.path = str(path)
        self.params = params
        super().__init__(self.message("en"))

    def __reduce__(self):
        # picklable across worker processes (--jobs): rebuild from code, path and parameters
        return _rebuild, (type(self), self.code, self.path, self.params)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        params = {"path": visible(display_path(self.path)),
                  "name": visible(display_path(os.path.basename(self.path))), **self.params}
        params.setdefault("ext", os.path.splitext(self.path)[1].lower() or "(none)")
        params.setdefault("detail", "")
        reason = params.get("reason")
        reasons = _REASONS.get(reason, _REASONS["no-libreoffice"])
        params["reason_text"] = reasons[lang if lang in reasons else "zh"].format(**params)
        return message(f"{self.key_prefix}.{self.code}", lang, **params)

    def to_json(self, lang: str = DEFAULT_LANG) -> dict:
        return {"code": self.code, "message": self.message(lang)}


def _rebuild(cls, code: str, path: str, params: dict) -> AuditorError:
    return cls(code, path, **params)


class ReadError(AuditorError):
    """A file could not be turned into a document (missing, corrupt, encrypted, unsupported…)."""


def display_path(path: str) -> str:
    """A path as text that can always be written: undecodable bytes (surrogate escapes) become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def visible(text: str) -> str:
    """Text for a terminal line: control, bidi and other format characters shown as ``\\uXXXX``, so that
    a file name or a document's text cannot move the cursor, recolour the terminal or reverse the line."""
    import unicodedata

    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                   for c in text)


def short_detail(exc: BaseException, limit: int = 80) -> str:
    """A one-line, bounded description of an underlying library error for a message's detail."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
