"""Python API: one object for building, loading, querying, exporting and checking a graph.

``KnowledgeGraph`` is the facade the command line is built on. It holds an in-memory
Oxigraph store with one named graph per report (plus the shared entity graph), so SPARQL
``GRAPH ?g`` works and the default graph is the union of all graphs.

    >>> from fazhigraph import KnowledgeGraph
    >>> kg = KnowledgeGraph.from_quads(
    ...     '<https://w3id.org/fazhigraph/id/report/a.txt> '
    ...     '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...     '<https://w3id.org/fazhigraph/ontology#Report> '
    ...     '<https://w3id.org/fazhigraph/id/report/a.txt> .\\n')
    >>> len(kg)
    1
    >>> kg.query("SELECT ?r WHERE { ?r a fz:Report }")
    [{'r': 'https://w3id.org/fazhigraph/id/report/a.txt'}]
    >>> kg.query("ASK { ?r a fz:Report }")
    True
    >>> kg.serialize("nt").decode().count(" .\\n")
    1

Typical use on real reports::

    kg = KnowledgeGraph.build("corpus")          # or KnowledgeGraph.load("outputs/graph.nq")
    rows = kg.query("SELECT ?law (COUNT(*) AS ?n) WHERE { ?r fz:mentions ?law . ?law a fz:Law } GROUP BY ?law")
    df = kg.query_as_df(open("queries/01_laws_most_cited.rq").read())   # needs pandas
    g = kg.to_networkx()
    kg.serialize("jsonld", destination="graph.jsonld")
    print(kg.validate().text)
    kg.view("graph.html")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox

from .errors import OutputError, QueryError
from .outputs import FORMATS, PREFIXES, atomic_write_bytes, serialize_quads
from .store import check_read_only, read_graph_file

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FZ_NS = PREFIXES["fz"]

_INTS = {f"{XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{XSD}double", f"{XSD}float"}


def to_python(term: Any) -> Any:
    """An Oxigraph term as a plain Python value: IRIs and strings as ``str``, numbers as numbers.

    >>> to_python(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")))
    3
    >>> to_python(ox.Literal("2021", datatype=ox.NamedNode(XSD + "gYear")))
    2021
    >>> to_python(ox.NamedNode("https://example.org/x"))
    'https://example.org/x'
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        v = term.value
        try:
            if dt in _INTS or dt == f"{XSD}gYear":
                return int(v)
            if dt == f"{XSD}decimal":
                return Decimal(v)
            if dt in _FLOATS:
                return float(v)
            if dt == f"{XSD}boolean":
                return v in ("true", "1")
        except (ValueError, ArithmeticError):
            return v
        return v
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


@dataclass
class KnowledgeGraph:
    """A built or loaded fazhigraph graph (see the module docstring for examples)."""

    store: ox.Store = field(default_factory=ox.Store)
    #: Extraction results when the graph was built in this process (``[]`` when loaded).
    reports: list = field(default_factory=list, repr=False)
    #: One line per report that could not be built.
    errors: list[str] = field(default_factory=list, repr=False)
    _linker: Any = field(default=None, repr=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def build(cls, *paths: str | Path, jobs: int | None = None) -> "KnowledgeGraph":
        """Extract every report under ``paths`` (folders or files) and link them into one graph.

        Reports that fail are listed in ``kg.errors``; the others are still built.
        """
        from .builder import extract_all
        from .ingest import discover

        files: list[Path] = []
        for p in paths or ("corpus",):
            files.extend(discover(p))
        results, errors = extract_all(files, jobs=jobs)
        kg = cls.from_reports(results)
        kg.errors = errors
        return kg

    @classmethod
    def from_reports(cls, reports: list) -> "KnowledgeGraph":
        """Link :class:`~fazhigraph.model.ReportResult` objects (e.g. from ``pipeline.extract_text``)."""
        from .graph import build_quads

        lines, linker = build_quads(list(reports))
        kg = cls.from_quads("".join(lines))
        kg.reports, kg._linker = list(reports), linker
        return kg

    @classmethod
    def from_quads(cls, nquads: str | bytes) -> "KnowledgeGraph":
        """A graph from N-Quads text."""
        store = ox.Store()
        data = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
        if data:
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        return cls(store=store)

    @classmethod
    def load(cls, path: str | Path) -> "KnowledgeGraph":
        """Load a graph file: ``.nq`` / ``.trig`` keep the per-report graphs; ``.ttl``, ``.nt``,
        ``.rdf`` and ``.jsonld`` load into the default graph."""
        return cls(store=read_graph_file(path))

    # ------------------------------------------------------------------ inspection
    def __len__(self) -> int:
        return len(self.store)

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs (one per report plus the entity graph), sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def report_hashes(self) -> dict[str, str]:
        """Named graph IRI -> the fz:sha1 of the report it holds (source file content hash)."""
        rows = self.query("SELECT ?g ?sha WHERE { GRAPH ?g { ?r a fz:Report ; fz:sha1 ?sha } }")
        return {r["g"]: r["sha"] for r in rows}

    def has_default_graph_triples(self) -> bool:
        """True when some triples sit outside any named graph (e.g. a Turtle file was loaded)."""
        return next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None

    def nquads(self) -> list[str]:
        """Every quad as a sorted, de-duplicated N-Quads line (the build's canonical form)."""
        data = self.store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
        return sorted(set(data.splitlines(keepends=True)))

    def graph_nquads(self, graph: str) -> list[str]:
        """Sorted N-Triples lines (no graph term) of one named graph."""
        quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in quads})

    # ------------------------------------------------------------------ querying
    def _run(self, sparql: str):
        check_read_only(sparql)
        try:
            return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None

    def query(self, sparql: str) -> list[dict[str, Any]] | bool | list[tuple[str, str, Any]]:
        """Run a read-only SPARQL query (the fazhigraph prefixes ``fz:``, ``rdfs:``, ``skos:`` ...
        are predeclared; the default graph is the union of all graphs).

        SELECT gives a list of ``{variable: value}`` dicts (unbound variables are left out;
        numbers and years become ``int``), ASK a ``bool``, CONSTRUCT/DESCRIBE a list of
        ``(subject, predicate, object)`` tuples.
        """
        res = self._run(sparql)
        if isinstance(res, ox.QueryBoolean) or isinstance(res, bool):
            return bool(res)
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            out = []
            for sol in res:
                row = {}
                for n in names:
                    t = sol[n]
                    if t is not None:
                        row[n] = to_python(t)
                out.append(row)
            return out
        return [(to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in res]

    def query_as_df(self, sparql: str):
        """A SELECT query as a ``pandas.DataFrame`` (columns in SELECT order; needs ``pip install fazhigraph[pandas]``)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("query_as_df needs pandas: pip install 'fazhigraph[pandas]'") from None
        res = self._run(sparql)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("query_as_df needs a SELECT query")
        names = [v.value for v in res.variables]
        rows = [[to_python(sol[n]) for n in names] for sol in res]
        return pd.DataFrame(rows, columns=names)

    # ------------------------------------------------------------------ conversions
    def to_networkx(self, include_mentions: bool = False):
        """A ``networkx.MultiDiGraph``: nodes are IRIs (attributes ``label``, ``type``, ``types``),
        edges are object properties (attribute ``predicate`` = local name, ``iri`` = full IRI).

        Mention and sentence nodes are left out unless ``include_mentions`` is true.
        """
        import networkx as nx

        hidden = set() if include_mentions else {f"{FZ_NS}Mention", f"{FZ_NS}Sentence"}
        types: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        edges: set[tuple[str, str, str]] = set()
        for q in self.store:
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, ox.NamedNode):
                continue
            if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                types.setdefault(s.value, []).append(o.value)
            elif p == RDFS_LABEL and isinstance(o, ox.Literal):
                labels.setdefault(s.value, o.value)
            elif isinstance(o, ox.NamedNode):
                edges.add((s.value, p, o.value))
        skip = {n for n, ts in types.items() if hidden.intersection(ts)}
        g = nx.MultiDiGraph()
        for n in sorted(types):
            if n in skip:
                continue
            ts = sorted(types[n])
            fz_types = [_local(t) for t in ts if t.startswith(FZ_NS)]
            main = _main_type(fz_types) or (_local(ts[0]) if ts else "")
            g.add_node(n, label=labels.get(n, _local(n)), type=main, types=fz_types)
        for s, p, o in sorted(edges):
            if s in skip or o in skip:
                continue
            for n in (s, o):
                if n not in g:
                    g.add_node(n, label=labels.get(n, _local(n)), type="", types=[])
            g.add_edge(s, o, key=_local(p), predicate=_local(p), iri=p)
        return g

    def serialize(self, format: str = "ttl", destination: str | Path | None = None) -> bytes:
        """The graph as ``ttl`` | ``nt`` | ``trig`` | ``nq`` | ``jsonld`` bytes (deterministic);
        written atomically to ``destination`` when given."""
        fmt = format.lower()
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {format!r} (choose from ttl, nt, trig, nq, jsonld)")
        lines = self.nquads()
        if fmt in ("ttl", "turtle", "nt") and self.has_default_graph_triples():
            # some triples sit in the default graph (a Turtle file was loaded): merge by hand
            triples = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in self.store})
            if fmt == "nt":
                data = "".join(triples).encode("utf-8")
            else:
                parsed = ox.parse("".join(triples).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
                data = ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        else:
            data = serialize_quads(lines, fmt)
        if destination is not None:
            atomic_write_bytes(destination, data)
        return data

    def validate(self, shapes: str | Path | None = None):
        """Check the graph against ``ontology/shapes.ttl`` (SHACL); see :mod:`fazhigraph.validate`."""
        from .validate import validate_store

        return validate_store(self.store, shapes=shapes)

    def view(self, path: str | Path = "graph.html") -> Path:
        """Write the interactive HTML view (self-contained, works offline) and return its path."""
        from . import view as _view

        path = Path(path)
        if self.reports and self._linker is not None:
            page = _view.render_html(self.reports, self._linker)
        else:
            page = _view.render(_view.from_store(self.store))
        atomic_write_bytes(path, page.encode("utf-8"))
        return path

    def serve(self, host: str = "127.0.0.1", port: int = 7878, **options):
        """Serve this graph over the SPARQL 1.1 Protocol (blocks; see :mod:`fazhigraph.server`)."""
        from .server import serve_graph

        return serve_graph(self.store, host=host, port=port, **options)


_TYPE_ORDER = ("Report", "Bureau", "Agency", "LawFirm", "Unit", "Enterprise", "Law", "System", "Platform",
               "Publication", "Event", "Region", "Mention", "Sentence")


def _main_type(fz_types: Iterable[str]) -> str:
    fz_types = set(fz_types)
    for t in _TYPE_ORDER:
        if t in fz_types:
            return t
    return sorted(fz_types)[0] if fz_types else ""
