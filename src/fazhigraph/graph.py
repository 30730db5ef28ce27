"""From linked results to RDF quads: one named graph per report plus a shared entity graph.

Quads are produced as N-Quads lines (fast; no rdflib objects on the hot path), sorted and
de-duplicated so every output is deterministic. :mod:`fazhigraph.outputs` turns them into
Turtle, TriG, N-Quads ... through Oxigraph.
"""
from __future__ import annotations

import functools
from typing import Iterable, Iterator

from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, DCTERMS

from .link import Linker, entity_iri, iri_segment, report_iri
from .model import LAW_SUBTYPES, Entity, ReportResult
from .nifmentions import MentionWriter
from .observations import observation_quads, scheme_quads
from .rdfterms import int_lit, iri, lit, year_lit
from .vocab import FZ, ID_NS

ENTITY_GRAPH = f"{ID_NS}graph/entities"

#: How the reporting bureau relates to what its report names, by entity type.
RELATION = {
    "Agency": FZ.partnersWith,
    "LawFirm": FZ.retainsLawFirm,
    "Law": FZ.cites,
    "System": FZ.operatesSystem,
    "Unit": ORG.hasUnit,
    "Enterprise": FZ.supervises,
    "Platform": FZ.usesPlatform,
    "Publication": DCTERMS.references,
    "Event": FZ.takesPartIn,
}

_T = iri(str(RDF.type))
_LABEL = iri(str(RDFS.label))
_PREF = iri(str(SKOS.prefLabel))
_ALT = iri(str(SKOS.altLabel))
_NOTATION = iri(str(SKOS.notation))


@functools.lru_cache(maxsize=None)
def _p_str(term: str) -> str:
    return iri(term)


def _p(term) -> str:
    return _p_str(str(term))


def gb2260(code: str) -> str:
    """The 6-digit GB/T 2260 form of a division code (12 -> 120000, 6301 -> 630100)."""
    return code.ljust(6, "0") if code.isdigit() and len(code) < 6 else code


def region_iri(code: str, name: str) -> str:
    return f"{ID_NS}region/{gb2260(code) or iri_segment(name)}"


class _P:
    """The predicates and classes of report graphs as N-Triples terms (looked up once)."""

    def __init__(self) -> None:
        for name in ("Report", "sourceFile", "sha1", "year", "title", "reportingBody", "mentions", "jurisdiction"):
            setattr(self, name, iri(str(getattr(FZ, name))))
        self.rel = {t: iri(str(p)) for t, p in RELATION.items()}


@functools.lru_cache(maxsize=1)
def _preds() -> _P:
    return _P()


def _decimal(x: float) -> str:
    """An xsd:decimal in its canonical form (6, 0.5, 0.93), as the store keeps it."""
    return lit(f"{float(x):.2f}".rstrip("0").rstrip(".") or "0", datatype="http://www.w3.org/2001/XMLSchema#decimal")


def body_evidence_quads(r: str, meta, tail: str) -> Iterator[str]:
    """How the reporting body was decided (PROV): confidence, declared flag, one fz:Evidence per cue."""
    R, xsd = iri(r), "http://www.w3.org/2001/XMLSchema#"
    yield f"{R} {_p(FZ.bodyConfidence)} {_decimal(meta.bureau_confidence)}{tail}"
    if meta.bureau_declared:
        yield f"{R} {_p(FZ.bodyDeclared)} {lit('true', datatype=xsd + 'boolean')}{tail}"
    url = (meta.hints or {}).get("declared.url") or (meta.hints or {}).get("page.Url", "")
    if url.startswith(("http://", "https://")):  # where the report was published (declared, or the page's Url tag)
        yield f"{R} {_p(PROV.hadPrimarySource)} {iri(url)}{tail}"
    for k, ev in enumerate(meta.bureau_evidence or []):
        E = iri(f"{r}#evidence{k}")
        yield f"{R} {_p(FZ.bodyEvidence)} {E}{tail}"
        yield f"{E} {_T} {_p(FZ.Evidence)}{tail}"
        yield f"{E} {_p(FZ.cue)} {lit(ev.get('cue', ''))}{tail}"
        yield f"{E} {_p(FZ.cueText)} {lit(ev.get('text', ''), 'zh')}{tail}"
        yield f"{E} {_p(FZ.weight)} {_decimal(ev.get('weight', 0.0))}{tail}"


def report_quads(rep: ReportResult, linker: Linker) -> Iterator[str]:
    """The named graph of one report."""
    P = _preds()
    r = report_iri(rep.file)
    g = iri(r)
    R = g
    tail = f" {g} .\n"

    yield f"{R} {_T} {P.Report}{tail}"
    yield f"{R} {P.sourceFile} {lit(rep.file)}{tail}"
    if rep.sha1:
        yield f"{R} {P.sha1} {lit(rep.sha1)}{tail}"
    meta = rep.meta
    if meta.year:
        yield f"{R} {P.year} {year_lit(meta.year)}{tail}"
    if meta.title:
        yield f"{R} {P.title} {lit(meta.title, 'zh')}{tail}"
    B = None
    if meta.bureau:
        bureau = linker.lookup("Bureau", meta.bureau, rep.file)
        B = iri(bureau.iri)
        yield f"{R} {P.reportingBody} {B}{tail}"
        yield f"{R} {P.mentions} {B}{tail}"
        if meta.region_path:
            code = meta.region_codes[-1] if meta.region_codes else ""
            yield f"{B} {P.jurisdiction} {iri(region_iri(code, meta.region_path[-1]))}{tail}"
        yield from body_evidence_quads(r, meta, tail)
    mw = MentionWriter(r, rep.sentences, tail)
    ent_terms: dict[str, str] = {}
    for m in rep.mentions:
        ent_iri = linker.lookup(m.type, m.name, rep.file).iri
        E = ent_terms.get(ent_iri)
        if E is None:
            E = ent_terms[ent_iri] = iri(ent_iri)
        yield f"{R} {P.mentions} {E}{tail}"
        rel = P.rel.get(m.type)
        if B is not None and rel is not None and E != B:
            yield f"{B} {rel} {E}{tail}"
        yield from mw.lines(m.type, E, m.start, m.end, m.text)
    yield from observation_quads(rep, r, B, tail, mw)


def entity_quads(entities: Iterable[Entity], linker: Linker, reports: Iterable[ReportResult]) -> Iterator[str]:
    """The shared graph: entity descriptions and regions."""
    g = iri(ENTITY_GRAPH)

    def q(s: str, p: str, o: str) -> str:
        return f"{s} {p} {o} {g} .\n"

    for ent in entities:
        E = iri(ent.iri)
        yield q(E, _T, _p(getattr(FZ, ent.type)))
        sub = ent.attrs.get("subtype")
        if ent.type == "Law" and sub in LAW_SUBTYPES:
            yield q(E, _T, _p(getattr(FZ, LAW_SUBTYPES[sub])))
            yield q(E, _p(FZ.subtype), lit(sub))
        yield q(E, _LABEL, lit(ent.name, "zh"))
        yield q(E, _PREF, lit(ent.name, "zh"))
        for a in sorted(ent.aliases):
            yield q(E, _ALT, lit(a, "zh"))
        if ent.attrs.get("doc_number"):
            yield q(E, _p(FZ.docNumber), lit(ent.attrs["doc_number"]))
        if ent.attrs.get("issuer"):
            yield q(E, _p(FZ.issuer), lit(ent.attrs["issuer"], "zh"))
        if ent.attrs.get("broader"):
            yield q(E, iri(str(SKOS.broader)), iri(entity_iri(ent.type, ent.attrs["broader"])))
        yield q(E, _p(FZ.mentionCount), int_lit(linker.count(ent)))
    for rep in reports:
        meta = rep.meta
        parent = None
        for i, name in enumerate(meta.region_path):
            code = meta.region_codes[i] if i < len(meta.region_codes) else ""
            Rg = iri(region_iri(code, name))
            yield q(Rg, _T, _p(FZ.Region))
            yield q(Rg, _LABEL, lit(name, "zh"))
            if code:
                yield q(Rg, _NOTATION, lit(gb2260(code)))
            if parent:
                yield q(Rg, _p(FZ.partOfRegion), parent)
            parent = Rg
    yield from scheme_quads(g)


def build_quads(reports: list[ReportResult]) -> tuple[list[str], Linker]:
    """All quads of a build, sorted and unique."""
    linker = Linker()
    for rep in reports:
        linker.add_report(rep)
    linker.finish()
    lines: set[str] = set()
    for rep in reports:
        lines.update(report_quads(rep, linker))
    lines.update(entity_quads(linker.entities(), linker, reports))
    return sorted(lines), linker


# --- streaming: one block per named graph -------------------------------------------------


def report_block(rep: ReportResult, linker: Linker) -> list[str]:
    """The sorted, unique N-Quads lines of one report's named graph."""
    return sorted(set(report_quads(rep, linker)))


class _MetaOnly:
    """What :func:`entity_quads` reads of a report (its region path), without the report."""

    __slots__ = ("meta",)

    def __init__(self, meta) -> None:
        self.meta = meta


def entity_block(linker: Linker, region_metas: Iterable) -> list[str]:
    """The sorted, unique N-Quads lines of the shared entity graph.

    ``region_metas``: :class:`~fazhigraph.model.ReportMeta` objects (or anything with
    ``region_path``/``region_codes``), one per distinct region path is enough.
    """
    return sorted(set(entity_quads(linker.entities(), linker, (_MetaOnly(m) for m in region_metas))))


def split_local(block: list[str], rep_iri: str) -> tuple[list[str], list[str]]:
    """Split a report block into triples about the report's own nodes and shared triples.

    Lines become N-Triples (graph term dropped). A report's own nodes (the report, its
    mentions and sentences) have IRIs starting with the report IRI; everything else (the
    bureau's edges) may be repeated by other reports and is de-duplicated globally.
    """
    own = f"<{rep_iri}"
    local, shared = [], []
    for ln in block:
        body = ln[: ln.rindex(" <")] + " .\n"
        if body.startswith(own) and body[len(own)] in ">#":
            local.append(body)
        else:
            shared.append(body)
    return local, shared
