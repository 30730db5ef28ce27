"""`fazhigraph export`: Turtle, N-Triples, TriG, N-Quads and JSON-LD (with ontology/context.jsonld)."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

import graph_fixture
from fazhigraph.cli import app
from fazhigraph.resources import data_path


@pytest.fixture
def nq(tmp_path):
    p = tmp_path / "graph.nq"
    p.write_text(graph_fixture.nquads(), encoding="utf-8")
    return p


def _quads(path, fmt):
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in ox.parse(path=str(path), format=fmt)}


def _export(nq, fmt, out):
    r = CliRunner().invoke(app, ["export", "--format", fmt, "--graph", str(nq), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_every_format_carries_the_same_statements(nq, tmp_path):
    quads = _quads(nq, ox.RdfFormat.N_QUADS)
    triples = {q[:3] for q in quads}
    trig = _export(nq, "trig", tmp_path / "g.trig")
    assert _quads(trig, ox.RdfFormat.TRIG) == quads
    nq2 = _export(nq, "nq", tmp_path / "g2.nq")
    assert nq2.read_text(encoding="utf-8") == nq.read_text(encoding="utf-8")
    for fmt, rf in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)):
        p = _export(nq, fmt, tmp_path / f"g.{fmt}")
        assert {q[:3] for q in _quads(p, rf)} == triples
    ttl = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert ttl.startswith("@prefix") and "fz:Report" in ttl


def test_jsonld_uses_the_context_file_and_round_trips(nq, tmp_path):
    p = _export(nq, "jsonld", tmp_path / "g.jsonld")
    doc = json.loads(p.read_text(encoding="utf-8"))
    ctx = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert doc["@context"]["mentions"] == ctx["mentions"] == {"@id": "fz:mentions", "@type": "@id"}
    text = p.read_text(encoding="utf-8")
    assert '"reportingBody"' in text and '"beginIndex"' in text and "中华人民共和国行政处罚法" in text
    ds = rdflib.Dataset()
    ds.parse(p, format="json-ld")
    back = {(s.n3(), pr.n3(), o.n3(), g.n3()) for s, pr, o, g in ds.quads((None, None, None, None))}
    want = set()
    src = rdflib.Dataset()
    src.parse(nq, format="nquads")
    want = {(s.n3(), pr.n3(), o.n3(), g.n3()) for s, pr, o, g in src.quads((None, None, None, None))}
    assert back == want


def test_context_file_is_valid_jsonld_for_every_ontology_property():
    ctx = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    onto = rdflib.Graph().parse(data_path("fazhigraph.ttl"))
    fz = "https://w3id.org/fazhigraph/ontology#"
    expanded = set()
    for term, val in ctx.items():
        iri = val if isinstance(val, str) else val["@id"]
        if ":" in iri and not iri.startswith("http"):
            pfx, local = iri.split(":", 1)
            iri = ctx[pfx] + local
        expanded.add(iri)
    # every relation the graph writes between nodes has a short name
    for p in onto.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty):
        assert str(p) in expanded, p
    assert all(str(p).startswith(fz) for p in onto.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty))


def test_export_errors(nq, tmp_path):
    r = CliRunner().invoke(app, ["export", "--format", "xlsx", "--graph", str(nq)])
    assert r.exit_code == 2 and "unknown format" in r.output
    r = CliRunner().invoke(app, ["export", "--graph", str(tmp_path / "none.nq")])
    assert r.exit_code == 2 and "not found" in r.output


def test_default_output_name_next_to_graph(nq):
    r = CliRunner().invoke(app, ["export", "--format", "trig", "--graph", str(nq)])
    assert r.exit_code == 0
    assert (nq.parent / "graph.trig").stat().st_size > 0
