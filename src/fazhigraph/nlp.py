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


#: The jieba release whose ``Tokenizer.cut`` :func:`_jieba_cut` reproduces (checked at run time).
_JIEBA_VERSION = "0.42.1"


def _jieba_cut(seg, text: str) -> list[str]:
    """``[w for w in seg.cut(text) if w]`` (accurate mode with HMM), about twice as fast.

    jieba spends most of a report in ``Tokenizer.get_DAG`` and ``Tokenizer.calc``: the
    first builds a dict of candidate word ends per position, the second takes a ``max``
    over a generator of tuples per position. :func:`_cut_han_block` computes the same best
    route in one right-to-left loop with the same arithmetic, in the same order
    (``log(freq) - logtotal + route``), and the same tie rule as ``max`` over
    ``(score, end)`` tuples (equal scores: the larger end), so the words are identical.
    The rest of ``Tokenizer.cut`` / ``__cut_DAG`` (block splitting, HMM for unknown runs)
    is jieba's own code path, step by step. Anything but the default jieba release and
    tokenizer falls back to ``seg.cut``.
    """
    import jieba

    dt = getattr(seg, "dt", None)
    if (getattr(seg, "__version__", None) != _JIEBA_VERSION or dt is None
            or getattr(seg.cut, "__self__", None) is not dt or type(dt) is not jieba.Tokenizer):
        return [w for w in seg.cut(text, cut_all=False) if w]
    dt.check_initialized()
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    words: list[str] = []
    for blk in re_han.split(text):
        if not blk:
            continue
        if re_han.match(blk):
            _cut_han_block(dt, blk, words)
        else:
            for x in re_skip.split(blk):
                if re_skip.match(x):
                    words.append(x)
                else:
                    words.extend(x)
    return [w for w in words if w]


def _cut_han_block(dt, sentence: str, words: list[str]) -> None:
    """jieba's ``Tokenizer.__cut_DAG(sentence)`` (DAG, best route, HMM), appended to ``words``."""
    from math import log

    from jieba import finalseg

    freq = dt.FREQ
    get = freq.get
    logtotal = log(dt.total)
    n = len(sentence)
    score = [0.0] * (n + 1)  # route[idx][0] of jieba's calc
    best_end = [0] * (n + 1)  # route[idx][1]
    for idx in range(n - 1, -1, -1):
        # the candidate word ends of get_DAG(sentence)[idx] (prefixes in the prefix dict
        # with a nonzero count), in increasing order
        top = None
        top_end = idx
        i = idx
        frag = sentence[idx]
        while True:
            f = get(frag)
            if f is None:
                break
            if f:
                sc = log(f) - logtotal + score[i + 1]
                if top is None or sc >= top:  # max() over (score, end): ties go to the larger end
                    top, top_end = sc, i
            i += 1
            if i >= n:
                break
            frag = sentence[idx:i + 1]
        if top is None:  # no dictionary word starts here: the single character, log(1) = 0
            top, top_end = log(1) - logtotal + score[idx + 1], idx
        score[idx] = top
        best_end[idx] = top_end
    x = 0
    buf = ""
    while x < n:
        y = best_end[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush_single_chars(buf, get, finalseg, words)
                buf = ""
            words.append(sentence[x:y])
        x = y
    if buf:
        _flush_single_chars(buf, get, finalseg, words)


def _flush_single_chars(buf: str, get, finalseg, words: list[str]) -> None:
    """A run of single-character words: jieba's HMM pass for a run that is not a dictionary word."""
    if len(buf) == 1:
        words.append(buf)
    elif not get(buf):
        words.extend(finalseg.cut(buf))
    else:
        words.extend(buf)


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """Same result as ``spacy.util.get_words_and_spaces(words, text)``, in linear time.

    spaCy's version searches each word in a fresh slice ``text[pos:]`` (quadratic copying
    on a 10 KB report) and first re-joins all words to check them. Here the words are
    located with ``text.index(word, pos)``, which finds the same offsets without copying.
    The alignment rules are spaCy's: whitespace-only words are dropped, a single space
    after a word becomes that word's trailing space, any other text between words
    (line breaks, further spaces) becomes a token of its own. Words that do not align
    fall back to spaCy's function (which raises its usual error).
    """
    from spacy.util import get_words_and_spaces

    text_words: list[str] = []
    text_spaces: list[bool] = []
    append_word, append_space = text_words.append, text_spaces.append
    pos = 0
    n = len(text)
    index = text.index
    for word in words:
        if word.isspace():
            continue
        try:
            start = index(word, pos)
        except ValueError:
            return get_words_and_spaces(words, text)
        if start > pos:
            if not text[pos:start].isspace():
                # non-whitespace text the words skipped: let spaCy decide (it raises)
                return get_words_and_spaces(words, text)
            append_word(text[pos:start])
            append_space(False)
        append_word(word)
        pos = start + len(word)
        if pos < n and text[pos] == " ":
            append_space(True)
            pos += 1
        else:
            append_space(False)
    if pos < n:
        if not text[pos:].isspace():
            return get_words_and_spaces(words, text)
        append_word(text[pos:])
        append_space(False)
    return text_words, text_spaces


def tokenize(nlp, text: str):
    """``nlp.make_doc(text)`` (jieba segmentation) as a Doc with a cached ``.text``."""
    tok = nlp.tokenizer
    seg = getattr(tok, "jieba_seg", None)
    if seg is None or str(getattr(tok, "segmenter", "")) not in ("jieba", "Segmenter.jieba"):
        return nlp.make_doc(text)
    words, spaces = _words_and_spaces(_jieba_cut(seg, text), text)
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
