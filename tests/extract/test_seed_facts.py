"""Extraction on the five seed reports, in all three formats: every indicator field, lists, totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.extract import extract
from auditor.readers import read_document

from sample_files import FORMATS, NAMES, SAMPLES

# (comparator, target, midyear, actual, completion, weight, score) for each narrative indicator, in order;
# None where the report states nothing. Read off the seed texts by hand.
INDICATORS = {
    "000": [
        (">=", "2045", "2045", "2460", "120.29", "8", "8"),
        ("<=", "4726.44", "1925.28", "4044.35", "57.39", "12", "6.89"),
        ("=", "100", "31.44", "55.82", "55.82", "12", "6.7"),
        ("=", "100", "48.67", "100", "100", "8", "8"),
        (">=", "7", "7", "8", "114.29", "8", "8"),
        ("=", "3700", "3700", "3984", "107.68", "9", "9"),
        ("=", "100", "100", "100", "100", "8", "8"),
        ("=", "100", "100", "100", "100", "15", "15"),
        (">=", "95", "0", "94.25", "99.21", "10", "9.92"),
    ],
    "001": [
        ("<=", "95.81", "58.38", "85.58", "95.66", "10", "10"),
        ("=", "100", "0", "100", "100", "12", "12"),
        ("=", "100", "62.25", "0", "0", "13", "0"),
        (">=", "90", "90", "447", "496.67", "10", "10"),
        (">=", "1", "0", "1", "100", "15", "15"),
        (">=", "60", "60", "60", "100", "20", "20"),
        (">=", "95", "95", "97", "102.11", "10", "10"),
    ],
    "002": [
        (">=", "2.45", "2.12", "3.17", "129.39", "6", "6"),
        (">=", "5", "7.18", "0", "0", "6", "6"),
        ("<=", "22635.40", "11098.05", "18558.34", "81.98", "8", "8"),
        (None, "100", "29.95", "23.65", "23.65", "10", "2.37"),
        (">=", "98", "100", None, "102.04", "10", "10"),
        (">=", "98", "100", "100", "102.04", "12", "12"),
        ("=", "100", "91.56", "97.12", "97.12", "13", "13"),
        ("<=", "4.5", "5", "5.5", "81.81", "7", "5.73"),
        (">=", "2.70", "1.99", "3.2", "118.52", "8", "8"),
        (">=", "95", "0", "98.75", "103.95", "10", "10"),
    ],
    "004": [
        ("=", "8500", "1728", "7670", "90.23", "15", "13.54"),
        (">=", "35", "18", "35", "100", "25", "25"),
        (">=", "95", "100", "100", "105.26", "20", "20"),
        (">=", "10", "2", "8", "80", "15", "12"),
        ("=", "100", "95.22", "100", "100", "15", "15"),
    ],
}
FIELDS = ("target", "midyear", "actual", "completion", "weight", "score")
TOTALS = {  # execution score, total score, grade
    "000": ("5.74", "85.25", "良"),
    "001": ("9.57", "86.57", "良"),
    "002": ("2.37", "77.47", "中"),
    "004": ("9.89", "95.43", "优"),
}


@pytest.fixture(scope="module")
def facts():
    cache = {}

    def get(seed, fmt):
        if (seed, fmt) not in cache:
            cache[(seed, fmt)] = extract(read_document(str(SAMPLES / f"{NAMES[seed]}.{fmt}")))
        return cache[(seed, fmt)]

    return get


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", sorted(INDICATORS))
def test_narrative_indicators(facts, seed, fmt):
    got = [i for i in facts(seed, fmt).indicators if i.source == "narrative"]
    expected = INDICATORS[seed]
    assert len(got) == len(expected), [i.name for i in got]
    for n, (ind, row) in enumerate(zip(got, expected), start=1):
        comparator, *values = row
        assert ind.comparator == comparator, (n, ind.name)
        for field, value in zip(FIELDS, values):
            fig = getattr(ind, field)
            if value is None:
                assert fig is None, (n, field, fig and fig.quantity.text)
            else:
                assert fig is not None, (n, field)
                assert fig.value == Decimal(value), (n, field, fig.quantity.text)
        assert ind.section.endswith(ind.number or "?"), (n, ind.section)


def test_000_reasons_and_measures(facts):
    for fmt in FORMATS:
        ind = {i.number: i for i in facts("000", fmt).indicators}
        assert ind["指标六"].reason.text.startswith("本年度新增养老服务点1个")
        assert ind["指标二"].reason.text == ind["指标三"].reason.text
        assert ind["指标二"].measure.text == ind["指标三"].measure.text
        assert ind["指标四"].reason is None
        assert "权重" not in ind["指标二"].measure.text
        assert ind["指标一"].name == "高龄老人体检人数"


@pytest.mark.parametrize("fmt", FORMATS)
def test_000_relief_enumeration(facts, fmt):
    enums = [e for e in facts("000", fmt).enumerations if e.kind == "sum" and e.total.value == Decimal("3984")]
    assert len(enums) == 1
    assert [p.value for p in enums[0].parts] == [Decimal(v) for v in
                                                 ("773", "221", "188", "32", "7", "10", "1", "45", "1948", "740")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_000_offices_count(facts, fmt):
    counts = [e for e in facts("000", fmt).enumerations if e.kind == "count" and e.total.value == 8]
    assert len(counts) == 1 and len(counts[0].items) == 8


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", sorted(TOTALS))
def test_totals_and_grade(facts, seed, fmt):
    report = facts(seed, fmt).report
    execution, total, grade = TOTALS[seed]
    assert report.execution_score is not None and report.execution_score.value == Decimal(execution)
    assert report.total_score is not None and report.total_score.value == Decimal(total)
    assert report.grade_key == grade


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_unit_and_year(facts, fmt):
    r = facts("000", fmt).report
    assert r.year == 2023
    assert r.unit.text == "乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)民政局"
    assert r.filled.text.replace(" ", "") == "2024年4月15日"
    assert facts("003", fmt).report.unit.text == "海口市民政局"


@pytest.mark.parametrize("seed", sorted(NAMES))
def test_formats_give_the_same_facts(facts, seed):
    def summary(f):
        return (
            [(i.number, i.name, i.comparator, *[str(getattr(i, k).value) if getattr(i, k) else None for k in FIELDS])
             for i in f.indicators if i.source == "narrative"],
            [(e.kind, str(e.total.value), [str(p.value) for p in e.parts], len(e.items))
             for e in f.enumerations if e.source == "narrative"],
            (f.report.year, f.report.grade_key),
        )
    reference = summary(facts(seed, "txt"))
    for fmt in ("docx", "pdf"):
        assert summary(facts(seed, fmt)) == reference, fmt
