"""Report metadata: the reporting bureau (canonical name and surface forms), its region path
(GB/T 2260 codes) and the year the report is about.

Where the reporting body is found, in order of trust:

1. the title block: the line carrying 报告/总结 plus the short lines right before it (headings
   broken across lines: ``湟中区生态环境局`` / ``2024年法治政府建设情况报告``) and a line that
   continues it (``…2021年法治政府`` / ``建设情况报告``);
2. page chrome: ``发布机构 | 武汉市生态环境局江汉区分局`` / ``发布机构: 济南市生态环境局``;
3. the body: an explicit department name near the start (``现将池州市生态环境局2025年度…``), or
   the named department the report calls 我厅/我局/我委 (河北省环境保护厅 in a cited title);
4. inference: only 我局 and a place are written (乌苏市 + ecology topic words -> 乌苏市生态环境局).

A party group issuing the report (中共青岛市交通运输局党组) stands for its bureau; branch bureaus
(温州市生态环境局泰顺分局, 深圳市生态环境局龙岗管理局) take the branch's area as region.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from spacy.tokens import Doc

from .. import regions as rg
from ..resources import read_lines, read_tsv, split_list
from . import meta_of, register

COMPONENT = "fazhi_metadata"

_TITLE_WORDS = re.compile(r"报告|总结|情况$")
_TITLE_TOPIC = re.compile(r"法治|依法行政|法制")
_CHROME_ISSUER = re.compile(r"(?:发布机构|发文机关|发文单位|来源单位)\s*[|｜:：]?\s*\|?\s*([^|｜\n]{3,60})")
_CHROME_TITLE = re.compile(r"标\s*题\s*[|｜:：]\s*\|?\s*([^|｜\n]{6,120})")
_YEAR = re.compile(r"(?<![\d\-—–~至到])(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_SELF = re.compile(r"(?:我|本)(局|厅|委|办)")
_LEVEL_CUE = re.compile(r"(?:我|全)(省|市|区|县|州|旗|盟)")
_QUOTED = re.compile(r"《[^》]{0,200}》")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
HEAD = 1200  # characters searched for the title and the chrome


def _lines(text: str, limit: int) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for ln in text[:limit].split("\n"):
        out.append((pos, pos + len(ln), ln.strip()))
        pos += len(ln) + 1
    return out


def find_title(text: str) -> tuple[int, int, str]:
    """(start, end, title) of the report's title block; (0, 0, "") if none is found."""
    lines = [x for x in _lines(text, HEAD) if x[2]]
    for k, (s, e, ln) in enumerate(lines[:25]):
        if len(ln) > 90 or "。" in ln or "现将" in ln or ln.startswith(("根据", "按照")) or _ENUM.match(ln):
            continue
        plain = ln.strip("| ")
        if not (_TITLE_WORDS.search(plain) and _TITLE_TOPIC.search(plain)) and not (
            _TITLE_TOPIC.search(plain) and k + 1 < len(lines) and re.fullmatch(r"[\s|]*(?:建设)?(?:工作)?(?:情况)?(?:报告|总结)[\s|]*", lines[k + 1][2])
        ):
            continue
        if _CHROME_TITLE.search(ln) or "|" in ln and "标" in ln:
            continue
        start, end = s, e
        # a heading broken across lines: short preceding lines without sentence punctuation
        kk = k
        while kk > 0 and k - kk < 2:
            ps, pe, pl = lines[kk - 1]
            if len(pl) <= 40 and not re.search(r"[。：:，,|>]|发布|索引|来源|位置|日期|^正文$", pl):
                start = ps
                kk -= 1
            else:
                break
        if k + 1 < len(lines) and len(lines[k + 1][2]) <= 12 and re.search(r"报告|总结", lines[k + 1][2]) \
                and not re.search(r"报告|总结", ln):
            end = lines[k + 1][1]
        return start, end, re.sub(r"\s+", "", text[start:end].replace("|", ""))
    m = _CHROME_TITLE.search(text[:HEAD])
    if m:
        return m.start(1), m.end(1), m.group(1).strip()
    return 0, 0, ""


_CN_DIGITS = str.maketrans("〇○零ＯO一二三四五六七八九", "0000012345678" + "9")
_CN_YEAR = re.compile(r"(?<![〇○零ＯO一二三四五六七八九十])(二[〇○零ＯO][〇○零ＯO一二三四五六七八九]{2})(?=\s*年)")
#: A period of years: 2021—2022年, 2021年至2022年, 2021-2022年度 -> the later year.
_YEAR_RANGE = re.compile(r"(20\d{2})\s*年?\s*(?:[—–\-~～－至到]{1,2})\s*(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _arabic_years(text: str) -> str:
    """``二〇二三年`` -> ``2023年`` (same length, so offsets are kept)."""
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text)


def find_year(text: str, title: str) -> int | None:
    """The year the report is about: the title's year (the later one of a period, 2021—2022年),
    else the body's first ``20XX年``; ``二〇二三年`` counts as 2023."""
    title = _arabic_years(title)
    m = _YEAR_RANGE.search(title)
    if m:
        return int(m.group(2))
    for m in _YEAR.finditer(title):
        return int(m.group(1))
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), _arabic_years(text[:4000]))
    first_range = _YEAR_RANGE.search(masked[:300])
    for m in _YEAR.finditer(masked):
        if first_range and first_range.start() <= m.start() + 12 and m.start() < first_range.end():
            return int(first_range.group(2))
        return int(m.group(1))
    return None


def _dept_keywords() -> list[tuple[str, list[str]]]:
    return [(r["local"], split_list(r["keywords"])) for r in read_tsv("departments.tsv") if r["keywords"]]


def _topic_department(text: str, suffix: str = "") -> str:
    """The department whose topic words the text uses most (ties: table order)."""
    best, score = "", 0
    for dept, words in _dept_keywords():
        if suffix and not (dept.endswith(suffix) or suffix == "厅" or (suffix == "委" and dept.endswith("委员会"))):
            continue
        n = sum(text.count(w) for w in words)
        if n > score:
            best, score = dept, n
    return best


def _is_department(m: rg.OrganMatch) -> bool:
    return rg.department_row(m.core) is not None


class _Choice:
    def __init__(self, organ: rg.OrganMatch | None, region: rg.Region | None, dept: str, branch: str = "",
                 level_word: str = "", name: str = "", forms: tuple[str, ...] = ()):
        self.organ, self.region, self.dept, self.branch, self.level_word = organ, region, dept, branch, level_word
        self.name, self.forms = name, forms  # a title issuer that is no standard department


@functools.lru_cache(maxsize=1)
def _organ_endings() -> tuple[str, ...]:
    return tuple(sorted(read_lines("organ_endings.txt"), key=len, reverse=True))


_ISSUER_END = re.compile(r"关于|(?:20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*(?:[—–\-~至]\s*20\d{2}\s*)?年|法治|依法行政|法制")


def _title_issuer(title: str, text: str, organs: list[rg.OrganMatch]) -> _Choice | None:
    """The body a title names before its year / 关于 / 法治… when it is no standard department
    (济南高新技术产业开发区管理委员会, 宁乡市花明楼镇人民政府, 徐家汇街道办事处).

    Its region is the one written in it (a full name, or a short one at its start: 济南高新区),
    else the place the body names most often with an organ (徐汇区委 -> 徐汇区); a street's or a
    town's body takes that place's prefix (上海市徐汇区徐家汇街道办事处).
    """
    m = _ISSUER_END.search(title)
    issuer = title[: m.start()] if m else ""
    issuer = re.sub(r"^(?:中共|中国共产党)", "", issuer).strip("“”\"《》 ")
    if issuer.endswith("街道"):  # 徐汇区枫林路街道: its office
        issuer += "办事处"
    if not (3 <= len(issuer) <= 40) or not issuer.endswith(_organ_endings()):
        return None
    if re.search(r"[，。；：、]", issuer):
        return None
    found = rg.find_regions(issuer)
    region, rest = None, issuer
    if found and found[0][0] == 0:
        chain, end = [], 0
        for s_, e_, n in found:
            if s_ != end:
                break
            chain.append(n)
            end = e_
        region = rg.resolve_chain(chain, [n for _, _, n in rg.find_regions(text[:3000])])
        rest = issuer[end:]
        if region is not None and not rest:
            return None
    if region is None:
        for k in (3, 2):  # a short name at the start (济南高新区, 河北雄安新区 …): the highest level
            cands = [r for r in rg.lookup(issuer[:k]) if not rg.is_historical(r)]
            top = min((r.level for r in cands), default=0)
            cands = [r for r in cands if r.level == top]
            if k < len(issuer) and len(cands) == 1:
                return _Choice(None, cands[0], "", name=issuer)
        counts = Counter(o.region for o in organs if o.kind == "explicit" and o.region is not None)
        if not counts:
            return _Choice(None, None, "", name=issuer)
        region = sorted(counts.items(), key=lambda x: (-x[1], -x[0].level, x[0].code))[0][0]
    if rest.endswith("街道办事处") and "人民政府" not in rest:  # a street office is the district's organ
        rest = "人民政府" + rest
    name = rg.qualified_prefix(region) + rest
    short = rest.replace("人民政府", "", 1) if rest.startswith("人民政府") else rest
    forms = tuple(f for f in dict.fromkeys([issuer, region.name + rest, rest, rg.qualified_prefix(region) + short,
                                            region.name + short, short]) if f != name and len(f) >= 3)
    return _Choice(None, region, "", name=name, forms=forms)


def _choose(text: str, title_span: tuple[int, int], organs: list[rg.OrganMatch]) -> _Choice | None:
    ts, te = title_span
    depts = [m for m in organs if _is_department(m) and not m.party or (m.tail and _is_department(m))]
    depts = [m for m in depts if _is_department(m)]
    explicit = [m for m in depts if m.kind == "explicit" and m.region is not None]
    # 1. title block (a department; else a government or other organ issuing its own report)
    for m in explicit:
        if ts <= m.start < te:
            return _Choice(m, m.region, m.core, m.branch)
    # 1b. a title issuer that is no standard department (管委会, 街道办事处, 镇人民政府)
    got = _title_issuer(re.sub(r"\s+", "", text[ts:te].replace("|", "")), text, organs) if te > ts else None
    if got is not None:
        return got
    for m in organs:
        if m.kind == "explicit" and m.region is not None and ts <= m.start < te and not m.party \
                and m.core in ("人民政府", "政府"):
            return _Choice(m, m.region, "人民政府", "")
    # 2. page chrome
    head = text[:HEAD]
    for cm in _CHROME_ISSUER.finditer(head):
        for m in explicit:
            if cm.start(1) <= m.start < cm.end(1):
                return _Choice(m, m.region, m.core, m.branch)
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]

    def in_quote(m):
        return any(a <= m.start < b for a, b in quoted)

    # 3a. an explicit department near the start of the body, outside cited titles
    body_start = te
    for m in explicit:
        if m.start >= body_start and m.start < body_start + 300 and not in_quote(m) and \
                not re.search(r"(在|按照|根据|和|及|与|向|由)$", text[max(0, m.start - 2):m.start]):
            return _Choice(m, m.region, m.core, m.branch)
    # 3b. the named department the report calls 我局/我厅/我委
    selfs = Counter(x.group(1) for x in _SELF.finditer(text))
    if selfs:
        suffix = selfs.most_common(1)[0][0]
        cands = [m for m in explicit if m.core.endswith(suffix) or m.branch.endswith(suffix)]
        if cands:
            cnt = Counter((m.region.code, m.core, m.branch) for m in cands)
            key = cnt.most_common(1)[0][0]
            m = next(x for x in cands if (x.region.code, x.core, x.branch) == key)
            return _Choice(m, m.region, m.core, m.branch)
    # 4. inference: relative self-forms (市生态环境局 as subject) or 我局 + place + topic
    rel = [m for m in depts if m.kind == "relative" and ts <= m.start < te + 200 and not in_quote(m)]
    level_word = rel[0].level if rel else ""
    dept = rel[0].core if rel else ""
    if not dept:
        suffix = selfs.most_common(1)[0][0] if selfs else ""
        dept = _topic_department(text, suffix)
    if not dept:
        return None
    cues = Counter(x.group(1) for x in _LEVEL_CUE.finditer(text))
    if not level_word and cues:
        level_word = cues.most_common(1)[0][0]
    places = [(s, e, n) for s, e, n in rg.find_regions(text)]
    counts = Counter(n for _, _, n in places)
    region = None
    if counts:
        ctx = list(counts)
        cands = []
        for n, c in counts.items():
            r = rg.resolve(n, ctx)
            if r is None:
                continue
            if level_word and not _fits_level(r, level_word):
                continue
            cands.append((c, r.level, r))
        if cands:
            cands.sort(key=lambda x: (-x[0], -x[1], x[2].code))
            region = cands[0][2]
    return _Choice(None, region, dept, "", level_word)


def _fits_level(r: rg.Region, level_word: str) -> bool:
    if level_word == "省":
        return r.level == 1 and not r.is_municipality
    if level_word == "市":
        return r.name.endswith("市")
    if level_word == "区":
        return r.name.endswith("区") and r.level >= 2
    return r.name.endswith(level_word)


def extract(doc: Doc) -> list:
    text = doc.text
    meta = meta_of(doc)
    ts, te, title = find_title(text)
    meta.title = title
    meta.year = find_year(text, title)
    all_regions = [n for _, _, n in rg.find_regions(text[:6000])]
    organs = rg.find_organs(text, all_regions)
    choice = _choose(text, (ts, te), organs)
    if choice is None:
        return []
    region = choice.region
    # branch bureaus: the branch's own area is the report's region
    if choice.organ is not None and choice.organ.branch:
        if choice.organ.branch_region is not None:
            region_self = choice.organ.branch_region
        else:
            region_self = region
    else:
        region_self = region
    if region_self is not None:
        meta.region = region_self.name
        meta.region_path = list(region_self.path)
        meta.region_codes = list(region_self.codes)
    if choice.name:
        meta.bureau = choice.name
    elif region is not None:
        level = rg.dept_level(region)
        dept = rg.expand_department(choice.dept, level) if rg.department_row(choice.dept) else choice.dept
        meta.bureau = (rg.qualify(region, dept) if rg.department_row(dept) else None) or \
            rg.qualified_prefix(region) + dept
        meta.bureau += choice.branch
    else:
        dept = rg.expand_department(choice.dept, 1 if choice.level_word == "省" else 2)
        meta.bureau = (choice.level_word or "") + dept  # no region known: the report's own (relative) form
    meta.bureau_aliases = _aliases(text, organs, meta)
    for form in choice.forms:
        if form not in meta.bureau_aliases:
            meta.bureau_aliases.append(form)
    return []


def _aliases(text: str, organs: list[rg.OrganMatch], meta) -> list[str]:
    """Surface forms the report uses for its own bureau."""
    out: list[str] = []
    for m in organs:
        if not _is_department(m):
            continue
        name = rg.organ_name(m, meta)
        if name == meta.bureau:
            form = m.text[: len(m.text) - len(m.tail)] if m.tail else m.text
            if m.party and form.startswith(("中共", "中国共产党")):
                form = form[2:] if form.startswith("中共") else form[5:]
            if form not in out and form != meta.bureau:
                out.append(form)
    for x in _SELF.finditer(text):
        form = x.group(0)
        if form[1] == meta.bureau[-1:] or (form[1] == "委" and meta.bureau.endswith("委员会")):
            if form not in out:
                out.append(form)
    # a branch's short form (泰顺分局, 龙岗管理局)
    for suf in ("分局", "管理局"):
        i = meta.bureau.rfind(suf)
        if i > 0:
            for dept in rg.department_forms():
                j = meta.bureau.find(dept)
                if j >= 0 and j + len(dept) < i + len(suf):
                    short = meta.bureau[j + len(dept):]
                    if short in text and short not in out:
                        out.append(short)
                    break
            break
    return out


def lexicon():
    return []


register(COMPONENT, extract)
