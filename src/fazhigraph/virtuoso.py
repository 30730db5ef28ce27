"""Push a build into OpenLink Virtuoso (or any SPARQL 1.1 Graph Store), one named graph per report.

The build's N-Quads hold one named graph per report (IRI = report IRI) plus the shared entity
graph. ``push`` uploads them with the SPARQL 1.1 Graph Store HTTP Protocol (``PUT`` replaces a
graph, ``DELETE`` drops one) and reads the store's state through its SPARQL endpoint:

* a report graph is replaced only when it changed — its ``fz:sha1`` (hash of the source file)
  differs, or the digest of its triples differs (the extractor changed); digests are kept in a
  small bookkeeping graph ``…/graph/push-state`` (``<graph> owl:versionInfo "sha1:…"``);
* report graphs that are no longer in the build are deleted;
* the entity graph is replaced when its digest changed.

Virtuoso: the SPARQL endpoint is ``http://HOST:8890/sparql`` and the authenticated Graph Store
is ``http://HOST:8890/sparql-graph-crud-auth`` (digest auth, user with SPARQL_UPDATE, e.g. dba).
Other stores (Fuseki, GraphDB, Oxigraph server ...) work with ``--gsp URL`` and ``--graph-param graph``.

    >>> plan = plan_push({"g1": "a", "g2": "b"}, {"g1": "a", "g3": "c"})
    >>> plan.put, plan.delete, plan.unchanged
    (['g2'], ['g3'], ['g1'])
"""
from __future__ import annotations

import hashlib
import re
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FazhiError

ENTITY_GRAPH = "https://w3id.org/fazhigraph/id/graph/entities"
STATE_GRAPH = "https://w3id.org/fazhigraph/id/graph/push-state"
REPORT_PREFIX = "https://w3id.org/fazhigraph/id/report/"
VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


class PushError(FazhiError):
    """The triple store refused a request or could not be reached."""

    code = "E060"


@dataclass
class PushPlan:
    put: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class PushSummary:
    endpoint: str
    put: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.endpoint}: replaced {len(self.put)} graph(s), deleted {len(self.deleted)}, "
                f"kept {len(self.unchanged)} unchanged; {self.triples} triples sent in {self.seconds:.1f}s")


def plan_push(local: dict[str, str], remote: dict[str, str]) -> PushPlan:
    """Which graphs to PUT (new or changed), DELETE (gone) and keep, from graph -> digest maps."""
    plan = PushPlan()
    for g in sorted(local):
        (plan.unchanged if remote.get(g) == local[g] else plan.put).append(g)
    plan.delete = sorted(g for g in remote if g not in local)
    return plan


def graph_digest(ntriples_lines: list[str]) -> str:
    """``sha1:`` + SHA-1 of the sorted N-Triples lines of a graph (order-independent)."""
    h = hashlib.sha1()
    for ln in sorted(ntriples_lines):
        h.update(ln.encode("utf-8"))
    return "sha1:" + h.hexdigest()


class GraphStoreClient:
    """Minimal SPARQL 1.1 Protocol + Graph Store HTTP Protocol client (stdlib urllib)."""

    def __init__(self, sparql_url: str, gsp_url: str, user: str | None = None, password: str | None = None,
                 graph_param: str = "graph-uri", auth: str = "digest", timeout: float = 300.0):
        self.sparql_url = sparql_url
        self.gsp_url = gsp_url
        self.graph_param = graph_param
        self.timeout = timeout
        handlers = []
        if user is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, gsp_url, user, password or "")
            mgr.add_password(None, sparql_url, user, password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr) if auth == "digest"
                            else urllib.request.HTTPBasicAuthHandler(mgr))
        # never pick up proxies from the environment for what is usually a local or LAN store
        handlers.append(urllib.request.ProxyHandler({}))
        self.opener = urllib.request.build_opener(*handlers)

    def _open(self, req: urllib.request.Request) -> bytes:
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            body = e.read()[:500].decode("utf-8", "replace").strip()
            raise PushError(f"{req.get_method()} {req.full_url.split('?')[0]} -> HTTP {e.code}: {body or e.reason}") from None
        except (urllib.error.URLError, OSError) as e:
            raise PushError(f"cannot reach {req.full_url.split('?')[0]}: {getattr(e, 'reason', e)}") from None

    def select(self, query: str) -> list[dict[str, str]]:
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(self.sparql_url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        res = json.loads(self._open(req))
        if "boolean" in res:
            return [{"ask": "true" if res["boolean"] else "false"}]
        return [{k: v["value"] for k, v in b.items()} for b in res["results"]["bindings"]]

    def _graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{sep}{urllib.parse.urlencode({self.graph_param: graph})}"

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        req = urllib.request.Request(self._graph_url(graph), data=ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
        self._open(req)

    def delete_graph(self, graph: str) -> None:
        req = urllib.request.Request(self._graph_url(graph), method="DELETE")
        try:
            self._open(req)
        except PushError as e:
            if "HTTP 404" not in str(e):
                raise


def remote_state(client: GraphStoreClient) -> dict[str, str]:
    """graph -> digest of what the store holds: the push-state digest if present, else ``src:`` + fz:sha1."""
    state = {}
    for row in client.select(
        f"SELECT ?g ?sha WHERE {{ GRAPH ?g {{ ?r a <https://w3id.org/fazhigraph/ontology#Report> ; "
        f"<https://w3id.org/fazhigraph/ontology#sha1> ?sha }} }}"
    ):
        state[row["g"]] = "src:" + row["sha"]
    for row in client.select(f"SELECT ?g ?d WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?g <{VERSION_INFO}> ?d }} }}"):
        g = row["g"]
        if g in state or (g == ENTITY_GRAPH and _graph_exists(client, g)):
            state[g] = row["d"]
    return state


def _graph_exists(client: GraphStoreClient, graph: str) -> bool:
    return client.select(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}") == [{"ask": "true"}]


def local_state(kg) -> tuple[dict[str, str], dict[str, list[str]]]:
    """graph -> digest, and graph -> N-Triples lines, for every named graph of a build."""
    digests, lines = {}, {}
    for g in kg.named_graphs():
        if g == STATE_GRAPH:
            continue
        nt = kg.graph_nquads(g)
        lines[g] = nt
        digests[g] = graph_digest(nt)
    return digests, lines


def push(kg, client: GraphStoreClient, force: bool = False, progress=None) -> PushSummary:
    """Bring the store in line with ``kg`` (a :class:`~fazhigraph.api.KnowledgeGraph` with named graphs)."""
    t0 = time.perf_counter()
    if kg.has_default_graph_triples():
        raise PushError("the graph has no per-report named graphs: push the build's graph.nq (or .trig), not graph.ttl")
    local, lines = local_state(kg)
    if not local:
        raise PushError("nothing to push: the graph is empty")
    remote = {} if force else remote_state(client)
    # a graph whose only record is its source hash counts as changed unless that hash matches
    # AND we have no digest record; compare source hashes for those
    sha_by_graph = {g: h for g, h in kg.report_hashes().items()}
    for g, d in list(remote.items()):
        if d.startswith("src:") and g in local and sha_by_graph.get(g) == d[4:]:
            remote[g] = local[g]
    # only report graphs (and the entity graph) are ours to delete
    remote = {g: d for g, d in remote.items() if g in local or g.startswith(REPORT_PREFIX)}
    plan = plan_push(local, remote)
    summary = PushSummary(endpoint=client.sparql_url, unchanged=plan.unchanged)
    for g in plan.put:
        body = "".join(lines[g]).encode("utf-8")
        client.put_graph(g, body)
        summary.put.append(g)
        summary.triples += len(lines[g])
        if progress:
            progress(f"PUT {g} ({len(lines[g])} triples)")
    for g in plan.delete:
        client.delete_graph(g)
        summary.deleted.append(g)
        if progress:
            progress(f"DELETE {g}")
    if plan.put or plan.delete or force:
        state = "".join(
            f"<{g}> <{VERSION_INFO}> {json.dumps(d, ensure_ascii=False)} .\n" for g, d in sorted(local.items()))
        client.put_graph(STATE_GRAPH, state.encode("utf-8"))
    summary.seconds = time.perf_counter() - t0
    return summary


def virtuoso_client(url: str = "http://127.0.0.1:8890", user: str = "dba", password: str = "dba",
                    gsp: str | None = None, graph_param: str = "graph-uri", auth: str = "digest",
                    sparql: str | None = None) -> GraphStoreClient:
    """A client for a Virtuoso server at ``url`` (SPARQL at /sparql, Graph Store at /sparql-graph-crud-auth)."""
    base = url.rstrip("/")
    return GraphStoreClient(sparql or f"{base}/sparql", gsp or f"{base}/sparql-graph-crud-auth",
                            user=user, password=password, graph_param=graph_param, auth=auth)


def push_file(graph: str | Path, client: GraphStoreClient, force: bool = False, progress=None) -> PushSummary:
    from .api import KnowledgeGraph

    return push(KnowledgeGraph.load(graph), client, force=force, progress=progress)


# ------------------------------------------------------------------ checking a pushed store

_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*(\"[^\"]*\"|'[^']*')\s*\)\s+AS\s+\?(\w+)", re.I | re.S)


def concat_separators(query: str) -> dict[str, str]:
    """Variables bound by ``GROUP_CONCAT(…; separator="x") AS ?v`` -> separator (their order is unspecified)."""
    return {m.group(2): m.group(1)[1:-1] for m in _CONCAT.finditer(query)}


def ascii_separators(query: str) -> str:
    """Replace non-ASCII GROUP_CONCAT separators by ``" | "``.

    Virtuoso 7.2 narrows a non-ASCII separator (``、``) to ``?``; the comparison runs the same
    rewritten query on both sides, so it still checks what was concatenated.
    """
    def sub(m: re.Match) -> str:
        sep = m.group(1)[1:-1]
        if sep.isascii():
            return m.group(0)
        return m.group(0).replace(m.group(1), '" | "')

    return _CONCAT.sub(sub, query)


def normalize_rows(rows: list[dict[str, str]], separators: dict[str, str] | None = None) -> list[tuple]:
    """Rows as a sorted list of sorted (variable, value) tuples; GROUP_CONCAT parts sorted."""
    separators = separators or {}
    out = []
    for r in rows:
        items = []
        for k, v in r.items():
            sep = separators.get(k)
            if sep and v:
                v = sep.join(sorted(v.split(sep)))
            items.append((k, v))
        out.append(tuple(sorted(items)))
    return sorted(out)


def local_rows(kg, query: str) -> list[dict[str, str]]:
    """A SELECT query's rows as SPARQL JSON would give them (lexical values)."""
    import pyoxigraph as ox

    res = kg.store.query(query, use_default_graph_as_union=True)
    if not isinstance(res, ox.QuerySolutions):
        return [{"ask": "true" if bool(res) else "false"}]
    names = [v.value for v in res.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in res]


@dataclass
class QueryCheck:
    name: str
    local: int
    remote: int
    same: bool
    detail: str = ""


def compare_saved_queries(kg, client: GraphStoreClient, queries) -> list[QueryCheck]:
    """Run each saved query locally and on the store; answers must be the same multiset of rows."""
    checks = []
    for q in queries:
        text = ascii_separators(q.text)
        seps = concat_separators(text)
        mine = normalize_rows(local_rows(kg, text), seps)
        try:
            theirs = normalize_rows(client.select(text), seps)
        except PushError as e:
            checks.append(QueryCheck(q.name, len(mine), -1, False, str(e)))
            continue
        detail = ""
        if mine != theirs:
            only_l = [r for r in mine if r not in theirs][:2]
            only_r = [r for r in theirs if r not in mine][:2]
            detail = f"only local: {only_l}; only in store: {only_r}"
        checks.append(QueryCheck(q.name, len(mine), len(theirs), mine == theirs, detail))
    return checks
