"""Text normalisation with a map back to the original offsets.

The extractors see one canonical form of the text:

* full-width ASCII letters and digits folded to half-width; Kangxi radicals and CJK
  compatibility ideographs (common in PDF text layers: ``⽣态`` for ``生态``) folded to the
  unified ideograph;
* Word artefacts removed (``[bookmark: _GoBack]``, zero-width characters, soft hyphens,
  other format and control characters);
* spaces dropped next to Chinese characters (``2022 年`` -> ``2022年``, ``宣传活 动`` ->
  ``宣传活动``), other runs of spaces collapsed to one; line-ending variants unified;
* headings split across lines joined back: a report title whose tail was broken onto a
  short line among the first lines (``……2021年法治政府`` / ``建设情况报告``), and a numbered section heading wrapped onto a
  short second line.

Chinese punctuation (《》“”、，（）) is kept as it is, because the names the report gives
are written with it.

``normalize(text)`` returns ``(norm_text, offsets)`` where ``offsets[i]`` is the index in
``text`` of the character that produced ``norm_text[i]``; ``offsets`` has one extra final
entry (``len(text)``) so that end offsets map too. Offsets are strictly increasing.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_WORD_ARTEFACT = re.compile(
    r"\[(?:bookmark|image|picture|pic|shape|comment|footnote ref)[:：][^\]\n]{0,200}\]"
    r"|\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad",
    re.I,
)
_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u202f\u2000\u2001\u2004\u2005\u2006\u2007\u2008\u200a\u205f"
_END_PUNCT = set("。！？；：，、!?;:,…—")
#: A numbered heading: 一、 （一） (1) 1. 1、 第一 ...
_ENUM = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十百\d]+[章节条部分])")
#: Lines counted as the title block of a report.
_TITLE_LINES = 6


@functools.lru_cache(maxsize=1)
def _title_endings() -> tuple[str, ...]:
    try:
        from .resources import read_lines

        return tuple(read_lines("heading_endings.txt"))
    except Exception:  # normalisation must not depend on reference data being present
        return ("报告", "总结", "情况")


def _is_cjk(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF and not (0xFF01 <= o <= 0xFF5E)
        or ch in "《》“”‘’（）【】、，。；：！？"
    )


def _is_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF


@functools.lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """Fold one character to at most one character ("" drops it)."""
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch in _SPACE:
        return " "
    if ch in "\u2028\u2029\x0b\x0c\x85":
        return "\n"
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        k = unicodedata.normalize("NFKC", ch)
        return k if len(k) == 1 else ch
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs") and ch not in "\n\t":
        return ""
    return ch


def normalize(text: str) -> tuple[str, list[int]]:
    norm, offs = _normalize_chars(text)
    return _join_split_headings(norm, offs)


def _normalize_chars(text: str) -> tuple[str, list[int]]:
    # Remove Word artefacts first, remembering where the kept characters came from.
    keep = [True] * len(text)
    for m in _WORD_ARTEFACT.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    out: list[str] = []
    offs: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        if not keep[i]:
            i += 1
            continue
        if text[i] == "\r":
            if i + 1 < n and text[i + 1] == "\n":
                i += 1
                continue
            out.append("\n")
            offs.append(i)
            i += 1
            continue
        ch = _fold(text[i])
        if ch == " ":
            # collapse a run of spaces; drop it entirely next to a CJK character or a line end
            j = i
            while j < n and (not keep[j] or _fold(text[j]) in (" ", "")):
                j += 1
            prev = out[-1] if out else ""
            nxt = ""
            k = j
            while k < n and not nxt:
                nxt = "\n" if text[k] == "\r" else _fold(text[k]) if keep[k] else ""
                k += 1
            if prev and nxt and prev != "\n" and nxt != "\n" and not (_is_cjk(prev) or _is_cjk(nxt)):
                out.append(" ")
                offs.append(i)
            i = j
            continue
        if ch:
            out.append(ch)
            offs.append(i)
        i += 1
    offs.append(len(text))
    return "".join(out), offs


def _join_split_headings(norm: str, offs: list[int]) -> tuple[str, list[int]]:
    """Drop the line breaks inside headings split across two lines."""
    if "\n" not in norm:
        return norm, offs
    lines = norm.split("\n")
    endings = _title_endings()
    drop: set[int] = set()  # positions in norm of newlines to remove
    pos = 0
    nonempty_seen = 0
    starts = []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    i = 0
    while i < len(lines) - 1:
        a, b = lines[i], lines[i + 1]
        if a:
            nonempty_seen += 1
        if a and b and _should_join(a, b, nonempty_seen <= _TITLE_LINES, endings):
            drop.add(starts[i] + len(a))
            lines[i + 1] = a + b  # a three-line title joins on
            i += 1
            continue
        i += 1
    if not drop:
        return norm, offs
    out = "".join(ch for k, ch in enumerate(norm) if k not in drop)
    new_offs = [o for k, o in enumerate(offs[:-1]) if k not in drop]
    new_offs.append(offs[-1])
    return out, new_offs


def _should_join(a: str, b: str, in_title_block: bool, endings: tuple[str, ...]) -> bool:
    last, first = a[-1], b[0]
    if last in _END_PUNCT or not (_is_ideograph(last) or last.isdigit()):
        return False
    if not (_is_ideograph(first) or first.isdigit()) or _ENUM.match(b) or b[-1] in "：:":
        return False
    if in_title_block and len(a) >= 4 and len(b) <= 12 and len(a) + len(b) <= 80 and b.endswith(endings) and not _ENUM.match(a):
        return True
    # a numbered section heading wrapped onto a short second line without punctuation
    return bool(_ENUM.match(a)) and len(a) >= 8 and len(b) <= 20 and not any(c in _END_PUNCT for c in b)


def normalize_text(text: str) -> str:
    """Only the normalized text (for names and patterns)."""
    return normalize(text)[0]
