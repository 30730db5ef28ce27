"""Platform mentions: information systems, websites, accounts and hotlines.

- known platforms from ``ontology/platforms.tsv`` (信用中国, 12369环保举报联网管理平台 ...);
- 信用 + a region's name (信用青海), checked against the division list;
- government portals (区政府网站, 乌苏市人民政府网, 政府门户网站) resolved against the report's
  region; one node per portal and report, named after the first fully written form;
- the bureau's own site (局网站, 厅门户网站) and higher departments' sites (市生态环境局门户网站);
- quoted accounts (“生态塔城”微信公众号);
- generic “…系统/…平台/…热线” whose name carries a platform keyword
  (``ontology/platforms.keywords.txt``), cut at a left-edge word (``platforms.stop.txt``);
- a bare 12369/12345 system is the hotline, or the penalty-case system when the report names it.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import resources
from ..model import Mention
from . import LiteralPattern, cut_after_last, meta_of, register, token_starts
from .units import BureauContext, bureau_context, own_ref_before, region_name

COMPONENT = "fazhi_platforms"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GOV = re.compile(r"(人民政府|政府)(门户网站|官方网站|网站|官网|网)(政务公开专栏)?")
_SITE = re.compile(r"(门户网站|官方网站|网站|官网)")
_ACCOUNT = re.compile(r"[“\"]([^“”\"\n]{2,15})[”\"](微信公众号|公众号|微信号|微博|抖音号|视频号|客户端|APP|App|app|小程序)")
_CREDIT = re.compile(r"信用([\u4e00-\u9fff]{2,3}?)(?:网站|平台|网)?(?=[^\u4e00-\u9fff]|网站|平台|网|等|和|及|、)")
_STUDY = re.compile(r"([\u4e00-\u9fff]{2,4})干部(教育在线|网络学院|在线学习学院|网络培训学院|在线学习)")
#: a quoted name with a platform head: 浙江省“互联网+监管”平台, “互联网+执法”系统
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,15})[”\"]([\u4e00-\u9fff]{0,4}?)(系统|平台|网站)")
#: a region's government-service portal: 江苏政务服务网, 浙江政务服务网
_SERVICE_NET = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|市)?(政务服务网)")
#: a gazetteer platform's regional branch written in brackets: 信用中国（福建厦门）
_BRANCH = re.compile(r"[（(]([\u4e00-\u9fff]{2,10})[）)]")
_GENERIC = re.compile(r"([\u4e00-\u9fff0-9A-Za-z]{2,20}?)(系统|平台|热线)")
_BAD_START = resources.word_list("platforms.generic_bad_start")
_LEVELS = "省市区县州旗盟"
#: characters after which a level word starts a relative name (通过|市人民政府网站; not 城|市)
_LEVEL_AFTER = set("在过托用于至及和与的、经由向对按据将把从")
_BARE_BEFORE = "在过托用于至及和与上的、，。；：（( \n"


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], LiteralPattern]:
    forms: dict[str, str] = {}
    for row in resources.read_tsv("platforms.tsv"):
        for a in [row["name"], *resources.split_list(row["aliases"])]:
            forms.setdefault(a, row["name"])
            if "“" in a:
                forms.setdefault(a.replace("“", '"').replace("”", '"'), row["name"])
    pat = LiteralPattern(sorted(forms, key=len, reverse=True))
    return forms, pat


@functools.lru_cache(maxsize=1)
def _generic_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys = tuple(resources.read_lines("platforms.keywords.txt"))
    stops = tuple(sorted(resources.read_lines("platforms.stop.txt"), key=len, reverse=True))
    return keys, stops


def _is_region_chain(s: str) -> bool:
    """Whether ``s`` is one or more full division names written together (天津市西青区)."""
    try:
        from .. import regions
    except Exception:  # pragma: no cover - regions module unavailable
        return False
    if not s:
        return False
    i = 0
    while i < len(s):
        for j in range(len(s), i + 1, -1):
            try:
                hit = regions.lookup(s[i:j])
            except Exception:
                return False
            if hit and (s[i:j] in [r.name for r in hit]):
                i = j
                break
        else:
            return False
    return True


def _region_tail(before: str) -> str:
    """The longest tail of ``before`` that is a region chain or a single level word."""
    run = re.search(r"[\u4e00-\u9fff]*$", before).group(0)
    for i in range(max(0, len(run) - 12), len(run)):
        tail = run[i:]
        if _is_region_chain(tail):
            return tail
    if run and run[-1] in _LEVELS and (len(run) == 1 or run[-2] in _LEVEL_AFTER):
        return run[-1]
    return ""


def _resolve_region(written: str, meta) -> tuple[str, bool]:
    """(qualified region name, explicit?) for a written region chain or level word."""
    if len(written) == 1:
        return region_name(meta, written), False
    path = list(meta.region_path or [])
    last = written
    for name in path:
        if written.endswith(name):
            last = name
    if last in path:
        level = last[-1]
        full = region_name(meta, level)
        if full.endswith(last):
            return full, True
    return written, True


def _gov_sites(text: str, meta, out: list[Mention]) -> None:
    found = []  # (start, end, region, suffix, explicit)
    for m in _GOV.finditer(text):
        before = text[max(0, m.start() - 16):m.start()]
        written = _region_tail(before)
        if written:
            region, explicit = _resolve_region(written, meta)
            start = m.start() - len(written)
        else:
            prev = text[m.start() - 1] if m.start() > 0 else " "
            if prev not in _BARE_BEFORE:
                continue  # 中国政府网 (gazetteer), 办公厅政府网站 ...
            region, explicit = region_name(meta, (meta.region_path or [""])[-1][-1:] or "市"), False
            if not region and meta.region_path:
                region = meta.region_path[-1]
            start = m.start()
        if not region:
            continue
        found.append((start, m.end(), region, m.group(2), explicit))
    by_region: dict[str, list] = {}
    for f in found:
        by_region.setdefault(f[2], []).append(f)
    for region, items in by_region.items():
        pick = next((f for f in items if f[4]), items[0])
        name = region + "人民政府" + pick[3]
        for s, e, _, _, _ in items:
            out.append(Mention("Platform", text[s:e], s, e, name))


def _dept_sites(text: str, meta, ctx: BureauContext, starts: frozenset[int], out: list[Mention]) -> None:
    """局网站 / 厅门户网站 (the bureau's) and 市生态环境局门户网站 (a higher department's)."""
    for m in _SITE.finditer(text):
        if text[max(0, m.start() - 2):m.start()].endswith("政府") or text[max(0, m.start() - 1):m.start()] == "府":
            continue
        s = own_ref_before(text, m.start(), ctx, starts) if ctx.bureau else None
        if s is not None:
            out.append(Mention("Platform", text[s:m.end()], s, m.end(), ctx.bureau + m.group(1)))
            continue
        run = re.search(r"[\u4e00-\u9fff]{2,14}$", text[max(0, m.start() - 14):m.start()])
        if not run or not run.group(0).endswith(("局", "厅", "委")):
            continue
        dept_written = run.group(0)
        # a level word + the bureau's own department at another level (市生态环境局)
        dept = _department_of(ctx)
        for lv in _LEVELS:
            i = dept_written.rfind(lv + dept) if dept else -1
            if i >= 0 and i + 1 + len(dept) == len(dept_written):
                reg = region_name(meta, lv)
                if reg:
                    s = m.start() - len(dept_written) + i
                    out.append(Mention("Platform", text[s:m.end()], s, m.end(), reg + dept + m.group(1)))
                break


def _department_of(ctx: BureauContext) -> str:
    """The bureau's department word (生态环境局 for 温州市生态环境局泰顺分局)."""
    core = ctx.core
    m = re.match(r"[\u4e00-\u9fff]+?(?:局|厅|委员会)", core)
    return m.group(0) if m else core


def extract(doc: Doc) -> list[Mention]:
    text = doc.text
    meta = meta_of(doc)
    ctx = bureau_context(meta)
    starts = token_starts(doc)
    forms, gpat = _gazetteer()
    out: list[Mention] = []
    for m in gpat.finditer(text):
        name, e = forms[m.group(0)], m.end()
        b = _BRANCH.match(text, e)
        if b and _is_region_name(b.group(1)[:2]) and not name[-1].isdigit():
            e = b.end()  # 信用中国（福建厦门）: the regional site
            name = f"{name}（{b.group(1)}）"
            if text.startswith("网站", e):
                e += 2
        sub = re.match(r"([\u4e00-\u9fff]{2,4}?)分网", text[e:e + 8])
        if sub and _is_region_name(sub.group(1)):
            e += sub.end()  # 中国政府采购网湖南分网: the province's branch site
            name = text[m.start():e]
        out.append(Mention("Platform", text[m.start():e], m.start(), e, name))
    # a bare 12369 / 12345 system
    has_penalty = any(m.name == "环境行政处罚案件办理信息系统" for m in out)
    for m in re.finditer(r"(12369|12345)(信息系统|系统|平台)?", text):
        if any(o.start <= m.start() < o.end for o in out):
            continue
        if m.group(1) == "12345":
            name = "12345政务服务便民热线"
        else:
            window = text[max(0, m.start() - 30):m.end() + 10]
            if has_penalty and ("处罚" in window or "信息系统" in m.group(0)):
                name = "环境行政处罚案件办理信息系统"
            elif "举报" in window or "投诉" in window or "信访" in window or "热线" in window:
                name = "12369环保举报联网管理平台"
            else:
                continue
        out.append(Mention("Platform", m.group(0), m.start(), m.end(), name))
    for m in _CREDIT.finditer(text):
        place = m.group(1)
        if place == "中国" or not _is_region_name(place):
            continue
        out.append(Mention("Platform", m.group(0), m.start(), m.end(), "信用" + place))
    for m in _STUDY.finditer(text):
        place = m.group(1)
        for i in range(len(place) - 1):  # 通过安徽干部教育在线: the region is a tail of the run
            if _is_region_name(place[i:]):
                s = m.start(1) + i
                out.append(Mention("Platform", text[s:m.end()], s, m.end(), text[s:m.end()]))
                break
    for m in _ACCOUNT.finditer(text):
        name = forms.get(m.group(1)) or f"“{m.group(1)}”{m.group(2)}"  # “粤省事”APP is 粤省事
        out.append(Mention("Platform", m.group(0), m.start(), m.end(), name))
    _quoted(text, forms, out)
    for m in _SERVICE_NET.finditer(text):
        place = m.group(1)
        if any(o.start <= m.start() < o.end for o in out):
            continue
        for i in range(len(place) - 1):
            if _is_region_name(place[i:]):
                s = m.start(1) + i
                out.append(Mention("Platform", text[s:m.end()], s, m.end(), text[s:m.end()]))
                break
    _gov_sites(text, meta, out)
    _dept_sites(text, meta, ctx, starts, out)
    _generic(text, meta, out)
    return out


def _quoted(text: str, forms: dict[str, str], out: list[Mention]) -> None:
    """Quoted names with a platform head, with the region written before them."""
    for m in _QUOTED.finditer(text):
        if any(o.start <= m.start() < o.end or m.start() <= o.start < m.end() for o in out):
            continue
        q = m.group(1)
        if any(w in m.group(2) for w in ("等", "的", "和", "及", "与")):
            continue  # “周五环保课堂”等学习平台: a description, not a name
        if forms.get(q) and not m.group(2):
            name = forms[q]  # “一网统管”平台 is 一网统管
            out.append(Mention("Platform", m.group(0), m.start(), m.end(), name))
            continue
        written = _region_tail(text[max(0, m.start() - 12):m.start()])
        s = m.start()
        if len(written) > 1:
            s -= len(written)
        elif m.start() > 0 and _CJK.match(text[m.start() - 1]) and text[m.start() - 1] not in _LEVEL_AFTER:
            continue  # 推行交通运输行政许可“一网通办”: the head belongs to a longer phrase
        out.append(Mention("Platform", text[s:m.end()], s, m.end(), text[s:m.end()].replace('"', "“", 1).replace('"', "”", 1)))


def _is_region_name(s: str) -> bool:
    try:
        from .. import regions

        return bool(regions.lookup(s))
    except Exception:
        return False


def _generic(text: str, meta, out: list[Mention]) -> None:
    keys, stops = _generic_words()
    for m in _GENERIC.finditer(text):
        name = m.group(1)
        cut = cut_after_last(name, stops)
        name = name[cut:]
        s = m.start(1) + cut
        full = name + m.group(2)
        if len(name) < 3 or name.startswith(_BAD_START) or not any(k in name[-4:] for k in keys):
            continue  # the words right before 系统/平台 say what kind of system it is
        if any(o.start < m.end() and s < o.end for o in out):
            continue  # a known platform (or a site) already covers it
        if name.endswith(("信息", "管理", "服务", "监管", "执法")) and len(name) <= 4:
            continue  # 信息管理系统, 执法平台: a kind, not a name
        if cut == 0 and m.start(1) > 0 and _CJK.match(text[m.start(1) - 1]):
            continue  # no clear left edge: the name started further left than the pattern reaches
        if full[0] in "省市区县" and full[:2] not in ("市场", "区域", "县域", "省级", "市级", "区级", "县级", "市民"):
            region = region_name(meta, full[0])  # 省行政执法…系统: the report's province's
            if not region:
                continue
            full = region + full[1:]
        out.append(Mention("Platform", text[s:m.end()], s, m.end(), full))


def lexicon():
    forms, _ = _gazetteer()
    return {f for f in forms if "“" not in f and '"' not in f and len(f) >= 3}


register(COMPONENT, extract)
