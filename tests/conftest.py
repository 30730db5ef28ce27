"""Shared fixtures. Fixtures are built by hand; the seed corpus is the project's own corpus/."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from fazhigraph.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def make_doc(nlp):
    """make_doc(text, bureau=..., region_path=[...], year=...) -> tokenised Doc with report context."""
    from fazhigraph.model import ReportMeta
    from fazhigraph.nlp import make_doc as _make

    def _mk(text, bureau="", region_path=None, year=None, region_codes=None):
        rp = list(region_path or [])
        meta = ReportMeta(bureau=bureau, region=rp[-1] if rp else "", region_path=rp,
                          region_codes=list(region_codes or []), year=year)
        return _make(text, meta=meta)

    return _mk


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """One build of corpus/ shared by the end-to-end tests."""
    from fazhigraph.build import build

    out = tmp_path_factory.mktemp("seed_build")
    summary = build(CORPUS, out, jobs=2)
    return summary, out
