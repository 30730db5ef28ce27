"""Organ grammar: an anchor followed by an organ head, for organs no list names.

:func:`fazhigraph.regions.find_organs` finds organs whose words are listed (departments.tsv,
agency_relative.tsv). Real reports name many more: 市数据资源管理局, 区河长制办公室, 市安委会办公室,
县委教育工委. This module reads them as a grammar instead of a list:

    anchor  = a written region (西湖区) | a level word (市, 区, 县 …) | either + a parent organ
              (委 = the party committee, 政府 / 人民政府 = the government)
    organ   = anchor + body + head
    head    = an organ ending from ``ontology/agency_organ_heads.txt`` (委员会, 办公室, 管理局, 局 …)
    body    = 1–8 characters of a name (no function words, verbs of action or digits)

and, for development zones (开发区, 高新区, 新区 …), their party working committee (党工委) and
management committee (管委会), which carry the zone's name, not a level word's.

The canonical name is the anchor's region prefix (:func:`fazhigraph.regions.qualified_prefix`)
followed by the organ as written: 市数据资源管理局 in a 西湖区 report -> 杭州市数据资源管理局.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from .. import regions as rg
from ..resources import read_lines, read_tsv

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Level words an anchor may be, longest first (地区 before 区).
_LEVELS = re.compile(r"自治区|自治州|自治县|地区|省|市|区|县|州|盟|旗")
#: Before a level word these make it part of another word (全市, 辖区, 社区, 城市, 园区 …).
_DENY_BEFORE = set("全各本我该辖社城园景厂片湾范新老矿郊街小校牧都超股夜楼集菜闹门上外节郡州市县省区乡镇村地跨分山林港镇营坝业灾能验护开高经")
#: Characters a name's body never contains: function words, pronouns, numerals, punctuation.
_BODY_STOP = set("的了和与及或在对为是将把被由从向以于等各全本我该其并要已有无不也都还就所之这那个年月日号第"
                 "一二三四五六七八九十两到让给后前时上下内里间、，,。；;：:（）()《》“”\"' \n\t")
#: Words a body never contains either: verbs and prepositions that end a name (市政府研究决定,
#: 区委部署的, 宣城市公安局按照市委 …).
_BODY_STOP_WORDS = ("按照", "根据", "依据", "依照", "关于", "对照", "召开", "印发", "发布", "出台", "开展", "组织",
                    "制定", "部署", "研究", "决定", "审议", "通过", "贯彻", "落实", "推进", "加强", "建立", "健全",
                    "完善", "指导", "领导", "支持", "配合", "参加", "执行", "联合", "会同", "协同", "协作", "报送",
                    "提交", "移送", "作为", "获评", "评选", "列入", "纳入", "荣获", "首次", "牵头", "负责", "联系")
#: The same, for other extractors reading organ names (a national body's sub-organ).
BODY_STOP_WORDS = _BODY_STOP_WORDS
#: After a level word these make it another word (市场, 区域, 县级 …).
_DENY_AFTER = set("域场民内级属直外情长容貌值")
#: Last characters that make a 局/委/办 ending a word of its own (格局, 大局, 常委, 督办, 通办 …).
_DENY_LAST = {
    "局": set("格布开大全当饭骗僵出终时政残赌棋结分"),
    "委": set("常主编村居党纪"),
    "办": set("道通联督承举代帮包开兴创查领专快网近上好协交主停合转催批经首直掌就集次马"),
}
#: Next characters that make a one-character head part of a word (办法, 办理, 局面, 委员, 委托 …).
_DENY_NEXT = {
    "局": set("面势限部"),
    "委": set("员托屈婉"),
    "办": set("法理事公学案件结好"),
}
#: After a match these make it something else (a platform, a person, a meeting).
_NOT_ORGAN_AFTER = re.compile(r"^(?:门户)?(?:网站|网|公众号|微信|微博|平台|客户端|APP|app|主任|副主任|书记|局长|"
                              r"委员(?!会)|成员|会议|全体会议|常务会|工作人员|干部|代表)")
#: Endings of a development zone's name (兰州新区, 苏州工业园区, 宁波高新区).
_ZONE_ENDS = ("经济技术开发区", "高新技术产业开发区", "经济开发区", "高新区", "开发区", "新区", "工业园区", "产业园区",
              "园区", "试验区", "合作区")
_ZONE_ORGAN = re.compile(r"党工委|管委会|管理委员会")
_ZONE_LEFT = set("与和及、在对受经由向按照据赴到至同，,。；;：:（( \n")  # 赴, 到, 至, 同: visits and joint work


@dataclass
class Organ:
    start: int
    end: int
    name: str


@functools.lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    return tuple(sorted(read_lines("agency_organ_heads.txt"), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _heads_by_last() -> dict[str, tuple[str, ...]]:
    """The heads by their last character, longest first: a span ending in no key holds no organ,
    and a head can only end where its last character is written."""
    out: dict[str, list[str]] = {}
    for h in _heads():
        out.setdefault(h[-1], []).append(h)
    return {c: tuple(hs) for c, hs in out.items()}


def _body_head(text: str, pos: int) -> tuple[int, str] | None:
    """The longest body + head written at ``pos`` (end offset, head), or None."""
    best = None
    limit = min(len(text), pos + 8 + 6)
    k = pos
    while k < limit and _CJK.match(text[k]) and text[k] not in _BODY_STOP:
        k += 1
    # the span [pos, k) holds no stop character; a head must end inside it, after >= 1 body char
    for stop_at in ("局", "厅", *_BODY_STOP_WORDS):  # a body holds no other organ (宣城市公安局按照市委)
        j = text.find(stop_at, pos, k)
        if j >= 0:
            k = j + 1
    by_last = _heads_by_last()
    for end in range(k, pos + 1, -1):
        heads = by_last.get(text[end - 1])
        if heads is None:
            continue
        for h in heads:
            if end - len(h) > pos and text.startswith(h, end - len(h)):
                last = text[end - len(h) - 1]
                if last in _DENY_LAST.get(h, ()) or text[end:end + 1] in _DENY_NEXT.get(h, ()):
                    continue
                if end - len(h) - pos > 8:
                    continue
                best = (end, h)
                break
        if best:
            break
    return best


def _parent(text: str, pos: int) -> tuple[int, str]:
    """A parent organ right after an anchor: (its length, the canonical infix)."""
    for written, infix in (("人民政府", "人民政府"), ("政府", "人民政府"), ("委", "委")):
        if text.startswith(written, pos):
            return len(written), infix
    return 0, ""


def child_of(text: str, end: int, parent_name: str) -> tuple[int, str] | None:
    """An organ of a party committee or government found by the list, written right after it
    (县委教育工委, 市政府金融办): (its end, its canonical name), or None."""
    if parent_name.startswith("中共") and parent_name.endswith("委员会"):
        prefix, parent = parent_name[2:-3], "委"
    elif parent_name.endswith("人民政府"):
        prefix, parent = parent_name[:-4], "人民政府"
    else:
        return None
    got = _body_head(text, end)
    if got is None:
        return None
    child_end, _head = got
    child = text[end:child_end]
    if "政府" in child or child[0] in "省市区县州盟旗" or _NOT_ORGAN_AFTER.match(text[child_end:child_end + 6]):
        return None
    return child_end, _name(prefix, parent, child)


def _name(prefix: str, parent: str, child: str) -> str:
    if parent == "委":
        return f"中共{prefix}委{child}"
    return prefix + parent + child


def _anchors(text: str, meta) -> list[tuple[int, int, rg.Region]]:
    """(start, end, region) of written regions and of level words resolved against the report."""
    out = []
    context = list(meta.region_codes or meta.region_path or [])
    regs = rg.find_regions(text)
    in_region = [False] * (len(text) + 1)
    for s, e, name in regs:
        for k in range(s, e):
            in_region[k] = True
        region = rg.resolve(name, context)
        if region is not None:
            out.append((s, e, region))
    if meta.region_path:
        for m in _LEVELS.finditer(text):
            s = m.start()
            if in_region[s] or s > 0 and text[s - 1] in _DENY_BEFORE or text[m.end():m.end() + 1] in _DENY_AFTER:
                continue
            region = rg.level_region(meta, m.group(0))
            if region is not None:
                out.append((s, m.end(), region))
    return out


def find(text: str, meta, free: Callable[[int, int], bool]) -> list[Organ]:
    """Organs read by the grammar, on spans ``free`` says are not taken yet."""
    out: list[Organ] = []
    for s, e, region in _anchors(text, meta):
        plen, parent = _parent(text, e)
        if text[e + plen:e + plen + 1] in ("", "省", "市", "区", "县", "州", "盟", "旗"):
            continue  # 元谋县县卫生健康局: the list's relative name starts there
        got = _body_head(text, e + plen)
        if got is None:
            continue
        end, _head = got
        if not free(s, end) or _NOT_ORGAN_AFTER.match(text[end:end + 6]):
            continue
        if end < len(text) and text[end] in "长员" or text[end:end + 2] in ("会议", "主任"):
            continue
        out.append(Organ(s, end, _name(rg.qualified_prefix(region), parent, text[e + plen:end])))
    return out


def own_zone(meta, text: str = "") -> str:
    """The development zone a report is about (兰州新区 for 兰州新区生态环境局), or ''. With
    ``text``, the longest end of that name the text writes (兰州新区, should the bureau's name
    carry page chrome before it)."""
    bureau = meta.bureau or ""
    best = ""
    for end in _ZONE_ENDS:
        k = bureau.find(end)
        if k > 0 and (not best or k + len(end) > len(best)):
            best = bureau[:k + len(end)]
    if text and best:
        while len(best) > 4 and best not in text:
            best = best[1:]
        if best not in text:
            return ""
    return best


def _zone_before(text: str, pos: int, own: str) -> tuple[int, str] | None:
    """The zone named right before ``pos``: (its start, its name); the report's own zone for a
    relative form (新区党工委) or none at all (管委会); None when a zone cannot be told."""
    if own and text.endswith(own, 0, pos):
        return pos - len(own), own
    for end in _ZONE_ENDS:
        if not text.endswith(end, 0, pos):
            continue
        k = pos - len(end)
        if k == 0 or text[k - 1] in _ZONE_LEFT:
            return (k, own) if own else None  # 新区党工委: relative
        for n in range(2, 7):  # a named zone: 2-6 characters after a boundary
            if k - n >= 0 and (k - n == 0 or text[k - n - 1] in _ZONE_LEFT) and \
                    all(_CJK.match(c) and c not in _BODY_STOP for c in text[k - n:k]):
                return k - n, text[k - n:pos]
        return None
    if own and (pos == 0 or text[pos - 1] in _ZONE_LEFT or text[pos - 1] == "、"):
        return pos, own
    return None


def zone_organs(text: str, meta, free: Callable[[int, int], bool]) -> list[Organ]:
    """A zone's 党工委 and 管委会: 苏州工业园区管委会 -> 苏州工业园区管理委员会; a relative or bare form
    (新区党工委, 管委会) is the report's own zone's (兰州新区 in a 兰州新区生态环境局 report)."""
    out: list[Organ] = []
    own = own_zone(meta, text)
    for m in _ZONE_ORGAN.finditer(text):
        got = _zone_before(text, m.start(), own)
        if got is None:
            continue
        s, zone = got
        if not free(s, m.end()) or _NOT_ORGAN_AFTER.match(text[m.end():m.end() + 6]):
            continue
        name = f"中共{zone}工作委员会" if m.group(0) == "党工委" else f"{zone}管理委员会"
        out.append(Organ(s, m.end(), name))
    return out


# ---------------------------------------------------------------- township offices

#: Verbs and prepositions a township office's name may follow directly (依托威远司法所, 联合城关派出所).
_OFFICE_LEADS = ("依托", "联合", "会同", "配合", "协助", "协同", "指导", "督促", "通过", "邀请", "组织", "联系", "商请",
                 "支持", "协调", "会商", "依靠", "借助", "走访", "约谈", "对接", "同")
_OFFICE_LEFT = set("与和及、在对受经由向据，,。；;：:（(“\" \n\t")
#: Words a township's name never is (各司法所, 基层派出所, 辖区派出所, 乡镇财政所 …).
#: Railway, forest, border and airport police stations belong to other police systems.
_PLACE_DENY = re.compile(r"^(?:基层|乡镇|辖区|属地|当地|所在|驻地|农村|城区|相关|有关|中心|派驻|驻村|村级|镇级|乡级|县级|"
                         r"铁路|森林|边境|机场|各|全|本|该|我|其|新|县|市|区)"
                         r"|[的了和与及在各全等个所]")


@functools.lru_cache(maxsize=1)
def _township_offices() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    rows = read_tsv("agency_township_offices.tsv")
    table = {r["office"]: (r["parent"], r["canonical"]) for r in rows}
    alts = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(rf"(?:{alts})"), table


def _place_before(text: str, pos: int) -> int | None:
    """Start of the township name written right before ``pos`` (威远, 张家窝, 威远镇, 江湾乡; after a
    lead verb, a boundary or the county's level word), or None."""
    for n in (2, 3, 4, 5):
        s = pos - n
        if s < 0:
            break
        place = text[s:pos]
        if not all(_CJK.match(c) for c in place) or _PLACE_DENY.search(place):
            continue
        if n >= 4 and not place.endswith(("镇", "乡", "街道")) or n == 5 and not place.endswith("街道"):
            continue
        if s == 0 or text[s - 1] in _OFFICE_LEFT or not _CJK.match(text[s - 1]) or text[s - 1] in "县区旗" or \
                any(text.endswith(v, 0, s) for v in _OFFICE_LEADS):
            return s
    return None


def _county_parent(meta, parent: str) -> str | None:
    """The county-level organ a township office belongs to (互助土族自治县司法局); a city district's
    police station belongs to the city bureau's district branch (北京市公安局朝阳分局)."""
    regions = rg.path_regions(meta.region_path or [], meta.region_codes or [])
    county = next((r for r in reversed(regions) if r.level == 3), None)
    if county is None:
        return None
    if parent == "公安局" and county.is_district:
        city = next((r for r in regions if r.level == 2 or r.is_municipality), None)
        return f"{city.name}公安局{county.short}分局" if city else None
    return rg.qualified_prefix(county) + parent


def township_offices(text: str, meta, free: Callable[[int, int], bool]) -> list[Organ]:
    """Offices of a county's departments in a township, named by the township and the office
    type (威远司法所 -> 互助土族自治县司法局威远司法所, 城关人民法庭 -> X县人民法院城关人民法庭);
    only in a report of a county-level area or below, whose county they belong to."""
    out: list[Organ] = []
    rx, table = _township_offices()
    for m in rx.finditer(text):
        s = _place_before(text, m.start())
        if s is None or not free(s, m.end()) or _NOT_ORGAN_AFTER.match(text[m.end():m.end() + 6]):
            continue
        parent, office = table[m.group(0)]
        head = _county_parent(meta, parent)
        if head:
            out.append(Organ(s, m.end(), head + text[s:m.start()] + office))
    return out
