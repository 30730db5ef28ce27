"""Plain data passed between pipeline stages (and between processes).

Everything here is picklable and JSON-round-trippable so that worker processes ship only
results, and the per-report cache can store them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: The five entity types of the mission, then the extra types.
CORE_TYPES = ("Bureau", "Agency", "LawFirm", "Law", "System")
EXTRA_TYPES = ("Unit", "Enterprise", "Platform", "Publication", "Event")
ENTITY_TYPES = CORE_TYPES + EXTRA_TYPES

#: Law subtypes (GUIDELINES.md) -> ontology class local names.
LAW_SUBTYPES = {
    "law": "Statute",
    "administrative_regulation": "AdministrativeRegulation",
    "departmental_rule": "DepartmentalRule",
    "local_regulation": "LocalRegulation",
    "normative_document": "NormativeDocument",
    "plan": "Plan",
    "party_regulation": "PartyRegulation",
}


@dataclass
class Mention:
    """One occurrence of an entity in a report.

    ``start``/``end`` are character offsets into the *normalized* report text;
    ``orig_start``/``orig_end`` are filled in by the pipeline from the offset map and point
    into the text as read from the file.
    """

    type: str
    text: str  # surface form as it appears (normalized text)
    start: int
    end: int
    name: str  # canonical (resolved) name
    aliases: list[str] = field(default_factory=list)  # further known forms (short names ...)
    attrs: dict[str, str] = field(default_factory=dict)  # subtype, doc_number, code ...
    source: str = ""  # which component produced it
    orig_start: int = -1
    orig_end: int = -1


@dataclass
class ReportMeta:
    """What a report says about itself."""

    bureau: str = ""  # canonical name of the reporting body
    bureau_aliases: list[str] = field(default_factory=list)
    region: str = ""  # the reporting body's own area (西青区)
    region_path: list[str] = field(default_factory=list)  # [天津市, 西青区]
    region_codes: list[str] = field(default_factory=list)  # GB/T 2260 codes, same order
    year: int | None = None
    title: str = ""
    bureau_confidence: float = 0.0  # 0..1: how sure the reporting-body decision is
    bureau_evidence: list[dict] = field(default_factory=list)  # the winning body's cues: {cue, text, weight}
    bureau_declared: bool = False  # the body was given in metadata.csv
    hints: dict[str, str] = field(default_factory=dict)  # declared.* (metadata.csv) and page.* (HTML meta tags)


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Figure:
    """One quantitative figure of a report (see :mod:`fazhigraph.extract.figures`)."""

    value: str  # xsd:decimal lexical form, normalised: 万/亿 expanded, money in 元, rates in %
    unit: str  # the counting unit as written (件, 人次 ...), 元 for money, % for rates
    measure: str  # concept local name in ontology/measures.ttl
    start: int  # span in the normalized text
    end: int
    text: str
    approx: str = ""  # about | over | under | ""
    period_start: int | None = None
    period_end: int | None = None
    orig_start: int = -1
    orig_end: int = -1


@dataclass
class ReportResult:
    """Everything extracted from one report; the unit shipped between processes and cached."""

    file: str  # file name (graph contract: sourceFile)
    path: str
    sha1: str
    meta: ReportMeta
    mentions: list[Mention]
    sentences: list[Sentence]
    chars: int = 0
    warnings: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ReportResult":
        d = dict(d)
        d["meta"] = ReportMeta(**d["meta"])
        d["mentions"] = [Mention(**m) for m in d["mentions"]]
        d["sentences"] = [Sentence(**s) for s in d["sentences"]]
        d["figures"] = [Figure(**f) for f in d.get("figures") or ()]
        return cls(**d)


@dataclass
class Entity:
    """A linked, canonical node: one per real-world thing across all reports."""

    type: str
    name: str
    iri: str
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)
