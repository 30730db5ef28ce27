"""Numbers as Chinese reports write them: ``1,914``, ``65.2256万``, ``一千二百三十四``, ``两``, ``零``.

:func:`parse_number` turns the digits part of a figure into a :class:`~decimal.Decimal`
(万 x10^4, 亿 x10^8, 千 x10^3 after Arabic digits). Qualifiers (约, 余, 多 ...) are not part
of the number: the figure grammar (:mod:`fazhigraph.extract.figures`) reads them around it.
Chinese numerals are read positionally (一千二百三十四, 三万五千, 一百零五); the abbreviated
spoken forms (一万二 = 12000) with ``cn2an`` (imported on first use); a bare magnitude
(``百``, ``千``) is one of it (``百余人`` = over 100 people).

:data:`NUMBER` is the regular-expression source of one number, for compiled grammars.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

#: Chinese numeral characters (digits and magnitudes).
CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
CN_CHARS = CN_DIGITS + CN_MAGNITUDES

_ARABIC = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
#: One number: Arabic digits (thousands separators, decimals) with an optional 千/万/亿 after,
#: or a run of Chinese numerals.
NUMBER = rf"(?:(?:{_ARABIC})\s?[千万亿]?|[{CN_CHARS}]+)"

_MAGNITUDE = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_BARE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ARABIC_RE = re.compile(rf"^({_ARABIC})\s?([千万亿]?)$")


class NumberError(ValueError):
    """The text is not a number this parser reads."""


def is_chinese(text: str) -> bool:
    """True when ``text`` is written in Chinese numerals only."""
    return bool(text) and all(ch in CN_CHARS for ch in text)


@functools.lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal:
    """The value of ``text`` (``1,914`` -> 1914, ``65.2256万`` -> 652256, ``一千二百三十四`` -> 1234,
    ``两`` -> 2, ``零`` -> 0, ``百`` -> 100). Raises :class:`NumberError` otherwise."""
    s = text.strip()
    m = _ARABIC_RE.match(s)
    if m:
        value = Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            value *= _MAGNITUDE[m.group(2)]
        return _plain(value)
    if not is_chinese(s):
        raise NumberError(f"not a number: {text!r}")
    if s in _BARE:
        return Decimal(_BARE[s])
    if len(s) >= 2 and s[-1] in _DIGIT and s[-2] in "百千万亿" and s[-1] not in "零〇":
        return _colloquial(s)  # 一万二 = 12000, 三千五 = 3500
    if all(ch in _DIGIT for ch in s):
        if len(s) == 1:
            return Decimal(_DIGIT[s])
        return Decimal("".join(str(_DIGIT[ch]) for ch in s))  # 二〇二一: digit by digit
    return Decimal(_positional(s, text))


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}


def _positional(s: str, text: str) -> int:
    """一千二百三十四 -> 1234, 三万五千 -> 35000, 一百零五 -> 105, 十五 -> 15."""
    total = section = 0
    number: int | None = None
    last_unit = 10 ** 9
    for ch in s:
        if ch in _DIGIT:
            if number is not None and _DIGIT[ch] and number:
                raise NumberError(f"not a number: {text!r}")  # 二三: two digits in a row
            number = _DIGIT[ch]
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if unit >= last_unit:
                raise NumberError(f"not a number: {text!r}")  # 十百
            section += (1 if number is None else number) * unit
            number, last_unit = None, unit
        else:  # 万, 亿
            big = 10_000 if ch == "万" else 100_000_000
            total = (total + section + (number or 0)) * big if ch == "亿" else total + (section + (number or 0)) * big
            section, number, last_unit = 0, None, 10 ** 9
    return total + section + (number or 0)


def _colloquial(s: str) -> Decimal:
    import cn2an  # (imported on first use: about 0.5 s; only for the abbreviated forms)

    try:
        return _plain(Decimal(str(cn2an.cn2an(s, "smart"))))
    except (ValueError, KeyError, IndexError, TypeError):
        raise NumberError(f"not a number: {s!r}") from None


def _plain(value: Decimal) -> Decimal:
    """``value`` without exponent or trailing zeros after the point (652256, not 6.52256E+5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_decimal(value: Decimal) -> str:
    """The xsd:decimal lexical form of ``value`` (``652256``, ``94``, ``9.1``)."""
    s = format(_plain(value), "f")
    return s
