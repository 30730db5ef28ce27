"""Figures in the graph: qb:Observation triples, the measure scheme, and ReportResult round trips."""
from __future__ import annotations

from fazhigraph.model import Figure, ReportMeta, ReportResult, Sentence
from fazhigraph.observations import (DATASET, MEASURE_NS, broader_chain, measure_scheme, observation_quads,
                                     scheme_quads, top_label, top_measure)

R = "https://w3id.org/fazhigraph/id/report/x.txt"
B = "<https://w3id.org/fazhigraph/id/bureau/b>"
TAIL = f" <{R}> .\n"


def _report(figures):
    return ReportResult(file="x.txt", path="", sha1="", meta=ReportMeta(bureau="某局", year=2023), mentions=[],
                        sentences=[Sentence(0, 20, "全年罚款72万余元。")], figures=figures)


def _fine(start=4):
    return Figure(value="720000", unit="元", measure="fine-amount", start=start, end=start + 6, text="72万余元",
                  approx="over", period_start=2023, period_end=2023)


def test_the_scheme_has_the_thirteen_top_measures():
    tops = {c for c in measure_scheme() if top_measure(c) == c}
    assert {top_label(c) for c in tops} == {"执法检查", "立案", "行政处罚", "罚没款", "移送司法", "合法性审核", "行政复议",
                                            "行政诉讼", "信访投诉", "学法培训", "普法宣传", "政务公开与服务", "其他"}
    assert top_label("admin-review-correction", "en") == "Administrative reconsideration"
    assert broader_chain("litigation-lost") == ("litigation-lost", "litigation")


def test_one_observation_per_fact_with_a_mention_each():
    lines = list(observation_quads(_report([_fine(4), _fine(40)]), R, B, TAIL))
    obs = {ln.split(" ")[0] for ln in lines if "cube#Observation" in ln}
    assert len(obs) == 1
    (O,) = obs
    assert sum(1 for ln in lines if "ontology#denotes" in ln and ln.split(" ")[2] == O) == 2
    mine = [ln for ln in lines if ln.startswith(O)]
    text = "".join(mine)
    assert '"720000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert '"元"' in text and '"over"' in text and '"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>' in text
    assert f"<{MEASURE_NS}fine-amount>" in text and B in text


def test_a_reports_figures_are_its_own_triples():
    lines = list(observation_quads(_report([_fine()]), R, B, TAIL))
    # observations, mentions and sentences sort with the report: its graph's local part; nothing shared
    assert lines and all(ln.startswith(f"<{R}#") for ln in lines)


def test_the_scheme_and_data_set_are_written_once_in_the_entity_graph():
    g = "<https://w3id.org/fazhigraph/id/graph/entities>"
    lines = list(scheme_quads(g))
    assert all(ln.endswith(f" {g} .\n") for ln in lines)
    assert any(ln.startswith(f"<{MEASURE_NS}fine-amount> ") and "broader" in ln for ln in lines)
    assert any(ln.startswith(f"<{MEASURE_NS}fine> ") and '"罚没款"@zh' in ln for ln in lines)
    assert any(ln.startswith(f"<{DATASET}> ") for ln in lines)


def test_no_figures_no_triples():
    assert list(observation_quads(_report([]), R, B, TAIL)) == []


def test_report_result_round_trips_its_figures():
    rep = _report([_fine()])
    back = ReportResult.from_dict(rep.to_dict())
    assert back == rep and back.figures[0].approx == "over"


def test_a_result_dict_without_figures_reads_as_none():
    d = _report([]).to_dict()
    del d["figures"]
    assert ReportResult.from_dict(d).figures == []


def test_report_figure_items_for_the_view_fragment():
    from fazhigraph.figuretable import report_figure_items

    items = report_figure_items(_report([_fine(4), _fine(40)]))
    assert items == ((2023, "罚没款", "罚款金额", "720000", "元", "over", "2023", "72万余元"),)
