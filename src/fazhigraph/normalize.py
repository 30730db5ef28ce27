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


#: Stands for a character that produces no output (folded to "" or inside a Word artefact).
_DROP = "\x00"


class _FoldTable(dict):
    """``str.translate`` table: each character to exactly one character, filled lazily.

    ``_fold(ch)`` where that is one character; ``_DROP`` where it is "" (``\x00`` itself
    folds to "", so the sentinel is unambiguous); a carriage return stays ``\r`` because
    its handling depends on the next character. ``translate`` calls ``__missing__`` for
    characters not seen yet, so each distinct character is classified once per process.
    """

    def __missing__(self, o: int) -> str:
        ch = chr(o)
        f = "\r" if ch == "\r" else (_fold(ch) or _DROP)
        self[o] = f
        return f


_FOLD_TABLE = _FoldTable()
#: Runs of characters that need more than a copy: dropped ones, carriage returns and spaces.
_SPECIAL_RUN = re.compile("[\x00\r ]+")


def _normalize_chars(text: str) -> tuple[str, list[int]]:
    """Fold characters, drop Word artefacts and controls, unify line ends, collapse spaces.

    The text is first folded with one ``str.translate`` into ``folded`` (same length, one
    character per input character, see :class:`_FoldTable`); Word artefacts are overwritten
    with ``_DROP``. Runs of ordinary characters are then copied as slices (their offsets are
    a ``range``), and only runs of dropped characters, ``\r`` and spaces go through the
    character rules:

    * ``\r\n`` -> ``\n``; a lone ``\r`` -> ``\n``;
    * a run of spaces (with dropped characters and ``\r`` inside it) becomes one space,
      or nothing next to a CJK character or a line end.
    """
    n = len(text)
    folded = text.translate(_FOLD_TABLE)
    folded = mask_spans(folded, [m.span() for m in _WORD_ARTEFACT.finditer(text)], _DROP)
    out: list[str] = []
    offs: list[int] = []
    last = ""  # last character written to ``out``
    pos = 0
    for m in _SPECIAL_RUN.finditer(folded):
        s, e = m.span()
        if s > pos:
            out.append(folded[pos:s])
            offs.extend(range(pos, s))
            last = folded[s - 1]
        i = s
        while i < e:
            ch = folded[i]
            if ch == _DROP:
                i += 1
            elif ch == "\r":
                if i + 1 >= n or text[i + 1] != "\n":
                    out.append("\n")
                    offs.append(i)
                    last = "\n"
                i += 1
            else:
                # a space: the run goes on over spaces, dropped characters and \r to ``e``
                nxt = folded[e] if e < n else ""
                if last and nxt and last != "\n" and nxt != "\n" and not (_is_cjk(last) or _is_cjk(nxt)):
                    out.append(" ")
                    offs.append(i)
                    last = " "
                i = e
        pos = e
    if pos < n:
        out.append(folded[pos:])
        offs.extend(range(pos, n))
    offs.append(n)
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


def mask_spans(text: str, spans: list[tuple[int, int]], fill: str = "\u3000") -> str:
    """``text`` with every character inside one of ``spans`` replaced by ``fill``.

    Built from slices of the merged spans instead of a per-character list."""
    n = len(text)
    merged: list[list[int]] = []
    for s, e in sorted((max(s, 0), min(e, n)) for s, e in spans):
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        return text
    parts = []
    pos = 0
    for s, e in merged:
        parts.append(text[pos:s])
        parts.append(fill * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
