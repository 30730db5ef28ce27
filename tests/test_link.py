"""Linking: one node per real entity, deterministic and valid IRIs."""
from __future__ import annotations

import pyoxigraph as ox
import rdflib
from hypothesis import given, settings, strategies as st

from fazhigraph.link import Linker, entity_iri, iri_segment, name_key
from fazhigraph.model import Mention, ReportMeta, ReportResult


def rep(file, bureau, *mentions):
    return ReportResult(file=file, path=file, sha1="", meta=ReportMeta(bureau=bureau), mentions=list(mentions),
                        sentences=[])


def law(text, name, aliases=()):
    return Mention("Law", text, 0, len(text), name, aliases=list(aliases))


def test_name_key_ignores_quotes_brackets_dashes_and_width():
    assert name_key("《中华人民共和国宪法》") == name_key("中华人民共和国宪法")
    assert name_key("“双随机、一公开”") == name_key("双随机、一公开")
    assert name_key("纲要（2021—2025年）") == name_key("纲要(2021-2025年)")


def test_same_law_across_reports_is_one_node():
    lk = Linker()
    lk.add_report(rep("a.txt", "甲局", law("环境保护法", "中华人民共和国环境保护法", ["环保法"])))
    lk.add_report(rep("b.txt", "乙局", law("《中华人民共和国环境保护法》", "中华人民共和国环境保护法")))
    lk.finish()
    ents = [e for e in lk.entities() if e.type == "Law"]
    assert len(ents) == 1
    assert ents[0].name == "中华人民共和国环境保护法"
    assert {"环境保护法", "环保法"} <= ents[0].aliases
    assert lk.count(ents[0]) == 2


def test_short_name_node_merges_into_full_name_node():
    lk = Linker()
    lk.add_report(rep("a.txt", "甲局", law("环境保护法", "中华人民共和国环境保护法")))
    lk.add_report(rep("b.txt", "乙局", law("环境保护法", "环境保护法")))  # an extractor that knew no better
    lk.finish()
    assert lk.lookup("Law", "环境保护法") is lk.lookup("Law", "中华人民共和国环境保护法")


def test_relative_alias_never_merges_different_bodies():
    lk = Linker()
    a = Mention("Agency", "区司法局", 0, 4, "天津市西青区司法局")
    b = Mention("Agency", "区司法局", 0, 4, "天津市南开区司法局")
    c = Mention("Agency", "区司法局", 0, 4, "区司法局")
    lk.add_report(rep("a.txt", "甲局", a))
    lk.add_report(rep("b.txt", "乙局", b))
    lk.add_report(rep("c.txt", "丙局", c))
    lk.finish()
    assert lk.lookup("Agency", "天津市西青区司法局") is not lk.lookup("Agency", "天津市南开区司法局")
    assert lk.lookup("Agency", "区司法局", "c.txt") not in (lk.lookup("Agency", "天津市西青区司法局"),)


def test_unresolved_relative_bureaus_stay_apart():
    """Two reports that never say which city they are from: 市卫生健康委员会 is two bodies."""
    lk = Linker()
    lk.add_report(rep("d18.txt", "市卫生健康委员会"))
    lk.add_report(rep("d20.txt", "市卫生健康委员会"))
    lk.add_report(rep("x.txt", "张掖市卫生健康委员会"))
    lk.finish()
    a = lk.lookup("Bureau", "市卫生健康委员会", "d18.txt")
    b = lk.lookup("Bureau", "市卫生健康委员会", "d20.txt")
    assert a is not b and a.iri != b.iri
    assert a.name == b.name == "市卫生健康委员会"  # the label stays what the report says
    assert len({e.iri for e in lk.entities()}) == 3


def test_iris_deterministic_and_readable():
    assert entity_iri("Law", "中华人民共和国宪法") == "https://w3id.org/fazhigraph/id/law/中华人民共和国宪法"
    assert entity_iri("Law", "《中华人民共和国宪法》") == entity_iri("Law", "中华人民共和国宪法")
    assert len(iri_segment("长" * 500)) < 120


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_name_gives_a_valid_iri(name):
    from fazhigraph.rdfterms import iri, lit

    line = f"{iri(entity_iri('Law', name))} <http://www.w3.org/2000/01/rdf-schema#label> {lit(name)} .\n"
    triples = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == 1
    g = rdflib.Graph().parse(data=line, format="nt")
    assert len(g) == 1
