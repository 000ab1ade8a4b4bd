"""The normalised view: folded width, no Markdown marks, joined breaks, mapped back to original offsets.

Extractors read ``NormalizedView.segments``: one segment per logical paragraph (consecutive paragraph
blocks that a page or line break split mid-sentence are joined) and one per table cell or heading.
Each normalised character keeps the offset of the original character it came from, so a finding on
``52.39%`` in the view points at ``５２．３９％`` (or ``52.39 %``) in the file.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

from .document import Block, BlockKind, Document

# Characters treated as white space inside a segment: ASCII, ideographic space, NBSP and friends.
_SPACE = frozenset(" \t\n\r\f\v\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff")
# What the view drops from a folded text: white space and control characters (category Cc).
_DROPPED = re.compile("[" + "".join(sorted(_SPACE)) + "\x00-\x1f\x7f-\x9f]+")
# A break after one of these ends a sentence, so the next paragraph block is not its continuation.
_TERMINAL = frozenset("。！？；：!?;:…")
# Markup dropped from the view: Markdown emphasis, heading marks, bullets ("- 基本支出执行…"), HTML line
# breaks in table cells.
_MARKUP = re.compile(r"<br\s*/?>|\*\*|__|^\s{0,3}#{1,6}[ \t]+|^\s{0,3}#{1,6}$|^\s{0,3}[-*+][ \t]+(?=\S)",
                     re.IGNORECASE | re.MULTILINE)
_BREAK_MARKUP = "<"  # markup starting with this (<br>) stands for a line break; the rest vanishes
_MARKDOWN_KINDS = frozenset({"txt", "md"})
MIN_CONTINUED_CHARS = 12
MAX_FIELD_CHARS = 40  # a cover-page field ("部门单位名称（公章）：…") is a short line
_FIELD_START = re.compile(r"^[^\s,.;:!?。，；]{2,10}(?:\([^)]{1,6}\))?:")  # text exports carry Markdown; Word and PDF text does not


# Full-width ASCII forms (！ … ～), the ideographic space, NBSP and the small percent sign, folded.
_FOLD_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0xFE6A: 0x25})


def fold_char(ch: str) -> str:
    """Fold full-width ASCII forms and the ideographic space to their ASCII equivalents."""
    return ch.translate(_FOLD_TABLE)


_UNFOLDED = re.compile("[" + re.escape("".join(map(chr, sorted(_FOLD_TABLE)))) + "]")


def fold(text: str) -> str:
    # most texts have nothing to fold: finding that out is much cheaper than translating them
    return text.translate(_FOLD_TABLE) if _UNFOLDED.search(text) else text


def is_cjk(ch: str) -> bool:
    """CJK ideographs and CJK punctuation: white space next to them carries no meaning."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
        or ch in "“”‘’—…·《》【】"
        or (0xFF00 <= code <= 0xFFEF and not ch.isascii())
    )


def _keeps_space(before: str, after: str) -> bool:
    """Whether white space between two (folded) characters is kept as one space.

    It goes next to CJK text (``11 个项目`` → ``11个项目``, ``支出 绩效`` → ``支出绩效``), before a percent
    sign or unit-like punctuation, and inside a number broken after its decimal point or separator;
    it stays between two Latin words or two separate numbers so they are never glued together.
    """
    if is_cjk(before) or is_cjk(after):
        return False
    if after in "%‰.,)]" or before in "([":
        return False
    if before in ".," and after.isdigit():
        return False
    return before.isalnum() and after.isalnum()


@dataclass(slots=True)
class Segment:
    """A run of normalised text: a logical paragraph, a heading, a list item or a table cell."""

    text: str
    offsets: array  # offsets[i] = Document.text offset of text[i]; one extra entry for the end
    blocks: tuple[int, ...]
    kind: BlockKind

    def original_range(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` to the original ``[start, end)`` in ``Document.text``."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class NormalizedView:
    segments: list[Segment]

    @classmethod
    def build(cls, doc: Document) -> "NormalizedView":
        segments: list[Segment] = []
        group: list[Block] = []
        for block in doc.blocks:
            if group and _continues(doc, group, block):
                group.append(block)
                continue
            if group:
                segments.append(_segment(doc, group))
            group = [block]
        if group:
            segments.append(_segment(doc, group))
        return cls(segments)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)

    def find(self, needle: str) -> list[tuple[Segment, int]]:
        """Every (segment, normalised start) where ``needle`` occurs; mainly for tests and debugging."""
        hits = []
        for seg in self.segments:
            i = seg.text.find(needle)
            while i >= 0:
                hits.append((seg, i))
                i = seg.text.find(needle, i + 1)
        return hits


def _continues(doc: Document, group: list[Block], block: Block) -> bool:
    """A paragraph block continues the previous one when a break split a sentence between them.

    The previous block must be long and lack a full stop (a line broken mid-sentence), and the next
    must finish the sentence or be long itself; short lines without full stops on both sides are
    titles and cover-page fields ("(2023 年度)", "填报时间：…") and stand alone.
    """
    prev = group[-1]
    if prev.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or block.kind != BlockKind.PARAGRAPH:
        return False
    tail, head = _plain(doc, prev), _plain(doc, block)
    if fold_char(tail[-1]) in _TERMINAL:
        return False
    if sum(len(_plain(doc, b)) for b in group) < MIN_CONTINUED_CHARS:
        return False
    folded = fold(head)
    if _FIELD_START.match(folded) or _is_cover_field(fold(tail)):
        return False  # "填报时间：…" / "部门单位名称（公章）：…" are fields of their own
    if folded.startswith("【") or INDICATOR_ITEM.match(folded):
        return False  # "【指标2】资金发放及时率", "指标2 困难残疾人生活补贴发放人次|分值10|…": an item of its own
    if _TITLE_END.search(fold(tail)) and not any(c in tail for c in "，,；;。"):
        return False  # "…2023年度部门整体支出绩效自评报告": a title, however long
    # a figure or the rest of one ("3984" / "人，…") carried over to the next line continues it
    return (len(head) >= MIN_CONTINUED_CHARS or fold_char(head[-1]) in _TERMINAL
            or folded[0].isdigit() or fold_char(tail[-1]).isdigit())


# An indicator's number opening a line or paragraph: "指标2 …", "指标十一…" (not "指标1.2%" or "指标10%").
INDICATOR_ITEM = re.compile(r"\s*[【\[]?\s*指标\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d.%])")


# How a report's or a table's title ends (a title is one phrase: no comma in it).
_TITLE_END = re.compile(r"(?:报告|报告书|自评表|评价表|绩效表|情况表|一览表|明细表)(?:\([^()]{0,12}\))?[)」』”]*\s*$")


def _is_cover_field(text: str) -> bool:
    """A short "label：value" line whose value is one item (a name, a date), not a sentence."""
    m = _FIELD_START.match(text)
    return bool(m) and len(text) <= MAX_FIELD_CHARS and not any(c in text[m.end():] for c in ",;，；")


def _plain(doc: Document, block: Block) -> str:
    text = doc.block_text(block)
    if doc.kind in _MARKDOWN_KINDS:
        text = _MARKUP.sub("", text)
    return text.strip() or " "


# A line that opens with a field's label ("调整后预算数：…"), and what already ends one before it.
_FIELD_AHEAD = re.compile(r"[\u4e00-\u9fff]{2,10}[:：](?![:：])")
_ENDS_A_FIELD = frozenset(",，。;；:：、!?！？")


def _segment(doc: Document, blocks: list[Block]) -> Segment:
    pieces: list[str] = []
    offsets = array("i")
    last = ""  # the last character kept so far
    pending_space = False  # white space (or a break) seen since the last kept character
    for n, block in enumerate(blocks):
        if n:
            pending_space = True
        raw = doc.block_text(block)
        marks = _markup_mask(raw) if doc.kind in _MARKDOWN_KINDS else None
        if marks is not None and any(marks):
            last, pending_space = _fold_marked(raw, marks, block, pieces, offsets, last, pending_space)
            continue
        # Runs of kept characters are copied whole; only the gaps between them are looked at.
        folded, pos = _fold_block(raw, block), 0
        field_line = _FIELD_AHEAD.match(folded) is not None  # the line so far opened with a field's label
        for gap in _DROPPED.finditer(folded):
            if gap.start() > pos:
                last = _keep(folded, pos, gap.start(), block.start, pieces, offsets, last, pending_space)
            pending_space, pos = True, gap.end()
            if "\n" in gap.group():
                next_field = _FIELD_AHEAD.match(folded, pos) is not None
                if field_line and next_field and last and last not in _ENDS_A_FIELD:
                    # "调减数：7.54万元（压减公用经费）" / "调整后预算数：418.66万元", a field a line: the break
                    # parts the fields as a semicolon would, so no label runs on into the next
                    pieces.append(";")
                    offsets.append(block.start + gap.start())
                    last, pending_space = ";", False
                field_line = next_field
        if pos < len(folded):
            last = _keep(folded, pos, len(folded), block.start, pieces, offsets, last, pending_space)
            pending_space = False
    offsets.append(blocks[-1].end)
    return Segment("".join(pieces), offsets, tuple(b.index for b in blocks), blocks[0].kind)


_YEAR_AHEAD = re.compile(r"(?:19|20)\d{2}\s*年")


def _keep(folded: str, start: int, end: int, base: int, pieces: list[str], offsets: array, last: str,
          pending_space: bool) -> str:
    """Append ``folded[start:end]`` (no white space or control character in it), preceded by one
    space where white space before it is kept; return the new last character."""
    if pending_space and last and (_keeps_space(last, folded[start])
                                   or last == "." and _YEAR_AHEAD.match(folded, start)):  # "1. 2024年…": an item's number, then a year
        pieces.append(" ")
        offsets.append(base + start)
    pieces.append(folded[start:end])
    offsets.extend(range(base + start, base + end))
    return folded[end - 1]


# In running text a vertical bar separates fields ("指标1 预算执行率｜分值10｜年度指标值100%"): the view reads
# it as the comma it stands for (a table's bars never reach the view: its cells are blocks of their own).
_BAR_AS_COMMA = {ord("|"): ","}


def _fold_block(text: str, block: Block) -> str:
    folded = fold(text)
    if block.kind != BlockKind.TABLE_CELL and "|" in folded:
        folded = folded.translate(_BAR_AS_COMMA)
    return folded


def _fold_marked(raw: str, marks: bytearray, block: Block, pieces: list[str], offsets: array, last: str,
                 pending_space: bool) -> tuple[str, bool]:
    """A block with Markdown markup, character by character: marked characters are dropped (a
    ``<br>`` standing for a break)."""
    for i, ch in enumerate(raw):
        if marks[i]:
            if marks[i] == 2:
                pending_space = True
            continue
        folded = _fold_block(ch, block)
        if folded in _SPACE or unicodedata.category(folded) == "Cc":
            pending_space = True
            continue
        last = _keep(folded, 0, 1, block.start + i, pieces, offsets, last, pending_space)
        pending_space = False
    return last, pending_space


def _markup_mask(raw: str) -> bytearray:
    """1 for markup characters dropped from the view, 2 for markup that stands for a break."""
    mask = bytearray(len(raw))
    for m in _MARKUP.finditer(raw):
        value = 2 if m.group().startswith(_BREAK_MARKUP) else 1
        for i in range(m.start(), m.end()):
            mask[i] = value
    return mask
