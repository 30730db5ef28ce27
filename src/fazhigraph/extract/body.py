"""The reporting body: one document-level decision over all the evidence a report gives.

Each source of evidence proposes candidate bodies with a weight; the votes for one canonical name
add up, and the name with most weight wins. The winner keeps its evidence (cue kind, text,
weight) and a confidence (its share of all the weight), which the graph records (PROV).

Sources, strongest first:

- ``declared``: ``metadata.csv`` beside the reports (see :mod:`fazhigraph.declared`);
- ``title``: the title block (X关于2023年法治政府建设情况的报告, X2022年度…报告, 【2022年】X…);
- ``chrome``: page chrome (发布机构, 发文机关, 来源, 信息来源) and a web page's ``ContentSource`` tag;
- ``body``: an explicit body name near the start of the text (现将池州市生态环境局2025年度…);
- ``self``: the named body the report calls 我局/我厅/我委/我部; a government calling itself 我县/我镇;
- ``inferred``: a relative form (市生态环境局) or only 我局 plus topic words, completed with the
  region the evidence points to: the 索引号's GB/T 2260 code, a document number's region
  abbreviation (川法治办〔2022〕12号), the salutation (中共将乐县委员会,将乐县人民政府:) and the places
  the text names (法治杭州, 伊犁州).

Bodies may be departments, whole people's governments (柳城县人民政府), township governments and
street offices, zone organs (兰州新区生态环境局) and national organs (中华人民共和国农业农村部).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from .. import organs as og
from .. import regions as rg
from .. import zones as zn
from ..resources import read_lines, read_tsv, split_list
from .bodyhints import RegionHints, fits_level

_SELF = re.compile(r"(?:我|本)(局|厅|委|办|部|署)")
_GOV_SELF = re.compile(r"我(县|市|区|旗|镇|乡|街道|州|盟)(?![\u4e00-\u9fff]{0,1}(?:局|委|办|院))")
_LEVEL_CUE = re.compile(r"(?:我|全)(省|市|区|县|州|旗|盟)")
_QUOTED = re.compile(r"《[^》]{0,200}》")
_CHROME = re.compile(r"(发布机构|发文机关|发文单位|来源单位|信息来源|文章来源|来源)\s*[|｜:：]\s*\|?\s*([^|｜\n]{3,60})")
_ISSUER_END = re.compile(r"关于|(?:20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*(?:[—–\-~至]\s*20\d{2}\s*)?年|法治|依法行政|法制")
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇|乡|街道)(?:人民政府|办事处|党委)?")
#: Words before a named body that make it someone else (在…, 按照…, 向…).
_OTHER_BEFORE = re.compile(r"(在|按照|根据|和|及|与|向|由)$")

W_DECLARED, W_TITLE, W_CHROME, W_BODY, W_SELF, W_GOV_SELF, W_INFERRED = 100.0, 10.0, 8.0, 6.0, 5.0, 4.0, 2.0
#: 来源/信息来源 name who put the page up (a government office, a portal's section): weaker than 发布机构.
W_SOURCE = 4.0


@dataclass
class Candidate:
    """A proposed reporting body."""

    name: str  # canonical name (or the report-scoped relative form when no region is known)
    region: rg.Region | None = None  # its own area (a branch's area for a branch bureau)
    zone: zn.Zone | None = None  # a zone body's zone (region is then its parent)
    kind: str = "department"  # department | government | township | street | zone | national | organ
    forms: tuple[str, ...] = ()  # other written forms of the body
    organ: og.OrganMatch | None = None
    relative: bool = False  # no region known: the name is scoped to the report
    path: tuple[str, ...] | None = None  # region path when it is not a division's (national, zone, town)
    codes: tuple[str, ...] | None = None


@dataclass
class Decision:
    body: Candidate | None
    confidence: float = 0.0
    evidence: list[dict] = field(default_factory=list)
    declared: bool = False
    others: list[tuple[str, float]] = field(default_factory=list)  # runner-up names and their weight


class Ballot:
    """Votes for candidate bodies, by canonical name."""

    def __init__(self) -> None:
        self.cands: dict[str, Candidate] = {}
        self.score: Counter = Counter()
        self.evidence: dict[str, list[dict]] = {}
        self.order: list[str] = []

    def vote(self, cand: Candidate | None, cue: str, text: str, weight: float) -> None:
        if cand is None or not cand.name:
            return
        if any(e["cue"] == cue and e["text"] == text.strip()[:80] for e in self.evidence.get(cand.name, [])):
            return  # the same cue repeated (a chrome line given twice) counts once
        if cand.name not in self.cands:
            self.cands[cand.name] = cand
            self.order.append(cand.name)
        elif cand.region is not None and self.cands[cand.name].region is None:
            self.cands[cand.name] = cand
        self.score[cand.name] += weight
        self.evidence.setdefault(cand.name, []).append({"cue": cue, "text": text.strip()[:80], "weight": weight})

    def decide(self) -> Decision:
        if not self.score:
            return Decision(None)
        ranked = sorted(self.order, key=lambda n: (-self.score[n], self.cands[n].relative, self.order.index(n)))
        best = ranked[0]
        total = sum(self.score.values())
        conf = self.score[best] / (total + 1.0)
        if self.cands[best].relative:
            conf *= 0.5
        ev = self.evidence[best]
        declared = any(e["cue"] == "declared" for e in ev)
        return Decision(self.cands[best], round(1.0 if declared else conf, 2), ev, declared,
                        [(n, self.score[n]) for n in ranked[1:4]])


# --------------------------------------------------------------------------- reference data

@functools.lru_cache(maxsize=1)
def _national() -> dict[str, str]:
    """Written form -> canonical name of national organs (ontology/agencies.tsv)."""
    out: dict[str, str] = {}
    for row in read_tsv("agencies.tsv"):
        for f in [row["name"], *split_list(row["aliases"])]:
            if f:
                out.setdefault(f, row["name"])
    return out


@functools.lru_cache(maxsize=1)
def _organ_endings() -> tuple[str, ...]:
    return tuple(sorted(read_lines("organ_endings.txt"), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def chrome_words() -> tuple[str, ...]:
    return tuple(sorted(read_lines("page_chrome.txt"), key=len, reverse=True))


def strip_chrome(s: str) -> str:
    """Page chrome glued to the start of a line: 无障碍, 长者模式, logo file names, breadcrumbs."""
    s = re.sub(r"^[\w\-]*\.(?:png|jpe?g|gif|svg|webp)", "", s, flags=re.I)
    s = re.sub(r"^.*(?:>>|»|>)\s*", "", s) if re.search(r"首页|位置", s[:30]) or ">>" in s else s
    changed = True
    while changed:
        changed = False
        s = s.lstrip(" |·•-—:：")
        for w in chrome_words():
            if s.startswith(w):
                s, changed = s[len(w):], True
                break
    return s


# --------------------------------------------------------------------------- candidates

_NOT_BODY_END = re.compile(r"(?:格|布|大|全|结|当|开|变|时|新|僵|赌|饭|棋|残|骗|危|乱)局$|(?:餐|客|大|展|门|舞)厅$")


def department_candidate(m: og.OrganMatch) -> Candidate:
    """A department written with its region (西青区生态环境局, 温州市生态环境局泰顺分局)."""
    region = m.region
    dept = rg.expand_department(m.core, rg.dept_level(region)) if rg.department_row(m.core) else m.core
    name = (rg.qualify(region, dept) if rg.department_row(dept) else None) or rg.qualified_prefix(region) + dept
    own = m.branch_region if m.branch and m.branch_region is not None else region
    return Candidate(name + m.branch, own, organ=m)


def government_candidate(region: rg.Region, written: str = "") -> Candidate:
    name = rg.qualify(region, "人民政府") or rg.qualified_prefix(region) + "人民政府"
    forms = tuple(f for f in dict.fromkeys([written, region.name + "人民政府", region.name + "政府"]) if f and f != name)
    return Candidate(name, region, kind="government", forms=forms)


def relative_candidate(level: str, core: str, hints: RegionHints) -> Candidate:
    """市生态环境局 / 省厅 / 县政府: completed with the region the evidence points to, else kept
    relative (scoped to the report)."""
    region = hints.best(lambda r: fits_level(r, level)) if level else None
    if region is not None:
        if rg.department_row(core):
            dept = rg.expand_department(core, rg.dept_level(region))
            name = rg.qualify(region, dept) or rg.qualified_prefix(region) + dept
            return Candidate(name, region, forms=(level + core,))
        got = rg.qualify(region, core)
        if got:
            return Candidate(got, region, kind="government" if "政府" in core else "organ", forms=(level + core,))
    dept = rg.expand_department(core, 1 if level == "省" else 2) if rg.department_row(core) else core
    return Candidate(level + dept, None, relative=True)


def town_candidate(town: str, word: str, hints: RegionHints, region: rg.Region | None = None,
                   written: str = "") -> Candidate:
    """古镛镇 / 金龙街道: a township government or a street office under its county or district.

    A street office written with its district keeps the form written (上海市静安区南京西路街道办事处,
    鲤城区人民政府金龙街道办事处); one written alone takes the district government's (徐家汇街道办事处 ->
    上海市徐汇区人民政府徐家汇街道办事处)."""
    parent = region or hints.best(lambda r: r.level == 3) or hints.best(lambda r: r.level == 2)
    if word == "街道":
        rest = town + "街道办事处"
        organ = ("人民政府" + rest) if parent is not None and parent.is_district else rest
        if written and region is not None:
            organ = "人民政府" + rest if written.startswith("人民政府") else rest
        kind = "street"
    else:
        rest = organ = town + word + "人民政府"
        kind = "township"
    if parent is None:
        return Candidate(rest, None, kind=kind, relative=True)
    name = rg.qualified_prefix(parent) + organ
    own = town + ("街道" if word == "街道" else word)
    extra = [rg.qualified_prefix(parent) + "人民政府" + rest, parent.name + rest] if word == "街道" else []
    forms = tuple(f for f in dict.fromkeys([parent.name + organ, *extra, rest, own]) if f != name)
    return Candidate(name, parent, kind=kind, forms=forms, path=parent.path + (own,), codes=parent.codes)


def national_candidate(written: str) -> Candidate | None:
    """水利部, 原国土资源部, 国家林业和草原局 -> the national organ (canonical 中华人民共和国…部)."""
    w = written[1:] if written.startswith("原") else written
    canon = _national().get(w)
    if canon is None:
        return None
    return Candidate(canon, None, kind="national", forms=tuple(f for f in (w, written) if f != canon),
                     path=("中华人民共和国",), codes=())


def zone_candidate(zone: zn.Zone, rest: str, written: str) -> Candidate | None:
    if not rest:
        return None
    if rg.department_row(rest):
        rest = rg.expand_department(rest, 2)
    elif not rest.endswith(_organ_endings()) or _NOT_BODY_END.search(rest):
        return None
    name = zone.prefix + rest
    forms = tuple(f for f in dict.fromkeys([written, *(f + rest for f in zone.forms)]) if f != name)
    return Candidate(name, zone.parent, zone=zone, kind="zone", forms=forms, path=zone.path, codes=zone.codes)


def issuer_candidate(issuer: str, text: str, hints: RegionHints) -> Candidate | None:
    """The body a title (or a chrome field) names, whatever kind it is."""
    issuer = strip_chrome(issuer)
    issuer = re.sub(r"^(?:中共|中国共产党)", "", issuer).strip("“”\"《》【】[] ")
    issuer = re.sub(r"^【[^】]*】", "", issuer)
    issuer = re.sub(r"(?:党组|党委|党工委)$", "", issuer) if len(issuer) > 6 else issuer
    if not (2 <= len(issuer) <= 40) or re.search(r"[，。；：、,]", issuer):
        return None
    got = national_candidate(issuer)
    if got is not None:
        return got
    short_street = issuer.endswith("街道")  # 徐汇区枫林路街道: its office, under the official form
    if short_street:
        issuer += "办事处"
    level, core = rg.split_level(issuer)
    if level and core and (rg.department_row(core) or core in rg.organ_suffixes()):
        return relative_candidate(level, core, hints)
    zone = zn.zone_at(issuer)
    if zone is None and issuer.startswith(zn.ZONE_WORDS):  # 经开区生态环境局: the city is named elsewhere
        city = hints.best(lambda r: r.level == 2 and r.name.endswith("市"))
        zone = zn.zone_at(city.short + issuer) if city is not None else None
        if zone is not None:
            word = next(w for w in zn.ZONE_WORDS if issuer.startswith(w))
            return zone_candidate(zone, issuer[len(word):], issuer)
    if zone is not None:
        written = next((f for f in sorted(zone.forms, key=len, reverse=True) if issuer.startswith(f)), zone.prefix)
        return zone_candidate(zone, issuer[len(written):], issuer)
    zone = _unplaced_zone(issuer, hints)
    if zone is not None:
        return zone_candidate(zone, issuer[len(zone.prefix):], issuer)
    found = rg.find_regions(issuer)
    chain, end = [], 0
    for s_, e_, n in found:
        if s_ != end:
            break
        chain.append(n)
        end = e_
    if chain and len(found) > len(chain) and found[len(chain)][0] > end:
        # two issuers (中共宜章县委宜章县人民政府): the last one reports
        later = issuer_candidate(issuer[found[len(chain)][0]:], text, hints)
        if later is not None:
            return later
    region = rg.resolve_chain(chain, hints.regions()) if chain else None
    if region is None:  # a name the index leaves out as a common word (市中区) but the evidence vouches for
        for r in sorted(hints.regions(), key=lambda r: -hints.weight[r.code]):
            if hints.weight[r.code] >= 2 and issuer.startswith(r.name) and len(issuer) > len(r.name):
                region, end = r, len(r.name)
                break
    while region is not None:  # a child the index leaves out as a common word (呼和浩特市 + 新城区)
        child = next((c for c in _children(region.code) if issuer.startswith(c.name, end)), None)
        if child is None:
            break
        region, end = child, end + len(child.name)
    rest = issuer[end:]
    if region is not None and not rest:
        return government_candidate(region, issuer)  # 柳城县2023年法治政府建设年度报告
    if region is not None and rest in ("人民政府", "政府"):
        return government_candidate(region, issuer)
    m = _TOWN.fullmatch(rest[4:] if rest.startswith("人民政府") and region is not None else rest)
    if m and (rest.endswith(("人民政府", "办事处")) or m.group(2) == "街道" or not m.group(0)[len(m.group(1)) + 1:]):
        return town_candidate(m.group(1), m.group(2), hints, region, rest if chain and not short_street else "")
    if not rest.endswith(_organ_endings()) or _NOT_BODY_END.search(rest) or len(rest) < 2:
        return None
    if region is None:
        if not (rg.department_row(rest) or len(rest) >= 5):
            return None
        return Candidate(issuer, None, kind="organ", relative=True)
    if rg.department_row(rest):
        dept = rg.expand_department(rest, rg.dept_level(region))
        return Candidate(rg.qualify(region, dept) or rg.qualified_prefix(region) + dept, region,
                         forms=(issuer,) if issuer != rg.qualified_prefix(region) + dept else ())
    if rest in rg.organ_suffixes() and rg.qualify(region, rest):  # 委政法委员会 -> 中共X市委政法委员会
        name = rg.qualify(region, rest)
        return Candidate(name, region, kind="organ", forms=tuple(f for f in (issuer,) if f != name))
    if rest.endswith("街道办事处") and "人民政府" not in rest:
        rest = "人民政府" + rest
    name = rg.qualified_prefix(region) + rest
    short = rest.replace("人民政府", "", 1) if rest.startswith("人民政府") else rest
    forms = tuple(f for f in dict.fromkeys([issuer, region.name + rest, rest, rg.qualified_prefix(region) + short,
                                            region.name + short, short]) if f != name and len(f) >= 3)
    return Candidate(name, region, kind="organ", forms=forms)


_UNPLACED_ZONE = re.compile(r"([\u4e00-\u9fff]{2,6}?)(" + "|".join(zn.ZONE_WORDS) + r")(?=[\u4e00-\u9fff]{2})")


def _unplaced_zone(issuer: str, hints: RegionHints) -> zn.Zone | None:
    """A zone whose name carries no division (洋浦经济开发区管理委员会): placed in the province the
    evidence points to (索引号, a 省X厅 named, provincial laws, the province's short name)."""
    m = _UNPLACED_ZONE.match(issuer)
    if m is None or rg.find_regions(m.group(0)) or any(c in m.group(1) for c in "关于年度的"):
        return None
    prov = hints.best(lambda r: r.level == 1)
    if prov is None or sum(w for c, w in hints.weight.items() if c.startswith(prov.code)) < 1.0:
        return None
    return zn.Zone(m.group(0), m.group(0), zn.kind_of(m.group(2)), prov, (m.group(0),))


@functools.lru_cache(maxsize=1)
def _children_index() -> dict[str, list[rg.Region]]:
    out: dict[str, list[rg.Region]] = {}
    for r in rg.all_regions():
        if len(r.codes) >= 2 and not rg.is_historical(r):
            out.setdefault(r.codes[-2], []).append(r)
    return out


def _children(code: str) -> list[rg.Region]:
    return _children_index().get(code, [])


def title_issuer(title: str) -> str:
    """The part of a title before its year / 关于 / 法治… (【2022年】X… : the bracket goes first)."""
    title = re.sub(r"^【[^】]{0,12}】", "", strip_chrome(title))
    if title.startswith("关于") and re.search(r"^关于[^关]{2,40}?(?:20\d{2}|二[〇○零])", title):
        title = title[2:]  # 关于婺源县2022年度…的报告: the issuer follows 关于
    m = _ISSUER_END.search(title)
    if m and m.start() == 0:  # the year first: 2022年桐庐县法治政府建设年度报告
        after = re.match(r"(?:20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*年度?(?:[，,、]\s*)?", title)
        if after:
            rest = title[after.end():]
            m2 = _ISSUER_END.search(rest)
            return rest[: m2.start()] if m2 else ""
    return title[: m.start()] if m else ""


# --------------------------------------------------------------------------- sources

HEAD = 1200  # characters searched for the title and the chrome


def _is_department(m: og.OrganMatch) -> bool:
    return rg.department_row(m.core) is not None


def _vote_declared(ballot: Ballot, page: dict, hints: RegionHints) -> None:
    region = None
    if page.get("declared.region"):
        region = rg.resolve(page["declared.region"], hints.regions())
        if region is not None:
            hints._add(region, 50.0, "declared", page["declared.region"])
    body = page.get("declared.body", "")
    if body:
        cand = issuer_candidate(body, "", hints) or Candidate(body, region, kind="organ")
        if cand.relative or cand.name != body:
            cand = Candidate(body, cand.region or region, kind=cand.kind, forms=cand.forms + (cand.name,),
                             path=cand.path, codes=cand.codes, zone=cand.zone)
        ballot.vote(cand, "declared", body, W_DECLARED)


def _vote_title(ballot: Ballot, text: str, span: tuple[int, int], organs, hints: RegionHints) -> None:
    ts, te = span
    if te <= ts:
        return
    title = re.sub(r"\s+", "", text[ts:te].replace("|", ""))
    for m in organs:
        if ts <= m.start < te and m.kind == "explicit" and m.region is not None and _is_department(m):
            ballot.vote(department_candidate(m), "title", title, W_TITLE)
            return
    got = issuer_candidate(title_issuer(title), text, hints)
    if got is not None:
        ballot.vote(got, "title", title, W_TITLE)
        return
    for m in organs:
        if m.kind == "explicit" and m.region is not None and ts <= m.start < te and not m.party \
                and m.core in ("人民政府", "政府"):
            ballot.vote(government_candidate(m.region, m.text), "title", title, W_TITLE)
            return


def _vote_chrome(ballot: Ballot, text: str, organs, hints: RegionHints, page: dict) -> None:
    for f in _CHROME.finditer(text[:HEAD]):
        s, e = f.span(2)
        dept = next((m for m in organs if s <= m.start < e and m.kind == "explicit" and m.region is not None
                     and _is_department(m)), None)
        got = department_candidate(dept) if dept is not None else issuer_candidate(text[s:e].strip(), text, hints)
        ballot.vote(got, "chrome", f.group(0), W_SOURCE if "来源" in f.group(1) else W_CHROME)
    source = page.get("page.ContentSource", "")
    if source:
        ballot.vote(issuer_candidate(source.strip(), text, hints), "page_meta", "ContentSource: " + source, W_CHROME)
    site = page.get("page.SiteName", "")
    got = issuer_candidate(re.split(r"[-_|｜\s]", site.strip())[0], text, hints) if site else None
    if got is not None and got.kind == "department":  # a department's own site; a portal only says where
        ballot.vote(got, "page_meta", "SiteName: " + site, W_INFERRED + 1)
    title = page.get("page.ArticleTitle", "")
    if title and not any(e["cue"] == "title" for ev in ballot.evidence.values() for e in ev):
        ballot.vote(issuer_candidate(title_issuer(re.sub(r"\s+", "", title)), text, hints), "page_meta",
                    "ArticleTitle: " + title, W_CHROME)


def _vote_body(ballot: Ballot, text: str, te: int, organs, quoted) -> None:
    # a government that calls itself 我县/我街道 and never 我局 names departments as partners
    gov_only = any(m.group(1) in ("镇", "乡", "街道") for m in _GOV_SELF.finditer(text)) and not _SELF.search(text)
    for m in organs:
        if m.kind == "explicit" and m.region is not None and _is_department(m) and te <= m.start < te + 300 \
                and not any(a <= m.start < b for a, b in quoted) and not _OTHER_BEFORE.search(text[max(0, m.start - 2):m.start]):
            ballot.vote(department_candidate(m), "body", text[max(0, m.start - 6):m.end + 6],
                        W_BODY / 3 if gov_only else W_BODY)
            return


def _national_in_text(text: str, suffix: str) -> Candidate | None:
    counts: Counter = Counter()
    for form, canon in _national().items():
        if len(form) >= 3 and canon.endswith(suffix):
            n = text.count(form)
            if n:
                counts[canon] += n
    if not counts:
        return None
    return national_candidate(counts.most_common(1)[0][0])


def _ends_as(name: str, suffix: str) -> bool:
    return name.endswith(suffix) or suffix == "委" and name.endswith("委员会") or suffix == "局" and "局" in name[-6:]


def _vote_self(ballot: Ballot, text: str, organs, selfs: Counter) -> None:
    """我局/我委/我厅/我部: the named body of that kind (the weightiest already proposed first)."""
    if not selfs:
        return
    suffix = selfs.most_common(1)[0][0]
    cands = [m for m in organs if m.kind == "explicit" and m.region is not None and _is_department(m)
             and (m.core.endswith(suffix) or m.branch.endswith(suffix))]
    proposed = [m for m in cands if department_candidate(m).name in ballot.cands]
    if proposed:  # 我局 confirms the weightiest body already proposed (the title's) before the most named one
        m = max(proposed, key=lambda x: ballot.score[department_candidate(x).name])
        ballot.vote(department_candidate(m), "self", f"我{suffix} = {m.text}", W_SELF)
    elif cands:
        cnt = Counter((m.region.code, m.core, m.branch) for m in cands)
        key = cnt.most_common(1)[0][0]
        m = next(x for x in cands if (x.region.code, x.core, x.branch) == key)
        ballot.vote(department_candidate(m), "self", f"我{suffix} = {m.text}", W_SELF)
    elif any(_ends_as(n, suffix) for n in ballot.cands):  # a body proposed without its region written (区司法局)
        name = max((n for n in ballot.cands if _ends_as(n, suffix)), key=lambda n: ballot.score[n])
        ballot.vote(ballot.cands[name], "self", f"我{suffix} = {name}", W_SELF)
    elif suffix in ("部", "署", "局"):
        ballot.vote(_national_in_text(text, suffix if suffix != "局" else "总局"), "self", f"我{suffix}", W_SELF)


def _vote_government_self(ballot: Ballot, text: str, hints: RegionHints, selfs: Counter) -> None:
    """我县/我镇/我街道 in a report that never says 我局: a government, township or street office."""
    govs = Counter(x.group(1) for x in _GOV_SELF.finditer(text))
    if not govs or selfs:  # a body that says 我局 is a department, however often it says 我县
        return
    level = govs.most_common(1)[0][0]
    if level in ("镇", "乡", "街道"):
        town = town_name(text[:6000], level)
        if town:
            ballot.vote(town_candidate(town, level, hints), "self", f"我{level} = {town}{level}", W_GOV_SELF)
        return
    if any(c.kind == "department" for c in ballot.cands.values()):
        return True  # departments say 我市/我县 of their area too: a named department stands
    region = hints.best(lambda r: fits_level(r, level))
    if region is not None:
        ballot.vote(government_candidate(region), "self", f"我{level} = {region.name}", W_GOV_SELF)


def town_name(text: str, word: str) -> str:
    """The township or street a text names most (古镛 of 古镛镇): every two to four characters
    before 镇/乡/街道 are counted, the most frequent (then the longer) wins."""
    counts: Counter = Counter()
    for m in re.finditer(word, text):
        before = text[max(0, m.start() - 4):m.start()]
        for k in (2, 3, 4):
            name = before[-k:]
            if len(name) == k and re.fullmatch(r"[\u4e00-\u9fff]+", name) and not re.search(r"[全各本我该的和在与及乡城集村街道镇]", name):
                counts[name] += 1
    if not counts:
        return ""
    return max(counts, key=lambda n: (counts[n], len(n)))


@functools.lru_cache(maxsize=1)
def _topic_words() -> tuple[list[str], dict[str, list[str]]]:
    """Departments in table order, and each topic word's departments, longest words first."""
    depts, words = [], {}
    for row in read_tsv("departments.tsv"):
        if row["keywords"]:
            depts.append(row["local"])
            for w in split_list(row["keywords"]):
                words.setdefault(w, []).append(row["local"])
    return depts, dict(sorted(words.items(), key=lambda x: -len(x[0])))


@functools.lru_cache(maxsize=1)
def _topic_automaton():
    """The topic words (rank in :func:`_topic_words`, length) in one Aho-Corasick automaton."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for rank, w in enumerate(_topic_words()[1]):
        auto.add_word(w, (rank, len(w)))
    auto.make_automaton()
    return auto


def topic_department(text: str, suffix: str = "") -> str:
    """The department whose topic words the text uses most (ties: table order); a word inside a
    longer topic word counts only for the longer one (质量 in 空气质量)."""
    depts, words = _topic_words()
    text = text[:30000]  # the opening says what the body does; a huge report costs no more
    order = list(words.items())
    starts: dict[int, list[int]] = {}  # word rank -> where it is written (one pass for all words)
    for end, (rank, ln) in _topic_automaton().iter(text):
        starts.setdefault(rank, []).append(end - ln + 1)
    covered = bytearray(len(text))
    score: Counter = Counter()
    for rank in sorted(starts):  # longest words first
        w, owners = order[rank]
        b = 0
        for a in starts[rank]:  # non-overlapping occurrences, left to right
            if a < b:
                continue
            b = a + len(w)
            if not any(covered[a:b]):
                covered[a:b] = b"\x01" * len(w)
                for d in owners:
                    score[d] += 1
    best, top = "", 0
    for dept in depts:
        if suffix and not (dept.endswith(suffix) or suffix == "厅" or (suffix == "委" and dept.endswith("委员会"))):
            continue
        if score[dept] > top:
            best, top = dept, score[dept]
    return best


def _vote_inferred(ballot: Ballot, text: str, span, organs, hints: RegionHints, selfs: Counter, quoted) -> None:
    ts, te = span
    chrome = [f.span() for f in _CHROME.finditer(text[:HEAD])]
    rel = [m for m in organs if m.kind == "relative" and _is_department(m) and ts <= m.start < te + 200
           and not any(a <= m.start < b for a, b in quoted + chrome)]
    if rel:
        ballot.vote(relative_candidate(rel[0].level, rel[0].core, hints), "inferred", rel[0].text, W_INFERRED)
        return
    if not selfs and ballot.score:
        return
    suffix = selfs.most_common(1)[0][0] if selfs else ""
    dept = topic_department(text, suffix)
    if not dept:
        return
    cues: Counter = Counter()
    for x in _LEVEL_CUE.finditer(text):  # 我市 says more than 全区 (全区 may be an autonomous region)
        cues[x.group(1)] += 2 if x.group(0)[0] == "我" else 1
    level = "省" if suffix == "厅" else (cues.most_common(1)[0][0] if cues else "")
    if level:
        cand = relative_candidate(level, dept, hints)
    else:
        region = hints.best()
        cand = (Candidate(rg.qualify(region, rg.expand_department(dept, rg.dept_level(region))) or dept, region)
                if region is not None else Candidate(dept, None, relative=True))
    ballot.vote(cand, "inferred", f"{'我' + suffix if suffix else 'topic'} + {dept}", W_INFERRED)


def decide(text: str, span: tuple[int, int], organs: list[og.OrganMatch], page: dict | None = None) -> Decision:
    """The reporting body of a report: every source votes, the weightiest name wins."""
    page = page or {}
    hints = RegionHints(text, organs, page, span)
    ballot = Ballot()
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    _vote_declared(ballot, page, hints)
    _vote_title(ballot, text, span, organs, hints)
    _vote_chrome(ballot, text, organs, hints, page)
    _vote_body(ballot, text, span[1], organs, quoted)
    selfs = Counter(x.group(1) for x in _SELF.finditer(text))
    _vote_government_self(ballot, text, hints, selfs)
    _vote_inferred(ballot, text, span, organs, hints, selfs, quoted)
    _vote_self(ballot, text, organs, selfs)
    got = ballot.decide()
    if got.body is not None and not got.body.relative:
        voted = {e["cue"] for e in got.evidence} & {"title", "chrome"}  # already given with their vote
        for cue, t in hints.evidence(got.body.region, skip=voted):
            got.evidence.append({"cue": cue, "text": t.strip()[:80], "weight": 0.0})
    return got


def explain(file: str, meta) -> str:
    """How a report's body was decided, for ``fazhigraph build --explain`` (one block per report)."""
    how = "declared / 声明" if meta.bureau_declared else f"confidence / 置信度 {meta.bureau_confidence:.2f}"
    lines = [f"{file}: {meta.bureau or '(none)'}  [{how}]  region / 地区: {'/'.join(meta.region_path) or '-'}"
             f"  year / 年度: {meta.year or '-'}"]
    for ev in meta.bureau_evidence or []:
        w = float(ev.get("weight", 0.0))
        lines.append(f"    {ev.get('cue', ''):<10} {'+' + format(w, 'g') if w else '  '} {ev.get('text', '')}")
    return "\n".join(lines)
