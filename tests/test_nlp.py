"""The pipeline's own jieba cut gives exactly jieba's words (it re-implements jieba's best route)."""
from __future__ import annotations

import pytest

from conftest import CORPUS

TEXTS = [
    "天津市西青区司法局2024年法治政府建设情况报告",
    "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度（“三项制度”）。",
    "聘请北京市京师律师事务所为常年法律顾问，办理行政复议案件12件，同比增长8.5%。",
    "依托“津心办”APP和12345政务服务便民热线，推行“首违不罚”清单。",
    "王小明、李华等3名公职律师参与合同审查 ABC-123 abc 2024.1.5",
    "",
    "\n\n  \t",
]


@pytest.fixture(scope="module")
def seg():
    from fazhigraph.nlp import get_nlp

    return get_nlp().tokenizer.jieba_seg


def test_jieba_cut_equals_jiebas_own_cut(seg):
    from fazhigraph.nlp import _jieba_cut

    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) > len(TEXTS)
    for text in texts:
        assert _jieba_cut(seg, text) == [w for w in seg.cut(text, cut_all=False) if w]


def test_jieba_cut_follows_words_added_later(seg):
    import jieba

    from fazhigraph.nlp import _jieba_cut

    text = "推进蓝鲸跃海行动"
    word = "蓝鲸跃海"
    assert word not in _jieba_cut(seg, text)
    jieba.add_word(word, freq=5000)
    try:
        assert word in _jieba_cut(seg, text)
        assert _jieba_cut(seg, text) == [w for w in seg.cut(text) if w]
    finally:
        jieba.del_word(word)
    assert word not in _jieba_cut(seg, text)


def _python_cut(seg, text: str) -> list[str]:
    """jieba's route in Python only (the compiled one switched off)."""
    from fazhigraph import nlp

    nlp._FAST_OFF.append(True)
    try:
        return nlp._jieba_cut(seg, text)
    finally:
        nlp._FAST_OFF.remove(True)


def test_compiled_route_is_used_where_installed(seg):
    import sys

    from fazhigraph.nlp import _fast_trie

    if sys.platform.startswith("linux"):  # the package has wheels for Linux (a dependency there)
        assert _fast_trie(seg.dt) is not None


def test_python_route_still_equals_jiebas_cut(seg):
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for text in texts:
        assert _python_cut(seg, text) == [w for w in seg.cut(text, cut_all=False) if w]


def test_compiled_and_python_routes_agree_on_random_text(seg):
    import random

    from fazhigraph.nlp import _jieba_cut

    rnd = random.Random(7)
    words = sorted(w for w, f in seg.dt.FREQ.items() if f and len(w) <= 4)[::40]
    chars = sorted({c for w in words for c in w})
    for _ in range(3000):
        text = "".join(rnd.choice(words) if rnd.random() < 0.7 else rnd.choice(chars)
                       for _ in range(rnd.randint(1, 14)))
        assert _jieba_cut(seg, text) == _python_cut(seg, text), text


def test_compiled_route_follows_changed_counts(seg):
    import jieba
    from jieba import finalseg

    from fazhigraph.nlp import _jieba_cut

    text = "南京市长江大桥通车仪式"
    touched = ["市长江", "长江大桥", "江大", "南京", "市长"]
    freq = seg.dt.FREQ
    before = {w: freq.get(w) for w in touched}, seg.dt.total, set(finalseg.Force_Split_Words)
    try:
        for w, f in zip(touched, (900000, 10, 50000)):
            jieba.add_word(w, freq=f)
            assert _jieba_cut(seg, text) == _python_cut(seg, text) == [x for x in seg.cut(text) if x]
        jieba.del_word("长江大桥")
        jieba.suggest_freq(("南京", "市长"), tune=True)
        assert _jieba_cut(seg, text) == _python_cut(seg, text) == [x for x in seg.cut(text) if x]
    finally:
        counts, total, split = before
        for w, f in counts.items():
            if f is None:
                freq.pop(w, None)
            else:
                freq[w] = f
        seg.dt.total = total
        finalseg.Force_Split_Words.clear()
        finalseg.Force_Split_Words.update(split)
    assert _jieba_cut(seg, text) == _python_cut(seg, text) == [x for x in seg.cut(text) if x]


def test_compiled_route_made_again_for_a_new_dictionary(seg, monkeypatch):
    from fazhigraph import nlp

    if nlp._fast_trie(seg.dt) is None:
        pytest.skip("jieba_fast_dat not installed")
    first = nlp._fast_trie(seg.dt)
    monkeypatch.setattr(seg.dt, "FREQ", dict(seg.dt.FREQ))  # as jieba's initialize() makes anew
    second = nlp._fast_trie(seg.dt)
    assert second is not None and second is not first
    assert type(seg.dt.FREQ) is nlp._TrackedFreq
    text = TEXTS[2]
    assert nlp._jieba_cut(seg, text) == [w for w in seg.cut(text) if w]


def test_compiled_route_switched_off_when_it_cuts_differently(seg, monkeypatch):
    from fazhigraph import nlp

    monkeypatch.setattr(nlp, "_FAST", None)
    monkeypatch.setattr(nlp, "_FAST_OFF", [])
    monkeypatch.setattr(nlp, "_cut_same", lambda *a: False)
    assert nlp._fast_trie(seg.dt) is None
    text = TEXTS[1]
    assert nlp._jieba_cut(seg, text) == [w for w in seg.cut(text) if w]
    nlp._fast_functions.cache_clear()
