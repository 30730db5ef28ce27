"""Organ names in text (中共辽宁省委, 西青区生态环境局, 市生态环境局, 省厅) and their canonical names.

Split from :mod:`fazhigraph.regions` (which re-exports these names): the division index and the
resolution of relative names stay there; this module finds organ names written in a report.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .regions import (Region, by_code, conjunction_split, department_forms, department_row, find_regions,
                      is_common_word, level_region, lookup, organ_suffixes, qualified_prefix, qualify, resolve_chain,
                      resolve_relative)
from .resources import read_lines


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Characters that, right before a level word, make it part of another word (全市, 辖区, 社区, 城市 ...).
_LEVEL_DENY_BEFORE = set("全各本我该辖社城园景厂片湾范新老矿郊街小校牧都超股夜楼集菜闹门上外节郡州市县省区乡镇村地跨分山林港镇营坝业灾能验护")
#: Characters that, right after a level word, make it another word (区域, 市场, 县级 ...).
_LEVEL_DENY_AFTER = set("域场民内级属直外情长容貌值")
_TAILS = ("党组", "党委", "党总支", "党支部", "机关党委")
_SECTION = re.compile(r"(?!关于|印发|制定|出台|开展|组织|召开|依法|联合|会同)"
                      r"(?:(?!局|科|处)[\u4e00-\u9fff]){2,6}?(?:科|处|管理局)(?![\u4e00-\u9fff]*(?:长|理))")
_OFFICE = re.compile(r"([\u4e00-\u9fff]{2})办")
_OFFICE_DENY_LAST = set("道通联督承举代帮包开兴创查领专快网近上好协交主停合")


@dataclass
class OrganMatch:
    """An organ name found in text (see :func:`find_organs`)."""

    start: int
    end: int
    text: str
    kind: str  # "explicit" (region named) or "relative" (level word: 区委, 市局)
    core: str  # organ part (委, 人民政府, 生态环境局, 局 ...)
    region: Region | None = None  # explicit: the named region; relative: resolved later
    chain: tuple[str, ...] = ()  # region names as written
    level: str = ""  # relative: the level word
    party: bool = False  # preceded by 中共 / 中国共产党
    cppcc: bool = False  # preceded by 政协 / 中国人民政治协商会议
    branch: str = ""  # 泰顺分局, 江汉区分局, 龙岗管理局 (after a department)
    branch_region: Region | None = None
    tail: str = ""  # 党组, 党委 ... (the organ's party group: a Unit, not the organ)


@functools.lru_cache(maxsize=1)
def _core_words() -> tuple[frozenset[str], tuple[int, ...]]:
    """Organ suffixes and department forms as one set, plus their lengths, longest first.

    The longest of these words written at a position is the organ core there; probing one
    slice per distinct length is much cheaper than ``startswith`` over every word.
    """
    words = frozenset(w for w in (*organ_suffixes(), *department_forms()) if w)
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


def _match_core(text: str, pos: int, relative: bool) -> str:
    """The organ word at ``pos``: the longest organ suffix or department form written there;
    with ``relative`` also a bare 局/厅 or an office word (蓝天办)."""
    words, lengths = _core_words()
    best = ""
    for ln in lengths:
        w = text[pos:pos + ln]
        if len(w) == ln and w in words:
            best = w
            break
    if not best and relative:
        if text.startswith(("局", "厅"), pos) and not text.startswith(("局面", "局势", "局限", "局部"), pos):
            best = text[pos]
        else:
            m = _OFFICE.match(text, pos)
            if m and m.group(1)[-1] not in _OFFICE_DENY_LAST and m.group(1)[0] not in _LEVEL_DENY_AFTER:
                best = m.group(0)
    return best


def _branch_at(text: str, pos: int, parent: Region | None) -> tuple[str, Region | None]:
    """A branch after a department: 泰顺分局, 江汉区分局, 龙岗管理局 -> (surface, region)."""
    for end_word in ("分局", "管理局"):
        for ln in range(1, 7):
            if text.startswith(end_word, pos + ln):
                name = text[pos:pos + ln]
                if not all(_CJK.match(c) for c in name):
                    break
                cands = lookup(name)
                if parent is not None:
                    inside = [c for c in cands if c.code.startswith(parent.code[:4] if parent.level >= 2 else parent.code)]
                    cands = inside or cands
                if cands:
                    return name + end_word, cands[0]
                if end_word == "分局" and len(name) <= 4:
                    return name + end_word, None
    return "", None


@functools.lru_cache(maxsize=1)
def _homonyms() -> frozenset[str]:
    return frozenset(read_lines("region_word_homonyms.txt"))


def _out_of_place_homonym(region: Region, context: Sequence[Region | str]) -> bool:
    """A division name that is also an everyday word (``region_word_homonyms.txt``) while the
    report names other places, none of them in its province."""
    if region.name not in _homonyms():
        return False
    others = 0
    for c in context:
        if isinstance(c, Region):
            r = c
        elif isinstance(c, str) and c.isdigit():
            r = by_code(c)
        else:
            got = lookup(c) if c else []
            r = got[0] if len(got) == 1 else None
        if r is not None and r.name != region.name:
            others += 1
            if r.codes[0] == region.codes[0]:
                return False
    return others > 0


def _vouched_common(name: str, context: Sequence[Region | str]) -> bool:
    """A division whose name is also an ordinary word (城东区, 城中区) counts as one when the
    report's other places lie in its prefecture (西宁市 for 城东区)."""
    cands = [r for r in lookup(name) if len(r.codes) >= 2]
    for c in context:
        r = c if isinstance(c, Region) else (by_code(c) if isinstance(c, str) and c.isdigit() else None)
        if r is None and isinstance(c, str) and c:
            got = lookup(c)
            r = got[0] if len(got) == 1 else None
        if r is not None and r.name != name and any(len(r.codes) >= 2 and r.codes[1] == x.codes[1] for x in cands):
            return True
    return False


def find_organs(text: str, context: Iterable[Region | str] = ()) -> list[OrganMatch]:
    """Organ names in ``text``: explicit ones (a written region followed by an organ word:
    中共辽宁省委, 西青区生态环境局, 温州市生态环境局泰顺分局, 泰顺县人大常委会) and relative ones
    (a level word followed by an organ word: 区委, 市生态环境局, 省厅, 市蓝天办).

    Explicit regions are resolved with ``context`` (the report's regions) against homonyms.
    Relative matches are returned unresolved (see :func:`resolve_relative`).
    """
    out: list[OrganMatch] = []
    regs = [r for r in find_regions(text, common=True) if not conjunction_split(text, r[0], r[2])]
    ctx = list(context)
    covered = [False] * (len(text) + 1)
    i = 0
    while i < len(regs):
        j = i
        while j + 1 < len(regs) and regs[j + 1][0] == regs[j][1]:
            j += 1
        s, e = regs[i][0], regs[j][1]
        chain = tuple(r[2] for r in regs[i:j + 1])
        i = j + 1
        core = _match_core(text, e, relative=False)
        if not core:
            continue
        if all(is_common_word(n) for n in chain) and not _vouched_common(chain[-1], ctx):
            continue  # 城区司法局: 城区 + 区司法局, unless the report lies in 城东区's city
        region = resolve_chain(chain, ctx)
        if len(chain) == 1 and region is not None and _out_of_place_homonym(region, ctx):
            continue  # 会同县司法局 in a Yunnan report: 会同 + 县司法局
        m = OrganMatch(s, e + len(core), "", "explicit", core, region, chain)
        if text[max(0, s - 2):s] == "中共" or text[max(0, s - 5):s] == "中国共产党":
            m.party = True
            m.start = s - (2 if text[max(0, s - 2):s] == "中共" else 5)
        elif text[max(0, s - 2):s] == "政协" or text[max(0, s - 10):s] == "中国人民政治协商会议":
            m.cppcc = True
            m.start = s - (2 if text[max(0, s - 2):s] == "政协" else 10)
        _finish(text, m)
        out.append(m)
        for k in range(m.start, m.end):
            covered[k] = True
    in_region = [False] * (len(text) + 1)
    for s_, e_, n_ in regs:
        if n_ not in _homonyms() and not is_common_word(n_):
            in_region[e_ - 1] = True
    for mt in re.finditer("自治区|自治州|林区|地区|地(?=委)|省|市|区|县|州|盟|旗", text):
        p = mt.start()
        if covered[p] or in_region[mt.end() - 1]:  # 上海市街道办事处条例: part of a region name
            continue
        if p > 0 and text[p - 1] in _LEVEL_DENY_BEFORE:
            continue
        q = mt.end()
        core = _match_core(text, q, relative=True)
        if not core:
            continue
        if q < len(text) and text[q] in _LEVEL_DENY_AFTER and department_row(core) is None:
            continue  # 市民, 区域 … unless a department follows (市民政局, 市外事办公室)
        level = "地区" if mt.group(0) == "地" else mt.group(0)  # 地委 = 地区委
        m = OrganMatch(p, q + len(core), "", "relative", core, None, (), level)
        _finish(text, m)
        out.append(m)
        for k in range(m.start, m.end):
            covered[k] = True
    out.sort(key=lambda m: m.start)
    return out


def _finish(text: str, m: OrganMatch) -> None:
    """Extend a match with a branch (分局/管理局), an internal section (法规科) or a party tail."""
    row = department_row(m.core)
    if row is not None or m.core in ("局",):
        parent = m.region
        b, br = _branch_at(text, m.end, parent)
        if b:
            m.branch, m.branch_region = b, br
            m.end += len(b)
        else:
            sec = _SECTION.match(text, m.end)
            if sec and not text.startswith(("处罚", "处理", "处置", "科学", "科技", "处室"), m.end):
                m.core += sec.group(0)
                m.end += len(sec.group(0))
    for t in _TAILS:
        if text.startswith(t, m.end):
            m.tail = t
            m.end += len(t)
            break
    m.text = text[m.start:m.end]


def organ_name(m: OrganMatch, meta=None) -> str | None:
    """Canonical name of an organ match (None when it cannot be resolved).

    Explicit matches are qualified from their written region (湟中区生态环境局 ->
    西宁市湟中区生态环境局); relative ones through :func:`resolve_relative` with ``meta``.
    The party tail (党组) is not part of the name; branches are (温州市生态环境局泰顺分局).
    """
    if m.kind == "relative":
        if meta is None:
            return None
        name = resolve_relative(m.level + m.core, meta)
        if name == m.level + m.core:
            # an office word (市蓝天办): prefix the level's region
            tgt = level_region(meta, m.level)
            if tgt is None or not m.core.endswith("办"):
                return None
            name = qualified_prefix(tgt) + m.core
        return name + m.branch
    if m.region is None:
        return None
    core = m.core
    if m.cppcc and core in ("委员会",):
        return f"中国人民政治协商会议{qualified_prefix(m.region)}委员会"
    got = qualify(m.region, core, meta)
    if got is None:
        return None
    return got + m.branch
