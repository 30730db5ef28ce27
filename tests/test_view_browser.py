"""The view in a real browser: Debian's Chromium driven by Playwright, with the network cut off.

Skipped only when /usr/bin/chromium is absent (CI installs it from scripts/apt-packages.txt).
"""
from __future__ import annotations

import re
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


# --------------------------------------------------------------------------- first sight (corpus/)

#: What the page's own positions and scale say of each drawn label: its node's place on screen,
#: its box (CSS px in the canvas), its font size, and the text's width measured anew.
LABEL_GEOMETRY = """() => {
  const v = fzView, net = v.network, box = document.getElementById('net');
  const ctx = document.createElement('canvas').getContext('2d');
  return {W: box.clientWidth, H: box.clientHeight, scale: net.getScale(), labels: v.labels().map(l => {
    const p = net.canvasToDOM(net.getPosition(l.id));
    ctx.font = l.font;
    return {id: l.id, x: l.x, y: l.y, w: l.w, h: l.h, px: l.px, text: l.text, nx: p.x, ny: p.y,
            textW: ctx.measureText(l.text).width,
            size: net.body.nodes[l.id].options.size * net.getScale()};
  })};
}"""


def _overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def _check_labels(geo) -> dict:
    """Every drawn label: at least 10 px, inside the canvas, next to its node, as wide as its
    text, overlapping no other label. Returns them by node id."""
    labels = geo["labels"]
    for lab in labels:
        assert lab["px"] >= 10
        assert 0 <= lab["x"] and lab["x"] + lab["w"] <= geo["W"] and 0 <= lab["y"] and lab["y"] + lab["h"] <= geo["H"]
        assert lab["w"] >= lab["textW"] and lab["h"] >= lab["px"]
        # the box touches the node's symbol (below, above, right or left of it)
        near = lab["size"] + 8
        assert lab["x"] - near <= lab["nx"] <= lab["x"] + lab["w"] + near
        assert lab["y"] - near <= lab["ny"] <= lab["y"] + lab["h"] + near
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (a["text"], b["text"])
    return {lab["id"]: lab for lab in labels}


def _percentile_span(values: list[float]) -> float:
    vs = sorted(values)
    k = len(vs)
    return vs[int(0.9 * (k - 1))] - vs[int(0.1 * (k - 1))]


@pytest.fixture(scope="module")
def corpus_page(browser, seed_build):
    _, out = seed_build
    blocked, errors = [], []
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (blocked.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((out / "graph.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60000)
    yield page
    assert blocked == [] and errors == []
    page.close()


def test_corpus_overview_is_readable_at_first_sight(corpus_page):
    page = corpus_page
    geo = page.evaluate(LABEL_GEOMETRY)
    drawn = _check_labels(geo)
    nodes = page.evaluate("fzView.data.nodes.map(n => ({id: n.id, type: n.type, reports: n.reports.length}))")
    bureaus = [n["id"] for n in nodes if n["type"] == "Bureau"]
    assert len(bureaus) == 4
    # the 20 entities most reports name (ties: the page's own order, by links then id)
    order = page.evaluate("fzView.priority")
    top = [i for i in order if nodes[i]["type"] != "Bureau"][:20]
    assert [nodes[i]["reports"] for i in top] == sorted((n["reports"] for n in nodes if n["type"] != "Bureau"), reverse=True)[:20]
    missing = [i for i in bureaus + top if i not in drawn]
    assert missing == [], page.evaluate("ids => ids.map(i => fzView.data.nodes[i].label)", missing)
    assert len(drawn) >= 40  # more than the must-haves where there is room
    # node size follows how many reports name the entity
    sizes = page.evaluate("fzView.data.nodes.map(n => fzView.nodes.get(n.id).size)")
    ents = [n for n in nodes if n["type"] != "Bureau"]
    most, one = max(ents, key=lambda n: n["reports"]), min(ents, key=lambda n: n["reports"])
    assert sizes[most["id"]] > sizes[one["id"]]
    shot = ROOT / "outputs" / "graph_view_overview.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_corpus_bureau_filter_spreads_and_refits(corpus_page):
    page = corpus_page
    before = page.evaluate("fzView.network.getScale()")
    bureau = page.evaluate("fzView.data.nodes.find(n => n.label === '天津市南开区生态环境局').id")
    page.select_option("#f-bureau", str(bureau))
    geo = page.evaluate("""() => { const net = fzView.network, box = document.getElementById('net');
        const ids = net.body.nodeIndices.slice();
        return {W: box.clientWidth, H: box.clientHeight, pts: ids.map(i => net.canvasToDOM(net.getPosition(i)))}; }""")
    pts = geo["pts"]
    assert 10 < len(pts) < 184
    assert all(0 <= p["x"] <= geo["W"] and 0 <= p["y"] <= geo["H"] for p in pts)  # fitted to what is shown
    span_x = _percentile_span([p["x"] for p in pts])
    span_y = _percentile_span([p["y"] for p in pts])
    assert span_x >= geo["W"] / 2 or span_y >= geo["H"] / 2, (span_x, span_y, geo)
    _check_labels(page.evaluate(LABEL_GEOMETRY))
    # the legend counts what is shown
    law = page.locator("#legend input[data-type='Law'] ~ .count").inner_text()
    shown_laws = page.evaluate("fzView.network.body.nodeIndices.filter(i => fzView.data.nodes[i].type === 'Law').length")
    assert law.startswith(f"({shown_laws} / ")
    shot = ROOT / "outputs" / "graph_view_bureau.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    # clearing the filter restores the overview
    page.select_option("#f-bureau", "")
    assert page.evaluate("fzView.data.nodes.every(n => { const p = fzView.network.getPosition(n.id); "
                         "return Math.abs(p.x - n.x) < 1 && Math.abs(p.y - n.y) < 1; })")
    assert abs(page.evaluate("fzView.network.getScale()") - before) < 1e-6
    total_laws = page.evaluate("fzView.data.types.find(t => t.id === 'Law').count")
    assert page.locator("#legend input[data-type='Law'] ~ .count").inner_text() == f"({total_laws})"


def test_corpus_every_filter_lays_out_and_fits(corpus_page):
    page = corpus_page
    inside = """() => { const net = fzView.network, box = document.getElementById('net');
        return net.body.nodeIndices.every(i => { const p = net.canvasToDOM(net.getPosition(i));
          return p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight; }); }"""
    full = page.evaluate("fzView.network.body.nodeIndices.length")
    for sel, value in (("#f-report", "0"), ("#f-year", page.evaluate("String(fzView.data.reports[0].year)"))):
        page.select_option(sel, value)
        assert 0 < page.evaluate("fzView.network.body.nodeIndices.length") < full
        assert page.evaluate(inside)
        _check_labels(page.evaluate(LABEL_GEOMETRY))
        page.select_option(sel, "")
    page.locator("#legend input[data-type='System']").uncheck()
    assert page.evaluate(inside)
    assert page.evaluate("fzView.network.body.nodeIndices.every(i => fzView.data.nodes[i].type !== 'System')")
    page.locator("#legend input[data-type='System']").check()
    page.check("#only-results")
    page.fill("#search", "行政处罚")
    shown = page.evaluate("fzView.network.body.nodeIndices.map(i => fzView.data.nodes[i])")
    assert shown and all("行政处罚" in n["label"] or any("行政处罚" in a for a in n["aliases"]) or n["type"] == "Bureau"
                          for n in shown)
    assert page.evaluate(inside)
    page.fill("#search", "")
    page.uncheck("#only-results")
    assert page.evaluate("fzView.network.body.nodeIndices.length") == full


def test_corpus_neighbourhood_on_click_and_double_click(corpus_page):
    page = corpus_page
    nid = page.evaluate("fzView.priority.find(i => fzView.data.nodes[i].type !== 'Bureau')")
    neigh = set(page.evaluate("""id => { const s = new Set([id]);
        fzView.data.edges.forEach(e => { if (e.from === id) s.add(e.to); if (e.to === id) s.add(e.from); });
        return Array.from(s); }""", nid))
    where = """id => { const p = fzView.network.canvasToDOM(fzView.network.getPosition(id));
        const r = document.getElementById('net').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }"""
    pt = page.evaluate(where, nid)
    page.mouse.click(pt[0], pt[1])
    opac = page.evaluate("fzView.data.nodes.map(n => fzView.nodes.get(n.id).opacity)")
    assert {i for i, o in enumerate(opac) if o == 1} == neigh
    assert all(o < 0.5 for i, o in enumerate(opac) if i not in neigh)
    assert set(l["id"] for l in page.evaluate(LABEL_GEOMETRY)["labels"]) <= neigh  # the dimmed get no label
    pt = page.evaluate(where, nid)  # the panel has opened beside the canvas
    page.mouse.dblclick(pt[0], pt[1])
    assert set(page.evaluate("fzView.network.body.nodeIndices")) == neigh
    assert page.is_visible("#focus")
    page.click("#focus-clear")
    assert page.evaluate("fzView.network.body.nodeIndices.length") == page.evaluate("fzView.data.nodes.length")
    # the panel's button does the same
    page.evaluate("id => fzView.select(id)", nid)
    page.click("#panel button.only")
    assert set(page.evaluate("fzView.network.body.nodeIndices")) == neigh
    page.click("#focus-clear")
    assert not page.is_visible("#focus")
    page.evaluate("fzView.highlight(null)")
    assert page.evaluate("fzView.data.nodes.every(n => fzView.nodes.get(n.id).opacity === 1)")


def test_corpus_view_saves_as_png(corpus_page):
    page = corpus_page
    with page.expect_download() as dl:
        page.click("#save-png")
    path = dl.value.path()
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert dl.value.suggested_filename.endswith(".png")


def test_corpus_hover_shows_a_label_not_drawn_before(corpus_page):
    page = corpus_page
    page.evaluate("fzView.highlight(null)")
    unlabelled = page.evaluate("""() => { const got = new Set(fzView.labels().map(l => l.id));
        return fzView.network.body.nodeIndices.filter(i => !got.has(i)); }""")
    assert unlabelled  # zoomed out, not every name has room
    nid = unlabelled[len(unlabelled) // 2]
    pt = page.evaluate("""id => { const p = fzView.network.canvasToDOM(fzView.network.getPosition(id));
        const r = document.getElementById('net').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }""", nid)
    page.mouse.move(pt[0], pt[1])
    page.wait_for_function("id => fzView.labels().some(l => l.id === id)", arg=nid, timeout=5000)
    _check_labels(page.evaluate(LABEL_GEOMETRY))  # still no two overlapping
    page.mouse.move(1, 1)


def test_panel_sections_can_be_extended(fixture_page):
    p = fixture_page
    p.js("""() => { fzView.panelSections.push(function extra(n, ctx) {
        return ctx.section('测试 / Test', ctx.el('p', n.reports.length + ' reports', 'extra')); }); }""")
    try:
        p.js("id => fzView.select(id)", p.node_id("金诺律师事务所"))
        assert p.page.inner_text("#panel p.extra") == "2 reports"
        assert p.page.locator("#panel section h3").all_inner_texts()[-1] == "测试 / Test"
    finally:
        p.js("() => { fzView.panelSections.pop(); }")
    p.clean()


def test_corpus_bureau_panel_lists_its_figures_by_year(corpus_page):
    page = corpus_page
    page.evaluate("fzView.highlight(null)")
    got = page.evaluate("""() => { const d = fzView.data, figs = d.figures || {};
        const b = d.nodes.filter(n => n.type === 'Bureau' && (figs[n.id] || []).some(f => f[1] === '罚没款' || f[1] === '立案'));
        const none = d.nodes.find(n => n.type === 'Bureau' && !figs[n.id]);
        return {with: b.length ? b[0].id : null, without: none ? none.id : null}; }""")
    assert got["with"] is not None
    page.evaluate("id => fzView.select(id)", got["with"])
    h3 = page.locator("#panel section h3").all_inner_texts()
    assert any(t.startswith("数字指标 / Figures (") for t in h3)
    years = page.locator("#panel .figures h4").all_inner_texts()
    assert years and all(re.match(r"\d{4} \(\d+\)$", y) for y in years)
    nums = [int(y[:4]) for y in years]
    assert nums == sorted(nums, reverse=True)  # newest first
    lines = page.locator("#panel li.figure summary").all_inner_texts()
    assert any(t.startswith(("罚没款", "立案")) and " · " in t for t in lines)
    first = page.locator("#panel li.figure").first
    assert first.get_attribute("title")  # the source sentence on hover
    first.locator("summary").click()  # and on click, with the figure's text marked
    assert first.locator(".sentence mark").count() == 1
    assert first.locator(".sentence mark").inner_text() in first.get_attribute("title")
    if got["without"] is not None:  # a body with no figures shows no section
        page.evaluate("id => fzView.select(id)", got["without"])
        assert not any(t.startswith("数字指标") for t in page.locator("#panel section h3").all_inner_texts())
