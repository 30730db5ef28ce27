"""The view in a real browser: Debian's Chromium driven by Playwright, with the network cut off.

Skipped only when /usr/bin/chromium is absent (CI installs it from scripts/apt-packages.txt).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from _viewdata import XSS_IMG, XSS_SCRIPT, build_graph

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (/usr/bin/chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page with every non-file, non-data request aborted and recorded, dialogs recorded."""

    def __init__(self, browser, path: Path):
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60000)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def node_id(self, label: str) -> int:
        return self.js("l => fzView.data.nodes.find(n => n.label === l).id", label)

    def drawn(self) -> int:
        return self.js("fzView.network.body.nodeIndices.length")

    def click_node(self, label: str) -> None:
        nid = self.node_id(label)
        self.js("id => fzView.network.focus(id, {scale: 2.5, animation: false})", nid)
        self.js("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        pt = self.js("""id => { const p = fzView.network.canvasToDOM(fzView.network.getPosition(id));
                        const r = document.getElementById('net').getBoundingClientRect();
                        return [p.x + r.left, p.y + r.top]; }""", nid)
        self.page.mouse.click(pt[0], pt[1])

    def clean(self) -> None:
        assert self.blocked == [], self.blocked
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert self.js("window.__pwned") is None


def entity_count(graph: Path) -> int:
    from fazhigraph.model import ENTITY_TYPES
    from fazhigraph.store import load_store, run_query

    values = " ".join(f"fz:{t}" for t in ENTITY_TYPES)
    _, rows = run_query(load_store(graph), f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?e a ?c ; rdfs:label ?l }}")
    return int(rows[0][0])


@pytest.fixture(scope="module")
def fixture_page(browser, tmp_path_factory):
    from fazhigraph import view as V
    from fazhigraph.store import load_store

    tmp = tmp_path_factory.mktemp("view_browser")
    graph, _ = build_graph(tmp)
    html = tmp / "graph.html"
    html.write_text(V.render(V.from_store(load_store(graph))), encoding="utf-8")
    p = Page(browser, html)
    p.graph = graph
    yield p
    p.page.close()


def test_draws_every_node_of_the_graph(fixture_page):
    p = fixture_page
    n = entity_count(p.graph)
    assert n == 10
    assert p.js("fzView.data.nodes.length") == n
    assert p.drawn() == n
    assert "10 / 10" in p.page.inner_text("#status")
    p.clean()


def test_search_finds_the_law_firm_by_name_and_alias(fixture_page):
    p = fixture_page
    p.page.fill("#search", "金诺")
    items = p.page.locator("#results li .name").all_inner_texts()
    assert items == ["金诺律师事务所"]
    p.page.press("#search", "Enter")
    assert p.page.inner_text("#panel h2") == "金诺律师事务所"
    assert p.js("fzView.network.getSelectedNodes()") == [p.node_id("金诺律师事务所")]
    p.page.fill("#search", "行政处罚法")  # alias search lists the canonical name
    assert "中华人民共和国行政处罚法" in p.page.locator("#results li .name").all_inner_texts()
    p.page.fill("#search", "")
    p.clean()


def test_unticking_a_type_hides_it(fixture_page):
    p = fixture_page
    box = p.page.locator("#legend input[data-type='Law']")
    before = p.drawn()
    box.uncheck()
    laws = p.js("fzView.data.nodes.filter(n => n.type === 'Law').map(n => n.id)")
    assert len(laws) == 3
    assert p.drawn() == before - 3
    assert all(p.js("id => fzView.nodes.get(id).hidden", i) for i in laws)
    box.check()
    assert p.drawn() == before
    p.clean()


def test_filters_by_bureau_year_and_report(fixture_page):
    p = fixture_page
    p.page.select_option("#f-year", "2022")
    visible = set(p.js("fzView.data.nodes.filter(n => !fzView.nodes.get(n.id).hidden).map(n => n.label)"))
    assert visible == {"天津市南开区生态环境局", "金诺律师事务所", "中华人民共和国行政处罚法", "行政执法公示制度"}
    p.page.select_option("#f-year", "")
    bureau = str(p.node_id("天津市西青区生态环境局"))
    p.page.select_option("#f-bureau", bureau)
    visible = set(p.js("fzView.data.nodes.filter(n => !fzView.nodes.get(n.id).hidden).map(n => n.label)"))
    assert "天津市南开区生态环境局" not in visible and "天津市西青区司法局" in visible
    p.page.select_option("#f-bureau", "")
    assert p.drawn() == 10
    p.clean()


def test_clicking_a_law_shows_its_sentences(fixture_page):
    p = fixture_page
    p.click_node("中华人民共和国行政处罚法")
    panel = p.page.locator("#panel")
    assert panel.locator("h2").inner_text() == "中华人民共和国行政处罚法"
    marks = panel.locator(".sentence mark").all_inner_texts()
    assert sorted(marks) == ["中华人民共和国行政处罚法", "中华人民共和国行政处罚法", "行政处罚法"]
    text = panel.inner_text()
    assert "严格执行《中华人民共和国行政处罚法》和《中华人民共和国环境保护法》。" in text
    assert "xq2024.txt" in text and "nk2022.txt" in text
    assert "行政处罚法" in panel.locator("ul").first.inner_text()  # alias listed
    p.clean()


def test_hostile_labels_show_as_text_and_run_nothing(fixture_page):
    p = fixture_page
    assert p.js("document.querySelectorAll('img').length") == 0
    p.page.fill("#search", "<img")
    assert p.page.locator("#results li .name").all_inner_texts() == [XSS_IMG]
    p.page.press("#search", "Enter")
    assert p.page.inner_text("#panel h2") == XSS_IMG
    assert XSS_IMG in p.page.locator("#panel .sentence").first.inner_text()
    p.click_node(XSS_SCRIPT)
    assert p.page.inner_text("#panel h2") == XSS_SCRIPT
    p.page.wait_for_timeout(200)
    assert p.js("document.querySelectorAll('img').length") == 0
    assert p.js("document.querySelectorAll('script').length") == 3  # data, library, page code
    p.clean()


def test_seed_corpus_view_and_screenshot(browser, seed_build):
    """The build's own graph.html on the seed corpus; the screenshot lands in outputs/."""
    summary, out = seed_build
    html = out / "graph.html"
    assert html.is_file()
    p = Page(browser, html)
    try:
        n = entity_count(out / "graph.ttl")
        assert n > 0 and p.drawn() == n
        p.page.fill("#search", "金诺律师事务所")
        assert any("金诺律师事务所" in t for t in p.page.locator("#results li").all_inner_texts())
        p.page.press("#search", "Enter")
        assert "金诺律师事务所" in p.page.inner_text("#panel h2")
        assert p.page.locator("#panel .sentence mark").count() >= 1
        shot = ROOT / "outputs" / "graph_view.png"
        shot.parent.mkdir(exist_ok=True)
        p.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        p.clean()
    finally:
        p.page.close()
