"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pySHACL).

    >>> from fazhigraph.validate import validate_nquads
    >>> res = validate_nquads('<https://w3id.org/fazhigraph/id/report/a.txt> '
    ...     '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/fazhigraph/ontology#Report> .\\n')
    >>> res.conforms
    False
    >>> sorted({v.path for v in res.violations})
    ['fz:reportingBody', 'fz:sourceFile', 'fz:year']

The readable report (``res.text``) groups problems by rule and names the offending nodes
with short prefixed IRIs, so a broken build says what is wrong and where.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .outputs import PREFIXES
from .resources import data_path

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"
    component: str = ""


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    @property
    def text(self) -> str:
        return format_report(self)

    def __bool__(self) -> bool:
        return self.conforms


def shorten(iri: str) -> str:
    """``fzid:report/a.txt`` style names for the report (longest matching namespace wins)."""
    best = ""
    for k, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, k
    return f"{name}:{iri[len(best):]}" if best else iri


def format_report(res: ValidationResult, limit: int = 10) -> str:
    if res.conforms:
        return f"符合 / conforms: {res.triples} triples satisfy ontology/shapes.ttl"
    groups: dict[tuple[str, str], list[Violation]] = defaultdict(list)
    for v in res.violations:
        groups[(v.path, v.message)].append(v)
    lines = [f"不符合 / does not conform: {len(res.violations)} problem(s) in {len(groups)} rule(s)"]
    for (path, message), vs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        comp = vs[0].component.replace("ConstraintComponent", "")
        lines.append(f"✗ {message}")
        lines.append(f"  [{vs[0].severity}] path {path or '-'} · constraint {comp} · {len(vs)} node(s)")
        for v in sorted(vs, key=lambda v: (v.focus, v.value))[:limit]:
            lines.append(f"    {v.focus}" + (f"  value: {v.value}" if v.value else ""))
        if len(vs) > limit:
            lines.append(f"    … and {len(vs) - limit} more")
    return "\n".join(lines)


def load_shapes(shapes: str | Path | None = None):
    import rdflib

    g = rdflib.Graph()
    g.parse(Path(shapes) if shapes else data_path("shapes.ttl"), format="turtle")
    return g


def validate_graph(data, shapes: str | Path | None = None) -> ValidationResult:
    """Validate an ``rdflib.Graph`` (triples; named graphs should be merged first)."""
    import rdflib
    from pyshacl import validate as _validate

    conforms, report, _ = _validate(data, shacl_graph=load_shapes(shapes), inference="none",
                                    abort_on_first=False, allow_warnings=True, advanced=False)
    sh = rdflib.Namespace(SH)
    violations = []
    for r in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        def one(p):
            v = report.value(r, p)
            return "" if v is None else str(v)

        val = report.value(r, sh.value)
        sev = one(sh.resultSeverity).rsplit("#", 1)[-1]
        path = report.value(r, sh.resultPath)
        violations.append(Violation(
            focus=shorten(one(sh.focusNode)),
            path=shorten(str(path)) if isinstance(path, rdflib.URIRef) else ("" if path is None else "(complex path)"),
            message=one(sh.resultMessage) or "constraint violated",
            value=(shorten(str(val)) if isinstance(val, rdflib.URIRef) else ("" if val is None else str(val))),
            severity=sev,
            component=one(sh.sourceConstraintComponent).rsplit("#", 1)[-1],
        ))
    return ValidationResult(bool(conforms), sorted(violations, key=lambda v: (v.path, v.message, v.focus, v.value)), len(data))


def validate_nquads(text: str, shapes: str | Path | None = None) -> ValidationResult:
    """Validate N-Quads (or N-Triples) text; graphs are merged."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return validate_store(store, shapes)


def validate_store(store, shapes: str | Path | None = None) -> ValidationResult:
    """Validate a pyoxigraph ``Store`` (the union of its graphs)."""
    import rdflib

    triples = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in store})
    merged = rdflib.Graph()
    merged.parse(data="".join(triples), format="nt")
    return validate_graph(merged, shapes)


def validate_file(path: str | Path, shapes: str | Path | None = None) -> ValidationResult:
    """Validate a graph file (``.nq``, ``.trig``, ``.ttl``, ``.nt``, ``.jsonld`` ...)."""
    from .store import read_graph_file

    return validate_store(read_graph_file(path), shapes)
