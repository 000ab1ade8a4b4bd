"""A self-contained HTML findings report (Jinja2, autoescaped, no external resources)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, PackageLoader, select_autoescape

from .. import __version__
from ..findings import Run
from ..messages import message
from .text import TextReporter

_LABELS = {
    "zh": {"title": "预算绩效自评报告审核结果", "where": "位置", "code": "规则", "severity": "级别",
           "message": "说明", "expected": "应为", "clean": "未发现问题。"},
    "en": {"title": "Budget-performance report audit", "where": "Where", "code": "Rule", "severity": "Severity",
           "message": "Message", "expected": "Expected", "clean": "No findings."},
}


def _environment() -> Environment:
    try:
        loader = PackageLoader("auditor", "templates")
        loader.get_source(Environment(), "report.html.j2")
    except Exception:  # running from a source checkout without the package data mapped
        import os

        loader = FileSystemLoader(os.path.join(os.path.dirname(__file__), "..", "..", "templates"))
    return Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)


class HtmlReporter:
    binary = False

    def __init__(self, *, lang: str = "zh", color: bool = False, **_options):
        self.lang = lang

    def render(self, run: Run) -> str:
        text = TextReporter(lang=self.lang)
        labels = dict(_LABELS.get(self.lang, _LABELS["zh"]))
        summary = run.summary()
        unreadable = message("cli.unreadable-part", self.lang, **summary) if summary["unreadable"] else ""
        labels["summary"] = message("cli.summary", self.lang, unreadable_part=unreadable, **summary)
        files = []
        for result in run.files:
            files.append({
                "path": result.path,
                "kind": result.kind,
                "error": result.error.message(self.lang) if result.error else None,
                "findings": [{
                    "where": text.position(result.path, f).removeprefix(result.path + ":").rstrip(":"),
                    "code": f.code, "name": f.name, "severity": f.severity.value,
                    "severity_label": message(f"severity.{f.severity.value}", self.lang),
                    "message": f.message, "expected": f.expected,
                    "locations": [{"section": loc.section, "text": loc.text} for loc in f.locations],
                } for f in result.findings],
            })
        template = _environment().get_template("report.html.j2")
        return template.render(t=labels, files=files, lang=self.lang, version=__version__)
