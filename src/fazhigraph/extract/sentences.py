"""Sentence boundaries: Chinese full stops, question/exclamation marks, semicolons, line breaks.

Sets ``token.is_sent_start`` (so ``doc.sents`` works) and ``doc._.fz_sentences`` as
character spans, used for mention provenance.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "fazhi_sentences"
_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")


def split(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@Language.component(COMPONENT)
def sentences(doc: Doc) -> Doc:
    spans = split(doc.text)
    doc._.fz_sentences = spans
    if len(doc):
        # one bulk array write: setting token.is_sent_start one by one is quadratic in spaCy
        idx = doc.to_array([IDX])
        flags = numpy.where(numpy.isin(idx, numpy.fromiter((s for s, _ in spans), dtype=idx.dtype)), 1, -1)
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
    return doc
