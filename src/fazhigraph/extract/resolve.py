"""Final component: settle overlapping mentions and fill in ``doc.spans["fz"]``.

Rules (data in ``ontology/nesting.tsv``):
- a mention strictly inside a longer one is dropped unless the pair (outer type, inner type)
  is allowed to nest (an issuer inside a cited title is still an Agency: ``Law  Agency``);
- of two crossing mentions the longer wins (then the earlier);
- exact duplicates (same span, same type) collapse to the first.
"""
from __future__ import annotations

import functools

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from . import mentions_of

COMPONENT = "fazhi_resolve"


@functools.lru_cache(maxsize=1)
def allowed_nesting() -> frozenset[tuple[str, str]]:
    return frozenset((r["outer"], r["inner"]) for r in resources.read_tsv("nesting.tsv"))


def resolve(mentions: list) -> list:
    allowed = allowed_nesting()
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), m.type, m.name))
    kept: list = []
    seen: set = set()
    for m in ordered:
        key = (m.start, m.end, m.type)
        if key in seen:
            continue
        ok = True
        for k in kept:
            if k.end <= m.start or m.end <= k.start:
                continue  # disjoint
            if (k.start, k.end) == (m.start, m.end):
                if k.type == m.type:
                    ok = False  # same span, same type, other canonical name: first wins
                    break
                if (k.type, m.type) not in allowed and (m.type, k.type) not in allowed:
                    ok = False
                    break
                continue
            if k.start <= m.start and m.end <= k.end:  # m inside k
                if (k.type, m.type) not in allowed:
                    ok = False
                    break
                continue
            ok = False  # crossing: the one kept first (earlier and longer) wins
            break
        if ok:
            kept.append(m)
            seen.add(key)
    kept.sort(key=lambda m: (m.start, m.end, m.type))
    return kept


@Language.component(COMPONENT)
def resolve_component(doc: Doc) -> Doc:
    doc._.fz_mentions = resolve(mentions_of(doc))
    spans = []
    for m in doc._.fz_mentions:
        sp = doc.char_span(m.start, m.end, label=m.type, alignment_mode="expand")
        if sp is not None:
            spans.append(Span(doc, sp.start, sp.end, label=m.type))
    doc.spans["fz"] = spans
    return doc
