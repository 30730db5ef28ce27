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
    "fazhi_figures",
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
    dt = getattr(getattr(nlp.tokenizer, "jieba_seg", None), "dt", None)
    if dt is not None:  # the compiled trie, made once here (forked workers share it)
        dt.check_initialized()
        _fast_trie(dt)
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
    is jieba's own code path, step by step. Where jieba_fast_dat is installed (a dependency
    on Linux and macOS) the best route is taken in its compiled code instead, over a trie
    kept equal to jieba's counts (:func:`_fast_trie`): the same words again, about four
    times as fast as the Python route. Anything but the default jieba release and
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
    fast = _fast_trie(dt)
    calc = _fast_functions()._get_DAG_and_calc if fast is not None else None
    from jieba import finalseg  # once a text, not once a block
    for blk in re_han.split(text):
        if not blk:
            continue
        if re_han.match(blk):
            if fast is not None:
                _cut_han_block_fast(dt, fast, calc, finalseg, blk, words)
            else:
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
    _words_on_route(sentence, best_end, get, finalseg, words)


def _words_on_route(sentence: str, ends, get, finalseg, words: list[str]) -> None:
    """The words of ``sentence`` along a best route (``ends[x]``: the last character of the
    word that starts at ``x``), as jieba's ``__cut_DAG`` yields them: runs of single
    characters go through :func:`_flush_single_chars`."""
    n = len(sentence)
    x = 0
    buf = ""
    while x < n:
        y = ends[x] + 1
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


class _TrackedFreq(dict):
    """jieba's word counts (``Tokenizer.FREQ``) that note every change, so that the compiled
    trie of :func:`_fast_trie` follows words added or removed after it was made. jieba itself
    only ever assigns items (``add_word``, ``del_word``, ``suggest_freq``); any other change
    is noted as ``None`` (the trie is made again)."""

    __slots__ = ("changes",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.changes: list = []

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self, key, value)
        self.changes.append((key, value))

    def _changed(name):  # noqa: N805 - builds the methods below
        def method(self, *args, **kwargs):
            self.changes.append(None)
            return getattr(dict, name)(self, *args, **kwargs)

        method.__name__ = name
        return method

    __delitem__ = _changed("__delitem__")
    __ior__ = _changed("__ior__")
    pop = _changed("pop")
    popitem = _changed("popitem")
    clear = _changed("clear")
    update = _changed("update")
    setdefault = _changed("setdefault")
    del _changed


#: (tokenizer, its FREQ, compiled trie) of :func:`_fast_trie`, per process.
_FAST: tuple | None = None


@functools.lru_cache(maxsize=1)
def _fast_functions():
    """jieba_fast_dat's compiled functions, or None where that package is not installed."""
    try:
        from jieba_fast_dat import _jieba_fast_dat_functions_py3 as functions
    except Exception:  # not installed, or no wheel for this platform: jieba's route in Python
        return None
    return functions


def _fast_trie(dt):
    """A compiled double-array trie (jieba_fast_dat's ``DatTrie``) holding exactly ``dt.FREQ``'s
    words and counts, kept in step with it; None where jieba_fast_dat is missing.

    The trie is made from ``dt.FREQ`` itself (not from a dictionary file), so it holds the
    user dictionary too. ``dt.FREQ`` is swapped for a :class:`_TrackedFreq` with the same
    items, whose notes of later changes are replayed on the trie before the next cut; a FREQ
    that jieba makes anew (``initialize`` after ``set_dictionary``) makes a new trie.
    """
    global _FAST
    functions = None if _FAST_OFF else _fast_functions()
    if functions is None:
        return None
    freq = dt.FREQ
    state = _FAST
    if state is not None and state[0] is dt and state[1] is freq:
        changes = freq.changes
        if not changes:
            return state[2]
        if None not in changes:
            trie = state[2]
            for word, count in changes:
                trie.add_word(word, int(count), "")
            changes.clear()
            return trie
    if type(freq) is not _TrackedFreq:
        if type(freq) is not dict:
            return None
        freq = dt.FREQ = _TrackedFreq(freq)
    try:
        trie = functions.DatTrie()
        for word, count in freq.items():
            if count:
                trie.add_word(word, int(count), "")
        freq.changes.clear()
        same = all(_cut_same(dt, trie, functions._get_DAG_and_calc, s) for s in _SELF_CHECK)
    except Exception:  # another release's API: jieba's route in Python
        same = False
    if not same:
        _fast_functions.cache_clear()
        _FAST_OFF.append(True)
        return None
    _FAST = (dt, freq, trie)
    return trie


#: Texts the compiled route is checked on before it is used (a release that cut differently
#: from jieba would switch it off).
_SELF_CHECK = (
    "天津市西青区司法局2024年法治政府建设情况报告",
    "全面落实行政执法公示制度执法全过程记录制度重大执法决定法制审核制度",
    "聘请北京市京师律师事务所为常年法律顾问办理行政复议案件12件同比增长8.5%",
    "结婚的和尚未结婚的都在研究生命的起源南京市长江大桥",
)
_FAST_OFF: list = []


def _cut_same(dt, trie, calc, sentence: str) -> bool:
    from jieba import finalseg

    a: list[str] = []
    b: list[str] = []
    _cut_han_block(dt, sentence, a)
    _cut_han_block_fast(dt, trie, calc, finalseg, sentence, b)
    return a == b


def _cut_han_block_fast(dt, trie, calc, finalseg, sentence: str, words: list[str]) -> None:
    """:func:`_cut_han_block` with the best route taken in compiled code (jieba_fast_dat's
    ``_get_DAG_and_calc``: the same DAG, scores and tie rule as jieba's ``calc``); the words
    are then put together as jieba does, with jieba's own HMM (``finalseg``) for runs of
    single characters."""
    route: list[int] = []
    calc(trie, sentence, route, float(dt.total))
    _words_on_route(sentence, route, dt.FREQ.get, finalseg, words)


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


def process(text: str, file: str = "", meta: ReportMeta | None = None):
    """Run the whole pipeline on a normalized text (``meta``: what is known beforehand, its hints)."""
    nlp = get_nlp()
    doc = tokenize(nlp, text)
    doc._.fz_file = file
    if meta is not None:
        doc._.fz_meta = meta
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
