"""Region evidence for the reporting-body decision: where a report says it is.

The places the text names (full names, autonomous abbreviations such as 伊犁州, short names in
法治杭州, province short names), the 索引号's GB/T 2260 code, a document number's province
abbreviation (川法治办〔2022〕12号), the salutation (中共将乐县委员会,将乐县人民政府:) and a web page's
SiteIDCode (网站标识码: six digits of division code + four). Each adds weight to a region; a
relative body (市生态环境局, 州生态环境局, 我厅) is completed with the weightiest region of its level.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from .. import regions as rg
from ..resources import read_tsv, split_list

_INDEX_NO = re.compile(r"索\s*引\s*号\s*[|｜:：]?\s*\|?\s*([0-9A-Za-z]{6,})")
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,8})〔(?:19|20)\d{2}〕\s*\d{1,4}\s*号")
_CHROME_FIELD = re.compile(r"(发布机构|发文机关|发文单位|来源单位|信息来源|文章来源|来源)\s*[|｜:：]\s*\|?\s*([^|｜\n]{2,60})")
#: Cues that say whose report it is (the title, the page's 发布机构/来源, the 索引号, declared
#: metadata, the site code): a place named only in running text never outweighs them.
ANCHORS = frozenset({"title", "chrome", "index", "declared", "page_meta"})
_SALUTATION = re.compile(r"^[ \t|]*([\u4e00-\u9fff、，,（）()]{2,40})[:：][ \t]*$", re.M)


@functools.lru_cache(maxsize=1)
def _province_abbreviations() -> dict[str, rg.Region]:
    out: dict[str, rg.Region] = {}
    for row in read_tsv("province_abbreviations.tsv"):
        got = [r for r in rg.lookup(row["name"]) if r.level == 1]
        for a in split_list(row["abbreviations"]):
            if got:
                out[a] = got[0]
    return out


@functools.lru_cache(maxsize=1)
def _province_shorts() -> dict[str, rg.Region]:
    """Short names of provinces that denote nothing else (四川, 湖北; not 吉林, also a city)."""
    out = {}
    for r in rg.all_regions():
        if r.level == 1 and not rg.is_historical(r) and r.short != r.name and len(r.short) >= 2:
            if len(rg.lookup(r.short)) == 1:
                out[r.short] = r
    return out


class RegionHints:
    """Regions the report points to, with a weight: for completing relative names."""

    def __init__(self, text: str, organs: list[rg.OrganMatch], page: dict | None = None,
                 title: tuple[int, int] = (0, 0)) -> None:
        self.weight: Counter = Counter()
        self.cues: dict[str, list[tuple[str, str]]] = {}
        self.anchors: set[str] = set()
        head = text[:3000]
        homonyms: list[str] = []  # (朝阳区, 江北区): resolved once the other cues are in
        for s, e, n in rg.find_regions(text[:8000]):
            if rg.conjunction_split(text, s, n):
                continue  # 县人大常委会和县政协: 和 + 县政协, not 和县
            got = [r for r in rg.lookup(n) if not rg.is_historical(r)]
            if len(got) == 1:
                self._add(got[0], 1.0, "region", n)
            elif got:
                homonyms.append(n)
        for m in re.finditer(r"(?:法治|平安|美丽|数字|智慧|健康|幸福|清廉|诚信|建设)([\u4e00-\u9fff]{2,3})", text[:8000]):
            for k in (3, 2):
                w = m.group(1)[:k]
                got = [r for r in rg.lookup(w) if not rg.is_historical(r)]
                if len(got) == 1 and got[0].short == w:
                    self._add(got[0], 1.0, "region", m.group(0))
                    break
        for short, r in _province_shorts().items():
            n = text[:8000].count(short)
            if n:
                self._add(r, 0.5 * n, "region", short)
        for m in _INDEX_NO.finditer(head):
            r = index_region(m.group(1))
            if r is not None:
                self._add(r, 6.0, "index", m.group(0))
        for m in _DOC_NO.finditer(head):
            word = re.sub(r"^.*(?:根据|按照|依据|依照|印发|转发|下发|详见|及|和|与|、)", "", m.group(1))
            r = _province_abbreviations().get(word[:1]) if len(word) >= 2 else None
            if r is not None:
                self._add(r, 1.0, "doc_number", m.group(0))
        r = site_region((page or {}).get("page.SiteIDCode", ""))
        if r is not None:
            self._add(r, 4.0, "page_meta", "SiteIDCode: " + page["page.SiteIDCode"])
        for m in _SALUTATION.finditer(head):
            for s, e, n in rg.find_regions(m.group(1)):
                r = rg.resolve(n, [])
                if r is not None:
                    self._add(r, 2.0, "salutation", m.group(0))
        self._anchor_cues(text, title)
        for n in homonyms:
            r = rg.resolve(n, self.regions())
            if r is not None:
                self._add(r, 1.0, "region", n)
        self.settle(organs)

    def _anchor_cues(self, text: str, title: tuple[int, int]) -> None:
        """The title's region and that of the page's 发布机构/来源 line (anchors, as the 索引号 is)."""
        ts, te = title
        if te > ts:
            r = _first_region(text[ts:te], self.regions())
            if r is not None:
                self._add(r, 6.0, "title", text[ts:te])
        for m in _CHROME_FIELD.finditer(text[:1200]):
            r = _first_region(m.group(2), self.regions())
            if r is not None:
                self._add(r, 2.0 if "来源" in m.group(1) else 4.0, "chrome", m.group(0))

    def settle(self, organs: list[rg.OrganMatch]) -> None:
        """An organ written with a homonymous division alone (江北区司法局) takes the homonym the
        report's other cues point to (法治宁波 -> 宁波市江北区)."""
        for m in organs:
            if m.kind != "explicit" or len(m.chain) != 1 or m.region is None:
                continue
            cands = [r for r in rg.lookup(m.chain[0]) if not rg.is_historical(r)]
            if len(cands) < 2:
                continue
            ctx = [r for r in self.regions() if r.name != m.chain[0]]
            if not ctx:
                continue
            best = max(cands, key=lambda r: (sum(self.weight[c.code] for c in ctx if r.code.startswith(c.code)), -int(r.code)))
            if sum(self.weight[c.code] for c in ctx if best.code.startswith(c.code)) > 0 and best != m.region:
                m.region = best

    def _add(self, r: rg.Region, w: float, cue: str, text: str) -> None:
        if cue in ANCHORS:
            self.anchors.add(r.code)
        self.weight[r.code] += w
        cues = self.cues.setdefault(r.code, [])
        if (cue, text) not in cues:
            cues.append((cue, text))

    def regions(self) -> list[rg.Region]:
        return [r for r in (rg.by_code(c) for c in self.weight) if r is not None]

    def best(self, fits=lambda r: True, within: rg.Region | None = None) -> rg.Region | None:
        """The weightiest region that ``fits`` (a level), preferring the lower level on ties; a
        region's weight includes its descendants' (a county's mentions vouch for its city)."""
        known = {r.code: r for r in self.regions()}
        for r in list(known.values()):  # a county's mentions vouch for its city and province
            for c in r.codes[:-1]:
                parent = rg.by_code(c)
                if parent is not None:
                    known.setdefault(c, parent)
        cands = [r for r in known.values() if fits(r) and (within is None or r.code.startswith(within.code))]
        if not cands:
            return None

        def total(r):
            return sum(w for c, w in self.weight.items() if c.startswith(r.code))

        def anchored(r):  # on the line of the title's / chrome's / 索引号's region (its ancestor or part)
            return any(r.code.startswith(a) or a.startswith(r.code) for a in self.anchors)

        return sorted(cands, key=lambda r: (not anchored(r), -total(r), -r.level, r.code))[0]

    def evidence(self, r: rg.Region | None, skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        if r is None:
            return []
        return [x for c, xs in self.cues.items() if c.startswith(r.code) or r.code.startswith(c)
                for x in xs if x[0] not in skip][:4]


def _first_region(text: str, context: list[rg.Region]) -> rg.Region | None:
    """The division a title or chrome line names first (its written chain: 上饶市婺源县); a
    homonym written alone (桥西区) only when the report's other places tell which."""
    text = re.sub(r"\s+", "", text)
    chain, end = [], None
    for s, e, n in rg.find_regions(text):
        if end is not None and s != end:
            break
        if rg.conjunction_split(text, s, n):
            continue
        chain.append(n)
        end = e
    if len(chain) == 1:
        return rg.resolve(chain[0], context, strict=True)
    return rg.resolve_chain(chain, context) if chain else None


def index_region(index_no: str) -> rg.Region | None:
    """The division an 索引号 starts with: its first six digits as a GB/T 2260 code (330102…), or
    those of a unified social credit code (11 330100 …: digits 3–8)."""
    for code in (index_no[:6], index_no[2:8] if len(index_no) >= 18 else ""):
        if not code.isdigit() or len(code) != 6 or code.endswith("0000") and code[:2] == "00":
            continue
        for c in (code, code[:4] if code.endswith("00") else "", code[:2] if code.endswith("0000") else ""):
            r = rg.by_code(c) if c else None
            if r is not None:
                return r
    return None


def site_region(site_id: str) -> rg.Region | None:
    """The division of a government website's identification code (网站标识码: 4304000001 ->
    430400, 衡阳市); None for a central body's code (bm…) or an unknown one."""
    code = site_id.strip()[:6]
    if not code.isdigit() or len(site_id.strip()) != 10:
        return None
    for c in (code, code[:4] if code.endswith("00") else "", code[:2] if code.endswith("0000") else ""):
        r = rg.by_code(c) if c else None
        if r is not None:
            return r
    return None


def fits_level(r: rg.Region, level_word: str) -> bool:
    if level_word == "省":
        return r.level == 1 and not r.is_municipality
    if level_word == "市":
        return r.name.endswith("市")
    if level_word == "区":
        return r.name.endswith("区") and r.level >= 2
    if level_word == "州":
        return r.name.endswith("州") and r.level == 2
    return r.name.endswith(level_word)
