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
