"""The saved queries in queries/ answer their questions on the seed corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(seed_build):
    from fazhigraph.store import load_store

    _, out = seed_build
    return load_store(out / "graph.ttl")


def run(store, name):
    from fazhigraph.store import run_query

    (path,) = [q for q in QUERIES if q.name.startswith(name)]
    vars_, rows = run_query(store, path.read_text(encoding="utf-8"))
    return [dict(zip(vars_, r)) for r in rows]


def test_at_least_ten_documented_queries():
    assert len(QUERIES) >= 10
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert text.startswith("# title:"), q.name
        assert "# 说明:" in text, q.name


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_every_query_runs(store, path):
    from fazhigraph.store import run_query

    vars_, rows = run_query(store, path.read_text(encoding="utf-8"))
    assert vars_ and rows, f"{path.name} returned nothing on corpus/"


def test_laws_most_cited(store):
    rows = run(store, "01_")
    names = [r["name"] for r in rows]
    # 宪法 and 民法典 are cited by both Tianjin bureaus' reports in the seeds
    assert "中华人民共和国宪法" in names[:10]
    assert int(rows[0]["bureaus"]) >= 2
    counts = [int(r["bureaus"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_bureaus_without_public_lawyers(store):
    names = {r["name"] for r in run(store, "02_")}
    assert "乌苏市生态环境局" not in names  # its report names 公职律师制度
    assert names  # others do not


def test_law_firms_and_bureaus(store):
    rows = run(store, "03_")
    pairs = {(r["firmName"], r["bureauName"]) for r in rows}
    assert ("金诺律师事务所", "天津市西青区生态环境局") in pairs
    years = {r["year"] for r in rows if r["firmName"] == "金诺律师事务所"}
    assert {"2021", "2024"} <= years


def test_partner_agencies(store):
    rows = {r["bureauName"]: r["agencies"] for r in run(store, "04_")}
    assert "天津市西青区人民政府" in rows["天津市西青区生态环境局"]
    assert "西宁市生态环境局" in rows.get("西宁市湟中区生态环境局", "")


def test_changes_between_years(store):
    rows = run(store, "05_")
    added = {r["name"] for r in rows if r["change"] == "added"}
    dropped = {r["name"] for r in rows if r["change"] == "dropped"}
    assert added and dropped
    assert not added & dropped
    # 2024 report cites the district's 2021–2025 outline; the 2021 one does not
    assert any("法治政府建设实施纲要" in n for n in added)


def test_sentences_mentioning_a_law(store):
    rows = run(store, "06_")
    assert rows
    for r in rows:
        assert r["surface"] in r["sentence"]
        assert "宪法" in r["surface"]


def test_reports_by_year_have_regions(store):
    rows = run(store, "08_")
    assert {r["year"] for r in rows} == {"2021", "2022", "2023", "2024"}
    by_file = {r["file"]: r for r in rows}
    assert by_file["004_5aac1c274447ee50.txt"]["regionName"] == "乌苏市"
    assert by_file["004_5aac1c274447ee50.txt"]["code"] == "654202"


def test_three_systems_coverage(store):
    rows = run(store, "09_")
    assert any("行政执法公示制度" in r["parts"] for r in rows)
