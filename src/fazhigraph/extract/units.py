"""Unit mentions: internal bodies of the reporting bureau.

A unit is named relative to the bureau (局党组, 局执法支队, 法制委员会, 政策法规处, 大冶市分局);
its canonical name carries the bureau's canonical name as prefix (天津市西青区生态环境局党组).
The written forms come from ``ontology/units.tsv``; this module decides whether a form refers
to the reporting bureau (局党组, 我局法制委员会, bare 党组会) or to another organ (市生态环境局法规科,
公安局党委), which is then left to the agency extractor.

:class:`BureauContext` (the bureau's own references and region prefixes) is shared with the
platform and event extractors.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .. import resources
from ..model import Mention, ReportMeta
from . import LiteralPattern, meta_of, register, token_starts

COMPONENT = "fazhi_units"

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: characters an organ name ends with: a unit right after one belongs to that organ
_ORGAN_END = set("局厅委部院府办会队组室处科所站署庭股")
#: words before a bare unit that make it someone else's (各党支部, 上级党委)
_FOREIGN_BEFORE = ("各", "上级", "下级", "基层", "其他", "有关", "相关", "地方", "兄弟", "所属", "下属", "直属")
_LEVELS = "省市区县州旗盟镇乡"
#: one-character words after which 局/厅/委 starts a new word even when jieba glues them (由局, 报局)
_FUNCTION_CHARS = set("由经报向对在把将与和及为从据按请送交给让被全开")


# --------------------------------------------------------------------------- bureau context

@dataclass
class BureauContext:
    """What a report's bureau is called, and how the report may refer to it."""

    bureau: str = ""
    prefix: str = ""  # region prefix of the bureau's canonical name (天津市西青区)
    core: str = ""  # the bureau name without its region prefix (生态环境局, 生态环境局泰顺分局)
    kind: str = ""  # 局 / 厅 / 委: the one-character self-reference
    level: str = ""  # level word of the bureau's own area (区, 市, 县, 省)
    refs: list[str] = field(default_factory=list)  # own references, longest first
    short_refs: frozenset[str] = frozenset()  # refs without region (need a clean left edge)

    @property
    def ecology(self) -> bool:
        return "生态环境" in self.bureau or "环境保护" in self.bureau


def _region_prefix(meta: ReportMeta) -> str:
    """Region prefix of the bureau's canonical name, from the region path and the bureau name."""
    bureau = meta.bureau or ""
    path = list(meta.region_path or [])
    best = ""
    for i in range(len(path)):
        acc = ""
        for name in path[i:]:
            if bureau.startswith(acc + name):
                acc += name
            else:
                break
        if len(acc) > len(best):
            best = acc
    if best:
        return best
    try:
        from .. import regions

        reg = regions.region_of_meta(meta)
        if reg is not None:
            return regions.qualified_prefix(reg)
    except Exception:  # reference data for regions missing: fall back on the path
        pass
    return "".join(path[-2:]) if path and path[-1].endswith("区") else (path[-1] if path else "")


def region_name(meta: ReportMeta, level: str) -> str:
    """Qualified name of the report's region at a level word (区 -> 天津市西青区); '' if none."""
    try:
        from .. import regions

        reg = regions.level_region(meta, level)
        if reg is not None:
            return regions.qualified_prefix(reg)
    except Exception:
        pass
    path = list(meta.region_path or [])
    for i in range(len(path) - 1, -1, -1):
        if path[i].endswith(level):
            if level == "区" and i > 0 and path[i - 1].endswith("市"):
                return path[i - 1] + path[i]
            return path[i]
    return ""


def bureau_context(meta: ReportMeta) -> BureauContext:
    bureau = meta.bureau or ""
    if not bureau:
        return BureauContext()
    prefix = _region_prefix(meta)
    core = bureau[len(prefix):] if prefix and bureau.startswith(prefix) else bureau
    kind = ""
    m = re.search(r"(局|厅|委员会|委|办公室|办)$", bureau)
    if m:
        kind = {"委员会": "委", "办公室": "办"}.get(m.group(1), m.group(1))
    level = ""
    own = (meta.region_path or [""])[-1]
    for ch in "区县市旗州盟省":
        if own.endswith(ch):
            level = ch
            break
    if own.endswith("自治区") and len(meta.region_path) == 1:
        level = "区"
    refs = {bureau}
    path = list(meta.region_path or [])
    for name in path:  # 西青区生态环境局 for 天津市西青区生态环境局
        i = bureau.find(name)
        if i >= 0 and i + len(name) < len(bureau):
            refs.add(bureau[i:])
    short = set()
    if core and core != bureau:
        short.add(core)
        if level:
            refs.add(level + core)  # 区生态环境局
    if kind:
        short.update({kind, "我" + kind, "本" + kind})
        if level:
            refs.add(level + kind)  # 市局, 省厅
    if "分局" in bureau:
        short.add("分局")
    refs.update(short)
    refs.update({"中共" + r for r in list(refs) if len(r) > 2})
    return BureauContext(
        bureau=bureau, prefix=prefix, core=core, kind=kind, level=level,
        refs=sorted(refs, key=len, reverse=True), short_refs=frozenset(short),
    )


def _token_starts(doc: Doc) -> frozenset[int]:
    return token_starts(doc)


def own_ref_before(text: str, pos: int, ctx: BureauContext, starts: frozenset[int]) -> int | None:
    """Start of a reference to the bureau that ends at ``pos`` (局 in 局党组), else None.

    The longest written reference decides: the 生态环境局 of 市生态环境局 in a district report is
    the city's bureau, so the shorter 局 inside it is not tried.
    """
    for ref in ctx.refs:
        s = pos - len(ref)
        if s < 0 or text[s:pos] != ref:
            continue
        if ref in ctx.short_refs:
            before = text[s - 1] if s > 0 else ""
            if before and (before in _LEVELS or (_CJK.match(before) and s not in starts
                                                 and before not in _FUNCTION_CHARS)):
                return None  # 市生态环境局 (another level), 公安局 (another organ)
            if _other_department_ends(text, pos, ref, ctx):
                return None  # 公安局 (the 局 of another department)
        return s
    return None


@functools.lru_cache(maxsize=1)
def _department_forms() -> tuple[str, ...]:
    """Standard department names (公安局, 司法局 ...) from the shared reference data."""
    try:
        from .. import regions

        return tuple(regions.department_forms())
    except Exception:  # reference data not available
        return ()


def _other_department_ends(text: str, pos: int, ref: str, ctx: BureauContext) -> bool:
    """Whether a department name other than the bureau's own ends at ``pos`` (公安局 before 党委)."""
    head = text[max(0, pos - 14):pos]
    for form in _department_forms():
        if len(form) > len(ref) and head.endswith(form) and not ctx.core.startswith(form) \
                and form not in ctx.bureau:
            return True
    return False


def foreign_before(text: str, pos: int) -> bool:
    """Whether what precedes ``pos`` makes a bare unit someone else's."""
    before = text[pos - 1] if pos > 0 else ""
    if before in _ORGAN_END:
        return True
    head = text[max(0, pos - 2):pos]
    return any(head.endswith(w) for w in _FOREIGN_BEFORE)


# --------------------------------------------------------------------------- data

@functools.lru_cache(maxsize=1)
def _forms() -> tuple[dict[str, dict[str, str]], LiteralPattern]:
    rows = {r["surface"]: r for r in resources.read_tsv("units.tsv")}
    return rows, LiteralPattern(sorted(rows, key=len, reverse=True))


_GROUP = re.compile(r"领导小组")
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_GROUP_STOP = resources.word_list("units.group_stop")
_TEAM = re.compile(
    r"((?:[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|州|旗|盟))*)(生态环境保护综合(?:行政)?执法(?:支队|大队)|综合(?:行政)?执法支队|执法支队)"
)
_BRANCH = re.compile(r"([\u4e00-\u9fff]{1,4}(?:市|县|区|旗))分局")
#: a sector's enforcement team (文化市场综合执法支队, 劳动保障监察支队, 交通运输综合行政执法局)
_SECTOR_TEAM = re.compile(r"(综合行政执法|综合监督执法|综合执法|行政执法|监察|执法)(总队|支队|大队|局)")


def _group_name(text: str, end: int) -> tuple[int, str]:
    """Start and name modifier of a 领导小组 ending at ``end`` (法治政府建设 in 法治政府建设领导小组)."""
    i = end
    depth = 0
    while i > 0:
        ch = text[i - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and not _CJK.match(ch):
            break
        i -= 1
        if end - i > 40:
            break
    name = text[i:end]
    # cut at the last stop word outside parentheses
    cut = 0
    depth = 0
    for j, ch in enumerate(name):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        elif depth == 0:
            for w in _GROUP_STOP:
                if name.startswith(w, j) and j + len(w) > cut:
                    cut = j + len(w)
    return i + cut, name[cut:]


@dataclass
class _Found:
    start: int
    end: int
    suffix: str  # canonical suffix after the bureau name ({party} unresolved)
    cn: bool = False
    enum: bool = False
    canonical: str = ""  # full canonical when not bureau + suffix


def _scan(doc: Doc, ctx: BureauContext) -> list[_Found]:
    text = doc.text
    starts = _token_starts(doc)
    rows, pat = _forms()
    found: list[_Found] = []
    for m in pat.finditer(text):
        surface = m.group(0)
        row = rows[surface]
        end = m.end()
        if row.get("bureau") and not re.search(row["bureau"], ctx.bureau):
            continue  # a unit that this kind of body does not have
        if surface.endswith("党组") and text.startswith("织", end):
            continue  # 党组织
        if surface.endswith("中心组") and text.startswith("织", end):
            continue
        if surface == "中心组" and m.start() > 0 and text[m.start() - 1] not in "党委，。；、：:,; \n" \
                and text[max(0, m.start() - 2):m.start()] not in ("理论", "学习"):
            # 中心组学习 stands alone; 服务中心组 ... is another organ's
            if _CJK.match(text[m.start() - 1]) and m.start() not in starts:
                continue
        s = own_ref_before(text, m.start(), ctx, starts)
        if s is None:
            if row["context"] == "own":
                continue
            if foreign_before(text, m.start()):
                continue
            s = m.start()
            found.append(_Found(s, end, row["suffix"], cn=row["cn"] == "cn", enum=row["context"] == "enum"))
            continue
        found.append(_Found(s, end, row["suffix"], cn=row["cn"] == "cn"))
    found.extend(_scan_groups(text, ctx, starts))
    found.extend(_scan_teams(text, ctx, starts))
    found.extend(_scan_branches(text, ctx, starts))
    found.extend(_scan_local_party(text, ctx, starts))
    found.extend(_scan_sector_teams(text, ctx, starts, meta_of(doc)))
    titles = [(t.start(), t.end()) for t in _TITLE.finditer(text)]
    if titles:  # a unit word inside a cited title (《关于规范执法办案管理中心运行的通知》) is the title's
        # (a team written in full inside a title still names the bureau's team)
        found = [f for f in found if f.canonical or not any(a < f.start and f.end < b for a, b in titles)]
    return found


def _sector_is_own(sector: str, ctx: BureauContext) -> bool:
    """Whether a team's sector word names the bureau's own field (文化市场 for 文化和旅游局)."""
    core = ctx.core
    if len(sector) < 2 or not core:
        return False
    if sector[0] == core[0]:
        return True
    return any(sector[i:i + 2] in core for i in range(len(sector) - 1))


def _scan_sector_teams(text: str, ctx: BureauContext, starts: frozenset[int], meta: ReportMeta) -> list[_Found]:
    """Enforcement teams named by the bureau's sector (市文化市场综合执法支队, 省卫生健康综合监督执法局).

    Their canonical name is the region (as written, resolved) + the written name; a sector
    that is not the bureau's own (公安局 report: 市城市管理综合执法支队) is another organ's.
    """
    out = []
    if ctx.ecology:
        return out  # handled by _scan_teams (生态环境保护综合行政执法支队)
    for m in _SECTOR_TEAM.finditer(text):
        run = re.search(r"[\u4e00-\u9fff]{0,14}$", text[max(0, m.start() - 14):m.start()]).group(0)
        cut = max((run.rfind(w) + len(w) for w in _GROUP_STOP if w in run), default=0)
        if cut:
            run = run[cut:]  # 组建|交通运输综合执法大队: the verb is no part of the name
        best = None
        for i in range(len(run)):
            tail = run[i:]
            pos = m.start() - len(tail)
            region, sector = "", tail
            if tail[0] in "省市区县州" and (i == 0 or run[i - 1] in _FUNCTION_CHARS or pos in starts):
                region, sector = region_name(meta, tail[0]), tail[1:]
                if not region:
                    continue
            else:
                written = _written_region(tail)
                if written:
                    region, sector = region_name_ctx(ctx, written) or written, tail[len(written):]
                elif not (i == 0 or pos in starts):
                    continue
            if not _sector_is_own(sector, ctx) or any(w in sector for w in ("的", "和", "与", "及")):
                continue
            if sector.endswith(("局", "厅", "委")):
                continue  # 应急管理局执法支队: the bureau's team, named after the bureau below
            if not region:
                region = ctx.prefix
            best = (pos, region + sector + m.group(0))
            break
        if best is None:
            continue
        before = text[best[0] - 1] if best[0] > 0 else ""
        if before in _ORGAN_END and own_ref_before(text, best[0], ctx, starts) is None:
            continue
        out.append(_Found(best[0], m.end(), "", canonical=best[1]))
    return out


def _written_region(s: str) -> str:
    """The longest head of ``s`` that is a full division name (青岛市 in 青岛市应急管理...)."""
    try:
        from .. import regions
    except Exception:  # pragma: no cover
        return ""
    for j in range(min(len(s), 10), 1, -1):
        head = s[:j]
        if head[-1] in "省市区县州旗盟" and any(r.name == head for r in regions.lookup(head)):
            return head
    return ""


def _scan_groups(text: str, ctx: BureauContext, starts: frozenset[int]) -> list[_Found]:
    out = []
    for m in _GROUP.finditer(text):
        s, name = _group_name(text, m.start())
        # strip a bureau reference in front of the name (局法治建设领导小组)
        for ref in ctx.refs:
            if name.startswith(ref):
                name = name[len(ref):]
                break
        gov = local_gov(ctx)
        if gov is not None:
            for w in gov.self_words:
                if name.startswith(w) and len(name) > len(w):
                    name = name[len(w):]  # 街道法治建设领导小组: the street's own group
                    break
        if name.endswith(("所", "局", "厅", "院", "部")):
            continue  # 司法所|领导小组办公室: an organ, then the group (someone else's office)
        if name.startswith(("市", "区", "县", "省", "全", "州", "各")) or "委" in name[:3]:
            continue  # the city's or party committee's group, not the bureau's
        if text.startswith("成员单位", m.end()):
            continue
        office = text.startswith("办公室", m.end())
        tail = "领导小组办公室" if office else "领导小组"
        e = m.end() + (3 if office else 0)
        if not office and text.startswith("下设办公室", m.end()):
            out.append(_Found(m.end() + 2, m.end() + 5, "", canonical="@office"))
        if not name:
            out.append(_Found(m.start(), e, "", canonical="@office" if office else "@group"))
            continue
        if own_ref_before(text, s, ctx, starts) is None and foreign_before(text, s):
            continue
        out.append(_Found(s, e, name + tail))
    return out


def _scan_teams(text: str, ctx: BureauContext, starts: frozenset[int]) -> list[_Found]:
    out = []
    if "执法支队" not in text and "执法大队" not in text:
        return out  # every team name ends so; _TEAM would try every position for nothing
    for m in _TEAM.finditer(text):
        regs, team = m.group(1), m.group(2)
        s = m.start(2)
        if regs:
            full = ctx.prefix if ctx.prefix.endswith(regs) else ""
            if not full:
                # a written region: accepted when it is the bureau's own area (or its city)
                own_city = region_name_ctx(ctx, regs)
                if not own_city:
                    continue
                full = own_city
            if team.startswith("生态环境保护"):
                out.append(_Found(m.start(1), m.end(), "", canonical=full + team))
                continue
            s = m.start(1)
        else:
            r = own_ref_before(text, s, ctx, starts)
            if r is None and foreign_before(text, s):
                continue
            if r is None and s > 0 and _CJK.match(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS:
                continue  # 城市管理综合执法支队: another sector's team
            s = r if r is not None else s
        out.append(_Found(s, m.end(), "", canonical="@team:" + team))
    for m in re.finditer(r"支队", text):
        if text[max(0, m.start() - 2):m.start()] in ("执法", "行政") or foreign_before(text, m.start()):
            continue
        if m.start() > 0 and _CJK.match(text[m.start() - 1]) and text[m.start() - 1] not in "与和及在由的向为" \
                and own_ref_before(text, m.start(), ctx, starts) is None:
            continue
        out.append(_Found(m.start(), m.end(), "", canonical="@team-alias"))
    return out


def region_name_ctx(ctx: BureauContext, written: str) -> str:
    """The bureau's region prefix when ``written`` names (a tail of) it, else ''."""
    if ctx.prefix and ctx.prefix.endswith(written):
        return ctx.prefix
    return ""


#: local governments whose party organ is a committee of the area (街道党工委, 镇党委, 高新区党工委):
#: bureau ending -> (ending removed for the area's name, committee word, self-reference words)
_LOCAL_GOVS = (
    ("街道办事处", "工作委员会", ("街道",)),
    ("镇人民政府", "委员会", ("镇",)),
    ("乡人民政府", "委员会", ("乡",)),
    ("管理委员会", "工作委员会", ("工业园区", "高新区", "经开区", "开发区", "新区", "园区")),
)
_ZONE_WORDS = ("开发区", "新区", "园区", "试验区", "合作区", "示范区")
_PARTY_WORK = re.compile(r"党工委(?:理论学习中心组|理论中心组|中心组)?")
_PARTY_TOWN = re.compile(r"(镇|乡)党委(?:理论学习中心组|理论中心组|中心组)?")


@dataclass(frozen=True)
class LocalGov:
    """A street office, town government or zone committee as reporting body."""

    area: str  # 上海市徐汇区枫林路街道, 宁乡市花明楼镇, 济南高新技术产业开发区
    party: str  # its party committee: 中共上海市徐汇区枫林路街道工作委员会
    self_words: tuple[str, ...]  # how the report names its own area (街道, 镇)


def local_gov(ctx: BureauContext) -> LocalGov | None:
    """The reporting body as a local government (street, town, development zone), else None."""
    bureau = ctx.bureau
    for ending, committee, words in _LOCAL_GOVS:
        if not bureau.endswith(ending):
            continue
        area = bureau[:-len(ending)]
        if ending == "街道办事处":
            area = area.replace("人民政府", "") + "街道"
        elif ending.endswith("人民政府"):
            area += ending[0]
        elif not area.endswith(_ZONE_WORDS):
            continue  # 管理委员会 of something that is no zone
        if ending == "管理委员会":
            words = tuple(sorted({area, *words}, key=len, reverse=True))  # 济南高新区 is found via 高新区
        return LocalGov(area=area, party="中共" + area + committee, self_words=words)
    return None


def _scan_local_party(text: str, ctx: BureauContext, starts: frozenset[int]) -> list[_Found]:
    """The party committee of a street, town or zone reporting body (街道党工委, 镇党委)."""
    gov = local_gov(ctx)
    if gov is None:
        return []
    out = []
    rx = _PARTY_TOWN if gov.party.endswith("镇委员会") or gov.party.endswith("乡委员会") else _PARTY_WORK
    for m in rx.finditer(text):
        s = m.start()
        if rx is _PARTY_TOWN:
            if m.group(1) != gov.self_words[0]:
                continue
            town = gov.area[:-1]
            before_ok = s == 0 or not _CJK.match(text[s - 1]) \
                or text[max(0, s - len(town)):s] == town or text[s - 1] in _FUNCTION_CHARS
            if not before_ok:
                continue  # 另一个镇党委 (another town's)
        else:
            for w in gov.self_words:
                if text.startswith(w, s - len(w)):
                    s -= len(w)
                    break
            before = text[s - 1] if s > 0 else ""
            if before and before in _LEVELS and s == m.start():
                continue  # 区党工委: another level's
        surface = text[m.start():m.end()]
        name = gov.party + ("理论学习中心组" if "中心组" in surface else "")
        out.append(_Found(s, m.end(), "", canonical=name))
    return out


def _scan_branches(text: str, ctx: BureauContext, starts: frozenset[int]) -> list[_Found]:
    """A city bureau's own county branch (大冶市分局): only for bureaus that are not branches."""
    if not ctx.bureau or "分局" in ctx.bureau or ctx.level not in ("市",):
        return []
    out = []
    for m in _BRANCH.finditer(text):
        place = m.group(1)
        # the place is the whole CJK run before 分局, cut at a clear left edge
        s = m.start(1)
        while s < m.end(1) and (s not in starts) and s > 0 and _CJK.match(text[s - 1]):
            s += 1
        place = text[s:m.end(1)]
        if len(place) < 2 or place in ctx.prefix:
            continue
        r = own_ref_before(text, s, ctx, starts)
        if r is None:
            if foreign_before(text, s) or (s > 0 and _CJK.match(text[s - 1]) and s not in starts):
                continue
        out.append(_Found(r if r is not None else s, m.end(), place + "分局"))
    return out


def extract(doc: Doc) -> list[Mention]:
    meta = meta_of(doc)
    ctx = bureau_context(meta)
    if not ctx.bureau:
        return []
    text = doc.text
    found = _scan(doc, ctx)
    if not found:
        return []
    # the party organisation that leads the theory study group: as written, else the bureau's
    party = ""
    surfaces = [text[f.start:f.end] for f in found]
    if any("党委" in s for s in surfaces):
        party = "党委"
    if any(("党组" in s) for s in surfaces):
        party = "党组"
    groups = {f.suffix for f in found if f.suffix.endswith("领导小组")}
    teams = {f.canonical for f in found if f.canonical and not f.canonical.startswith("@")}
    team_canonical = sorted(teams, key=len)[-1] if teams else ""
    out: list[Mention] = []
    enum_only: list[Mention] = []
    for f in found:
        surface = text[f.start:f.end]
        if f.canonical == "@group" or f.canonical == "@office":
            if len(groups) != 1:
                continue
            name = ctx.bureau + next(iter(groups)) + ("办公室" if f.canonical == "@office" else "")
        elif f.canonical == "@team-alias":
            if not (team_canonical or any(c.canonical.startswith("@team:") for c in found)):
                continue
            name = team_canonical or _team_name(ctx, "执法支队")
        elif f.canonical.startswith("@team:"):
            name = team_canonical or _team_name(ctx, f.canonical[6:])
        elif f.canonical:
            name = f.canonical
        else:
            suffix = f.suffix.replace("{party}", party)
            name = ("中共" if f.cn else "") + ctx.bureau + suffix
        (enum_only if f.enum else out).append(Mention("Unit", surface, f.start, f.end, name))
    # enumeration-only forms (办公室, 综合执法局) need a unit next to them: 执法大队、办公室
    others = out
    result = list(others)
    for m in enum_only:
        left = any(o.end == m.start - 1 and text[o.end] == "、" for o in others)
        right = any(o.start == m.end + 1 and text[m.end] == "、" for o in others)
        if left or right:
            result.append(m)
    return result


def _team_name(ctx: BureauContext, written: str) -> str:
    """Canonical name of the bureau's enforcement team written as ``written`` (执法支队 ...)."""
    if ctx.ecology and "支队" in written:
        return ctx.prefix + "生态环境保护综合行政执法支队"
    return ctx.bureau + written


def lexicon():
    words = {r["surface"] for r in resources.read_tsv("units.tsv") if "(" not in r["surface"] and "（" not in r["surface"]}
    words.update(resources.read_lines("units.lexicon.txt"))
    return words


register(COMPONENT, extract)
