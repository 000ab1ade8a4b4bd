"""Performance indicators, from narrative sections (``（一）指标一：…``) and from 自评表 rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from ..model import BlockKind, Document
from ..model.normalize import fold
from ..model.sections import numbering_of
from .facts import Figure, Indicator, TextField
from .figures import is_formula_term, sentence_start, stated_year
from .lexicon import lexicon, names_execution_rate, weight_in_brackets
from .numerals import whole_number
from .tables import Table, is_total_row_label

_CLAUSE_END = re.compile(r"[,，。;；!?！？\n]")
_NAME_END = re.compile(r"[:：,，。;；]")
_TEXT_FIELDS = ("reason", "measure")
# Where a reason or a measure stops: the next field's cue.
_TEXT_STOPS = ("reason", "measure", "weight", "score")


@dataclass(frozen=True)
class _Cue:
    field: str
    start: int
    end: int


@cache
def _cue_table() -> tuple[tuple[str, str], ...]:
    fields = lexicon().raw["indicators"]["fields"]
    cues = [(fold(p), key) for key, phrases in fields.items() for p in phrases]
    return tuple(sorted(cues, key=lambda c: len(c[0]), reverse=True))


@cache
def _cue_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """Cues that a fixed phrase cannot state: ``实际覆盖263所`` (实际 and a verb, then the figure),
    ``得8.4分`` (得 right before a score)."""
    patterns = lexicon().raw["indicators"].get("patterns") or {}
    return tuple((re.compile(p), key) for key, ps in patterns.items() for p in ps)


_REACHED = re.compile(r"(?:达到|达|完成|实现|超过|超出|低于|高于|接近)$")
_WEIGHT_AND_SCORE = re.compile(r"(?:分值|权重|满分)\s*[/／]\s*(?:自评)?得分(?P<label>)\s*[:：]?\s*[\d.]+\s*(?:分)?\s*(?P<slash>[/／])\s*(?=[\d.])")


@lru_cache(maxsize=2048)  # the same paragraph is looked at for its sentences, its name and its fields
def _find_cues(text: str) -> tuple[_Cue, ...]:
    """Every field cue in the text, longest match at each place, no overlaps; the fixed phrases
    first, then the patterns where no phrase was found."""
    taken = bytearray(len(text))
    cues: list[_Cue] = []
    for m in _WEIGHT_AND_SCORE.finditer(text):
        # "分值/得分：10/9.5": the weight's figure before the slash, the score's after it
        cues += [_Cue("weight", m.start(), m.end("label")), _Cue("score", m.start("slash"), m.end("slash"))]
        taken[m.start():m.end("label")] = b"\x01" * (m.end("label") - m.start())
        taken[m.start("slash"):m.end("slash")] = b"\x01"
    for phrase, key in _cue_table():
        i = text.find(phrase)
        while i >= 0:
            if key == "target" and _REACHED.search(text, max(0, i - 3), i):
                pass  # "未达到年度目标": a statement about the target, not the field that states it
            elif not any(taken[i:i + len(phrase)]):
                cues.append(_Cue(key, i, i + len(phrase)))
                taken[i:i + len(phrase)] = b"\x01" * len(phrase)
            i = text.find(phrase, i + 1)
    for pattern, key in _cue_patterns():
        for m in pattern.finditer(text):
            if m.end() > m.start() and not any(taken[m.start():m.end()]):
                cues.append(_Cue(key, m.start(), m.end()))
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    cues.sort(key=lambda c: c.start)
    return tuple(cues)


def heading_pattern() -> re.Pattern:
    return re.compile(lexicon().raw["indicators"]["heading"])


def _first_line_name(doc: Document, block, pattern: re.Pattern) -> str | None:
    """"【指标1】信访事项按期受理率" on the first line of a record whose fields follow one a line: the name."""
    if len(block.spans) < 2:
        return None
    line = doc.text[block.spans[0].start:block.spans[0].end].strip()
    m = pattern.match(line)
    name = line[m.end():].strip(" :：") if m else ""
    return name if 2 <= len(name) <= 40 and not re.search(r"[:：;；,，。]", name) else None


def narrative_indicators(doc: Document, figures_by_segment: dict[int, list[Figure]]) -> list[Indicator]:
    """Indicators written as sections (a heading naming 指标N, then its paragraphs), and indicators
    written inline elsewhere (``1.数量指标：年度指标值≥500户，实际完成值520户，完成率104%…``)."""
    pattern = heading_pattern()
    segments = doc.normalized.segments
    block_segment = {b: i for i, seg in enumerate(segments) for b in seg.blocks}
    indicators: list[Indicator] = []
    covered: set[int] = set()
    blocks = doc.blocks
    for n, block in enumerate(blocks):
        if block.kind == BlockKind.TABLE_CELL or block.index not in block_segment:
            continue
        own = block_segment[block.index]
        heading_text = segments[own].text
        m = pattern.match(heading_text)
        if not m:
            continue
        heading_name = heading_text[m.end():].strip(" :：")
        body: list[int] = []
        if block.kind != BlockKind.HEADING:
            # "指标三：义务教育巩固率：预期指标值…" in a paragraph of its own: the indicator is that paragraph
            if not _has_indicator_cues(heading_text):
                continue
            body, heading_name = [own], _first_line_name(doc, block, pattern)
        else:
            for following in blocks[n + 1:]:
                if following.kind == BlockKind.HEADING:
                    break
                seg = block_segment.get(following.index)
                if seg is not None and _CLASS_TITLE.match(segments[seg].text):
                    break  # "【效益指标】分值30分，得分29.61分": the next class's own line
                if seg is not None and seg not in body and segments[seg].kind != BlockKind.TABLE_CELL:
                    body.append(seg)
        if not body:
            continue
        number = re.search(r"指标[一二三四五六七八九十百\d]+", heading_text)
        ranges = [(i, 0, len(segments[i].text)) for i in body]
        indicator = _from_ranges(doc, ranges, figures_by_segment, heading_name or None)
        if indicator is None:
            continue
        covered.update(body)
        indicator.number = number.group() if number else None
        if number and indicator.name and indicator.name.startswith(number.group()) \
                and len(indicator.name) > len(number.group()):
            indicator.name = indicator.name[len(number.group()):].lstrip(" :：.、")  # "指标1 预算执行率|分值10|…"
        indicator.section = block.section_path
        indicators.append(indicator)
    for index, seg in enumerate(segments):
        if index in covered or seg.kind == BlockKind.TABLE_CELL:
            continue
        inline = _inline_ranges(seg.text)
        for n, (lo, hi) in enumerate(inline):
            ranges = [(index, lo, hi)]
            if n == len(inline) - 1:
                # "偏差原因：…" and "改进措施：…" in paragraphs of their own right after the indicator's
                ranges += _text_field_paragraphs(doc, index, covered)
            indicator = _from_ranges(doc, ranges, figures_by_segment, None)
            if indicator is not None and (_SUMMARY_NAME.search(indicator.name or "") or _SEVERAL.search(seg.text, lo, hi)):
                continue  # "全年设定的8项绩效指标中，6项达到…，完成率分别为97.90%和92.00%": all of them, no one
            if indicator is not None:
                covered.update(r[0] for r in ranges[1:])
                indicator.section = doc.blocks[seg.blocks[0]].section_path
                if lo == 0 and _not_a_name(indicator.name) and (titled := _heading_title(doc, seg)):
                    # "（一）65岁以上老年人健康管理率" as a heading, then "年初设定目标值为不低于70%，…"
                    indicator.name = titled
                lead = _LEADING_NUMBER.match(seg.text, lo)
                if lead and (lead.group(1) or lead.group(2) or lead.group(3)):
                    indicator.number = lead.group(1) or lead.group(2) or lead.group(3)
                indicators.append(indicator)
    for indicator in indicators:
        _rate_named_as_completion(doc, indicator)
    return indicators


# The share of the target reached, named so: "完成年度目标的101.05%"
_SHARE_OF_TARGET = re.compile(r"(?:完成|为|达到|占)(?:年度|全年)?目标(?:值)?的\s*$")


def _rate_named_as_completion(doc: Document, ind: Indicator) -> None:
    """An indicator that measures a rate named like a completion (重点工作任务完成率): "全年完成率96.0%，完成年度
    目标的101.05%" gives its value, then its completion."""
    if ind.actual is not None or ind.completion is None or not (ind.name or "").endswith("率"):
        return
    segments = doc.normalized.segments
    later = [f for f in ind.figures if f.quantity.dimension == "percent" and f.start > ind.completion.end
             and f.segment == ind.completion.segment
             and _SHARE_OF_TARGET.search(segments[f.segment].text, max(0, f.quantity.start - 12), f.quantity.start)]
    if later:
        ind.actual, ind.completion = ind.completion, later[0]


# a sentence about the indicators as a whole, not one of them; a scoring rule's formula (正向指标得分=分值×
# 实际值÷目标值); a table's header row read as text (…自评表一级指标二级指标…)
_SUMMARY_NAME = re.compile(r"\d+\s*项[^,，。;；]{0,6}指标|(?:各项|所有|全部|全年设定的)[^,，。;；]{0,6}指标|[=＝×÷]"
                           r"|一级指标\s*二")


# a remark about several indicators at once: "新增馆藏、阅读活动参与人次等指标完成率超过115%", "…完成率分别为100.78%和101.29%"
_SEVERAL = re.compile(r"等(?:\d+项)?指标|(?:完成率|完成值|得分)分别为|[两二三四五六七八九十]项(?:指标|补贴)?[^,，。;；]{0,16}均")


def _text_field_paragraphs(doc: Document, index: int, covered: set[int]) -> list[tuple[int, int, int]]:
    """The paragraphs right after segment ``index``, in its section, that open with a reason or a
    measure cue (and hold no other indicator)."""
    segments = doc.normalized.segments
    section = doc.blocks[segments[index].blocks[0]].section
    out = []
    for j in range(index + 1, len(segments)):
        seg = segments[j]
        if j in covered or seg.kind in (BlockKind.TABLE_CELL, BlockKind.HEADING) \
                or doc.blocks[seg.blocks[0]].section != section:
            break
        cues = _find_cues(seg.text)
        if not cues or cues[0].start > 2 or cues[0].field not in _TEXT_FIELDS or _has_indicator_cues(seg.text):
            break
        if sum(c.field == "reason" for c in cues) > 1:
            break  # "偏差原因及改进措施：新建智慧照明控制箱目标60台，…。偏差原因：…": a list of reasons, each its own
        out.append((j, 0, len(seg.text)))
    return out


def heading_reasons(doc: Document, indicators: list[Indicator]) -> None:
    """"（一）新建空气质量自动监测站未达目标", then "偏差原因：…" and "改进措施：…" in paragraphs of their
    own: the reason and the measure of the one indicator the heading names, when it has none."""
    segments = doc.normalized.segments
    names = {}
    for ind in indicators:
        names.setdefault(re.sub(r"\s+", "", ind.name or ""), []).append(ind)
    numbered = {}
    for ind in indicators:
        if ind.source == "narrative" and (n := _ordinal(ind.number)) is not None:
            numbered.setdefault(n, []).append(ind)
    for seg in segments:
        if seg.kind in (BlockKind.TABLE_CELL, BlockKind.HEADING):
            continue
        cues = _find_cues(seg.text)
        lead = _NUMBERED_FIELD.match(seg.text)
        owner = numbered.get(_ordinal(lead.group("n") or lead.group("m")), ()) if lead else ()
        if lead and cues and cues[0].start == lead.end() and cues[0].field in _TEXT_FIELDS and len(owner) == 1 \
                and not _has_indicator_cues(seg.text):
            # "指标2偏差原因：受10月上旬强台风影响…" under the records: the field of the indicator so numbered
            _take_text_fields(seg, cues, len(seg.text), owner[0])
            continue
        if not cues or cues[0].start > 2 or cues[0].field not in _TEXT_FIELDS or _has_indicator_cues(seg.text):
            continue
        section = doc.blocks[seg.blocks[0]].section
        title = _bare_title(section[-1]) if section else ""
        named = _named_by(names, title)
        if named is None:
            continue
        _take_text_fields(seg, cues, len(seg.text), named)
    _listed_reasons(doc, names)


# A line giving a numbered indicator's field: "指标2偏差原因：…", "第3项指标的改进措施：…"
_NUMBERED_FIELD = re.compile(r"\s*(?:指标\s*(?P<n>[一二三四五六七八九十\d]{1,3})|第\s*(?P<m>[一二三四五六七八九十\d]{1,3})\s*(?:项|个)?\s*指标)"
                             r"\s*(?:的)?")


def _ordinal(number: str | None) -> int | None:
    """The ordinal in an indicator's number ("指标六", "指标2", "3"), or None."""
    m = re.search(r"[一二三四五六七八九十]{1,3}|\d{1,3}", number or "")
    if not m:
        return None
    return whole_number(m.group())


def _named_by(names: dict[str, list[Indicator]], title: str) -> Indicator | None:
    """The one indicator a title names: its name, or a name of four characters or more that the title
    holds or that holds the title (the title itself four characters or more)."""
    matches = [(name, inds) for name, inds in names.items() if name and len(title) >= 4
               and (name == title or (len(name) >= 4 and (name in title or title in name)))]
    exact = [(name, inds) for name, inds in matches if name == title]
    if len(exact) == 1:
        matches = exact  # (背街小巷提质改造, not 背街小巷提质改造（累计）: the one the title names as it is)
    if len(matches) != 1:
        return None
    inds = matches[0][1]
    # one name in two tables (the indicators' table and the 自评表) is one indicator: its first statement
    # takes the text, ``same_indicators`` gives it to the other
    return inds[0] if len(inds) == 1 or len({ind.table for ind in inds}) == len(inds) else None


# "(2) 领导干部接访下访次数：部分涉及…": an item of a list, naming its indicator before a colon
# The mark an item of a list opens with: (2) 2. 2、 ②
ITEM_MARK = r"(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．]|[①-⑳])"
_NAMED_ITEM = re.compile(rf"\s*{ITEM_MARK}?\s*(?P<name>[^:：,，。;；]{{2,30}}?)\s*"
                         r"(?:[:：]|。(?=\s*(?:偏差原因|原因|未完成原因)))")


def _item_name(text: str, names: dict[str, list[Indicator]], start: int = 0) -> tuple[str, int] | None:
    """The indicator's name an item opens with, and where it ends: before a colon ("(2) 领导干部接访下访次数："),
    or, with no colon, a paragraph opening with an indicator's name of four characters or more, the longest
    that fits ("设置更换交通标志牌全年完成1,462块，…。偏差原因为…")."""
    m = _NAMED_ITEM.match(text, start)
    if m:
        return m.group("name"), m.end()
    fits = [name for name in names if len(name) >= 4 and text.startswith(name, start)]
    if not fits:
        return None
    name = max(fits, key=len)
    return name, start + len(name)


def _listed_reasons(doc: Document, names: dict[str, list[Indicator]]) -> None:
    """A section headed by a field's cue ("（五）偏差原因", "改进措施") that lists items each naming one
    indicator ("(2) 领导干部接访下访次数：…"): each item is that field of the indicator it names, when it
    has none."""
    segments = doc.normalized.segments
    labelled: tuple[tuple, set[str]] = ((), set())  # a paragraph labelling the list below it, in its section
    for seg in segments:
        if seg.kind in (BlockKind.TABLE_CELL, BlockKind.HEADING):
            continue
        section = doc.blocks[seg.blocks[0]].section
        heading_cues = _find_cues(_bare_title(section[-1])) if section else ()
        fields = {c.field for c in heading_cues if c.field in _TEXT_FIELDS}
        if labelled[0] == section:
            fields = fields or labelled[1]
        start = 0
        lead = _NAMED_ITEM.match(seg.text)
        lead_fields = {c.field for c in _find_cues(lead.group("name")) if c.field in _TEXT_FIELDS} if lead else set()
        if lead_fields:
            start = lead.end()  # "偏差说明：设置更换交通标志牌…": the list's label, then its item
            fields = fields or lead_fields
            if not seg.text[start:].strip():  # "偏差原因及改进措施说明：" alone: the items follow
                labelled = (section, lead_fields)
                continue
        item = _item_name(seg.text, names, start)
        if item and (named_field := _find_cues(item[0])) and named_field[0].start == 0:
            continue  # "年度指标值：≥95%；…；偏差原因：…": a record's first field, no indicator's name
        indicator = _named_by(names, re.sub(r"\s+", "", item[0])) if item else None
        if indicator is None:
            continue
        name_end = item[1]
        # "1.新建省级以上创新平台数：完成2个，未达到目标。偏差原因：…。改进措施：…": the item names its indicator
        # and opens its fields itself (outside a section of reasons, not a whole indicator's statement)
        cues = [c for c in _find_cues(seg.text) if c.start >= name_end]
        own = [c for c in cues if c.field in _TEXT_FIELDS]
        if own and not fields and _has_indicator_cues(seg.text[name_end:cues[0].start]):
            continue
        if len(fields) == 1 and not any(c.field in fields for c in own):
            # under a list of reasons, "（3）辅助器具适配件数：部分辅具到货延迟…。改进措施：…": the item's text
            # up to its first field of its own is the list's field
            field = next(iter(fields))
            stop = own[0].start if own else len(seg.text)
            text = seg.text[name_end:stop].strip().rstrip(" ,，;；、。.")
            if getattr(indicator, field) is None and not _placeholder(text):
                lo = name_end + (len(seg.text[name_end:]) - len(seg.text[name_end:].lstrip()))
                s, e = seg.original_range(lo, lo + len(text))
                setattr(indicator, field, TextField(text, s, e))
        if own:
            _take_text_fields(seg, cues, len(seg.text), indicator)


def names_the_execution_rate(ind: Indicator) -> bool:
    """Whether the indicator is the department's 预算执行率 (a 自评表's row for it), not a project's or a
    part's rate (项目支出预算执行率, 政府采购执行率): its completion is the rate, its score the execution score."""
    return bool(ind.name) and names_execution_rate(ind.name)


_SHARED_FIELDS = ("comparator", "target", "actual", "completion", "reason", "measure")


def same_indicators(indicators: list[Indicator]) -> None:
    """An indicator named alike in several places — two tables (its targets and actual values in one, its weight
    and score in the 自评表), or the narrative and the 自评表 — is one indicator: each statement takes what it
    does not state from the other (the actual value, the 偏差原因 …), so that its score is checked against its
    completion and its reason is found. Weights and scores stay each statement's own (SC08 compares them)."""
    by_name: dict[str, list[Indicator]] = {}
    for ind in indicators:
        if ind.name:
            by_name.setdefault(re.sub(r"\s+", "", ind.name), []).append(ind)
    # a 自评表 row may shorten the name (就业创业培训 for 退役军人就业创业培训): the one other name it is part of,
    # when both are told once
    alone = [name for name, inds in by_name.items() if len(inds) == 1]
    for name in alone:
        longer = [other for other in alone if other != name and name in other and other in by_name]
        if len(name) >= 4 and name in by_name and len(longer) == 1:
            by_name[longer[0]] = by_name[longer[0]] + by_name.pop(name)
    for twins in by_name.values():
        # (three statements too: the targets and 1—6月 values in a table of 年中监控, the actual values in
        # another, the scores in the 自评表; never two in one table, which are two indicators)
        if len(twins) < 2 or len({(t.source, t.table) for t in twins}) != len(twins):
            continue
        for ind in twins:
            ind.same = [other for other in twins if other is not ind]
            if ind.table is not None and ind.completion is None and _completion_of_another(ind, twins):
                # a 自评表's 完成情况 column giving the completion (93.33%) that the narrative states beside
                # an actual of its own (年末在岗56人): it is the completion, not the actual value
                ind.completion, ind.actual = ind.actual, None
        for name in _SHARED_FIELDS:
            stated = next((getattr(t, name) for t in twins if getattr(t, name) is not None), None)
            for ind in twins:
                if getattr(ind, name) is None:
                    setattr(ind, name, stated)


def _completion_of_another(ind: Indicator, twins: list[Indicator]) -> bool:
    """Whether ``ind``'s actual value is a percentage another statement of it gives as its completion, beside
    another actual value (or states none, its actual being in another unit)."""
    actual = ind.actual
    return actual is not None and actual.quantity.dimension == "percent" and actual.quantity.unit == "%" and any(
        t is not ind and t.actual is not None and t.actual.quantity.value != actual.quantity.value
        and (t.completion.quantity.value == actual.quantity.value if t.completion is not None
             else t.actual.quantity.unit != actual.quantity.unit)  # (0.012‰ told, 100.00% in the table)
        for t in twins)


def _take_text_fields(seg, cues, hi: int, indicator: Indicator) -> list[tuple[int, int]]:
    """Give ``indicator`` each reason or measure a cue opens (one it has not got yet), running to the next
    field cue that stops it or to ``hi``; the (start, stop) spans taken, in normalised text."""
    spans = []
    for k, cue in enumerate(cues):
        if cue.field not in _TEXT_FIELDS or getattr(indicator, cue.field) is not None:
            continue
        start = cue.end
        while start < hi and seg.text[start] in ":：为是 ":
            start += 1
        stop = next((c.start for c in cues[k + 1:] if c.field in _TEXT_STOPS and c.start >= start), hi)
        text = seg.text[start:stop].rstrip(" ,，;；、")
        if not _placeholder(text):
            s, e = seg.original_range(start, start + len(text))
            setattr(indicator, cue.field, TextField(text.strip(), s, e))
            spans.append((start, stop))
    return spans


def _not_a_name(name: str) -> bool:
    """A "name" that is really the first field (``年初设定目标值为不低于70%``)."""
    return not name or bool(re.search(r"\d|不低于|不少于|不高于|不超过|[≥≤<>=]", name)) or bool(_find_cues(name))


# Headings that name a part of the report, not one indicator.
_SECTION_WORDS = re.compile(r"情况|分析|指标|绩效|目标|评价|结论|问题|措施|建议|说明|概况|完成")


# "（一）新建空气质量自动监测站未达目标": a heading over one indicator's 偏差原因, by what went wrong
_SHORT_OF_TARGET = re.compile(r"(?:指标)?(?:未达(?:到)?(?:年度)?(?:目标|预期|标)(?:值)?|未(?:全部)?完成|未达成|偏差(?:较大)?)$")


def _bare_title(heading: str) -> str:
    """A heading's title without its numbering and without 未达目标 (what went wrong with what it names)."""
    numbering = numbering_of(heading)
    return _SHORT_OF_TARGET.sub("", numbering.rest if numbering else heading)


def _heading_title(doc: Document, seg) -> str | None:
    """The title of the heading right before this paragraph, when it names one thing (an indicator),
    without its numbering; None when there is none or it heads a part of the report."""
    first = seg.blocks[0]
    if first == 0 or doc.blocks[first - 1].kind != BlockKind.HEADING or not doc.blocks[first].section:
        return None
    title = _bare_title(doc.blocks[first].section[-1])
    if not title or len(title) > 30 or _SECTION_WORDS.search(title) and not title.endswith(("率", "数", "度", "量")):
        return None
    return title


_FIGURE_FIELDS = ("target", "actual", "completion")
_CATEGORY = re.compile(r"^.{0,6}指标$")
_SUB_NUMBER = re.compile(r"\s*(?:[(（]\s*\d{1,2}\s*[)）]|[①-⑳])\s*")
# "指标名称：困难群众救助人数": the label of the name field, the name after it
_NAME_LABEL = re.compile(r"^(?:[一二三]级)?指标(?:名称|内容)$")
_NAME_PREFIX = re.compile(
    r"\s*[•●◆◇▪■□·\-*]?\s*(?:【[^】]{1,12}】|\[[^\]]{1,12}\])?\s*(?:[^\s:：,，。]{0,6}指标\s*(?:——|—|--|－|-)\s*)?")
# full marks stated without their number
_FULL_MARKS = re.compile(r"(?:得|获得|获|评为|给予|自评得分为?)\s*满分(?!\s*(?:为|是|:)?\s*\d|值)")
_NAME_DASH = re.compile(r"\s*(?:——|—|--|－|-|―)+\s*")
_SENTENCE = re.compile(r"[^。;；]*[。;；]?")
# no "^": matched with .match(text, pos) at each list item, not only at the paragraph's start
_LEADING_NUMBER = re.compile(r"\s*(?:\(?([一二三四五六七八九十\d]{1,3})[)、.．]|([①-⑳])|([一二三四五六七八九十]{1,3})是)\s*")


# The clause of an actual value stated without a cue: "全年实际支出9.6万元" of a cost indicator.
# (or how it was measured: "入户问卷调查满意度93.5%", "经第三方测评…")
_ACTUAL_CLAUSE = re.compile(r"实际|全年|累计|共|完成|达到|实现|支出|发放|支付|使用|发生|调查|测评|问卷|统计|监测|抽检"
                            r"|较\S{0,8}(?:增长|提高|上升|下降|降低|减少)")  # (a change: "较2024年增长6.2%")
_PART_CLAUSE = re.compile(r"其中|包括|含|计划|目标|预期|上年|年中")
_MEASURED = re.compile(r"抽检|抽查|调查|测评|问卷|监测|统计|核查|测产|验收|检测")


def _uncued_actual(doc: Document, indicator: Indicator) -> Figure | None:
    """The one figure between the target and the completion rate, in the target's unit, in a clause
    that states what was done (实际, 全年, 支出 …): the actual value, written without a cue."""
    target, completion = indicator.target, indicator.completion
    taken = {id(getattr(indicator, f)) for f in ("target", "midyear", "completion", "weight", "score")
             if getattr(indicator, f) is not None}
    segments = doc.normalized.segments
    found = []
    for fig in indicator.figures:
        if id(fig) in taken or fig.start <= target.start or (completion is not None and fig.start >= completion.start):
            continue
        if fig.quantity.base_unit != target.quantity.base_unit or fig.quantity.comparator or fig.period:
            continue
        text = segments[fig.segment].text
        clause = text[max((m.end() for m in _CLAUSE_END.finditer(text, 0, fig.quantity.start)), default=0):fig.quantity.start]
        # (or how it was measured, said between the target and it: "目标值=100%，经市级抽检，…合格率均为100%")
        measured = fig.segment == target.segment and _MEASURED.search(text, target.quantity.end, fig.quantity.start)
        if (_ACTUAL_CLAUSE.search(clause) or _names_its_measure(clause, indicator.name) or measured) \
                and not _PART_CLAUSE.search(clause):
            found.append(fig)
    if not found and completion is not None:
        found = _done_before_target(segments, indicator, taken)
    return found[0] if len(found) == 1 else None


def _names_its_measure(clause: str, name: str | None) -> bool:
    """Whether the clause names what the indicator measures by its last words ("秋季学期在校学生1,286人" of
    在校学生数, "按期完工率96.15%" of 工程按期完工率, "满意度95.1%" of 沿线群众满意度)."""
    measure = re.sub(r"(?:人数|次数|户数|个数|数量|数)$", "", name or "")
    return len(measure) >= 3 and measure[-3:] in clause


def _done_before_target(segments, indicator: Indicator, taken: set[int]) -> list[Figure]:
    """"开展…活动186场，年度目标200场，完成率93.00%": what was done, stated first in the target's
    sentence and unit, with the target and the rate after it."""
    target = indicator.target
    text = segments[target.segment].text
    start = sentence_start(text, target.quantity.start)
    before = [f for f in indicator.figures
              if f.segment == target.segment and id(f) not in taken and f.start < target.start
              and f.quantity.start >= start and f.quantity.base_unit == target.quantity.base_unit
              and not f.quantity.comparator and not f.period
              and not f.quantity.approx]  # "4,850人次，近5,000人次": the round figure restates the exact one
    if not before:
        return []
    fig = before[-1]
    clause = text[max((m.end() for m in _CLAUSE_END.finditer(text, 0, fig.quantity.start)), default=0):fig.quantity.start]
    return [] if _PART_CLAUSE.search(clause) else [fig]


@cache
def _name_weight() -> re.Pattern:
    return re.compile(r"\s*" + weight_in_brackets() + r"\s*$")


def _before_target_cue(name: str) -> str:
    """``name`` without the target's cue that ends it (``困难群众救助人数年度指标值`` before a colon)."""
    for cue in _find_cues(name):
        if cue.field == "target" and cue.start >= 2 and cue.end == len(name):
            return name[:cue.start]
    return name


def _has_indicator_cues(text: str) -> bool:
    """A target with an actual value or a completion — or with the points it weighs, when its actual value is
    told without a cue ("9. 森林火灾受害率（分值8分）：目标控制在0.9‰以内，全年实际受害率0.012‰，目标达成")."""
    fields = {c.field for c in _value_cues(_find_cues(text))}
    return "target" in fields and bool(fields & {"actual", "completion", "weight"})


def _value_cues(cues: Sequence[_Cue]) -> list[_Cue]:
    """The cues outside reasons and measures: a reason runs to the next field cue that stops it, and a
    cue inside it (``偏差原因：年初目标按全省平均比例测算``) names no value."""
    kept, inside = [], False
    for cue in cues:
        if cue.field in _TEXT_FIELDS:
            inside = True
        elif inside and cue.field in _TEXT_STOPS:
            inside = False
        if not inside:
            kept.append(cue)
    return kept


# A category run in before the first numbered item of a paragraph: "产出方面，一是…", "效益指标：1.…".
_RUN_IN_CATEGORY = re.compile(r"\s*[\u4e00-\u9fff]{2,6}(?:方面|指标)\s*[,，:：]\s*(?=[(（]?[一二三四五六七八九十\d①-⑳])")
# (a service's number may open it: "12345政务服务便民热线工单按时办结率")
_NAME_ONLY = re.compile(r"(?:\d{3,6}(?=[\u4e00-\u9fff]))?[^\d:：,，。;；]{2,30}[。;；]?")
# how a remark ends, not a name: 完成较好, 成效明显, 有所提升
_REMARK_END = re.compile(r"(?:较好|良好|明显|显著|提升|提高|完成|达标|到位|落实|推进|加强|有效|顺利|情况|如下|方面)$")
# a sentence that opens with the target: "年度目标为不少于24场", "目标值≥95%"
_TARGET_OPENS = re.compile(r"\s*(?:年度|全年|预期|年初)?(?:目标|指标)值?(?:为|是|:)?\s*(?:不少于|不低于|不超过|不高于|达到|≥|≤|>|<|=|\d)")


@cache
def _weight_closing() -> re.Pattern:
    """A weight in brackets closing a name's sentence: "（权重10分）。"."""
    return re.compile(r"\s*" + weight_in_brackets() + r"\s*[。;；]?$")


def _is_name_sentence(text: str, lo: int, hi: int, cues: Sequence[_Cue]) -> bool:
    """``1.项目开工及时率。`` before ``年度目标值≥95%…``: a numbered item's name closed by 。 or ；, with
    no figure and no field cue (an unnumbered ``产出指标完成较好。`` is a remark, not a name)."""
    if _NAME_FIELD_AT.match(text, lo, hi) and not _value_cues([c for c in cues if text.startswith(("：", ":"), c.end)]):
        # "…；三级指标：食品安全监督抽检批次；年度指标值：≥4650批次；…": the name's own field, whatever words
        # the name holds (指标名称：居民医保基金收入预算完成率 has 完成率 in it, and no field of it)
        return True
    run_in = _RUN_IN_CATEGORY.match(text, lo, hi)  # "产出方面，一是在校学生数。"
    lead = _LEADING_NUMBER.match(text, run_in.end() if run_in else lo, hi)
    if not (lead and (lead.group(1) or lead.group(2) or lead.group(3))):
        # an unnumbered name opening its paragraph, the next sentence opening with its target: "协税护税宣传活动
        # 场次。年度目标为不少于24场，…" (not a remark: "产出指标完成较好。")
        name = text[lo:hi].rstrip("。;； ")
        return lo == 0 and not cues and 4 <= len(name) <= 24 and bool(_NAME_ONLY.fullmatch(name)) \
            and not _REMARK_END.search(name) and bool(_TARGET_OPENS.match(text, hi))
    raw = text[lead.end():hi]
    # "一是退役军人就业创业培训（权重10分）。": the weight after the name is no field of the sentence
    weighted = _weight_closing().search(raw)
    if weighted:
        cues = [c for c in cues if lo + c.start < lead.end() + weighted.start()]
        raw = raw[:weighted.start()]
    name = raw.strip()
    # (a name ending with the word for a rate it measures: "三是县政府年度重点工作任务完成率。")
    end = len(text[lo:hi].rstrip("。;； "))
    cues = [c for c in cues if not (c.field == "completion" and c.end >= end)]
    return not cues and bool(_NAME_ONLY.fullmatch(name)) and "如下" not in name


_PLANNED_OBJECT = re.compile(r"\s*计划(?:为)?(?P<what>[^,，。;；:：\d]{2,30}?)(?=不低于|不少于|不高于|不超过|≥|≤)")
# What a measure's name ends with: 参保人数, 覆盖率, 清运量, 治理面积, 改造里程 …
_MEASURE_NAME = re.compile(r"[\u4e00-\u9fff]{2,20}(?:数|率|量|度|面积|里程|比例|人次|户数|次数|天数)$")
# a paragraph opening with how its figure was found ("通过入户走访和问卷调查，…"), not with the indicator's name
_METHOD_FIRST = re.compile(r"\s*(?:通过|经过|经|采取|采用|按照|根据|依据|结合)")


def _measure_before_target(text: str, start: int) -> str | None:
    """The name a sentence opens with right before its target's cue ("城乡居民医保参保人数年度目标为…"), when it
    reads as a measure's; None otherwise."""
    cues = _find_cues(text[start:start + 40])
    if not cues or cues[0].field != "target" or cues[0].start < 4:
        return None
    before = text[start:start + cues[0].start]
    return before if _MEASURE_NAME.fullmatch(before) else None


def _names_target(cues: Sequence[_Cue]) -> bool:
    """A sentence that states a target: a target cue not inside a reason or a measure
    (``偏差原因：年初目标按全省平均比例测算…`` explains the target, it states none)."""
    for cue in cues:
        if cue.field in _TEXT_FIELDS:
            return False
        if cue.field == "target":
            return True
    return False


def _inline_ranges(text: str) -> list[tuple[int, int]]:
    """Stretches of a paragraph that each state one indicator: a target and an actual or a rate.

    A new stretch starts at a sentence that names a target, or at the indicator's name written as a
    sentence of its own right before it (``1.项目开工及时率。年度目标值≥95%，…``)."""
    sentences = [(m.start(), m.end(), _find_cues(m.group())) for m in _SENTENCE.finditer(text) if m.group()]
    targets = [_names_target(cues) for _, _, cues in sentences]
    ranges: list[list[int]] = []
    named = False  # the last stretch is only a name so far: the next target sentence continues it
    for k, (lo, hi, cues) in enumerate(sentences):
        if targets[k]:
            if ranges and named:
                ranges[-1][1] = hi
            else:
                ranges.append([lo, hi])
            named = False
        elif k + 1 < len(sentences) and targets[k + 1] \
                and _is_name_sentence(text, lo, hi, cues):
            ranges.append([lo, hi])
            named = True
        elif not ranges:
            ranges.append([lo, hi])
        else:
            ranges[-1][1] = hi
    return [(lo, hi) for lo, hi in ranges if _has_indicator_cues(text[lo:hi])]


def _from_ranges(doc: Document, body: list[tuple[int, int, int]], figures_by_segment,
                 heading_name: str | None) -> Indicator | None:
    """An indicator from stretches of normalised text: (segment, start, end), in order."""
    segments = doc.normalized.segments
    first_index, first_lo, _ = body[0]
    first = segments[first_index]
    # the indicator's name: the heading's own text after 指标N, or the first phrase of its paragraph
    name, name_range = heading_name, None
    weight_at = None  # where a weight written after the name is
    actual_at = None  # where an actual written right after the name is
    if not name and (field := _NAME_FIELD.search(first.text, first_lo)):
        # fields one per line ("一级指标：产出指标 二级指标：质量指标 三级指标：网格事件办结率 年度指标值：…",
        # the lines joined): the name is the 三级指标 field's value
        rest = first.text[field.end():field.end() + 40]
        # (a cue ends the name only where it labels a field after it: 居民医保基金收入预算完成率；年度指标值：…)
        separated = re.search(r"[;；]", rest)
        stops = [c.start for c in _find_cues(rest) if separated is None or c.start >= separated.start()] \
            + [m.start() for m in _FIELD_LABEL.finditer(rest)] + ([separated.start()] if separated else [])
        cut = field.end() + min([*stops, len(rest)])
        if first.text[field.end():cut].strip(" ,，;；"):
            lo = field.end()
            cut = lo + len(first.text[lo:cut].rstrip(" ,，;；"))
            name, name_range = first.text[lo:cut], first.original_range(lo, cut)
    if not name:
        run_in = _RUN_IN_CATEGORY.match(first.text, first_lo)
        lead = _LEADING_NUMBER.match(first.text, run_in.end() if run_in else first_lo)
        lo = lead.end() if lead else first_lo
        m = _NAME_END.search(first.text, lo)
        cut = m.start() if m else min(len(first.text), lo + 30)
        # "1.项目开工及时率——年度目标值≥95%": a dash right before a field cue ends the name
        for dash in _NAME_DASH.finditer(first.text, lo, cut):
            if dash.start() > lo and any(c.start == 0 for c in _find_cues(first.text[dash.end():dash.end() + 16])):
                cut, m = dash.start(), None
                break
        # "质量指标：农产品质量安全抽检合格率，年度指标值…": the category, then the indicator's own name;
        # "指标二：工程验收合格率：年度指标值…": the number, then the name
        # ("…覆盖行政村比例目标不低于90%，实际达到96.5%": the target's cue ends the name)
        target_cue = next((c for c in _find_cues(first.text[lo:cut]) if c.field == "target" and c.start >= 4), None)
        if target_cue is not None and _MEASURE_NAME.fullmatch(first.text[lo:lo + target_cue.start]):
            cut = lo + target_cue.start
        opening = first.text[lo:cut]
        if m and first.text[cut] in ":：":
            # "困难群众救助人数年度指标值：≥3000人" (the name's line ran into the next): the target's cue ends it
            cut = lo + len(_before_target_cue(opening))
        # ("2.质量指标。储备粮质量达标率：目标值=100%…": a category closed by a full stop, then the name)
        if m and cut == m.start() and (first.text[cut] in ":：" or first.text[cut] == "。" and _CATEGORY.match(opening)) \
                and (_CATEGORY.match(opening) or _NAME_LABEL.match(opening) or heading_pattern().fullmatch(opening)):
            after = _NAME_END.search(first.text, m.end())
            candidate = first.text[m.end():after.start() if after else m.end()]
            if after and first.text[after.start()] in ":：":
                candidate = _before_target_cue(candidate)
            # (a name may hold a cue word, 储备粮轮换按时完成率, when its own colon and a field follow it)
            named = after is not None and first.text[after.start()] in ":：" \
                and any(c.start == 0 for c in _find_cues(first.text[after.end():after.end() + 8].lstrip()))
            if candidate and (named or not _find_cues(candidate)) and len(candidate) <= 30:
                lo, cut = m.end(), m.end() + len(candidate)
                if (mark := _SUB_NUMBER.match(first.text, lo, cut)) is not None:
                    lo = mark.end()  # "1.数量指标。（1）县级储备粮库存规模：…"
        # "• 数量指标——培训人次：…": a bullet and the category before a dash are not the name
        prefix = _NAME_PREFIX.match(first.text, lo, cut)
        if prefix and prefix.end() < cut:
            lo = prefix.end()
        # "道路硬化里程（15分）": the weight written after the name is no part of it
        titled = _name_weight().search(first.text, lo, cut)
        if titled and titled.start() > lo:
            weight_at, cut = titled.start("weight"), titled.start()
        # "2.暴雨预警准确率80%，刚好达到年度指标值，完成率100%": the figure that ends the name's clause,
        # with no cue before it, is what was achieved; it is no part of the name
        ending = [f for f in figures_by_segment.get(first_index, [])
                  if f.table is None and lo < f.quantity.start and f.quantity.end <= cut
                  and first.text[f.quantity.end:f.quantity.end + 1] in (",", "，")]
        if ending and not ending[0].quantity.comparator and not ending[0].period \
                and not _find_cues(first.text[lo:ending[0].quantity.start]):
            actual_at = ending[0].quantity.start  # "…就业的比例为63%": the copula goes with the figure
            cut = lo + len(lexicon().strip_copulas(first.text[lo:actual_at]))
        if first.text[cut:cut + 1] == "。" and (measured := _measure_before_target(first.text, cut + 1)):
            # "一是参保扩面任务完成。城乡居民医保参保人数年度目标为不少于31万人，…": a run-in title, then the
            # measure the target is stated for
            lo, cut = cut + 1, cut + 1 + len(measured)
        if _METHOD_FIRST.match(first.text, lo, cut):
            # "通过入户走访和问卷调查，…，群众满意度87.5%，未达到90%的目标值": how it was measured, then the measure
            measured = next((f for f in figures_by_segment.get(first_index, []) if f.table is None
                             and lo < f.quantity.start < len(first.text) and _MEASURE_NAME.fullmatch(f.label)
                             and not _find_cues(f.label)), None)
            if measured is not None:
                lo = first.text.rfind(measured.label, 0, measured.quantity.start)
                cut = lo + len(measured.label)
        name = first.text[lo:cut].strip()
        if name and not name.startswith("该") and not any(c.start == lo for c in _find_cues(first.text[lo:cut])):
            name_range = first.original_range(lo, cut)
        elif name.startswith("该") or any(c.start == 0 for c in _find_cues(name)):
            name = ""
    if not name and (planned := _PLANNED_OBJECT.match(first.text, first_lo)):
        # "计划组织退役士兵适应性培训不少于260人，实际参训236人": what was planned names it
        name, name_range = planned.group("what"), first.original_range(planned.start("what"), planned.end("what"))
    last_index, _, last_hi = body[-1]
    indicator = Indicator(name=name or "", source="narrative",
                          start=first.offsets[first_lo], end=segments[last_index].offsets[last_hi])
    if name_range:
        indicator.name_start, indicator.name_end = name_range
    # text fields first, so figures inside a reason are never taken for the indicator's values
    text_spans: list[tuple[int, int, int]] = []  # (segment, start, end) in normalised text
    for index, lo, hi in body:
        seg = segments[index]
        cues = [c for c in _find_cues(seg.text[:hi]) if c.start >= lo]
        text_spans += [(index, start, stop) for start, stop in _take_text_fields(seg, cues, hi, indicator)]
    for index, lo, hi in body:
        seg = segments[index]
        named = _name_spans(seg.text, indicator.name)
        cues = [c for c in _find_cues(seg.text[:hi]) if c.field not in _TEXT_FIELDS and c.start >= lo
                and not any(s <= c.start and c.end <= e for s, e in named)]
        for fig in figures_by_segment.get(index, []):
            q = fig.quantity
            if not lo <= q.start < hi or fig.table is not None:
                continue
            indicator.figures.append(fig)
            if any(i == index and s <= q.start < e for i, s, e in text_spans):
                continue
            field = _field_for(seg.text, q.start, cues) or _target_named_after(seg.text, q.end, cues)
            if field is None and index == first_index and q.start == weight_at:
                field = "weight"
            if field is None and index == first_index and q.start == actual_at:
                field = "actual"
            if field in ("score", "completion") and is_formula_term(seg.text, q):
                continue  # "得分＝10×80.00%＝8.00分": the terms of the formula, then the score
            if field and getattr(indicator, field) is None and _plausible(field, fig):
                setattr(indicator, field, fig)
    if indicator.actual is None and indicator.target is not None:
        indicator.actual = _uncued_actual(doc, indicator)
    if indicator.score is None and indicator.weight is not None and any(
            _FULL_MARKS.search(segments[index].text, lo, hi) for index, lo, hi in body):
        indicator.score = indicator.weight  # "该指标权重分值为10分，得满分": the score is the weight
    if indicator.target is not None:
        indicator.comparator = indicator.target.quantity.comparator
    has_values = any(getattr(indicator, f) for f in ("target", "actual", "completion", "weight", "score"))
    return indicator if has_values else None


# An indicator written as labelled fields: its name is the 三级指标 (or 指标名称) field's value, up to the next
# field's label.
_NAME_FIELD = re.compile(r"(?:三级指标|指标名称)\s*[:：]\s*")
_FIELD_LABEL = re.compile(r"[一二三四]级指标\s*[:：]|指标类型\s*[:：]")
_NAME_FIELD_AT = re.compile(rf"\s*{ITEM_MARK}?\s*" + _NAME_FIELD.pattern + r"[^:：;；,，。]+[;；,，。]?\s*$")  # a sentence of it alone


def _name_spans(text: str, name: str | None) -> list[tuple[int, int]]:
    """Where the indicator's own name stands in the text: a cue word inside it (应急物资补充完成率,
    培训人次) is part of what is measured, not a field — "本次评价应急物资补充完成率为93.8%" is the actual value."""
    if not name or len(name) < 4:
        return []
    spans = []
    for written in {name, fold(name)}:
        i = text.find(written)
        while i >= 0:
            spans.append((i, i + len(written)))
            i = text.find(written, i + 1)
    return spans


def _field_for(text: str, position: int, cues: Sequence[_Cue]) -> str | None:
    """The field named by the nearest cue before ``position`` in the same clause — except that a
    target cue after an evaluation cue repeats what is measured: ``本次评价指标值为0`` is the actual
    value, while ``本次评价该指标完成率为96%`` is the completion."""
    clause_start = 0
    for m in _CLAUSE_END.finditer(text, 0, position):
        clause_start = m.end()
    in_clause = [c for c in cues if clause_start <= c.start and c.end <= position]
    if not in_clause:
        return None
    nearest = in_clause[-1]
    if nearest.field == "target" and any(c.field == "actual" for c in in_clause[:-1]):
        return "actual"
    return nearest.field


def _target_named_after(text: str, end: int, cues: Sequence[_Cue]) -> str | None:
    """``超过50万的年度目标``: a figure the target's cue names right after it (through 的) is the target."""
    at = end + (text.startswith("的", end))
    return "target" if any(c.field == "target" and c.start == at for c in cues) else None


def _plausible(field: str, fig: Figure) -> bool:
    dim = fig.quantity.dimension
    if field in ("weight", "score"):
        return dim in ("score", "none")
    if field == "completion":
        return dim in ("percent", "none")
    return dim != "score"


# The classes (一级指标) indicators are grouped in.
CLASSES = r"(?:投入|过程|产出|效益|效果|满意度|决策|管理)"
# A line titled by a class of indicators ("【效益指标】分值30分…", "（二）效益指标"): the indicators before it end.
_CLASS_TITLE = re.compile(r"^\s*(?:[【\[]|[(（]?[一二三四五六七八九十]{1,2}[)）、.]?)\s*" + CLASSES + r"(?:类)?"
                          r"指标\s*(?:[】\]]|完成情况|$)")
# A row of a whole class of indicators (产出指标, 效益指标小计): no indicator.
_CATEGORY_ROW = re.compile(r"^" + CLASSES + r"(?:类)?指标(?:小计|合计|得分)?(?:\(\d+分\))?$")
_CATEGORY_COLUMN = re.compile(r"^(?:[一二]级指标|指标(?:类别|类型|大类|分类|层级|维度)|类别$|类型$)")


def _column_key(text: str, cues: list[tuple[str, str]]) -> str | None:
    """What a 自评表 header cell names; 一级指标/二级指标 are categories, not the indicator's name."""
    text = re.sub(r"\s+", "", text)
    if not text or _CATEGORY_COLUMN.match(text):
        return None
    if lexicon().period_of(text) == "previous":
        return None  # "上年完成值": last year's value, not this year's actual
    if text in (exact := lexicon().raw["indicators"].get("columns_exact", {})):
        return exact[text]
    for phrase, key in cues:
        if phrase in text and len(text) <= len(phrase) + 8:
            return key
    return None


def _column_cues() -> list[tuple[str, str]]:
    columns_lexicon = lexicon().raw["indicators"]["columns"]
    return sorted(((fold(p), key) for key, ps in columns_lexicon.items() for p in ps), key=lambda c: -len(c[0]))


def _is_category(text: str) -> bool:
    return bool(_CATEGORY_COLUMN.match(re.sub(r"\s+", "", text)))


def table_header(table: Table, cues: list[tuple[str, str]] | None = None) -> tuple[int, dict[int, str]] | None:
    """The last row of a 自评表's header and what each column holds (column → field key).

    A header may take several rows when Word cells are merged: ``绩效指标`` across three columns over
    ``一级指标 | 二级指标 | 三级指标`` (the other headers merged down). The rows below the first that only
    name columns refine it: the indicator's name is then the 三级指标 column, not the category."""
    cues = cues if cues is not None else _column_cues()
    for r in range(1, table.rows + 1):
        found: dict[int, str] = {}
        for cell in table.row_cells(r):
            key = _column_key(cell.text, cues)
            if key and key in found.values():
                # "2022年完成值 | 2023年指标值 | 2023年实际完成值": the later year's column is this year's
                col = next(c for c, k in found.items() if k == key)
                if (stated_year(cell.text) or 0) > (stated_year(table.cell(r, col).text) or 0):
                    del found[col]
            if key and key not in found.values():
                found[cell.col] = key
        if "name" not in found.values() or len(set(found.values()) - {"name"}) < 1:
            continue
        mapping, last = found, r
        for below in range(r + 1, table.rows + 1):
            cells = [c for c in table.row_cells(below) if c.text.strip()]
            if not cells or any(c.numeric for c in cells):
                break
            keys = {c.col: _column_key(c.text, cues) for c in cells}
            if not all(keys[c.col] or _is_category(c.text) for c in cells):
                break
            refined = {col: key for col, key in mapping.items()
                       if col not in keys and not ("name" in keys.values() and key == "name")}
            refined.update({col: key for col, key in keys.items() if key})
            mapping, last = refined, below
        if "name" in mapping.values():
            return last, mapping
    return None


def table_indicators(doc: Document, tables: list[Table], cell_figures: dict[tuple[int, int, int], list[Figure]]) -> list[Indicator]:
    """Indicators as rows of a 自评表: a header row naming the columns, then one row per indicator."""
    cues = _column_cues()
    indicators: list[Indicator] = []
    explained: list[Indicator] = []  # rows of only a reason and a measure, for the indicators they name
    for table in tables:
        header = table_header(table, cues)
        if header is None:
            continue
        header_row, mapping = header
        name_col = next(c for c, k in mapping.items() if k == "name")
        for r in range(header_row + 1, table.rows + 1):
            name_cell = table.cell(r, name_col)
            if name_cell is None or len(name_cell.text.strip()) < 2 or name_cell.numeric:
                continue  # (a name of one character: "总    分" parted into 总 | 分 by its spaces)
            if is_total_row_label(name_cell.text) or _CATEGORY_ROW.match(fold(re.sub(r"\s+", "", name_cell.text))):
                continue  # (a class's own row, "产出指标 | 50 | 47.00", adds up the indicators of the class)
            block = doc.blocks[name_cell.block]
            ind = Indicator(name=name_cell.text.strip(), source="table", start=block.start, end=block.end,
                            section=block.section_path, name_start=block.start, name_end=block.end,
                            number=str(r - header_row), table=table.number, row=r)
            for col, key in mapping.items():
                if key == "name":
                    continue
                cell = table.cell(r, col)
                if cell is None:
                    continue
                if key == "criteria":  # how the row is scored, no value of it
                    if cell.text.strip():
                        b = doc.blocks[cell.block]
                        ind.rule = TextField(cell.text.strip(), b.start, b.end)
                    continue
                if key in _TEXT_FIELDS:
                    b = doc.blocks[cell.block]
                    for field, (lo, hi), text in _cell_fields(doc.text, b.start, b.end, key, cell.text):
                        if not _placeholder(text) and getattr(ind, field) is None:
                            setattr(ind, field, TextField(text.strip(), lo, hi))
                    continue
                figs = cell_figures.get((table.number, r, col), [])
                if figs:
                    setattr(ind, key, figs[0])
                    ind.figures.extend(figs)
            if ind.target is not None:
                ind.comparator = ind.target.quantity.comparator
            if any(getattr(ind, f) for f in ("target", "actual", "completion", "weight", "score")):
                indicators.append(ind)
            elif ind.reason is not None or ind.measure is not None:
                explained.append(ind)
    _give_row_texts(explained, indicators)
    return indicators


def _give_row_texts(rows: list[Indicator], indicators: list[Indicator]) -> None:
    """A table of reasons alone ("指标 | 偏差原因 | 改进措施"), one row per indicator named: each row's reason and
    measure are those of the indicator it names, in every table that states it, where it has none."""
    if not rows:
        return
    names: dict[str, list[Indicator]] = {}
    for ind in indicators:
        names.setdefault(re.sub(r"\s+", "", ind.name or ""), []).append(ind)
    for row in rows:
        named = _named_by(names, re.sub(r"\s+", "", row.name or ""))
        if named is None:
            continue
        for ind in names[re.sub(r"\s+", "", named.name or "")]:
            for field in _TEXT_FIELDS:
                if getattr(ind, field) is None:
                    setattr(ind, field, getattr(row, field))


_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DerivedCompletion:
    """A completion rate worked out from an indicator's target and actual value (none was written):
    ``rate`` from the figures as written, ``upper`` the highest rate their rounding allows. Both in
    percent, capped at 100."""

    rate: Decimal
    upper: Decimal


# Where a reason's cause ends and its remedies begin, in one field: "…推进难度较大；下一步将加大…宣传",
# "…借阅空间减少。改进措施是科学安排…", "…暂停对接；措施：加强与…沟通协调"
_REMEDY = re.compile(r"[;；。,，]\s*(?:下一步|下步|今后|接下来|(?:改进|整改)措施(?:[:：是为]|如下)?|措施[:：])")


_REMEDY_LABEL = re.compile(r"\s*(?:改进|整改)?措施\s*(?:[:：是为]|如下[:：]?)\s*")


def split_remedy(field: TextField) -> tuple[TextField, TextField | None]:
    """A reason written with its remedies (偏差原因：…。下一步将…) as its cause and its remedies, each
    located in the document; the field itself and None when it gives no remedy."""
    m = _REMEDY.search(field.text)
    if m is None or not field.text[:m.start()].strip():
        return field, None
    cut, resume = m.start(), m.start() + 1
    # (offsets within the field carry over when the normalised text is as long as the original)
    exact = len(field.text) == field.end - field.start
    cause = TextField(field.text[:cut], field.start, field.start + cut if exact else field.end)
    label = _REMEDY_LABEL.match(field.text, resume)  # ("措施：加强…": the remedies, less their label)
    resume = label.end() if label else resume
    remedy = TextField(field.text[resume:].strip(), field.start + resume if exact else field.start, field.end)
    return cause, remedy


def met_without_deviation(ind: Indicator) -> bool:
    """Whether an indicator met its target with no deviation to explain: exactly (完成率 100%), or a target of
    at least so much exceeded by less than the lexicon's ``floor_met_below`` (107.20% of ≥3000次)."""
    completion = ind.completion
    if completion is None or completion.quantity.dimension not in ("percent", "none"):
        return False
    value = completion.quantity.value
    limit = Decimal(str(lexicon().raw["indicators"]["floor_met_below"]))
    floor = ind.target is not None and ind.target.quantity.comparator in (">=", ">")
    return value == 100 or (floor and 100 < value < limit)


def derived_completion(ind: Indicator) -> DerivedCompletion | None:
    """actual ÷ target for a floor (≥, =), target ÷ actual for a ceiling (≤) that was exceeded, 100 %
    for a ceiling kept — when both are numbers in the same unit. None when it cannot be told: no
    comparator on a name that may be a ceiling (发生率, 天数 …), an actual with a comparator of its own
    (``≥95%`` says only that the target was met), a score or a zero target."""
    target, actual = ind.target, ind.actual
    if target is None or actual is None:
        return None
    t, a = target.quantity, actual.quantity
    if t.base_unit != a.base_unit or "score" in (t.dimension, a.dimension) or a.comparator is not None:
        return None
    comparator = t.comparator
    if comparator is None and any(w in ind.name for w in lexicon().raw["indicators"]["ceiling_words"]):
        return None
    tv, av = t.base_value, a.base_value
    if tv <= 0 or av < 0:
        return None
    if comparator in ("<=", "<"):
        if av <= tv:
            return DerivedCompletion(_HUNDRED, _HUNDRED)
        low = av - a.base_tolerance
        upper = (tv + t.base_tolerance) / low * _HUNDRED if low > 0 else _HUNDRED
        return DerivedCompletion(tv / av * _HUNDRED, min(upper, _HUNDRED))
    rate = av / tv * _HUNDRED
    low = tv - t.base_tolerance
    upper = (av + a.base_tolerance) / low * _HUNDRED if low > 0 else _HUNDRED
    return DerivedCompletion(min(rate, _HUNDRED), min(upper, _HUNDRED))


_DIGIT = re.compile(r"\d")
_EMPTY_VALUE = re.compile(r"^[\s\-—–/、/无。.]*$")  # a dash, a slash or 无 (with its full stop) for nothing


# A reason cell going on with the row's measures ("…参训意愿不强" and, on a line of its own under the row,
# "改进措施：加强统筹调度…"): the measures are the row's 改进措施
_MEASURE_CUE = re.compile(r"(?:改进|整改)措施\s*[:：]")


def _cell_fields(text: str, start: int, end: int, key: str, cell_text: str) -> list[tuple[str, tuple[int, int], str]]:
    """The text fields of a reason or measure cell (what, where, its text): the whole cell, or a reason and the
    measures after it."""
    m = _MEASURE_CUE.search(text, start, end) if key == "reason" else None
    if m is None or m.start() == start:
        return [(key, (start, end), cell_text)]
    def part(lo: int, hi: int) -> str:
        return fold(re.sub(r"\s*\n\s*", "", text[lo:hi]))
    return [("reason", (start, m.start()), part(start, m.start())), ("measure", (m.end(), end), part(m.end(), end))]


def _placeholder(text: str) -> bool:
    """Whether a reason or a measure says nothing: empty, or a dash, a slash or 无 standing for none."""
    return bool(_EMPTY_VALUE.match(text))


# A point in time is a value in words too (a deadline met: "2023年11月", "11月底前", "12月31日").
_DATE = re.compile(r"(?:\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)"
                   r"(?:份|底|末|初|中旬|上旬|下旬)?")


def _is_value_in_words(text: str) -> bool:
    if not text.strip() or _DIGIT.search(_DATE.sub("", text)) or _EMPTY_VALUE.match(text):
        return False
    return not any(w in text for w in lexicon().raw["indicators"]["unstated_words"])


def names_field(doc: Document, ind: Indicator, field: str) -> bool:
    """Whether a narrative indicator's text has the words that introduce one of its fields (实际完成值 …)."""
    return any(seg.kind != BlockKind.TABLE_CELL and seg.offsets and ind.start <= seg.offsets[cue.start] < ind.end
               for seg in _segments_of(doc, ind) for cue in _find_cues(seg.text) if cue.field == field)


def _segments_of(doc: Document, ind: Indicator):
    return [seg for seg in doc.normalized.segments
            if seg.offsets and seg.offsets[0] < ind.end and seg.offsets[len(seg.text)] > ind.start]


def stated_in_words(doc: Document, ind: Indicator, field: str, tables: list[Table] | None = None) -> TextField | None:
    """A value written in words where no figure was found: ``实际完成值为有效``, a 自评表 cell ``达标``,
    ``明显提升``. Qualitative indicators state their target and actual value so."""
    if ind.source == "table":
        return _cell_in_words(doc, ind, field, tables)
    for seg in _segments_of(doc, ind):
        if seg.kind == BlockKind.TABLE_CELL:
            continue
        cues = _find_cues(seg.text)
        for k, cue in enumerate(cues):
            if cue.field != field or not ind.start <= seg.offsets[cue.start] < ind.end:
                continue
            start = cue.end
            while start < len(seg.text) and seg.text[start] in ":：为是 ":
                start += 1
            stop = _CLAUSE_END.search(seg.text, start)
            stop = stop.start() if stop else len(seg.text)
            if k + 1 < len(cues):
                stop = min(stop, cues[k + 1].start)
            value = seg.text[start:stop].strip()
            if _is_value_in_words(value):
                s, e = seg.original_range(start, start + len(seg.text[start:stop].rstrip()))
                return TextField(value, s, e)
    return None


def _cell_in_words(doc: Document, ind: Indicator, field: str, tables: list[Table] | None) -> TextField | None:
    _, cell = _field_cell(doc, ind, field, tables)
    if cell is None or not _is_value_in_words(cell.text):
        return None
    b = doc.blocks[cell.block]
    return TextField(cell.text.strip(), b.start, b.end)


def blank_in_table(doc: Document, ind: Indicator, field: str, tables: list[Table] | None = None) -> bool:
    """Whether a 自评表 row leaves the cell of ``field`` (实际完成值 …) empty: its table has the column,
    the row has nothing there."""
    if ind.source != "table":
        return False
    found, cell = _field_cell(doc, ind, field, tables)
    return found and (cell is None or not cell.text.strip())


def _field_cell(doc: Document, ind: Indicator, field: str, tables: list[Table] | None):
    """(whether the indicator's table has a column for ``field``, the row's cell there or None)."""
    if ind.table is None:
        return False, None
    if tables is None:
        from .tables import build_tables

        tables = build_tables(doc)
    table = next((t for t in tables if t.number == ind.table), None)
    header = table_header(table) if table is not None else None
    if header is None:
        return False, None
    col = next((c for c, key in header[1].items() if key == field), None)
    if col is None:
        return False, None
    return True, table.cell(ind.row, col)
