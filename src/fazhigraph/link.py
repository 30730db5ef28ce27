"""Linking: every mention to one canonical node, one node per real entity across reports.

Nodes are keyed by (type, normalized canonical name); a node whose canonical name is only
an alias of exactly one other node of the same type is merged into it (环境保护法 into
中华人民共和国环境保护法). IRIs are deterministic and valid whatever a name contains.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from urllib.parse import quote

from .model import Entity, ReportResult
from .year_ranges import year_range_key
from .vocab import ID_NS

#: Relative surface forms (区司法局, 市委, 我局) are never canonical names nor merge keys.
RELATIVE = re.compile(r"^(我|本|该)?(局|厅|部|委|办)|^(区|市|县|省|州|盟|旗)(?!场)")
#: Types whose relative names (市水利局, 区政府网站) are kept apart per report.
SCOPED_TYPES = frozenset({"Bureau", "Agency", "Unit", "Platform"})
_QUOTES = re.compile(r"[《》〈〉“”\"'‘’「」『』\s]")
_DASHES = re.compile(r"[—–－‐‑‒―~～-]+")
_IRI_SAFE = set("-._~")


def name_key(name: str) -> str:
    """The form two names must share to denote the same node (as the scorer compares)."""
    s = unicodedata.normalize("NFKC", name)
    s = _QUOTES.sub("", s)
    return year_range_key(_DASHES.sub("-", s))  # one node whatever a year range looks like


def iri_segment(text: str, limit: int = 80) -> str:
    """A readable, valid IRI path segment: letters and digits kept (CJK too), the rest %-encoded."""
    # lone surrogates cannot be UTF-8 encoded (nor %-encoded): replace them
    key = name_key(text).encode("utf-8", "replace").decode("utf-8") or "_"
    if len(key) > limit:
        key = key[:60] + "-" + hashlib.sha1(key.encode()).hexdigest()[:10]
    out = []
    for ch in key:
        if (ch.isalnum() and ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LN") or (
            ch.isascii() and (ch.isalnum() or ch in _IRI_SAFE)
        ):
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out)


def entity_iri(type_: str, name: str) -> str:
    return f"{ID_NS}{type_.lower()}/{iri_segment(name)}"


def report_iri(file: str) -> str:
    return f"{ID_NS}report/{iri_segment(file, limit=120)}"


class Linker:
    """Collects mentions from many reports and settles canonical nodes."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], Entity] = {}
        self.counts: dict[tuple[str, str], int] = defaultdict(int)
        self.report_counts: dict[tuple[str, str], int] = defaultdict(int)  # reports naming the key

    @staticmethod
    def _key(type_: str, name: str, file: str = "") -> tuple[str, str]:
        """Node key. An organisation whose name stayed relative (市水利局: the report never says
        which city) is scoped to its report, so two cities' bodies never share a node."""
        key = name_key(name)
        if file and type_ in SCOPED_TYPES and RELATIVE.search(key):
            return (type_, f"{key}@{file}")
        return (type_, key)

    @staticmethod
    def key_iri(type_: str, name: str, key: tuple[str, str]) -> str:
        """The IRI of the node first named ``name`` under ``key`` (a function of the key alone:
        names with one key share their :func:`name_key`)."""
        scope = key[1].rpartition("@")[2] if "@" in key[1] and key[1] != name_key(name) else ""
        return entity_iri(type_, name) + (f"--{iri_segment(scope, limit=120)}" if scope else "")

    def _node(self, type_: str, name: str, file: str = "", key: tuple[str, str] | None = None,
              iri: str | None = None) -> Entity:
        key = key or self._key(type_, name, file)
        ent = self.nodes.get(key)
        if ent is None:
            ent = self.nodes[key] = Entity(type=type_, name=name, iri=iri or self.key_iri(type_, name, key))
        return ent

    def add_report(self, rep: ReportResult) -> None:
        self.add_summary(link_summary(rep))

    def add_summary(self, summary: tuple) -> None:
        """Add one report, as :func:`link_summary` describes it."""
        file, bureau, keys = summary
        if bureau:
            name, aliases, key, iri = bureau
            self._node("Bureau", name, file, key, iri).aliases.update(aliases)
            self.counts[key] += 1
            self.report_counts[key] += 1
        for type_, name, aliases, attrs, count, key, iri in keys:
            ent = self._node(type_, name, file, key, iri)
            ent.aliases.update(aliases)
            for k, v in attrs.items():
                ent.attrs.setdefault(k, v)
            self.counts[key] += count
            self.report_counts[key] += 1

    def finish(self) -> dict[tuple[str, str], Entity]:
        """Merge short-name nodes into their full-name node; return key -> final entity.

        Every original key stays in the map (pointing at the surviving node), so mentions
        are looked up with :meth:`lookup`.
        """
        by_alias: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for key, ent in self.nodes.items():
            for a in ent.aliases:
                if not RELATIVE.search(a):
                    by_alias[(ent.type, name_key(a))].add(key)
        final: dict[tuple[str, str], Entity] = {}
        for key in sorted(self.nodes):
            ent = self.nodes[key]
            owners = {k for k in by_alias.get(key, set()) if k != key}
            if len(owners) == 1:
                target_key = next(iter(owners))
                # follow a chain at most a few steps
                for _ in range(4):
                    nxt = {k for k in by_alias.get(target_key, set()) if k not in (target_key, key)}
                    if len(nxt) != 1:
                        break
                    target_key = next(iter(nxt))
                final[key] = self.nodes[target_key]
            else:
                final[key] = ent
        for key, ent in self.nodes.items():
            tgt = final[key]
            if tgt is not ent:
                tgt.aliases.add(ent.name)
                tgt.aliases.update(ent.aliases)
                for k, v in ent.attrs.items():
                    tgt.attrs.setdefault(k, v)
        totals: dict[str, int] = defaultdict(int)
        for key, c in self.counts.items():
            totals[final[key].iri] += c
        reports: dict[str, int] = defaultdict(int)
        for key, c in self.report_counts.items():
            reports[final[key].iri] += c
        self.report_totals = reports
        for ent in final.values():
            ent.aliases.discard(ent.name)
        self.final = final
        self.totals = totals
        return final

    def moved(self) -> dict[str, str]:
        """IRI a key links to on its own -> the IRI it was merged into (after :meth:`finish`)."""
        return {self.nodes[k].iri: e.iri for k, e in self.final.items() if e.iri != self.nodes[k].iri}

    def lookup(self, type_: str, name: str, file: str = "") -> Entity:
        """The node of a mention; pass the report's file so report-scoped names resolve."""
        return self.final[self._key(type_, name, file)]

    def entities(self) -> list[Entity]:
        uniq = {e.iri: e for e in self.final.values()}
        return [uniq[k] for k in sorted(uniq)]

    def count(self, ent: Entity) -> int:
        """How many mentions (all reports) the entity has."""
        return self.totals.get(ent.iri, 0)


class IdentityLinker:
    """Links every key to its own node (no merging): what a worker can know alone."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str, str], tuple[tuple[str, str], Entity]] = {}

    def resolve(self, type_: str, name: str, file: str = "") -> tuple[tuple[str, str], Entity]:
        """(link key, node) of a name, computed once per report."""
        got = self._memo.get((type_, name, file))
        if got is None:
            key = Linker._key(type_, name, file)
            got = self._memo[(type_, name, file)] = (
                key, Entity(type=type_, name=name, iri=Linker.key_iri(type_, name, key)))
        return got

    def lookup(self, type_: str, name: str, file: str = "") -> Entity:
        return self.resolve(type_, name, file)[1]


def link_summary(rep: ReportResult, ident: IdentityLinker | None = None) -> tuple:
    """What :meth:`Linker.add_summary` needs of a report: ``(file, bureau, keys)``.

    ``bureau`` is ``(name, aliases, key, iri)`` or None; ``keys`` lists, in first-mention
    order, one ``(type, name, aliases, attrs, count, key, iri)`` per distinct link key - the
    first mention's name and the union of surface forms, aliases and (first-seen) attributes,
    so that adding the summary has exactly the effect of adding every mention (the key and
    its IRI come along, computed once in the worker).
    """
    ident = ident or IdentityLinker()  # (pass the one the block was made with: keys are computed once)
    meta = rep.meta
    bureau = None
    if meta.bureau:
        k, ent = ident.resolve("Bureau", meta.bureau, rep.file)
        bureau = (meta.bureau, tuple(a for a in meta.bureau_aliases if a), k, ent.iri)
    keys: dict[tuple[str, str], list] = {}
    for m in rep.mentions:
        k, ent = ident.resolve(m.type, m.name, rep.file)
        slot = keys.get(k)
        if slot is None:
            slot = keys[k] = [m.type, m.name, [], {}, 0, k, ent.iri]
        al = slot[2]
        if m.text and m.text != m.name and m.text not in al:
            al.append(m.text)
        for a in m.aliases:
            if a and a != m.name and a not in al:
                al.append(a)
        for a, v in m.attrs.items():
            slot[3].setdefault(a, v)
        slot[4] += 1
    return rep.file, bureau, [(t, n, tuple(a), d, c, k, i) for t, n, a, d, c, k, i in keys.values()]
