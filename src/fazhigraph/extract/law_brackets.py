"""Where the titles of a report are: 《…》 brackets, nested ones, and the usual damage to them.

A report's brackets are often broken: a title cut by a line break, an outer 《 never closed
(执行《关于印发《X》的通知，…), an inner one never closed (《关于印发《X的通知》), a closing 》 in the
wrong place (《关于印发X》的通知》), a missing opening one (关于印发《X》的通知》) or a doubled pair
(《《X》》). :func:`titles` gives the whole title and its embedded title for each of these, never
a fragment such as 关于印发X or X的通知.
"""
from __future__ import annotations

import re

_MAX_TITLE = 160
_OPEN, _CLOSE = "《", "》"
_INNER = {"〈": "〉", "<": ">", "＜": "＞"}


#: at most this many characters of a title may stand on the line after a line break inside it
_MAX_CONTINUATION = 40
_SENTENCE_END = re.compile(r"[。；;！!？?]")


def _continues(text: str, open_at: int, newline: int) -> bool:
    """A title broken by a line break (page layout): 《…\n…》 closes early on the next line."""
    head = text[open_at + 1:newline]
    if len(head.strip()) < 4 or _SENTENCE_END.search(head):
        return False
    close = text.find(_CLOSE, newline + 1, newline + 1 + _MAX_CONTINUATION)
    if close < 0:
        return False
    tail = text[newline + 1:close]
    return (close - open_at - 1 <= _MAX_TITLE and "\n" not in tail and _OPEN not in tail
            and not _SENTENCE_END.search(tail) and bool(tail.strip()))


_BRACKET_OR_NEWLINE = re.compile(f"[{_OPEN}{_CLOSE}\n]")


#: the words of a notice that issues a document, before and after the issued title
_ISSUING = re.compile(r"(?:关于)?(?:重新)?(?:印发|转发|发布|颁布|公布)$")
_ISSUING_LEAD = re.compile(r"关于(?:重新)?(?:印发|转发|发布|颁布|公布)")
_NOTICE_END = re.compile(r"的(?:通知|决定|意见|批复|函)")
_CLAUSE_END = re.compile(r"[，,。；;！!？?：:\n]")


def titles(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of every title, outer ones and nested ones.

    A newline closes nothing and forgets open brackets, unless the title visibly goes on
    and closes early on the next line (:func:`_continues`); a stray 》 is ignored unless it
    closes a notice (see the module docstring). Inside a 《…》 title, 〈…〉 and <…> enclose
    embedded titles. A title that is only another title in brackets (《《X》》) is not repeated.
    """
    found: list[tuple[int, int]] = []
    stack: list[int] = []
    for bm in _BRACKET_OR_NEWLINE.finditer(text):  # only these characters matter here
        i, ch = bm.start(), bm.group()
        if ch == _OPEN:
            stack.append(i)
        elif ch == _CLOSE:
            if stack:
                _close(text, stack, i, found)
            else:
                _stray_close(text, i, found)
        elif ch == "\n":
            if not (stack and _continues(text, stack[-1], i)):
                _unclosed(text, stack, found)
                stack.clear()
    _unclosed(text, stack, found)
    inner = []
    for s, e in found:
        part = text[s:e]
        for o, c in _INNER.items():
            if o not in part:
                continue
            for m in re.finditer(re.escape(o) + r"([^" + re.escape(o + c) + r"]{2,%d})" % _MAX_TITLE + re.escape(c), part):
                inner.append((s + m.start(1), s + m.end(1)))
            lost = re.search(re.escape(o) + r"([^" + re.escape(o + c) + r"]{2,})" + _NOTICE_END.pattern + "$", part)
            if lost and c not in part:  # 《关于印发<X的通知》: the inner 〉 lost
                inner.append((s + lost.start(1), s + lost.end(1)))
    spans = set(found) | set(inner)
    spans -= {(s, e) for s, e in spans if (s + 1, e - 1) in spans
              and text[s] == _OPEN and text[e - 1] == _CLOSE}  # 《《X》》
    return sorted(spans, key=lambda se: (se[0], -se[1]))


def _close(text: str, stack: list[int], i: int, found: list[tuple[int, int]]) -> None:
    """A 》 with an open 《: the title it closes; 《关于印发《X的通知》 (inner 》 lost) gives the
    notice and X."""
    s = stack.pop()
    content = text[s + 1:i]
    notice = _NOTICE_END.search(content)
    if stack and notice and notice.end() == len(content) and _ISSUING.search(text[stack[-1] + 1:s]):
        outer = stack.pop()
        if i - outer - 1 <= _MAX_TITLE:
            found.append((outer + 1, i))
            if notice.start() >= 2:
                found.append((s + 1, s + 1 + notice.start()))
        return
    if 2 <= i - s - 1 <= _MAX_TITLE:
        found.append((s + 1, i))


def _stray_close(text: str, i: int, found: list[tuple[int, int]]) -> None:
    """A 》 with no open 《 right after a title and a notice word (《关于印发X》的通知》, 关于印发《X》的通知》):
    the whole notice is a title; the fragment 关于印发X gives way to X."""
    if not found:
        return
    s, e = found[-1]
    word = _NOTICE_END.match(text, e + 1)
    if word is None or word.end() != i:
        return
    lead = _ISSUING_LEAD.match(text, s)  # 《关于印发X》的通知》
    if lead is not None and lead.end() < e - 1:
        found[-1] = (lead.end(), e)
        found.append((s, i))
        return
    head = text[max(0, s - 1 - 12):s - 1]  # 关于印发《X》的通知》
    m = re.search(r"关于(?:重新)?(?:印发|转发|发布|颁布|公布)$", head)
    if m is not None:
        found.append((s - 1 - (len(head) - m.start()), i))


def _unclosed(text: str, stack: list[int], found: list[tuple[int, int]]) -> None:
    """An open 《 never closed whose clause is 关于印发《X》的通知 (执行《关于印发《X》的通知，…): the
    notice is the title, up to its notice word."""
    for o in stack:
        stop = _CLAUSE_END.search(text, o + 1)
        end = stop.start() if stop else len(text)
        for s, e in found:
            if s <= o or e >= end or text[e:e + 1] != _CLOSE:
                continue
            word = _NOTICE_END.match(text, e + 1)
            if word is not None and _ISSUING.search(text[o + 1:s - 1]) and word.end() - o - 1 <= _MAX_TITLE:
                found.append((o + 1, word.end()))
                break
