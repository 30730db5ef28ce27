"""The spaCy pipeline: blank Chinese with the jieba segmenter plus fazhigraph components.

Components are registered by name (``fazhi_*``) in :mod:`fazhigraph.extract` and looked up
from ``PIPELINE``. jieba's user dictionary is process-global and not saved by
``nlp.to_disk()``, so :func:`load_user_dict` feeds it from the reference data every time a
pipeline is made.
"""
from __future__ import annotations

import functools
import logging

from .model import ReportMeta

#: Component order. Metadata first (later components resolve relative names against it),
#: the overlap resolver last.
PIPELINE = (
    "fazhi_sentences",
    "fazhi_metadata",
    "fazhi_laws",
    "fazhi_lawfirms",
    "fazhi_agencies",
    "fazhi_systems",
    "fazhi_units",
    "fazhi_enterprises",
    "fazhi_platforms",
    "fazhi_events",
    "fazhi_resolve",
)


def load_user_dict() -> int:
    """Add every gazetteer term to jieba's (process-global) dictionary. Returns the count."""
    import jieba

    from . import extract

    jieba.setLogLevel(logging.WARNING)
    n = 0
    for word in sorted(extract.lexicon()):
        if len(word) >= 2:
            jieba.add_word(word, freq=2000)
            n += 1
    return n


@functools.lru_cache(maxsize=1)
def get_nlp(components: tuple[str, ...] = PIPELINE):
    """The fazhigraph pipeline (cached per process)."""
    import spacy

    from . import extract  # noqa: F401  (registers the components)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    load_user_dict()
    for name in components:
        nlp.add_pipe(name)
    return nlp


@functools.lru_cache(maxsize=1)
def _text_doc_class():
    from spacy.tokens import Doc

    class TextDoc(Doc):
        """A Doc whose ``.text`` is joined once: spaCy rebuilds it from every token on each access,
        which made extractors that read ``doc.text`` per match quadratic."""

        @property
        def text(self) -> str:
            t = self.__dict__.get("_fz_text")
            if t is None:
                t = self.__dict__["_fz_text"] = Doc.text.__get__(self)
            return t

    return TextDoc


def tokenize(nlp, text: str):
    """``nlp.make_doc(text)`` (jieba segmentation) as a Doc with a cached ``.text``."""
    tok = nlp.tokenizer
    seg = getattr(tok, "jieba_seg", None)
    if seg is None or str(getattr(tok, "segmenter", "")) not in ("jieba", "Segmenter.jieba"):
        return nlp.make_doc(text)
    from spacy.util import get_words_and_spaces

    words, spaces = get_words_and_spaces([x for x in seg.cut(text, cut_all=False) if x], text)
    doc = _text_doc_class()(nlp.vocab, words=words, spaces=spaces)
    doc.__dict__["_fz_text"] = text  # words + spaces rebuild exactly ``text``: no need to join them again
    return doc


def make_doc(text: str, meta: ReportMeta | None = None, file: str = ""):
    """Tokenise only (no components) and attach report context: for tests and tools."""
    nlp = get_nlp()
    doc = tokenize(nlp, text)
    doc._.fz_file = file
    if meta is not None:
        doc._.fz_meta = meta
    return doc


def process(text: str, file: str = ""):
    """Run the whole pipeline on a normalized text."""
    nlp = get_nlp()
    doc = tokenize(nlp, text)
    doc._.fz_file = file
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
