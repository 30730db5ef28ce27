"""Law firms (律师事务所) named in a report.

Also found: a branch office named after the firm (北京市盈科律师事务所武汉分所), 国浩's form
律师（杭州）事务所, and the short form 律所 (金诺律所 -> 金诺律师事务所; 等8家律所 names none).

A name is the run of CJK characters (with a parenthesised branch, 北京大成（天津）律师事务所)
before 律师事务所, cut after the last cue word of ``ontology/lawfirm_cues.txt`` (外聘, 聘请,
邀请 ...), so that "外聘金诺律师事务所" gives 金诺律师事务所. Firm names that carry a region
start with it: when a province- or prefecture-level name (四川, 北京市) starts inside the run
after two or more other characters, the name starts there ("引导四川蓉城律师事务所" gives
四川蓉城律师事务所, whatever the verb before it). Dropped: the bare word
律师事务所, counts (3家律师事务所) and generic heads (``lawfirm_generic.txt``: 专业律师事务所).
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import resources
from ..model import Mention
from . import register

COMPONENT = "fazhi_lawfirms"
_SUFFIX = "律师事务所"
#: 律师事务所 (with an optional 分所 after it), 律师（杭州）事务所 (国浩's form) and the short form 律所
_SUFFIX_RE = re.compile(
    r"律师(?P<city>[（(][\u4e00-\u9fff]{2,8}[）)])?事务所(?:(?P<office>[\u4e00-\u9fff]{2,6}?)分所)?"
    r"|(?P<short>律所)"
)
#: words that start no branch-office name ("律师事务所及其分所")
_NO_OFFICE = ("及", "和", "与", "等", "各", "其", "所属", "下属", "设立", "分")
_RUN = re.compile(r"[\u4e00-\u9fff（）()]{1,30}$")
_BRANCH = re.compile(r"[（(][\u4e00-\u9fff]{1,10}[）)]")
_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十百两几多数若干]+)家$|家$")
_MIN_BRAND = 2


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], frozenset[str]]:
    words = resources.read_lines("lawfirm_cues.txt")
    return tuple(w for w in words if len(w) > 1), frozenset(w for w in words if len(w) == 1)


@functools.lru_cache(maxsize=1)
def _generic() -> tuple[str, ...]:
    return resources.read_lines("lawfirm_generic.txt")


def _plain_len(s: str) -> int:
    return len(_BRANCH.sub("", s))


def firm_name(left: str) -> str:
    """The firm's own name from the text just before 律师事务所 ("" when there is none)."""
    m = _RUN.search(left)
    if not m:
        return ""
    run = m.group()
    # an unbalanced closing parenthesis at the start belongs to the text before
    while run and run[0] in "）)":
        run = run[1:]
    multi, single = _cues()
    if run.endswith("等") or "事务所" in run[-8:]:
        return ""  # "…事务所等律所": a list's tail, no name of its own
    name = run[_cue_cut(run, multi):]
    # one-character cues: the rightmost one that leaves a name of at least two characters
    for i in range(len(name) - 1, -1, -1):
        if name[i] in single and _plain_len(name[i + 1:]) >= _MIN_BRAND and not _in_branch(name, i):
            name = name[i + 1:]
            break
    while name and name[0] in "（(":
        name = name[1:]
    name = _cut_at_region(name)
    if _plain_len(name) < _MIN_BRAND or _COUNT.search(name):
        return ""
    if any(name == g or name.endswith(g) for g in _generic()):
        return ""
    return name


def _cue_cut(run: str, cues: tuple[str, ...]) -> int:
    """Where the name starts: after the last cue word that leaves a name of two or more characters
    (聘请福建天衡联合: 联合 ends the name, so the cut is after 聘请); after the last cue when none does."""
    cuts = [i + len(w) for w in cues for i in _positions(run, w)]
    if not cuts:
        return 0
    named = [c for c in cuts if _plain_len(run[c:]) >= _MIN_BRAND]
    return max(named) if named else max(cuts)


def _positions(s: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), s)]


#: longest region name tried at a position (黑龙江省, 内蒙古自治区 are longer; their short forms suffice)
_REGION_MAX = 5


def _region_at(s: str, i: int) -> int:
    """Length of a province- or prefecture-level name (full or short) starting at ``s[i]``, else 0."""
    try:
        from .. import regions
    except Exception:  # pragma: no cover - reference data missing
        return 0
    for k in range(min(_REGION_MAX, len(s) - i), 1, -1):
        if any(r.level <= 2 for r in regions.lookup(s[i:i + k])):
            return k
    return 0


def _cut_at_region(name: str) -> str:
    """Drop the words before a region name that starts a firm's name (引导|四川蓉城)."""
    if _region_at(name, 0):
        return name  # the name starts with its region already (四川省成都市…)
    for i in range(2, len(name) - 1):
        if _in_branch(name, i):
            break
        k = _region_at(name, i)
        if k and _plain_len(name[i + k:]) >= _MIN_BRAND:
            return name[i:]
    return name


def _in_branch(s: str, i: int) -> bool:
    return any(b.start() <= i < b.end() for b in _BRANCH.finditer(s))


def extract(doc: Doc) -> list[Mention]:
    text = doc.text
    out = []
    for m in _SUFFIX_RE.finditer(text):
        i = m.start()
        name = firm_name(text[max(0, i - 30):i])
        if not name:
            continue
        if m.group("short"):
            suffix = _SUFFIX  # 金诺律所 -> 金诺律师事务所
        else:
            suffix = f"律师{m.group('city') or ''}事务所"
            office = m.group("office")
            if office and not office.startswith(_NO_OFFICE):
                suffix += office + "分所"  # 北京市盈科律师事务所武汉分所
            elif office:
                m_end = m.start("office")
                out.append(_firm(text, i - len(name), m_end, name + suffix))
                continue
        out.append(_firm(text, i - len(name), m.end(), name + suffix))
    return out


def _firm(text: str, s: int, e: int, full: str) -> Mention:
    full = full.replace("(", "（").replace(")", "）")
    return Mention("LawFirm", text[s:e], s, e, full)


def lexicon():
    return []


register(COMPONENT, extract)
