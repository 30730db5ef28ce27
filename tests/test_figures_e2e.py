"""Figures end to end on corpus/: the seeds' build scored against the hand-annotated gold, the
saved queries' answers, the CSV export, the table the view's panel reads, the analysis section."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHARED

SCORER = SHARED / "tools" / "score_figures.py"
GOLD = SHARED / "gold-figures"
XQ = "天津市西青区生态环境局"


@pytest.fixture(scope="module")
def store(seed_build):
    from fazhigraph.store import load_store

    _, out = seed_build
    return load_store(out / "graph.ttl")


def run(store, prefix):
    from fazhigraph.store import run_query

    (path,) = [q for q in (ROOT / "queries").glob("*.rq") if q.name.startswith(prefix)]
    vars_, rows = run_query(store, path.read_text(encoding="utf-8"))
    return [dict(zip(vars_, r)) for r in rows]


@pytest.mark.skipif(not SCORER.exists() or not GOLD.exists(), reason="shared figure gold not available")
def test_seed_figures_score_above_the_bar(seed_build):
    _, out = seed_build
    res = subprocess.run([sys.executable, str(SCORER), str(out / "graph.ttl"), str(GOLD), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(res.stdout)
    assert score["f1"] >= 0.90, score
    assert score["measure_acc"] >= 0.85, score


def test_fines_per_body_and_year(store):
    rows = {(r["bureauName"], r["year"]): r for r in run(store, "13_")}
    assert rows[("西宁市湟中区生态环境局", "2024")]["fines"] == "652256"  # 处罚金额65.2256万元
    assert all(float(r["fines"]) > 0 for r in rows.values())


def test_cases_and_penalties_per_body_and_year(store):
    rows = run(store, "14_")
    got = {(r["bureauName"], r["year"], r["measure"]): r["count"] for r in rows}
    assert got[("西宁市湟中区生态环境局", "2024", "行政处罚")] == "25"  # 查处环境违法行为25起
    assert {r["measure"] for r in rows} <= {"立案", "行政处罚"}


def test_reviews_and_litigation_zeros(store):
    rows = run(store, "15_")
    got = {(r["bureauName"], r["measure"], r["value"]) for r in rows}
    assert ("西宁市湟中区生态环境局", "行政复议", "0") in got  # 无行政复议案件发生
    assert ("西宁市湟中区生态环境局", "行政诉讼", "0") in got


def test_year_over_year_for_one_body(store):
    rows = run(store, "16_")
    years = {r["year"] for r in rows}
    assert {"2021", "2024"} <= years
    # 审议环境违法案件167件 (2021), 审核重大案件62件 (2024)
    review = {r["year"]: r["largest"] for r in rows if r["measure"] == "合法性审核" and r["unit"] == "件"}
    assert review == {"2021": "167", "2024": "62"}


def test_a_fact_stated_twice_is_one_observation_with_two_mentions(store):
    from fazhigraph.figuretable import figure_rows

    rows = [r for r in figure_rows(store) if r.report.startswith("001_") and r.text == "143件"]
    assert len(rows) == 1 and rows[0].mentions == 2
    assert (rows[0].period_start, rows[0].period_end) == (2020, 2021)  # 2020年至今 in a 2021 report


def test_figures_by_year_for_the_view_panel(store):
    from fazhigraph.figuretable import figure_rows, figures_by_year

    body = next(r.body for r in figure_rows(store) if r.body_name == XQ)
    by_year = figures_by_year(store, body)
    assert list(by_year) == [2021, 2024]
    assert all(r.body == body for rows in by_year.values() for r in rows)
    assert "62件" in [r.text for r in by_year[2024]]


def test_csv_export(seed_build, tmp_path):
    from fazhigraph.cli import app

    _, out = seed_build
    target = tmp_path / "figures.csv"
    res = CliRunner().invoke(app, ["export", "--format", "csv", "--what", "figures", "--graph",
                                   str(out / "graph.nq"), "-o", str(target)])
    assert res.exit_code == 0, res.output
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["report", "body", "year", "measure", "concept", "value", "unit", "approx", "period",
                             "text", "sentence"]
    fine = [r for r in rows if r["measure"] == "罚没款" and r["report"].startswith("003_")]
    assert fine and fine[0]["value"] == "652256" and fine[0]["unit"] == "元" and "65.2256万元" in fine[0]["sentence"]
    assert any(r["approx"] == "over" for r in rows)


def test_csv_export_rejects_other_formats(seed_build):
    from fazhigraph.cli import app

    _, out = seed_build
    res = CliRunner().invoke(app, ["export", "-w", "figures", "-f", "ttl", "-g", str(out / "graph.ttl")])
    assert res.exit_code == 2


def test_analysis_has_a_panel_per_measure(store):
    from fazhigraph.analyze_figures import figure_panels, panels_markdown, panels_svg

    panels = figure_panels(store)
    names = [p.measure for p in panels]
    assert names[-1] == "其他" and "罚没款" in names and len(names) == len(set(names))
    fine = next(p for p in panels if p.measure == "罚没款")
    assert fine.unit == "元" and max(v for _, _, v, _ in fine.rows) >= 652256
    assert panels_svg(panels).count("<svg") == len(panels)
    assert any("罚没款" in ln for ln in panels_markdown(panels, str))


def test_observations_conform_to_the_shapes(seed_build):
    from fazhigraph.validate import validate_file

    _, out = seed_build
    res = validate_file(out / "graph.nq")
    assert res.conforms, res.text
