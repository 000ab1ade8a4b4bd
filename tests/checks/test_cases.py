"""Every check's YAML cases (sqlfluff style): ``fail_str`` passages must fire, ``pass_str`` must not.

``pytest -k RT01`` runs one check's cases.
"""

from __future__ import annotations

import pytest

from auditor.engine import audit_text
from auditor.registry import REGISTRY

from rule_cases import load_cases


def _params():
    for code, data in load_cases().items():
        for case in data["cases"]:
            yield pytest.param(code, case, id=f"{code}-{case['name']}")


@pytest.mark.parametrize("code, case", list(_params()))
def test_case(code, case):
    spec = REGISTRY.get(code)
    assert spec is not None, f"{code} has cases but is not registered"
    text = case.get("fail_str") or case.get("pass_str")
    result = audit_text(text, checks=[spec], lang=case.get("lang", "zh"))
    if "pass_str" in case:
        assert result.findings == [], [f.message for f in result.findings]
        return
    assert result.findings, f"{code} did not fire on: {text}"
    finding = result.findings[0]
    expect = case.get("expect", {})
    if "severity" in expect:
        assert finding.severity.value == expect["severity"]
    if "expected" in expect:
        assert finding.expected == expect["expected"]
    if "count" in expect:
        assert len(result.findings) == expect["count"], [f.message for f in result.findings]
    texts = ["".join(loc.text.split()) for f in result.findings for loc in f.locations]
    for needle in expect.get("texts", []):
        assert any(needle in t for t in texts), (needle, texts)
    for needle in expect.get("message_contains", []):
        assert any(needle in f.message for f in result.findings), (needle, [f.message for f in result.findings])
