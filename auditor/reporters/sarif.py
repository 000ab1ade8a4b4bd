"""SARIF 2.1.0 for code-scanning dashboards: rules with their help, results with their locations.

Text files get physical regions (line/column, in Unicode code points); Word and PDF files name the
artifact physically and the page/line or paragraph/table cell as a logical location.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from ..findings import Run
from ..registry import REGISTRY

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/report-auditor/"


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:._-~")


class SarifReporter:
    binary = False

    def __init__(self, *, lang: str = "zh", color: bool = False, **_options):
        self.lang = lang

    def _rules(self):
        rules = []
        for spec in REGISTRY.all():
            help_text = f"{spec.summary}\n\n{spec.rationale}\n\nBad:\n{spec.bad}\n\nGood:\n{spec.good}"
            if spec.known_problems:
                help_text += f"\n\nKnown problems: {spec.known_problems}"
            rules.append({
                "id": spec.code,
                "name": spec.name,
                "shortDescription": {"text": spec.summary},
                "fullDescription": {"text": spec.rationale},
                "help": {"text": help_text},
                "defaultConfiguration": {"level": _LEVEL[spec.severity.value]},
                "properties": {"origin": spec.origin},
            })
        return rules

    def render(self, run: Run) -> str:
        rules = self._rules()
        index = {r["id"]: n for n, r in enumerate(rules)}
        artifacts, results, notifications = [], [], []
        for file_index, result in enumerate(run.files):
            artifacts.append({"location": {"uri": _uri(result.path)}})
            if result.error is not None:
                notifications.append({
                    "level": "error",
                    "message": {"text": result.error.message(self.lang)},
                    "descriptor": {"id": result.error.code},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path),
                                                                              "index": file_index}}}],
                })
                continue
            for finding in result.findings:
                results.append(self._result(finding, result, file_index, index))
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "auditor", "version": __version__, "informationUri": INFORMATION_URI,
                                    "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "invocations": [{"executionSuccessful": not notifications,
                                 "toolExecutionNotifications": notifications}],
                "results": results,
            }],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

    def _result(self, finding, result, file_index: int, index: dict) -> dict:
        locations = []
        for loc in finding.locations:
            physical: dict = {"artifactLocation": {"uri": _uri(result.path), "index": file_index}}
            if result.kind in ("txt", "md") and loc.line is not None:
                end_line = loc.line + loc.text.count("\n")
                end_column = (len(loc.text) - loc.text.rfind("\n") if "\n" in loc.text
                              else (loc.column or 1) + len(loc.text))
                physical["region"] = {
                    "startLine": loc.line, "startColumn": loc.column or 1,
                    "endLine": end_line, "endColumn": end_column,
                    "snippet": {"text": loc.text},
                }
            entry: dict = {"physicalLocation": physical}
            logical = {"name": loc.describe() or loc.section or "document", "kind": "section"}
            if loc.section:
                logical["fullyQualifiedName"] = f"{loc.section} / {loc.describe()}".strip(" /")
            entry["logicalLocations"] = [logical]
            entry["message"] = {"text": loc.text}
            locations.append(entry)
        out = {
            "ruleId": finding.code,
            "ruleIndex": index.get(finding.code, -1),
            "level": _LEVEL[finding.severity.value],
            "message": {"text": finding.message},
            "locations": locations[:1],
            "relatedLocations": [dict(loc, id=n) for n, loc in enumerate(locations[1:], start=1)],
            "partialFingerprints": {"auditor/v1": finding.fingerprint},
        }
        if finding.expected:
            out["properties"] = {"expected": finding.expected}
        return out
