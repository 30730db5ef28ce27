"""Agency mentions: state, party and public organs other than the reporting bureau.

Sources, all resolved to canonical, region-qualified names (GUIDELINES: 区司法局 ->
天津市西青区司法局; 区委 -> 中共天津市西青区委员会; 人大 -> X人民代表大会; 政协 ->
中国人民政治协商会议X委员会; ministries -> 中华人民共和国X部):

- organ names with a written region or a level word (:func:`fazhigraph.regions.find_organs`):
  中共辽宁省委, 泰顺县人大常委会, 市生态环境局, 省厅, 区委全面依法治区委员会, 市蓝天办, and
  an organ of a party committee or government written after it (县委教育工委, 市政府金融办);
- the organ grammar (:mod:`.organs`) for organs no list names (市河长制办公室, 市数据资源管理局)
  and development zones' 党工委 / 管委会;
- national and central organs from ``ontology/agencies.tsv`` (国务院, 生态环境部, 中共中央办公厅,
  新华社), and a bare 中央 beside a party committee (落实中央、省委部署);
- bare 人大 / 政协 (the report's own area), 政府 right after a party committee (区委、政府),
  全面依法治市委员会 / 依法治区办 without a level word;
- municipal district police branches (公安西青分局 -> 天津市公安局西青分局);
- towns and streets acting as partners or subjects (我局与辛口镇, 姚庄镇成功入选…, 嘉善县姚庄镇);
- press organs (…报社), notary offices (…公证处) and state-level new areas (``agency_new_areas.tsv``).

Every source claims its span; the first claim wins, and the bureau's own name claims its span
too (so 县文旅局 in a 文化和旅游局 report is read as nothing else).

Dropped: generic phrases (``agency_generic.txt``), the bureau itself, party groups and other
internal bodies (局党组, 执法支队 — ``Unit``), organ words inside platform names (市人民政府网站).
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import organs as og
from .. import regions as rg
from ..model import Mention
from ..resources import read_lines, read_tsv, split_list, word_list
from . import organs
from . import LiteralPattern, meta_of, register, token_ends, token_starts

COMPONENT = "fazhi_agencies"

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: After an organ word these make it part of a platform/account name, or a role.
_NOT_ACTOR_AFTER = re.compile(r"^(?:门户)?(?:网站|网|门户|公众号|微信|微博|平台|客户端|APP|app|代表|委员(?!会)|提案|建议提案)")
_PARTNER_VERBS = "与|会同|联合|协同|配合|协助|指导|督促|和"
_TOWN = re.compile(rf"(?:{_PARTNER_VERBS})([\u4e00-\u9fff]{{2,3}}?)(镇|乡|街道)(?:人民政府|政府)?(?=[，,、。；\s通共积联开合等被])")
_TOWN_GOV = re.compile(r"([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)(人民政府|政府|办事处)")
#: More towns listed after a first one (与金牛镇、州城镇等乡镇).
_TOWN_NEXT = re.compile(r"[、和及与]([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)(?:人民政府|政府|办事处)?(?=[，,、。；\s通共积联开合等被和及与])")
#: Words a town name never contains (律师担任镇政府…, 召开乡镇…), nor is: kinds of township
#: (民族乡: 国务院《民族乡行政工作条例》, 建制镇, 中心镇 …).
_TOWN_NAME_DENY = re.compile(r"[担任召开各全本我该等的了在和与及镇街]|[乡村小]$|^(?:中心|重点|特色|示范|建制|试点|边境|沿海|民族)$")
_POLICE_BRANCH = re.compile(r"公安([\u4e00-\u9fff]{2,4}?)分局|([\u4e00-\u9fff]{2,4}?)公安分局")
_LEFT_STOP = set("获由经被在与和及、，,。；;的为向受将对从把了是等及其并于以请邀年月日（(《“\"：: \n\t|")
_PRESS = re.compile(r"报社|公证处")
#: A bare 部 beside 省 (落实部省部署, 部、省联动): the ministry of the bureau's own line.
_MINISTRY_BESIDE_PROVINCE = re.compile(r"(?:(?<=[实照据在与和及、，,。；的对由经向])|(?<![\u4e00-\u9fff]))部"
                                       r"(?=[、和]?省(?![份区级内外、市]))")
#: A bare 中央 coordinated with a party committee (落实中央、省委部署): the party centre.
#: A town acting as the subject of a clause (姚庄镇成功入选…, 辛口镇被命名为…).
_TOWN_SUBJECT = re.compile(r"(?:^|(?<=[。；;，,：:\n]))\s*([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)"
                           r"(?=成功|被|获|荣获|入选|积极|率先|作为|通过|创成|获评|列入|成为)")
#: A committee for law-based governance without its level word (《全面依法治市委员会2023年工作要点》, 报送依法治区办).
_RULE_OF_LAW_BODY = re.compile(r"(全面)?依法治(省|市|区|县|州|旗|盟)(委员会办公室|委员会|办)")
_CENTRAL = re.compile(r"(?<![党团革盟建工公])中央(?=[、和及与](?:省委|市委|区委|县委|州委|盟委|地委|旗委|自治区党委))")


@functools.lru_cache(maxsize=1)
def _national() -> tuple[dict[str, str], LiteralPattern]:
    forms: dict[str, str] = {}
    for row in read_tsv("agencies.tsv"):
        for f in [row["name"], *split_list(row["aliases"])]:
            forms.setdefault(f, row["name"])
    alts = sorted(forms, key=len, reverse=True)
    return forms, LiteralPattern(alts)


@functools.lru_cache(maxsize=1)
def _new_areas() -> dict[str, str]:
    return {r["name"]: r["canonical"] for r in read_tsv("agency_new_areas.tsv")}


@functools.lru_cache(maxsize=1)
def _generic() -> tuple[str, ...]:
    return read_lines("agency_generic.txt")


def _mention(text: str, start: int, end: int, name: str) -> Mention:
    surface = text[start:end]
    aliases = [surface] if surface != name else []
    return Mention("Agency", surface, start, end, name, aliases=aliases)


def _town_name(own: str, name: str, kind: str) -> str:
    """天津市西青区辛口镇人民政府; a street office is the district government's organ
    (上海市徐汇区人民政府徐家汇街道办事处)."""
    if kind in ("镇", "乡"):
        return f"{own}{name}{kind}人民政府"
    return f"{own}人民政府{name}{kind}办事处"


def _is_bureau(name: str, meta) -> bool:
    """The reporting body itself; a government's office counts with or without the 人民政府 infix
    (厦门市外事办公室 = 厦门市人民政府外事办公室)."""
    if not name or not meta.bureau:
        return False
    return name == meta.bureau or name in (meta.bureau_aliases or []) or \
        "人民政府" in meta.bureau and name == meta.bureau.replace("人民政府", "", 1)


class _Sink:
    """The mentions of one report, with the characters they (and generic phrases) occupy:
    the first source to claim a span wins."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.meta = meta_of(doc)
        self.starts, self.ends = token_starts(doc), token_ends(doc)
        self.out: list[Mention] = []
        self.taken = [False] * (len(self.text) + 1)

    def block(self, start: int, end: int) -> None:
        for k in range(start, end):
            self.taken[k] = True

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, name: str | None) -> None:
        meta = self.meta
        if not name or rg.RELATIVE_NAME.match(name) or not self.free(start, end):
            return
        if _is_bureau(name, meta) or meta.bureau and name.startswith(meta.bureau):
            self.block(start, end)  # the bureau itself, or a section of it (a Unit): no other reading
            return
        self.block(start, end)
        self.out.append(_mention(self.text, start, end, name))


def _block_generic(sink: _Sink) -> None:
    """Generic phrases block their span (各街镇, 相关部门 ...)."""
    for g in _generic():
        for m in re.finditer(re.escape(g), sink.text):
            sink.block(m.start(), m.end())


def _as_written(m: og.OrganMatch, name: str | None) -> str | None:
    """Keep a department's full name as written where the list would swap it for another full
    name (市政务服务管理局 stays so, not 市行政审批服务局; 市大数据发展管理局 not 市大数据局)."""
    row = rg.department_row(m.core)
    if name is None or row is None or m.core != row["province"] or m.core == row["local"] or \
            m.core.endswith("厅") or not row["local"] or m.core in name:
        return name
    return name.replace(row["local"], m.core, 1)


def _own_short_forms(sink: _Sink) -> list[tuple[int, int, rg.Region]]:
    """Where the text writes an autonomous area of the report by its short form with a level word
    (肃南县 for 肃南裕固族自治县, 伊犁州): (start, end, region)."""
    out = []
    for region in rg.path_regions(sink.meta.region_path or [], sink.meta.region_codes or []):
        level = region.name[-1]
        if not region.name.endswith(("自治县", "自治州", "自治旗")) or region.short == region.name:
            continue
        form = region.short + level
        for m in re.finditer(re.escape(form), sink.text):
            out.append((m.start(), m.end(), region))
    return out


def _reread(sink: _Sink, m: og.OrganMatch, name: str | None,
            own_forms: list[tuple[int, int, rg.Region]]) -> tuple[int, str | None]:
    """(start, name) of an organ whose written region the list misread: a region inside the own
    area's short form (南县 in 肃南县林草局), or a conjunction read as a region's first character
    (和县委 in 市委、市政府和县委的领导下: 和 + 县委)."""
    if m.kind != "explicit" or m.region is None or len(m.chain) != 1:
        return m.start, name
    at = sink.text.find(m.chain[0], m.start)
    for s, e, region in own_forms:
        if s < at and e == at + len(m.chain[0]):
            return min(s, m.start), rg.qualify(region, m.core, sink.meta)
    own = rg.region_of_meta(sink.meta)
    written = m.chain[0]
    if own is not None and len(written) == 2 and written[0] in "和与及同" and not m.party and \
            m.region.codes[0] != own.codes[0]:
        relative = rg.resolve_relative(written[1] + m.core, sink.meta)
        return at + 1, (relative if relative != written[1] + m.core else None)
    return m.start, name


def _organ_mentions(sink: _Sink) -> list[og.OrganMatch]:
    """Organs with a written region or a level word; returns the party committees among them."""
    text, meta = sink.text, sink.meta
    context = list(meta.region_codes or meta.region_path or [])
    party_committees = []
    own_forms = _own_short_forms(sink)
    for m in og.find_organs(text, context):
        if m.tail:  # 局党组, 区委党委 ...: the bureau's own party body is a Unit ...
            tname = og.organ_name(m, meta) if rg.department_row(m.core) or m.core in ("局", "厅") else None
            if tname and not _is_bureau(tname, meta) and not tname.startswith(meta.bureau or "\0"):
                # ... another organ's (市局党委 in a district tax bureau's report) stands for that organ
                sink.add(m.start, m.end - len(m.tail), tname)
            continue
        if _NOT_ACTOR_AFTER.match(text[m.end:m.end + 6]):
            continue
        if m.kind == "relative" and m.core in ("局", "厅") and not meta.region_path:
            continue
        name = _as_written(m, og.organ_name(m, meta))
        start, name = _reread(sink, m, name, own_forms)
        if name and m.kind == "relative" and m.core == "委" and text[m.start - 1:m.start] == "团":
            start, name = m.start - 1, f"共青团{name[2:]}"  # 团市委: the Youth League's committee
        if name is None:
            continue
        child = organs.child_of(text, m.end, name) if m.core in ("委", "政府", "人民政府") else None
        if child is not None:  # 县委教育工委, 市政府金融办: the organ of the committee / government
            sink.add(start, child[0], child[1])
            continue
        sink.add(start, m.end, name)
        if m.core in ("委", "党委"):
            party_committees.append(m)
    return party_committees


def _national_mentions(sink: _Sink) -> None:
    """National and central organs from the gazetteer (国务院, 生态环境部, 中共中央办公厅)."""
    text = sink.text
    forms, pat = _national()
    for m in pat.finditer(text):
        s, e = m.start(), m.end()
        if text[e:e + 1] == "门" or _NOT_ACTOR_AFTER.match(text[e:e + 6]):
            continue
        sub = _sub_organ(text, e, forms[m.group(0)])
        if sub and not (s > 0 and text[s - 1] in "省市区县州旗盟"):
            sink.add(s, sub[0], forms[m.group(0)] + sub[1])  # 国家统计局西宁调查队: one organ
            continue
        if any(r[0] == 0 for r in rg.find_regions(text[e:e + 12])):
            continue  # 国家税务总局太原市小店区税务局: a local body's name
        if s > 0 and text[s - 1] in "省市区县州旗盟" and not forms[m.group(0)].startswith(("中共", "国务院", "全国", "最高")):
            continue  # 省生态环境厅 ... is local, found above
        if e - s <= 2 and (s not in sink.starts or e not in sink.ends or text[e:e + 1] == "发"):
            continue  # a two-character form inside a word (集中办公) or a document number (国办发)
        name = forms[m.group(0)]
        office = re.match(r"办公厅|办公室", text[e:e + 3])
        if office and not name.endswith(("办公厅", "办公室")) and name.endswith(("部", "委员会", "局", "署")):
            name, e = name + office.group(0), e + 3  # 生态环境部办公厅: the ministry's general office
        sink.add(s, e, name)
    for m in _CENTRAL.finditer(text):  # 中央、省委 / 中央和市委: the party centre beside a party committee
        sink.add(m.start(), m.end(), forms["党中央"])


@functools.lru_cache(maxsize=1)
def _sub_organ_re() -> re.Pattern:
    """An organ of a national body after its name: 2-8 name characters and an organ head
    (``agencies.sub_heads`` in context_words.tsv)."""
    heads = "|".join(map(re.escape, word_list("agencies.sub_heads")))
    return re.compile(r"([^\W\d_的了和与及或在对为是将把被由从向以于等各全本我该其并要已有不也都局司部]{2,8}?)"
                      rf"({heads})(?![长面势限])")


def _sub_organ(text: str, end: int, name: str) -> tuple[int, str] | None:
    """An organ of a national body written right after it: an internal bureau or department
    (国家统计局统计执法监督局, 财政部条法司) or a regional office (国家统计局西宁调查队, 国家能源局
    西北监管局): (its end, its name after the parent's), or None."""
    if not name.endswith(word_list("agencies.sub_parent_ends")):
        return None
    m = _sub_organ_re().match(text, end)
    if m is None or any(w in m.group(1) for w in organs.BODY_STOP_WORDS):
        return None
    if m.group(2) not in word_list("agencies.regional_heads") and any(r[0] == 0 for r in rg.find_regions(m.group(1))):
        return None  # 国家税务总局太原市小店区税务局: a local body's name
    return m.end(), m.group(0)


def _own_ministry(sink: _Sink) -> None:
    """部 beside 省 in a provincial department's report (落实部省法治建设部署 in a 交通运输厅 report):
    the ministry of the department's line, when the gazetteer has one (交通运输厅 -> 交通运输部)."""
    bureau = sink.meta.bureau or ""
    forms = _national()[0]
    dept = next((f for f in rg.department_forms() if f in bureau), "")
    prov = (rg.department_row(dept) or {}).get("province", "") if dept else ""
    ministry = ""
    for suffix, repl in (("厅", "部"), ("局", "部"), ("委员会", "委员会")):
        if prov.endswith(suffix):
            stem = prov[: -len(suffix)] + repl
            ministry = forms.get(stem) or forms.get("国家" + stem, "")
            break
    own = rg.region_of_meta(sink.meta)
    if not ministry or own is None or own.level != 1 or bureau.startswith("中华人民共和国"):
        return  # a province's department only: 部、省、市 in a city's report lists levels
    for m in _MINISTRY_BESIDE_PROVINCE.finditer(sink.text):
        sink.add(m.start(), m.end(), ministry)


def _own_area_mentions(sink: _Sink, party_committees: list[og.OrganMatch]) -> None:
    """Bare 人大 / 政协 / 人大常委会 (the report's own area), and 政府 right after a party
    committee (区委、政府 / 市委市政府 / 盟委、行署)."""
    text, meta = sink.text, sink.meta
    for m in re.finditer(r"人大常委会|人大及其常委会|人大|政协", text):
        s, e = m.start(), m.end()
        if s > 0 and _CJK.match(text[s - 1]) and text[s - 1] not in "在和与及受向请由经对被接":
            continue
        if _NOT_ACTOR_AFTER.match(text[e:e + 6]) and not text.startswith("委员会", e):
            continue
        sink.add(s, e, rg.resolve_relative(m.group(0), meta))
    for pc in party_committees:
        mm = re.match(r"[、和及与]?(政府|行署)", text[pc.end:pc.end + 3])
        if mm and pc.kind == "relative":
            s = pc.end + mm.start(1)
            sink.add(s, s + 2, rg.resolve_relative(pc.level + mm.group(1), meta))


def _police_branches(sink: _Sink, region: rg.Region) -> None:
    """District police branches of the city bureau (公安西青分局, 西青公安分局, 小店公安分局)."""
    text, meta = sink.text, sink.meta
    top = rg.by_code(region.codes[0]) or region
    city = top if top.is_municipality else next(
        (r for r in rg.path_regions(meta.region_path, meta.region_codes) if r.level == 2), None)
    if city is None:
        return
    for m in _POLICE_BRANCH.finditer(text):
        written = m.group(1) or m.group(2)
        for k in range(0, len(written) - 1):  # 会同徐汇公安分局: the name is a suffix
            short = written[k:]
            cands = [c for c in rg.lookup(short) if c.code.startswith(city.code) and c.is_district]
            if cands:
                start = m.start() + (k if m.group(2) else 0)
                if not _is_bureau(f"{city.name}公安局{cands[0].name}分局", meta):  # not the report's own
                    sink.add(start, m.end(), f"{city.name}公安局{cands[0].short}分局")
                break


def _towns(sink: _Sink, own: str) -> None:
    """Towns and streets acting as partners (我局与辛口镇, 金牛镇人民政府, 与金牛镇、州城镇等)."""
    text = sink.text
    for rx in (_TOWN, _TOWN_GOV):
        for m in rx.finditer(text):
            nm, kind = m.group(1), m.group(2)
            if nm in ("各街", "全", "各") or nm.endswith(("各", "全", "等", "市", "省", "区", "县")) \
                    or _TOWN_NAME_DENY.search(nm):
                continue
            s = m.start(1)
            if rx is _TOWN_GOV and s > 0 and _CJK.match(text[s - 1]) and text[s - 1] not in _LEFT_STOP \
                    and not text[s - 1] in "县市区旗":
                continue  # the name starts mid-word (律师担任镇政府)
            sink.add(s, m.end(), _town_name(own, nm, kind))
            pos = m.end()
            while rx is _TOWN:  # a list of towns: 与金牛镇、州城镇等
                nx = _TOWN_NEXT.match(text, pos)
                if not nx or _TOWN_NAME_DENY.search(nx.group(1)) or nx.group(1).startswith(("各", "全")):
                    break
                sink.add(nx.start(1), nx.end(), _town_name(own, nx.group(1), nx.group(2)))
                pos = nx.end()


_TOWN_AFTER_AREA = re.compile(r"([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)")


def _subject_towns(sink: _Sink, own: str) -> None:
    """Towns acting as a clause's subject (姚庄镇成功入选…) and towns written after the report's
    own area (嘉善县姚庄镇, 西青区辛口镇)."""
    text, meta = sink.text, sink.meta
    for m in _TOWN_SUBJECT.finditer(text):
        if not _TOWN_NAME_DENY.search(m.group(1)) and not m.group(1).startswith(("各", "全")):
            sink.add(m.start(1), m.end(), _town_name(own, m.group(1), m.group(2)))
    area = meta.region or ""
    if len(area) < 2:
        return
    pos = text.find(area)
    while pos >= 0:  # the area, then a town (a literal prefix: no pattern compiled per report)
        m = _TOWN_AFTER_AREA.match(text, pos + len(area))
        if m is None:
            pos = text.find(area, pos + 1)
            continue
        if not _TOWN_NAME_DENY.search(m.group(1)) and not m.group(1).startswith(("各", "全")):
            sink.add(pos, m.end(), _town_name(own, m.group(1), m.group(2)))
        pos = text.find(area, m.end())


def _rule_of_law_bodies(sink: _Sink) -> None:
    """全面依法治市委员会 / 依法治区办 written without the party committee's level word."""
    text, meta = sink.text, sink.meta
    zone = organs.own_zone(meta, text)
    for m in _RULE_OF_LAW_BODY.finditer(text):
        level = m.group(2)
        for core in (f"委{m.group(0)}", f"委全面{m.group(0)}"):
            name = rg.resolve_relative(level + core, meta)
            if name != level + core:
                sink.add(m.start(), m.end(), name)
                break
        else:
            if zone and level == "区":  # a development zone's (新区依法治区办): its party working committee's
                office = "办公室" if m.group(3) != "委员会" else ""
                s = m.start() - 2 if text[max(0, m.start() - 2):m.start()] == "新区" else m.start()
                sink.add(s, m.end(), f"中共{zone}工作委员会全面依法治区委员会{office}")


def _grammar_organs(sink: _Sink) -> None:
    """Organs no list names, read by the organ grammar, and development zones' organs."""
    for o in organs.zone_organs(sink.text, sink.meta, sink.free):
        sink.add(o.start, o.end, o.name)
    for o in organs.find(sink.text, sink.meta, sink.free):
        sink.add(o.start, o.end, o.name)
    for o in organs.township_offices(sink.text, sink.meta, sink.free):
        sink.add(o.start, o.end, o.name)  # 威远司法所: the county 司法局's office in a township


def _press_and_notaries(sink: _Sink, region: rg.Region | None) -> None:
    """Press organs (中国环境报社) and notary offices (…公证处, qualified with the city)."""
    text, meta = sink.text, sink.meta
    for m in _PRESS.finditer(text):
        e = m.end()
        s = m.start()
        while s > 0 and m.start() - s < 8 and text[s - 1] not in _LEFT_STOP and _CJK.match(text[s - 1]):
            s -= 1
        if m.start() - s < 2:
            continue
        name = text[s:e]
        if name.startswith(("我", "本", "该", "各", "全")):
            continue
        if m.group(0) == "公证处" and region is not None and not rg.find_regions(name[:4]):
            city = rg.level_region(meta, "市")
            if city is not None:
                name = rg.qualified_prefix(city) + name
        sink.add(s, e, name)


def _new_area_mentions(sink: _Sink) -> None:
    """State-level new areas (not the report's own area)."""
    text, meta = sink.text, sink.meta
    own_name = meta.region or ""
    for short, canon in _new_areas().items():
        if own_name and canon.endswith(own_name) or meta.bureau and canon in meta.bureau:
            continue  # the report's own area (its 管委会 reports)
        for m in re.finditer(re.escape(short), text):
            s = m.start()
            for k in range(4, 0, -1):  # a written prefix (青岛西海岸新区)
                if s - k >= 0 and canon.endswith(text[s - k:s] + short):
                    s -= k
                    break
            sink.add(s, m.end(), canon)


def extract(doc: Doc) -> list[Mention]:
    sink = _Sink(doc)
    meta = sink.meta
    _block_generic(sink)
    _rule_of_law_bodies(sink)  # before the list: 依法治区委员会 is no 区委员会
    party_committees = _organ_mentions(sink)
    _national_mentions(sink)
    _own_ministry(sink)
    region = rg.region_of_meta(meta)
    if region is not None:
        _own_area_mentions(sink, party_committees)
        _police_branches(sink, region)
    _grammar_organs(sink)
    if region is not None:
        _towns(sink, rg.qualified_prefix(region))
        _subject_towns(sink, rg.qualified_prefix(region))
    _press_and_notaries(sink, region)
    _new_area_mentions(sink)
    sink.out.sort(key=lambda x: x.start)
    return sink.out


def lexicon():
    words = set(_national()[0])
    words.update(rg.department_forms())
    words.update(_new_areas())
    return words


register(COMPONENT, extract)
