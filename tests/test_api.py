"""fazhigraph.api.KnowledgeGraph on a hand-made two-report graph (and once on corpus/)."""
from __future__ import annotations

import sys

import pytest

import graph_fixture
from fazhigraph import KnowledgeGraph
from fazhigraph.errors import QueryError

REP_A = "https://w3id.org/fazhigraph/id/report/a2021.txt"
LAW = "https://w3id.org/fazhigraph/id/law/中华人民共和国行政处罚法"


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph.from_reports(graph_fixture.reports())


def test_import_is_lazy():
    import subprocess

    code = "import sys, fazhigraph; print('pyoxigraph' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_named_graphs_one_per_report_plus_entities(kg):
    assert kg.named_graphs() == [
        "https://w3id.org/fazhigraph/id/graph/entities", REP_A,
        "https://w3id.org/fazhigraph/id/report/b2022.txt",
    ]
    assert kg.report_hashes() == {REP_A: "a" * 40, "https://w3id.org/fazhigraph/id/report/b2022.txt": "b" * 40}


def test_query_select_rows_are_typed(kg):
    rows = kg.query("SELECT ?f ?y WHERE { ?r a fz:Report ; fz:sourceFile ?f ; fz:year ?y } ORDER BY ?f")
    assert rows == [{"f": "a2021.txt", "y": 2021}, {"f": "b2022.txt", "y": 2022}]
    counts = kg.query("SELECT ?law (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r fz:mentions ?law . ?law a fz:Statute } GROUP BY ?law")
    assert counts == [{"law": LAW, "n": 2}]


def test_query_unbound_left_out_ask_and_construct(kg):
    rows = kg.query("SELECT ?r ?x WHERE { ?r a fz:Report OPTIONAL { ?r fz:nothing ?x } } ORDER BY ?r")
    assert rows[0] == {"r": REP_A}
    assert kg.query("ASK { ?b fz:retainsLawFirm ?f }") is True
    assert kg.query("ASK { ?b fz:retainsLawFirm ?b }") is False
    triples = kg.query(f"CONSTRUCT {{ ?r fz:year ?y }} WHERE {{ ?r fz:year ?y }}")
    assert sorted(triples)[0] == (REP_A, "https://w3id.org/fazhigraph/ontology#year", 2021)


def test_query_is_read_only_and_reports_syntax_errors(kg):
    with pytest.raises(QueryError, match="forbidden"):
        kg.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryError, match="SERVICE"):
        kg.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="syntax"):
        kg.query("SELECT WHERE {")
    assert len(kg) == len(KnowledgeGraph.from_reports(graph_fixture.reports()))


def test_query_as_df(kg):
    pd = pytest.importorskip("pandas")
    df = kg.query_as_df("SELECT ?f ?y WHERE { ?r fz:sourceFile ?f ; fz:year ?y } ORDER BY ?f")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["f", "y"]
    assert df["y"].tolist() == [2021, 2022]
    with pytest.raises(QueryError):
        kg.query_as_df("ASK { ?s ?p ?o }")


def test_to_networkx(kg):
    g = kg.to_networkx()
    bureau = "https://w3id.org/fazhigraph/id/bureau/天津市西青区生态环境局"
    assert g.nodes[bureau]["type"] == "Bureau"
    assert g.nodes[LAW]["label"] == "中华人民共和国行政处罚法"
    assert set(g.nodes[LAW]["types"]) == {"Law", "Statute"}
    assert g.has_edge(bureau, LAW, key="cites")
    assert g.has_edge(REP_A, bureau, key="reportingBody")
    assert not any(d["type"] in ("Mention", "Sentence") for _, d in g.nodes(data=True))
    full = kg.to_networkx(include_mentions=True)
    assert sum(d["type"] == "Mention" for _, d in full.nodes(data=True)) == 4


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_serialize_round_trips(kg, fmt, tmp_path):
    path = tmp_path / f"g.{fmt}"
    data = kg.serialize(fmt, destination=path)
    assert path.read_bytes() == data
    back = KnowledgeGraph.load(path)
    # triples formats merge graphs: compare the union
    assert back.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }") == \
        kg.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    if fmt in ("trig", "nq", "jsonld"):
        assert back.named_graphs() == kg.named_graphs()
        assert back.nquads() == kg.nquads()
    assert kg.serialize(fmt) == data  # deterministic


def test_serialize_of_a_turtle_load_merges(kg, tmp_path):
    ttl = tmp_path / "g.ttl"
    kg.serialize("ttl", destination=ttl)
    merged = KnowledgeGraph.load(ttl)
    assert merged.named_graphs() == []
    assert merged.has_default_graph_triples()
    assert merged.serialize("nt") == kg.serialize("nt")
    assert merged.serialize("ttl") == kg.serialize("ttl")


def test_load_errors(tmp_path):
    with pytest.raises(QueryError, match="not found"):
        KnowledgeGraph.load(tmp_path / "missing.nq")
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(QueryError, match="not a valid RDF"):
        KnowledgeGraph.load(bad)
    with pytest.raises(Exception, match="unknown format"):
        KnowledgeGraph().serialize("xlsx")


def test_validate_and_view(kg, tmp_path):
    import json

    assert kg.validate().conforms
    firm = "天津某某律师事务所"
    page = kg.view(tmp_path / "v.html").read_text(encoding="utf-8")
    assert firm in page or json.dumps(firm)[1:-1] in page
    loaded = KnowledgeGraph.from_quads(graph_fixture.nquads())  # no extraction results: drawn from the store
    page2 = loaded.view(tmp_path / "v2.html").read_text(encoding="utf-8")
    assert firm in page2 or json.dumps(firm)[1:-1] in page2
    assert '<script src="http' not in page2


def test_build_from_corpus():
    from conftest import CORPUS

    kg = KnowledgeGraph.build(CORPUS, jobs=1)
    n_files = len(list(CORPUS.glob("*.txt")))
    assert len(kg.reports) + len(kg.errors) == n_files
    assert len(kg.report_hashes()) == len(kg.reports) > 0
    assert kg.query("ASK { ?r a fz:Report ; fz:reportingBody ?b }") is True


@pytest.mark.parametrize("module", ["fazhigraph.api", "fazhigraph.validate", "fazhigraph.virtuoso"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    res = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
