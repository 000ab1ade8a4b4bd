"""The HTML report: self-contained, every located figure marked and linked, escaped, deterministic (no browser)."""

from __future__ import annotations


import os
import re
import subprocess
import sys
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.engine import audit_paths, audit_text
from auditor.findings import FileResult, Finding, Run, Severity
from auditor.reporters import get_reporter
from auditor.reporters.html import HtmlReporter, _events, _group, _Range, visible_attr

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source", "area", "base", "embed", "param", "track"}


@pytest.fixture(scope="module")
def run() -> Run:
    result = audit_paths([str(SAMPLES)])
    assert len(result.files) == 15 and all(f.error is None for f in result.files)
    return result


@pytest.fixture(scope="module")
def html(run) -> str:
    return HtmlReporter(lang="zh").render(run)


@pytest.fixture(scope="module")
def html_en(run) -> str:
    return HtmlReporter(lang="en").render(run)


class Page(HTMLParser):
    """Ids, links, tag balance, and the text inside each element that carries an id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.stack: list[tuple[str, str | None]] = []
        self.errors: list[str] = []
        self.text_of: dict[str, str] = {}
        self.classes_of: dict[str, str] = {}
        self.tags: dict[str, int] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
            self.text_of[attrs["id"]] = ""
            self.classes_of[attrs["id"]] = attrs.get("class") or ""
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        for name in ("src", "srcset", "data", "action", "formaction", "poster", "background"):
            if name in attrs:
                self.srcs.append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {[t for t, _ in self.stack[-3:]]})")
            return
        self.stack.pop()

    def handle_data(self, data):
        for _, ident in self.stack:
            if ident is not None and ident in self.text_of:
                self.text_of[ident] += data


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


def shown(text: str) -> str:
    """A text as the report shows it: invisible characters as ``\\uXXXX``."""
    return visible_attr(text)


# --- self-contained ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_external_resource_of_any_kind(run, html, html_en, lang):
    text = html if lang == "zh" else html_en
    parsed = Page(text)
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"""(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", text, re.I)
    assert "@import" not in text and "url(" not in text.lower()
    assert "@font-face" not in text
    assert not {"link", "img", "iframe", "object", "embed", "audio", "video", "source", "base"} & set(parsed.tags)
    assert parsed.tags.get("script") == 1 and parsed.tags.get("style") == 1  # the inline ones
    assert not parsed.srcs
    assert all(h.startswith("#") for h in parsed.hrefs), [h for h in parsed.hrefs if not h.startswith("#")][:5]
    assert 'src=' not in text


def test_well_formed_with_unique_ids_and_no_broken_link(page):
    assert not page.errors, page.errors[:5]
    assert not page.stack
    assert len(page.ids) == len(set(page.ids)), "every id is unique"
    missing = sorted({h[1:] for h in page.hrefs if len(h) > 1} - set(page.ids))
    assert not missing, missing[:10]


# --- content ------------------------------------------------------------------------------------------


def test_every_finding_is_rendered_once(run, html, page):
    total = sum(len(f.findings) for f in run.files)
    assert total > 0
    assert html.count('<div class="finding" ') == total
    for i, result in enumerate(run.files, 1):
        for n, f in enumerate(result.findings, 1):
            ident = f"f{i}-n{n}"
            assert ident in page.ids
            assert shown(f.message) in page.text_of[ident]
            if f.expected:
                assert shown(f.expected) in page.text_of[ident]
            if f.locations and f.locations[0].section:
                assert shown(f.locations[0].section) in page.text_of[ident]


def test_a_mark_for_every_located_text(run, html, page):
    for i, result in enumerate(run.files, 1):
        anchors = {key: n for n, key in enumerate(sorted({(loc.start, loc.end) for f in result.findings
                                                           for loc in f.locations}), 1)}
        for f in result.findings:
            for loc in f.locations:
                # in the finding: the located text whole, in a <mark>, linked to its place in the document view
                anchor = f"f{i}-loc{anchors[(loc.start, loc.end)]}"
                chip = f'<a class="loc" href="#{anchor}"'
                assert chip in html
                assert f'<mark class="hl {f.severity.value}">' in html
                # in the document view: the highlight with that id holds (the first piece of) the located text
                assert anchor in page.ids, anchor
                assert page.classes_of[anchor].startswith("hl ")
                piece = page.text_of[anchor]
                if loc.end > loc.start:
                    assert piece and shown(loc.text).startswith(piece), (anchor, piece, loc.text)
        # the chips hold the whole located text
        for f in result.findings:
            for loc in f.locations:
                assert f'<mark class="hl {f.severity.value}">{_escaped(loc.text)}</mark>' in html


def _escaped(text: str) -> str:
    from auditor.reporters.html import visible

    return str(visible(text))


def test_document_view_holds_the_whole_text_in_order(run, page):
    for i, result in enumerate(run.files, 1):
        doc = result.document
        ident = f"f{i}-doc"
        if not result.findings:
            continue
        assert ident in page.ids
        shown_text = re.sub(r"\s+", "", page.text_of[ident])
        for block in doc.blocks[:: max(1, len(doc.blocks) // 40)]:
            body = re.sub(r"\s+", "", shown(doc.block_text(block)))
            assert body in shown_text, (result.path, block.index, body[:40])
        last = 0
        for block in doc.blocks:  # in reading order
            body = re.sub(r"\s+", "", shown(doc.block_text(block)))
            if len(body) < 12:
                continue
            at = shown_text.find(body, last)
            assert at >= 0, (result.path, block.index, body[:40])
            last = at


def test_document_view_tables_are_real_tables(run, html):
    docx = next(i for i, r in enumerate(run.files, 1) if r.path.endswith("003-gaoyi-civil-affairs-2021.docx"))
    result = run.files[docx - 1]
    start = html.index(f'id="f{docx}-doc"')
    end = html.index("</section>", start)
    view = html[start:end]
    tables = {b.table for b in result.document.blocks if b.table is not None}
    assert view.count("<table>") == len(tables)
    cells = sum(1 for b in result.document.blocks if b.kind.value == "table_cell")
    assert view.count("<td") == cells
    headings = sum(1 for b in result.document.blocks if b.kind.value == "heading")
    assert len(re.findall(r"<h[3-6]>", view)) == headings


def test_source_context_shows_each_block_of_a_finding(run, page):
    """A finding whose figures lie in different blocks shows a snippet for each of them."""
    for i, result in enumerate(run.files, 1):
        groups = _group(result.findings)
        for g, members in enumerate(groups, 1):
            card = page.text_of[f"f{i}-g{g}"]
            for n in members:
                for loc in result.findings[n].locations:
                    piece = shown(loc.text).split("\n")[0].strip()
                    # once in the chip, at least once more in the source context
                    assert card.count(piece) >= 2, (result.path, loc.text)


def test_counts_by_severity_and_by_check(run, html, html_en):
    summary = run.summary()
    assert f"共检查 {summary['files']} 个文件：{summary['errors']} 个错误，{summary['warnings']} 个警告" in html
    assert f"{summary['files']} file(s) checked: {summary['errors']} error(s)" in html_en
    counts: dict[tuple[str, str], int] = {}
    for result in run.files:
        for f in result.findings:
            counts[(f.code, f.name)] = counts.get((f.code, f.name), 0) + 1
    for (code, name), n in counts.items():
        assert f"<li title=\"按规则\"><code>{code}</code> {name}<b>{n}</b></li>" in html
        assert f'value="{code}" checked> <code>{code}</code> {name} <span class="n">{n}</span>' in html
    # the batch index: one row per file with its counts, linking to the file's section
    for i, result in enumerate(run.files, 1):
        c = [result.count(Severity(s)) for s in ("error", "warning", "info")]
        row = (f'<tr><td class="n">{i}</td><td><a href="#file-{i}">{result.path}</a></td><td>{result.kind}</td>'
               f'<td class="n e">{c[0]}</td><td class="n w">{c[1]}</td><td class="n i">{c[2]}</td>'
               f'<td class="n">{len(result.findings)}</td></tr>')
        assert row in html
        assert f'<section class="file" id="file-{i}">' in html


def test_both_languages_labels(html, html_en):
    zh = ["预算绩效自评报告审核结果", "筛选", "文件一览", "原文全文", "在原文中定位", "应为", "章节", "全选", "全不选",
          "返回问题", "打印", 'lang="zh-CN"']
    en = ["Budget-performance report audit", "Filter", "Files", "Full text", "Show in document", "Expected",
          "Section", "All", "None", "Back to finding", "Print", 'lang="en"']
    for label in zh:
        assert label in html
    for label in en:
        assert label in html_en
    ui_en = html_en.split("<main>")[0] + html_en.split("</main>")[1]
    for label in zh:  # the English page's chrome is English (the findings' own text follows the run)
        assert label not in ui_en
    assert "错误" in html and ">error <b>" in html_en


def test_filters_and_print_stylesheet_are_there(html):
    for severity in ("error", "warning", "info"):
        assert f'data-filter="severity" value="{severity}" checked' in html
    assert 'data-select="all"' in html and 'data-select="none"' in html
    assert "@media print" in html
    css_print = html[html.index("@media print"):html.index("</style>")]
    assert ".toolbar" in css_print and "display: none" in css_print
    assert "break-before: page" in css_print and "break-inside: avoid" in css_print


# --- grouping -------------------------------------------------------------------------------------------


def _finding(doc, code, *spans, severity=Severity.WARNING):
    locs = tuple(doc.locate(doc.text.index(s), doc.text.index(s) + len(s)) if isinstance(s, str) else doc.locate(*s)
                 for s in spans)
    return Finding(code, code.lower(), severity, f"{code} message", locs)


def test_findings_on_the_same_figure_share_one_card():
    text = "一、概况\n\n执行数 4044.35 万元，执行率 57.39%，目标 90%。\n\n满意度 99.21%。\n"
    res = audit_text(text, checks=[])
    doc = res.document
    a = _finding(doc, "AA01", "57.39%", "4044.35 万元")
    b = _finding(doc, "BB02", "57.39%", severity=Severity.ERROR)
    c = _finding(doc, "CC03", "99.21%")
    d = _finding(doc, "DD04", "90%")
    e = _finding(doc, "EE05", "目标 90%")  # overlaps d's figure without the same (start, end)
    assert _group([a, b, c, d, e]) == [[0, 1], [2], [3, 4]]
    res.findings = [a, b, c, d, e]
    out = HtmlReporter().render(Run([res]))
    page = Page(out)
    assert out.count('<article class="card') == 3
    assert out.count('<div class="finding" ') == 5
    card = page.text_of["f1-g1"]
    assert "AA01" in card and "BB02" in card and "2 条问题涉及同一处数字" in card
    assert page.classes_of["f1-g1"] == "card error"  # the most severe of its findings
    # the shared figure has a single place (and id) in the document view, linked from both findings
    assert out.count('href="#f1-loc2"') >= 2
    assert out.count('id="f1-loc2"') == 1
    assert page.text_of["f1-loc2"] == "57.39%"
    assert 'data-f="f1-n1 f1-n2"' in out


def test_sample_findings_about_one_figure_are_grouped(run, html):
    i = next(i for i, r in enumerate(run.files, 1) if r.path.endswith("002-gaoxin-human-resources-2023.txt"))
    result = run.files[i - 1]
    groups = _group(result.findings)
    assert len(groups) < len(result.findings)
    def overlap(m: int, n: int) -> bool:
        return any(a.start < b.end and b.start < a.end or (a.start, a.end) == (b.start, b.end)
                   for a in result.findings[m].locations for b in result.findings[n].locations)

    for members in groups:  # each member of a group shares a figure with another member
        if len(members) > 1:
            assert all(any(overlap(m, n) for n in members if n != m) for m in members)
    for k, g in enumerate(groups):  # and none with a member of another group
        for h in groups[k + 1:]:
            assert not any(overlap(m, n) for m in g for n in h)
    # MN01 and RT01 both flag 23.65% (the year-end execution rate): one card
    codes = [[result.findings[m].code for m in g] for g in groups]
    assert any({"MN01", "RT01"} <= set(c) for c in codes), codes
    assert html.count('<article class="card') == sum(len(_group(r.findings)) for r in run.files)


# --- highlighting ---------------------------------------------------------------------------------------


def test_overlapping_ranges_nest_and_every_id_is_unique():
    text = "0123456789abcdef"
    a = _Range(2, 8, "error", anchor="x-loc1")
    b = _Range(5, 12, "warning", anchor="x-loc2")  # crosses a's end
    c = _Range(5, 12, "info", anchor="x-loc3")  # same span as b
    d = _Range(14, 14, "info", anchor="x-loc4")  # a point
    events = _events(text, 0, len(text), [a, b, c, d])
    html = "".join(e[1] if e[0] == "t" else (f'<mark id="{e[1]}">' if e[0] == "o" and e[1] else
                                               "<mark>" if e[0] == "o" else "</mark>") for e in events)
    assert re.sub(r"</?mark[^>]*>", "", html) == text
    assert html == ('01<mark id="x-loc1">234<mark id="x-loc2"><mark id="x-loc3">567</mark></mark></mark>'
                    '<mark><mark>89ab</mark></mark>cd<mark id="x-loc4"></mark>ef')
    page = Page(html)
    assert not page.errors and not page.stack


def test_a_figure_across_two_blocks_is_marked_in_both():
    text = "一、概况\n\n加强困难群众动\n\n态管理，结合上年度资金结余情况。\n"
    res = audit_text(text, checks=[])
    doc = res.document
    start = text.index("加强")
    end = text.index("结合")
    res.findings = [Finding("TX01", "reused-reason", Severity.WARNING, "重复", (doc.locate(start, end),))]
    out = HtmlReporter().render(Run([res]))
    page = Page(out)
    assert page.text_of["f1-loc1"] == "加强困难群众动"
    view = out[out.index('id="f1-doc"'):]
    assert view.count('<mark class="hl warning"') == 2  # the second piece carries no id
    assert '<mark class="hl warning" data-back="f1-g1" data-f="f1-n1" title="TX01">态管理，' in view


# --- escaping -------------------------------------------------------------------------------------------

EVIL = ("一、基本概况\n\n"
        "本单位 <script>alert(1)</script> 预算 {{ 7*7 }} 万元，{% raw %}执行率为 57.39%。</textarea>"
        "\u202e反转\u202c <img src=x onerror=alert(2)> &amp; \"quoted\" 'single'\x07\u200b\n\n"
        "二、绩效\n\n执行金额为 4044.35 万元，执行率为 57.39%，</style><!-- -->\n")


def _evil_run(tmp_path) -> tuple[Run, FileResult]:
    path = tmp_path / "evil<b>&.txt"
    path.write_text(EVIL, encoding="utf-8")
    run = audit_paths([str(path)])
    result = run.files[0]
    assert result.error is None
    doc = result.document
    spans = [(EVIL.index("<script>"), EVIL.index("</script>") + 9), (EVIL.index("\u202e"), EVIL.index("\u202c") + 1),
             (EVIL.index("{{"), EVIL.index("}}") + 2)]
    result.findings = list(result.findings) + [Finding(
        "ZZ99", "evil<check>", Severity.ERROR, "消息 <b>bold</b> {{ 7*7 }} \u202e", tuple(doc.locate(*s) for s in spans),
        expected="<i>{{ 6*7 }}</i>")]
    return run, result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_malicious_document_renders_inert_and_visible(tmp_path, lang):
    run, _ = _evil_run(tmp_path)
    out = HtmlReporter(lang=lang).render(run)
    page = Page(out)
    assert not page.errors and not page.stack
    assert "<script>alert" not in out and "<img" not in out and "<b>bold" not in out and "<i>" not in out
    assert page.tags.get("script") == 1 and "img" not in page.tags
    assert "</textarea>" not in out and "</style><!--" not in out and "{% raw %}" in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    body = out[out.index("<main>"):out.index("</main>")]
    body = body.replace(html_escape(str(tmp_path)), "")  # the file's path (pytest-429/…) is no evaluation
    assert "{{ 7*7 }}" in body and "49" not in body and "42" not in body  # not evaluated
    for char in ("\u202e", "\u202c", "\x07", "\u200b"):
        assert char not in out
    assert '<span class="ctl" title="U+202E">\\u202e</span>' in out
    assert "\\u0007" in out and "\\u200b" in out
    assert "evil&lt;b&gt;&amp;.txt" in out
    assert "evil&lt;check&gt;" in out
    # the malicious figure is still highlighted and linked
    assert 'href="#f1-loc' in out and page.text_of["f1-loc1"] == "&lt;script&gt;alert(1)&lt;/script&gt;".replace(
        "&lt;", "<").replace("&gt;", ">")


def test_a_check_free_run_shows_the_escaped_text(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(EVIL, encoding="utf-8")
    run = audit_paths([str(path)], checks=[])
    out = HtmlReporter().render(run)
    assert "<script>alert" not in out and "\u202e" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # the whole text is in the (collapsed) document view
    assert "未发现问题" in out


# --- robustness, determinism, size ---------------------------------------------------------------------


def test_unreadable_and_empty_runs_render(tmp_path, report_txt):
    missing = tmp_path / "missing.docx"
    run = audit_paths([str(report_txt), str(missing)])
    out = HtmlReporter(lang="en").render(run)
    assert "Unreadable" in out and "file not found" in out
    assert not Page(out).errors
    empty = HtmlReporter().render(Run([]))
    assert "共检查 0 个文件" in empty and not Page(empty).errors
    # a result built without its document (another tool's Run) still renders, without a document view
    bare = FileResult(path="x.txt", kind="txt", findings=run.files[0].findings)
    out = HtmlReporter().render(Run([bare]))
    assert out.count('<div class="finding" ') == len(bare.findings)
    assert 'class="docview"' not in out and 'href="#f1-loc' not in out


def test_render_is_deterministic(run, html):
    assert HtmlReporter(lang="zh").render(run) == html


def test_same_bytes_across_processes(tmp_path):
    sample = SAMPLES / "002-gaoxin-human-resources-2023.txt"
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, AUDITOR_LANG="zh")
        env.pop("NO_COLOR", None)
        out = tmp_path / f"report-{seed}.html"
        proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "html", "-o", str(out), str(sample)],
                              capture_output=True, env=env, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_reasonably_small(run, html):
    locations = sum(len(f.locations) for r in run.files for f in r.findings)
    text = sum(len(r.document.text) for r in run.files)
    assert len(html.encode("utf-8")) < 4 * text + 400_000
    assert html.count("<mark") < 6 * locations  # highlights wrap ranges, not characters
    assert html.count("<span") < text / 20  # no per-character markup


def test_cli_writes_the_html_report(invoke, tmp_path, report_txt):
    out = tmp_path / "report.html"
    result = invoke("check", "--format", "html", "--lang", "en", "-o", out, report_txt)
    assert result.exit_code in (0, 1)
    written = out.read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and 'lang="en"' in written
    assert get_reporter("html") is HtmlReporter
