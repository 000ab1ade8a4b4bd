"""TX04: the same sentence twice (or more) in one paragraph or table cell."""

from __future__ import annotations

import re

from auditor.extract.compare import similarity
from auditor.model import BlockKind
from auditor.registry import check

# Sentences and the clauses within them: copies are often pasted after a comma.
_WHOLE_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
# (a comma between digits is a thousands separator, no clause's end: "10,612.00万元")
_SENTENCE = re.compile(r"(?:[^。！？!?；;,，]|(?<=\d)[,，](?=\d))+[。！？!?；;,，]?")
# A list item's number is not part of its first sentence: "1. X；X；" and "一是X，X。" repeat X. An ordinal
# is numbering only when punctuation or 是 closes it: in "第一批…；第二批…" or "一季度…；二季度…" it is
# part of what the sentence says, and parallel sentences that differ in it are no copies.
_ORDINAL = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]{1,3}\s*(?:是|、)"
                      r"|第[一二三四五六七八九十]{1,3}\s*(?:是|[,，、.．:：])|[①-⑳])\s*")
# Nor is a field's label: "偏差原因：X。X。" repeats X.
_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}\s*[:：]\s*")
_PUNCTUATION = re.compile(r"[\s,，。！？!?；;:：]")


# A sentence pasted at the end of another ("深化改革，不动产登记全面推行一窗受理。…不动产登记全面推行一窗
# 受理。") is reported only when it is this long: short closing words recur.
_PASTED_MIN_CHARS = 12


def _pasted_parts(sentences: dict[str, list[tuple[int, int]]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Sentences that also end or begin another, longer sentence of the paragraph: a whole sentence pasted
    again after some words of its own, or a sentence's opening clauses pasted again as a sentence ("全科医生
    配备不足，服务能力受到制约。全科医生配备不足。"). (key, places: the sentence's own and the longer one's)"""
    out = []
    by_ending: dict[str, list[str]] = {}  # a sentence ends another only if their last characters agree
    by_opening: dict[str, list[str]] = {}  # and begins one only if their first characters do
    for key in sentences:
        if len(key) >= _PASTED_MIN_CHARS:
            by_ending.setdefault(key[-_PASTED_MIN_CHARS:], []).append(key)
            by_opening.setdefault(key[:_PASTED_MIN_CHARS], []).append(key)
    for key, places in sentences.items():
        if len(key) < _PASTED_MIN_CHARS:
            continue
        longer = [p for other in by_ending[key[-_PASTED_MIN_CHARS:]] if other != key and other.endswith(key)
                  for p in sentences[other]]
        longer += [p for other in by_opening[key[:_PASTED_MIN_CHARS]] if other != key and other.startswith(key)
                   for p in sentences[other]]
        if longer:
            out.append((key, sorted(places + longer)))
    return out


def _key(text: str) -> str:
    text = _ORDINAL.sub("", text)
    label = _LABEL.match(text)
    # (and the first item's number after its list's label: "存在的问题：一是X，X，…" — a list, no field's value)
    rest = text[label.end():] if label else text
    item = _ORDINAL.match(rest) if label else None
    key = _PUNCTUATION.sub("", rest[item.end():] if item and item.group().strip() else rest)
    # a field's short value ("本年收入合计：418.66万元", "填报单位：某局") recurs in other fields by nature
    return "" if label and len(key) < _FIELD_VALUE_MIN and not (item and item.group().strip()) else key


_FIELD_VALUE_MIN = 16


@check(
    code="TX04",
    name="repeated-sentence",
    severity="warning",
    summary="A paragraph or table cell repeats one of its sentences or clauses.",
    rationale=(
        "A sentence pasted twice into the same paragraph or cell is a copy-and-paste slip; it makes the "
        "passage look longer than what it says, and often marks text brought in from another report."
    ),
    bad="建设日间照料中心，十四五规划中日间照料中心已建设完成，十四五规划中日间照料中心已建设完成。",
    good="十四五规划中日间照料中心已建设完成。下一步将完善运营管理制度。",
    known_problems=("Sentences and clauses shorter than `min_chars` (8) are not compared, unless said twice in a row "
                    "(设施利用率不高，设施利用率不高: five characters or more, no figure); a clause repeated "
                    "apart is reported when it stutters (said twice in a row); a sentence of 12 characters or more "
                    "that also ends or begins another sentence of the paragraph is reported as pasted. A list number or ordinal (1. （1） 一是 第一，) or a "
                    "field's label (偏差原因：) before a sentence is left out of the comparison."),
    options={"min_chars": 8},
)
def repeated_sentence(ctx):
    for seg in ctx.doc.normalized.segments:
        if seg.kind == BlockKind.HEADING:
            continue
        clauses = []  # (key, start, end)
        for m in _SENTENCE.finditer(seg.text):
            sentence = m.group().strip()
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            clauses.append((_key(sentence), start, start + len(sentence)))
        reported: set[str] = set()
        # whole sentences pasted twice, wherever in the paragraph
        sentences: dict[str, list[tuple[int, int]]] = {}
        for m in _WHOLE_SENTENCE.finditer(seg.text):
            key = _key(m.group())
            if len(key) >= ctx.options["min_chars"] and m.group().rstrip()[-1:] in "。！？!?；;":
                sentences.setdefault(key, []).append((m.start(), m.end()))
        for key, places in sentences.items():
            if len(places) >= 2:
                reported.add(key)
                first = seg.text[places[0][0]:places[0][1]]  # its clauses are not reported again
                reported.update(_key(part) for part in re.split(r"(?<!\d)[,，]|[,，](?!\d)", first))
                text = key[:30] + ("…" if len(key) > 30 else "")
                ctx.finding(
                    ctx.t(f"同一段落中重复 {len(places)} 次：“{text}”",
                          f"repeated {len(places)} times in one paragraph: “{text}”"),
                    locations=[seg.original_range(s, e) for s, e in places],
                )
        for key, places in _pasted_parts(sentences):
            if key in reported:
                continue
            reported.add(key)
            reported.update(_key(part) for part in re.split(r"(?<!\d)[,，]|[,，](?!\d)", seg.text[places[0][0]:places[0][1]]))
            text = key[:30] + ("…" if len(key) > 30 else "")
            ctx.finding(
                ctx.t(f"同一段落中重复 {len(places)} 次：“{text}”",
                      f"repeated {len(places)} times in one paragraph: “{text}”"),
                locations=[seg.original_range(s, e) for s, e in places],
            )
        where: dict[str, list[int]] = {}
        for i, (key, _, _) in enumerate(clauses):
            where.setdefault(key, []).append(i)
        for i, (key, _, _) in enumerate(clauses):
            # (a short clause said twice in a row is a stutter too: "设施利用率不高，设施利用率不高")
            adjacent = i + 1 < len(clauses) and clauses[i + 1][0] == key and len(key) >= _STUTTER_MIN_CHARS \
                and not re.search(r"\d", key)
            if (len(key) < ctx.options["min_chars"] and not adjacent) or key in reported:
                continue
            copies = [j for j in where[key] if j >= i]
            if len(copies) < 2 or not (_stutter(clauses, copies[0], copies[1])
                                       or _in_one_sentence(seg.text, clauses, copies[0], copies[1], len(key))):
                continue
            reported.add(key)
            text = key[:30] + ("…" if len(key) > 30 else "")
            ctx.finding(
                ctx.t(f"同一段落中重复 {len(copies)} 次：“{text}”", f"repeated {len(copies)} times in one paragraph: “{text}”"),
                locations=[seg.original_range(clauses[k][1], clauses[k][2]) for k in copies],
            )


# A clause this long said twice within one sentence ("清理村内垃圾堆和柴草垛，新建改建卫生户厕，清理村内垃圾堆和
# 柴草垛，") is pasted, whatever stands between.
_SAME_SENTENCE_MIN_CHARS = 10
_SENTENCE_STOP = re.compile(r"[。！？!?；;]")


_STUTTER_MIN_CHARS = 5


def _in_one_sentence(text: str, clauses, i: int, j: int, length: int) -> bool:
    # (a clause keeps the mark that ends it: the first one's own 。 or ； parts the two; a figure's statement
    # recurs in the items of a list, "A项目预算金额为0.45万元，执行金额为0.00万元，B项目预算金额为0.45万元")
    return length >= _SAME_SENTENCE_MIN_CHARS and not re.search(r"\d", clauses[i][0]) \
        and not _SENTENCE_STOP.search(text, clauses[i][2] - 1, clauses[j][1])


def _stutter(clauses, i: int, j: int) -> bool:
    """A copy pasted in place: right after itself, after a near-copy of itself, or a run of clauses
    repeated right after the run. The same clause in parallel items of a list (两个项目都"达到…效益")
    is no copy."""
    if j == i + 1:
        return True
    if j == i + 2 and similarity(clauses[i][0], clauses[i + 1][0]) >= 80:
        return True
    run = j - i
    return j + run <= len(clauses) and all(clauses[i + k][0] == clauses[j + k][0] for k in range(run))
