"""Meta-tests: every registered check is documented, has cases that fire and stay silent, and its own
``bad``/``good`` examples behave as the docs say (so the docs cannot lie)."""

from __future__ import annotations

import pytest

from auditor.engine import audit_text
from auditor.registry import CODE_PATTERN, REGISTRY

from rule_cases import load_cases

CHECKS = REGISTRY.all()
MIN_CASES = 5


def test_there_are_checks_and_codes_are_unique():
    codes = [c.code for c in CHECKS]
    assert codes and len(codes) == len(set(codes))
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.code)
def test_metadata(spec):
    assert CODE_PATTERN.match(spec.code)
    assert spec.name and spec.name == spec.name.lower() and " " not in spec.name
    for field in ("summary", "rationale", "bad", "good"):
        assert getattr(spec, field).strip(), field
    assert "\n" not in spec.summary


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.code)
def test_examples_in_the_docs_behave(spec):
    assert audit_text(spec.bad, checks=[spec]).findings, "the bad example does not fire"
    assert not audit_text(spec.good, checks=[spec]).findings, "the good example fires"


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.code)
def test_each_check_has_enough_cases(spec):
    cases = load_cases().get(spec.code)
    assert cases is not None, f"tests/checks/cases/{spec.code}.yml is missing"
    fails = [c for c in cases["cases"] if "fail_str" in c]
    passes = [c for c in cases["cases"] if "pass_str" in c]
    assert len(fails) >= MIN_CASES and len(passes) >= MIN_CASES, (len(fails), len(passes))
