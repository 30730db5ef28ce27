"""Report metadata: the reporting bureau, its region path and the report year.

First version: the title (first lines) names ``<region><department>`` and ``<year>年``.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from . import meta_of, register

COMPONENT = "fazhi_metadata"
_YEAR = re.compile(r"(20\d{2})\s*年")
_BUREAU = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:局|厅|委员会|分局))")


def extract(doc: Doc) -> list:
    meta = meta_of(doc)
    head = doc.text[:600]
    m = _YEAR.search(head)
    if m:
        meta.year = int(m.group(1))
    m = _BUREAU.search(head)
    if m:
        meta.bureau = m.group(1)
    return []


def lexicon():
    return []


register(COMPONENT, extract)
