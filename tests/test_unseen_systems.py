"""Generalisation check for Systems and LawFirms on unseen-style reports.

``tests/fixtures/unseen/systems/`` holds fourteen hand-written report openings in the style of
real 法治政府建设情况报告 with hand-written gold: departments other than ecology (市场监管, 公安, 司法,
财政, 人社, 民政, 应急管理, 住建, 交通, 水利, 林业, 税务, 医保) and a 街道办事处; province 厅/局,
city 局, county-level city 局, district 局, a vertically managed tax bureau; years 2017–2024
(二〇二三年 title, a broken title line, 市委、市政府： addressees, breadcrumb page chrome, a body named
only in the title and as 我局). They name systems of those departments (公平竞争审查制度, 证明事项告知承诺制,
府院联动, 行政复议体制改革, 河长制/林长制/路长制, 安全生产责任制, 接诉即办 …), internal office rules that
are no systems (公务接待管理制度), and law firms with branches and in 、-lists.
The floors sit a little below what the extractors reach, so a regression fails.
"""
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "unseen" / "systems"

#: per-type F1 floors (reached: System 1.00, LawFirm 1.00, core 0.99)
FLOORS = {"System": 0.95, "LawFirm": 0.95}
CORE_FLOOR = 0.93


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    from fazhigraph.build import build
    from fazhigraph.evaluate import evaluate

    out = tmp_path_factory.mktemp("unseen_systems")
    build(FIXTURES, out, jobs=1, html=False, use_cache=False)
    return evaluate(out / "graph.ttl", FIXTURES / "gold")


def test_fixture_folder_is_complete():
    texts = sorted(p.stem for p in FIXTURES.glob("*.txt"))
    golds = sorted(p.stem for p in (FIXTURES / "gold").glob("*.json"))
    assert len(texts) >= 12 and texts == golds


@pytest.mark.parametrize("etype", sorted(FLOORS))
def test_type_f1_floor(evaluation, etype):
    score = evaluation.types[etype]
    assert score.f1 >= FLOORS[etype], (etype, score, evaluation.missed, evaluation.spurious)


def test_core_f1_floor(evaluation):
    assert evaluation.core().f1 >= CORE_FLOOR, (evaluation.core(), evaluation.missed, evaluation.spurious)


def test_no_internal_office_rule_becomes_a_system(evaluation):
    spurious = [n for items in evaluation.spurious.values() for t, n in items if t == "System"]
    assert not any(w in n for n in spurious for w in ("报销", "接待", "保密")), spurious
