"""Querying a built graph with Oxigraph (read-only; nothing fetched from the network)."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .outputs import PREFIXES

_FORBIDDEN = re.compile(r"\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b|\bFROM\s+(NAMED\s+)?<", re.I)
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*')


def prologue() -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def check_read_only(query: str) -> None:
    """Refuse updates and anything that could reach the network (SERVICE, LOAD, FROM <…>)."""
    stripped = _STRINGS.sub(lambda m: "<>" if m.group().startswith("<") else '""', query)
    m = _FORBIDDEN.search(stripped)
    if m:
        raise QueryError(f"forbidden in a read-only query: {m.group().strip()}")


def load_store(path: str | Path) -> ox.Store:
    path = Path(path)
    if not path.exists():
        raise QueryError("graph file not found (run `fazhigraph build` first)", str(path))
    store = ox.Store()
    fmt = {
        ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
    }.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    store.bulk_load(path=str(path), format=fmt)
    return store


def run_query(store: ox.Store, query: str) -> tuple[list[str], list[list[str | None]]]:
    """SELECT/ASK: (variables, rows of plain string values)."""
    check_read_only(query)
    full = prologue() + query
    try:
        res = store.query(full, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    if isinstance(res, bool):
        return ["ask"], [["true" if res else "false"]]
    if isinstance(res, ox.QuerySolutions):
        vars_ = [v.value for v in res.variables]
        rows = [[(t.value if t is not None else None) for t in sol] for sol in res]
        return vars_, rows
    # CONSTRUCT / DESCRIBE: triples
    rows = [[t.subject.value, t.predicate.value, getattr(t.object, "value", str(t.object))] for t in res]
    return ["subject", "predicate", "object"], rows
