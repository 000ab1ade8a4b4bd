"""Plain text and Markdown reports (.txt/.md): encoding detection, paragraphs, headings, pipe tables.

``Document.text`` is the decoded file itself (line endings unified), so offsets are character offsets
in the file and every block's spans give 1-based line and column directly.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import ReadError
from ..model import Block, BlockKind, Document, Span, structure
from ..model.normalize import INDICATOR_ITEM
from ..model.sections import clean_heading_text, numbering_of

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+|$)")
_TABLE_ROW = re.compile(r"^\s*\|")
# A rule line of a grid table ("+------+=====+"), above, between and below its rows
_GRID_RULE = re.compile(r"^\s*\+[-=:+]+\+\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A numbered line this short that ends like a title (not with punctuation, a digit or a word that
# leads on, such as 为 or 的) is a heading: the next line starts a new block even without a blank line.
HEADING_MAX_CHARS = 40
_LEADS_ON = frozenset("。！？；;，,、：:…（([“‘《为是达的和与及或在对将把被从至到共")


def decode(data: bytes, path: str) -> str:
    """Decode with BOM detection, then strict UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8", path)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", path)
    else:
        if b"\x00" in data:
            raise ReadError("not-text", path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if _binary_bytes(data):
                raise ReadError("not-text", path) from None
            text = _strict(data, "gb18030", path)
    if _looks_binary(text):
        raise ReadError("not-text", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReadError("undecodable", path) from None


def _binary_bytes(data: bytes) -> bool:
    """Control bytes that no text encoding we accept produces in ordinary text."""
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in b"\n\r\t\f\v")
    return controls > max(8, len(sample) // 100)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls > max(8, len(sample) // 100)


def read_text(path: str, data: bytes, kind: str) -> Document:
    text = decode(data, path)
    if not text.strip():
        raise ReadError("empty-file", path)
    doc = Document(path=path, kind=kind, text=text, meta={"encoding_detected": True})
    _Parser(doc).run()
    structure(doc)
    return doc


def _tab_rows(lines: list[str]) -> set[int]:
    """Indices of the lines that are rows of a tab-separated table: two or more consecutive lines
    with at least two tabs each (a single tabbed line is a field and its value, not a table)."""
    rows: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if line.count("\t") >= 2 and not _TABLE_ROW.match(line):
            run.append(i)
            continue
        if len(run) >= 2:
            rows.update(run)
        run = []
    # (or two columns, a header and three rows or more: "项目\t金额" / "本年收入合计\t8,100.00" / …)
    for i, line in enumerate(lines + [""]):
        if line.count("\t") == 1 and line.strip() and not _TABLE_ROW.match(line) and i not in rows:
            run.append(i)
            continue
        if len(run) >= 4 and _header_like(lines[run[0]]) and all(lines[k].split("\t")[0].strip() for k in run):
            rows.update(run)
        run = []
    return rows


_BAR = re.compile(r"\s*[|｜]\s*")


# Dates a header may name ("1—6月", "截至6月30日", "2025年预算数"): no figures of a row
_HEADER_DATES = re.compile(r"\d{1,2}\s*[—–\-~～至]\s*\d{1,2}\s*月|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}\s*年")


def _header_like(line: str) -> bool:
    """Whether a line can head a table: no digit in it but those of a date."""
    return not any(ch.isdigit() for ch in _HEADER_DATES.sub("", line))


def _bar_rows(lines: list[str], tabbed: set[int]) -> set[int]:
    """Indices of the lines that are rows of a table written with bars but no outer ones ("序号 | 指标名称
    | 分值 | …"): two or more consecutive lines with the same number (two or more) of bars, the first of
    them a header (no digit in it). Lines of self-labelled fields ("指标1 预算执行率｜分值10｜…") have
    digits in the first line and stay text."""
    rows: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        bars = len(_BAR.findall(line)) if i not in tabbed and not _TABLE_ROW.match(line) else 0
        if bars >= 2 and (not run or bars == len(_BAR.findall(lines[run[0]]))):
            run.append(i)
            continue
        if len(run) >= 2 and _header_like(lines[run[0]]):
            rows.update(run)
        run = [i] if bars >= 2 else []
    return rows


# Fields lined up with runs of spaces (text exported from a PDF or typed to align): two spaces or more, or
# an ideographic space, between non-blank characters
_SPACED = re.compile(r"(?<=\S)(?: {2,}|\u3000+)(?=\S)")


def _spaced_rows(lines: list[str], taken: set[int]) -> tuple[set[int], set[int]]:
    """Indices of the lines that are rows of a table whose columns are aligned with spaces, and of the first
    row of each such table ("项目名称  年初预算  全年预算  支出数"): two or more consecutive lines with two or more
    such gaps each, the first a header (no digit in it). A line with one gap ("主管部门：X　　实施单位：Y") is two
    fields of a cover, not a table; a header of other columns right under rows of figures heads a table of its own."""
    rows: set[int] = set()
    heads: set[int] = set()  # the first row of each table
    run: list[int] = []
    notes: list[int] = []  # indented lines of one field inside the run: notes to the row above
    for i, line in enumerate(lines + [""]):
        gaps = len(_SPACED.findall(line)) if i not in taken and not _TABLE_ROW.match(line) else 0
        if gaps >= 2 and not (len(run) >= 2 and _heads_other_columns(_SPACED.sub("\t", line),
                                                                     _SPACED.sub("\t", lines[run[-1]]), "\t")):
            run.append(i)
            continue
        if len(run) >= 2 and i not in taken and _NOTE_LINE.match(line) and i + 1 < len(lines) \
                and len(_SPACED.findall(lines[i + 1])) >= 2:
            # "             改进措施：加强统筹调度…" under a row, the table going on after it
            notes.append(i)
            continue
        if len(run) >= 2 and _header_like(lines[run[0]]):
            rows.update(run)
            rows.update(n for n in notes if run[0] < n < run[-1])
            heads.add(run[0])
        # (a header of other columns right under a table's rows heads a table of its own: "一级指标  分值  得分")
        run, notes = ([i] if gaps >= 2 else []), []
    return rows, heads


# Words of a header row (a row of text alone after rows of figures, with other columns, heads a new table)
_HEADER_WORDS = re.compile(r"分值|得分|权重|指标|名称|项目|预算|金额|完成值|执行数")


def _heads_other_columns(line: str, above: str, separator: str) -> bool:
    """Whether a row of text alone right under a row of figures, with another number of fields, is the header
    of a table of its own ("一级指标\t分值\t得分" under the rows of a table of funds)."""
    return _header_like(line) and not _header_like(above) and bool(_HEADER_WORDS.search(line)) \
        and line.count(separator) != above.count(separator)


# A note under a row of a space-aligned table: indented, one field ("      改进措施：…")
_NOTE_LINE = re.compile(r"^(?: {4,}|\u3000{2,}|\t)\S.*$")


# A total row written with fewer fields than its table's header (the empty cells before its figures not all
# kept): its figures belong to the last columns when the last header is a figure's (得分), not a text's.
_SHORT_TOTAL = re.compile(r"^(?:合计|总计|小计|总分|综合得分|自评得分)$")
_TEXT_COLUMN = re.compile(r"原因|说明|备注|措施|情况|依据|标准|内容|名称|分析")
_FIGURE_OR_EMPTY = re.compile(r"^(?:[\d.,，%％]*|[０-９.．，％]*)$")


def _heading_line(line: str) -> bool:
    text = line.strip()
    return len(text) <= HEADING_MAX_CHARS and not text[-1].isdigit() and text[-1] not in _LEADS_ON


def _continues(heading: str, line: str) -> bool:
    """Whether ``line`` can only be the rest of the title-like numbered line before it: it opens with
    punctuation, or with a figure (not a year) after a line that does not end with a title word."""
    text = line.lstrip()
    if text[:1] in _CONTINUATION_START:
        return True
    if _TITLE_WORD_END.search(heading.rstrip()) or _YEAR_START.match(text):
        return False  # "一、部门收支决算情况" / "2022年度本年收入…": a heading, then its text
    return text[:1].isdigit()


# A bullet opening a line: "• 数量指标——…", "- 质量指标…" (Markdown), "● …", "四是…".
_BULLET = re.compile(r"^\s*(?:[•·●○▪■◆◇►▶]|[-*+]\s|[一二三四五六七八九十]{1,3}是)")
# A line that ends a sentence: the next line starts a paragraph of its own.
_SENTENCE_DONE = re.compile(r"[。！？!?；;][”’」』)）]*\s*$")
_CONTINUATION_START = frozenset("，,。、；;：:）)%％」』”’")
_TITLE_WORD_END = re.compile(r"(?:情况|概况|分析|说明|结论|问题|建议|措施|评价|目标|成效|指标)$")
_YEAR_START = re.compile(r"(?:19|20)\d{2}\s*年")


def _wrapped_after_semicolon(last: str, line: str) -> bool:
    """Whether ``line`` is the indented rest of a list the line before broke off after a ；("2. 项目支出4,114.16万元，
    其中：医疗设备购置1,386.40万元；住院楼改造1,520.00万元；" / "   中医药传承创新能力建设468.56万元；…")."""
    return last.rstrip().endswith(("；", ";")) and line[:1] in " \u3000" and not _FIELD_LABEL.match(line)


# A line of fields ("一级指标：产出指标；二级指标：…；偏差原因：—"): its first field's label.
_FIELD_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*[:：]")
_FIELDS_IN_LINE = re.compile(r"[；;]\s*[\u4e00-\u9fff]{2,8}\s*[:：]")
_FIELD_SEPARATOR = re.compile(r"[；;]\s*\S")


def _next_record(text: str, paragraph: list[tuple[int, int, int, int]], line: str) -> bool:
    """Whether ``line`` starts the next of records written one a line: it opens with a field's label and
    the line before it holds several fields ("一级指标：产出指标；二级指标：…；偏差原因：—", "项目资金：年初预算数…；
    全年预算数…"), or it opens with
    the label the paragraph opened with ("其中：市级财政资金：…" / "其中：省级补助资金：…"). Such a line starts
    a paragraph of its own, as a table's row would; a record written one field a line stays one paragraph."""
    this = _FIELD_LABEL.match(line)
    if this is None:
        return False
    first = _FIELD_LABEL.match(text[paragraph[0][2]:paragraph[0][3]])
    last = text[paragraph[-1][2]:paragraph[-1][3]]
    several = _FIELDS_IN_LINE.search(last) or (_FIELD_LABEL.match(last) and _FIELD_SEPARATOR.search(last))
    return bool(several) or (first is not None and first.group(1) == this.group(1))


# The label a field's line opens with, long ones too ("偏差原因及改进措施：", "年中监控值（截至6月30日）：").
_NEXT_FIELD = re.compile(r"^\s*[\u4e00-\u9fff][\u4e00-\u9fff()（）\d/、]{1,15}\s*[:：]")  # (or two at once: 分值/得分：10/9.5)
# A line short enough to be whole, not wrapped: shorter than any wrap width a report is set in.
_SHORT_LINE = 30


def _whole_field_line(last: str, line: str) -> bool:
    """Whether ``last`` is a field on a line of its own ("资金来源：县级财政资金和省级人工影响天气专项补助") and
    ``line`` starts something else ("年初预算数86.50万元，…"), no field of the same record: a short line that does
    not run on into it."""
    return bool(_FIELD_LABEL.match(last)) and len(last.strip()) <= _SHORT_LINE and not _FIELDS_IN_LINE.search(last) \
        and bool(line.strip()) and line.strip()[0] not in _CONTINUATION_START \
        and not _NEXT_FIELD.match(line)  # (a record written one field a line stays one paragraph)


def _spread_label_joined(line: str, fields: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A label spread over its column's width ("合    计", "等    级", "项  目"): its two one-character fields are
    one."""
    if len(fields) < 2 or not all(_ONE_HAN.fullmatch(line[a:b].strip()) for a, b in fields[:2]):
        return fields
    return [(fields[0][0], fields[1][1]), *fields[2:]]


_ONE_HAN = re.compile(r"[\u4e00-\u9fff]")


def _rstrip_texts(headers: list[str]) -> list[str]:
    """The headers less the columns of text at their end (偏差原因, 改进措施, 备注)."""
    while headers and _TEXT_COLUMN.search(headers[-1]):
        headers = headers[:-1]
    return headers


def _split_at_columns(line: str, fields: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """Fields of a row two of whose cells are parted by one space only ("满意度指标 服务对象满意度" under 一级指标 |
    三级指标): parted where the text after a space starts under a header of its own."""
    out = []
    for a, b in fields:
        cuts = [p for p in range(a + 1, b - 1) if line[p] == " " and line[p - 1] != " " and line[p + 1] != " "
                and any(abs(_display_width(line[:p + 1]) - start) <= 1 for start in starts)]
        for p in cuts:
            out.append((a, p))
            a = p + 1
        out.append((a, b))
    return out


def _display_width(text: str) -> int:
    """How many columns ``text`` takes in a fixed-width font: Chinese characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _field_column(line: str, a: int, b: int) -> int:
    """The display column the text of the field ``line[a:b]`` starts at (past its leading spaces)."""
    field = line[a:b]
    return _display_width(line[:a + len(field) - len(field.lstrip())])


def _aligned_columns(line: str, fields: list[tuple[int, int]], starts: list[int]) -> list[int] | None:
    """The header column each field of a space-aligned row stands under (1-based), when the row leaves its
    first cells empty: its first field lines up with a header's start and the rest fill the columns after
    it to the last; None otherwise (figures may be aligned right, so only the first field's start counts)."""
    at = _field_column(line, *fields[0])
    first = next((k for k, start in enumerate(starts, start=1) if abs(start - at) <= 1), None)
    if first is None:
        return None
    if first > 1 and first + len(fields) - 1 == len(starts):
        return list(range(first, first + len(fields)))
    # fewer fields than columns left ("      小计            3,730,500.00  3,578,337.13" under 序号 | 项目名称 | 全年预算 |
    # 支出数 | 执行率; "合计          100            总分     98.94" under 一级指标 … 分值 … 完成率 | 得分): each after the first under the header whose span holds its last character when it is a
    # figure (aligned right), its first when it is text
    columns = [first]
    for a, b in fields[1:]:
        text = line[a:b].strip()
        edge = _display_width(line[:a + len(line[a:b].rstrip())]) - 1 if _FIGURE_OR_EMPTY.match(text) \
            else _field_column(line, a, b)
        col = sum(1 for start in starts if start <= edge)
        if col <= columns[-1]:
            return None
        columns.append(col)
    return columns


class _Parser:
    def __init__(self, doc: Document):
        self.doc = doc
        self.tables = 0
        self.header: tuple[int, int] = (0, 0)  # (table, its first row's field count)
        self.header_starts: list[int] = []  # where each header field starts, in display columns
        self.trailing_texts = 0  # how many columns of text end the header (偏差原因 | 改进措施)
        # pending lines of the current paragraph: (line number, offset of the line, start, end)
        self.paragraph: list[tuple[int, int, int, int]] = []

    def run(self) -> None:
        text = self.doc.text
        pos = 0
        lines = text.split("\n")
        in_table = False
        table_row = 0
        heading_before = False  # the last line was a numbered line that reads like a title
        tabbed = _tab_rows(lines)
        barred = _bar_rows(lines, tabbed)
        spaced, spaced_heads = _spaced_rows(lines, tabbed | barred)
        for number, line in enumerate(lines, start=1):
            start, end = pos, pos + len(line)
            pos = end + 1
            # pasted from a spreadsheet, bars only inside, or columns aligned with spaces
            if number - 1 in spaced and in_table and not _SPACED.search(line) and self.doc.blocks \
                    and self.doc.blocks[-1].kind == BlockKind.TABLE_CELL:
                # a note under a row ("改进措施：…"): the text of the row's last cell goes on with it
                self._extend(self.doc.blocks[-1], number, start, end)
                continue
            if number - 1 in tabbed or number - 1 in barred or number - 1 in spaced:
                self._flush()
                if not in_table or number - 1 in spaced_heads or (number - 1 in tabbed and _heads_other_columns(
                        line, lines[number - 2], "\t")):
                    in_table, table_row = True, 0
                    self.tables += 1
                if number - 1 in barred and _TABLE_RULE.match(line):
                    continue  # "--- | --- | ---": the header's rule, no row
                table_row += 1
                separator = "\t" if number - 1 in tabbed else _SPACED if number - 1 in spaced else _BAR
                self._split_cells(line, number, start, table_row, separator)
                continue
            if _TABLE_ROW.match(line):
                self._flush()
                if not in_table:
                    in_table, table_row = True, 0
                    self.tables += 1
                if _TABLE_RULE.match(line):
                    continue
                table_row += 1
                self._cells(line, number, start, table_row)
                continue
            if _GRID_RULE.match(line):
                # "+------+-----+" above, between and below the rows of a grid table: it goes on past one, and
                # is no text of its own
                self._flush()
                continue
            in_table = False
            if not line.strip():
                heading_before = False
                self._flush()
                continue
            heading = _MD_HEADING.match(line)
            if heading:
                self._flush()
                self._block(BlockKind.HEADING, [(number, start, start, end)], style=f"md{len(heading.group(1))}")
                continue
            numbered = numbering_of(clean_heading_text(line)) is not None
            last_line = self.doc.text[self.paragraph[-1][2]:self.paragraph[-1][3]] if self.paragraph else ""
            # (an indicator's number opens an item too: "指标2 困难残疾人生活补贴发放人次｜分值10｜…")
            # (and a line opening with a bracketed title: "【观察指标】网上信访占比")
            if self.paragraph and (numbered or _BULLET.match(line) or INDICATOR_ITEM.match(line) or line.lstrip().startswith("【")
                                   or (_SENTENCE_DONE.search(last_line) and not _wrapped_after_semicolon(last_line, line))
                                   or _next_record(self.doc.text, self.paragraph, line)
                                   or _whole_field_line(last_line, line)
                                   or (heading_before and not _continues(last_line, line))):
                # a numbered or bulleted line starts its own block, a heading ends its own, and so does
                # a line that ends a sentence (a line break after 。 ends a paragraph)
                self._flush()
            self.paragraph.append((number, start, start, end))
            heading_before = numbered and _heading_line(line)
        self._flush()

    def _flush(self) -> None:
        if self.paragraph:
            self._block(BlockKind.PARAGRAPH, self.paragraph)
            self.paragraph = []

    def _block(self, kind: BlockKind, lines: list[tuple[int, int, int, int]], **attrs) -> Block | None:
        spans = []
        for number, line_start, start, end in lines:
            piece = self.doc.text[start:end]
            stripped_start = start + len(piece) - len(piece.lstrip())
            stripped_end = start + len(piece.rstrip())
            if stripped_end > stripped_start:
                spans.append(Span(stripped_start, stripped_end, line=number, column=stripped_start - line_start + 1))
        if not spans:
            return None
        block = Block(len(self.doc.blocks), kind, spans[0].start, spans[-1].end, spans, **attrs)
        self.doc.blocks.append(block)
        return block

    def _extend(self, block: Block, number: int, line_start: int, end: int) -> None:
        """Add a line to a block (a note under a table row to its last cell)."""
        piece = self.doc.text[line_start:end]
        stripped_start = line_start + len(piece) - len(piece.lstrip())
        block.spans.append(Span(stripped_start, line_start + len(piece.rstrip()), line=number,
                                column=stripped_start - line_start + 1))
        block.end = block.spans[-1].end

    def _split_cells(self, line: str, number: int, line_start: int, row: int, separator) -> None:
        """The cells of a row whose fields are parted by ``separator`` (a string or a pattern)."""
        if isinstance(separator, str):
            separator = re.compile(re.escape(separator))
        fields, left = [], 0
        for gap in [*separator.finditer(line), None]:
            right = gap.start() if gap is not None else len(line)
            fields.append((left, right))
            left = gap.end() if gap is not None else right
        if separator is _SPACED:
            fields = _spread_label_joined(line, fields)
        texts = [line[a:b].strip() for a, b in fields]
        if row == 1:
            self.header = (self.tables, len(fields))
            self.trailing_texts = len(texts) - len(_rstrip_texts(texts))
            self.header_starts = [_field_column(line, a, b) for a, b in fields]
        shift = 0
        table, width = self.header
        if separator is _SPACED and table == self.tables and row == 2 and len(fields) == width + 1 \
                and self.header_starts and self.header_starts[0] > _display_width(line[:fields[0][1]]):
            # "              年初预算     调整数 …" over "  基本支出    2,614.30  …": the header leaves the rows'
            # label column unnamed, so its fields stand one column to the right
            for block in self.doc.blocks:
                if block.kind == BlockKind.TABLE_CELL and block.table == self.tables and block.row == 1:
                    block.col += 1
            self.header = (table, width + 1)
            self.header_starts = [_field_column(line, *fields[0]), *self.header_starts]
            table, width = self.header
        if separator is _SPACED and table == self.tables and row > 1 and len(fields) < width:
            fields = _split_at_columns(line, fields, self.header_starts)
        if separator is _SPACED and table == self.tables and row > 1 and len(fields) != width \
                and (columns := _aligned_columns(line, fields, self.header_starts)) is not None:
            # "                            出院人次    ≥13,000人次 …" under a wide table's header: the fields
            # stand under the headers they line up with (the cells to their left left empty)
            for (a, b), col in zip(fields, columns):
                self._block(BlockKind.TABLE_CELL, [(number, line_start, line_start + a, line_start + b)],
                            table=self.tables, row=row, col=col)
            return
        if table == self.tables and row > 1 and len(fields) != width and _SHORT_TOTAL.match(re.sub(r"\s+", "", texts[0])) \
                and all(_FIGURE_OR_EMPTY.match(t) for t in texts[1:]) \
                and all(not t for t in texts[1:1 + max(0, len(fields) - width)]):
            # "合计\t\t\t100\t99.18" under six headers ending in 得分: the figures are the last columns'
            # (and so they are when the row has an empty field too many before them); under headers ending
            # in a text's (偏差原因), the last columns before it
            # (as many as there are columns of text at the end: 偏差原因 | 改进措施)
            shift = width - len(fields) - self.trailing_texts
        for col, (a, b) in enumerate(fields, start=1):
            if col > 1 and col + shift <= 1:
                continue  # an empty field too many
            self._block(BlockKind.TABLE_CELL, [(number, line_start, line_start + a, line_start + b)],
                        table=self.tables, row=row, col=col + (shift if col > 1 else 0))

    def _cells(self, line: str, number: int, line_start: int, row: int) -> None:
        # Split on unescaped pipes; the leading pipe opens the row, a trailing one closes it.
        bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
        for col, (left, right) in enumerate(zip(bounds, bounds[1:]), start=1):
            start, end = line_start + left + 1, line_start + right
            self._block(BlockKind.TABLE_CELL, [(number, line_start, start, end)], table=self.tables, row=row, col=col)
        if bounds and bounds[-1] < len(line.rstrip()) - 1:  # a row without its closing pipe
            start = line_start + bounds[-1] + 1
            self._block(BlockKind.TABLE_CELL, [(number, line_start, start, line_start + len(line))],
                        table=self.tables, row=row, col=len(bounds))
