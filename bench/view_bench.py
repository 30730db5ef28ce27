#!/usr/bin/env python3
"""Time to the first stable frame of a large graph in Chromium: pyvis default physics vs our view.

Both pages get the same synthetic graph (bureaus as hubs, entities each named by one to
three bureaus, relation labels on edges) and the same instrumentation: vis-network's
``emit`` is wrapped so the page records ``performance.now()`` (milliseconds since navigation
start) at the first ``afterDrawing`` once the layout is final — immediately when physics is
off, or after ``stabilizationIterationsDone``/``stabilized`` when it is on (pyvis's default).

    .venv/bin/python bench/view_bench.py [--nodes 2000]
prints ``view_vs_pyvis: <ratio>`` (pyvis time ÷ ours; higher is better) and the raw figures.
``measure(n_nodes)`` returns the ratio for ``bench/run.py``. Offline: every request that is
not file:// or data: is aborted, and counted.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TYPES = ["Law", "Law", "Law", "System", "System", "Agency", "Agency", "LawFirm", "Unit", "Platform", "Event"]

#: Wraps vis.Network.prototype.emit (the network binds it at construction, so this must run
#: between the library and the page's own script).
PROBE = """<script>(function(){var P=vis.Network.prototype,E=P.emit;
window.__fzt={t:null,stab:null};
P.emit=function(name){var r=E.apply(this,arguments);
 if((name==="stabilizationIterationsDone"||name==="stabilized")&&__fzt.stab===null)__fzt.stab=performance.now();
 if(name==="afterDrawing"&&__fzt.t===null){var on=this.physics&&this.physics.physicsEnabled;
   if(!on||__fzt.stab!==null)__fzt.t=performance.now();}
 return r;};})();</script>"""


def synthetic(n_nodes: int = 2000, seed: int = 1):
    """A ViewGraph shaped like a large build: bureau hubs, entities named by 1-3 bureaus."""
    from fazhigraph.graph import RELATION
    from fazhigraph.view import ViewGraph

    rnd = random.Random(seed)
    vg = ViewGraph()
    hubs = max(2, n_nodes // 50)
    ids = []
    for h in range(hubs):
        iri = f"urn:b{h}"
        vg.add_node(iri, f"第{h}区生态环境局", "Bureau")["reports"].add(h)
        vg.reports.append({"iri": f"urn:r{h}", "file": f"r{h}.txt", "bureau": iri, "year": 2020 + h % 5, "title": ""})
        ids.append(iri)
    for i in range(hubs, n_nodes):
        t = rnd.choice(TYPES)
        iri = f"urn:e{i}"
        vg.add_node(iri, f"{t}实体第{i}号关于加强管理的规定", t)
        for h in rnd.sample(range(hubs), rnd.choice([1, 1, 1, 2, 3])):
            vg.nodes[iri]["reports"].add(h)
            vg.add_edge(ids[h], iri, str(RELATION[t]), h)
    return vg


def pyvis_page(vg) -> str:
    """What plain pyvis 0.3.2 makes of the graph: default options (barnesHut physics with
    stabilization), resources in line, the Bootstrap CDN tags removed."""
    from pyvis.network import Network

    from fazhigraph.view import COLORS, _local, ontology_labels

    labels = ontology_labels()
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for iri, n in vg.nodes.items():
        net.add_node(iri, label=n["label"], color=COLORS.get(n["type"], "#999"), group=n["type"])
    for (s, d, rel) in vg.edges:
        net.add_edge(s, d, label=labels.get(rel, _local(rel)))
    page = net.generate_html()
    page = re.sub(r"<link[^>]*bootstrap[^>]*/?>", "", page)
    page = re.sub(r"<script[^>]*bootstrap[^>]*>\s*</script>", "", page)
    return page


def instrument(page: str) -> str:
    """Insert the probe right after the inlined vis-network library."""
    # the library is the largest inline script: put the probe right after it
    scripts = [m for m in re.finditer(r"<script>(.*?)</script>", page, re.S)]
    lib = max(scripts, key=lambda m: len(m.group(1)))
    return page[: lib.end()] + PROBE + page[lib.end():]


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def offline_page(browser, blocked: list):
    page = browser.new_page(viewport={"width": 1400, "height": 900})

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    return page


def time_to_stable(browser, html_path: Path, timeout_s: float = 600) -> float:
    """Milliseconds from navigation start to the first stable frame; ``timeout_s * 1000`` if
    the page is not stable by then (the result is then a lower bound)."""
    from playwright.sync_api import TimeoutError as PWTimeout

    blocked: list[str] = []
    page = offline_page(browser, blocked)
    try:
        page.goto(html_path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
        try:
            page.wait_for_function("window.__fzt && window.__fzt.t !== null", timeout=timeout_s * 1000, polling=50)
            t = page.evaluate("window.__fzt.t")
        except PWTimeout:
            t = timeout_s * 1000.0
    finally:
        page.close()
    if blocked:
        raise RuntimeError(f"the page tried to reach the network: {blocked[:3]}")
    return float(t)


def run(n_nodes: int = 2000, repeats: int = 3, verbose: bool = False, pyvis_timeout_s: float = 600) -> dict:
    from playwright.sync_api import sync_playwright

    from fazhigraph.view import render

    vg = synthetic(n_nodes)
    t0 = time.perf_counter()
    ours = instrument(render(vg, title=f"bench {n_nodes}"))
    render_s = time.perf_counter() - t0
    theirs = instrument(pyvis_page(vg))
    with tempfile.TemporaryDirectory() as tmp:
        p_ours, p_theirs = Path(tmp, "ours.html"), Path(tmp, "pyvis.html")
        p_ours.write_text(ours, encoding="utf-8")
        p_theirs.write_text(theirs, encoding="utf-8")
        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                ours_ms = [time_to_stable(browser, p_ours) for _ in range(repeats)]
                if verbose:
                    print(f"ours: {ours_ms} ms", file=sys.stderr)
                pyvis_ms = [time_to_stable(browser, p_theirs, timeout_s=pyvis_timeout_s)]
                if verbose:
                    print(f"pyvis: {pyvis_ms} ms", file=sys.stderr)
            finally:
                browser.close()
    ours_med = statistics.median(ours_ms)
    return {"nodes": len(vg.nodes), "edges": len(vg.edges), "ours_ms": ours_med, "pyvis_ms": pyvis_ms[0],
            "ratio": pyvis_ms[0] / ours_med, "render_s": render_s,
            "ratio_incl_layout": pyvis_ms[0] / (ours_med + render_s * 1000),
            "pyvis_timed_out": pyvis_ms[0] >= pyvis_timeout_s * 1000}


def measure(n_nodes: int = 2000, pyvis_timeout_s: float = 600) -> float:
    """pyvis default physics time-to-stable-frame ÷ ours (Chromium, same graph). pyvis takes
    minutes at 2,000 nodes; with a shorter ``pyvis_timeout_s`` the ratio is a lower bound."""
    return run(n_nodes, pyvis_timeout_s=pyvis_timeout_s)["ratio"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pyvis-timeout", type=float, default=600, help="seconds; the ratio is a lower bound past it")
    a = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    r = run(a.nodes, a.repeats, verbose=True, pyvis_timeout_s=a.pyvis_timeout)
    print(f"nodes: {r['nodes']} edges: {r['edges']}")
    print(f"pyvis_default_ms: {'>=' if r['pyvis_timed_out'] else ''}{r['pyvis_ms']:.0f}")
    print(f"fazhigraph_ms: {r['ours_ms']:.0f}")
    print(f"fazhigraph_python_render_s: {r['render_s']:.2f}")
    print(f"view_vs_pyvis_incl_python_layout: {r['ratio_incl_layout']:.1f}")
    print(f"view_vs_pyvis: {r['ratio']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
