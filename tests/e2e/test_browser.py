"""The HTML report in a real browser: findings render, filters hide and show, links reach the highlighted figure.

Slow: headless Chromium through Playwright for Python, using the system browser (``/usr/bin/chromium``,
Debian's ``chromium`` package); nothing is downloaded at run time (no ``playwright install``). Skipped
when either is missing; ``.ci/run`` installs both. Also saves ``docs/screenshot.png``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.engine import audit_paths
from auditor.reporters.html import HtmlReporter
from auditor.reporters.json import JsonReporter

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO / "samples"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = REPO / "docs" / "screenshot.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (Debian package 'chromium'; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package 'playwright' is missing (pip install playwright; .ci/run installs it)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS, viewport=VIEWPORT,
            locale="zh-CN", device_scale_factor=1)
        yield context
        context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:  # paths as a reviewer types them: samples/…
        mp.chdir(REPO)
        run = audit_paths(["samples"])
    assert len(run.files) == 15
    out = tmp_path_factory.mktemp("report")
    html = out / "report.html"
    html.write_text(HtmlReporter(lang="zh").render(run), encoding="utf-8")
    data = json.loads(JsonReporter(lang="zh").render(run))
    return {"path": html, "json": data, "run": run}


class Watched:
    """A page with its console errors, page errors and every request it made."""

    def __init__(self, context, url: str):
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def close(self):
        self.page.close()
        assert not self.problems, self.problems
        outside = [u for u in self.requests if not u.startswith("file://")]
        assert not outside, outside
        assert len(self.requests) == 1  # the report itself, nothing else


@pytest.fixture
def page(browser_context, report):
    watched = Watched(browser_context, report["path"].as_uri())
    yield watched.page
    watched.close()


def visible_findings(page) -> int:
    return page.locator(".finding:visible").count()


def test_every_finding_renders(page, report):
    total = sum(len(f["findings"]) for f in report["json"]["files"])
    assert total > 0
    assert page.locator(".finding").count() == total
    assert visible_findings(page) == total
    assert page.locator("#shown").inner_text() == f"显示 {total} / {total} 条问题"
    for i, f in enumerate(report["json"]["files"], 1):
        assert page.locator(f"#file-{i} .finding").count() == len(f["findings"])
    # the batch index links to each file's section
    page.locator(".index a[href='#file-7']").click()
    assert page.evaluate("location.hash") == "#file-7"
    assert page.locator("#file-7").is_visible()


def test_severity_filter_hides_and_shows(page, report):
    findings = [x for f in report["json"]["files"] for x in f["findings"]]
    total = len(findings)
    errors = sum(1 for x in findings if x["severity"] == "error")
    assert 0 < errors < total
    box = page.locator("input[data-filter=severity][value=error]")
    box.uncheck()
    assert visible_findings(page) == total - errors
    assert page.locator(".finding[data-severity=error]:visible").count() == 0
    assert page.locator("#shown").inner_text() == f"显示 {total - errors} / {total} 条问题"
    # a card whose findings are all hidden is hidden with them; the document highlights fade
    assert page.locator(".card.error:visible").count() < page.locator(".card.error").count()
    assert page.locator(".doc mark.muted").count() > 0
    box.check()
    assert visible_findings(page) == total
    assert page.locator(".doc mark.muted").count() == 0


def test_check_filter_hides_and_shows(page, report):
    findings = [x for f in report["json"]["files"] for x in f["findings"]]
    total = len(findings)
    code = sorted({x["code"] for x in findings})[0]
    expected = sum(1 for x in findings if x["code"] == code)
    page.locator("#checkmenu summary").click()
    page.locator("button[data-select=none]").click()
    assert visible_findings(page) == 0
    assert page.locator(".nomatch:visible").count() == sum(1 for f in report["json"]["files"] if f["findings"])
    page.locator(f"input[data-filter=check][value={code}]").check()
    assert visible_findings(page) == expected
    assert page.locator(f".finding[data-code={code}]:visible").count() == expected
    assert page.locator("#checkmenu .ccount").inner_text().startswith("1/")
    page.locator("button[data-select=all]").click()
    assert visible_findings(page) == total
    assert page.locator(".nomatch:visible").count() == 0


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(sel) => {
        const el = document.querySelector(sel); if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    }""", selector)


@pytest.mark.parametrize("file_index", [1, 9, 11])  # a .docx, a .txt, a .pdf
def test_a_finding_links_to_its_highlighted_figure(page, report, file_index):
    link = page.locator(f"#file-{file_index} a.loc").first
    href = link.get_attribute("href")
    assert href and href.startswith(f"#f{file_index}-loc")
    link.click()
    assert page.evaluate("location.hash") == href
    target = page.locator(href)
    assert target.count() == 1
    assert target.is_visible()
    assert "hl" in target.get_attribute("class").split()
    assert target.evaluate("el => el.matches(':target') && el.tagName") == "MARK"
    assert target.evaluate("el => !!el.closest('.doc')")  # in the document view
    assert in_viewport(page, href)
    # the way back: the floating button returns to the card the link was clicked in
    card = link.evaluate("el => el.closest('.card').id")
    back = page.locator("#backbtn")
    assert back.is_visible()
    back.click()
    assert page.evaluate("location.hash") == f"#{card}"
    assert in_viewport(page, f"#{card}")
    # and a highlight in the document view leads back to its finding too
    target.click()
    assert page.evaluate("location.hash") == f"#{target.get_attribute('data-back')}"


def test_screenshot(browser_context, report):
    """docs/screenshot.png: one file's findings beside its document, a figure just reached from its finding."""
    run = report["run"]
    index = next(i for i, r in enumerate(run.files, 1) if r.path.endswith("002-gaoxin-human-resources-2023.txt"))
    watched = Watched(browser_context, report["path"].as_uri())
    page = watched.page
    link = page.locator(f"#f{index}-findings .card").first.locator("a.loc").first
    href = link.get_attribute("href")
    link.click()  # a real click on the finding's link: the document view scrolls to the figure
    assert page.evaluate("location.hash") == href
    page.evaluate("""([file, sel]) => {
        const head = document.getElementById(file);
        window.scrollTo(0, head.getBoundingClientRect().top + window.scrollY - 58);
        const el = document.querySelector(sel), pane = el.closest('.docview');
        pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 200;
    }""", [f"file-{index}", href])
    page.wait_for_timeout(2600)  # the target's flash animation has ended
    assert page.evaluate("location.hash") == href and in_viewport(page, href)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    # the committed picture is refreshed only on request (AUDITOR_UPDATE_SCREENSHOT=1), so that a test
    # run leaves the checkout unchanged
    target = SCREENSHOT if os.environ.get("AUDITOR_UPDATE_SCREENSHOT") else report["path"].parent / "screenshot.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    watched.close()
    assert SCREENSHOT.stat().st_size > 20_000


def test_print_layout_drops_the_filters(browser_context, report):
    watched = Watched(browser_context, report["path"].as_uri())
    page = watched.page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator(".finding").first.is_visible()
    position = page.evaluate("getComputedStyle(document.querySelector('.docview')).position")
    assert position == "static"  # the document follows the findings, no inner scrolling
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    watched.close()
