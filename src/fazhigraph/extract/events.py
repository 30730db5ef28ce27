"""Event mentions: named days, meetings, campaigns and activities.

Sources, in order of trust:

1. the gazetteer ``ontology/events.tsv`` (real observance days, national meetings, campaigns),
   with coordinated forms expanded (蓝天、碧水、净土保卫战 -> three campaigns);
2. Party congresses and plenary sessions, generated from their numbering (党的二十大,
   二十届二中、三中全会 -> one event per session, with canonical names);
3. quoted names followed by an event head word (“法律进企业”活动, “6.5”环境教育宣传周; heads in
   ``ontology/events.heads.txt``), quoted names in an enumeration closed by 等…活动, quoted
   names that end like an event (“周五环保课堂”, ``ontology/events.quoted.txt``);
4. meetings named in 在……会议上, 市委全面依法治市工作会议 (resolved against the report's region),
   conventions' 缔约方大会, and unquoted 专项行动.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import resources
from ..model import Mention
from . import LiteralPattern, cut_after_last, meta_of, register
from .units import bureau_context, region_name

COMPONENT = "fazhi_events"

_QUOTES = "“”\"「」"
_NUM = "一二三四五六七八九十"
_CN_DIGITS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}


def _cn_number(s: str) -> int | None:
    """十九 -> 19, 二十 -> 20, 二十一 -> 21, 三 -> 3."""
    if not s or any(c not in _NUM for c in s):
        return None
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGITS.get(a, 1) if a else 1
        ones = _CN_DIGITS.get(b, 0) if b else 0
        return tens * 10 + ones
    return _CN_DIGITS.get(s)


def _strip_quotes(s: str) -> str:
    return re.sub(r"[“”\"「」]", "", s)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], LiteralPattern, dict[str, str]]:
    """(written form -> canonical, matcher, quote-free form -> canonical)."""
    forms: dict[str, str] = {}
    for row in resources.read_tsv("events.tsv"):
        name = row["name"]
        for a in [name, *resources.split_list(row["aliases"])]:
            forms.setdefault(a, name)
            if "“" in a:
                forms.setdefault(a.replace("“", '"').replace("”", '"'), name)
    bare = {_strip_quotes(f): n for f, n in forms.items()}
    pat = LiteralPattern(sorted(forms, key=len, reverse=True))
    return forms, pat, bare


@functools.lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern, tuple[str, ...]]:
    heads = sorted(resources.read_lines("events.heads.txt"), key=len, reverse=True)
    quoted_ends = tuple(resources.read_lines("events.quoted.txt"))
    q = r"[“\"]([^“”\"\n]{2,40}?)[”\"]"
    pat = re.compile(q + r"([\u4e00-\u9fff0-9]{0,12}?)(" + "|".join(map(re.escape, heads)) + ")")
    return pat, quoted_ends


_CONGRESS = re.compile(r"(党的|中共)?(十[一二三四五六七八九]?|二十[一二三四五六七八九]?)大(?![学项批类型量力小众多事件会])")
_CONGRESS_FULL = re.compile(r"中国共产党第([一二三四五六七八九十]{1,3})次全国代表大会")
_PLENUM = re.compile(
    r"(党的|中共)?(十[一二三四五六七八九]?|二十[一二三四五六七八九]?)届((?:[一二三四五六七八九]中[、，和及与]?)+)全会"
)
_PLENUM_FULL = re.compile(
    r"中国共产党第([一二三四五六七八九十]{1,3})届中央(委员会|纪律检查委员会)第([一二三四五六七八九十]{1,2})次全体会议"
)
_DISCIPLINE = re.compile(r"(十[一二三四五六七八九]?|二十[一二三四五六七八九]?)届中央纪委([一二三四五六七八九])次全会")
_RULE_OF_LAW_MEETING = re.compile(r"(省|市|区|县|州)委全面依法治(省|市|区|县|州)(?:工作)?会议")
_COP = re.compile(r"(?:联合国)?《?([\u4e00-\u9fff]{2,20}公约)》?第([一二三四五六七八九十]{1,3})次缔约方大会")
_AT_MEETING = re.compile(
    r"在([^，。；、：\s“”\"《》()（）]{6,30}?(?:工作会议|会议|大会|座谈会|推进会|现场会|研讨会|论坛|峰会))上"
)
_AT_MEETING_BAD_START = resources.word_list("events.at_meeting_bad_start")
_AT_MEETING_BAD = resources.word_list("events.at_meeting_bad")
_CAMPAIGN = re.compile(r"([\u4e00-\u9fff]{2,12}?)(专项行动|专项整治行动|专项治理行动|集中整治行动)")
_CAMPAIGN_STOP = resources.word_list("events.campaign_stop")


#: Text every match of a pattern contains (a literal, or a regex with a literal first character
#: that the regex engine finds quickly). Patterns that start with an optional group or a
#: character class are tried at every position of a report; when the text lacks the needle
#: they cannot match, and :func:`_finditer` skips them.
_NEEDS = {
    _CONGRESS: re.compile(r"十[一二三四五六七八九]?大"),
    _PLENUM: "全会",
    _COP: "缔约方大会",
    _CAMPAIGN: re.compile(r"专项(?:整治|治理)?行动|集中整治行动"),
}


def _finditer(pat: re.Pattern, text: str):
    """``pat.finditer(text)``, or nothing at once when ``text`` lacks what every match contains."""
    need = _NEEDS.get(pat)
    if need is not None and (need not in text if isinstance(need, str) else need.search(text) is None):
        return ()
    return pat.finditer(text)


def _congress(n: int) -> str:
    return f"中国共产党第{_num_cn(n)}次全国代表大会"


def _plenum(term: int, session: int, body: str = "中央委员会") -> str:
    return f"中国共产党第{_num_cn(term)}届{body}第{_num_cn(session)}次全体会议"


def _num_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _canonical(name: str, forms: dict[str, str], bare: dict[str, str]) -> str:
    """A gazetteer name when the candidate is one of its forms (“法治讲堂”活动 -> 法治讲堂)."""
    plain = _strip_quotes(name)
    if plain in bare:
        return bare[plain]
    # an activity held on a known day or campaign is that event (“12·4”国家宪法日宣传活动)
    for tail in ("系列宣传活动", "主题宣传活动", "集中宣传活动", "宣传活动", "主题活动", "系列活动", "活动", "服务", "行动"):
        if plain.endswith(tail) and len(plain) > len(tail):
            head = plain[: -len(tail)]
            if head in bare:
                return bare[head]
            if head in forms:
                return forms[head]
    return plain


def extract(doc: Doc) -> list[Mention]:
    text = doc.text
    meta = meta_of(doc)
    forms, gpat, bare = _gazetteer()
    out: list[Mention] = []

    def add(s: int, e: int, name: str) -> None:
        out.append(Mention("Event", text[s:e], s, e, name))

    _known(text, bureau_context(meta), forms, gpat, bare, add)
    _party_meetings(text, add)
    _quoted(text, forms, bare, add)
    _by_pattern(text, meta, bare, add)
    _named_by_year(text, meta, out, add)
    return out


def _known(text: str, ctx, forms: dict[str, str], gpat, bare: dict[str, str], add) -> None:
    """1. The gazetteer, with coordinated campaigns (蓝天、碧水、净土保卫战)."""
    for m in gpat.finditer(text):
        name = forms[m.group(0)]
        if "生态环境" in name and "生态环境" not in m.group(0) and ctx.bureau and not ctx.ecology:
            name = _strip_quotes(m.group(0))  # 执法大练兵 of another sector
        add(m.start(), m.end(), name)
    campaigns = sorted({n[:-3] for n in bare.values() if n.endswith("保卫战") and len(n) == 5})
    if campaigns:
        alt = "|".join(campaigns)
        for m in re.finditer(rf"({alt})((?:[、和及与]?(?:{alt}))+)保卫战", text):
            for part in re.finditer(alt, m.group(0)):
                s, e = m.start() + part.start(), m.start() + part.end()
                add(s, e if e < m.end() - 3 else m.end(), part.group(0) + "保卫战")


def _party_meetings(text: str, add) -> None:
    """2. Party congresses and plenary sessions."""
    for m in _finditer(_CONGRESS, text):
        n = _cn_number(m.group(2))
        if n is None or (not m.group(1) and not 16 <= n <= 25):
            continue
        add(m.start(), m.end(), _congress(n))
    for m in _CONGRESS_FULL.finditer(text):
        add(m.start(), m.end(), m.group(0))
    for m in _finditer(_PLENUM, text):
        term = _cn_number(m.group(2))
        if term is None:
            continue
        parts = list(re.finditer(r"([一二三四五六七八九])中", m.group(3)))
        for i, p in enumerate(parts):
            s = m.start() if i == 0 else m.start(3) + p.start()
            e = m.end() if i == len(parts) - 1 else m.start(3) + p.end()
            add(s, e, _plenum(term, _CN_DIGITS[p.group(1)]))
    for m in _PLENUM_FULL.finditer(text):
        add(m.start(), m.end(), m.group(0))
    for m in _DISCIPLINE.finditer(text):
        term = _cn_number(m.group(1))
        if term:
            add(m.start(), m.end(), _plenum(term, _CN_DIGITS[m.group(2)], "中央纪律检查委员会"))


def _quoted(text: str, forms: dict[str, str], bare: dict[str, str], add) -> None:
    """3. Quoted names (“护苗2019”专项行动, “A”、“B”等活动)."""
    hpat, quoted_ends = _heads()
    for m in hpat.finditer(text):
        q, mid, head = m.group(1), m.group(2), m.group(3)
        if any(c in q for c in "。；\n") or len(q) > 36:
            continue
        if mid == "等" or mid.endswith("等"):
            continue  # “A”、“B”等活动: handled as an enumeration below
        if _strip_quotes(q) in bare:
            name = q  # “全国低碳日”宣传活动: an activity of a known day
        elif m.start() > 0 and text[m.start() - 1] == "以" and mid.startswith("为主题的"):
            name = q + "主题" + head
        elif "为主题" in mid or "的" in mid:
            continue
        else:
            name = q + mid + head
        add(m.start(), m.end(), _canonical(name, forms, bare))
        if not mid and head not in ("活动", "行动"):
            # quoted names right before share the head: “护苗2019”“净网2019”专项行动
            j = m.start()
            while True:
                prev = re.search(r"[“\"]([^“”\"\n]{2,20})[”\"][、和及与]?$", text[max(0, j - 26):j])
                if not prev or any(c in prev.group(1) for c in "。；，"):
                    break
                j -= len(prev.group(0))
                known = _strip_quotes(prev.group(1)) in bare  # “世界环境日”“全国低碳日”宣传活动
                add(j, j + len(prev.group(0).rstrip("、和及与")),
                    _canonical(prev.group(1) if known else prev.group(1) + head, forms, bare))
    for m in re.finditer(r"以[“\"]([^“”\"\n]{2,40})[”\"]为主题的([\u4e00-\u9fff]{0,8}活动)", text):
        add(m.start() + 1, m.end(), m.group(1) + "主题" + m.group(2))
    for m in re.finditer(r"((?:[“\"][^“”\"\n]{2,30}[”\"][\u4e00-\u9fff]{0,8}[、\s]*){2,})等(?:系列|一系列)?(?:主题)?活动", text):
        for item in re.finditer(r"[“\"]([^“”\"\n]{2,30})[”\"]([\u4e00-\u9fff]{0,8})", m.group(1)):
            if item.group(2):
                continue  # “6.5”环境教育宣传周: a quoted name plus a head, found above
            s, e = m.start(1) + item.start(), m.start(1) + item.end()
            add(s, e, _canonical(item.group(1), forms, bare))
    for m in re.finditer(r"[“\"]([^“”\"\n]{2,20})[”\"]", text):
        if m.group(1).endswith(quoted_ends):
            add(m.start(), m.end(), _canonical(m.group(1), forms, bare))


def _by_pattern(text: str, meta, bare: dict[str, str], add) -> None:
    """4. Meetings and campaigns named by pattern."""
    for m in _RULE_OF_LAW_MEETING.finditer(text):
        reg = region_name(meta, m.group(1))
        if reg:
            add(m.start(), m.end(), reg + m.group(0)[1:])
    for m in _finditer(_COP, text):
        add(m.start(), m.end(), f"{m.group(1)}第{m.group(2)}次缔约方大会")
    for m in _AT_MEETING.finditer(text):
        name = m.group(1)
        if name.startswith(_AT_MEETING_BAD_START) or any(b in name for b in _AT_MEETING_BAD):
            continue
        if name in bare or _strip_quotes(name) in bare:
            continue  # a gazetteer meeting, found above
        if _COP.search(name) or _RULE_OF_LAW_MEETING.search(name):
            continue
        add(m.start(1), m.end(1), name)
    for m in _finditer(_CAMPAIGN, text):
        name = m.group(1)
        cut = cut_after_last(name, _CAMPAIGN_STOP)
        name = name[cut:]
        if len(name) < 2:
            continue
        s = m.start(1) + cut
        add(s, m.end(), name + m.group(2))


def _named_by_year(text: str, meta, out: list[Mention], add) -> None:
    """5. Generic words named by the report's year (主题教育), where no event was found."""
    for m in _by_year_pattern().finditer(text):
        if any(o.start <= m.start() < o.end for o in out):
            continue
        if m.start() > 0 and text[m.start() - 1] in _QUOTES:
            continue  # “法治进校园”主题教育活动: a quoted event's head
        if re.match(r"(活动|实践|宣传|读本|专题|成果|工作(?:领导小组|办公室))", text[m.end():m.end() + 6]):
            continue
        name = _by_year_name(m.group(0), meta.year)
        if name:
            add(m.start(), m.end(), name)


@functools.lru_cache(maxsize=1)
def _by_year() -> tuple[tuple[str, int, int, str], ...]:
    rows = []
    for r in resources.read_tsv("events.by_year.tsv"):
        first, _, last = r["years"].partition("-")
        rows.append((r["form"], int(first), int(last or first), r["name"]))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _by_year_pattern() -> re.Pattern:
    forms = sorted({r[0] for r in _by_year()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)) or r"(?!)")


def _by_year_name(form: str, year: int | None) -> str:
    if not year:
        return ""
    for f, first, last, name in _by_year():
        if f == form and first <= year <= last:
            return name
    return ""


def lexicon():
    forms, _, _ = _gazetteer()
    return {_strip_quotes(f) for f in forms if len(_strip_quotes(f)) >= 3}


register(COMPONENT, extract)
