"""Push corpus/ into a throw-away Debian Virtuoso on 127.0.0.1 and compare saved-query answers.

Virtuoso is started with its own database directory and free ports, and stopped afterwards.
Skipped (with the reason) only when the ``virtuoso-t`` binary is absent
(``apt-get install virtuoso-opensource``; CI installs it via scripts/apt-packages.txt).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import graph_fixture
from conftest import ROOT
from fazhigraph import KnowledgeGraph
from fazhigraph.server import load_saved_queries
from fazhigraph.virtuoso import (
    ENTITY_GRAPH, STATE_GRAPH, compare_saved_queries, concat_separators, normalize_rows, plan_push, push,
    virtuoso_client,
)

VIRTUOSO = shutil.which("virtuoso-t")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
CaseMode           = 2
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
[HTTPServer]
ServerPort         = 127.0.0.1:{http}
ServerRoot         = {vsp}
ServerThreads      = 5
Charset            = UTF-8
[SPARQL]
ResultSetMaxRows   = 100000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if VIRTUOSO is None:
        pytest.skip("virtuoso-t not installed (Debian package virtuoso-opensource; see scripts/apt-packages.txt)")
    d = tmp_path_factory.mktemp("virtuoso-db")
    http = _free_port()
    sql = _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http, vsp=VSP if VSP.is_dir() else d), encoding="utf-8")
    log = open(d / "stdout.log", "wb")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http}"
    try:
        deadline = time.time() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited: {(d / 'stdout.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("virtuoso-t did not come up within 120 s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def corpus_kg(seed_build):
    _, out = seed_build
    return KnowledgeGraph.load(out / "graph.nq")


def test_push_corpus_and_saved_queries_match(virtuoso, corpus_kg):
    client = virtuoso_client(virtuoso)
    summary = push(corpus_kg, client)
    n_graphs = len(corpus_kg.named_graphs())
    assert len(summary.put) == n_graphs and not summary.deleted
    remote = client.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {r["g"]: int(r["n"]) for r in remote if r["g"].startswith("https://w3id.org/fazhigraph/")}
    for g in corpus_kg.named_graphs():
        assert counts[g] == len(corpus_kg.graph_nquads(g)), g
    assert counts[STATE_GRAPH] == n_graphs
    saved = load_saved_queries(ROOT / "queries")
    assert len(saved) >= 10
    checks = compare_saved_queries(corpus_kg, client, saved)
    bad = [c for c in checks if not c.same]
    assert not bad, bad
    assert sum(c.local for c in checks) > 0  # the comparison is not vacuous


def test_rebuild_replaces_only_changed_reports(virtuoso, corpus_kg):
    client = virtuoso_client(virtuoso)
    push(corpus_kg, client)
    again = push(corpus_kg, client)
    assert again.put == [] and again.deleted == [] and len(again.unchanged) == len(corpus_kg.named_graphs())
    # change one report (new source hash), drop another: only those graphs move
    lines = corpus_kg.nquads()
    reports = sorted(g for g in corpus_kg.named_graphs() if g != ENTITY_GRAPH)
    changed, dropped = reports[0], reports[-1]
    new = []
    for ln in lines:
        if ln.rstrip().endswith(f"<{dropped}> ."):
            continue
        if "ontology#sha1>" in ln and ln.rstrip().endswith(f"<{changed}> ."):
            ln = ln.split(' "')[0] + ' "' + "0" * 40 + '" ' + f"<{changed}> .\n"
        new.append(ln)
    kg2 = KnowledgeGraph.from_quads("".join(new))
    s2 = push(kg2, client)
    assert s2.put == [changed] and s2.deleted == [dropped]
    rows = client.select(f"SELECT ?sha WHERE {{ GRAPH <{changed}> {{ ?r <https://w3id.org/fazhigraph/ontology#sha1> ?sha }} }}")
    assert rows == [{"sha": "0" * 40}]
    assert client.select(f"ASK {{ GRAPH <{dropped}> {{ ?s ?p ?o }} }}") == [{"ask": "false"}]
    # and back
    s3 = push(corpus_kg, client)
    assert sorted(s3.put) == sorted([changed, dropped]) and s3.deleted == []


def test_push_cli_with_check(virtuoso, seed_build):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    _, out = seed_build
    r = CliRunner().invoke(app, ["push", "virtuoso", "--graph", str(out / "graph.nq"), "--url", virtuoso,
                                 "--check", "--queries", str(ROOT / "queries")])
    assert r.exit_code == 0, r.output
    assert "DIFFERENT" not in r.output and "same" in r.output


def test_wrong_password_is_a_clear_error(virtuoso):
    from fazhigraph.virtuoso import PushError

    kg = KnowledgeGraph.from_quads(graph_fixture.nquads())
    with pytest.raises(PushError, match="HTTP 401"):
        push(kg, virtuoso_client(virtuoso, password="wrong"), force=True)


# ---- pure helpers (no server needed)


def test_plan_push():
    plan = plan_push({"a": "1", "b": "2", "e": "x"}, {"a": "1", "b": "9", "c": "3"})
    assert (plan.put, plan.delete, plan.unchanged) == (["b", "e"], ["c"], ["a"])


def test_group_concat_order_is_ignored_but_values_are_not():
    q = 'SELECT ?b (GROUP_CONCAT(DISTINCT ?n; separator="、") AS ?names) WHERE { ?b ?p ?n } GROUP BY ?b'
    seps = concat_separators(q)
    assert seps == {"names": "、"}
    assert normalize_rows([{"b": "x", "names": "甲、乙"}], seps) == normalize_rows([{"b": "x", "names": "乙、甲"}], seps)
    assert normalize_rows([{"b": "x", "names": "甲、乙"}], seps) != normalize_rows([{"b": "x", "names": "甲、丙"}], seps)


def test_push_refuses_merged_turtle(tmp_path):
    from fazhigraph.virtuoso import PushError

    kg = KnowledgeGraph.from_quads(graph_fixture.nquads())
    ttl = tmp_path / "g.ttl"
    kg.serialize("ttl", destination=ttl)
    with pytest.raises(PushError, match="named graphs"):
        push(KnowledgeGraph.load(ttl), virtuoso_client("http://127.0.0.1:9"))


def test_non_ascii_separators_are_rewritten_for_both_sides():
    from fazhigraph.virtuoso import ascii_separators

    q = 'SELECT (GROUP_CONCAT(DISTINCT ?n; separator="、") AS ?names) (GROUP_CONCAT(?m; separator=",") AS ?ms) WHERE {}'
    out = ascii_separators(q)
    assert 'separator=" | ") AS ?names' in out and 'separator=",") AS ?ms' in out
    assert concat_separators(out) == {"names": " | ", "ms": ","}
