"""Systems recognised by their concept rather than by a surface ending in 制度 (used by systems.py).

Each class reads reference data under ``ontology/``: the roles are ``sys:signalRole`` values of
the scheme ``systems.ttl``, the words around them ``system_context.tsv``:

- **A role seen at work implies its system**: 法律顾问 / 公职律师 doing something in the same
  clause (参与审核, 发挥作用, 听取…意见, 列席会议 ...) or in a purpose clause right after it
  (聘请法律顾问，为…提供法律意见), or retained by the body (聘请…为常年法律顾问, 配备公职律师N名)
  -> 法律顾问制度 / 公职律师制度. A role only counted (新增公职律师1名, 无符合条件的公职律师) or serving others (村居法律顾问,
  企业法律顾问) is no system of the bureau.
- **Unquoted leadership formulas**: a list of role + duty items (主要领导负责抓、分管领导具体抓、
  全局上下齐抓共管) ending in 的…工作格局 / 领导体制和工作机制. The canonical name is the formula
  as written, from its first role to the tail (…的法治建设工作格局).
- **X制 names** after a cue verb, when X ends in a duty verb or a chief of the data
  (表决采取主持人末位表态制, 实行首问负责制, 推行服务承诺制, 推行“链长制”, 网格长制):
  体制, 机制, 编制 ... never qualify.
- **A numbered rule set put in force**: 实行执法程序“四公开”，即… ; 落实“两统一”。 (the object
  before the quote is part of the name; numbered political slogans are not).
- **A region's rule-of-law assessment** named as such: 法治浙江（法治政府）建设考评 (a province or
  city short name after 法治; a bare 法治政府建设考核 is mostly a duty, not a named system).
- **Reforms named as such**: 深化事业单位改革, 推进行政执法体制改革 (a cue verb, an object that ends
  in an institution word, 改革). A scheme reform with a sector in front (农业综合行政执法改革)
  keeps the sector: it is that sector's reform, the scheme concept is its broader.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import resources

_CJK = r"\u4e00-\u9fff"
_CLAUSE_END = "，,。；;！？!?\n：:"


@functools.lru_cache(maxsize=1)
def _context() -> dict[str, tuple[str, ...]]:
    return resources.grouped("system_context.tsv", "kind", "word")


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _clause(text: str, s: int, e: int) -> tuple[int, int]:
    cs = max(text.rfind(ch, 0, s) for ch in _CLAUSE_END) + 1
    ends = [text.find(ch, e) for ch in _CLAUSE_END]
    ce = min((x for x in ends if x >= 0), default=len(text))
    return cs, ce


def role_matches(doc: Doc, roles, in_title, on_chrome) -> list[tuple[int, int, object]]:
    """(start, end, concept) of roles seen at work; ``roles`` holds (role word, concept) pairs."""
    text = doc.text
    ctx = _context()
    work = ctx.get("role_work", ())
    served = ctx.get("role_served", ())
    negs = ctx.get("role_negation", ())
    engaged = ctx.get("role_engaged", ())
    out = []
    for role, concept in roles:
        for m in re.finditer(re.escape(role), text):
            s, e = m.start(), m.end()
            if in_title(text, s) or on_chrome(text, s):
                continue
            cs, ce = _clause(text, s, e)
            before, after = text[cs:s], text[e:ce]
            if not after.strip() and text[ce:ce + 1] in "，,":
                # 聘请法律顾问，为…提供法律意见: a purpose clause right after says what the role does
                ns, ne = _clause(text, ce + 1, ce + 1)
                if text.startswith(ctx.get("role_purpose", ()), ce + 1):
                    after = text[ce + 1:ne]
            if any(before.endswith(w) or before[-4:].find(w) >= 0 for w in served):
                continue  # 村（居）法律顾问, 企业法律顾问: a role serving others
            if any(w in before[-6:] for w in negs):
                continue  # 无符合条件的公职律师
            if not any(w in before or w in after for w in work) and not any(w in before for w in engaged):
                continue  # 新增公职律师1名: counted, not seen at work nor retained
            out.append((s, e, concept))
    return out


@functools.lru_cache(maxsize=1)
def _formula_re() -> re.Pattern:
    ctx = _context()
    duty = _alt(ctx.get("formula_duty", ()))
    tail = _alt(ctx.get("formula_tail", ()))
    item = rf"[{_CJK}]{{0,12}}?(?:{duty})"
    return re.compile(
        rf"(?P<items>{item}(?:[、，,]{item}){{1,7}})(?P<de>的)(?P<mod>[{_CJK}]{{0,8}}?)(?P<tail>{tail})"
    )


@functools.lru_cache(maxsize=1)
def _duty_end_re() -> re.Pattern:
    return re.compile(rf"(?:{_alt(_context().get('formula_duty', ()))})$")


@functools.lru_cache(maxsize=1)
def _tail_re() -> re.Pattern:
    return re.compile(rf"的[{_CJK}]{{0,8}}?(?:{_alt(_context().get('formula_tail', ()))})")


_FORMULA_REACH = 200  # a formula is at most this long before its 的…tail


def _formula_candidates(text: str):
    """Formula matches, the regex run only in a window before each 的…tail (it is costly to try
    at every position of a long report)."""
    last = 0
    for t in _tail_re().finditer(text):
        ws = max(last, t.start() - _FORMULA_REACH)
        m = next((m for m in _formula_re().finditer(text, ws, t.end()) if m.end() == t.end()), None)
        if m is not None:
            last = m.end()
            yield m


def formula_matches(doc: Doc, in_title) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of unquoted leadership formulas."""
    text = doc.text
    ctx = _context()
    starts = ctx.get("formula_actor", ())
    actors = ctx.get("actor", ()) + starts
    duty_re = _duty_end_re()
    out = []
    for m in _formula_candidates(text):
        items = re.split(r"[、，,]", m.group("items"))
        first = items[0]
        pos = [first.find(w) for w in starts if w in first] or [first.find(w) for w in actors if w in first]
        if not pos:
            continue
        cut = min(pos)
        items[0] = first[cut:]
        roles_part = [duty_re.sub("", it) for it in items]  # 统一领导 holds 领导: look before the duty
        if sum(1 for it in roles_part if any(a in it for a in actors)) < 2 or in_title(text, m.start()):
            continue
        s = m.start() + cut
        out.append((s, m.end(), text[s:m.end()]))
    return out


@functools.lru_cache(maxsize=1)
def _reform_re() -> re.Pattern:
    ctx = _context()
    cue = _alt(ctx.get("reform_cue", ()))
    obj = _alt(ctx.get("reform_object", ()))
    after = _alt(ctx.get("reform_not_after", ()))
    return re.compile(rf"(?:{cue})(?P<x>[{_CJK}]{{0,10}}?(?:{obj}))改革(?!{after})")


def reform_matches(doc: Doc, in_title, generic) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of reforms named as such (深化事业单位改革)."""
    text = doc.text
    out = []
    for m in _reform_re().finditer(text):
        x = m.group("x")
        if in_title(text, m.start()) or generic(x):
            continue
        out.append((m.start("x"), m.end(), x + "改革"))
    return out


def sector_prefix(text: str, start: int, sectors: frozenset[str]) -> int:
    """Start of a sector word written right before ``start`` (农业|综合行政执法改革), else ``start``."""
    for n in range(6, 1, -1):
        if start - n >= 0 and text[start - n:start] in sectors:
            return start - n
    return start


@functools.lru_cache(maxsize=1)
def _zhi_re() -> re.Pattern:
    ctx = _context()
    cue = _alt(ctx.get("zhi_cue", ()))
    verb = _alt(ctx.get("zhi_verb", ()))
    return re.compile(rf"(?:{cue})(?P<q>“)?(?P<x>[{_CJK}]{{0,8}}?(?:{verb}))制(?(q)”)(?=[^{_CJK}]|[和及与等的]|$)")


def zhi_matches(doc: Doc, in_title) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of unquoted X制 names after a cue verb (末位表态制)."""
    text = doc.text
    not_x = _context().get("zhi_not", ())
    out = []
    for m in _zhi_re().finditer(text):
        x = m.group("x")
        if in_title(text, m.start()) or len(x) < (2 if x.endswith("长") else 3) or "的" in x or x in not_x:
            continue  # 服务制 is too short to name a system (链长制 is not); 党委领导下的…负责制 is a clause
        out.append((m.start("q") if m.group("q") else m.start("x"), m.end(), x + "制"))
    return out


_ASSESSMENT = re.compile(
    rf"法治(?P<x>[{_CJK}]{{2,3}}?)(?:[（(]法治政府[）)])?建设(?:考核评价|考评|考核)(?!责任|分解|办法|细则|方案|指标|工作)"
)


def assessment_matches(doc: Doc, in_title) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of a region's rule-of-law assessment named as such:
    法治浙江（法治政府）建设考评, 法治杭州建设考核 (a province or city short name after 法治)."""
    from .. import regions

    text = doc.text
    out = []
    for m in _ASSESSMENT.finditer(text):
        if in_title(text, m.start()):
            continue
        if not any(r.level <= 2 and r.short == m.group("x") for r in regions.lookup(m.group("x"))):
            continue
        out.append((m.start(), m.end(), m.group()))
    return out


@functools.lru_cache(maxsize=1)
def _numbered_re() -> re.Pattern:
    cue = _alt(_context().get("numbered_cue", ()))
    return re.compile(
        rf"(?:{cue})(?P<q>[{_CJK}]{{0,6}}?)(?P<body>“[一二三四五六七八九十两双]+[个项张]?[{_CJK}、]{{1,8}}?”)(?=[，,。；;]|即)"
    )


@functools.lru_cache(maxsize=1)
def _cue_words() -> tuple[str, ...]:
    return tuple(sorted(resources.read_lines("system_cues.txt"), key=len, reverse=True))


def _strip_cues(q: str) -> str:
    """``q`` without the cue words it starts with (健全, 了: no part of a name)."""
    while True:
        lead = next((w for w in _cue_words() if q.startswith(w)), "")
        if not lead:
            return q
        q = q[len(lead):]


def numbered_matches(doc: Doc, in_title) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of a numbered rule set put in force as such: 实行执法程序“四公开”，
    即… ; 落实“两统一”。 The object written before the quote is part of the name. Slogans with
    no institutional content (“两个维护”, ``numbered_slogan``) are not."""
    text = doc.text
    slogans = _context().get("numbered_slogan", ())
    out = []
    for m in _numbered_re().finditer(text):
        body = m.group("body").strip("“”")
        if in_title(text, m.start()) or body in slogans:
            continue
        q = _strip_cues(m.group("q"))  # 建立健全“四个一”, 实行了执法程序“四公开”
        s = m.start("body") - len(q)
        out.append((s, m.end(), q + m.group("body")))
    return out
