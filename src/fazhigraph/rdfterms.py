"""Fast N-Triples/N-Quads term writing (no rdflib objects on the hot path)."""
from __future__ import annotations

import re

_ESC_LIT = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_BAD_IRI = set('<>"{}|^`\\ ')


_BAD_IRI_RE = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def iri(value: str) -> str:
    if _BAD_IRI_RE.search(value):  # (a regex: this runs for every term of every quad)
        from urllib.parse import quote

        value = "".join(quote(ch, safe="") if (ch in _BAD_IRI or ord(ch) <= 0x20) else ch for ch in value)
    return f"<{value}>"


def _clean(value: str) -> str:
    # lone surrogates and other unencodable code points cannot be written as UTF-8
    return value.encode("utf-8", "replace").decode("utf-8") if not value.isascii() else value


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    s = '"' + _clean(str(value)).translate(_ESC_LIT) + '"'
    if lang:
        return s + "@" + lang
    if datatype:
        return s + "^^<" + datatype + ">"
    return s


XSD = "http://www.w3.org/2001/XMLSchema#"


def int_lit(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def year_lit(value: int) -> str:
    return f'"{int(value):04d}"^^<{XSD}gYear>'
