"""Extractors: one module per entity type, each a spaCy component registered by name.

Contract for an extractor module ``extract/<type>.py``:

- ``COMPONENT``: the registered component name (``fazhi_laws`` ...);
- ``extract(doc) -> list[Mention]``: reads ``doc.text`` (normalized report text), the spaCy
  tokens if useful, and ``doc._.fz_meta`` (the report's bureau, region path and year, set by
  ``fazhi_metadata``) and returns mentions with canonical names resolved;
- ``lexicon() -> Iterable[str]``: gazetteer terms for jieba's user dictionary;
- reference data comes from ``ontology/`` through :mod:`fazhigraph.resources`.

``register(module)`` turns such a module into a pipeline component.
"""
from __future__ import annotations

import importlib
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..model import ReportMeta

for _name, _default in (("fz_meta", None), ("fz_mentions", None), ("fz_file", ""), ("fz_sentences", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

MODULES = (
    "sentences",
    "metadata",
    "laws",
    "lawfirms",
    "agencies",
    "systems",
    "units",
    "enterprises",
    "platforms",
    "events",
    "resolve",
)


def mentions_of(doc: Doc) -> list:
    if doc._.fz_mentions is None:
        doc._.fz_mentions = []
    return doc._.fz_mentions


def meta_of(doc: Doc) -> ReportMeta:
    if doc._.fz_meta is None:
        doc._.fz_meta = ReportMeta()
    return doc._.fz_meta


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """(starts, ends) character offsets of the jieba tokens, computed once per doc.

    Iterating ``for t in doc`` creates a Python Token object per token and dominated the
    extractors' run time; one ``to_array`` call is ~50x cheaper. Extractors share the result.
    """
    cached = doc.user_data.get("fz_token_offsets")
    if cached is None:
        from spacy.attrs import IDX, LENGTH

        if len(doc):
            arr = doc.to_array([IDX, LENGTH])
            starts = arr[:, 0].tolist()
            ends = (arr[:, 0] + arr[:, 1]).tolist()
        else:
            starts, ends = [], []
        cached = doc.user_data["fz_token_offsets"] = (starts, ends)
    return cached


def token_starts(doc: Doc) -> frozenset[int]:
    """Character offsets where a token starts (cached per doc)."""
    cached = doc.user_data.get("fz_token_starts")
    if cached is None:
        cached = doc.user_data["fz_token_starts"] = frozenset(token_offsets(doc)[0])
    return cached


def token_ends(doc: Doc) -> frozenset[int]:
    """Character offsets where a token ends (cached per doc)."""
    cached = doc.user_data.get("fz_token_ends")
    if cached is None:
        cached = doc.user_data["fz_token_ends"] = frozenset(token_offsets(doc)[1])
    return cached


def cut_after_last(name: str, words) -> int:
    """Offset in ``name`` just after the last occurrence of any of ``words`` (0 if none):
    where a name starts once leading verbs and function words are stripped."""
    cut = 0
    for j in range(len(name)):
        for w in words:
            if name.startswith(w, j) and j + len(w) > cut:
                cut = j + len(w)
    return cut


def register(name: str, fn: Callable[[Doc], list]) -> None:
    """Register ``fn(doc) -> list[Mention]`` as component ``name`` appending to doc._.fz_mentions."""

    def component(doc: Doc) -> Doc:
        meta_of(doc)
        found = fn(doc)
        for m in found:
            m.source = m.source or name
        mentions_of(doc).extend(found)
        return doc

    component.__name__ = name
    Language.component(name, func=component)


_loaded = [importlib.import_module(f"{__name__}.{m}") for m in MODULES]


def lexicon() -> Iterable[str]:
    words: set[str] = set()
    for mod in _loaded:
        fn = getattr(mod, "lexicon", None)
        if fn is not None:
            words.update(fn())
    return words
