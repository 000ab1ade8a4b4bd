"""Terminal output in the manner of ruff: ``path:line:col: CODE severity message``, then a summary."""

from __future__ import annotations

import unicodedata

from ..errors import visible
from ..findings import Finding, Run, Severity
from ..messages import message

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter:
    binary = False

    def __init__(self, *, lang: str = "zh", color: bool = False, quiet: bool = False,
                 statistics: bool = False, **_options):
        self.lang = lang
        self.color = color
        self.quiet = quiet
        self.statistics = statistics

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def position(self, path: str, finding: Finding) -> str:
        if not finding.locations:
            return f"{path}:"
        loc = finding.locations[0]
        if loc.page is not None and loc.line is None and loc.table is not None:
            return f"{path}:p{loc.page}:T{loc.table}R{loc.row}C{loc.col}:"  # a PDF table's cell
        if loc.page is not None:
            return f"{path}:p{loc.page}:{loc.line if loc.line is not None else 0}:"
        if loc.line is not None:
            return f"{path}:{loc.line}:{loc.column}:"
        if loc.paragraph is not None:
            return f"{path}:¶{loc.paragraph}:"
        if loc.table is not None:
            return f"{path}:T{loc.table}R{loc.row}C{loc.col}:"
        return f"{path}:"

    def render(self, run: Run) -> str:
        if self.statistics:
            return self._statistics(run)
        lines: list[str] = []
        for result in run.files:
            if result.findings and len(run.files) > 1 and not self.quiet:
                lines.append(self._paint(visible(result.path), _BOLD + "\033[4m"))
            for f in result.findings:
                severity = message(f"severity.{f.severity.value}", self.lang)
                text = visible(f.message + (f" [{f.expected}]" if f.expected and f.expected not in f.message else ""))
                lines.append(" ".join([
                    self._paint(visible(self.position(result.path, f)), _BOLD),
                    self._paint(f.code, _COLORS[f.severity] + _BOLD),
                    self._paint(severity, _COLORS[f.severity]),
                    text,
                ]))
        if self.quiet:
            return "\n".join(lines) + ("\n" if lines else "")
        if len(run.files) > 1:
            lines.extend(["", *self._per_file(run)])
        summary = run.summary()
        unreadable = (message("cli.unreadable-part", self.lang, **summary) if summary["unreadable"] else "")
        if lines:
            lines.append("")
        if summary["errors"] + summary["warnings"] + summary["infos"] == 0 and not summary["unreadable"]:
            lines.append(self._paint(message("cli.clean", self.lang), _DIM))
        lines.append(message("cli.summary", self.lang, unreadable_part=unreadable, **summary))
        return "\n".join(lines) + "\n"

    def _statistics(self, run: Run) -> str:
        """ruff --statistics: one line per check code with its count, most frequent first."""
        counts: dict[tuple[str, str, str], int] = {}
        for result in run.files:
            for f in result.findings:
                key = (f.code, f.name, f.severity.value)
                counts[key] = counts.get(key, 0) + 1
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
        width = max((len(str(n)) for _, n in rows), default=1)
        # a check may report at several severities (CL01's claims): the severity tells its rows apart
        labels = {sev: message(f"severity.{sev}", self.lang) for sev in ("error", "warning", "info")}
        label_width = max(_width(v) for v in labels.values())
        lines = [f"{n:>{width}}  {self._paint(code, _COLORS[Severity(sev)] + _BOLD)}  "
                 f"{_pad(labels[sev], label_width)}  {name}" for (code, name, sev), n in rows]
        return "\n".join(lines) + ("\n" if lines else "")

    def _per_file(self, run: Run) -> list[str]:
        """The batch's per-file table: errors, warnings, infos, or why the file could not be read."""
        width = max(_width(r.path) for r in run.files)
        heads = {"zh": ("文件", "错误", "警告", "提示"), "en": ("file", "errors", "warnings", "infos")}
        head = heads.get(self.lang, heads["zh"])
        rows = [f"{_pad(head[0], width)}  {_pad(head[1], 6, True)} {_pad(head[2], 8, True)} {_pad(head[3], 6, True)}"]
        for r in run.files:
            if r.error is not None:
                rows.append(f"{_pad(r.path, width)}  {self._paint(r.error.code, _COLORS[Severity.ERROR])}")
                continue
            rows.append(f"{_pad(r.path, width)}  {r.count(Severity.ERROR):>6} {r.count(Severity.WARNING):>8} "
                        f"{r.count(Severity.INFO):>6}")
        return rows


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill
