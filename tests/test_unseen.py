"""Generalisation checks on unseen-style reports, every fixture set scored on every type.

``tests/fixtures/unseen/<set>/`` holds 12–15 hand-written report openings each, in the style of
real 法治政府建设情况报告 but of other provinces, levels, departments and years than the seed
corpus, with hand-written gold (GUIDELINES.md format):

- ``agencies``: 自治区 局, 盟 (盟委/行署), 自治州 county, 林区, 直辖市 district, county-level city,
  管委会, 街道办事处, 镇人民政府, a vertically managed tax bureau; 2015–2024, 二〇二三年 titles,
  a 2021—2022 period, a former division (临安市 in 2016);
- ``laws``: 市场监管, 公安分局, 人社, 应急管理厅, 医保, 税务, 林草, 统计, 民政, 住建委, 农业农村, 文旅,
  卫健委; 文号 in several forms, 以下简称, 《条例》 back-references, line-broken titles, 《宪法》宣传周;
- ``systems``: systems of those departments (公平竞争审查制度, 证明事项告知承诺制, 府院联动, 河长制 …),
  internal office rules that are no systems, law firms with branches and in 、-lists;
- ``extras``: units, enterprises, platforms and events of 市场监管, 公安, 财政厅, 交通运输厅, 文旅 …
- ``outsider``: 15 openings (黑龙江, 贵州, 宁夏, 海南, 西藏, 青海 … ; 税务, 医保, 民宗, 统计, 气象, 退役军人, 审计;
  a 开发区, a 镇, 教育部) written and annotated (core types only) by someone who had not read the code.
  First scored at core 0.887; the error classes it showed were then fixed, so it is no estimate any more.

Each set was written by the engineer tuning one extractor, so for the *other* types it is a
held-out set. Floors sit a little below what the build reaches, so a regression fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"

#: per set: core-F1 floor and per-type F1 floors (types with enough gold entities)
FLOORS = {
    "agencies": {"core": 0.95, "Bureau": 0.93, "Agency": 0.95, "Law": 0.93, "System": 0.93, "Unit": 0.9},
    "laws": {"core": 0.93, "Bureau": 0.85, "Agency": 0.9, "Law": 0.96, "System": 0.9, "Publication": 0.95,
             "Unit": 0.85},
    "systems": {"core": 0.95, "Bureau": 0.93, "Agency": 0.93, "LawFirm": 0.95, "Law": 0.95, "System": 0.95},
    "outsider": {"core": 0.92, "Bureau": 0.95, "Agency": 0.95, "LawFirm": 0.95, "Law": 0.95, "System": 0.88},
    "extras": {"core": 0.93, "Bureau": 0.93, "Agency": 0.88, "Law": 0.93, "System": 0.93, "Unit": 0.9,
               "Platform": 0.93, "Event": 0.93},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build each fixture set once: set -> (output dir, Evaluation)."""
    from fazhigraph.build import build
    from fazhigraph.evaluate import evaluate

    out = {}
    for name in FLOORS:
        d = tmp_path_factory.mktemp(f"unseen_{name}")
        summary = build(UNSEEN / name, d, jobs=1, html=False, use_cache=False)
        assert summary.failed == 0, summary.errors
        out[name] = (d, evaluate(d / "graph.ttl", UNSEEN / name / "gold"))
    return out


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_fixture_folder_is_complete(name):
    texts = sorted(p.stem for p in (UNSEEN / name).glob("*.txt"))
    golds = sorted(p.stem for p in (UNSEEN / name / "gold").glob("*.json"))
    assert len(texts) >= 12 and texts == golds


@pytest.mark.parametrize("name,etype", [(n, t) for n, fl in sorted(FLOORS.items()) for t in sorted(fl)])
def test_f1_floor(built, name, etype):
    ev = built[name][1]
    score = ev.core() if etype == "core" else ev.types[etype]
    assert score.f1 >= FLOORS[name][etype], (name, etype, round(score.f1, 3), ev.missed, ev.spurious)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_entity_split_across_nodes(built, name):
    assert built[name][1].split == []


def test_metadata_of_unseen_reports():
    """Bureau, region path and year of every agencies/ report (at most one may be off)."""
    from fazhigraph.pipeline import extract_file

    fixtures = UNSEEN / "agencies"
    wrong = []
    for gold in sorted((fixtures / "gold").glob("*.json")):
        want = json.loads(gold.read_text(encoding="utf-8"))["report"]
        meta = extract_file(fixtures / (gold.stem + ".txt")).meta
        got = dict(bureau=meta.bureau, region_path=meta.region_path, year=meta.year)
        exp = dict(bureau=want["bureau"], region_path=want["region_path"], year=want["year"])
        if got != exp:
            wrong.append((gold.stem, got, exp))
    assert len(wrong) <= 1, wrong


def test_doc_numbers_reach_the_graph(built):
    """Every 文号 of the laws/ gold (〔〕, [], (), 令第X号 forms) is on the graph in its register form."""
    out, _ = built["laws"]
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    numbers = [e["doc_number"] for g in sorted((UNSEEN / "laws" / "gold").glob("*.json"))
               for e in json.loads(g.read_text(encoding="utf-8"))["entities"] if e.get("doc_number")]
    assert len(numbers) >= 6
    assert [n for n in numbers if f'"{n}"' not in ttl] == []


def test_no_internal_office_rule_becomes_a_system(built):
    ev = built["systems"][1]
    spurious = [n for items in ev.spurious.values() for t, n in items if t == "System"]
    assert not any(w in n for n in spurious for w in ("报销", "接待", "保密")), spurious
