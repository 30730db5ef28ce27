"""The SPARQL 1.1 Protocol endpoint, exercised with real clients (SPARQLWrapper, rdflib SPARQLStore)."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib

import graph_fixture
from fazhigraph.server import make_server, parse_accept, shutdown_server

LAW = "https://w3id.org/fazhigraph/id/law/中华人民共和国行政处罚法"
PFX = "PREFIX fz: <https://w3id.org/fazhigraph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    d = tmp_path_factory.mktemp("serve")
    graph = d / "graph.nq"
    graph.write_text(graph_fixture.nquads(), encoding="utf-8")
    queries = d / "queries"
    queries.mkdir()
    (queries / "01_reports.rq").write_text(
        "# title: Reports and years\n# 说明: 报告与年度\n" + PFX +
        "SELECT ?file ?year WHERE { ?r a fz:Report ; fz:sourceFile ?file ; fz:year ?year } ORDER BY ?file\n",
        encoding="utf-8")
    server = make_server(graph, "127.0.0.1", 0, timeout=2.0, max_request_bytes=4096, workers=1, queries_dir=queries)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    shutdown_server(server)
    t.join(5)


def _http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def _get(base, query, accept=None, **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return _http(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def test_binds_localhost_only(endpoint):
    assert endpoint.startswith("http://127.0.0.1:")


def test_sparqlwrapper_select_json_and_xml(endpoint):
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setQuery(PFX + "SELECT ?law (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r fz:mentions ?law . ?law a fz:Law } GROUP BY ?law")
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    assert res["head"]["vars"] == ["law", "n"]
    assert [(b["law"]["value"], b["n"]["value"]) for b in res["results"]["bindings"]] == [(LAW, "2")]
    sw.setReturnFormat(XML)
    sw.setMethod("POST")
    doc = sw.query().convert()  # an xml.dom Document
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "2"


def test_sparqlwrapper_ask_construct_and_describe(endpoint):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setQuery(PFX + "ASK { ?b fz:retainsLawFirm ?f }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(PFX + "CONSTRUCT { ?r fz:year ?y } WHERE { ?r fz:year ?y }")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert sorted(int(str(o)) for o in g.objects()) == [2021, 2022]
    sw.setQuery(f"DESCRIBE <{LAW}>")
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert (rdflib.URIRef(LAW), rdflib.RDFS.label, rdflib.Literal("中华人民共和国行政处罚法", lang="zh")) in g


def test_rdflib_sparqlstore(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{endpoint}/sparql", returnFormat="json")
    g = rdflib.Graph(store=store)
    rows = list(g.query(PFX + "SELECT ?file ?year WHERE { ?r fz:sourceFile ?file ; fz:year ?year } ORDER BY ?file"))
    assert [(str(f), int(str(y))) for f, y in rows] == [("a2021.txt", 2021), ("b2022.txt", 2022)]
    label = rdflib.Literal("中华人民共和国行政处罚法", lang="zh")
    assert [s for s, _, _ in g.triples((None, rdflib.RDFS.label, label))] == [rdflib.URIRef(LAW)]
    store.close()


@pytest.mark.parametrize("accept,ctype,check", [
    ("text/csv", "text/csv", lambda b: b.decode().splitlines()[0] == "file,year"),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?file\t?year"),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["file", "year"]),
    ("text/html;q=0.9, text/csv;q=0.1", "text/csv", lambda b: b"a2021.txt" in b),
    ("*/*", "application/sparql-results+json", lambda b: b"b2022.txt" in b),
])
def test_content_negotiation_select(endpoint, accept, ctype, check):
    status, ct, body = _get(endpoint, PFX + "SELECT ?file ?year WHERE { ?r fz:sourceFile ?file ; fz:year ?year }", accept)
    assert status == 200
    assert ct.split(";")[0] == ctype
    assert check(body)


def test_content_negotiation_graph_results(endpoint):
    q = PFX + "CONSTRUCT { ?r a fz:Report } WHERE { ?r a fz:Report }"
    status, ct, body = _get(endpoint, q, "application/n-triples")
    assert status == 200 and ct.startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 2
    status, ct, body = _get(endpoint, q)
    assert status == 200 and ct.startswith("text/turtle")
    status, _, body = _get(endpoint, q, "text/csv")
    assert status == 406 and b"CONSTRUCT" in body
    status, ct, _ = _get(endpoint, q, format="nt")
    assert status == 200 and ct.startswith("application/n-triples")


def test_post_forms(endpoint):
    q = PFX + "ASK { ?r a fz:Report }"
    status, _, body = _http(f"{endpoint}/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    form = urllib.parse.urlencode({"query": q}).encode()
    status, _, body = _http(f"{endpoint}/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, _ = _http(f"{endpoint}/sparql", data=b"x", headers={"Content-Type": "image/png"})
    assert status == 415


def test_updates_are_refused_with_403(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    upd = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    status, _, body = _http(f"{endpoint}/sparql", data=upd.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, body = _http(f"{endpoint}/sparql", data=urllib.parse.urlencode({"update": upd}).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = _get(endpoint, upd)  # an update sent as a query
    assert status == 403 and b"read-only" in body
    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setMethod(POST)
    sw.setQuery(upd)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        sw.query()
    # nothing changed
    assert json.loads(_get(endpoint, "ASK { <urn:a> ?p ?o }")[2])["boolean"] is False


def test_service_is_refused(endpoint):
    status, _, body = _get(endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


def test_syntax_error_is_400(endpoint):
    status, ct, body = _get(endpoint, "SELECT WHERE {")
    assert status == 400 and b"syntax" in body.lower()


def test_request_size_limit(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    status, _, body = _http(f"{endpoint}/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"limit" in body


def test_timeout_stops_the_query_and_the_endpoint_recovers(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    status, _, body = _get(endpoint, slow)
    assert status == 503 and b"timed out" in body
    # the worker was replaced; the next query is answered
    import time

    for _ in range(100):
        status, _, body = _get(endpoint, "ASK { ?s ?p ?o }")
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_named_graphs_and_dataset_parameters(endpoint):
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    rows = json.loads(_get(endpoint, q)[2])["results"]["bindings"]
    assert [r["g"]["value"].rsplit("/", 1)[1] for r in rows] == ["entities", "a2021.txt", "b2022.txt"]
    only_a = "https://w3id.org/fazhigraph/id/report/a2021.txt"
    body = _get(endpoint, PFX + "SELECT ?f WHERE { ?r fz:sourceFile ?f }", **{"default-graph-uri": only_a})[2]
    assert [b["f"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["a2021.txt"]


def test_html_page_lists_saved_queries_and_works_offline(endpoint):
    status, ct, body = _http(f"{endpoint}/", headers={"Accept": "text/html"})
    page = body.decode("utf-8")
    assert status == 200 and ct.startswith("text/html")
    assert "Reports and years" in page and "报告与年度" in page and "<textarea" in page
    assert "http://" not in page.replace("http://www.w3.org", "").replace("https://w3id.org", "")
    assert "src=\"http" not in page
    status, ct, _ = _http(f"{endpoint}/sparql", headers={"Accept": "text/html"})
    assert status == 200 and ct.startswith("text/html")
    assert _http(f"{endpoint}/nope")[0] == 404


def test_parse_accept():
    assert parse_accept("text/csv;q=0.2, application/json") == ["application/json", "text/csv"]
    assert parse_accept("") == ["*/*"]
    assert parse_accept("text/csv;q=0") == ["*/*"]


def test_cli_serve_subprocess(tmp_path):
    """`python -m fazhigraph serve --port 0` prints its address, answers, and stops on Ctrl-C."""
    import re
    import signal
    import subprocess
    import sys

    graph = tmp_path / "graph.nq"
    graph.write_text(graph_fixture.nquads(), encoding="utf-8")
    # as from a terminal: a test run started in the background (`cmd &` in a script) ignores SIGINT,
    # and a process started from it would too, Ctrl-C or not
    proc = subprocess.Popen([sys.executable, "-m", "fazhigraph", "serve", "--graph", str(graph), "--port", "0",
                             "--workers", "1"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        assert m, line
        status, _, body = _get(f"http://127.0.0.1:{m.group(1)}", "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            assert proc.wait(20) == 0
        except subprocess.TimeoutExpired:
            proc.kill()  # leave no server behind
            proc.wait()
            raise


def test_cli_serve_missing_graph(tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    r = CliRunner().invoke(app, ["serve", "--graph", str(tmp_path / "none.nq"), "--port", "0"])
    assert r.exit_code == 2 and "not found" in r.output
