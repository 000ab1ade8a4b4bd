"""Word copies of the checked reports with one comment per finding, anchored on the figures.

``annotate(result, outdir)`` writes ``OUTDIR/<stem>.audited.docx``: the original .docx (read into
memory, never written) plus a Word comment for every finding, by author "auditor". A comment covers
the run(s) holding the text of the finding's first location that can be found in the file; runs are
split where that text starts or ends inside a run (each part keeps the run's formatting, so the text
looks unchanged). A comment has a single range, so the finding's other locations are named in the
comment text. A finding that cannot be placed (no location, a location outside the body text, a file
changed since it was read) gets a comment on the first paragraph of the body, prefixed with where the
finding is.

Offsets map back to the file the way the reader walked it (``auditor.readers.docx``): body paragraphs
by their 1-based index among the body's paragraphs, table cells by table/row/column (tables numbered
in body order, nested tables after their parent; merged cells once, at their first row and column)
and their paragraph (``part``) inside the cell. Inside a paragraph, characters are counted as
``python-docx`` counts them for ``paragraph.text``: the ``w:r`` children of the paragraph and the
``w:r`` children of its ``w:hyperlink`` children, in document order.
"""

from __future__ import annotations

import copy
import io
import os
from dataclasses import dataclass

from ..atomic import replacing
from ..findings import FileResult, Finding
from ..messages import message

AUTHOR = "auditor"
INITIALS = "AU"

_LABELS = {
    "zh": {"expected": "应为：", "others": "其他位置：", "at": "位置：", "sep": "；",
           "quote": "“{}”", "section": " § {}"},
    "en": {"expected": "expected: ", "others": "other places: ", "at": "at ", "sep": "; ",
           "quote": "\"{}\"", "section": " § {}"},
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R, _RPR, _HYPERLINK, _P = f"{{{_W}}}r", f"{{{_W}}}rPr", f"{{{_W}}}hyperlink", f"{{{_W}}}p"
# the run children python-docx counts in ``run.text`` (each gives "", one character or a w:t's text)
_TEXT_TAGS = {f"{{{_W}}}{tag}" for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def annotate(result: FileResult, outdir: str, *, lang: str = "zh") -> str:
    """Write ``OUTDIR/<stem>.audited.docx`` with one comment per finding; return its path."""
    import docx

    with open(result.file, "rb") as fh:  # the copy: everything below works on these bytes in memory
        data = fh.read()
    word = docx.Document(io.BytesIO(data))
    document = result.document
    if document is None:  # not read by the engine (a caller of its own): read it the same way
        from ..readers import read_document

        document = read_document(result.file)
    targets = _Targets(word)
    for finding in result.findings:
        _comment(word, document, targets, finding, lang)

    os.makedirs(outdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(result.file))[0]  # the original name, bytes and all
    out = os.path.join(outdir, f"{stem}.audited.docx")
    with replacing(out) as fh:
        word.save(fh)
    return out


# -- comment text ------------------------------------------------------------------------------------


def comment_text(finding: Finding, lang: str = "zh", *, anchored: int | None = 0) -> str:
    """``[CODE severity] message``, the expected value, then the places the range cannot show.

    ``anchored`` is the index of the location the comment is anchored on, or None when it is placed
    on the first paragraph (then the text starts with where the finding is).
    """
    labels = _LABELS.get(lang, _LABELS["zh"])
    severity = message(f"severity.{finding.severity.value}", lang)
    lines = []
    locations = list(finding.locations)
    if anchored is None and locations:
        lines.append(labels["at"] + _place(locations[0], labels, lang))
        anchored = 0
    lines.append(f"[{finding.code} {severity}] {finding.message}")
    if finding.expected and finding.expected not in finding.message:
        lines.append(labels["expected"] + finding.expected)
    if locations:
        main = locations[anchored]
        seen = {(main.start, main.end)}
        others = []
        for loc in locations:
            if (loc.start, loc.end) in seen:
                continue
            seen.add((loc.start, loc.end))
            others.append(_place(loc, labels, lang, known_section=main.section))
        if others:
            lines.append(labels["others"] + labels["sep"].join(others))
    return "\n".join(lines)


_QUOTE_MAX = 40


def _place(loc, labels: dict, lang: str, known_section: str | None = None) -> str:
    """``第23段 “4044.35 万元” § section`` (the section left out when the comment already shows it)."""
    where = loc.describe("zh" if lang == "zh" else "en")
    text = " ".join(loc.text.split())
    if len(text) > _QUOTE_MAX:
        text = text[:_QUOTE_MAX - 1] + "…"
    parts = [where] if where else []
    if text:
        parts.append(labels["quote"].format(text))
    place = " ".join(parts)
    if loc.section and loc.section != known_section:
        place += labels["section"].format(loc.section)
    return place


# -- placing the comment -------------------------------------------------------------------------------


def _comment(word, document, targets: "_Targets", finding: Finding, lang: str) -> None:
    for n, loc in enumerate(finding.locations):
        try:
            span = _resolve(document, targets, loc.start, loc.end)
            if span is None:
                continue
            first, last = _isolate(*span)  # splitting only ever moves text between runs: no harm if it stops
        except (LookupError, ValueError, TypeError):  # a file shaped unlike anything foreseen: place it below
            continue
        _add(word, first, last, comment_text(finding, lang, anchored=n))
        return
    first, last = targets.fallback()
    _add(word, first, last, comment_text(finding, lang, anchored=None))


def _add(word, first, last, text: str) -> None:
    """One comment over the runs ``first``..``last`` (w:r elements); None, None: an empty range."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    if first is None:
        p = _fallback_paragraph(word)
        comment = word.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
        _empty_range(p, comment.comment_id)
        return
    paragraph = Paragraph(_paragraph_of(first), word._body)
    word.add_comment([Run(first, paragraph), Run(last, paragraph)], text=text, author=AUTHOR,
                     initials=INITIALS)
    # python-docx puts the reference run right after the range end; inside a hyperlink it would become
    # part of the link, so it goes after the hyperlink (the range end stays on the figure)
    parent = last.getparent()
    if parent.tag == _HYPERLINK:
        end = last.getnext()
        reference = end.getnext() if end is not None else None
        if reference is not None and reference.tag == _R:
            parent.addnext(reference)


def _empty_range(p, comment_id: int) -> None:
    from docx.oxml.parser import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    reference = OxmlElement("w:r")
    reference.append(OxmlElement("w:rPr"))
    reference[0].append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    ppr = p.find(f"{{{_W}}}pPr")
    at = 0 if ppr is None else list(p).index(ppr) + 1
    for n, elem in enumerate((start, end, reference)):
        p.insert(at + n, elem)


def _fallback_paragraph(word):
    body = word.element.body
    p = body.find(f".//{_P}")
    if p is None:  # a body without any paragraph: give it one (an empty paragraph shows nothing)
        word.add_paragraph()
        p = body.find(f".//{_P}")
    return p


def _paragraph_of(r):
    parent = r.getparent()
    return parent.getparent() if parent.tag == _HYPERLINK else parent


# -- offsets in Document.text -> (w:p, character offset) ------------------------------------------------


@dataclass
class _Point:
    p: object  # the w:p element
    offset: int


class _Targets:
    """The w:p elements of the file, keyed the way the reader's spans name them."""

    def __init__(self, word):
        from ..readers.docx import walk_body  # the reader's own walk: the same numbering, by construction

        self.body: dict[int, object] = {}
        self.cells: dict[tuple[int, int, int, int], object] = {}
        for kind, where, content in walk_body(word.element.body):
            if kind == "paragraph":
                self.body[where] = content
            else:
                for part, p in content:
                    self.cells[(*where, part)] = p

    def paragraph(self, block, span):
        if block.table is None:
            return self.body.get(span.paragraph) if span.paragraph is not None else None
        return self.cells.get((block.table, block.row, block.col, span.part))

    def fallback(self):
        """The runs of the first body paragraph with text, else of the first table-cell paragraph with
        text (None, None: the file has no text at all; the comment then marks an empty range)."""
        for p in [*self.body.values(), *self.cells.values()]:
            runs = [r for r, s, e in _runs(p) if e > s]
            if runs:
                return runs[0], runs[-1]
        return None, None


def _resolve(document, targets: _Targets, start: int, end: int):
    """(start point, end point) of ``Document.text[start:end]`` in the file, or None."""
    text = document.text
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    first = _point(document, targets, start, end, at_end=False)
    last = _point(document, targets, end, start, at_end=True)
    if first is None or last is None:
        return None
    if first.p is last.p and first.offset >= last.offset:
        return None
    return first, last


def _point(document, targets: _Targets, pos: int, other: int, *, at_end: bool) -> _Point | None:
    """Where the character at ``pos`` (at_end: the one before ``pos``) is; checked against the file."""
    block = document.block_at(pos - 1 if at_end else pos)
    if block is None:
        return None
    for span in block.spans:
        inside = span.start < pos <= span.end if at_end else span.start <= pos < span.end
        if inside:
            break
    else:
        return None
    p = targets.paragraph(block, span)
    if p is None:
        return None
    offset = (span.offset or 0) + pos - span.start
    para_text = "".join(_run_text(r) for r, _, _ in _runs(p))
    # the file must still say what the reader read (it may have changed since)
    if at_end:
        k = min(pos - span.start, pos - other)
        ok = offset - k >= 0 and para_text[offset - k:offset] == document.text[pos - k:pos]
    else:
        k = min(span.end - pos, other - pos)
        ok = para_text[offset:offset + k] == document.text[pos:pos + k]
    return _Point(p, offset) if ok and offset <= len(para_text) else None


# -- runs --------------------------------------------------------------------------------------------


def _runs(p) -> list[tuple[object, int, int]]:
    """(w:r, start, end) for each run counted in ``paragraph.text``, in order."""
    out = []
    pos = 0
    for child in p.iterchildren(_R, _HYPERLINK):
        for r in ([child] if child.tag == _R else child.iterchildren(_R)):
            n = len(_run_text(r))
            out.append((r, pos, pos + n))
            pos += n
    return out


def _run_text(r) -> str:
    return "".join(str(c) for c in r if c.tag in _TEXT_TAGS)


def _child_len(c) -> int:
    return len(str(c)) if c.tag in _TEXT_TAGS else 0


def _isolate(first: _Point, last: _Point):
    """Split runs so that the text from ``first`` to ``last`` is exactly a sequence of whole runs."""
    # the end first: splitting there leaves every offset before it where it was
    end_run = _run_at(last.p, last.offset - 1)
    r, s, e = end_run
    if last.offset < e:
        _split(r, last.offset - s)
    last_r = r
    r, s, e = _run_at(first.p, first.offset)
    first_r = _split(r, first.offset - s) if first.offset > s else r
    if last_r is r and first_r is not r:  # one run split twice: the figure is the middle part
        last_r = first_r
    return first_r, last_r


def _run_at(p, offset: int):
    for r, s, e in _runs(p):
        if s <= offset < e:
            return r, s, e
    raise LookupError(offset)  # _point checked the offset against this paragraph's text


def _split(r, k: int):
    """Split the run ``r`` after its ``k``-th character; ``r`` keeps the head, the new run (returned)
    the tail, with a copy of ``r``'s properties (w:rPr and attributes)."""
    from docx.oxml.parser import OxmlElement

    tail = OxmlElement("w:r")
    for name, value in r.attrib.items():
        tail.set(name, value)
    rpr = r.find(_RPR)
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    pos = 0
    moving = False
    for child in list(r):
        if child.tag == _RPR:
            continue
        if moving or pos >= k:
            moving = True
            tail.append(child)  # moves it
            continue
        n = _child_len(child)
        if pos + n <= k:
            pos += n
            continue
        # k falls inside this child: only a w:t holds more than one character
        head_text = str(child)
        cut = k - pos
        child.text = head_text[:cut]
        child.set(_XML_SPACE, "preserve")
        t = OxmlElement("w:t")
        t.text = head_text[cut:]
        t.set(_XML_SPACE, "preserve")
        tail.append(t)
        moving = True
        pos = k
    r.addnext(tail)
    return tail
