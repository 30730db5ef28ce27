"""Enterprise mentions: named companies and facilities (…有限公司, …污水处理厂, …集团).

A name ends with a known ending (``ontology/enterprises.suffixes.txt``); its left edge is the
start of the CJK run before it, moved right past the last left-edge word
(``enterprises.stop.txt``: 督促|咸阳路污水处理厂, 一般企业|李家山污水处理站). A name made only of
generic words (城镇污水处理厂, ``enterprises.generic.txt``) names no particular facility.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from .. import resources
from ..model import Mention
from . import register, token_ends, token_starts

COMPONENT = "fazhi_enterprises"

_RUN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（）()]*$")


@functools.lru_cache(maxsize=1)
def _data() -> tuple[re.Pattern, tuple[str, ...], tuple[str, ...]]:
    suffixes = sorted(resources.read_lines("enterprises.suffixes.txt"), key=len, reverse=True)
    stops = tuple(sorted(resources.read_lines("enterprises.stop.txt"), key=len, reverse=True))
    generic = tuple(sorted(resources.read_lines("enterprises.generic.txt"), key=len, reverse=True))
    return re.compile("|".join(map(re.escape, suffixes))), stops, generic


@functools.lru_cache(maxsize=1)
def _anonymous() -> tuple[str, ...]:
    """Marks of an anonymised name (某, ××): 查处某精密电子有限公司 names no particular company."""
    return tuple(resources.read_lines("enterprises.anonymous.txt"))


def _anonymised(run: str, cut: int) -> bool:
    marks = _anonymous()
    return any(m in run[cut:] for m in marks) or run[:cut].endswith(marks)


def _left_edge(run: str, offset: int, stops: tuple[str, ...], bounds: frozenset[int]) -> int:
    """Index in ``run`` where the name starts: after the last stop word, digits or brackets.

    A stop word counts only as a whole token (``bounds`` are token edges in the document, and
    ``offset`` is where ``run`` starts): the 家 of 李家山 and the 给 of 给排水 do not cut.
    """
    cut = 0
    for j in range(len(run)):
        ch = run[j]
        if ch.isdigit() or ch in "（）()":
            cut = j + 1
            continue
        if offset + j not in bounds:
            continue
        for w in stops:
            if run.startswith(w, j) and j + len(w) > cut and offset + j + len(w) in bounds:
                cut = j + len(w)
    return cut


def _is_generic(name: str, generic: tuple[str, ...]) -> bool:
    rest = name
    changed = True
    while rest and changed:
        changed = False
        for g in generic:
            if rest.startswith(g):
                rest = rest[len(g):]
                changed = True
                break
    return not rest


def extract(doc: Doc) -> list[Mention]:
    text = doc.text
    pat, stops, generic = _data()
    out: list[Mention] = []
    bounds = token_starts(doc) | token_ends(doc)
    taken_until = 0
    for m in pat.finditer(text):
        if m.start() < taken_until:
            continue
        before = text[max(0, m.start() - 24):m.start()]
        run = _RUN.search(before).group(0)
        # a company's branch: 国网某某供电有限公司某某分公司 -> keep the whole name
        cut = _left_edge(run, m.start() - len(run), stops, bounds)
        name = run[cut:]
        if _anonymised(run, cut):
            continue
        if m.group(0) == "分公司" and not name:
            continue
        if len(name) < 2 or _is_generic(name, generic):
            continue
        if name[0] in "（(" or name[-1] in "（(":
            continue
        s = m.start() - len(name)
        e = m.end()
        # 有限公司 right after the name may be followed by a branch (…有限公司黄石分公司)
        branch = re.match(r"[\u4e00-\u9fff]{2,8}?分公司", text[e:e + 12])
        if branch and m.group(0).endswith("公司"):
            e += branch.end()
        taken_until = e
        out.append(Mention("Enterprise", text[s:e], s, e, text[s:e]))
    return out


def lexicon():
    return []


register(COMPONENT, extract)
