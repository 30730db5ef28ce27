"""A report's figures as RDF Data Cube observations (N-Quads lines of the report's graph).

One ``qb:Observation`` per distinct fact of a report - (measure, value, unit, period,
qualifier): a fact stated twice is one observation with two mentions::

    <report#obs-…> a qb:Observation ; qb:dataSet <id/dataset/figures> ;
        sdmx-measure:obsValue "720000"^^xsd:decimal ; sdmx-attribute:unitMeasure "元" ;
        fz:measure <id/measure/fine-amount> ; fz:approx "over" ;
        fz:periodStart "2024"^^xsd:gYear ; fz:periodEnd "2024"^^xsd:gYear ;
        fz:inReport <report> ; fz:refBody <bureau> .
    <report#m120-131-Figure> a fz:Mention ; fz:denotes <report#obs-…> ; nif:beginIndex … ;
        nif:anchorOf "72万余元" ; fz:inSentence <report#s…> .

The measure concepts (labels, ``skos:broader`` up to one of the 13 top concepts) and the data
set are written once, in the shared entity graph (:func:`scheme_quads`).
"""
from __future__ import annotations

import functools
import hashlib
from typing import Iterator

from .model import Figure, ReportResult
from .nifmentions import MentionWriter
from .rdfterms import XSD, iri, lit, year_lit
from .vocab import FZ, FZ_NS, ID_NS

QB = "http://purl.org/linked-data/cube#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTRIBUTE = "http://purl.org/linked-data/sdmx/2009/attribute#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MEASURE_NS = f"{ID_NS}measure/"
DATASET = f"{ID_NS}dataset/figures"


def measure_iri(concept: str) -> str:
    return MEASURE_NS + concept


@functools.lru_cache(maxsize=1)
def measure_scheme() -> dict[str, tuple[tuple[str, str], ...]]:
    """concept local name -> its (predicate, object) N-Triples terms in ``ontology/measures.ttl``."""
    import rdflib

    from .resources import data_path

    g = rdflib.Graph().parse(data_path("measures.ttl"), format="turtle")
    out: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in g:
        s = str(s)
        if not s.startswith(MEASURE_NS) or s == MEASURE_NS:
            continue
        if isinstance(o, rdflib.Literal):
            obj = lit(str(o), o.language) if o.language else lit(str(o))
        else:
            obj = iri(str(o))
        out.setdefault(s[len(MEASURE_NS):], []).append((iri(str(p)), obj))
    return {k: tuple(sorted(v)) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def broader_chain(concept: str) -> tuple[str, ...]:
    """``concept`` and its ancestors in the scheme (fine-amount, fine)."""
    chain = [concept]
    broader = iri("http://www.w3.org/2004/02/skos/core#broader")
    while True:
        up = [o for p, o in measure_scheme().get(chain[-1], ()) if p == broader]
        if not up or len(chain) > 10:
            return tuple(chain)
        chain.append(up[0][1:-1][len(MEASURE_NS):])


def top_measure(concept: str) -> str:
    """The top concept (one of the 13 measures) above ``concept``."""
    return broader_chain(concept)[-1]


@functools.lru_cache(maxsize=None)
def measure_label(concept: str, lang: str = "zh") -> str:
    """The label of ``concept`` in ``lang`` (``fine`` -> 罚没款)."""
    want = f"@{lang}"
    for p, o in measure_scheme().get(concept, ()):
        if p == iri(RDFS_LABEL) and o.endswith(want):
            return o[1:-len(want) - 1]
    return concept


@functools.lru_cache(maxsize=None)
def top_label(concept: str, lang: str = "zh") -> str:
    """The label of the top concept above ``concept`` (one of the 13 measures)."""
    return measure_label(top_measure(concept), lang)


def fact_key(f: Figure) -> tuple:
    return f.measure, f.value, f.unit, f.period_start, f.period_end, f.approx


class _T:
    """Terms looked up once."""

    def __init__(self) -> None:
        self.type = iri(RDF_TYPE)
        self.obs = iri(QB + "Observation")
        self.dataset_p = iri(QB + "dataSet")
        self.dataset = iri(DATASET)
        self.value = iri(SDMX_MEASURE + "obsValue")
        self.unit = iri(SDMX_ATTRIBUTE + "unitMeasure")
        for name in ("measure", "approx", "periodStart", "periodEnd", "inReport", "refBody"):
            setattr(self, name, iri(str(getattr(FZ, name))))
        self.label = iri(RDFS_LABEL)
        self.dataset_lines = (
            f"{self.dataset} {self.type} {iri(QB + 'DataSet')}",
            f"{self.dataset} {iri(QB + 'structure')} {iri(FZ_NS + 'figureStructure')}",
            f"{self.dataset} {self.label} {lit('法治政府建设情况报告中的数字', 'zh')}",
            f"{self.dataset} {self.label} {lit('Figures of law-based government reports', 'en')}",
        )


@functools.lru_cache(maxsize=1)
def _terms() -> _T:
    return _T()


def observation_quads(rep: ReportResult, r: str, B: str | None, tail: str,
                      mentions: MentionWriter | None = None) -> Iterator[str]:
    """The observation triples of report ``rep`` (IRI ``r``; ``B``: the bureau's term or None;
    ``tail``: `` <graph> .\\n``; ``mentions``: the report's mention writer, if it has one)."""
    figures = getattr(rep, "figures", None) or ()
    if not figures:
        return
    T = _terms()
    R = iri(r)
    mw = mentions or MentionWriter(r, rep.sentences, tail)
    seen: dict[tuple, str] = {}
    for f in figures:
        key = fact_key(f)
        O = seen.get(key)
        if O is None:
            h = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:12]
            O = seen[key] = iri(f"{r}#obs-{h}")
            yield f"{O} {T.type} {T.obs}{tail}"
            yield f"{O} {T.dataset_p} {T.dataset}{tail}"
            yield f'{O} {T.value} "{f.value}"^^<{XSD}decimal>{tail}'
            yield f"{O} {T.unit} {lit(f.unit)}{tail}"
            yield f"{O} {T.measure} {iri(measure_iri(f.measure))}{tail}"
            yield f"{O} {T.label} {lit(f'{top_label(f.measure)} {f.value}{f.unit}', 'zh')}{tail}"
            if f.approx:
                yield f"{O} {T.approx} {lit(f.approx)}{tail}"
            if f.period_start:
                yield f"{O} {T.periodStart} {year_lit(f.period_start)}{tail}"
            if f.period_end:
                yield f"{O} {T.periodEnd} {year_lit(f.period_end)}{tail}"
            yield f"{O} {T.inReport} {R}{tail}"
            if B is not None:
                yield f"{O} {T.refBody} {B}{tail}"
        yield from mw.lines("Figure", O, f.start, f.end, f.text)


def scheme_quads(g: str) -> Iterator[str]:
    """The measure scheme (every concept of ``ontology/measures.ttl``: labels, ``skos:broader``)
    and the figures data set, in graph ``g`` (the shared entity graph): the same for every build,
    so an edit that adds or drops a report's figures changes only that report's own triples."""
    T = _terms()
    tail = f" {g} .\n"
    for ln in T.dataset_lines:
        yield ln + tail
    for c, pos in sorted(measure_scheme().items()):
        C = iri(measure_iri(c))
        for p, o in pos:
            yield f"{C} {p} {o}{tail}"
