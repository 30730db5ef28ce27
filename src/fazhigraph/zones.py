"""Development zones and new areas as regions of their own (兰州新区, 成都高新区, 北京经开区).

A zone is no GB/T 2260 division but its organs report like a district's (兰州新区生态环境局). Zones
come from ``ontology/zones.tsv`` (national new areas and zones whose names do not follow the
pattern) and, by rule, from the regular pattern a division's short or full name + a zone word:
成都高新区, 西安高新技术产业开发区, 长沙经开区, 合肥经济技术开发区. A zone sits under the division
it lies in (its ``parent``), which gives the report its province and city.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import regions as rg
from .resources import read_tsv, split_list

#: Zone words, longest first (the regular pattern: <division> + one of these).
ZONE_WORDS = ("高新技术产业开发区", "高技术产业开发区", "经济技术开发区", "经济开发区", "高新区", "经开区", "新区")
_KIND = {"高新技术产业开发区": "高新区", "高技术产业开发区": "高新区", "高新区": "高新区",
         "经济技术开发区": "经开区", "经济开发区": "经开区", "经开区": "经开区", "新区": "新区"}


@dataclass(frozen=True)
class Zone:
    """A development zone or new area."""

    name: str  # official name (兰州新区, 武汉东湖新技术开发区) or the written one (rule)
    prefix: str  # the form its organs carry (东湖高新区生态环境局)
    kind: str  # 国家级新区 | 高新区 | 经开区 | 新区
    parent: rg.Region | None  # the division it lies in
    forms: tuple[str, ...] = ()  # written forms

    @property
    def path(self) -> tuple[str, ...]:
        return (self.parent.path if self.parent else ()) + (self.prefix,)

    @property
    def codes(self) -> tuple[str, ...]:
        return self.parent.codes if self.parent else ()


def kind_of(word: str) -> str:
    """The kind of zone a zone word names (经济开发区 -> 经开区)."""
    return _KIND.get(word, "新区")


def _parent(path: str) -> rg.Region | None:
    regs = rg.path_regions(path.split("/"))
    return regs[-1] if regs else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, Zone]:
    """Written form -> zone, from ``ontology/zones.tsv``."""
    out: dict[str, Zone] = {}
    for row in read_tsv("zones.tsv"):
        forms = tuple(dict.fromkeys([row["name"], row["prefix"], *split_list(row["aliases"])]))
        zone = Zone(row["name"], row["prefix"], row["kind"], _parent(row["parent"]), forms)
        for f in forms:
            out.setdefault(f, zone)
    return out


_ZONE_RE = re.compile("(?:国家级)?(" + "|".join(ZONE_WORDS) + ")")


def zone_at(text: str) -> Zone | None:
    """The zone ``text`` starts with (gazetteer forms first, then the regular pattern)."""
    gaz = gazetteer()
    for ln in sorted({len(f) for f in gaz}, reverse=True):
        if text[:ln] in gaz:
            return gaz[text[:ln]]
    return _pattern_zone(text)


def _pattern_zone(text: str) -> Zone | None:
    """成都高新区… -> Zone(成都高新区, parent 成都市): a division's name (full or short, two to
    eight characters) right before a zone word."""
    for k in range(8, 1, -1):
        head = text[:k]
        m = _ZONE_RE.match(text, k)
        if not m or not all("\u4e00" <= c <= "\u9fff" for c in head):
            continue
        cands = [r for r in rg.lookup(head) if not rg.is_historical(r) and r.level <= 3]
        if not cands:
            continue
        top = min(r.level for r in cands)
        cands = [r for r in cands if r.level == top]
        if len(cands) != 1:
            continue
        written = text[:m.end()]
        if any(r.name == written for r in rg.lookup(written)):
            return None  # a division itself (浦东新区)
        return Zone(written, written, _KIND[m.group(1)], cands[0], (written,))
    return None


def find_zones(text: str) -> list[tuple[int, int, Zone]]:
    """Zones named in ``text`` as (start, end, zone), left to right, non-overlapping."""
    out: list[tuple[int, int, Zone]] = []
    gaz = gazetteer()
    starts = set()
    for f in gaz:
        for m in re.finditer(re.escape(f), text):
            starts.add(m.start())
    for m in _ZONE_RE.finditer(text):
        for k in range(2, 9):
            if m.start() - k >= 0:
                starts.add(m.start() - k)
    end = -1
    for s in sorted(starts):
        if s < end:
            continue
        z = zone_at(text[s:s + 30])
        if z is None:
            continue
        written = next((f for f in sorted(z.forms, key=len, reverse=True) if text.startswith(f, s)), z.prefix)
        out.append((s, s + len(written), z))
        end = s + len(written)
    return out
