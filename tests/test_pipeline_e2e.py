"""End-to-end: build corpus/, check the graph contract and score it against gold."""
from __future__ import annotations

import pyoxigraph as ox
import rdflib

from conftest import CORPUS, SHARED
import pytest


def test_build_writes_outputs(seed_build):
    summary, out = seed_build
    assert summary.failed == 0, summary.errors
    assert summary.built == len(list(CORPUS.glob("*.txt")))
    for name in ("graph.ttl", "graph.nq", "graph.html"):
        assert (out / name).stat().st_size > 0


def test_turtle_parses_in_rdflib_and_oxigraph(seed_build):
    _, out = seed_build
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 100
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_graph_contract(seed_build):
    """sourceFile + mentions on every report; rdfs:label on every mentioned entity."""
    _, out = seed_build
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    rows = list(g.query("""
        PREFIX fz: <https://w3id.org/fazhigraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?f (COUNT(DISTINCT ?e) AS ?n) (COUNT(DISTINCT ?l) AS ?nl) WHERE {
          ?r a fz:Report ; fz:sourceFile ?f ; fz:mentions ?e . ?e rdfs:label ?l } GROUP BY ?f"""))
    assert {str(r[0]) for r in rows} == {p.name for p in CORPUS.glob("*.txt")}
    for f, n, nl in rows:
        assert int(n) > 10
