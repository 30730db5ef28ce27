"""A report's mentions as NIF lines: one writer per report, shared by entity mentions
(:mod:`fazhigraph.graph`) and figure mentions (:mod:`fazhigraph.observations`).

Each mention is ``<report#mS-E-Type> a fz:Mention ; fz:inReport ; fz:denotes ; nif:beginIndex ;
nif:endIndex ; nif:anchorOf ; fz:inSentence``; its sentence (``<report#sS-E>``) is described once
per report, with the first mention inside it.
"""
from __future__ import annotations

import bisect
import functools
from typing import Iterator

from .rdfterms import int_lit, iri, lit
from .vocab import FZ, NIF

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _Terms:
    def __init__(self) -> None:
        self.type = iri(_RDF_TYPE)
        for name in ("Mention", "inReport", "denotes", "inSentence", "Sentence"):
            setattr(self, name, iri(str(getattr(FZ, name))))
        for name in ("beginIndex", "endIndex", "anchorOf", "isString", "referenceContext"):
            setattr(self, "nif_" + name, iri(str(getattr(NIF, name))))


@functools.lru_cache(maxsize=1)
def _terms() -> _Terms:
    return _Terms()


class MentionWriter:
    """Writes the mentions of report ``r`` (its IRI; ``tail``: `` <graph> .\\n``)."""

    def __init__(self, r: str, sentences, tail: str) -> None:
        self.r, self.R, self.tail = r, iri(r), tail
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.sent_ids: dict[int, str] = {}  # sentence index -> its term, once its lines are written

    def lines(self, kind: str, E: str, start: int, end: int, text: str) -> Iterator[str]:
        """The lines of one mention of term ``E`` (``kind``: the entity type, or ``Figure``)."""
        T, R, tail = _terms(), self.R, self.tail
        M = iri(f"{self.r}#m{start}-{end}-{kind}")
        yield f"{M} {T.type} {T.Mention}{tail}"
        yield f"{M} {T.inReport} {R}{tail}"
        yield f"{M} {T.denotes} {E}{tail}"
        yield f"{M} {T.nif_beginIndex} {int_lit(start)}{tail}"
        yield f"{M} {T.nif_endIndex} {int_lit(end)}{tail}"
        yield f"{M} {T.nif_anchorOf} {lit(text)}{tail}"
        sents = self.sentences
        i = bisect.bisect_right(self.starts, start) - 1
        if 0 <= i < len(sents) and sents[i].start <= start < sents[i].end:
            S = self.sent_ids.get(i)
            if S is None:
                s = sents[i]
                S = self.sent_ids[i] = iri(f"{self.r}#s{s.start}-{s.end}")
                yield f"{S} {T.type} {T.Sentence}{tail}"
                yield f"{S} {T.nif_isString} {lit(s.text)}{tail}"
                yield f"{S} {T.nif_beginIndex} {int_lit(s.start)}{tail}"
                yield f"{S} {T.nif_endIndex} {int_lit(s.end)}{tail}"
                yield f"{S} {T.nif_referenceContext} {R}{tail}"
            yield f"{M} {T.inSentence} {S}{tail}"
