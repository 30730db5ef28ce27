"""Querying a built graph with Oxigraph: read-only, nothing fetched from the network, time-limited.

* :func:`check_read_only` refuses SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP ...) and
  anything that could reach the network: ``SERVICE`` (Oxigraph would call the endpoint) and
  ``FROM``/``FROM NAMED`` with an IRI outside the fazhigraph namespace. Keywords are looked
  for after strings, comments and IRIs are blanked out with SPARQL's own lexical rules, so a
  keyword inside a string is no problem and a keyword cannot hide inside a fake IRI.
* :func:`run_query` evaluates in a forked child process and kills it when it runs longer
  than ``timeout`` seconds (default :data:`DEFAULT_TIMEOUT`, or ``$FAZHI_QUERY_TIMEOUT``);
  without ``fork`` (Windows) the query runs in-process without a time limit.
* Updates are possible only through :func:`run_update` with ``allow_update=True``; they
  change the in-memory store, never a file.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .outputs import PREFIXES

#: Seconds a query may run (override with $FAZHI_QUERY_TIMEOUT; 0 disables the limit).
DEFAULT_TIMEOUT = float(os.environ.get("FAZHI_QUERY_TIMEOUT", "30") or 30)
#: IRIs a FROM / FROM NAMED clause may name (graphs of this project; Oxigraph never fetches them).
LOCAL_GRAPH_PREFIX = "https://w3id.org/fazhigraph/"

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH", "USING")
_NETWORK_WORDS = ("SERVICE",)
# SPARQL lexical tokens that may contain arbitrary text: long and short strings, IRIREF
# (no spaces, <>"{}|^`\ inside, as in the grammar) and comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
# A bare keyword: not part of a variable (?x $x), a prefixed name (ex:ADD, ADD:x) or a longer word.
_WORD = re.compile(r"(?<![\w?$:\-.])([A-Za-z]+)(?![\w:\-])")
_FROM = re.compile(r"(?<![\w?$:])FROM\s+(?:NAMED\s+)?(\S+)", re.I)


def prologue() -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def _blank(query: str) -> tuple[str, list[str]]:
    """The query with strings and comments replaced by spaces and IRIs by ``<#n>``, and the IRIs."""
    iris: list[str] = []

    def sub(m: re.Match) -> str:
        tok = m.group()
        if tok.startswith("<"):
            iris.append(tok[1:-1])
            return f"<{len(iris) - 1}>"
        if tok.startswith("#"):
            return " "
        return '""'

    return _OPAQUE.sub(sub, query), iris


def check_read_only(query: str) -> None:
    """Refuse updates and anything that could reach the network (SERVICE, LOAD, FROM <http://…>)."""
    if "\x00" in query:
        raise QueryError("NUL character in query")
    stripped, iris = _blank(query)
    for m in _WORD.finditer(stripped):
        w = m.group(1).upper()
        if w in _NETWORK_WORDS:
            raise QueryError(f"forbidden: {w} would query another endpoint over the network")
        if w in _UPDATE_WORDS:
            raise QueryError(f"forbidden in a read-only query: {w} (queries may not change the graph)")
    for m in _FROM.finditer(stripped):
        target = m.group(1)
        iri = iris[int(target[1:-1])] if re.fullmatch(r"<\d+>", target) else None
        if iri is None or not iri.startswith(LOCAL_GRAPH_PREFIX):
            shown = iri if iri is not None else target
            raise QueryError(f"forbidden: FROM {shown} (only graphs under {LOCAL_GRAPH_PREFIX} can be named; nothing is fetched)")


#: File suffix -> Oxigraph parser format for :func:`read_graph_file`.
LOAD_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}


def read_graph_file(path: str | Path) -> ox.Store:
    """An in-memory store of a graph file: ``.nq`` / ``.trig`` keep the per-report graphs;
    ``.ttl``, ``.nt``, ``.rdf`` and ``.jsonld`` load into the default graph."""
    path = Path(path)
    if not path.is_file():
        raise QueryError("graph file not found (run `fazhigraph build` first)", str(path))
    suffix = path.suffix.lower()
    store = ox.Store()
    try:
        if suffix in (".jsonld", ".json"):
            import rdflib

            ds = rdflib.Dataset()
            ds.parse(path, format="json-ld")
            store.bulk_load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_load(path=str(path), format=LOAD_FORMATS.get(suffix, ox.RdfFormat.TURTLE))
    except SyntaxError as e:
        raise QueryError(f"not a valid RDF file: {e}", str(path)) from None
    return store


def load_store(path: str | Path) -> ox.Store:
    path = Path(path)
    if not path.exists():
        raise QueryError("graph file not found (run `fazhigraph build` first)", str(path))
    from .diskstore import open_fresh

    disk = open_fresh(path)  # the build's on-disk store, if it holds exactly this file's graph
    if disk is not None:
        return disk
    store = ox.Store()
    fmt = {
        ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
    }.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as e:
        raise QueryError(f"cannot load the graph: {' '.join(str(e).split())[:200]}", str(path)) from None
    return store


def _evaluate(store: ox.Store, query: str) -> tuple[list[str], list[list[str | None]]]:
    try:
        res = store.query(prologue() + query, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":  # pyoxigraph >= 0.5: QueryBoolean
        return ["ask"], [["true" if bool(res) else "false"]]
    if isinstance(res, ox.QuerySolutions):
        vars_ = [v.value for v in res.variables]
        rows = [[(t.value if t is not None else None) for t in sol] for sol in res]
        return vars_, rows
    # CONSTRUCT / DESCRIBE: triples
    rows = [[t.subject.value, t.predicate.value, getattr(t.object, "value", str(t.object))] for t in res]
    return ["subject", "predicate", "object"], rows


def _child(conn, store: ox.Store, query: str) -> None:  # pragma: no cover - runs in the forked child
    try:
        conn.send(("ok", _evaluate(store, query)))
    except QueryError as e:
        conn.send(("error", e.reason))
    except BaseException as e:
        conn.send(("error", f"query failed: {type(e).__name__}: {e}"))
    finally:
        conn.close()


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods() and not mp.current_process().daemon


def run_query(
    store: ox.Store, query: str, timeout: float | None = None
) -> tuple[list[str], list[list[str | None]]]:
    """SELECT/ASK/CONSTRUCT/DESCRIBE: (variables, rows of plain string values).

    Read-only (see :func:`check_read_only`); stops with :class:`QueryError` after ``timeout``
    seconds (default :data:`DEFAULT_TIMEOUT`; ``0`` means no limit).
    """
    check_read_only(query)
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    if not timeout or timeout <= 0 or not _can_fork():
        return _evaluate(store, query)
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, store, query), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryError(f"query timed out after {timeout:g} s (set --timeout or FAZHI_QUERY_TIMEOUT)")
        try:
            status, payload = parent.recv()
        except EOFError:
            raise QueryError(f"query process died (exit code {proc.exitcode})") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status == "error":
        raise QueryError(payload)
    return payload


def run_update(store: ox.Store, update: str, allow_update: bool = False) -> None:
    """Apply a SPARQL update to the in-memory ``store`` (never to a file) — only on request.

    ``SERVICE`` and ``LOAD`` stay forbidden either way: nothing is fetched from the network.
    """
    if not allow_update:
        raise QueryError("updates are disabled (read-only); pass allow_update=True to change the in-memory graph")
    stripped, _ = _blank(update)
    for m in _WORD.finditer(stripped):
        w = m.group(1).upper()
        if w in _NETWORK_WORDS or w == "LOAD":
            raise QueryError(f"forbidden: {w} would fetch data over the network")
    try:
        store.update(prologue() + update)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
