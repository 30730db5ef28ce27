"""Builds: --jobs, streaming outputs equal to the in-memory path, the benchmark corpus generator."""
from __future__ import annotations

import importlib.util

import pyoxigraph as ox

from conftest import CORPUS, ROOT

SEEDS = sorted(CORPUS.glob("*.txt"))


def _triples(path):
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_jobs_1_and_2_give_the_same_bytes(tmp_path):
    from fazhigraph.build import build

    s1 = build(CORPUS, tmp_path / "a", jobs=1, html=False, use_cache=False)
    s2 = build(CORPUS, tmp_path / "b", jobs=2, html=False, use_cache=False)
    assert s1.ok and s2.ok and s1.built == s2.built == len(SEEDS)
    for name in ("graph.nq", "graph.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_streamed_outputs_hold_the_same_graph_as_the_in_memory_writer(tmp_path):
    from fazhigraph.build import build, write_outputs

    s = build(CORPUS, tmp_path / "s", jobs=1, html=False)
    write_outputs(list(s.reports), tmp_path / "m", html=False)
    assert _triples(tmp_path / "s" / "graph.ttl") == _triples(tmp_path / "m" / "graph.ttl")
    quads = lambda p: set(p.read_text(encoding="utf-8").splitlines())  # noqa: E731
    assert quads(tmp_path / "s" / "graph.nq") == quads(tmp_path / "m" / "graph.nq")


def test_nq_blocks_are_sorted_and_unique_per_graph(tmp_path):
    from fazhigraph.build import build
    from fazhigraph.graph import ENTITY_GRAPH

    build(CORPUS, tmp_path, jobs=1, html=False)
    lines = (tmp_path / "graph.nq").read_text(encoding="utf-8").splitlines()
    graphs = [ln[ln.rindex(" <") + 2: ln.rindex(">")] for ln in lines]
    runs = [g for k, g in enumerate(graphs) if k == 0 or graphs[k - 1] != g]
    assert len(runs) == len(set(runs))  # each graph contiguous
    assert runs[-1] == ENTITY_GRAPH  # report graphs in IRI order, then the entity graph
    assert runs[:-1] == sorted(runs[:-1]) and len(runs) == 6
    for g in runs:
        block = [ln for ln, h in zip(lines, graphs) if h == g]
        assert block == sorted(set(block))


def test_query_uses_the_on_disk_store(tmp_path):
    from fazhigraph.build import build
    from fazhigraph.store import load_store

    s = build(CORPUS, tmp_path, jobs=1, html=False)
    assert (tmp_path / "graph.oxigraph").is_dir() and "store" in s.outputs
    store = load_store(tmp_path / "graph.ttl")
    n = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True))[0][0]
    assert int(n.value) == len(_triples(tmp_path / "graph.ttl"))


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bench_corpus_is_reproducible_and_builds(tmp_path):
    from fazhigraph.build import build

    mc = _make_corpus_module()
    a = mc.generate(tmp_path / "a", 4, seed=3)
    b = mc.generate(tmp_path / "b", 2, seed=3)  # a prefix of the bigger corpus, byte for byte
    assert [p.read_bytes() for p in a[:2]] == [p.read_bytes() for p in b]
    assert len({p.read_bytes() for p in a}) == 4
    text = a[0].read_text(encoding="utf-8")
    assert "法治政府建设" in text and "《" in text and "律师事务所" in text and len(text) > 2000
    s = build(tmp_path / "a", tmp_path / "out", jobs=2, html=False)
    assert s.ok and s.built == 4, s.errors
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "fz:Law" in ttl and "fz:Bureau" in ttl

