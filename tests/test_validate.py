"""SHACL validation (ontology/shapes.ttl via pySHACL): good graphs conform, broken ones are reported readably."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import graph_fixture
from fazhigraph.cli import app
from fazhigraph.validate import shorten, validate_file, validate_nquads

REP = "<https://w3id.org/fazhigraph/id/report/a2021.txt>"


def _without(pred_fragment: str, subject: str = REP) -> str:
    return "".join(ln for ln in graph_fixture.nquads().splitlines(keepends=True)
                   if not (ln.startswith(subject) and pred_fragment in ln.split(" ")[1]))


def test_fixture_conforms():
    res = validate_nquads(graph_fixture.nquads())
    assert res.conforms, res.text
    assert res.text.startswith("符合 / conforms")


@pytest.mark.parametrize("pred,path", [
    ("ontology#year", "fz:year"), ("ontology#reportingBody", "fz:reportingBody"), ("ontology#sourceFile", "fz:sourceFile"),
])
def test_report_needs_bureau_year_source(pred, path):
    res = validate_nquads(_without(pred))
    assert not res.conforms
    assert {(v.focus, v.path) for v in res.violations} == {("fzid:report/a2021.txt", path)}


def test_two_years_and_bad_datatype_are_violations():
    extra = f'{REP} <https://w3id.org/fazhigraph/ontology#year> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> {REP} .\n'
    res = validate_nquads(graph_fixture.nquads() + extra)
    assert [v.component for v in res.violations] == ["MaxCountConstraintComponent"]
    wrong = _without("ontology#year") + f'{REP} <https://w3id.org/fazhigraph/ontology#year> "2021" {REP} .\n'
    res = validate_nquads(wrong)
    assert [v.component for v in res.violations] == ["DatatypeConstraintComponent"]


def test_entity_needs_label_and_type():
    law = "<https://w3id.org/fazhigraph/id/law/中华人民共和国行政处罚法>"
    res = validate_nquads(_without("rdf-schema#label", law))
    assert {(v.focus, v.path) for v in res.violations} == {("fzid:law/中华人民共和国行政处罚法", "rdfs:label")}
    res = validate_nquads(_without("22-rdf-syntax-ns#type", law))
    assert {v.path for v in res.violations} == {"rdf:type"}


def test_mention_needs_offsets_in_order():
    text = graph_fixture.nquads()
    lines = text.splitlines(keepends=True)
    mention = next(ln.split(" ")[0] for ln in lines if "#m" in ln.split(" ")[0])
    res = validate_nquads(_without("nif-core#beginIndex", mention))
    assert {v.path for v in res.violations} == {"nif:beginIndex"}
    # begin after end
    swapped = [ln for ln in lines if not (ln.startswith(mention) and "Index>" in ln)]
    swapped.append(f'{mention} <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> "9"^^<http://www.w3.org/2001/XMLSchema#integer> {REP} .\n')
    swapped.append(f'{mention} <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex> "3"^^<http://www.w3.org/2001/XMLSchema#integer> {REP} .\n')
    res = validate_nquads("".join(swapped))
    assert [v.component for v in res.violations] == ["LessThanConstraintComponent"]


def test_readable_report_groups_by_rule():
    broken = _without("ontology#year", "<https://w3id.org/fazhigraph/id/report/")
    res = validate_nquads(broken)
    text = res.text
    assert text.splitlines()[0] == "不符合 / does not conform: 2 problem(s) in 1 rule(s)"
    assert "a report needs exactly one year" in text
    assert "fzid:report/a2021.txt" in text and "fzid:report/b2022.txt" in text
    assert "path fz:year" in text and "MinCount" in text


def test_shorten():
    assert shorten("https://w3id.org/fazhigraph/id/report/x.txt") == "fzid:report/x.txt"
    assert shorten("https://w3id.org/fazhigraph/ontology#year") == "fz:year"
    assert shorten("urn:x") == "urn:x"


def test_cli_exit_codes(tmp_path):
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    good.write_text(graph_fixture.nquads(), encoding="utf-8")
    bad.write_text(_without("ontology#reportingBody"), encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(app, ["validate", "--graph", str(good)])
    assert r.exit_code == 0 and "conforms" in r.output
    r = runner.invoke(app, ["validate", "--graph", str(bad)])
    assert r.exit_code == 1 and "reporting bureau" in r.output
    r = runner.invoke(app, ["validate", "--graph", str(tmp_path / "none.nq")])
    assert r.exit_code == 2


def test_corpus_build_conforms(seed_build):
    _, out = seed_build
    for name in ("graph.nq", "graph.ttl"):
        res = validate_file(out / name)
        assert res.conforms, res.text
