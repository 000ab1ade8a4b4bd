"""Word reports (.docx): body paragraphs and tables in body order, merged cells once.

Headers, footers, text boxes and comments are not body text and are not read. Each paragraph maps
back to its 1-based index among the body's paragraphs (``python-docx``'s ``document.paragraphs``),
each table cell to its table/row/column.

The package is read with ``zipfile`` and ``lxml`` directly, the way python-docx reads it (the same
parts, the same XML parser settings, the same text and style names — a test holds the two readers
to the same output), because importing python-docx and building its objects for every paragraph
cost more than the rest of reading a 60-page report. The Word-comment reporter, which writes a
.docx, uses python-docx and walks its element tree with the same ``walk_body``.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from functools import cache

from ..errors import ReadError, short_detail
from ..model import BlockKind, Document, DocumentBuilder

# A .docx far larger unpacked than any report is a zip bomb, not a report. Sizes are measured by
# actually inflating (in small chunks), since a bomb's directory can lie about them.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
_CHUNK = 1 << 20
_HEADING_STYLES = ("heading", "标题", "title")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_VAL = f"{_W}val"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# python-docx shows these built-in styles under their UI names (styles.xml says "heading 1")
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
             **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
# python-docx gives a document without a styles part its template's styles, whose default
# paragraph style is Normal
_TEMPLATE_DEFAULT = "Normal"
_ON = ("1", "true", "on")


def read_docx(path: str, data: bytes, kind: str) -> Document:
    archive = _open_package(path, data)
    builder = DocumentBuilder(path, kind)
    try:
        with archive:
            body, styles = _main_parts(path, archive)
        _Walker(builder, styles).body(body)
    except ReadError:
        raise
    except Exception as exc:  # a damaged part: bad XML, a missing part, a malformed number
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    doc = builder.build()
    if not doc.text.strip():
        raise ReadError("empty-file", path)
    return doc


def _open_package(path: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    names = set(archive.namelist())
    if "word/document.xml" not in names and not any(n.endswith("/document.xml") for n in names):
        archive.close()
        raise ReadError("not-docx", path)
    packed = max(1, sum(info.compress_size for info in archive.infolist()))
    unpacked = 0
    for info in archive.infolist():
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * _CHUNK and unpacked / packed > MAX_RATIO):
                        raise ReadError("too-large", path,
                                        detail=f"unpacks to over {unpacked // _CHUNK} MB from {packed // 1024} KB")
        except ReadError:
            archive.close()
            raise
        except Exception as exc:  # bad CRC, unsupported compression, truncated member
            archive.close()
            raise ReadError("corrupt-docx", path, detail=short_detail(exc)) from None
    return archive


@cache
def _parser():
    from lxml import etree

    # python-docx's settings: entities are never expanded nor fetched, DTDs never loaded
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _xml(archive: zipfile.ZipFile, name: str):
    from lxml import etree

    return etree.fromstring(archive.read(name), _parser())


def _related(archive: zipfile.ZipFile, source: str, rel_type: str) -> str | None:
    """The part ``source`` (``""`` for the package) relates to by a relationship of ``rel_type``."""
    directory, base = posixpath.split(source)
    rels = posixpath.join(directory, "_rels", f"{base}.rels")
    if rels not in archive.NameToInfo:
        return None
    for rel in _xml(archive, rels).iter(f"{_REL_NS}Relationship"):
        if rel.get("Type", "").endswith(rel_type) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(directory, target)
            return posixpath.normpath(name)
    return None


def _content_type(archive: zipfile.ZipFile, name: str) -> str | None:
    types = _xml(archive, "[Content_Types].xml")
    for override in types.iter(f"{_CT_NS}Override"):
        if override.get("PartName", "").lower() == f"/{name}".lower():
            return override.get("ContentType")
    ext = posixpath.splitext(name)[1].lstrip(".").lower()
    for default in types.iter(f"{_CT_NS}Default"):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType")
    return None


def _main_parts(path: str, archive: zipfile.ZipFile):
    """(the w:body element, the style names) of the package's main document part."""
    main = _related(archive, "", _OFFICE_DOCUMENT)
    if main is None or main not in archive.NameToInfo:
        raise ReadError("corrupt-docx", path, detail="no main document part")
    content_type = _content_type(archive, main)
    if content_type != MAIN_CONTENT_TYPE:
        raise ReadError("corrupt-docx", path, detail=f"not a Word document: content type {content_type!r}")
    body = _xml(archive, main).find(f"{_W}body")
    if body is None:
        raise ReadError("corrupt-docx", path, detail="no document body")
    styles_part = _related(archive, main, _STYLES)
    styles = _StyleNames(_xml(archive, styles_part) if styles_part in archive.NameToInfo else None)
    return body, styles


class _StyleNames:
    """Paragraph style names by style id, resolved as python-docx resolves ``paragraph.style``: an
    unknown id, a style of another type or no id at all means the default paragraph style."""

    def __init__(self, styles):
        self._by_id: dict[str, str | None] = {}  # None: a style of another type
        self.default = _TEMPLATE_DEFAULT if styles is None else ""
        if styles is None:
            return
        for style in styles.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            paragraph = style.get(f"{_W}type") == "paragraph"
            if style_id is not None and style_id not in self._by_id:
                self._by_id[style_id] = _style_name(style) if paragraph else None
            if paragraph and (style.get(f"{_W}default") or "").lower() in _ON:
                self.default = _style_name(style)

    def name(self, style_id: str | None) -> str:
        name = self._by_id.get(style_id) if style_id is not None else None
        return self.default if name is None else name


def _style_name(style) -> str:
    name = style.find(f"{_W}name")
    value = name.get(_VAL) if name is not None else None
    return _UI_NAMES.get(value, value) if value is not None else ""


def walk_body(body):
    """The body (a ``w:body`` element, read here or by python-docx) in reading order, as this reader
    numbers it (the Word-comment reporter maps findings back through the same walk):
    ``("paragraph", n, p)`` with n 1-based among the body's paragraphs, and ``("cell", (table, row,
    col), [(part, p), ...])`` once per cell — a merged cell at its first row and column, nested tables
    numbered after their parent. ``p`` are ``w:p`` elements."""
    paragraphs = 0
    tables = [0]
    for item in body.iterchildren(_P, _TBL):
        if item.tag == _TBL:
            yield from _walk_table(item, tables)
        else:
            paragraphs += 1
            yield "paragraph", paragraphs, item


def _walk_table(tbl, tables: list[int]):
    tables[0] += 1
    number = tables[0]
    nested = []
    for r, tr in enumerate(tbl.iterchildren(_TR), start=1):
        col = _number(tr, "trPr", "gridBefore", 0) + 1
        for tc in tr.iterchildren(_TC):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is None or merge.get(_VAL, "continue") != "continue":
                # the rows a vertical merge continues into hold no text
                parts = []
                for part, item in enumerate(tc.iterchildren(_P, _TBL), start=1):
                    if item.tag == _TBL:
                        nested.append(item)
                    else:
                        parts.append((part, item))
                yield "cell", (number, r, col), parts
            col += _number(tc, "tcPr", "gridSpan", 1)
    for inner in nested:
        yield from _walk_table(inner, tables)


def _number(element, properties: str, name: str, default: int) -> int:
    found = element.find(f"{_W}{properties}/{_W}{name}")
    value = found.get(_VAL) if found is not None else None
    return default if value is None else int(value)


_RUN_CONTENT = ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")
_TEXT_OF = {f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-", f"{_W}ptab": "\t", f"{_W}tab": "\t"}


@cache
def _paragraph_content():
    """One compiled XPath for a paragraph's text elements (its runs' and its hyperlinks' runs'), in
    document order."""
    from lxml import etree

    steps = [f"{parent}/w:{child}" for parent in ("w:r", "w:hyperlink/w:r") for child in _RUN_CONTENT]
    return etree.XPath(" | ".join(steps), namespaces={"w": W_NS})


def paragraph_text(p) -> str:
    """The text of a ``w:p`` element as python-docx's ``paragraph.text`` gives it: each run element's
    own text equivalent (a tab, a line break — not a page or column break —, a hyphen)."""
    out = []
    for e in _paragraph_content()(p):
        tag = e.tag
        if tag == f"{_W}t":
            out.append(e.text or "")
        elif tag == f"{_W}br":
            if e.get(f"{_W}type", "textWrapping") == "textWrapping":
                out.append("\n")
        else:
            out.append(_TEXT_OF[tag])
    return "".join(out)


class _Walker:
    def __init__(self, builder: DocumentBuilder, styles: _StyleNames):
        self.builder = builder
        self.styles = styles

    def body(self, body) -> None:
        for kind, where, content in walk_body(body):
            if kind == "paragraph":
                self.paragraph(where, content)
            else:
                table, row, col = where
                pieces = [(paragraph_text(p), {"offset": 0, "part": part}) for part, p in content]
                self.builder.add(BlockKind.TABLE_CELL, pieces, table=table, row=row, col=col)

    def paragraph(self, number: int, p) -> None:
        text = paragraph_text(p)
        style_id = p.find(f"{_W}pPr/{_W}pStyle")
        style = self.styles.name(style_id.get(_VAL) if style_id is not None else None)
        heading = style.lower().startswith(_HEADING_STYLES)
        kind = BlockKind.HEADING if heading and text.strip() else BlockKind.PARAGRAPH
        self.builder.add(kind, [(text, {"paragraph": number, "offset": 0})],
                         style=f"docx:{style}" if style else None)
