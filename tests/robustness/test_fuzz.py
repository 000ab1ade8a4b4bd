"""Fuzzing: property-based tests over the quantity parser, the normaliser, extraction and the readers.

Each target is a pair (strategy, check): the strategy draws one input, ``check`` raises AssertionError
(or anything else) when the code misbehaves on it. The same targets run here with modest example
counts and, much longer, from ``scripts/fuzz.py --minutes N``, which writes every crashing input to
``tests/robustness/regressions/``; every file in that folder is replayed below as a regression test.

Regression file names: ``<target>--<digest>.<ext>``

* ``quantities--….txt``   UTF-8 text given to ``parse_quantities``
* ``normalise--….txt|md``  raw bytes given to ``read_text(path, bytes, kind)`` (kind = the extension)
* ``extract--….txt``       UTF-8 text of a report, read as .txt, then ``extract`` and every check
* ``audit--….<ext>``       raw file bytes given to ``audit_file`` under that extension
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.engine import audit_file
from auditor.errors import ReadError
from auditor.extract import extract
from auditor.extract.quantities import parse_quantities
from auditor.findings import FileResult, Finding, Run
from auditor.messages import MESSAGES
from auditor.model.normalize import fold_char
from auditor.readers.text import read_text
from auditor.reporters.json import JsonReporter
from sample_files import rewrite_member

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SAMPLES = REPO / "samples"
REGRESSIONS = HERE / "regressions"

# Error codes a bad file may legitimately get. ``internal`` (a bug caught by the engine) and
# ``timeout`` (a file that makes the tool spin) are failures of the code, never of the input.
ACCEPTED_CODES = frozenset(k.split(".", 1)[1] for k in MESSAGES if k.startswith("read.")) - {"internal", "timeout"}
AUDIT_TIMEOUT = 30  # seconds; a mutated small sample normally takes well under one

# The real documents mutated by the reader fuzzing (the smaller samples keep each example fast).
MUTATION_SOURCES = sorted(
    p for p in SAMPLES.glob("00[12]-*") if p.suffix in (".docx", ".pdf", ".txt")
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
MEDIUM = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))


# --- strategies -----------------------------------------------------------------------------------------

_NUMBER_TOKENS = [
    "0", "1", "7", "12", "57.39", "4044.35", "7,047.68", "１２３", "５２．３９", "０", ".", "．", ",", "，",
    "-", "—", "－", "~", "～", "+", "/", ":", "：", "、", "e", "E", "1e9", "99999999999", "0.000", "00",
]
_UNIT_TOKENS = [
    "%", "％", "‰", "﹪", "元", "万元", "亿元", "万", "亿", "千", "人", "万人", "人次", "个", "项", "次", "户",
    "分", "天", "日", "月", "年", "年度", "季度", "号", "平方米", "公里", "万余元", "余", "多", "以上", "以下",
    "以内", "之内", "左右", "周岁", "小时", "月份", "日内",
]
_WORD_TOKENS = [
    "约", "近", "超过", "大于等于", "小于", "不低于", "≥", "≤", ">=", "<", "达到", "为", "第", "指标", "表", "附件",
    "联系电话", "热线", "百分之", "千分之", "分之", "三分之一", "三支一扶", "十四五", "一次性", "十分", "二十大",
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两", "零", "〇", "壹", "贰", "拾",
    "（", "）", "(", ")", "〔", "〕", "[", "]", "【", "】", "GB/T", "PM", "G", "COVID-", " ", "\u3000", "\n",
    "执行率", "预算", "完成率", "。", "；", "分别为", "其中", "共", "合计", "期间", "至",
]


@st.composite
def quantity_texts(draw) -> str:
    """Text dense in number-like pieces: digits, units, comparators, numerals, brackets and noise."""
    token = st.one_of(
        st.sampled_from(_NUMBER_TOKENS), st.sampled_from(_UNIT_TOKENS), st.sampled_from(_WORD_TOKENS),
        st.integers(min_value=0, max_value=10**12).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6).map(str),
        st.text(max_size=3),
    )
    return "".join(draw(st.lists(token, max_size=40)))


_NORMALISER_TOKENS = [
    "#", "## ", "### 一、基本概况", "**", "__", "|", "| 指标 | 值 |", "|---|---|", "| --- |", "<br>", "<br/>", "\\|",
    "\n", "\n\n", "\r\n", "\r", "\t", "\u3000", "\u00a0", "\u200b", "\ufeff", "\u202e", "\u202c", "\u2028",
    "０１２３４５６７８９", "．", "％", "，", "：", "（一）", "一、", "1.", "①", "(1)", "> ", "- ", "* ", "`",
    "全年预算数为 7047.68 万元", "执行率为 ５２．３９ ％。", "4044.", "35万元", "填报时间：2023年", "。",
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[31m", "\x7f", "\x85", "\x9b",
]


@st.composite
def normaliser_inputs(draw) -> tuple[bytes, str]:
    """(bytes, kind): random Unicode text (no surrogates) mixed with Markdown, width and control marks."""
    piece = st.one_of(
        st.sampled_from(_NORMALISER_TOKENS),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
        st.text(st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), max_size=6),  # full width
    )
    text = "".join(draw(st.lists(piece, max_size=40)))
    kind = draw(st.sampled_from(["txt", "md"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "gb18030"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data, kind


_REPORT_FRAGMENTS = [
    "一、基本概况", "二、部门整体支出绩效分析", "三、部门单位整体支出绩效分析", "（一）指标一：", "（二）指标二：", "1.", "（1）",
    "## 四、存在的问题", "部门单位名称（公章）：某某局", "填报时间：2023年12月31日", "(2023 年度)",
    "我单位 2023 年全年预算金额为", "年初预算数", "调整数", "调整后预算数为", "全年预算数为", "执行数为", "执行金额为",
    "本次评价预算经费执行数", "预算执行率为", "基本支出", "项目支出", "人员经费", "公用经费", "财政拨款",
    "其中：", "分别为", "、", "，", "。", "；", "：", "\n", "\n\n", " ",
    "该指标预期指标值为", "大于等于", "小于等于", "等于", "年中监控实际完成值为", "本次评价", "该指标完成率为",
    "偏差原因：", "因资金执行进度低", "改进措施：", "加强预算管理", "该指标权重分值为", "自评得分", "总分", "得分",
    "自评等级为", "优", "良", "中", "差", "满意度", "受益群众满意度", "万元", "元", "%", "人", "个", "项", "分", "户",
    "共计", "合计", "| 指标 | 目标值 | 实际值 | 完成率 | 权重 | 得分 |", "|---|---|---|---|---|---|", "| ", " |",
]


# Whole report sentences with holes: {n} a number, {name} an indicator name, {cmp} a comparator.
_REPORT_TEMPLATES = [
    "{name}：该指标预期指标值为{cmp}{n}{unit}，年中监控实际完成值为{n}{unit}，本次评价{name}为{n}{unit}，"
    "该指标完成率为{n}%。偏差原因：{reason}。改进措施：{reason}。该指标权重分值为{n}分，自评得分{n}分。",
    "我单位{year}年全年预算金额为{n}万元，执行金额为{n}万元，执行率为{n}%。",
    "年初预算数{n}万元，调整数{n}万元，调整后预算数{n}万元，执行数{n}万元，预算执行率{n}%。",
    "其中：基本支出{n}万元，项目支出{n}万元；人员经费{n}万元、公用经费{n}万元。",
    "共{n}个项目，分别为{name}、{name}、{name}。",
    "{name}{n}人，其中{name}{n}人、{name}{n}人。",
    "| {name} | {cmp}{n}{unit} | {n}{unit} | {n}% | {n} | {n} |",
    "自评得分{n}分，自评等级为{grade}。", "预算执行率得分{n}分（权重{n}分）。", "（{i}）指标{i}：{name}",
]
_NAMES = ["预算经费", "项目支出预算执行率", "救助保障率", "受益群众满意度", "保民生救助人数", "新增养老服务点",
          "资金", "", "指标"]


@st.composite
def _report_sentence(draw) -> str:
    template = draw(st.sampled_from(_REPORT_TEMPLATES))
    number = st.one_of(
        st.integers(min_value=0, max_value=100_000).map(str),
        st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["57.39", "52.39", "100", "0", "4044.35", "7047.68", "99.21", "107.68", "0.00", "-3"]),
    )
    holes = {
        "n": number, "name": st.sampled_from(_NAMES), "unit": st.sampled_from(["%", "万元", "人", "个", "户", ""]),
        "cmp": st.sampled_from(["", "大于等于", "≥", "小于等于", "等于", "不低于", "≤"]),
        "reason": st.sampled_from(["资金执行进度低", "无", "", "因困难群众为动态数据"]),
        "year": st.sampled_from(["2023", "2024", "二〇二三"]), "grade": st.sampled_from(["优", "良", "中", "差", ""]),
        "i": st.sampled_from(["一", "二", "1", "十"]),
    }
    out, rest = [], template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        key, _, rest = tail.partition("}")
        out.append(head)
        out.append(draw(holes[key]))
    out.append(rest)
    return "".join(out)


@st.composite
def report_texts(draw) -> str:
    """Text assembled from report sentences, fragments and figures: the shapes extraction looks for, and
    the same shapes scrambled."""
    number = st.one_of(
        st.integers(min_value=0, max_value=100_000).map(str),
        st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False).map(str),
    )
    piece = st.one_of(_report_sentence(), st.sampled_from(_REPORT_FRAGMENTS), number, st.text(max_size=2))
    return "".join(draw(st.lists(piece, min_size=1, max_size=40)))


def _mutate(data: bytes, ops: list[tuple[str, float, int]]) -> bytes:
    """Apply byte mutations: flip one byte, insert one, delete a stretch, duplicate a stretch."""
    buf = bytearray(data)
    for op, where, value in ops:
        if not buf:
            buf.append(value)
            continue
        i = min(int(where * len(buf)), len(buf) - 1)
        if op == "flip":
            buf[i] ^= value or 0xFF
        elif op == "insert":
            buf.insert(i, value)
        elif op == "delete":
            del buf[i:i + 1 + value % 64]
        elif op == "duplicate":
            buf[i:i] = buf[i:i + 1 + value % 64]
        elif op == "truncate":
            del buf[max(1, i):]
    return bytes(buf)


_OPS = st.lists(st.tuples(st.sampled_from(["flip", "flip", "insert", "delete", "duplicate", "truncate"]),
                          st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(0, 255)),
                min_size=1, max_size=8)


_CHAR_OPS = st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete", "duplicate"]),
                               st.floats(min_value=0, max_value=1, exclude_max=True),
                               st.one_of(st.characters(blacklist_categories=("Cs",)),
                                         st.sampled_from(list("|#*\n\r\t\u3000０５．％、，。：（）一十万元%") + ["\x00", "\x1b"]))),
                     min_size=1, max_size=12)


def _mutate_text(text: str, ops: list[tuple[str, float, str]]) -> str:
    chars = list(text)
    for op, where, char in ops:
        i = min(int(where * len(chars)), max(len(chars) - 1, 0))
        if op == "replace" and chars:
            chars[i] = char
        elif op == "insert":
            chars.insert(i, char)
        elif op == "delete":
            del chars[i:i + 1 + ord(char) % 200]
        elif op == "duplicate":
            chars[i:i] = chars[i:i + 1 + ord(char) % 200]
    return "".join(chars)


@st.composite
def mutated_documents(draw) -> tuple[bytes, str]:
    """(bytes, extension): a real sample with bytes flipped, inserted, deleted or duplicated (a text
    sample mostly character by character, so that it still decodes and reaches the checks)."""
    source = draw(st.sampled_from(MUTATION_SOURCES))
    ext = source.suffix.lstrip(".")
    if ext == "txt" and draw(st.booleans()):
        text = _mutate_text(source.read_text(encoding="utf-8"), draw(_CHAR_OPS))
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        try:
            return text.encode(encoding), ext
        except UnicodeEncodeError:
            return text.encode("utf-8"), ext
    return _mutate(source.read_bytes(), draw(_OPS)), ext


_XML_MEMBERS = ["word/document.xml", "word/document.xml", "word/styles.xml", "[Content_Types].xml",
                "word/_rels/document.xml.rels", "word/numbering.xml"]


_TREE_OPS = st.lists(st.tuples(st.sampled_from(["drop-element", "duplicate-element", "drop-attribute",
                                                "set-attribute", "move-element", "set-text"]),
                               st.floats(min_value=0, max_value=1, exclude_max=True),
                               st.floats(min_value=0, max_value=1, exclude_max=True),
                               st.sampled_from(["", "0", "-1", "99999999", "x", "true", "auto", "1.5", "Heading1",
                                                "标题 1", "\u202e", "nil", "continue", "restart", "ｗ"])),
                     min_size=1, max_size=6)


def _mutate_tree(xml: bytes, ops) -> bytes:
    """Well-formed damage: elements dropped, duplicated or moved, attributes dropped or given odd values
    (what a careless tool writes, rather than what a flipped bit gives)."""
    from copy import deepcopy

    from lxml import etree

    root = etree.fromstring(xml)
    for op, where, other, value in ops:
        elements = list(root.iter())
        element = elements[min(int(where * len(elements)), len(elements) - 1)]
        parent = element.getparent()
        if op == "drop-element" and parent is not None:
            parent.remove(element)
        elif op == "duplicate-element" and parent is not None:
            element.addnext(deepcopy(element))
        elif op == "move-element" and parent is not None:
            target = elements[min(int(other * len(elements)), len(elements) - 1)]
            if element not in target.iterancestors() and target is not element:
                target.append(element)
        elif op in ("drop-attribute", "set-attribute") and element.attrib:
            names = sorted(element.attrib)
            name = names[min(int(other * len(names)), len(names) - 1)]
            if op == "drop-attribute":
                del element.attrib[name]
            else:
                element.set(name, value)
        elif op == "set-text":
            element.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@st.composite
def mutated_word_parts(draw) -> tuple[bytes, str]:
    """(bytes, "docx"): a sample .docx, re-zipped, with one XML part mutated (past the CRC check):
    bytes flipped, or the XML tree damaged but well-formed."""
    source = draw(st.sampled_from([p for p in MUTATION_SOURCES if p.suffix == ".docx"]))
    member = draw(st.sampled_from(_XML_MEMBERS))
    if draw(st.booleans()):
        ops = draw(_OPS)
        return rewrite_member(source.read_bytes(), member, lambda body: _mutate(body, ops)), "docx"
    tree_ops = draw(_TREE_OPS)
    return rewrite_member(source.read_bytes(), member, lambda body: _mutate_tree(body, tree_ops)), "docx"


# --- the properties ---------------------------------------------------------------------------------


def check_quantities(text: str) -> None:
    quantities = parse_quantities(text)
    previous_end = 0
    for q in quantities:
        assert isinstance(q.value, Decimal) and q.value.is_finite(), q
        assert 0 <= q.start < q.end <= len(text), (q.start, q.end, len(text))
        assert q.start <= q.number_start <= q.number_end <= q.end, q
        assert q.text == text[q.start:q.end], (q.text, text[q.start:q.end])
        assert q.start >= previous_end, "quantities overlap or are out of order"
        previous_end = q.end
        q.base_value, q.tolerance  # noqa: B018 - derived values must compute


def check_normaliser(data: bytes, kind: str) -> None:
    try:
        doc = read_text(f"fuzz.{kind}", data, kind)
    except ReadError:
        return
    text = doc.text
    last = -1  # offset of the last kept character of the previous segment
    for seg in doc.normalized.segments:
        offsets = list(seg.offsets)
        assert len(offsets) == len(seg.text) + 1
        for i, ch in enumerate(seg.text):
            o = offsets[i]
            assert 0 <= o < len(text), (o, len(text))
            if ch == " ":  # a space the view keeps between two words maps to the word after it
                assert i + 1 < len(seg.text) and offsets[i + 1] == o, (seg.text, offsets)
                continue
            assert o > last, f"offsets not increasing at {i} of {seg.text!r}: {o} after {last}"
            # the view folds each character, and reads a bar in running text as the comma it stands for
            assert fold_char(text[o]) == ch or (fold_char(text[o]) == "|" and ch == ","), (i, ch, text[o])
            last = o
        end = offsets[-1]
        assert end <= len(text)
        if seg.text:
            assert end > offsets[-2]


def check_extract(text: str) -> None:
    try:
        doc = read_text("fuzz.txt", text.encode("utf-8"), "txt")
    except ReadError:
        return
    facts = extract(doc)
    for fig in facts.figures:
        assert 0 <= fig.start <= fig.end <= len(doc.text), fig
    facts.to_json()


def check_checks(text: str) -> None:
    """Every check over a report-like text: findings, never an exception (audit_file would hide it)."""
    try:
        doc = read_text("fuzz.txt", text.encode("utf-8"), "txt")
    except ReadError:
        return
    from auditor.config import Config
    from auditor.engine import check_document, selected_checks

    for finding in check_document(doc, selected_checks(Config())):
        _check_finding(finding, doc.text)


def _check_finding(finding: Finding, text: str) -> None:
    assert finding.code and finding.message
    for loc in finding.locations:
        assert 0 <= loc.start <= loc.end <= len(text), loc
    json.dumps(finding.to_json(), ensure_ascii=False)


def check_audit(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory(prefix="auditor-fuzz-") as tmp:
        path = os.path.join(tmp, f"fuzz.{ext}")
        with open(path, "wb") as fh:
            fh.write(data)
        result = audit_file(path, timeout=AUDIT_TIMEOUT)
        assert isinstance(result, FileResult)
        if result.error is not None:
            assert result.error.code in ACCEPTED_CODES, result.error.message("en")
            for lang in ("zh", "en"):
                line = result.error.message(lang)
                assert line.startswith(path) and "\n" not in line, line
            assert result.findings == []
        else:
            text = result.document.text
            for finding in result.findings:
                _check_finding(finding, text)
        report = json.loads(JsonReporter().render(Run([result])))
        assert report["summary"]["files"] == 1


# target name -> (strategy, check taking the drawn value, how a drawn value is saved)
TARGETS = {
    "quantities": (quantity_texts(), lambda text: check_quantities(text),
                   lambda text: (text.encode("utf-8"), "txt")),
    "normalise": (normaliser_inputs(), lambda case: check_normaliser(*case), lambda case: case),
    "extract": (report_texts(), lambda text: check_extract(text), lambda text: (text.encode("utf-8"), "txt")),
    "checks": (report_texts(), lambda text: check_checks(text), lambda text: (text.encode("utf-8"), "txt")),
    "audit": (mutated_documents(), lambda case: check_audit(*case), lambda case: case),
    "audit-xml": (mutated_word_parts(), lambda case: check_audit(*case), lambda case: case),
}
# a saved input of a target replays through this target's check
REPLAY_AS = {"audit-xml": "audit", "checks": "extract"}


def save_regression(target: str, value) -> Path:
    """Write a failing input to the regressions folder (name from its content); return the path."""
    data, ext = TARGETS[target][2](value)
    target = REPLAY_AS.get(target, target)
    REGRESSIONS.mkdir(exist_ok=True)
    path = REGRESSIONS / f"{target}--{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
    path.write_bytes(data)
    return path


def replay(path: Path) -> None:
    """Run a saved input through the check of the target its name gives."""
    target, _, _ = path.name.partition("--")
    data, ext = path.read_bytes(), path.suffix.lstrip(".")
    if target == "quantities":
        check_quantities(data.decode("utf-8"))
    elif target == "normalise":
        check_normaliser(data, ext)
    elif target == "extract":
        text = data.decode("utf-8")
        check_extract(text)
        check_checks(text)
    elif target == "audit":
        check_audit(data, ext)
    else:
        raise AssertionError(f"{path.name}: unknown target {target!r} (see this module's docstring)")


# --- the tests ----------------------------------------------------------------------------------------


@FAST
@given(quantity_texts())
def test_quantity_parser_never_raises_and_offsets_are_honest(text):
    check_quantities(text)


@FAST
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_quantity_parser_on_arbitrary_unicode(text):
    check_quantities(text)


@FAST
@given(normaliser_inputs())
def test_normaliser_raises_only_read_errors_and_maps_back_in_order(case):
    check_normaliser(*case)


@MEDIUM
@given(report_texts())
def test_extraction_never_raises_on_report_like_text(text):
    check_extract(text)


@MEDIUM
@given(report_texts())
def test_checks_never_raise_on_report_like_text(text):
    check_checks(text)


@SLOW
@given(mutated_documents())
def test_mutated_real_documents_give_a_result_or_a_known_error(case):
    check_audit(*case)


@SLOW
@given(mutated_word_parts())
def test_mutated_word_xml_parts_give_a_result_or_a_known_error(case):
    check_audit(*case)


def test_mutation_sources_are_there():
    assert {p.suffix for p in MUTATION_SOURCES} == {".docx", ".pdf", ".txt"}


def _regression_files() -> list[Path]:
    if not REGRESSIONS.is_dir():
        return []
    return sorted(p for p in REGRESSIONS.iterdir()
                  if p.is_file() and not p.name.startswith(".") and "--" in p.name)


@pytest.mark.parametrize("path", _regression_files(), ids=lambda p: p.name)
def test_regression(path):
    replay(path)


def test_the_longer_fuzz_run_starts_and_runs_every_target():
    """``scripts/fuzz.py`` is run by hand, not by the suite: a short run here keeps it working (it once
    could not import the tests' own helpers outside pytest)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(REPO / "scripts" / "fuzz.py"), "--rounds", "1",
                           "--examples", "2", "--seed", "7"], capture_output=True, text=True, timeout=300,
                          cwd=tempfile.gettempdir())
    assert done.returncode == 0, done.stdout + done.stderr
    rounds = [line for line in done.stdout.splitlines() if line.startswith("round ")]
    assert len(rounds) == 1
    for name in ("quantities", "normalise", "extract", "checks", "audit", "audit-xml"):
        assert f" {name} 2" in rounds[0]
