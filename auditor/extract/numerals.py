"""Chinese numerals: ``一百二十`` → 120, ``三千五`` → 3500, ``二〇二三`` → 2023, ``三点五`` → 3.5.

Only the conversion lives here; *whether* a run of numeral characters is a number at all (``一般``,
``统一``, ``十分`` are words) is decided by the quantity parser, which asks for a unit after it.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["CHINESE_NUMERAL_CHARS", "DIGITS", "BIG_UNITS", "SMALL_UNITS", "chinese_to_decimal",
           "chinese_to_int", "int_to_chinese"]

# Digits, including the financial (大写) forms and the zero variants seen in years (二〇二三, 二○二三).
DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "两": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
ZEROS = frozenset("零〇○")
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
DECIMAL_POINT = "点"
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def chinese_to_int(s: str) -> int | None:
    """The integer a run of Chinese numeral characters spells, or ``None`` if it spells none.

    Accepts the standard forms (``一百二十``, ``一千零五``, ``一万二千``, ``一亿三千万``), a leading ``十``
    (``十五``), ``两``, the colloquial dropped trailing unit (``一百五`` = 150, ``三千五`` = 3500,
    ``两万五`` = 25000) and digit-by-digit spelling *with* a zero (``二〇二三`` = 2023). A digit-by-digit
    run without a zero (``三四``, ``七八``) is a vague range ("three or four"), so it is ``None``, as is
    anything out of order (``十十``, ``五百千``, ``一二十``).
    """
    if not s:
        return None
    if all(c in DIGITS for c in s):
        if len(s) == 1:
            return DIGITS[s]
        if "两" in s or not any(c in ZEROS for c in s):
            return None
        return int("".join(str(DIGITS[c]) for c in s))
    total = 0          # completed sections above the current big unit
    section = 0        # the current section (below the last 万/亿)
    number: int | None = None  # a digit waiting for its unit
    last_small: int | None = None  # the last 十/百/千 in this section
    last_big: int | None = None
    zero_seen = False
    for i, c in enumerate(s):
        if c in DIGITS:
            d = DIGITS[c]
            if d == 0:
                if number is not None:
                    return None
                zero_seen = True
                continue
            if number is not None:
                return None
            number = d
        elif c in SMALL_UNITS:
            u = SMALL_UNITS[c]
            if last_small is not None and u >= last_small:
                return None
            if number is None:
                # 十五, 二万十五: a bare unit only opens a section; 百/千 bare only as the whole string
                if section or last_small is not None or zero_seen:
                    return None
                if u != 10 and (total or i + 1 < len(s) and s[i + 1] not in BIG_UNITS):
                    return None
                number = 1
            section += number * u
            number = None
            last_small = u
            zero_seen = False
        elif c in BIG_UNITS:
            u = BIG_UNITS[c]
            if number is not None:
                section += number
                number = None
            if section == 0 and total == 0:
                return None
            if last_big is not None and u == last_big:
                return None
            if last_big is not None and u > last_big:
                total = (total + section) * u  # 一万亿
            else:
                total += section * u
            section = 0
            last_small = None
            last_big = u
            zero_seen = False
        else:
            return None
    if number is not None:
        if not zero_seen and last_small is not None and last_small >= 100:
            number *= last_small // 10  # 一百五 = 150
        elif not zero_seen and last_small is None and last_big is not None and section == 0:
            number *= last_big // 10  # 两万五 = 25000
        section += number
    return total + section


def whole_number(s: str) -> int | None:
    """The whole number written in Arabic digits or Chinese numerals ("12", "十二"), or ``None``."""
    return int(s) if s.isdigit() else chinese_to_int(s)


def chinese_to_decimal(s: str) -> Decimal | None:
    """The number a Chinese numeral spells (``三点五`` → ``Decimal("3.5")``), or ``None``."""
    if not s:
        return None
    whole, point, frac = s.partition(DECIMAL_POINT)
    n = chinese_to_int(whole)
    if n is None:
        return None
    if not point:
        return Decimal(n)
    if not frac or not all(c in DIGITS and c != "两" for c in frac):
        return None
    return Decimal(f"{n}.{''.join(str(DIGITS[c]) for c in frac)}")


_DIGIT_CHARS = "零一二三四五六七八九"


def _section(n: int, *, leading: bool, liang: bool) -> str:
    """0 < n < 10000 in Chinese: 1005 → 一千零五, 10 → 十 (if leading), 110 → 一百一十."""
    out: list[str] = []
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    pending_zero = False
    started = False
    for value, name in units:
        d = n // value % 10
        if d == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        if value == 10 and d == 1 and leading and not started:
            out.append("十")
        else:
            digit = "两" if liang and d == 2 and value >= 100 else _DIGIT_CHARS[d]
            out.append(digit + name)
        started = True
    return "".join(out)


def int_to_chinese(n: int, *, liang: bool = False) -> str:
    """A non-negative integer in standard Chinese numerals (``120`` → ``一百二十``, ``10050`` →
    ``一万零五十``); ``liang`` writes a 2 before 百/千/万/亿 as 两 (``两千``, ``两万``)."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "零"
    parts: list[str] = []
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > 3:
        raise ValueError("too large")
    names = ("", "万", "亿")
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(parts)
            continue
        leading = not parts
        if parts and (need_zero or g < 1000):
            parts.append("零")
        need_zero = False
        if liang and g == 2 and idx > 0:
            parts.append("两")
        else:
            parts.append(_section(g, leading=leading, liang=liang))
        parts.append(names[idx])
    return "".join(parts)
