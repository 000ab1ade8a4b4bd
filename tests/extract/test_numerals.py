"""Chinese numerals: conversion, round trips, and what is not a numeral."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.extract.numerals import chinese_to_decimal, chinese_to_int, int_to_chinese
from auditor.extract.quantities import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("〇", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("一十五", 15),
        ("二十", 20),
        ("一百二十", 120),
        ("一百零五", 105),
        ("一百五", 150),  # colloquial: the unit after the last digit is dropped
        ("七千", 7000),
        ("三千五", 3500),
        ("三千五百六十", 3560),
        ("一千零五十", 1050),
        ("两千", 2000),
        ("一万", 10000),
        ("一万二千", 12000),
        ("两万五", 25000),
        ("一万零五十", 10050),
        ("二十万", 200000),
        ("一亿三千万", 130000000),
        ("一万亿", 10**12),
        ("二〇二三", 2023),  # digit by digit, with a zero: a year
        ("壹仟贰佰叁拾肆", 1234),  # financial forms
        ("百", 100),
        ("千万", 10**7),
    ],
)
def test_chinese_to_int(text: str, value: int) -> None:
    assert chinese_to_int(text) == value
    assert chinese_to_decimal(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["", "三四", "七八", "十十", "五百千", "一二十", "万", "亿万", "十四五", "一般", "点五", "三点", "三点两"],
)
def test_not_a_numeral(text: str) -> None:
    assert chinese_to_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("三点五", Decimal("3.5")), ("零点零五", Decimal("0.05")), ("十二点三零", Decimal("12.30"))],
)
def test_decimal_point(text: str, value: Decimal) -> None:
    got = chinese_to_decimal(text)
    assert got == value and str(got) == str(value)


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (10, "十"), (15, "十五"), (110, "一百一十"), (1005, "一千零五"), (1050, "一千零五十"),
     (10050, "一万零五十"), (100000, "十万"), (120000000, "一亿二千万")],
)
def test_int_to_chinese(n: int, text: str) -> None:
    assert int_to_chinese(n) == text


@given(st.integers(min_value=0, max_value=999_999_999_999), st.booleans())
def test_round_trip(n: int, liang: bool) -> None:
    assert chinese_to_int(int_to_chinese(n, liang=liang)) == n


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("3984", (Decimal("3984"), 0)),
        ("57.39", (Decimal("57.39"), 2)),
        ("90.0", (Decimal("90.0"), 1)),
        ("18,558.34", (Decimal("18558.34"), 2)),
        ("１８，５５８．３４", (Decimal("18558.34"), 2)),
        ("-6.35", (Decimal("-6.35"), 2)),
        ("一百二十", (Decimal(120), 0)),
        ("三点五", (Decimal("3.5"), 1)),
        (" 7 ", (Decimal(7), 0)),
    ],
)
def test_parse_number(token: str, expected: tuple[Decimal, int]) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("token", ["", "3,4", "1,2345", "1.2.3", "7 7", "5G", "万", "一般", "3万", "52%", "abc"])
def test_parse_number_rejects(token: str) -> None:
    assert parse_number(token) is None
