"""End-to-end quality: build the seed corpus and the devset, score them like tools/score.py.

The gold annotations live beside the repository (``../shared/gold``, ``../shared/devset``) as a
development set; they are read here only to measure, never by the package. Without them
(a user's checkout) these tests are skipped with that reason.
"""
from __future__ import annotations

import pytest

from conftest import SHARED

GOLD = SHARED / "gold"
DEV = SHARED / "devset"

needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold (development gold) not present")
needs_dev = pytest.mark.skipif(not (DEV / "gold").is_dir(), reason="../shared/devset not present")


@needs_gold
def test_seed_corpus_quality(seed_build):
    from fazhigraph.evaluate import evaluate

    _, out = seed_build
    ev = evaluate(out / "graph.ttl", GOLD)
    core = ev.core()
    law = ev.types["Law"]
    assert not ev.missing_docs
    assert core.f1 >= 0.95, f"core F1 {core.f1:.3f}"
    assert law.canon / law.tp >= 0.95, "Law canonical-name accuracy"
    assert ev.split == [], f"entities split across nodes: {ev.split}"
    assert ev.types["Bureau"].f1 == 1.0


@needs_dev
def test_devset_quality(tmp_path):
    from fazhigraph.build import build
    from fazhigraph.evaluate import evaluate

    summary = build(DEV / "raw", tmp_path, jobs=2, html=False)
    assert summary.failed == 0, summary.errors
    ev = evaluate(tmp_path / "graph.ttl", DEV / "gold")
    assert ev.core().f1 >= 0.92, f"devset core F1 {ev.core().f1:.3f}"
    assert ev.split == []
