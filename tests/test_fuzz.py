"""Fuzzing (hypothesis) the normaliser, the extractors and a whole build: random Unicode, nested
and unbalanced 《》, huge numbers, mixed scripts. No crash, offsets stay exact, Turtle stays valid.

Normal test run: a small fixed budget per test. The long run (>= 10,000 cases in all)::

    FAZHI_FUZZ_EXAMPLES=2500 .venv/bin/python -m pytest -q tests/test_fuzz.py -p no:cacheprovider

(2,500 examples for each of the four in-process tests, plus the whole-folder build test at a
tenth of that.)
"""
from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FAZHI_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=list(HealthCheck), database=None)

TITLE = "天津市西青区生态环境局2022年法治政府建设情况报告\n"
PIECES = [
    "《", "》", "《中华人民共和国", "行政处罚法》", "〈", "〉", "“", "”", "（", "）", "(", ")", "【", "】",
    "生态环境局", "司法局", "律师事务所", "法律顾问", "制度", "平台", "条例", "办法", "规定", "实施细则",
    "2022 年", "２０２２年", "第一条", "一、", "（一）", "\n", "\r\n", " ", "\u3000", "\t", "。", "，", "、", "；",
    "[bookmark: _GoBack]", "\u200b", "\ufeff", "\u00ad", "⽣态", "ＡＢＣ", "Ω", "пример", "مثال", "😀", "𠀋", "\U0010fffd",
    "<script>", "\"", "'", "\\", "#", "%", "&amp;", "<>", "{}", "|", "`",
]
huge_number = st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(str)
piece = st.one_of(st.sampled_from(PIECES), huge_number, st.text(min_size=0, max_size=8))
report_text = st.lists(piece, max_size=60).map("".join)
nested_titles = st.recursive(
    st.text(alphabet="法条例办法规定中华人民共和国", max_size=6),
    lambda inner: st.tuples(st.sampled_from(["《", "〈", "“", ""]), inner, st.sampled_from(["》", "〉", "”", ""])).map("".join),
    max_leaves=12,
)
any_text = st.one_of(st.text(max_size=300), report_text, nested_titles)


@FUZZ
@given(any_text)
def test_normalizer_offsets_are_exact(text):
    from fazhigraph.normalize import normalize

    norm, offs = normalize(text)
    assert len(offs) == len(norm) + 1 and offs[-1] == len(text)
    assert all(0 <= a < b for a, b in zip(offs, offs[1:]))
    assert "\r" not in norm and "\u200b" not in norm


@FUZZ
@given(any_text)
def test_extractors_do_not_crash_and_spans_are_in_bounds(text):
    from fazhigraph.nlp import process
    from fazhigraph.normalize import normalize

    norm, _ = normalize(TITLE + text)
    doc = process(norm, file="fuzz.txt")
    for m in doc._.fz_mentions or []:
        assert 0 <= m.start < m.end <= len(norm), m
        assert m.name.strip(), m
    for s, e in doc._.fz_sentences or []:
        assert 0 <= s <= e <= len(norm)


def _check_turtle(lines) -> None:
    from fazhigraph.outputs import serialize_quads

    ttl = serialize_quads(lines, "ttl")
    list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    rdflib.Graph().parse(data=ttl.decode("utf-8"), format="turtle")


@FUZZ
@given(any_text, any_text)
def test_a_build_of_random_reports_gives_valid_turtle(a, b):
    from fazhigraph.errors import FazhiError
    from fazhigraph.graph import build_quads
    from fazhigraph.pipeline import extract_text

    reports = []
    for i, body in enumerate((a, b)):
        try:
            reports.append(extract_text(TITLE + body, file=f"r{i}《{body[:5]}》.txt"))
        except FazhiError:
            pass  # a one-line, expected refusal (e.g. no bureau) is not a crash
    if reports:
        lines, _ = build_quads(reports)
        _check_turtle(lines)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".docx", ".pdf", ".doc"]))
def test_random_bytes_are_read_or_refused_on_one_line(tmp_path_factory, data, suffix):
    from fazhigraph.errors import IngestError
    from fazhigraph.ingest import read_document

    p = tmp_path_factory.mktemp("bytes") / f"x{suffix}"
    p.write_bytes(data)
    try:
        doc = read_document(p)
    except IngestError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(doc.text, str) and doc.text.strip()


@settings(max_examples=max(3, EXAMPLES // 10), deadline=None, derandomize="FAZHI_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(st.tuples(report_text, st.sampled_from(["utf-8", "gb18030", "utf-16"])), min_size=1, max_size=4))
def test_whole_folder_build(tmp_path_factory, docs):
    from fazhigraph.build import build

    root = tmp_path_factory.mktemp("fuzzcorpus")
    corpus = root / "c"
    corpus.mkdir()
    for i, (body, enc) in enumerate(docs):
        try:
            data = (TITLE + body).encode(enc)
        except UnicodeEncodeError:
            data = (TITLE + body).encode("utf-8")
        (corpus / f"{i}.txt").write_bytes(data)
    summary = build(corpus, root / "out", jobs=1, html=False)
    assert summary.built + summary.failed + summary.skipped == len(docs)
    if summary.built:
        ttl = (root / "out" / "graph.ttl").read_bytes()
        list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
        rdflib.Graph().parse(data=ttl.decode("utf-8"), format="turtle")
