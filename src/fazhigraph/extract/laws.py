"""Laws, normative documents and publications cited in a report.

What is recognised:

- every title in 《…》 (nested titles too, and titles in 〈…〉 / <…> inside a 《…》 title);
  unclosed or line-broken brackets are ignored, never fatal;
- catalogued national laws, regulations, plans and party rules written without 《》
  (学习新固废法, 贯彻民法典), with context rules against false positives (``law_bare.tsv``);
- 以下简称 aliases (《X》（以下简称《Y》）): later citations of 《Y》 resolve to X;
- 文号 after a title (《…》（津法发〔2019〕8号）) as ``attrs["doc_number"]``;
- 《X》的通知（文号）: the notice as a document of its own (X的通知), besides X;
- titles without 《》 after a citing or issuing verb (``law_titles.py``: 制定2023年普法工作要点);
- 关于印发X的通知 with X unbracketed: X is a document of its own unless it is a year's plan or generic.

Every spelling of a year range (2021—2025年, 2021-2025, 2021～2025, dash lost) is one look-up key.

Classification of a title: the publication catalogue (``law_publications.tsv``), then the law
catalogue (``laws.tsv``), then the ordered rules of ``law_classes.tsv`` (publications such as
汇编/读本/报告, non-documents such as speeches, and the subtype of a normative document).

Canonical names: a catalogued document gets its official full title (宪法 -> 中华人民共和国宪法;
a short name shared by several editions resolves to the edition in force in the report year,
never to one published after it: then the title is kept as cited);
an uncatalogued one keeps its title as cited, except that a generic bureau-internal title
starting with a year (《2025年度普法责任清单》) gets the reporting bureau as a prefix, the cited
title being kept as an alias.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc

from .. import regions, resources
from ..model import Mention
from ..normalize import mask_spans as _mask
from . import LiteralPattern, meta_of, register
from . import law_titles
from .law_brackets import _CLOSE, _INNER, _OPEN, titles
from .law_titles import year_range_key

COMPONENT = "fazhi_laws"

_CONJUNCTIONS = set("和及与、，,")
_QUOTES = re.compile(r"[《》〈〉<>＜＞“”\"'‘’「」『』\s]")
_DASHES = re.compile(r"[—–－‐‑‒―~～-]+")
_YEAR_RANGE = re.compile(r"(\d{4})(\s*年?)\s*[—–－‐‑‒―~～-]+\s*(\d{4})")
#: (2021年修订) / (2018年修正): the amended law is still the law.
_AMENDED = re.compile(r"[(（](?:\d{4}年?)?(?:[^()（）]{0,6})?(?:修订|修正|修改)(?:版|本|稿)?[)）]$")
#: a bureau-internal title that names no issuer: it starts with a year, a year range or 全市/全县…
_GENERIC_START = re.compile(
    r"^(?:\d{4}\s*(?:年度|年)?\s*[—–－‐‑‒―~～\-至]\s*\d{4}\s*(?:年度|年)|\d{4}\s*(?:年度|年)|全(?:市|县|区|州|盟|旗)(?![场县]))"
)
_TRAILING_NOTE = re.compile(r"(?:[（(][^（）()]{1,20}[）)])+$")
_EMBEDDED = re.compile(
    r"关于(?:重新|修订)?(?:印发|转发|发布|颁布|公布|修订)(?P<inner>.+?)的(?:通知|决定|通告|公告|函|批复)$"
)
_DOC_NO = re.compile(
    r"^\s*[（(]\s*(?P<no>[^\s（）()，,。；;\n]{1,30}?[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d+\s*号"
    r"|[^\s（）()，,。；;\n《》]{1,30}?(?:令|公告)\s*(?:\d{4}\s*年\s*)?第?\s*\d+\s*号)\s*[）)]"
)
#: the year brackets of a 文号 in their register form: 津法发[2019]8号 -> 津法发〔2019〕8号
_DOC_NO_YEAR = re.compile(r"[\[［【(（]\s*(\d{4})\s*[\]］】)）]")
_ABBR = re.compile(
    r"^\s*[（(]\s*(?:以下简称|以下称|下称|简称)\s*[《“\"]?(?P<abbr>[^《》“”\"（）()，,。\n]{1,30}?)[》”\"]?\s*[）)]"
)
_REGION_HEAD = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,12}?(?:省|自治区|特别行政区|市|经济特区|自治州|地区|盟|州|自治县|县|旗|新区|区))"
)
#: A relative name (市卫生健康委员会, 我局) is no prefix for a canonical name (same rule as the linker).
_RELATIVE = re.compile(r"^(我|本|该)?(局|厅|部|委|办)|^(区|市|县|省|州|盟|旗)(?!场)")
_NOT_REGION = re.compile(r"环境|生态|行政|执法|管理|保护|污染|规划|分区|社区|园区|景区|库区|流域|辖区|片区|城区|校区|地区性")


def _key(text: str) -> str:
    """Comparison form of a title (as the scorer compares names), one form for every spelling of
    a year range: 2021—2025年, 2021-2025, 2021年～2025年, 2021 —2025, 20212025 -> 2021-2025."""
    s = unicodedata.normalize("NFKC", text)
    s = _QUOTES.sub("", s)
    return year_range_key(_DASHES.sub("-", s))


def pretty(title: str) -> str:
    """Display form of a cited title: inner <>/〈〉 as 《》, full-width parentheses, 2021—2025,
    a line break inside the title removed."""
    s = re.sub(r"\s*\n\s*", "", title.strip())
    for o, c in _INNER.items():
        s = s.replace(o, "《").replace(c, "》")
    s = _balance(s.replace("(", "（").replace(")", "）"))
    s = _YEAR_RANGE.sub(lambda m: f"{m.group(1)}{m.group(2).strip()}—{m.group(3)}", s)
    return s


_NOTICE_TAIL = re.compile(r"的(?:通知|决定|意见|批复|函)$")


def _balance(title: str) -> str:
    """A title with a lost or stray bracket: 关于印发《X的通知 -> 关于印发《X》的通知; else the
    unmatched brackets are dropped (关于印发X》的通知 -> 关于印发X的通知)."""
    if title.count("《") == title.count("》"):
        return title
    tail = _NOTICE_TAIL.search(title)
    if title.count("《") == title.count("》") + 1 and tail and title.rfind("《") > title.rfind("》"):
        return title[:tail.start()] + "》" + title[tail.start():]
    depth, out = 0, []
    for ch in title:
        if ch == "《":
            depth += 1
        elif ch == "》":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    s = "".join(out)
    while s.count("《") > s.count("》"):  # an opening bracket never closed
        at = s.rfind("《")
        s = s[:at] + s[at + 1:]
    return s


# ---------------------------------------------------------------- reference data


@dataclass(frozen=True)
class LawEntry:
    name: str
    aliases: tuple[str, ...]
    subtype: str
    issuer: str
    start: int | None
    end: int | None

    def covers(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


def _period(text: str) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    lo, _, hi = text.partition("-")
    return (int(lo) if lo.strip() else None), (int(hi) if hi.strip() else None)


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[LawEntry, ...]]:
    """Comparison key of every name and alias -> catalogue entries (several for editions)."""
    index: dict[str, list[LawEntry]] = {}
    for row in resources.read_tsv("laws.tsv"):
        lo, hi = _period(row.get("period", ""))
        entry = LawEntry(row["name"], tuple(resources.split_list(row.get("aliases", ""))),
                         row["subtype"], row.get("issuer", ""), lo, hi)
        for form in (entry.name, *entry.aliases):
            bucket = index.setdefault(_key(form), [])
            if entry not in bucket:
                bucket.append(entry)
    return {k: tuple(v) for k, v in index.items()}


@functools.lru_cache(maxsize=1)
def publications() -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """Comparison key -> (canonical name, aliases, may be matched bare)."""
    index = {}
    for row in resources.read_tsv("law_publications.tsv"):
        aliases = tuple(resources.split_list(row.get("aliases", "")))
        item = (row["name"], aliases, row.get("bare", "").lower() in ("yes", "y", "true", "1"))
        for form in (row["name"], *aliases):
            index[_key(form)] = item
    return index


@functools.lru_cache(maxsize=1)
def class_rules() -> tuple[tuple[str, re.Pattern], ...]:
    rules = []
    for row in resources.read_tsv("law_classes.tsv"):
        pat = row["pattern"]
        where = row["where"]
        if where == "suffix":
            rx = re.compile(f"(?:{pat})$")
        elif where == "prefix":
            rx = re.compile(f"^(?:{pat})")
        else:
            rx = re.compile(pat)
        rules.append((row["kind"], rx))
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def bare_rules() -> dict[str, tuple[str, ...]]:
    return resources.grouped("law_bare.tsv", "kind", "pattern")


@functools.lru_cache(maxsize=1)
def _bare_matcher():
    """(matcher over bare-matchable forms (longest first), form -> ('law'|'pub', key), before-rx, after-rx, renew-rx)."""
    rules = bare_rules()
    suffix = re.compile(f"(?:{'|'.join(rules.get('suffix', ()))})$")
    short = set(rules.get("short", ()))
    forms: dict[str, tuple[str, str]] = {}
    for row in resources.read_tsv("laws.tsv"):
        for form in (row["name"], *resources.split_list(row.get("aliases", ""))):
            if form in short or (len(form) >= 3 and suffix.search(form)):
                forms.setdefault(form, ("law", _key(form)))
    for key, (name, aliases, bare) in publications().items():
        if bare:
            for form in (name, *aliases):
                forms.setdefault(form, ("pub", _key(form)))
    rx = LiteralPattern(sorted(forms, key=lambda f: (-len(f), f))) if forms else None
    before = re.compile("|".join(f"(?:{p})" for p in rules.get("before", ()))) if rules.get("before") else None
    after = re.compile("|".join(f"(?:{p})" for p in rules.get("after", ()))) if rules.get("after") else None
    renew = re.compile(f"(?:{'|'.join(rules['renew'])})$") if rules.get("renew") else None
    return rx, forms, before, after, renew


def pick_edition(entries: tuple[LawEntry, ...], year: int | None) -> LawEntry | None:
    """The edition a name means in ``year``: the one in force, else the latest before it; None
    when every edition was published after ``year`` (a report cannot cite a later edition)."""
    if not year:
        return max(entries, key=lambda e: (e.end is None, e.start or 0))
    earlier = [e for e in entries if e.start is None or e.start <= year]
    if not earlier:
        return None
    live = [e for e in earlier if e.covers(year)]
    return max(live or earlier, key=lambda e: (e.start or 0, e.end is None))


def lookup(title: str, year: int | None = None) -> LawEntry | None:
    """The catalogue entry a title names, if any."""
    cat = catalogue()
    k = _key(title)
    entries = cat.get(k)
    if entries is None and _AMENDED.search(k):
        k = _AMENDED.sub("", k)
        entries = cat.get(k)
    if entries is None and k.startswith("中华人民共和国"):
        entries = cat.get(k[len("中华人民共和国"):])
    if entries is None:
        return None
    return pick_edition(entries, year)


# ---------------------------------------------------------------- classification


def _has_region_head(title: str) -> bool:
    m = _REGION_HEAD.match(title)
    return bool(m) and not _NOT_REGION.search(m.group())


def classify(title: str) -> tuple[str, str]:
    """('publication'|'skip'|'law', subtype) for an uncatalogued title."""
    core = _TRAILING_NOTE.sub("", title.strip()) or title.strip()
    for kind, rx in class_rules():
        if rx.search(core):
            if kind in ("publication", "skip"):
                return kind, ""
            sub = kind.split(":", 1)[1]
            if sub == "_regulation":
                sub = "local_regulation" if _has_region_head(core) else "administrative_regulation"
            elif sub == "_rule":
                sub = "normative_document" if _has_region_head(core) else "departmental_rule"
            return "law", sub
    return "law", "normative_document"


def _region_alias(title: str, region_path: list[str]) -> str:
    """天津市西青区… for a title starting with 西青区… (the report's own region, short form)."""
    for i, part in enumerate(region_path):
        if i and part and title.startswith(part):
            full = "".join(region_path[:i])
            if not title.startswith(full):
                return full + title
    return ""


# ---------------------------------------------------------------- scanning


def _law_mention(text: str, start: int, end: int, entry: LawEntry) -> Mention:
    aliases = [a for a in entry.aliases if a != entry.name]
    return Mention("Law", text, start, end, entry.name, aliases=aliases,
                   attrs={"subtype": entry.subtype, **({"issuer": entry.issuer} if entry.issuer else {})})


def _relative_region(doc_text: str, s: int, region_path: list[str]) -> str:
    """省《…》 after a citing verb: the report's province (市 -> its city, 区/县 -> its district)."""
    if s < 3 or doc_text[s - 1] != _OPEN:
        return ""
    level = doc_text[s - 2]
    if level not in "省市区县":
        return ""
    cites = bare_rules().get("cite", ())
    head = doc_text[max(0, s - 10):s - 2]
    if not cites or not re.search(f"(?:{'|'.join(cites)})$", head):
        return ""
    ends = {"省": ("省", "自治区"), "市": ("市",), "区": ("区",), "县": ("县", "旗")}[level]
    for i, part in enumerate(region_path):
        if part.endswith(ends):
            return "".join(region_path[:i + 1]) if level in "区县" and i else part
    return ""


def _cited(doc_text: str, s: int, e: int, meta, local: dict[str, Mention]) -> Mention | None:
    raw = doc_text[s:e]
    title = raw.strip()
    k = _key(title)
    if not k:
        return None
    if k in local:  # a short form the report itself introduced (以下简称)
        ref = local[k]
        return Mention(ref.type, raw, s, e, ref.name, aliases=list(ref.aliases), attrs=dict(ref.attrs))
    pub = publications().get(k)
    if pub is not None:
        return Mention("Publication", raw, s, e, pub[0], aliases=[a for a in pub[1] if a != pub[0]])
    entry = lookup(title, meta.year)
    if entry is not None:
        # 落实省《“八五”普法规划》: the province's own plan (but 中央和省《…》 names both)
        if entry.subtype == "plan" and s >= 3 and doc_text[s - 3] not in _CONJUNCTIONS:
            rel = _relative_region(doc_text, s, list(meta.region_path))
            if rel:
                cited = pretty(title)
                return Mention("Law", raw, s, e, rel + cited, aliases=[cited], attrs={"subtype": "plan"})
        return _law_mention(raw, s, e, entry)
    return _uncatalogued(doc_text, raw, s, e, meta)


def _uncatalogued(doc_text: str, raw: str, s: int, e: int, meta) -> Mention | None:
    """A title the catalogues do not know: classified by its words, named as cited (with the
    reporting body or region made explicit where the title leaves them implicit)."""
    name = pretty(raw.strip())
    kind, subtype = classify(name)
    if kind == "skip":
        return None
    aliases: list[str] = []
    note = _AMENDED.search(name)
    if note and kind == "law" and note.start() >= 2:  # X（修订）/ X（2022年修正）: the document X
        aliases.append(name)
        name = name[:note.start()]
    if kind == "publication":
        return Mention("Publication", raw, s, e, name, aliases=aliases)
    path = list(meta.region_path)
    if _GENERIC_START.match(name) and meta.bureau and not _RELATIVE.search(meta.bureau) \
            and not _names_issuer(name, meta):
        aliases.append(name)
        name = meta.bureau + name
    else:
        rel = _relative_region(doc_text, s, path)
        lead = _LEVEL_LEAD.match(name)
        if rel and not _has_region_head(name):
            aliases.append(name)
            name = rel + name
            subtype = classify(name)[1]  # 省《安全生产条例》: the province's regulation
        elif lead and _level_region(lead.group(1), path):
            aliases.append(name)  # 自治区贯彻落实…实施方案: the report's own region
            name = _level_region(lead.group(1), path) + name[lead.end(1):]
        else:
            ra = _region_alias(name, path)
            if ra:
                aliases.append(ra)
    surface = pretty(raw) if "\n" in raw else raw
    if surface != name and surface not in aliases:
        aliases.append(surface)
    emb = _EMBEDDED.search(_QUOTES.sub("", name.replace("《", "").replace("》", "")))
    if emb and "《" not in name:
        aliases.append(emb.group("inner"))  # unbracketed embedded title (see _split_embedded)
    return Mention("Law", raw, s, e, name, aliases=aliases, attrs={"subtype": subtype})


#: a title that starts with a bare level word (自治区贯彻落实…, 省关于…, 市2023年…): the report's own
#: province / city / county. The next words must be no part of a name (市场监管…, 区域…).
_LEVEL_LEAD = re.compile(
    r"^(自治区|省|自治州|州|市|县|区)(?=贯彻|落实|关于|推进|加强|深化|全面|进一步|实施|创建|开展|法治|依法|“|\d)"
)
_LEVEL_ENDS = {"自治区": ("自治区",), "省": ("省",), "自治州": ("自治州",), "州": ("州",),
               "市": ("市",), "县": ("县", "旗"), "区": ("区",)}


def _level_region(level: str, path: list[str]) -> str:
    """The report's region of that level, qualified as far as the region path goes (省/市: the
    part itself; 县/区: the path down to it)."""
    for i, part in enumerate(path):
        if part.endswith(_LEVEL_ENDS[level]) and not (level == "区" and part.endswith("自治区")):
            return "".join(path[:i + 1]) if level in ("县", "区") and i else part
    return ""


def _names_issuer(title: str, meta) -> bool:
    """Does a year-first title name its region or issuer (2021年法治嘉善建设工作要点,
    2020年度长治市人力资源和社会保障局…清单)? Then it is no generic bureau-internal title."""
    if meta.bureau and meta.bureau in title:
        return True
    for part in meta.region_path:
        if not part:
            continue
        short = regions.short_name(part)
        if part in title or (len(short) >= 2 and short in title):
            return True
    return False


@functools.lru_cache(maxsize=1)
def _tail_rx() -> re.Pattern | None:
    """Words after a name that make it part of an event or platform name (《宪法》宣传周)."""
    tails = bare_rules().get("tail", ())
    return re.compile(r"[》”\"]?\s*(?:%s)" % "|".join(tails)) if tails else None


@functools.lru_cache(maxsize=1)
def _backref_words() -> frozenset[str]:
    return frozenset(w for row in bare_rules().get("backref", ()) for w in row.split("|") if w)


def _backref(title: str, before: list[Mention], s: int, e: int) -> Mention | None:
    """《条例》 after 《医疗保障基金使用监督管理条例》: the last cited document of that kind."""
    word = _key(title)
    if word not in _backref_words():
        return None
    for ref in reversed(before):
        if ref.type != "Law":
            continue
        forms = [_TRAILING_NOTE.sub("", f) for f in (ref.name, *ref.aliases)]
        if any(_key(f).endswith(word) and _key(f) != word for f in forms):
            aliases = list(ref.aliases) + ([title] if title not in ref.aliases else [])
            return Mention(ref.type, title, s, e, ref.name, aliases=aliases, attrs=dict(ref.attrs))
    return None


def _bracketed(text: str, meta) -> tuple[list[Mention], list[tuple[int, int]]]:
    out: list[Mention] = []
    local: dict[str, Mention] = {}
    spans = titles(text)
    outer_of: dict[int, Mention] = {}  # closing-bracket index -> mention of the outermost title
    tail = _tail_rx()
    backrefs = _backref_words()
    for s, e in spans:
        if tail is not None and e < len(text) and text[e] == _CLOSE and tail.match(text, e):
            continue  # 《宪法》宣传周: an event's name, not a citation
        k = _key(text[s:e])
        if k in backrefs and k not in local:
            m = _backref(text[s:e], out, s, e)
            if m is None:
                continue  # 《条例》 with nothing it could refer to
        else:
            m = _cited(text, s, e, meta, local)
        if m is None:
            continue
        out.append(m)
        close = e  # text[e] is the closing bracket of a 《》 title
        if close < len(text) and text[close] == _CLOSE:
            prev = outer_of.get(close)
            if prev is None or (prev.end - prev.start) < (m.end - m.start):
                outer_of[close] = m
    for close, m in list(outer_of.items()):
        notice = _notice_of(text, close, m)
        if notice is not None:  # 《X》的通知（文号）: the notice is cited too, and takes the number
            out.append(notice)
            outer_of[close + len(_NOTICE.match(text, close + 1).group())] = notice
            del outer_of[close]
    for close, m in outer_of.items():
        rest = text[close + 1: close + 80]
        no = _DOC_NO.match(rest)
        if no and m.type == "Law":
            m.attrs["doc_number"] = _DOC_NO_YEAR.sub(r"〔\1〕", re.sub(r"\s+", "", no.group("no")))
            rest = rest[no.end():]
        ab = _ABBR.match(rest)
        if ab:
            abbr = ab.group("abbr").strip()
            if abbr and _key(abbr) != _key(m.name):
                if abbr not in m.aliases:
                    m.aliases.append(abbr)
                local.setdefault(_key(abbr), m)
    # a short form can be cited before the loop saw its definition only if defined later: re-resolve
    if local:
        for i, m in enumerate(out):
            k = _key(m.text)
            ref = local.get(k)
            if ref is not None and ref is not m and m.name != ref.name and m.name == pretty(m.text):
                out[i] = Mention(ref.type, m.text, m.start, m.end, ref.name, aliases=list(ref.aliases),
                                 attrs=dict(ref.attrs))
    out.extend(_split_embedded(out, meta))
    _merge_editions(out)
    covered = [(s - 1, e + 1) for s, e in spans] + [(m.start, m.end) for m in out]
    return out, covered


#: the notice word after a closing 》 (《X》的通知): the writer cited the notice that issued X
_NOTICE = re.compile(r"的(?:通知|决定|意见|批复|公告|通告)")
_NOTICE_CUE = re.compile(r"精神|要求|规定|部署")


def _notice_of(text: str, close: int, m: Mention) -> Mention | None:
    """《X》的通知 followed by a 文号 or by 精神/要求: the notice, named X的通知 (inner 《》 kept)."""
    if m.type != "Law" or close >= len(text) or text[close] != _CLOSE:
        return None
    word = _NOTICE.match(text, close + 1)
    if word is None:
        return None
    after = text[word.end(): word.end() + 40]
    if not (_DOC_NO.match(after) or _NOTICE_CUE.match(after)):
        return None
    name = pretty(text[m.start:close]) + word.group()
    return Mention("Law", text[m.start:word.end()], m.start, word.end(), name,
                   aliases=[], attrs={"subtype": "normative_document"})


#: a year's own document (湟中区2024年法治政府建设工作要点): known by the notice that issues it
_YEARLY = re.compile(r"\d{4}\s*年")


def _split_embedded(found: list[Mention], meta) -> list[Mention]:
    """关于印发X的通知 with X written without brackets: X is a document of its own when it is
    catalogued, or names its region or issuer and is no year's plan (阳城县创建…实施方案); else
    (湟中区2024年…工作要点, 理论学习中心组2023年学习计划) X stays an alias of the notice."""
    out = []
    for m in found:
        if m.type != "Law" or "《" in m.name:
            continue
        emb = _EMBEDDED.search(m.name)
        if emb is None:
            continue
        inner = emb.group("inner")
        at = m.text.find(inner)
        if at < 0 or len(inner) < 4:
            continue
        entry = lookup(inner, meta.year)
        kind, subtype = classify(inner)
        if entry is None and (kind != "law" or _YEARLY.search(inner)
                              or not (_has_region_head(inner) or _names_issuer(inner, meta))):
            continue
        if inner in m.aliases:
            m.aliases.remove(inner)
        s = m.start + at
        sub = _law_mention(inner, s, s + len(inner), entry) if entry is not None else \
            Mention("Law", inner, s, s + len(inner), inner, aliases=[], attrs={"subtype": subtype})
        out.append(sub)
    return out


def _merge_editions(mentions: list[Mention]) -> None:
    """《X（2022年版）》 and 《X》 in one report are one document: the bare form takes the fuller name."""
    full: dict[str, Mention] = {}
    for m in mentions:
        if m.type != "Law" or "issuer" in m.attrs:
            continue
        base = _TRAILING_NOTE.sub("", m.name)
        if base != m.name and base:
            full.setdefault(_key(base), m)
            if base not in m.aliases:
                m.aliases.append(base)
    for m in mentions:
        if m.type != "Law" or "issuer" in m.attrs:
            continue
        ref = full.get(_key(m.name))
        if ref is not None and ref is not m:
            if m.name not in ref.aliases:
                ref.aliases.append(m.name)
            m.name = ref.name
            m.aliases = list(ref.aliases)
            m.attrs = {**ref.attrs, **{k: v for k, v in m.attrs.items() if k == "doc_number"}}


def _bare(text: str, meta, covered: list[tuple[int, int]]) -> list[Mention]:
    rx, forms, before, after, renew = _bare_matcher()
    if rx is None:
        return []
    masked = _mask(text, covered)
    out = []
    tail_rx = _tail_rx()
    for m in rx.finditer(masked):
        s, e = m.start(), m.end()
        head = masked[max(0, s - 8):s]
        tail = masked[e:e + 8]
        start = s
        if renew is not None:
            r = renew.search(head)
            if r:
                start = s - (len(head) - r.start())
                head = masked[max(0, start - 8):start]
        if before is not None and before.search(head):
            continue
        if after is not None and after.match(tail):
            continue
        if tail_rx is not None and tail_rx.match(masked, e):
            continue
        kind, key = forms[m.group()]
        if kind == "pub":
            name, aliases, _ = publications()[key]
            out.append(Mention("Publication", text[start:e], start, e, name, aliases=list(aliases)))
            continue
        entries = catalogue().get(key)
        entry = pick_edition(entries, meta.year) if entries else None
        if entry is None:
            continue
        out.append(_law_mention(text[start:e], start, e, entry))
    return out


def _unbracketed(text: str, meta, covered: list[tuple[int, int]]) -> list[Mention]:
    """Titles cited without 《》 (制定2023年普法工作要点): named like titles in 《》."""
    out = []
    rx = _bare_matcher()[0]
    for s, e in law_titles.unbracketed(_mask(text, covered), meta):
        raw = text[s:e]
        entry = lookup(raw, meta.year)
        if entry is None and rx is not None and any(
                m.end() == len(raw) and law_titles.is_organ(raw[:m.start()]) for m in rx.finditer(raw)):
            continue  # 落实中共中央八项规定: a catalogued document, found by its name alone
        m = _law_mention(raw, s, e, entry) if entry is not None else _uncatalogued(text, raw, s, e, meta)
        lead = law_titles.PROVINCE_LEAD.match(raw)
        province = _level_region("自治区" if raw.startswith("自治区") else "省", list(meta.region_path))
        if m is not None and lead and entry is None and m.name.startswith(lead.group()):
            if not province:
                continue
            m.aliases.append(m.name)  # 执行省安全生产条例: the report's province
            m.name = province + m.name[1 if raw.startswith("省") else 3:]
            m.attrs["subtype"] = classify(m.name)[1]
        if m is not None and m.type == "Law":
            out.append(m)
    out.extend(_split_embedded(out, meta))
    return out


@functools.lru_cache(maxsize=4)
def _publication_patterns(words: tuple[str, ...], verbs: tuple[str, ...]):
    """(words before + quoted publication word, the quoted word alone, the verbs) compiled once."""
    quoted = r"[“\"](?:%s)[”\"]" % "|".join(words)
    return (re.compile(r"([\u4e00-\u9fff]{2,14})(%s)" % quoted), re.compile(quoted),
            re.compile("|".join(verbs)) if verbs else None)


def _quoted_publications(text: str, covered: list[tuple[int, int]]) -> list[Mention]:
    """环保业务“一本通”: a quoted publication word named by the words before it."""
    rules = bare_rules()
    words, verbs = rules.get("pubword", ()), rules.get("pubverb", ())
    if not words:
        return []
    rx, quoted_word, verb_rx = _publication_patterns(words, verbs)
    if not quoted_word.search(text):
        return []  # every match holds a quoted publication word: none written, none to find
    out = []
    for m in rx.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        head = m.group(1)
        if verb_rx is not None:
            cuts = [v.end() for v in verb_rx.finditer(head)]
            if cuts:
                head = head[cuts[-1]:]
        if not 2 <= len(head) <= 10:
            continue
        word = m.group(2)[1:-1]
        start = m.end(1) - len(head)
        surface = text[start:m.end()]
        out.append(Mention("Publication", surface, start, m.end(), head + word, aliases=[surface, word]))
    return out


def extract(doc: Doc) -> list[Mention]:
    text = doc.text
    meta = meta_of(doc)
    found, covered = _bracketed(text, meta)
    plain = _unbracketed(text, meta, covered)
    found.extend(plain)  # a law named inside such a title is still cited (制定2023年民法典宣传方案)
    for s, e in law_titles.implementing(text):  # 西藏自治区实施《…野生动物保护法》办法: one document
        m = _uncatalogued(text, text[s:e], s, e, meta)
        if m is not None and m.type == "Law":
            found.append(m)
    found.extend(_bare(text, meta, covered))
    found.extend(_quoted_publications(text, covered))
    for m in found:
        if m.type == "Law":
            surface = m.text.strip()
            if surface.startswith("新") and surface[1:] and surface not in m.aliases:
                m.aliases.append(surface)
    return found


def lexicon():
    words = set()
    for key, entries in catalogue().items():
        for e in entries:
            words.add(e.name)
            words.update(a for a in e.aliases if len(a) >= 3 and "“" not in a)
    for name, aliases, _ in publications().values():
        words.add(name)
        words.update(aliases)
    return sorted(w for w in words if 3 <= len(w) <= 30)


register(COMPONENT, extract)
