"""Headings and the section tree, from Chinese heading numbering and explicit heading marks.

Reports number their parts 一、 › （一） › 1. › （1） › ①, but not every report uses every level or
this order, and Markdown/Word heading depths in converted files are often wrong. So a heading's depth
comes from its numbering *style*: a style already open closes everything below it, a new style opens
one level deeper (the way a reader follows the numbering, not the font size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import BlockKind, Document
from .normalize import fold

_CN_NUM = "一二三四五六七八九十百零〇两"
_NUMBERING = [
    # (style, pattern on folded text); the first that matches names the style
    ("chapter", re.compile(rf"^第[{_CN_NUM}\d]+[部章节篇][分]?")),
    ("cn_dun", re.compile(rf"^[{_CN_NUM}]+[、.．](?![\d])")),
    ("cn_paren", re.compile(rf"^[(][{_CN_NUM}]+[)]")),
    ("arabic_dot", re.compile(r"^\d{1,2}(?:[、]|\.(?!\d))")),
    # "2.1 预算收入", "3.2.1 …": decimal outline numbers (not a figure: 2.1万元, 1.5倍)
    ("arabic_decimal", re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}(?=[\u4e00-\u9fff])(?![万亿千百元人个户次件项倍分年月日天小吨公平米亩])")),
    ("arabic_paren", re.compile(r"^[(]\d{1,2}[)]")),
    ("arabic_half", re.compile(r"^\d{1,2}[)](?!\d)")),
    ("circled", re.compile(r"^[\u2460-\u2473\u3251-\u325f]")),
    # "指标一：学前教育毛入园率" on a line of its own heads that indicator's paragraphs
    ("indicator", re.compile(rf"^(?:绩效)?指标[{_CN_NUM}\d]+(?=[:：、.\s]|$)")),
]
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})[ \t]*")
_EMPHASIS = re.compile(r"\*\*|__")
# A numbered line is a heading when its text is short and is not a sentence.
MAX_HEADING_CHARS = 40
_SENTENCE_END = re.compile(r"[。；;!?！？]\s*$")
_INNER_SENTENCE = re.compile(r"[。；;]")


@dataclass(frozen=True, slots=True)
class Numbering:
    style: str
    marker: str  # as folded, e.g. "(六)"
    rest: str  # the text after the marker, stripped


def clean_heading_text(raw: str) -> str:
    """Heading text as a reader names it: as written, less Markdown marks, spaces and a trailing colon."""
    text = _MARKDOWN_HEADING.sub("", raw.strip())
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"\s+", "", text)
    return text.rstrip(":：")


def numbering_of(text: str) -> Numbering | None:
    """The numbering marker a (cleaned) line starts with, if any (matched on folded width)."""
    text = fold(text)
    for style, pattern in _NUMBERING:
        m = pattern.match(text)
        if m:
            return Numbering(style, m.group(), text[m.end():].strip())
    return None


def looks_like_heading(numbering: Numbering) -> bool:
    rest = numbering.rest
    if not rest:
        return True
    if len(rest) > MAX_HEADING_CHARS or _SENTENCE_END.search(rest):
        return False
    return not _INNER_SENTENCE.search(rest)


def structure(doc: Document, *, numbered_headings: bool = True) -> None:
    """Classify numbered paragraphs as headings or list items, then give every block its section path.

    Blocks a reader marked as headings (Markdown ``#``, Word heading styles) stay headings; a paragraph
    starting with heading numbering becomes a heading when short and not a sentence, else a list item.
    """
    stack: list[tuple[str, str]] = []  # (style, heading title)
    started = False  # a numbered heading has been seen since the last title
    for block in doc.blocks:
        if block.kind == BlockKind.TABLE_CELL:
            block.section = tuple(t for _, t in stack)
            continue
        raw = doc.block_text(block)
        title = clean_heading_text(raw.split("\n", 1)[0] if block.kind != BlockKind.HEADING else raw)
        numbering = numbering_of(title)
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and numbering is not None:
            if numbered_headings and "\n" not in raw.strip() and looks_like_heading(numbering):
                block.kind = BlockKind.HEADING
            else:
                block.kind = BlockKind.LIST_ITEM
                block.numbering = numbering.marker
        if block.kind != BlockKind.HEADING:
            block.section = tuple(t for _, t in stack)
            continue
        if numbering is None:
            if not started:
                # An unnumbered heading before any numbered one is a document title: it starts a new
                # part of the file (003 holds two reports) and is not itself a section.
                stack = []
                block.level = 0
                block.section = ()
                continue
            style = f"plain:{block.style or ''}"
        else:
            style = numbering.style
            block.numbering = numbering.marker
            started = True
        styles = [s for s, _ in stack]
        if style in styles:
            del stack[styles.index(style):]
        stack.append((style, title))
        block.level = len(stack)
        block.section = tuple(t for _, t in stack)
