"""Load ``lexicon.yaml`` once and answer the questions extraction asks of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, cache, lru_cache
from pathlib import Path

from ..model.normalize import fold
from .datafile import load_yaml

_LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
# (the year of "2025年初预算" goes, its 年初 stays; not in 2025年中心…, 2025年中央…)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*(?=年(?:初|末|底|中(?![心央])))|(?:19|20)\d{2}\s*年(?:度)?|(?:19|20)\d{2}(?=全年|年度)")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CAUSES = ("因", "由于", "根据", "按照", "依据", "结合")
_YEAR_PART_SPENT = re.compile(r"(?:全年|本年度?|当年|年度)(项目|基本)支出")
# When in the year a change was made, before the change: "年度执行中追加…", "年中调增…"
CHANGE_TIMES = r"(?:年度执行中|执行过程中|执行中|年度中|年度内|年中|年内|当年|\d{1,2}月份?)"
_WHEN_OPENING = re.compile(rf"^{CHANGE_TIMES}")
# What the name of a unit ends with (民政局, 数据资源管理局, 工商联, 殡仪馆, 国有林场 …), as a pattern's alternatives
ORGANISATION_ENDINGS = "局|委员会|委|办公室|办|中心|院|馆|所|站|会|联|队|厅|处|社|校|园|政府|(?<!市)场|台"


def _longest_first(phrases) -> list[str]:
    # ties broken by the text itself: matching must not depend on set order (hash randomisation)
    return sorted({fold(p) for p in phrases}, key=lambda p: (-len(p), p))


def _any_phrase(table: tuple[tuple[str, str], ...]) -> re.Pattern:
    if not all(phrase for phrase, _ in table):
        return re.compile("")  # an empty phrase is in every text
    return re.compile("|".join(re.escape(phrase) for phrase, _ in table) or "(?!)")



# After an unqualified measure's phrase, characters that make it part of a longer word: 总分 + 馆 (总分馆).
_WORD_GOES_ON = re.compile(r"[馆店行社院校站所厂场队部处室局中支]")

class Words:
    """Words in a fixed order, filed by their first character: which of them a text may hold is a
    dictionary lookup per distinct character of the text, not a search per word."""

    def __init__(self, words):
        self.words = tuple(words)
        self._by_first: dict[str, list[int]] = {}
        for n, word in enumerate(self.words):
            self._by_first.setdefault(word[:1], []).append(n)

    def candidates(self, text: str) -> list[int]:
        """The positions, in order, of the words whose first character is in ``text``: every word in
        it is among them (the empty word always is)."""
        found = list(self._by_first.get("", ()))
        for ch in set(text):
            found.extend(self._by_first.get(ch, ()))
        found.sort()
        return found

    def remove(self, text: str, replacement: str = "") -> str:
        """``text`` with each word replaced in turn, as a loop over all of them would: a word whose first
        character is not in the text cannot come to be in it when words are only taken out."""
        for n in self.candidates(text):
            text = text.replace(self.words[n], replacement)
        return text


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    measures: tuple[tuple[str, str], ...]  # (phrase, key), longest phrase first
    scopes: tuple[tuple[str, str], ...]
    filler: tuple[str, ...]
    negative: tuple[str, ...]
    periods: tuple[tuple[str, str], ...]
    copulas: tuple[str, ...]

    def concept_of(self, label: str) -> tuple[str | None, bool]:
        cache = _CONCEPTS.setdefault(id(self), {})
        if label not in cache:
            cache[label] = self._concept_of(label)
        return cache[label]

    def _concept_of(self, label: str) -> tuple[str | None, bool]:
        """The canonical concept a label names, and whether it names a decrease (调减).

        A label names a concept only when, after the measure phrase, the scope words and the filler
        words are taken out, nothing is left: any other qualifier makes it a different quantity.
        """
        text = strip_years(fold(label))
        # 上年结转 is this year's money brought in (a measure of its own), not a 结转 of last year
        kept = [p for p in self.raw.get("period_exceptions", ()) if p in text]
        for n, phrase in enumerate(kept):
            text = text.replace(phrase, f"\x02{n}\x02")
        for phrase, _ in self.periods:  # when, not what: 上年执行数 is an 执行数 (of another year)
            text = text.replace(phrase, "")
        for n, phrase in enumerate(kept):
            text = text.replace(f"\x02{n}\x02", phrase)
        for word in self.raw.get("subject_words", ()):
            text = text.replace(word, "")
        concept, negative = self._resolve(label, text)
        if concept is None and any(phrase in text for phrase, _ in self.scopes):
            # A scope may share words with the measure's longest wording: 基本支出执行率 is 基本支出 +
            # 执行率, not 基本 + 支出执行率. Taking the scopes out first reads it so.
            concept, negative = self._resolve(label, text, scopes_first=True)
        if concept is None and (spent := _YEAR_PART_SPENT.fullmatch(text)):
            # "全年项目支出485.70万元": the year's spending of that part (项目支出 alone may be its budget)
            scope = next((key for phrase, key in self.scopes if phrase == spent.group(1) + "支出"), None)
            if scope is not None:
                return f"{scope}.executed", False
        if concept is None:
            whole = self._whole_change(label, text)
            if whole is not None:
                return whole
        return concept, negative

    def _whole_change(self, label: str, text: str) -> tuple[str, bool] | None:
        """A change told with its sources or its cause, which is still the whole change: funds named "and
        others" (省级车购税农村公路补助资金等调增) or a cause before it (因部分项目取消调减预算)."""
        head, sep, tail = text.rpartition("等")
        candidates = [tail] if sep and head and tail else []
        if sep and head and tail in ("", "经费", "资金", "专项资金", "补助资金", "款项"):
            # the change first, then its sources and 等: "年度执行中追加中央林业草原生态保护恢复资金等"
            opening = _WHEN_OPENING.sub("", head)
            candidates += [phrase for phrase, _ in self.measures if opening.startswith(phrase) and len(opening) > len(phrase)]
        if _WHEN_OPENING.sub("", text).startswith(_CAUSES):  # ("年中根据县财政压减…要求调减")
            candidates += [phrase for phrase, _ in self.measures if text.endswith(phrase) and len(text) > len(phrase)]
        for rest in candidates:
            concept, negative = self._resolve(label, rest)
            if concept in self.raw.get("summarised_measures", ()):
                return concept, negative
        return None

    def _resolve(self, label: str, text: str, scopes_first: bool = False) -> tuple[str | None, bool]:
        scopes = []
        if scopes_first:
            # the scope taken out closes the gap it leaves: 调整后项目支出预算 is 项目支出 + 调整后预算
            for phrase, key in self.scopes:
                if phrase in text:
                    scopes.append(key)
                    text = text.replace(phrase, "")
        measure = None
        for n in self._measure_words.candidates(text):
            phrase, key = self.measures[n]
            i = text.rfind(phrase)
            if i >= 0:
                measure = key
                text = text[:i] + "\x00" + text[i + len(phrase):]
                # overlapping wordings of the same measure (结余结转资金: 结余结转 + 结转资金) go too
                for other in self._wordings[key]:
                    text = text.replace(other, "\x00")
                break
        if measure is None:
            return None, False
        if measure in self.raw.get("unqualified_measures", ()):
            # …whatever else the label says, unless the phrase was the start of a longer word (总分馆: a
            # central library and its branches, no total score)
            if _WORD_GOES_ON.match(text, text.find("\x00") + 1):
                return None, False
            if any(self.measures[n][0] in text and self.measures[n][1] not in ("score", measure)
                   for n in self._measure_words.candidates(text)):
                return None, False  # "总分/权重": the total's weight, another measure named beside it
            return measure, False
        negative = any(p in label for p in self.negative)
        scoped = measure in self.raw.get("scoped_measures", ())
        if not scoped:
            scopes = []
        for phrase, key in self.scopes:
            if phrase in text:
                if scoped:  # a score of 该项目 is just the score: scopes qualify budget measures only
                    scopes.append(key)
                text = text.replace(phrase, "\x00")
        text = self.without_filler(text)
        rest = re.sub(r"[\x00\s,.、:()()\"“”'‘’]+", "", text)
        if rest:
            return None, negative
        if len(set(scopes)) > 1:
            return None, negative
        concept = f"{scopes[0]}.{measure}" if scopes else measure
        return concept, negative

    def measure_of(self, label: str) -> str | None:
        """The measure a label speaks of, qualified or not (``驻社区项目预算金额`` → adjusted_budget)."""
        text = fold(label)
        if not self._any_measure.search(text):
            return None
        for phrase, key in self.measures:
            if phrase in text:
                return key
        return None

    def scope_splits(self, scope: str) -> list[frozenset[str]]:
        """The ways ``scope`` (``department`` for the whole) splits into scopes, each split whole."""
        return [frozenset(split) for split in self.raw.get("scope_splits", {}).get(scope, ())]

    def fits(self, concept: str | None, dimension: str) -> bool:
        """Whether a figure of this dimension can be the concept (a count is never a budget)."""
        if concept is None:
            return True
        allowed = self.raw.get("measure_dimensions", {}).get(concept.rsplit(".", 1)[-1])
        return allowed is None or dimension in allowed

    # One pattern per table that finds whether any of its phrases is in a text at all: most texts hold
    # none, and one search costs less than a test per phrase (which phrase wins is still the table's
    # order's choice).
    @cached_property
    def _measure_words(self) -> Words:
        return Words(phrase for phrase, _ in self.measures)

    @cached_property
    def _wordings(self) -> dict[str, tuple[str, ...]]:
        """Each measure's phrases, in the table's order."""
        out: dict[str, list[str]] = {}
        for phrase, key in self.measures:
            out.setdefault(key, []).append(phrase)
        return {key: tuple(phrases) for key, phrases in out.items()}

    @cached_property
    def _filler_words(self) -> Words:
        return Words(self.filler)

    def without_filler(self, text: str) -> str:
        """``text`` with the filler words (generic words, the unit's names for itself) taken out."""
        return self._filler_words.remove(text)

    def scope_only(self, label: str) -> bool:
        """Whether a label names only a part of the budget (其中：基本支出, 项目支出, 人员经费) and no measure of it."""
        text = re.sub(r"^\s*其中\s*[:：]?", "", fold(label))
        for phrase, _ in self.scopes:
            text = text.replace(phrase, "")
        return bool(label.strip()) and not self.without_filler(text).strip(" ,，:：、()（）")

    def scope_named(self, label: str) -> str | None:
        """The part of the budget a label names alone (项目资金, 其中：基本支出 → its key), or None."""
        if not self.scope_only(label):
            return None
        folded = fold(label)
        return next((key for phrase, key in self.scopes if phrase in folded), None)

    @cached_property
    def _any_measure(self) -> re.Pattern:
        return _any_phrase(self.measures)

    @cached_property
    def _any_period(self) -> re.Pattern:
        return _any_phrase(self.periods)

    @cached_property
    def _period_exceptions(self) -> tuple[str, ...]:
        return tuple(fold(phrase) for phrase in self.raw.get("period_exceptions", ()))

    @cached_property
    def _any_period_exception(self) -> re.Pattern:
        return _any_phrase(tuple((phrase, "") for phrase in self._period_exceptions))

    def period_of(self, text: str) -> str | None:
        text = fold(text)
        if self._any_period_exception.search(text):
            for phrase in self._period_exceptions:
                text = text.replace(phrase, "")
        if not self._any_period.search(text):
            return None
        for phrase, key in self.periods:
            if phrase in text:
                return key
        return None

    def strip_copulas(self, text: str) -> str:
        changed = True
        while changed and text:
            changed = False
            for word in self.copulas:
                if word and text.endswith(word):
                    text = text[: -len(word)].rstrip()
                    changed = True
        return text


_CONCEPTS: dict[int, dict[str, tuple[str | None, bool]]] = {}  # per lexicon: labels repeat a lot


@cache
def lexicon() -> Lexicon:
    raw = load_yaml(_LEXICON_FILE)
    measures = [(p, key) for key, phrases in raw["measures"].items() for p in _longest_first(phrases)]
    measures.sort(key=lambda item: (-len(item[0]), item[0]))
    scopes = [(p, key) for key, phrases in raw["scopes"].items() for p in _longest_first(phrases)]
    scopes.sort(key=lambda item: (-len(item[0]), item[0]))
    periods = [(p, key) for key, phrases in raw["periods"].items() for p in _longest_first(phrases)]
    periods.sort(key=lambda item: (-len(item[0]), item[0]))
    return Lexicon(
        raw=raw,
        measures=tuple(measures),
        scopes=tuple(scopes),
        filler=tuple(_longest_first(raw["filler"] + raw["self_names"] + raw["self_subjects"])),
        negative=tuple(fold(p) for p in raw["negative_phrases"]),
        periods=tuple(periods),
        copulas=tuple(_longest_first(raw["copulas"])),
    )


@cache
def weight_in_brackets(closed: bool = True) -> str:
    """A weight written in brackets after a title or a name, as a pattern for normalised text:
    ``(15分)``, ``(权重15分)``, ``(分值:15分)``, ``(10分,扣分制)`` — the number in group ``weight``; with ``closed`` false
    the closing bracket may be missing (a text cut right after the figure)."""
    cues = "|".join(re.escape(fold(w)) for w in _longest_first(lexicon().raw["indicators"]["fields"]["weight"]))
    # (and how it is scored after it: "(10分,扣分制)", "(权重10分,采用扣分法)")
    method = r"(?:[,;]\s*(?:采用|实行|按)?扣分(?:制|法)(?:评分)?\s*)?"
    return rf"\(\s*(?:(?:{cues})\s*[:为]?\s*)?(?P<weight>\d+(?:\.\d+)?)\s*分?\s*{method}\){'' if closed else '?'}"


_BRACKETED = re.compile(r"\([^()]*\)")


def names_execution_rate(name: str) -> bool:
    """Whether a name is the department's budget execution rate (预算执行率, and 预算执行率（10×96.92%） with its
    formula in brackets), not a project's or a part's (项目支出预算执行率, 政府采购执行率)."""
    return lexicon().concept_of(_BRACKETED.sub("", re.sub(r"\s+", "", fold(name))))[0] == "execution_rate"


def strip_years(text: str) -> str:
    return _YEAR.sub("", text)


# Bigrams that say nothing about what is measured.
_STOP_BIGRAMS = frozenset({"本次", "评价", "该指", "指标", "本年", "年度", "全年", "其中", "单位", "我单", "部门"})


@cache
def _label_words() -> tuple[tuple[tuple[str, str], ...], Words]:
    """The label synonyms and the generic words, longest first (as ``sorted`` left ties: in file order)."""
    raw = lexicon().raw["labels"]
    synonyms = tuple(sorted(raw["synonyms"].items(), key=lambda kv: -len(kv[0])))
    return synonyms, Words(sorted(raw["generic"], key=len, reverse=True))


@lru_cache(maxsize=65536)
def normalized_label(label: str) -> str:
    """A label reduced to its content: synonyms folded, generic words, years and punctuation dropped."""
    synonyms, generic = _label_words()
    text = strip_years(fold(label))
    for word, replacement in synonyms:
        text = text.replace(word, replacement)
    text = generic.remove(text)
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isalnum())


@lru_cache(maxsize=65536)
def key_terms(label: str) -> frozenset[str]:
    """Content bigrams of a label's normalised form: how checks tell that two differently worded
    labels overlap (慰问贫困人员户数 / 走访慰问…困难家庭) and that two similar ones do not."""
    grams = set()
    for run in _CJK_RUN.findall(normalized_label(label)):
        for i in range(len(run) - 1):
            gram = run[i:i + 2]
            if gram not in _STOP_BIGRAMS:
                grams.add(gram)
        if len(run) == 1:
            grams.add(run)
    return frozenset(grams)
