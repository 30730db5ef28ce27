"""Text normalisation with a map back to the original offsets.

The extractors see one canonical form of the text: full-width ASCII letters, digits and
spaces folded to half-width, Word artefacts removed, spaces inside CJK runs dropped
(``2022 年`` -> ``2022年``), line-ending variants unified. Chinese punctuation (《》“”、，（）)
is kept as it is, because the names the report gives are written with it.

``normalize(text)`` returns ``(norm_text, offsets)`` where ``offsets[i]`` is the index in
``text`` of the character that produced ``norm_text[i]``; ``offsets`` has one extra final
entry (``len(text)``) so that end offsets map too.
"""
from __future__ import annotations

import re
import unicodedata

_WORD_ARTEFACT = re.compile(r"\[bookmark: [^\]]*\]|\u200b|\u200c|\u200d|\ufeff|\u00ad")
_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"


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


def _fold(ch: str) -> str:
    """Fold one character: full-width ASCII -> ASCII; everything else unchanged."""
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch in _SPACE:
        return " "
    if ch in "\u2028\u2029\x0b\x0c\x85":
        return "\n"
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t":
        return ""
    return ch


def normalize(text: str) -> tuple[str, list[int]]:
    return _normalize(text)


def _normalize(text: str) -> tuple[str, list[int]]:
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
            # collapse a run of spaces; drop it entirely next to a CJK character
            j = i
            while j < n and (not keep[j] or _fold(text[j]) == " "):
                j += 1
            prev = out[-1] if out else ""
            nxt = _fold(text[j]) if j < n else ""
            if prev and nxt and prev != "\n" and nxt != "\n" and not (_is_cjk(prev) or _is_cjk(nxt)):
                out.append(" ")
                offs.append(i)
            i = j
            continue
        for c in ch:
            out.append(c)
            offs.append(i)
        i += 1
    offs.append(len(text))
    return "".join(out), offs


def normalize_text(text: str) -> str:
    """Only the normalized text (for names and patterns)."""
    return _normalize(text)[0]
