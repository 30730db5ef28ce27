"""Security: valid IRIs whatever a name holds; nothing from a report runs in the HTML; SPARQL is
read-only, never reaches the network and stops at a timeout; outputs stay where they were pointed."""
from __future__ import annotations

import http.server
import re
import shutil
import threading
import time

import pyoxigraph as ox
import pytest
import rdflib

from conftest import CORPUS
from fazhigraph.errors import QueryError
from fazhigraph.model import Mention, ReportMeta, ReportResult, Sentence

EVIL = [
    'A "quoted" name',
    "name with spaces and\ttabs",
    "<script>alert('x')</script>",
    "法#fragment?query=1&x=<y>",
    "line\nbreak\r\nname",
    "back\\slash {curly} |pipe| ^caret^ `tick`",
    "</script><img src=x onerror=alert(1)>",
    "%41%zz%",
    "\u202eright-to-left\u200b",
    "",
]


def evil_report(i: int = 0) -> ReportResult:
    text = "。".join(EVIL) + "。"
    mentions, pos = [], 0
    for k, name in enumerate(EVIL):
        mentions.append(Mention(type=["Law", "System", "Agency", "LawFirm"][k % 4], text=name or "x", start=pos,
                                end=pos + max(1, len(name)), name=name or "x"))
        pos += len(name) + 1
    meta = ReportMeta(bureau="<b>天津市\"西青区\"生态环境局</b>\n#1", region="西青区", region_path=["天津市", "西青区"],
                      region_codes=["120000", "120111"], year=2022, title="<script>alert(1)</script>")
    return ReportResult(file=f'evil "{i}" <x>#y\n.txt', path="/tmp/evil.txt", sha1="0" * 40, meta=meta,
                        mentions=mentions, sentences=[Sentence(0, len(text), text)], chars=len(text))


def test_iris_are_valid_whatever_a_name_contains():
    from fazhigraph.graph import build_quads
    from fazhigraph.outputs import serialize_quads

    lines, _ = build_quads([evil_report(0), evil_report(1)])
    nq = "".join(lines)
    store = ox.Store()
    store.load(nq.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=nq, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == len(store) > 0
    for fmt, parse in (("ttl", "turtle"), ("trig", "trig")):
        data = serialize_quads(lines, fmt)
        g = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format=parse)
        assert len(g) > 0
        list(ox.parse(data, format=ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.TRIG))
    labels = {str(q[2]) for q in ds.quads((None, rdflib.RDFS.label, None, None))}
    assert 'A "quoted" name' in labels and "line\nbreak\r\nname" in labels  # literals keep the text exactly
    for s in store:
        for term in (s.subject, s.predicate, s.object, s.graph_name):
            if isinstance(term, ox.NamedNode):
                assert not re.search(r'[\s<>"{}|^`\\]', term.value), term.value


def test_html_view_escapes_every_label_and_sentence():
    from fazhigraph.graph import build_quads
    from fazhigraph.view import render_html

    reports = [evil_report(0)]
    _, linker = build_quads(reports)
    page = render_html(reports, linker)
    # nothing from the report can open or close a tag, in markup or inside a <script> block
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "</script><img" not in page
    assert "<b>天津市" not in page
    # but the names are there, escaped
    assert "alert" in page
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S | re.I)
    for body in scripts:
        assert "onerror=alert(1)" not in body or "<img" not in body


# ------------------------------------------------------------------------------ SPARQL


@pytest.fixture(scope="module")
def small_store():
    store = ox.Store()
    s = ox.NamedNode("https://w3id.org/fazhigraph/id/law/x")
    store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("法"),
                      ox.NamedNode("https://w3id.org/fazhigraph/id/graph/entities")))
    return store


@pytest.mark.parametrize(
    "query, word",
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://a>", "DROP"),
        ("select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { FILTER(?a<1)SERVICE<http://e>{?s ?p ?o} }", "SERVICE"),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("SELECT * FROM ex:g WHERE { ?s ?p ?o }", "FROM"),
    ],
)
def test_forbidden_queries(small_store, query, word):
    from fazhigraph.store import run_query

    with pytest.raises(QueryError, match=word):
        run_query(small_store, query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service ?load WHERE { ?service rdfs:label ?load FILTER(?load != "DELETE SERVICE") }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> in a comment",
        "SELECT * FROM <https://w3id.org/fazhigraph/id/graph/entities> WHERE { ?s ?p ?o }",
        "ASK { ?s rdfs:label '''INSERT DATA'''}",
        "SELECT * WHERE { ?s <http://example.org/LOAD#SERVICE> ?o }",
    ],
)
def test_read_only_queries_with_scary_words_in_strings_run(small_store, query):
    from fazhigraph.store import run_query

    run_query(small_store, query)


def test_service_never_reaches_the_network(small_store):
    from fazhigraph.store import run_query

    hits = []

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # pragma: no cover - must not be called
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *a):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), H)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        url = f"http://127.0.0.1:{srv.server_port}/sparql"
        for q in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"):
            with pytest.raises(QueryError):
                run_query(small_store, q)
    finally:
        srv.shutdown()
    assert hits == []


def test_long_query_stops_at_the_timeout(small_store):
    from fazhigraph.store import run_query

    v = " ".join(str(i) for i in range(60))
    q = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{k} {{ {v} }}" for k in range(6)) + " }")
    t0 = time.perf_counter()
    with pytest.raises(QueryError, match="timed out"):
        run_query(small_store, q, timeout=0.5)
    assert time.perf_counter() - t0 < 10
    # and an ordinary query still answers within the limit
    assert run_query(small_store, "SELECT ?l WHERE { ?s rdfs:label ?l }", timeout=5)[1] == [["法"]]


def test_updates_only_on_request(small_store):
    from fazhigraph.store import run_update

    store = ox.Store()
    with pytest.raises(QueryError, match="disabled"):
        run_update(store, "INSERT DATA { <http://a> <http://b> <http://c> }")
    run_update(store, "INSERT DATA { <http://a> <http://b> <http://c> }", allow_update=True)
    assert len(store) == 1
    with pytest.raises(QueryError, match="LOAD"):
        run_update(store, "LOAD <http://127.0.0.1:1/x.ttl>", allow_update=True)


def test_cli_query_refuses_service(tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    g = tmp_path / "g.ttl"
    g.write_text("<https://w3id.org/fazhigraph/id/a> <http://b> \"c\" .\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "-g", str(g)])
    assert res.exit_code == 2
    ok = CliRunner().invoke(app, ["query", "SELECT ?o WHERE { ?s ?p ?o }", "-g", str(g), "-f", "csv"])
    assert ok.exit_code == 0 and "c" in ok.output


# ------------------------------------------------------------------------------ output paths


def test_outputs_replace_links_instead_of_writing_through_them(tmp_path):
    from fazhigraph.build import build

    corpus = tmp_path / "c"
    corpus.mkdir()
    seed = sorted(CORPUS.glob("*.txt"))[0]
    shutil.copy(seed, corpus / seed.name)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "graph.ttl").symlink_to(victim)
    summary = build(corpus, out, jobs=1, html=False)
    assert summary.ok
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "graph.ttl").is_symlink() and (out / "graph.ttl").stat().st_size > 0
    outside = {p.name for p in tmp_path.iterdir()}
    assert outside == {"c", "out", "victim.txt"}


def test_cli_query_timeout_option(tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    g = tmp_path / "g.ttl"
    g.write_text("<https://w3id.org/fazhigraph/id/a> <http://b> \"c\" .\n", encoding="utf-8")
    v = " ".join(str(i) for i in range(60))
    q = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{k} {{ {v} }}" for k in range(6)) + " }"
    res = CliRunner().invoke(app, ["query", q, "-g", str(g), "--timeout", "0.5"])
    assert res.exit_code == 2
    assert "timed out" in (res.stderr if hasattr(res, "stderr") and res.stderr else res.output)
