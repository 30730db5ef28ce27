"""The HTML view without a browser: data from results and from RDF, cuts, layout, escaping, CLI."""
from __future__ import annotations

import json
import re

import pytest

from _viewdata import XSS_IMG, XSS_SCRIPT, build_graph, reports
from fazhigraph import view as V
from fazhigraph.graph import build_quads
from fazhigraph.store import load_store


@pytest.fixture
def built(tmp_path):
    path, linker = build_graph(tmp_path)
    return path, linker


def _by_label(vg):
    return {n["label"]: n for n in vg.nodes.values()}


def _payload_from_page(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="fz-data">(.*?)</script>', page, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


def test_from_results_nodes_edges_and_sentences():
    reps = reports()
    _, linker = build_quads(reps)
    vg = V.from_results(reps, linker)
    nodes = _by_label(vg)
    law = nodes["中华人民共和国行政处罚法"]
    assert law["type"] == "Law" and "行政处罚法" in law["aliases"]
    assert law["reports"] == {0, 1, 2}  # the short form in xq2024 is linked to the full name
    rels = {(vg.nodes[s]["label"], vg.nodes[d]["label"], r.rsplit("#", 1)[-1]) for s, d, r in vg.edges}
    assert ("天津市西青区生态环境局", "金诺律师事务所", "retainsLawFirm") in rels
    assert ("天津市南开区生态环境局", "行政执法公示制度", "operatesSystem") in rels
    # every highlighted span is the mention's own text inside its sentence
    iri = next(i for i, n in vg.nodes.items() if n["label"] == "中华人民共和国行政处罚法")
    spans = [(text[s:e]) for text, sp in vg.mentions[iri].values() for s, e in sp]
    assert sorted(spans) == ["中华人民共和国行政处罚法", "中华人民共和国行政处罚法", "行政处罚法"]


def test_from_store_matches_from_results(built):
    path, linker = built
    a = V.from_results(reports(), linker)
    b = V.from_store(load_store(path))
    assert set(a.nodes) == set(b.nodes)
    for iri in a.nodes:
        assert a.nodes[iri]["label"] == b.nodes[iri]["label"]
        assert a.nodes[iri]["type"] == b.nodes[iri]["type"]
        assert a.nodes[iri]["aliases"] == b.nodes[iri]["aliases"]
    files_a = {iri: {a.reports[r]["file"] for r in n["reports"]} for iri, n in a.nodes.items()}
    files_b = {iri: {b.reports[r]["file"] for r in n["reports"]} for iri, n in b.nodes.items()}
    assert files_a == files_b
    assert {k[:2] for k in a.edges} == {k[:2] for k in b.edges}
    sent_a = {iri: sorted((t, tuple(sorted(sp))) for t, sp in ms.values()) for iri, ms in a.mentions.items()}
    sent_b = {iri: sorted((t, tuple(sorted(sp))) for t, sp in ms.values()) for iri, ms in b.mentions.items()}
    assert sent_a == sent_b


def test_for_report_keeps_only_that_report(built):
    vg = V.from_store(load_store(built[0]))
    one = V.for_report(vg, "some/dir/xq2024.txt")
    labels = set(_by_label(one))
    assert "天津市西青区司法局" in labels and "中华人民共和国行政处罚法" in labels
    assert "金诺律师事务所" not in labels and "天津市南开区生态环境局" not in labels
    for iri, ms in one.mentions.items():
        assert {one.reports[r]["file"] for r, _ in ms} == {"xq2024.txt"}
    with pytest.raises(Exception, match="E020"):
        V.for_report(vg, "nope.txt")


def test_neighbourhood_depth(built):
    vg = V.from_store(load_store(built[0]))
    d0 = V.neighbourhood(vg, "金诺律师事务所", 0)
    assert set(_by_label(d0)) == {"金诺律师事务所"}
    d1 = V.neighbourhood(vg, "金诺律师事务所", 1)
    assert set(_by_label(d1)) == {"金诺律师事务所", "天津市西青区生态环境局", "天津市南开区生态环境局"}
    d2 = V.neighbourhood(vg, "行政处罚法", 2)  # an alias finds the node
    assert "中华人民共和国环境保护法" in _by_label(d2) and "天津市西青区司法局" in _by_label(d2)
    with pytest.raises(Exception, match="no entity named"):
        V.neighbourhood(vg, "不存在的机关", 1)


def test_from_construct_draws_the_constructed_triples(built):
    store = load_store(built[0])
    q = """CONSTRUCT { ?b fz:retainsLawFirm ?f } WHERE { ?b fz:retainsLawFirm ?f }"""
    vg = V.from_construct(store, q)
    assert set(_by_label(vg)) == {"金诺律师事务所", "天津市西青区生态环境局", "天津市南开区生态环境局"}
    assert len(vg.edges) == 2
    firm = _by_label(vg)["金诺律师事务所"]
    assert firm["type"] == "LawFirm" and len(firm["reports"]) == 2
    with pytest.raises(Exception, match="CONSTRUCT"):
        V.from_construct(store, "SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(Exception, match="E020"):
        V.from_construct(store, "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }")


def test_json_for_script_cannot_close_the_element():
    s = V.json_for_script({"a": XSS_SCRIPT, "b": "&<>\u2028"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"a": XSS_SCRIPT, "b": "&<>\u2028"}


def test_render_is_self_contained_and_escaped(built):
    page = V.render(V.from_store(load_store(built[0])))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    # nothing that loads from elsewhere
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)
    assert "cdn.jsdelivr" not in page and "cdnjs.cloudflare" not in page
    assert "sourceMappingURL=" not in page
    # hostile labels only inside the escaped JSON
    assert XSS_IMG not in page and "<script>window.__pwned" not in page
    data = _payload_from_page(page)
    labels = {n["label"] for n in data["nodes"]}
    assert {XSS_IMG, XSS_SCRIPT, "金诺律师事务所"} <= labels
    assert len(data["nodes"]) == 10
    types = {t["id"]: t for t in data["types"]}
    assert types["LawFirm"]["label"] == "律师事务所" and types["Law"]["count"] == 3
    assert {e["label"] for e in data["edges"]} >= {"引用", "聘请律师事务所", "运行制度"}
    firm = next(n for n in data["nodes"] if n["label"] == "金诺律师事务所")
    assert {data["reports"][r]["file"] for r in firm["reports"]} == {"xq2021.txt", "nk2022.txt"}
    sents = data["mentions"][str(firm["id"])]
    assert all(data["sentences"][i][s:e] == "金诺律师事务所" for _, i, spans in sents for s, e in spans)


def test_render_html_for_build(built):
    reps = reports()
    _, linker = build_quads(reps)
    page = V.render_html(reps, linker)
    assert len(_payload_from_page(page)["nodes"]) == 10


def test_layout_deterministic_and_spread():
    star = [("hub", f"leaf{i}") for i in range(300)] + [("hub2", f"x{i}") for i in range(50)] + [("hub", "hub2")]
    nodes = sorted({v for e in star for v in e} | {"alone"})
    p1 = V.layout(nodes, star)
    p2 = V.layout(nodes, star)
    assert p1 == p2 and set(p1) == set(nodes)
    assert len(set(p1.values())) == len(nodes)  # no two nodes on the same spot
    # leaves of one hub do not land on the other hub's ring
    import math
    r2 = max(math.dist(p1["hub2"], p1[f"x{i}"]) for i in range(50))
    assert all(math.dist(p1["hub2"], p1[f"leaf{i}"]) > r2 * 0.5 for i in range(300))


def test_layout_large_graph_without_scipy():
    import random

    rnd = random.Random(3)
    edges = [(f"b{rnd.randrange(60)}", f"e{i}") for i in range(1500)]
    edges += [(f"b{rnd.randrange(60)}", f"e{i}") for i in range(0, 1500, 2)]  # a large core
    nodes = sorted({v for e in edges for v in e})
    pos = V.layout(nodes, edges)
    assert set(pos) == set(nodes)
    assert all(math_ok(x) and math_ok(y) for x, y in pos.values())


def math_ok(v: float) -> bool:
    import math

    return math.isfinite(v)


def test_cli_view_modes(built, tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    path = built[0]
    run = CliRunner().invoke
    r = run(app, ["view", "-g", str(path)])
    assert r.exit_code == 0, r.output
    assert len(_payload_from_page((tmp_path / "graph.html").read_text(encoding="utf-8"))["nodes"]) == 10
    r = run(app, ["view", "-g", str(path), "--report", "nk2022.txt", "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    assert len(_payload_from_page((tmp_path / "r.html").read_text(encoding="utf-8"))["nodes"]) == 4
    r = run(app, ["view", "-g", str(path), "--focus", "金诺律师事务所", "--depth", "1"])
    assert r.exit_code == 0 and "3 nodes" in r.output
    q = tmp_path / "q.rq"
    q.write_text("CONSTRUCT { ?b fz:cites ?l } WHERE { ?b fz:cites ?l }", encoding="utf-8")
    r = run(app, ["view", "-g", str(path), "--query", str(q), "-o", str(tmp_path / "q.html")])
    assert r.exit_code == 0, r.output
    labels = {n["label"] for n in _payload_from_page((tmp_path / "q.html").read_text(encoding="utf-8"))["nodes"]}
    assert "中华人民共和国行政处罚法" in labels and "金诺律师事务所" not in labels
    r = run(app, ["view", "-g", str(path), "--focus", "没有这个"])
    assert r.exit_code == 2
    r = run(app, ["view", "-g", str(tmp_path / "missing.ttl")])
    assert r.exit_code == 2


def test_cached_layout_is_keyed_on_hubs_weights_and_labels(tmp_path):
    cache = tmp_path / "layout.pkl"
    nodes = ["a", "b", "x", "y", "z"]
    edges = [("a", "x"), ("a", "y"), ("b", "y"), ("b", "z")]
    p1 = V.cached_layout(nodes, edges, cache, hubs=["a", "b"], weight={"y": 2}, labels={"y": "共享"})
    assert cache.is_file()
    assert V.cached_layout(nodes, edges, cache, hubs=["a", "b"], weight={"y": 2}, labels={"y": "共享"}) == p1
    stamp = cache.stat().st_mtime_ns
    p2 = V.cached_layout(nodes, edges, cache, hubs=["y"], weight={"y": 2}, labels={"y": "共享"})
    assert cache.stat().st_mtime_ns != stamp or p2 != p1  # laid out anew for other hubs
    assert p2 == V.layout(nodes, edges, ["y"], {"y": 2}, {"y": "共享"})


def test_page_lays_out_around_the_bureaus_and_carries_its_own_layout_and_labels(built):
    page = V.render(V.from_store(load_store(built[0])))
    data = _payload_from_page(page)
    nodes = {n["label"]: n for n in data["nodes"]}
    xq, nk = nodes["天津市西青区生态环境局"], nodes["天津市南开区生态环境局"]
    firm = nodes["金诺律师事务所"]  # named by both bureaus: between them
    d = ((xq["x"] - nk["x"]) ** 2 + (xq["y"] - nk["y"]) ** 2) ** 0.5
    for b in (xq, nk):
        assert ((firm["x"] - b["x"]) ** 2 + (firm["y"] - b["y"]) ** 2) ** 0.5 < d
    # the browser side of the layout and the labels travel inside the page (offline)
    assert "var FZLayout" in page and "var FZLabels" in page and "maxZoomLevel: 1.25" in page
    assert V.render(V.from_store(load_store(built[0]))) == page  # same input, same bytes


S24 = "2024年与天津市西青区司法局联合办理行政处罚案件40余件。"


def _with_figures():
    """The hand-made reports, with figures (as the extractor gives them) for 西青 2021 and 2024."""
    from fazhigraph.model import Figure, Mention

    reps = reports()
    xq21, xq24 = reps[0], reps[1]
    xq21.sentences.append(_sentence(xq21, "全年立案查处环境违法案件136件，罚没款约85.5万元。"))
    xq24.sentences.append(_sentence(xq24, S24))
    at = xq24.sentences[-1].start + S24.index("天津市西青区司法局")
    xq24.mentions.append(Mention(type="Agency", text="天津市西青区司法局", start=at, end=at + 9, name="天津市西青区司法局"))

    def fig(rep, text, **kw):
        s = rep.sentences[-1]
        at = s.start + s.text.index(text)
        return Figure(start=at, end=at + len(text), text=text, **kw)

    xq21.figures = [fig(xq21, "136件", value="136", unit="件", measure="case-filing-violation",
                        period_start=2021, period_end=2021),
                    fig(xq21, "85.5万元", value="855000", unit="元", measure="fine", approx="about",
                        period_start=2021, period_end=2021)]
    xq21.figures.append(xq21.figures[0])  # the same fact named twice is one figure
    xq24.figures = [fig(xq24, "40余件", value="40", unit="件", measure="penalty-decision", approx="over",
                        period_start=2024, period_end=2024)]
    return reps


def _sentence(rep, text):
    from fazhigraph.model import Sentence

    end = rep.sentences[-1].end
    rep.chars = end + len(text)
    return Sentence(end, end + len(text), text)


def _figure_set(vg, iri):
    return {(vg.reports[f[0]]["file"], *f[1:]) for f in vg.figures.get(iri, ())}


def test_the_bureau_carries_its_figures_by_year(tmp_path):
    from fazhigraph.outputs import atomic_write_bytes, serialize_quads

    reps = _with_figures()
    lines, linker = build_quads(reps)
    vg = V.from_results(reps, linker)
    xq = next(i for i, n in vg.nodes.items() if n["label"] == "天津市西青区生态环境局")
    nk = next(i for i, n in vg.nodes.items() if n["label"] == "天津市南开区生态环境局")
    s21 = "全年立案查处环境违法案件136件，罚没款约85.5万元。"
    assert _figure_set(vg, xq) == {
        ("xq2021.txt", "立案", "违法案件立案", "136", "件", "", "2021", "136件", s21),
        ("xq2021.txt", "罚没款", "罚没款", "855000", "元", "about", "2021", "85.5万元", s21),
        ("xq2024.txt", "行政处罚", "行政处罚决定", "40", "件", "over", "2024", "40余件", S24),
    }
    assert nk not in vg.figures  # a body without figures has none
    # the page: figures under the bureau's node, each sentence once however many figures it gives
    page = V.render(vg)
    data = _payload_from_page(page)
    k = next(n["id"] for n in data["nodes"] if n["iri"] == xq)
    figs = data["figures"][str(k)]
    assert [(data["reports"][f[0]]["year"], f[1], f[3]) for f in figs] == [
        (2021, "立案", "136"), (2021, "罚没款", "855000"), (2024, "行政处罚", "40")]
    assert [data["sentences"][f[8]] for f in figs] == [s21, s21, S24]
    assert figs[0][8] == figs[1][8] and len(set(data["sentences"])) == len(data["sentences"])  # each once
    agency = next(n["id"] for n in data["nodes"] if n["label"] == "天津市西青区司法局")
    assert figs[2][8] in {m[1] for m in data["mentions"][str(agency)]}  # cited by the agency's mention too
    assert list(data["figures"]) == [str(k)]
    assert V.render(V.from_results(reps, linker)) == page  # same bytes twice
    # the same figures read back from the built graph
    path = tmp_path / "graph.ttl"
    atomic_write_bytes(path, serialize_quads(lines, "ttl"))
    full = V.from_store(load_store(path))
    assert _figure_set(full, xq) == _figure_set(vg, xq)
    assert nk not in full.figures
    one = V.for_report(full, "xq2024.txt")  # a cut keeps only its reports' figures
    assert [f[1] for f in one.figures[xq]] == ["行政处罚"]


def test_a_page_without_figures_carries_no_figure_data(built):
    data = _payload_from_page(V.render(V.from_store(load_store(built[0]))))
    assert "figures" not in data
