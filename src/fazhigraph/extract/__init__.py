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
    "figures",
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
    for w in words:  # the last occurrence of a word ends furthest right: one rfind per word
        if not w:
            end = len(name) - 1  # "" "occurs" at every index of ``name``
        else:
            j = name.rfind(w)
            end = j + len(w) if j >= 0 else -1
        if end > cut:
            cut = end
    return cut


class LiteralMatch:
    """The part of ``re.Match`` that callers of :class:`LiteralPattern` use."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self, group: int = 0) -> int:
        return self._start

    def end(self, group: int = 0) -> int:
        return self._end

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._start, self._end

    def group(self, group: int = 0) -> str:
        return self._text


class LiteralPattern:
    """``re.compile("|".join(map(re.escape, words)))`` for ``finditer``, with Aho-Corasick.

    Python's regex engine tries a long alternation of literals word by word at every
    position (over a thousand law names made that the slowest scan of a report). This gives
    the same matches: scanning left to right, at each position the *first* word in
    ``words`` order that is written there wins, and the scan resumes after it (so with
    ``words`` sorted longest first, the longest word). Empty words are not allowed.
    """

    def __init__(self, words: Iterable[str]) -> None:
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        n = 0
        for rank, w in enumerate(words):
            if not w:
                raise ValueError("LiteralPattern: empty word")
            if w not in self._auto:  # a repeated word keeps its first (best) rank
                self._auto.add_word(w, (rank, len(w)))
                n += 1
        self._empty = n == 0
        if not self._empty:
            self._auto.make_automaton()

    def finditer(self, text: str):
        if self._empty:
            return
        best: dict[int, tuple[int, int]] = {}  # start -> (rank, length) of the best word there
        for end, (rank, ln) in self._auto.iter(text):
            start = end - ln + 1
            got = best.get(start)
            if got is None or rank < got[0]:
                best[start] = (rank, ln)
        pos = 0
        for start in sorted(best):
            if start < pos:
                continue
            pos = start + best[start][1]
            yield LiteralMatch(start, pos, text[start:pos])


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
