"""Figures: the numbers a report gives of its body's work, typed and normalised.

A small grammar, applied in one pass of compiled regular expressions over the text:

- **figure** = [qualifier] number [余|多] [万|亿] unit [左右|以上|以下|内]
  (``罚款72万余元``, ``近1000余家``, ``百分之九十五``, ``20个工作日内``); the number is Arabic
  (thousands separators, decimals) or Chinese (:mod:`fazhigraph.numbers`), the unit one of
  ``ontology/figures.units.tsv`` (counting classifiers, 元, %, durations, physical units);
- **zero** = 无|未发生 … counted noun (``2024年我局无行政复议案件发生``), counted noun 为零,
  … 清零, …率为零, 零发生 (``ontology/figures.zero.tsv``);
- **not a figure**: years and dates (年/月/日 are no units), ordinals (第…, …届), ranks (排名第4),
  numbers in 《titles》 or quoted names (“四个意识”, 三项制度: ``ontology/figures.lexicon.tsv``),
  document numbers, rules and targets (自…之日起7个工作日内, 不少于两人);
- **measure**: the cues of ``ontology/figures.cues.tsv`` read in the figure's clause (see there),
  else the measure of the figure before it in the sentence (the parts of a total), else 其他;
  concepts of ``ontology/measures.ttl``;
- **period**: the last period phrase of the sentence before the figure (2020年至今, 2023年以来,
  2016—2020年, 近三年, 今年以来), else a year that opens the paragraph, else the report year.
  A figure dated after the report year is a plan, not a figure, and is dropped.

The component stores :class:`~fazhigraph.model.Figure` objects in ``doc._.fz_figures`` and
returns no entity mentions (figures are observations, not linked entities).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from .. import resources
from ..model import Figure
from ..numbers import CN_CHARS, NUMBER, NumberError, format_decimal, is_chinese, parse_number
from . import meta_of, register

COMPONENT = "fazhi_figures"

if not Doc.has_extension("fz_figures"):
    Doc.set_extension("fz_figures", default=None)

_CLAUSE_END = "，,。；;：:！？!?\n"
_SENT_END = "。；;！？!?\n"
_CLAUSE_RE = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_SENT_RE = re.compile(f"[{re.escape(_SENT_END)}]")
_NEWLINE = re.compile("\n")
_TITLE = re.compile(r"《[^《》\n]{0,100}》")
_OPEN_QUOTES = "“\"‘'「『"
_CLOSE_QUOTES = "”\"’'」』"
_APPROX_PRE = {"约": "about", "大约": "about", "近": "about", "将近": "about", "接近": "about",
               "超过": "over", "超": "over", "逾": "over", "不到": "under", "不足": "under"}
_APPROX_POST = {"左右": "about", "以上": "over", "以下": "under", "以内": "under", "内": "under"}


@dataclass(frozen=True)
class _Unit:
    unit: str
    kind: str
    not_before: re.Pattern | None


@dataclass(frozen=True)
class _Cue:
    concept: str
    tier: int
    kinds: frozenset[str]  # empty: all
    pattern: re.Pattern


@functools.lru_cache(maxsize=1)
def units() -> dict[str, _Unit]:
    return {r["surface"]: _Unit(r["unit"], r["kind"], re.compile(f"(?:{r['not_before']})") if r["not_before"] else None)
            for r in resources.read_tsv("figures.units.tsv")}


@functools.lru_cache(maxsize=1)
def cues() -> tuple[_Cue, ...]:
    return tuple(_Cue(r["concept"], int(r["tier"]), frozenset() if r["kinds"] == "*" else frozenset(r["kinds"].split()),
                      re.compile(r["pattern"])) for r in resources.read_tsv("figures.cues.tsv"))


@functools.lru_cache(maxsize=1)
def lexicon_words() -> dict[str, tuple[str, ...]]:
    return resources.grouped("figures.lexicon.tsv", "kind", "word")


def _words(kind: str) -> tuple[str, ...]:
    return lexicon_words().get(kind, ())


@functools.lru_cache(maxsize=1)
def zero_units() -> dict[str, str]:
    return {r["noun"]: r["unit"] for r in resources.read_tsv("figures.zero.tsv")}


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def _first(chars, classes: str = "") -> str:
    """A lookahead for the characters every match starts with (``classes``: e.g. ``\\d``, any
    Unicode digit as in NUMBER): the same matches, but a position that cannot start one is left
    at once instead of trying each alternative there."""
    return rf"(?=[{re.escape(''.join(sorted(set(chars))))}{classes}])"


@functools.lru_cache(maxsize=1)
def figure_pattern() -> re.Pattern:
    pre = _alt(_APPROX_PRE)
    post = _alt(_APPROX_POST)
    return re.compile(
        _first([w[0] for w in _APPROX_PRE] + ["百", *CN_CHARS], r"\d") +  # pre, 百分之, NUMBER
        rf"(?:(?P<pre>{pre})\s?)?"
        rf"(?:百分之(?P<pnum>[{CN_CHARS}]+|\d+(?:\.\d+)?)"
        rf"|(?P<num>{NUMBER})\s?(?P<more>余|多)?(?P<mag>[万亿](?=\s?(?:{_alt(units())})))?\s?(?P<unit>{_alt(units())}))"
        rf"(?P<post>{post})?"
    )


@functools.lru_cache(maxsize=1)
def zero_pattern() -> re.Pattern:
    nouns = _alt(zero_units())
    stop = "，,。；;、：:\n"
    return re.compile(
        _first(["无", "没", "未", *(w[0] for w in zero_units()), "清", "率", "零"]) + "(?:"
        rf"(?P<neg>无|没有|未发生|未出现|未收到|未有)(?P<mid>[^{stop}]{{0,14}}?)(?P<noun>{nouns})(?:发生|出现|产生)?(?=[{stop}）)]|$)"
        rf"|(?P<znoun>{nouns})(?:数量|数)?(?:均|都|也)?(?:为|是)(?:零|0)(?![\d.%])"
        rf"|(?P<clear>清零)"
        rf"|(?P<rate>率)(?:为|是|保持|均为|保持为)(?:零|0)(?![\d.%])"
        rf"|零(?P<zw>发生|投诉|事故|败诉|纠错)"
        ")"
    )


@functools.lru_cache(maxsize=1)
def _cleared_noun() -> re.Pattern:
    """The counted noun a 清零 statement ends with (黑臭水体动态清零), read right to left."""
    return re.compile(rf"(?P<noun>{_alt(zero_units())})(?:动态|全面|全部|基本)?$")


@functools.lru_cache(maxsize=1)
def period_pattern() -> re.Pattern:
    y = r"(?:19|20)\d{2}"
    n = rf"[{CN_CHARS}\d]+"
    return re.compile(
        _first("12今全年本当近“十") + "(?:"  # the first characters of the alternatives below
        rf"(?P<a>{y})年?(?:[—–\-~～至到])(?P<b>{y})年"
        rf"|(?P<since>{y})年?(?:以来|至今|起至今)"
        rf"|(?P<one>{y})年(?!\d)"
        rf"|(?P<cur>今年以来|今年|全年|年内|本年度|当年)"
        rf"|近(?P<n>{n})年"
        rf"|“?(?P<fy>十三五|十四五|十五五)”?(?:期间|时期|以来)"
        ")"
    )


#: A year right after these is the base of a comparison (较2022年增长20%), not the period.
_COMPARED = re.compile(r"(?:较|比|与|同比|相比|对比)$")
#: A year that opens a paragraph (2023年，…): the period of the paragraph's figures.
_PARA_YEAR = re.compile(r"\s*((?:19|20)\d{2})年度?[，,]")
_FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


@functools.lru_cache(maxsize=1)
def _guards() -> dict[str, re.Pattern]:
    def rx(kind: str) -> re.Pattern:
        return re.compile(_alt(_words(kind)) or r"(?!)")

    return {k: rx(k) for k in ("slogan_head", "name_head", "idiom", "rank", "target", "rule", "public", "internal")}


@functools.lru_cache(maxsize=1)
def _zero_subject() -> re.Pattern:
    return re.compile(rf"(?:{_alt(_words('zero_subject'))})$")


class _Text:
    """Per-report lookups made in one pass each: clause and sentence bounds, title spans, periods."""

    def __init__(self, text: str, year: int | None) -> None:
        self.text = text
        self.year = year
        self.clause = [m.start() for m in _CLAUSE_RE.finditer(text)]
        self.sent = [m.start() for m in _SENT_RE.finditer(text)]
        self.para = [m.start() for m in _NEWLINE.finditer(text)]
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
        self.t_start = [a for a, _ in titles]
        self.t_end = [b for _, b in titles]
        self.periods: list[tuple[int, tuple[int, int]]] = []
        for m in period_pattern().finditer(text):
            if not self.in_title(m.start()) and not _COMPARED.search(text, max(0, m.start() - 2), m.start()):
                p = self._period(m)
                if p:
                    self.periods.append((m.start(), p))
        self.p_pos = [p for p, _ in self.periods]

    def untitled(self, a: int, b: int) -> str:
        """text[a:b] with the contents of 《titles》 left out (a title's words are not cues)."""
        i = bisect.bisect_right(self.t_end, a)
        if i >= len(self.t_start) or self.t_start[i] >= b:
            return self.text[a:b]
        parts, pos = [], a
        while i < len(self.t_start) and self.t_start[i] < b:
            parts.append(self.text[pos:max(pos, self.t_start[i])])
            pos = max(pos, self.t_end[i])
            i += 1
        parts.append(self.text[pos:b] if pos < b else "")
        return "《》".join(parts)

    def in_title(self, pos: int) -> bool:
        i = bisect.bisect_right(self.t_start, pos) - 1
        return i >= 0 and pos < self.t_end[i]

    @staticmethod
    def _bounds(marks: list[int], pos: int, n: int) -> tuple[int, int]:
        i = bisect.bisect_left(marks, pos)
        return (marks[i - 1] + 1 if i else 0), (marks[i] if i < len(marks) else n)

    def clause_of(self, pos: int) -> tuple[int, int]:
        return self._bounds(self.clause, pos, len(self.text))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self._bounds(self.sent, pos, len(self.text))

    def _period(self, m: re.Match) -> tuple[int, int] | None:
        year = self.year
        if m.group("a"):
            return int(m.group("a")), int(m.group("b"))
        if m.group("since"):
            return int(m.group("since")), max(year or 0, int(m.group("since")))
        if m.group("one"):
            return int(m.group("one")), int(m.group("one"))
        if not year:
            return None
        if m.group("cur"):
            return year, year
        if m.group("n"):
            try:
                k = int(parse_number(m.group("n")))
            except NumberError:
                return None
            return (year - k + 1, year) if 0 < k < 30 else None
        a, b = _FIVE_YEAR[m.group("fy")]
        return a, min(b, year) if year >= a else b

    def period_at(self, pos: int) -> tuple[int, int] | None:
        """The period a figure at ``pos`` covers (None: the report year)."""
        s0 = self.sentence_of(pos)[0]
        i = bisect.bisect_left(self.p_pos, pos) - 1
        if i >= 0 and self.p_pos[i] >= s0:
            return self.periods[i][1]
        p0 = self._bounds(self.para, pos, len(self.text))[0]
        m = _PARA_YEAR.match(self.text[p0:p0 + 12])
        if m:
            return int(m.group(1)), int(m.group(1))
        return None


def _accept_number(t: _Text, m: re.Match, num: str, unit: str) -> bool:
    """Whether a number-with-unit match is a figure (the grammar's exclusions)."""
    text = t.text
    s, ue = m.start("num"), m.end("unit")
    before = text[s - 1] if s else ""
    after = text[ue:ue + 8]
    g = _guards()
    if before == "第" or before == "届" or (before and (before.isascii() and (before.isalnum() or before in ".-/·×*#:"))):
        return False
    if before in "·×" or t.in_title(s):
        return False
    u = units()[unit]
    if u.not_before is not None and u.not_before.match(after):
        return False
    if g["name_head"].match(after):
        return False
    if g["rank"].search(text[max(0, s - 4):s]) or g["target"].search(text[max(0, m.start() - 6):m.start()]):
        return False
    if _quoted(t, m.start(), ue):
        return False  # a quoted name: “两个维护”, “四个意识”
    if g["idiom"].search(text[max(0, s - 3):ue + 3]):
        return False
    if is_chinese(num):
        if num in ("零", "〇"):
            return False  # zeros are read by the zero grammar (零件, 零星 ...)
        if before == "等":
            return False  # 等三项: sums up the items just listed
        if unit == "面":
            return False  # 四面围城, 八面玲珑
        if num == "一" and unit not in ("名", "位", "人"):
            return False  # 一个良好的, 一次性, 一件事, 一支队伍: articles
        if num in ("百", "千", "万", "亿") and not (m.group("more") or m.group("pre")):
            return False  # 千家万户, 百姓
        if g["slogan_head"].match(after) or (after[:1] and after[0] in CN_CHARS) or (after[:1] in _OPEN_QUOTES and after[:1]):
            return False  # 三项制度, 四面八方, 三个“一号工程”
    if u.kind == "time":
        c0, c1 = t.clause_of(s)
        if g["rule"].search(text[c0:c1]):
            return False  # a time limit quoted from a rule
    return True


def _quoted(t: _Text, start: int, end: int) -> bool:
    """Whether text[start:end] opens a quoted name (a quote right before it, closed soon after)."""
    text = t.text
    q = text[start - 1] if start else ""
    if not q or q not in _OPEN_QUOTES:
        return False
    if q in "\"'":  # ASCII quotes open and close alike: opening if an even number came before
        s0 = t.sentence_of(start)[0]
        if text.count(q, s0, start - 1) % 2:
            return False
    return any(c in text[end:end + 8] for c in _CLOSE_QUOTES)


def _value(m: re.Match) -> tuple[str, str, str, str] | None:
    """(value, unit, kind, approx) of a figure match, or None if its number does not parse."""
    try:
        if m.group("pnum") is not None:
            return format_decimal(parse_number(m.group("pnum"))), "%", "rate", _approx(m)
        v = parse_number(m.group("num").replace(" ", ""))
    except NumberError:
        return None
    if m.group("mag"):
        v *= 10_000 if m.group("mag") == "万" else 100_000_000
    u = units()[m.group("unit")]
    return format_decimal(v), u.unit, u.kind, _approx(m)


def _approx(m: re.Match) -> str:
    if m.group("pre"):
        return _APPROX_PRE[m.group("pre")]
    if m.group("pnum") is None and m.group("more"):
        return "over"
    if m.group("post"):
        return _APPROX_POST[m.group("post")]
    return ""


@functools.lru_cache(maxsize=None)
def _cues_for(tier: int, kind: str) -> tuple[_Cue, ...]:
    """The cues of one tier that may classify a figure of ``kind``, in file order."""
    return tuple(c for c in cues() if c.tier == tier and (not c.kinds or kind in c.kinds))


@functools.lru_cache(maxsize=None)
def _cue_gate(tier: int, kind: str) -> re.Pattern:
    """One alternation of those cues: it finds nothing exactly when none of them finds anything
    (the cue patterns have no backreferences, named groups or inline flags; ``test_figures``)."""
    return re.compile("|".join(f"(?:{c.pattern.pattern})" for c in _cues_for(tier, kind)) or r"(?!)")


def _cue_in(text: str, kind: str, tier: int, nearest_end: bool) -> str | None:
    if not _cue_gate(tier, kind).search(text):
        return None  # most clause halves hold no cue: one scan instead of one per cue
    best, best_pos = None, None
    for c in _cues_for(tier, kind):
        if tier == 1:
            if c.pattern.search(text):
                return c.concept
            continue
        for cm in c.pattern.finditer(text):
            pos = cm.end() if nearest_end else -cm.start()
            if best_pos is None or pos > best_pos:
                best, best_pos = c.concept, pos
    return best


def _audience(t: _Text, c0: int, pos: int, concept: str) -> str:
    """学法培训 turns into 普法宣传 when the training is for enterprises or the public."""
    if concept not in ("cadre-study", "staff-training"):
        return concept
    s1 = t.sentence_of(pos)[1]
    window = t.text[c0:s1]
    g = _guards()
    if g["public"].search(window) and not g["internal"].search(window):
        return "publicity-events"
    return concept


def classify(left: str, right: str, kind: str) -> str | None:
    """The measure concept the cues give a figure (None: no cue)."""
    for tier in (1, 2):
        for text, nearest_end in ((left, True), (right, False)):
            got = _cue_in(text, kind, tier, nearest_end)
            if got:
                return got
    return None


@dataclass
class _Cand:
    start: int
    end: int
    num_start: int
    value: str
    unit: str
    kind: str
    approx: str
    left_end: int  # the clause is read up to here ...
    right_start: int  # ... and on from here


def _candidates(t: _Text) -> list[_Cand]:
    out: list[_Cand] = []
    text = t.text
    for m in figure_pattern().finditer(text):
        if m.group("pnum") is None and not _accept_number(t, m, m.group("num").strip(), m.group("unit")):
            continue
        if m.group("pnum") is not None and t.in_title(m.start()):
            continue
        got = _value(m)
        if got is None:
            continue
        value, unit, kind, approx = got
        ns = m.start("pnum") if m.group("pnum") is not None else m.start("num")
        out.append(_Cand(m.start(), m.end(), ns, value, unit, kind, approx, ns, m.end()))
    for m in zero_pattern().finditer(text):
        if t.in_title(m.start()):
            continue
        if m.group("neg"):
            c0 = t.clause_of(m.start())[0]
            head = text[c0:m.start()].strip()
            if head and not _zero_subject().search(head):
                continue
            unit = zero_units()[m.group("noun")]
        start = m.start()
        if m.group("clear") or m.group("rate"):
            c0 = t.clause_of(m.start())[0]
            if m.group("clear"):
                got = _cleared_noun().search(text, max(c0, m.start() - 12), m.start())
                if got is None:
                    continue
                start, unit = got.start(), zero_units()[got.group("noun")]
            else:
                start, unit = max(c0, m.start() - 8), "%"
        elif m.group("znoun"):
            unit = zero_units()[m.group("znoun")]
        elif not m.group("neg"):
            unit = "起" if m.group("zw") in ("发生", "事故") else "件"
        kind = "rate" if unit == "%" else "count"
        out.append(_Cand(start, m.end(), start, "0", unit, kind, "", m.end(), m.end()))
    out.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Cand] = []
    for c in out:  # overlapping readings: the first (longest) wins
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


def figures_of(text: str, year: int | None) -> list[Figure]:
    """Every figure of a (normalized) report text, in text order."""
    t = _Text(text, year)
    out: list[Figure] = []
    prev: tuple[int, str, str] | None = None  # (sentence start, concept, kind) of the last figure
    for c in _candidates(t):
        period = t.period_at(c.num_start)
        if period and year and period[0] > year:
            continue  # a plan for a later year
        c0, c1 = t.clause_of(c.num_start)
        concept = classify(t.untitled(c0, c.left_end), t.untitled(c.right_start, c1), c.kind)
        s0 = t.sentence_of(c.num_start)[0]
        if concept is None and prev and prev[0] == s0 and (prev[2] == "money") == (c.kind == "money") \
                and prev[2] != "env":
            concept = prev[1]
        concept = _audience(t, c0, c.num_start, concept or "other")
        prev = (s0, concept, c.kind)
        ps, pe = period if period else (year, year)
        out.append(Figure(value=c.value, unit=c.unit, measure=concept, start=c.start, end=c.end,
                          text=text[c.start:c.end], approx=c.approx, period_start=ps, period_end=pe))
    return out


def extract(doc: Doc) -> list:
    doc._.fz_figures = figures_of(doc.text, meta_of(doc).year)
    return []


def lexicon():
    return ()


register(COMPONENT, extract)
