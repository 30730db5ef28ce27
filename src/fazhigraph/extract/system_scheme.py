"""The concept scheme of systems (``ontology/systems.ttl``, SKOS) and its matching view.

Every ``skos:prefLabel``/``skos:altLabel`` (zh) of a concept that is not a top concept is a
label; labels are matched with an Aho-Corasick automaton over a *matching view* of the text
(NFKC, quotes and spaces removed), so 行政执法“三项制度” and 双随机、一公开 hit their labels.
Phrases of ``system_blocked.txt`` enter the automaton as blocked keys. ``sys:signalRole`` values
are roles whose work implies the concept (used by ``system_formulas.role_matches``).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .. import resources

#: property of the scheme: a role whose work seen in a report implies the concept
SIGNAL_ROLE = "https://w3id.org/fazhigraph/id/system-scheme/signalRole"
#: Characters left out of the matching view: quotes and spaces (the scorer ignores them too).
SKIP = set("“”\"'‘’「」『』 \t\u3000")
BLOCKED = "__blocked__"


@dataclass(frozen=True)
class Concept:
    iri: str
    pref: str
    alts: tuple[str, ...]
    broader: str  # prefLabel of the broader (non-top) concept, "" if none
    roles: tuple[str, ...] = ()  # sys:signalRole: roles whose work implies the concept


@functools.lru_cache(maxsize=8192)
def view_key(text: str) -> str:
    """Matching form of a label: NFKC, quotes and spaces removed."""
    s = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in s if ch not in SKIP)


class _ViewTable(dict):
    """``str.translate`` table for the matching view, filled lazily per character.

    A skipped character maps to None (dropped); any other to its one-character NFKC form
    (itself when NFKC gives several characters or a skipped one). ``translate`` looks up
    missing characters through ``__missing__``, so each distinct character is normalized
    once per process instead of once per occurrence.
    """

    def __missing__(self, o: int):
        ch = chr(o)
        if ch in SKIP:
            f = None
        else:
            f = unicodedata.normalize("NFKC", ch)
            if len(f) != 1 or f in SKIP:
                f = ch
        self[o] = f
        return f


_VIEW_TABLE = _ViewTable()
_KEPT_RUN = re.compile("[^" + re.escape("".join(sorted(SKIP))) + "]+")


def matching_view(text: str) -> tuple[str, list[int]]:
    """The text without quotes/spaces (NFKC per character) and, per view char, its text index.

    One ``str.translate`` builds the view; the index list is built from the runs of kept
    characters (every character maps to exactly one view character or is dropped)."""
    view = text.translate(_VIEW_TABLE)
    if len(view) == len(text):
        return view, list(range(len(text)))
    idx: list[int] = []
    for m in _KEPT_RUN.finditer(text):
        idx.extend(range(m.start(), m.end()))
    return view, idx


@functools.lru_cache(maxsize=1)
def concepts() -> tuple[Concept, ...]:
    """Matchable concepts of ``ontology/systems.ttl`` (top concepts only group the scheme)."""
    import rdflib
    from rdflib.namespace import SKOS

    g = rdflib.Graph()
    g.parse(resources.data_path("systems.ttl"), format="turtle")
    tops = set(g.subjects(SKOS.topConceptOf, None))

    def zh(s, p) -> list[str]:
        return sorted(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == "zh")

    out = []
    for s in sorted(set(g.subjects(rdflib.RDF.type, SKOS.Concept))):
        if s in tops:
            continue
        prefs = zh(s, SKOS.prefLabel)
        if not prefs:
            continue
        broader = ""
        for b in g.objects(s, SKOS.broader):
            if b not in tops:
                bp = zh(b, SKOS.prefLabel)
                broader = bp[0] if bp else ""
        roles = tuple(zh(s, rdflib.URIRef(SIGNAL_ROLE)))
        out.append(Concept(str(s), prefs[0], tuple(zh(s, SKOS.altLabel)), broader, roles))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def automaton():
    import ahocorasick

    a = ahocorasick.Automaton()
    keys: dict[str, object] = {}
    for c in concepts():
        for label in (c.pref, *c.alts):
            k = view_key(label)
            if len(k) >= 2:
                keys.setdefault(k, c)
    for phrase in resources.read_lines("system_blocked.txt"):
        keys[view_key(phrase)] = BLOCKED
    for k, v in keys.items():
        a.add_word(k, (k, v))
    a.make_automaton()
    return a


@functools.lru_cache(maxsize=1)
def label_index() -> dict[str, Concept]:
    idx: dict[str, Concept] = {}
    for c in concepts():
        for label in (c.pref, *c.alts):
            idx.setdefault(view_key(label), c)
    return idx
