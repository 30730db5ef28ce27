"""Cross-report analytics on hand-built reports, and once on the seed corpus build."""
from __future__ import annotations

import re

import pytest

from _viewdata import XSS_IMG, XSS_SCRIPT, build_graph
from fazhigraph.analyze import analyze, md, svg_bars, to_html, to_markdown, write_analysis
from fazhigraph.store import load_store

XQ, NK = "天津市西青区生态环境局", "天津市南开区生态环境局"


@pytest.fixture
def store(tmp_path):
    return load_store(build_graph(tmp_path)[0])


def test_laws_and_systems_ranked_by_bureaus(store):
    a = analyze(store)
    assert a.reports == 3 and a.bureaus == sorted([XQ, NK])
    top = a.cited[0]
    assert (top.name, top.type, top.bureaus, top.reports) == ("中华人民共和国行政处罚法", "Law", sorted([XQ, NK]), 3)
    second = a.cited[1]
    assert (second.name, len(second.bureaus), second.reports) == ("行政执法公示制度", 2, 2)
    assert {r.name for r in a.cited if len(r.bureaus) == 1} == {"中华人民共和国环境保护法", "“双随机、一公开”监管制度", XSS_SCRIPT}
    assert all(r.type in ("Law", "System") for r in a.cited)


def test_bureau_similarity_is_jaccard(store):
    a = analyze(store)
    assert len(a.similarity) == 1
    x, y, j, shared = a.similarity[0]
    assert {x, y} == {XQ, NK}
    assert shared == 2 and j == pytest.approx(2 / 5)  # 西青 5 laws/systems, 南开 2, both 2


def test_year_over_year_added_dropped_kept(store):
    a = analyze(store)
    assert len(a.changes) == 1
    c = a.changes[0]
    assert (c.bureau, c.year_from, c.year_to) == (XQ, 2021, 2024)
    assert c.added == {"Law": [XSS_SCRIPT], "System": ["“双随机、一公开”监管制度"]}
    assert c.dropped == {"Law": ["中华人民共和国环境保护法"], "System": ["行政执法公示制度"]}
    assert c.kept == {"Law": ["中华人民共和国行政处罚法"], "System": []}
    assert analyze(store, bureau="南开区").changes == []
    assert analyze(store, bureau="西青区", year_from=2021, year_to=2024).changes[0].added == c.added
    assert analyze(store, bureau="西青区", year_from=2021, year_to=2023).changes == []  # no 2023 report


def test_agencies_and_law_firms_by_bureaus(store):
    a = analyze(store)
    assert a.partners[0].name == "金诺律师事务所" and a.partners[0].bureaus == sorted([XQ, NK])
    assert {r.name: len(r.bureaus) for r in a.partners[1:]} == {"天津市西青区司法局": 1, XSS_IMG: 1}


def test_markdown_twin_escapes_names(store):
    text = to_markdown(analyze(store))
    assert "## 年度变化 / Year-over-year change" in text and "2021 → 2024" in text
    assert "<img" not in text and "<script" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert md("a|b*c") == "a\\|b\\*c"
    row = next(line for line in text.splitlines() if line.startswith("| 1 | 中华人民共和国行政处罚法"))
    assert row.count("|") == 7  # six cells, no cell split by a name


def test_html_is_self_contained_svg_and_escaped(store):
    page = to_html(analyze(store))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<[^>]*\b(src|href)\s*=", page)  # no attribute loads anything
    assert page.count("<svg") >= 4  # laws/systems, heatmap, one year-over-year, partners
    assert "中华人民共和国行政处罚法" in page


def test_svg_bars_scale_and_escape():
    svg = svg_bars([("<b>", 4, "#000"), ("x", 2, "#000")], "t")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert svg_bars([], "t") == ""


def test_cli_analyze(tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    graph, _ = build_graph(tmp_path)
    r = CliRunner().invoke(app, ["analyze", "-g", str(graph), "--top", "5"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "analysis.html").is_file() and (tmp_path / "analysis.md").is_file()
    assert "1 year-over-year" in r.output
    r = CliRunner().invoke(app, ["analyze", "-g", str(tmp_path / "none.ttl")])
    assert r.exit_code == 2


def test_seed_corpus_xiqing_2021_to_2024(seed_build):
    summary, out = seed_build
    h, m, a = write_analysis(load_store(out / "graph.ttl"), out)
    xq = [c for c in a.changes if "西青区生态环境局" in c.bureau and (c.year_from, c.year_to) == (2021, 2024)]
    assert len(xq) == 1
    c = xq[0]
    assert sum(map(len, c.added.values())) > 0 and sum(map(len, c.dropped.values())) > 0
    assert any(len(r.bureaus) >= 2 for r in a.cited)  # some law is cited by more than one bureau
    assert "西青区生态环境局" in m.read_text(encoding="utf-8")
