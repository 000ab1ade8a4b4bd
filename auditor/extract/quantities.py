"""The quantity parser: every figure in a string, with its unit, precision, approximation and comparator.

``parse_quantities("全年预算数为 7047.68 万元,预算执行率为 52.39%。")`` gives two :class:`Quantity`
objects: 7047.68 万元 (money, scale 10000, 2 decimals) and 52.39 % (percent). The vocabulary (units,
multipliers, approximation marks, comparator phrases, words and patterns that hold no quantity) is data in
``units.yaml``; this module holds only the grammar.

Input is the normalised view (full-width folded, no white space next to CJK), but raw table-cell text works
too: the parser folds full-width forms itself (character for character, so offsets are unchanged) and
tolerates white space between a comparator, the number, its unit and the marks after it.

Decisions on ambiguous cases (see also ``units.yaml``):

* ``以上`` / ``以下`` after a quantity set both an approximation flag (``以上``/``以下``) and a comparator
  (``>=``/``<=``): "95%以上" is a floor. ``以内``/``之内`` set only the comparator ``<=``. A comparator
  written before the number wins over one after it.
* ``达到`` and ``为`` are not comparators ("达到100%" reports an outcome, "为" is a copula).
* ``N年`` is a date (no quantity) when N is a whole number from 1900 to 2100, a duration otherwise
  ("3年"); ``N年度``, ``N月``, ``N月份``, ``N日``, ``N号``, ``N季度`` are always dates or labels, except
  ``N日内`` / ``N日以内`` (a duration in 日).
* Chinese numerals are quantities only when a unit follows (or after ``百分之``/``千分之``), and not inside
  a listed word (``三支一扶``, ``一次性``, ``十分``). A trailing ``万``/``亿`` is the unit's multiplier:
  ``二十万人`` is value 20, unit ``万人`` (scale 10000), like ``20万人``; ``一万二千人`` is 12000 人.
  A run of bare digits without a zero (``三四个``: "three or four") is vague, hence no quantity.
* ``unit`` is the unit as written but folded (``％`` → ``%``) and without approximation marks
  (``1.75万余元`` has unit ``万元``); ``‰`` is base unit ``%`` with scale 0.1.
* A hyphen right after a quantity is a range dash, not a minus ("5%-50%"); a number of no unit before a
  range dash or an enumeration comma takes the unit after it ("80-89周岁" gives 80 周岁 and 89 周岁,
  "分别为12、15、20人" gives three 人).

A number is *not* a quantity when it is:

* a year or date: ``2023年`` (any whole 1900-2100 before 年: ``2023年度``, ``2022年底``), ``4月15日``,
  ``12月份``, ``第3季度``, ``3、4季度``, ``1-12月``, ``2024-04-15``, ``2024/4/15``, ``2024.4.15``,
  ``2021—2025年``, ``二〇二三年``;
* a clock time (``10:30``, ``10时30分``, ``9点半``);
* an ordinal after ``第`` (also ``第2、3、4季度``), a label number before ``号`` (``10号``);
* a version-like chain (``1.2.3``), a phone number with separators (``0991-1234567``, ``400-123-4567``),
  a standard's code (``GB/T 19001``);
* part of a Latin name or code (``5G``, ``G20``, ``PM2.5``, ``COVID-19``);
* a heading number ``2.1`` at the start of a line before text (``2.1 项目概况``, even ``2.1项目概况``);
* a Chinese numeral with no unit after it, or inside a listed word (``二十大``, ``十四五``, ``三支一扶``,
  ``一次性``, ``十分``, ``三分之一``);

and, for a number with no unit and no comparator or approximation mark, when it is:

* in brackets (``(1)``, ``（1）``, ``〔2020〕``, ``[2021]``);
* a list or section marker: ``1、``, ``1.``, ``1)`` at the start of a line or after punctuation;
* a label after ``指标``/``附件``/``表``/``序号``/... (``指标1``), or a number after a phone label
  (``联系电话:89200608``);
* a service hotline (``12345热线``);
* a long digit string (9 digits or more: ``13912345678``) or one with a leading zero (``0991``).

Document numbers (``财预〔2020〕10号``) fall under the bracket and ``号`` rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from ..model.normalize import fold, fold_char
from ..patterncache import compile_regex
from .datafile import load_yaml
from .numerals import BIG_UNITS, CHINESE_NUMERAL_CHARS, DIGITS, SMALL_UNITS, chinese_to_decimal

__all__ = [
    "DIMENSIONS",
    "Quantity",
    "QuantityLexicon",
    "UnitInfo",
    "parse_number",
    "parse_quantities",
    "quantity_lexicon",
]

DIMENSIONS = ("money", "percent", "count", "score", "time", "area", "other", "none")
UNITS_FILE = Path(__file__).with_name("units.yaml")

_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure as written: ``2.55万人`` is value 2.55, unit 万人, base unit 人, scale 10000."""

    value: Decimal
    decimals: int
    unit: str
    base_unit: str
    scale: Decimal
    dimension: str
    approx: frozenset[str]
    comparator: str | None
    start: int
    end: int
    number_start: int
    number_end: int
    text: str

    @property
    def base_value(self) -> Decimal:
        """The value in the base unit: ``4044.35万元`` → 40443500."""
        return self.value * self.scale

    @property
    def tolerance(self) -> Decimal:
        """Half a unit of the last stated decimal, in the stated unit: 2 decimals → 0.005."""
        return Decimal("0.5").scaleb(-self.decimals)

    @property
    def base_tolerance(self) -> Decimal:
        """:attr:`tolerance` in the base unit: ``4044.35万元`` → 50 (元)."""
        return self.tolerance * self.scale

    @property
    def quantum(self) -> Decimal:
        """The stated precision in the base unit: ``3.2万人`` → 1000 (人)."""
        return _ONE.scaleb(-self.decimals) * self.scale

    @property
    def is_approx(self) -> bool:
        """Whether the figure carries an approximation mark (约, 余, 多, 左右, 以上, ...)."""
        return bool(self.approx)

    def agrees_with(self, other: Quantity, *, unitless_matches: bool = False) -> bool:
        """Whether two figures state the same amount, compared at the coarser of their precisions.

        Same base unit required (two figures of no unit compare too): 3.2万人 agrees with 3.17万人,
        4044.35万元 with 40443500元, 95.66% with 95.7%; 81.81% does not agree with 81.82%. Strict: the
        approximation marks are ignored (see :attr:`is_approx`), rounding is ROUND_HALF_UP.
        ``unitless_matches``: a figure of no unit (a table cell whose unit is in its header) is read in
        the other figure's unit.
        """
        a, b = self, other
        if a.base_unit != b.base_unit:
            if not unitless_matches:
                return False
            if not a.unit and b.unit:
                a = replace(a, unit=b.unit, base_unit=b.base_unit, scale=b.scale, dimension=b.dimension)
            elif not b.unit and a.unit:
                b = replace(b, unit=a.unit, base_unit=a.base_unit, scale=a.scale, dimension=a.dimension)
            else:
                return False
        with localcontext() as ctx:
            ctx.prec = 60
            q = max(a.quantum, b.quantum)
            ra = (a.base_value / q).quantize(_ONE, rounding=ROUND_HALF_UP)
            rb = (b.base_value / q).quantize(_ONE, rounding=ROUND_HALF_UP)
        return ra == rb


@dataclass(frozen=True, slots=True)
class UnitInfo:
    name: str
    dimension: str
    base: str
    scale: Decimal
    scalable: bool
    per: bool


def _alt(phrases: Any) -> str:
    """A regex alternation of literal phrases, longest first."""
    return "|".join(regex.escape(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _guarded(phrase: str, not_followed_by: list[str] = (), followed_by: list[str] = ()) -> str:
    out = regex.escape(phrase)
    if not_followed_by:
        out += f"(?!{_alt(not_followed_by)})"
    if followed_by:
        out += f"(?={_alt(followed_by)})"
    if phrase[-1].isascii() and phrase[-1].isalpha():
        out += "(?![A-Za-z])"
    return out


def _guarded_alt(items: dict[str, str]) -> str:
    """An alternation of already-guarded patterns keyed by phrase, longest phrase first."""
    return "|".join(items[k] for k in sorted(items, key=lambda p: (-len(p), p)))


_NUMERAL_CLASS = "[" + regex.escape(CHINESE_NUMERAL_CHARS) + "]"
_DIGIT_CLASS = "[" + regex.escape("".join(c for c in DIGITS if c != "两")) + "]"
_ARABIC = (
    r"(?:(?<![0-9A-Za-z.])[-−]|(?<![0-9])(?<![0-9]\.))"
    r"(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+|[0-9]+)(?:\.[0-9]+)?"
)
_ARABIC_CORE = r"(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+|[0-9]+)(?:\.[0-9]+)?"
_ARABIC_FULL = compile_regex(r"[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_SPACE = "[ \t]"
_RANGE_DASH = compile_regex(r"[ \t]*[-−—–~〜至到、][ \t]*")
_TAG_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/\"'")  # <br>1: no comparator
# 第2、3、4季度: the 3 and the 4 are ordinals too; 3、4季度末: the 3 is a date like the 4
_ORDINAL_RUN = compile_regex(r"第[ \t]*[0-9]+(?:[ \t]*、[ \t]*[0-9]+)*[ \t]*、[ \t]*\Z")
_DATE_RUN = compile_regex(r"(?:[ \t]*[、\-−—–~〜至到][ \t]*[0-9]+)+[ \t]*(?:季度|月份|月|日|号|年度)")
_YEAR_AFTER = compile_regex(r"[ \t]*年")  # 2023年, 2023 年度, 2022年底, 2023年以来
_HEADING_NUMBER = compile_regex(r"[0-9]{1,2}\.[0-9]{1,2}")  # "2.1 项目概况" at the start of a line
_LIST_BOUNDARY = frozenset("\n\r(（[【|;；。:：!！?？*#>")


class _FoldTable(dict):
    """``str.translate`` table doing :func:`fold_char`, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    folded = text.translate(_FOLD)
    return folded if len(folded) == len(text) else fold(text)


class QuantityLexicon:
    """The compiled vocabulary of ``units.yaml``."""

    def __init__(self, data: dict[str, Any]):
        dims = data["dimensions"]
        self.units: dict[str, UnitInfo] = {}
        base_pats: dict[str, str] = {}
        scalable_pats: dict[str, str] = {}
        per_pats: dict[str, str] = {}
        for name, spec in data["units"].items():
            name = str(name)
            dim = spec["dimension"]
            if dim not in dims:
                raise ValueError(f"units.yaml: unit {name!r} has unknown dimension {dim!r}")
            info = UnitInfo(
                name=name,
                dimension=dim,
                base=str(spec.get("base", name)),
                scale=Decimal(str(spec.get("scale", 1))),
                scalable=bool(spec.get("scalable", dims[dim].get("scalable", True))),
                per=bool(spec.get("per", dim in ("count", "time", "area", "other"))),
            )
            self.units[name] = info
            pat = _guarded(name, spec.get("not_followed_by", []), spec.get("followed_by", []))
            base_pats[name] = pat
            if info.scalable:
                scalable_pats[name] = pat
            if info.per:
                per_pats[name] = _guarded(name, spec.get("not_followed_by", []))
        for name in data.get("rate_denominators", []):
            per_pats.setdefault(str(name), _guarded(str(name)))
        self.multipliers: dict[str, tuple[Decimal, bool]] = {
            str(k): (Decimal(str(v["scale"])), bool(v.get("bare", True))) for k, v in data["multipliers"].items()
        }
        approx = data["approximation"]
        self.infix_flags: dict[str, str] = {str(k): str(v) for k, v in approx["infix"].items()}
        self.prefix_flags: dict[str, str] = {str(k): str(v) for k, v in approx["prefix"].items()}
        infix = _alt(self.infix_flags)
        infix_guard = approx.get("infix_not_followed_by") or []
        if infix_guard:
            infix = f"(?:{infix})(?!{_alt(infix_guard)})"
        self.suffixes: dict[str, dict[str, str]] = {str(k): v or {} for k, v in data["suffixes"].items()}
        self.percent_prefixes: dict[str, str] = {str(k): str(v) for k, v in data["percent_prefixes"].items()}

        bare = [m for m, (_, b) in self.multipliers.items() if b]
        nonbare = [m for m, (_, b) in self.multipliers.items() if not b]
        mult_alts = [
            f"(?P<mult>{_alt(bare)})(?:(?P<ap2>{infix})?(?P<sbase>{_guarded_alt(scalable_pats)}))?"
        ]
        if nonbare:
            mult_alts.append(
                f"(?P<mult>{_alt(nonbare)})(?P<ap2>{infix})?(?P<sbase>{_guarded_alt(scalable_pats)})"
            )
        suffix = _alt(self.suffixes)
        self.unit_re = compile_regex(
            rf"(?:{_SPACE}*(?P<ap1>{infix}))?"
            rf"(?:{_SPACE}*(?:(?P<base>{_guarded_alt(base_pats)})|{'|'.join(mult_alts)})"
            rf"(?P<ap3>{infix})?(?:[/](?P<per>{_guarded_alt(per_pats)}))?)?"
            rf"(?:{_SPACE}*(?P<suf>{suffix}))?"
        )
        self.tail_re = compile_regex(rf"(?:{_SPACE}*(?P<ap3>{infix}))?(?:{_SPACE}*(?P<suf>{suffix}))?")

        self.comparators: dict[str, str] = {}
        for op, phrases in data["comparators"].items():
            for p in phrases:
                self.comparators[str(p)] = str(op)
        self.comparator_re = compile_regex(rf"(?:{_alt(self.comparators)}){_SPACE}*\Z")
        not_after = approx.get("prefix_not_preceded_by") or {}
        prefix_pats = {
            p: (f"(?<!{_alt(not_after[p])})" if not_after.get(p) else "") + regex.escape(p) for p in self.prefix_flags
        }
        self.prefix_approx_re = compile_regex(rf"(?:{_guarded_alt(prefix_pats)}){_SPACE}*\Z")
        self.ordinal_re = compile_regex(rf"(?:{_alt(data['ordinal_prefixes'])})[ \t:]*\Z")
        self.phone_re = compile_regex(rf"(?:{_alt(data['phone_labels'])})[ \t:]*(?:号码)?[ \t:]*\Z")
        self.hotlines = frozenset(str(h) for h in data["hotline_numbers"])
        self.date_suffix_re = compile_regex(rf"{_SPACE}*(?:{_alt(data['date_suffixes'])})")
        self.words_re = compile_regex(_alt(data["non_quantity_words"]))
        start = data.get("non_quantity_pattern_start")
        self.patterns_re = compile_regex(
            (f"(?={start})" if start else "") + "(?:" + "|".join(f"(?:{p})" for p in data["non_quantity_patterns"].values()) + ")"
        )
        pct = _alt(self.percent_prefixes)
        self.number_re = compile_regex(
            rf"(?P<pct>{pct}){_SPACE}*(?P<pnum>{_ARABIC_CORE}|{_NUMERAL_CLASS}+(?:点{_DIGIT_CLASS}+)?)"
            rf"|(?P<ar>{_ARABIC})"
            rf"|(?P<cn>{_NUMERAL_CLASS}+(?:点{_DIGIT_CLASS}+)?)"
        )

    def unit_info(self, unit: str) -> UnitInfo | None:
        """What ``units.yaml`` says about a base unit as written (``"人次"``, ``"㎡"``), or ``None``."""
        return self.units.get(unit)


@lru_cache(maxsize=4)
def quantity_lexicon(path: str | None = None) -> QuantityLexicon:
    """The compiled vocabulary (``units.yaml`` beside this module unless ``path`` names another)."""
    return QuantityLexicon(load_yaml(path or UNITS_FILE))


def parse_number(token: str) -> tuple[Decimal, int] | None:
    """One bare number: ``"18,558.34"`` → (18558.34, 2), ``"５２．３９"`` → (52.39, 2), ``"一百二十"`` →
    (120, 0), ``"三点五"`` → (3.5, 1); ``None`` if the token is not exactly one number."""
    t = _fold(token.strip())
    m = _ARABIC_FULL.fullmatch(t)
    if m:
        return Decimal(t.replace(",", "").replace("−", "-")), len(m.group(1) or "")
    if t and all(c in CHINESE_NUMERAL_CHARS or c == "点" for c in t):
        v = chinese_to_decimal(t)
        if v is not None:
            return v, len(t.partition("点")[2])
    return None


def parse_quantities(text: str, *, lexicon: QuantityLexicon | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order and non-overlapping (see the module docstring for the rules)."""
    return list(_parse_quantities(text, lexicon or quantity_lexicon()))


@lru_cache(maxsize=8192)
def _parse_quantities(text: str, lex: QuantityLexicon) -> tuple[Quantity, ...]:
    """The extractors parse the same paragraph or cell several times (figures, indicators, tables): the
    quantities of a text are remembered (they are immutable)."""
    ft = _fold(text)
    if len(ft) != len(text):  # fold maps character for character; keep offsets honest regardless
        ft = text
    n = len(ft)
    masks = _Masks(bytearray(n + 1))
    for m in lex.patterns_re.finditer(ft):
        masks.pattern[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    out: list[Quantity] = []
    pos = 0
    while pos < n:
        m = lex.number_re.search(ft, pos)
        if m is None:
            break
        prev_end = out[-1].end if out else 0
        if m.group("pct") is not None:
            q = _percent_prefixed(text, ft, m, lex, masks, prev_end)
        elif m.group("ar") is not None:
            q = _arabic(text, ft, m, lex, masks, out)
        else:
            q = _chinese(text, ft, m, lex, masks, prev_end)
        if q is not None:
            out.append(q)
            pos = max(q.end, m.end())
        else:
            pos = m.end()
    return tuple(_propagate_ranges(out, ft))


# --- the pieces of a candidate --------------------------------------------------------------------------


@dataclass(slots=True)
class _Masks:
    pattern: bytearray  # inside a non-quantity pattern (date, phone, version, ...): no number at all


def _left_marks(ft: str, start: int, lex: QuantityLexicon, floor: int) -> tuple[int, str | None, set[str]]:
    """Approximation prefix and comparator written right before ``start``: (new start, comparator, flags)."""
    flags: set[str] = set()
    comparator = None
    lo = max(floor, start - 16)
    m = lex.prefix_approx_re.search(ft, lo, start)
    if m:
        flags.add(lex.prefix_flags[m.group().rstrip(" \t")])
        start = m.start()
    m = lex.comparator_re.search(ft, lo, start)
    if m and not (m.group()[0] in "<>" and m.start() > lo and ft[m.start() - 1] in _TAG_CHARS):
        comparator = lex.comparators[m.group().rstrip(" \t")]
        start = m.start()
    return start, comparator, flags


def _build(
    text: str, lex: QuantityLexicon, *, value: Decimal, decimals: int, um: Any | None, number_start: int,
    digits_end: int, prefix_start: int, comparator: str | None, flags: set[str], forced_unit: str | None = None,
) -> Quantity:
    unit = base_unit = ""
    scale = _ONE
    dimension = "none"
    number_end = digits_end
    suffix_comparator = None
    end = digits_end
    if um is not None:
        groups = um.groupdict()
        for g in ("ap1", "ap2", "ap3"):
            if groups.get(g):
                flags.add(lex.infix_flags[groups[g]])
        for g in ("ap1", "base", "mult", "ap2", "sbase", "ap3", "per"):
            if groups.get(g) is not None:
                number_end = max(number_end, um.end(g))
        mult = groups.get("mult")
        base = groups.get("base") or groups.get("sbase")
        if base:
            info = lex.units[base]
            unit, base_unit, scale, dimension = base, info.base, info.scale, info.dimension
        if mult:
            scale = scale * _mult_scale(lex, mult)
            unit = mult + unit
        if groups.get("per") and base:
            per = groups["per"]
            per_info = lex.units.get(per)
            unit = f"{unit}/{per}"
            base_unit = f"{base_unit}/{per_info.base if per_info else per}"
        suf = um.group("suf")
        if suf:
            spec = lex.suffixes[suf]
            if spec.get("flag"):
                flags.add(spec["flag"])
            suffix_comparator = spec.get("comparator")
            end = um.end("suf")
    if forced_unit:
        info = lex.units[forced_unit]
        unit, base_unit, scale, dimension = forced_unit, info.base, info.scale, info.dimension
    end = max(end, number_end)
    if dimension == "time" and suffix_comparator is None and text.startswith("内", end):
        suffix_comparator = "<="  # "15日内拨付到位": within so many days
    return Quantity(
        value=value, decimals=decimals, unit=unit, base_unit=base_unit, scale=scale, dimension=dimension,
        approx=frozenset(flags), comparator=comparator or suffix_comparator, start=prefix_start, end=end,
        number_start=number_start, number_end=number_end, text=text[prefix_start:end],
    )


def _mult_scale(lex: QuantityLexicon, mult: str) -> Decimal:
    return lex.multipliers[mult][0]


def _has_unit(um: Any) -> bool:
    return bool(um.group("base") or um.group("mult"))


def _left_nonspace(ft: str, i: int) -> int:
    while i > 0 and ft[i - 1] in " \t":
        i -= 1
    return i


def _arabic(text: str, ft: str, m: Any, lex: QuantityLexicon, masks: _Masks, out: list[Quantity]) -> Quantity | None:
    ns, ne = m.span("ar")
    token = m.group("ar")
    prev_end = out[-1].end if out else 0
    if token[0] in "-−" and out and ns <= max(out[-1].end, out[-1].number_end):
        ns += 1  # "5%-50%": a dash right after a quantity is a range dash, not a minus
        token = token[1:]
    if any(masks.pattern[ns:ne]):
        return None
    before = ft[ns - 1] if ns else ""
    if before.isascii() and before.isalpha():
        return None  # G20, PM2.5, Win10
    if before in "-_/" and ns >= 2 and ft[ns - 2].isascii() and ft[ns - 2].isalpha():
        return None  # COVID-19
    um = lex.unit_re.match(ft, ne)
    has_unit = _has_unit(um)
    after = ft[ne] if ne < len(ft) else ""
    if after.isascii() and after.isalpha() and not (has_unit and um.start("base" if um.group("base") else "mult") == ne):
        return None  # 5G, 3D
    left = _left_nonspace(ft, ns)
    if left and ft[left - 1] == "第" or _ORDINAL_RUN.search(ft[max(0, ns - 24):ns]):
        return None
    if not has_unit and (lex.date_suffix_re.match(ft, ne) or _DATE_RUN.match(ft, ne)):
        return None
    digits = token.lstrip("-−").replace(",", "")
    decimals = len(digits.partition(".")[2])
    value = Decimal("-" + digits) if token[0] in "-−" else Decimal(digits)
    if decimals == 0 and 1900 <= value <= 2100 and _YEAR_AFTER.match(ft, ne) and not um.group("mult"):
        return None  # a year, whatever follows the 年
    start, comparator, flags = _left_marks(ft, ns, lex, prev_end)
    base = um.group("base") or um.group("sbase")
    if (
        base and decimals and not um.group("mult") and comparator is None and not flags
        and lex.units[base].dimension == "count" and _HEADING_NUMBER.fullmatch(token)
        and (not left or ft[left - 1] in _LIST_BOUNDARY or ft[left - 1].isspace())
        and not um.group("suf") and not um.group("ap3") and "\u4e00" <= ft[um.end():][:1] <= "\u9fff"
    ):
        return None  # 2.1项目概况: a heading number, not 2.1 项
    if not has_unit and comparator is None and not flags:
        if _is_label(ft, ns, ne, left, token, digits, lex):
            return None
    return _build(
        text, lex, value=value, decimals=decimals, um=um, number_start=ns, digits_end=ne, prefix_start=start,
        comparator=comparator, flags=flags,
    )


def _is_label(ft: str, ns: int, ne: int, left: int, token: str, digits: str, lex: QuantityLexicon) -> bool:
    """Rules for a number of no unit: brackets, list markers, labels, phones, hotlines, IDs."""
    prev = ft[left - 1] if left else ""
    j = ne
    while j < len(ft) and ft[j] in " \t":
        j += 1
    nxt = ft[j] if j < len(ft) else ""
    if prev and prev in "([【〔" and nxt and nxt in ")]】〕":
        return True  # (1), 〔2020〕, [2021]
    at_boundary = not prev or prev in _LIST_BOUNDARY or prev.isspace()
    if ne < len(ft) and ft[ne] in "、.)" and at_boundary:
        return True  # 1、 1. 1) at the start of a line or after punctuation
    if at_boundary and _HEADING_NUMBER.fullmatch(token) and "\u4e00" <= nxt <= "\u9fff":
        return True  # 2.1 项目概况
    window = ft[max(0, ns - 12):ns]
    if lex.ordinal_re.search(window) or lex.phone_re.search(window):
        return True
    if digits in lex.hotlines:
        return True
    if "." not in digits and "," not in token:
        if len(digits) >= 9 or (len(digits) >= 2 and digits[0] == "0"):
            return True
    return False


def _percent_prefixed(text: str, ft: str, m: Any, lex: QuantityLexicon, masks: _Masks, prev_end: int) -> Quantity | None:
    ps = m.start("pct")
    tok = m.group("pnum")
    parsed = parse_number(tok)
    if parsed is None:
        return None
    value, decimals = parsed
    if any(masks.pattern[ps:m.end("pnum")]):
        return None
    um = lex.tail_re.match(ft, m.end("pnum"))
    start, comparator, flags = _left_marks(ft, ps, lex, prev_end)
    return _build(
        text, lex, value=value, decimals=decimals, um=um, number_start=ps, digits_end=m.end("pnum"),
        prefix_start=start, comparator=comparator, flags=flags, forced_unit=lex.percent_prefixes[m.group("pct")],
    )


def _chinese(text: str, ft: str, m: Any, lex: QuantityLexicon, masks: _Masks, prev_end: int) -> Quantity | None:
    ts, te = m.span("cn")
    tok = m.group("cn")
    core_len = len(tok)
    if "点" not in tok:
        # a trailing 万/亿 is the unit's multiplier (二十万人 is 20 万人), unless a bigger one comes first
        # (一亿三千万 is 130000000)
        while core_len > 0 and tok[core_len - 1] in BIG_UNITS:
            core_len -= 1
        if any(c in BIG_UNITS for c in tok[:core_len]):
            core_len = len(tok)
    # characters taken by a non-quantity word that reaches outside the numeral (二十大, 一次性, 统一三个);
    # a word wholly inside it is no word (万一 in 三万一千)
    blocked = bytearray(masks.pattern[ts:te])
    lo = max(0, ts - 8)
    for w in lex.words_re.finditer(ft, lo, min(len(ft), te + 8), overlapped=True):
        if w.end() > ts and w.start() < te and (w.start() < ts or w.end() > te):
            for k in range(max(w.start(), ts), min(w.end(), te)):
                blocked[k - ts] = 1
    for i in range(core_len):
        if blocked[i]:
            continue
        if tok[i] not in DIGITS and tok[i] not in "十拾":
            # a bare 百/千 only before 余/多: 百余人, 千余户 (百岁老人 and 千人计划 are names)
            if not (tok[i] in SMALL_UNITS and i + 1 == core_len == len(tok) and ft[te:te + 1] in lex.infix_flags):
                continue
        value = chinese_to_decimal(tok[i:core_len])
        if value is None:
            continue
        ns = ts + i
        if any(blocked[i:core_len]):
            return None
        digits_end = ts + core_len
        um = lex.unit_re.match(ft, digits_end)
        if not um.group("base") and not um.group("sbase"):
            return None  # a Chinese numeral needs a unit
        left = _left_nonspace(ft, ns)
        if left and ft[left - 1] == "第":
            return None
        decimals = len(tok.partition("点")[2])
        base = um.group("base") or um.group("sbase")
        if lex.units[base].base == "年" and not um.group("mult") and decimals == 0 and 1900 <= value <= 2100:
            return None
        start, comparator, flags = _left_marks(ft, ns, lex, prev_end)
        return _build(
            text, lex, value=value, decimals=decimals, um=um, number_start=ns, digits_end=digits_end,
            prefix_start=start, comparator=comparator, flags=flags,
        )
    return None


def _propagate_ranges(out: list[Quantity], ft: str) -> list[Quantity]:
    """``80-89周岁``, ``5-10万元``, ``12、15、20人``: a number of no unit before a range dash or an
    enumeration comma takes the unit of the quantity right after it."""
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.unit or not b.unit or a.comparator or b.comparator and b.start < b.number_start:
            continue
        if b.number_start < a.end or not _RANGE_DASH.fullmatch(ft, a.end, b.number_start):
            continue
        out[i] = replace(a, unit=b.unit, base_unit=b.base_unit, scale=b.scale, dimension=b.dimension)
    return out
