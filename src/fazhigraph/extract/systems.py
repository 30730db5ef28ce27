"""Systems: named institutional systems and working mechanisms (行政执法三项制度, 年终述法 ...).

Four sources of mentions, in order of trust:

1. **The concept scheme** ``ontology/systems.ttl`` (SKOS): every ``skos:prefLabel``/``skos:altLabel``
   (zh) of a concept that is not a top concept is searched with an Aho-Corasick automaton over
   a *matching view* of the text (quotes and spaces removed, NFKC), so 行政执法“三项制度”,
   "谁执法谁普法"责任制 and 双随机、一公开 all hit their labels. The canonical name is the
   prefLabel; the broader concept's prefLabel goes to ``attrs["broader"]``. A system named as
   a whole and by its parts yields the whole and every part, each a concept of its own.
   Matches are kept longest first; labels of 3 characters or fewer must align with jieba tokens
   (述法 not in 阐述法治); a label inside a phrase of ``system_blocked.txt``, followed by 化
   (制度化), by a count or 活动 (集体学法4次), on a page-chrome or metadata line, or inside a 《》
   title (unless a full ...制度 name, or the duty in 《…第一责任人职责规定》) is dropped. A sector
   right before a scheme reform is kept (农业综合行政执法改革), and further 、 items of a listed
   formula extend it (马上办、…、一次办、自助办); the scheme concept becomes ``broader``.
2. **Quoted names** with a system head: “四个亲自”工作机制, “综合查一次”模式,
   “集中学习+自主研学”双轨模式, “…”的工作格局, “证照分离”改革, “常态化+专题化”学习体系. The
   canonical name keeps the Chinese quotes; a 的 and the words after it before the head are dropped
   (“X”的闭环工作格局 -> “X”工作格局), but a verb phrase before 的 is kept (“线上线下”齐发力的宣传机制). Rejected after a negation (摒弃“一言堂”模式), and a
   “…”工作格局 must assign roles (领导, 科室 ...: ``system_context.tsv``).
3. **Unquoted X制度** (监管对象分类管理制度, 请示汇报制度): the name starts after the last cue
   word (``system_cues.txt``: 落实, 健全, 严格 ...) or after a scheme match joined by 和/及/与;
   names with a generic head (``system_generic.txt``: 相关制度, 依法行政制度) or followed by a
   word of ``system_context.tsv`` (制度保障, 制度机制) are dropped.
   Lists before one head (领导干部集体学法、带头讲法、年终述法等制度; 法律顾问、公职律师制度) give
   one system per item, up to _MAX_LIST characters (、 inside quotes does not split). A body
   before a short form of a scheme system keeps the coined name (理论学习中心组集体学法制度).
   Unquoted 机制/体系/模式/责任制 names come from the scheme only: in reports they are mostly
   aims (建立长效机制, 完善执法体系), not named systems.
4. **Concepts without their name** (``system_formulas.py``): a role at work (``sys:signalRole``
   of the scheme: 法律顾问参与审核 -> 法律顾问制度), unquoted leadership formulas (主要领导负责抓、
   分管领导具体抓…的工作格局), X制 after a cue (主持人末位表态制), a numbered rule set put in
   force (实行执法程序“四公开”，即…), a region's assessment
   (法治浙江（法治政府）建设考评) and reforms named as such (深化事业单位改革).

Pattern matches never override a scheme match they overlap.
"""
from __future__ import annotations

import bisect
import functools
import re

from spacy.tokens import Doc

from .. import resources
from ..model import Mention
from . import register, token_ends, token_offsets, token_starts
from . import system_formulas as formulas
from .system_scheme import BLOCKED, Concept, automaton, concepts, label_index, matching_view, view_key

COMPONENT = "fazhi_systems"

_SHORT = 3  # labels this short must align with tokens
#: label endings that a cited title names as a system: 《推行行政执法公示制度…方案》,
#: 《党政主要负责人履行推进法治建设第一责任人职责规定》 (the report implements the duty it sets)
_TITLE_NAMES = {"制度": "", "责任人职责": "规定》"}  # ending -> what must follow it in the title


def _title_names_system(key: str, view: str, ve: int) -> bool:
    """Does a label inside a 《》 title name the system? A full …制度 name does; a duty does only
    in the regulation that sets it (《…第一责任人职责规定》, not a local 《…职责工作清单》)."""
    return any(key.endswith(end) and view.startswith(after, ve) for end, after in _TITLE_NAMES.items())

_CJK = r"\u4e00-\u9fff"
_QUOTED = re.compile(
    rf"(?P<q>“(?P<body>[^“”\"\n《》]{{2,40}}?)”|\"(?P<abody>[^“”\"\n《》，]{{2,40}}?)\")(?:(?P<de>的)|(?P<pre>[{_CJK}]{{1,4}}?的))?(?P<mod>[{_CJK}]{{0,4}}?)"
    r"(?P<head>工作机制|工作格局|工作体系|工作法|机制|制度|模式|格局|责任制|改革|体系)"
)
#: a quoted “X”Y的Z机制 is no name when Y holds a head (“放管服”改革的长效机制) or Z is generic
_HEADS_IN_PRE = ("改革", "制度", "机制", "模式", "工作", "体系")
_GENERIC_MODS = ("长效", "运行", "保障", "管理", "体制", "工作")
_HEAD = re.compile(r"制度改革|制度|责任制(?!度)|工作机制|机制")
#: heads whose names the pattern may coin (unquoted 机制/责任制 names come from the scheme only)
_COINED_HEADS = ("制度", "制度改革")  # X体制改革: scheme only (深化行政执法体制改革 is an aim)
#: After a label these make it the topic of a regulation's title (…程序暂行条例, …规定, …实施办法).
_LAW_TYPE_AFTER = re.compile(r"(?:暂行|实施)?(?:条例|规定|办法|细则)")
#: a count or 活动 right after a label makes it an activity (集体学法4次, 集体学法活动), not the system
_COUNT_AFTER = re.compile(r"[0-9０-９一二三四五六七八九十两百]+(?:次|场|期|批|轮)|活动")
_JOINERS = ("和", "及", "与", "以及")
_BREADCRUMB = re.compile(r"\S\s*[>＞»›]\s*\S")
_LEFT_STOP = re.compile(rf"[^{_CJK}、+＋“”\"]")
_LIST_SEP = "、"
_MAX_LEFT = 30
_MAX_LIST = 120


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], tuple[str, ...]]:
    words = resources.read_lines("system_cues.txt")
    return frozenset(words), tuple(sorted((w for w in words if len(w) >= 2), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _context() -> dict[str, tuple[str, ...]]:
    return resources.grouped("system_context.tsv", "kind", "word")


@functools.lru_cache(maxsize=1)
def _generic() -> tuple[frozenset[str], tuple[str, ...]]:
    exact, prefix = set(), []
    for ln in resources.read_lines("system_generic.txt"):
        if ln.startswith("="):
            exact.add(ln[1:])
        elif not ln.startswith("~"):
            prefix.append(ln)
    return frozenset(exact), tuple(prefix)


_ORGAN_END = re.compile(r"(?:委员会|办公室|管理局|局|厅|委|部|办)$")


@functools.lru_cache(maxsize=1)
def _sector_names() -> frozenset[str]:
    """Sector words (卫生健康, 住房城乡建设, 住房和城乡建设) and each with a sector suffix
    (``~`` lines of system_generic.txt: 住房城乡建设法规): an X制度 made of one names no system."""
    sectors = _plain_sectors()
    suffixes = [""] + [ln[1:] for ln in resources.read_lines("system_generic.txt") if ln.startswith("~")]
    return frozenset(s + x for s in sectors if len(s) >= 2 for x in suffixes)


@functools.lru_cache(maxsize=1)
def _plain_sectors() -> frozenset[str]:
    """Sector words without suffixes (农业, 生态环境, 交通运输), from departments.tsv."""
    out: set[str] = set()
    for row in resources.read_tsv("departments.tsv"):
        for name in [row["local"], row["province"], *row["aliases"].split("|")]:
            base = _ORGAN_END.sub("", name.strip())
            if len(base) >= 2:
                out.update({base, base.replace("和", "")})
    return frozenset(out)


def _inside_title(text: str, start: int) -> bool:
    """Is ``start`` inside an open 《…》 on the same line?"""
    line_start = text.rfind("\n", 0, start) + 1
    op = text.rfind("《", line_start, start)
    return op >= 0 and text.rfind("》", op, start) < 0


@functools.lru_cache(maxsize=1)
def _field_re() -> re.Pattern:
    """A page-metadata field (主题分类:, 发布机构：): a line with two of them is page chrome."""
    keys = "|".join(map(re.escape, _context().get("field", ())))
    return re.compile(rf"(?:{keys})\s*[:：]")


def _on_chrome_line(text: str, pos: int) -> bool:
    """Is ``pos`` on a page-navigation line (首页 > 政务公开 > …, 当前位置：…)?"""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    return _is_chrome_line(text[ls:le if le >= 0 else len(text)])


@functools.lru_cache(maxsize=4096)
def _is_chrome_line(line: str) -> bool:
    if len(line) <= 120 and not re.search(r"[<《〈]", line) and _BREADCRUMB.search(line):
        return True
    if len(_field_re().findall(line)) >= 2:
        return True  # a metadata line: 生成日期: … 主题分类: 综合政务/政务公开 …
    return line.lstrip().startswith(tuple(_context().get("chrome", ())))


def _mention(doc: Doc, start: int, end: int, concept: Concept | None, name: str, how: str) -> Mention:
    m = Mention("System", doc.text[start:end], start, end, concept.pref if concept else name)
    if concept is not None and concept.broader:
        m.attrs["broader"] = concept.broader
    m.attrs["found_by"] = how
    return m


_OPENQ, _CLOSEQ = "“\"", "”\""


def _balance_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a span by one quote on either side when the quote inside it is left unpaired."""
    span = text[s:e]
    closes = span.count("”")
    ascii_q = span.count('"')
    if (closes > span.count("“") or ascii_q % 2 == 1) and s > 0 and text[s - 1] in _OPENQ:
        s -= 1
        span = text[s:e]
    if (span.count("“") > span.count("”") or span.count('"') % 2 == 1) and e < len(text) and text[e] in _CLOSEQ:
        e += 1
    return s, e


def _token_bounds(doc: Doc) -> tuple[set[int], set[int]]:
    return token_starts(doc), token_ends(doc)


def _scheme_matches(doc: Doc, bounds) -> list[Mention]:
    text = doc.text
    view, idx = matching_view(text)
    starts, ends = bounds
    found = []
    for vend, (key, val) in automaton().iter(view):
        vstart = vend - len(key) + 1
        s, e = idx[vstart], idx[vend] + 1
        found.append((vstart, vend + 1, s, e, key, val))
    # longest first, then leftmost; blocked phrases take their place and are dropped afterwards
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for vs, ve, s, e, key, val in found:
        if any(vs < b and a < ve for a, b in taken):
            continue
        if val is not BLOCKED and len(key) <= _SHORT and (s not in starts or e not in ends):
            continue
        taken.append((vs, ve))
        if val is BLOCKED:
            continue
        if key.endswith(("制度", "制")) and ve < len(view) and view[ve] == "化":
            continue
        if _on_chrome_line(text, s):
            continue
        if not key.endswith(("制度", "机制", "制")) and _COUNT_AFTER.match(view, ve):
            continue  # 中心组集体学法4次: an activity, not the system
        if view.startswith(tuple(_context().get("doc_after", ())), ve) and not key.endswith("组"):
            continue  # 督察要点, 督察组: a document or a team about the system, not the system
        if not key.endswith(("制度", "机制", "制")) and _LAW_TYPE_AFTER.match(view, ve) and \
                not _title_names_system(key, view, ve):
            continue  # 重大行政决策程序暂行条例: a regulation's title written without 《》
        if _inside_title(text, s) and not _title_names_system(key, view, ve):
            continue  # a title that spells out a system (《推行行政执法公示制度…方案》) names it
        s, e = _balance_quotes(text, s, e)
        if val.pref.endswith("制度") and text.startswith("改革", e):
            m = _mention(doc, s, e + 2, None, val.pref + "改革", "scheme+reform")  # 排污许可制度改革
            m.attrs["broader"] = val.pref
            out.append(m)
            continue
        if _LIST_SEP in val.pref:
            more = _list_tail(text, e, val.pref[-1])
            if more > e:  # 马上办、网上办、就近办、一次办、自助办: the formula as the report extends it
                name = view_key(text[s:more])
                m = _mention(doc, s, more, None, name, "scheme+items")
                m.attrs["broader"] = val.pref
                out.append(m)
                continue
        ps = formulas.sector_prefix(text, s, _plain_sectors()) if val.pref.endswith("改革") else s
        if ps < s:  # 农业综合行政执法改革: that sector's reform, the scheme concept its broader
            m = _mention(doc, ps, e, None, text[ps:s] + val.pref, "scheme+sector")
            m.attrs["broader"] = val.pref
            out.append(m)
            continue
        out.append(_mention(doc, s, e, val, val.pref, "scheme"))
    return out


_ITEM = re.compile(rf"、([{_CJK}]{{1,4}})")


def _list_tail(text: str, e: int, last: str) -> int:
    """End of further 、 items after a listed formula that end like its items (…一次办、自助办)."""
    while True:
        m = _ITEM.match(text, e)
        if m is None or not m.group(1).endswith(last):
            return e
        e = m.end()


def _quoted_matches(doc: Doc) -> list[Mention]:
    text = doc.text
    out = []
    for m in _QUOTED.finditer(text):
        body = (m.group("body") or m.group("abody")).strip()
        if any(ch in body for ch in "。；：！？") or _inside_title(text, m.start()) or _on_chrome_line(text, m.start()):
            continue
        mod = m.group("mod")
        if "等" in mod or "和" in mod:
            continue
        ctx = _context()
        before = re.split(r"[，。；：！？,;\n]", text[max(0, m.start() - 15):m.start()])[-1]
        if any(w in before for w in ctx.get("negation", ())):
            continue
        head = m.group("head")
        if head.endswith("格局") and not any(w in body for w in ctx.get("actor", ())):
            continue
        concept = label_index().get(view_key(body + mod + head)) or label_index().get(view_key(body + head))
        if concept is not None:
            name = concept.pref
        elif m.group("pre"):
            # “线上线下”齐发力的宣传机制: the words before 的 say what the named thing does
            if any(h in m.group("pre") for h in _HEADS_IN_PRE) or not mod or mod in _GENERIC_MODS:
                continue
            name = f"“{body}”{m.group('pre')}{mod}{head}"
        elif m.group("de"):
            name = f"“{body}”{head}"
        else:
            name = f"“{body}”{mod}{head}"
        out.append(_mention(doc, m.start(), m.end(), concept, name, "quoted"))
    return out


def _is_cue(tok: str) -> bool:
    words, long_words = _cues()
    return tok in words or tok.startswith(long_words)


#: a 3-character X制度 names a system when X is a post (法制员制度, 联络员制度, 发言人制度)
_POST_ENDS = ("员", "人")


def _generic_name(x: str) -> bool:
    exact, prefix = _generic()
    if x in exact or len(x) < (3 if x.endswith(_POST_ENDS) else 4) or len(x) > 18 or x in _sector_names():
        return True
    if any(p in x for p in prefix):
        return True
    return bool(re.search(r"\d|的|等(?!级|次)|个", x))


def _head_matches(doc: Doc, scheme: list[Mention]) -> list[Mention]:
    """Unquoted names before 制度 (and list items before 制度/机制/责任制)."""
    text = doc.text
    tok_starts, tok_ends = token_offsets(doc)
    scheme_ends = {m.end for m in scheme}
    out = []
    for h in _HEAD.finditer(text):
        hs, he = h.start(), h.end()
        head = h.group()
        if head != "制度改革" and text.startswith(tuple(_context().get("after_head", ())), he):
            continue
        if _on_chrome_line(text, hs):
            continue
        # left window: CJK run (with 、 and quotes) up to _MAX_LEFT chars
        ws = _left_window(text, hs)
        # walk tokens right to left from the head to the first cue
        left = ws
        ti = bisect.bisect_right(tok_starts, hs - 1) - 1
        while ti >= 0 and tok_starts[ti] >= ws:
            t_idx, t_end = tok_starts[ti], tok_ends[ti]
            t_text = text[t_idx:t_end]
            if t_end > hs:  # the token runs into the head (jieba merged it): step over it
                ti -= 1
                continue
            if _is_cue(t_text):
                left = t_end
                break
            if t_text in _JOINERS and (t_idx in scheme_ends or text[max(0, t_idx - 2):t_idx] in ("制度", "机制")
                                       or text[t_idx - 1:t_idx] == "制"):
                left = t_end  # "X制度和Y制度": Y starts after the joiner
                break
            ti -= 1
        if left == ws:  # no cue inside the window: start at a token boundary
            ti = bisect.bisect_left(tok_starts, ws)
            left = tok_starts[ti] if ti < len(tok_starts) and tok_starts[ti] < hs else hs
        span = text[left:hs]
        if not span:
            continue
        items = _split_items(span, head)
        pos = left
        for k, item in enumerate(items):
            s = text.find(item, pos) if item else -1
            if s < 0:
                continue
            pos = s + len(item)
            last = k == len(items) - 1 and not span.endswith("等")
            key = view_key(item)
            concept = label_index().get(view_key(item + head)) or (
                label_index().get(key) if len(items) > 1 else None
            ) or _actor_suffix_concept(view_key(item + head))
            e = he if last else s + len(item)
            if concept is not None:
                out.append(_mention(doc, s, e, concept, concept.pref, "head"))
                continue
            if head not in _COINED_HEADS or _generic_name(key.strip("“”\"")) or _inside_title(text, s):
                continue
            if label_index().get(key) is not None:
                continue  # a scheme label with a stray 制度: the scheme match covers it
            out.append(_mention(doc, s, e, None, item + head, "head"))
    return out


def _actor_suffix_concept(key: str) -> Concept | None:
    """The concept of a label that ends ``key`` after a role only: 主要负责人|法治建设第一责任人制度
    names the duty of the principal leader, not a system of its own."""
    labels = label_index()
    actors = _context().get("actor", ())
    for k in range(2, len(key) - 4):
        c = labels.get(key[k:])
        if c is not None:
            return c if any(a in key[:k] for a in actors) and not re.search(rf"[^{_CJK}]", key[:k]) else None
    return None


def _left_window(text: str, hs: int) -> int:
    """Start of the CJK run (with 、 and quotes) before a head: at most _MAX_LEFT characters
    per list item and _MAX_LIST in all (制定了A、B、“双随机、一公开”监管工作、C等制度)."""
    ws, item_start = hs, hs
    while ws > 0 and hs - ws < _MAX_LIST and not _LEFT_STOP.match(text[ws - 1]):
        if text[ws - 1] == _LIST_SEP:
            item_start = ws - 1
        elif item_start - ws >= _MAX_LEFT:
            break
        ws -= 1
    return ws


def _split_outside_quotes(span: str) -> list[str]:
    """Split on 、 outside quotes: “双随机、一公开”监管工作 is one item."""
    items, depth, cur = [], 0, []
    for ch in span:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        if ch == _LIST_SEP and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return items


def _split_items(span: str, head: str) -> list[str]:
    """List items before one head: 、 always separates; 和/及/与 only after a scheme label
    (法律顾问和公职律师制度), not inside a name (领导班子和工作人员定期学法制度)."""
    listed = _LIST_SEP in span or span.endswith("等")
    items = _split_outside_quotes(span.rstrip("等")) if listed else [span]
    out: list[str] = []
    labels = label_index()
    for it in items:
        parts = re.split(r"(?<=[\u4e00-\u9fff])[和及与](?=[\u4e00-\u9fff])", it, maxsplit=1)
        if len(parts) == 2 and (view_key(parts[0] + head) in labels or view_key(parts[0]) in labels):
            out.extend(parts)
        else:
            out.append(it)
    return out


@functools.lru_cache(maxsize=1)
def _reviews() -> tuple[tuple[re.Pattern, re.Pattern, str, str], ...]:
    return tuple(
        (re.compile(r["object"]), re.compile(r["review"]), r["concept"], r["subsumed_by"])
        for r in resources.read_tsv("system_reviews.tsv")
    )


_SENT_END = "。；！？;!?\n"


def _review_matches(doc: Doc, scheme: list[Mention]) -> list[Mention]:
    """Reviews named by their object: 对规范性文件进行合法性审核, 重大执法决定均经法制审核.

    The mention spans the review word only (the object may hold other entities)."""
    text = doc.text
    named = {m.name for m in scheme}
    light = tuple(sorted(_context().get("light_verb", ()), key=len, reverse=True))
    labels = label_index()
    out = []
    for obj_re, rev_re, pref, subsumed_by in _reviews():
        concept = labels.get(view_key(pref))
        if concept is None or (subsumed_by and subsumed_by in named):
            continue
        for r in rev_re.finditer(text):
            rs = r.start()
            ss = max(text.rfind(ch, 0, rs) for ch in _SENT_END) + 1
            objs = list(obj_re.finditer(text, ss, rs))
            if not objs:
                continue
            o = objs[-1]
            gap = text[o.end():rs]
            if text[o.end():o.end() + 1] in ("、", "和", "及", "与") or "、" in gap or len(gap) > 14:
                continue
            if not any(v in gap for v in light):
                continue
            if _inside_title(text, rs) or _on_chrome_line(text, rs):
                continue
            out.append(_mention(doc, rs, r.end(), concept, concept.pref, "review"))
    return out


@functools.lru_cache(maxsize=1)
def _link_re() -> re.Pattern | None:
    ctx = _context()
    verbs = "|".join(sorted(map(re.escape, ctx.get("link_verb", ())), key=len, reverse=True))
    heads = "|".join(map(re.escape, ctx.get("link_head", ())))
    if not (verbs and heads):
        return None
    return re.compile(rf"(?:{verbs})了?(?P<x>[{_CJK}]{{2,12}}?(?:{heads}))(?:工作)?机制")


def _link_matches(doc: Doc) -> list[Mention]:
    """Unquoted X机制 named with a partner: 与区人民法院建立劳动争议诉裁衔接机制.

    The partner (与/同/会同 …) must come earlier in the clause, the name starts right after
    the verb (建立, 健全 …) and ends in a link word (衔接, 联动, 协作 …) before 机制."""
    text = doc.text
    partners = _context().get("partner", ())
    pat = _link_re()
    if pat is None:
        return []
    tok_starts, tok_ends = token_offsets(doc)
    out = []
    for m in pat.finditer(text):
        cs = max(text.rfind(ch, 0, m.start()) for ch in _SENT_END + "，,") + 1
        # the partner is a word of its own (与, not the 与 of 参与): a token starting in the clause
        lo, hi = bisect.bisect_left(tok_starts, cs), bisect.bisect_left(tok_starts, m.start())
        if not any(text[tok_starts[k]:tok_ends[k]] in partners for k in range(lo, hi)):
            continue
        x = m.group("x")
        if _generic_name(x) or any(ch in x for ch in "与和及") or _inside_title(text, m.start()):
            continue
        s = m.start("x")
        out.append(_mention(doc, s, m.end(), None, x + "机制", "link"))
    return out


def _overlaps(m: Mention, others: list[Mention]) -> bool:
    return any(m.start < o.end and o.start < m.end for o in others)


@functools.lru_cache(maxsize=1)
def _roles() -> tuple[tuple[str, Concept], ...]:
    """(role, concept) pairs of the scheme's sys:signalRole, longest role first."""
    pairs = [(r, c) for c in concepts() for r in c.roles]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _concept_matches(doc: Doc) -> list[Mention]:
    """Systems recognised by their concept (system_formulas.py): roles at work, unquoted
    leadership formulas, X制 names, a region's rule-of-law assessment, reforms named as such."""
    labels = label_index()
    out = []
    for s, e, c in formulas.role_matches(doc, _roles(), _inside_title, _on_chrome_line):
        out.append(_mention(doc, s, e, c, c.pref, "role"))
    for s, e, name in formulas.formula_matches(doc, _inside_title):
        out.append(_mention(doc, s, e, None, name, "formula"))
    for s, e, name in formulas.zhi_matches(doc, _inside_title):
        c = labels.get(view_key(name))
        out.append(_mention(doc, s, e, c, c.pref if c else name, "zhi"))
    for s, e, name in formulas.numbered_matches(doc, _inside_title):
        out.append(_mention(doc, s, e, None, name, "numbered"))
    for s, e, name in formulas.assessment_matches(doc, _inside_title):
        m = _mention(doc, s, e, None, name, "assessment")
        m.attrs["broader"] = "法治建设考核评价体系"
        out.append(m)
    for s, e, name in formulas.reform_matches(doc, _inside_title, _generic_name):
        c = labels.get(view_key(name))
        out.append(_mention(doc, s, e, c, c.pref if c else name, "reform"))
    return out


def _qualified_by_body(doc: Doc, scheme: list[Mention], heads: list[Mention]) -> list[Mention]:
    """A scheme match written as a short form after the body it belongs to (理论学习中心组|集体学法制度)
    gives way to the coined full name: the report names that body's system, not the general one."""
    bodies = _context().get("body_qualifier", ())
    out = []
    for m in scheme:
        longer = next((h for h in heads if h.start < m.start and h.end == m.end and h.attrs.get("found_by") == "head"
                       and not h.attrs.get("broader") and h.name != m.name), None)
        prefix = doc.text[longer.start:m.start] if longer is not None else ""
        if longer is not None and m.text != m.name and prefix.endswith(bodies):
            longer.attrs["broader"] = m.name
            continue  # the coined name (a head match) takes its place
        out.append(m)
    return out


def extract(doc: Doc) -> list[Mention]:
    bounds = _token_bounds(doc)
    scheme = _scheme_matches(doc, bounds)
    heads = _head_matches(doc, scheme)
    scheme = _qualified_by_body(doc, scheme, heads)
    out = list(scheme)
    found = _quoted_matches(doc) + heads + _review_matches(doc, scheme) + _link_matches(doc)
    for m in found + _concept_matches(doc):
        if not _overlaps(m, out):
            out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def lexicon():
    words = set()
    for c in concepts():
        for label in (c.pref, *c.alts):
            k = view_key(label)
            if len(k) >= 2 and re.fullmatch(rf"[{_CJK}]+", k):
                words.add(k)
    return words


register(COMPONENT, extract)
