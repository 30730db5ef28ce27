"""Per-report blocks made in the workers: relinking after merges, the page's node limit, the store loader."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from conftest import CORPUS

# Three reports: c names the full title and its short form, b only the short form, so the
# short-form node of b is merged into c's full title once the whole corpus is linked.
REPORTS = {
    "a.txt": "天津市西青区司法局2024年法治政府建设情况报告\n2024年，西青区司法局认真贯彻《天津市西青区优化营商环境促进条例》，"
             "全面落实行政执法公示制度。\n",
    "b.txt": "天津市南开区司法局2024年法治政府建设情况报告\n2024年，南开区司法局认真贯彻《优化营商环境促进条例》，全面落实行政执法公示制度。\n",
    "c.txt": "天津市河西区司法局2024年法治政府建设情况报告\n2024年，河西区司法局认真贯彻《天津市河西区优化营商环境促进条例》"
             "（以下简称《优化营商环境促进条例》），全面落实行政执法公示制度。\n",
}
FULL = "https://w3id.org/fazhigraph/id/law/天津市河西区优化营商环境促进条例"
SHORT = "https://w3id.org/fazhigraph/id/law/优化营商环境促进条例"


@pytest.fixture
def merged(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    for name, text in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _lines(path):
    return set(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_block_naming_a_merged_node_is_linked_for_real(merged, tmp_path, jobs):
    from fazhigraph.build import build, write_outputs
    from fazhigraph.link import Linker

    # b's block was copied into the files during extraction: they are cut back and written on from b
    s = build(merged, tmp_path / "s", jobs=jobs, html=False)
    assert s.ok and s.built == 3
    linker = Linker()
    for rep in s.reports:
        linker.add_report(rep)
    linker.finish()
    assert linker.moved() == {SHORT: FULL}  # the case this test is about
    write_outputs(list(s.reports), tmp_path / "m", html=False)
    assert _lines(tmp_path / "s" / "graph.nq") == _lines(tmp_path / "m" / "graph.nq")
    nq = (tmp_path / "s" / "graph.nq").read_text(encoding="utf-8")
    assert f"<{SHORT}>" not in nq
    b_graph = [ln for ln in nq.splitlines() if ln.endswith("report/b.txt> .")]
    assert any(f"#denotes> <{FULL}>" in ln for ln in b_graph)
    # the on-disk store was fed each report as it was extracted; b's triples were replaced after linking
    from fazhigraph.diskstore import open_fresh

    store = open_fresh(tmp_path / "s" / "graph.ttl")
    assert store is not None
    turtle = list(ox.parse(path=str(tmp_path / "s" / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(store) == len(set(turtle))
    assert not list(store.quads_for_pattern(None, None, ox.NamedNode(SHORT)))
    # a rebuild from the caches gives the same bytes
    before = (tmp_path / "s" / "graph.nq").read_bytes()
    again = build(merged, tmp_path / "s", jobs=jobs, html=False)
    assert again.cached == 3 and (tmp_path / "s" / "graph.nq").read_bytes() == before


def test_identity_blocks_equal_linked_blocks_when_nothing_moved():
    from fazhigraph.blocks import make_block
    from fazhigraph.link import Linker
    from fazhigraph.pipeline import extract_file

    reports = [extract_file(p) for p in sorted(CORPUS.glob("*.txt"))[:2]]
    linker = Linker()
    for rep in reports:
        linker.add_report(rep)
    linker.finish()
    moved = linker.moved()
    for rep in reports:
        ident, real = make_block(rep), make_block(rep, linker)
        if moved.keys().isdisjoint(ident.iris):
            assert ident.nq == real.nq and ident.ttl == real.ttl and ident.digest == real.digest
        lo, hi = ident.local
        own = ident.nq[lo:hi].decode("utf-8").splitlines()
        assert own and all(ln.startswith("<https://w3id.org/fazhigraph/id/report/") for ln in own)


def _figure_report(figures, bureau="天津市西青区司法局"):
    from fazhigraph.model import ReportMeta, ReportResult, Sentence

    text = "本年度办理行政复议案件12件。"
    return ReportResult(file="f.txt", path="f.txt", sha1="", meta=ReportMeta(bureau=bureau, year=2024), mentions=[],
                        sentences=[Sentence(0, len(text), text)], chars=len(text), figures=figures)


def test_the_view_fragment_carries_the_bodys_figures_and_they_count_in_the_outer_digest():
    from fazhigraph.blocks import make_block, view_fragment
    from fazhigraph.link import IdentityLinker
    from fazhigraph.model import Figure

    fig = Figure(value="12", unit="件", measure="admin-review-cases", start=8, end=11, text="12件",
                 period_start=2024, period_end=2024)
    frag = view_fragment(_figure_report([fig, fig]), IdentityLinker())
    assert frag[4] == (("行政复议", "行政复议案件", "12", "件", "", "2024", "12件", "本年度办理行政复议案件12件。"),)
    assert view_fragment(_figure_report([fig], bureau=""), IdentityLinker())[4] == ()  # no body, no figures
    # a figure added to a report's text changes the page: the rest of the build must see it
    assert make_block(_figure_report([fig])).outer != make_block(_figure_report([])).outer


def _payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="fz-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_the_build_page_shows_at_most_view_nodes(tmp_path):
    from fazhigraph.build import build

    s = build(CORPUS, tmp_path, jobs=1, view_nodes=12)
    data = _payload((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert 0 < len(data["nodes"]) <= 12
    assert data["totalNodes"] > 12
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert data["edges"], "bureaus are chosen by their links to the shown entities"
    assert any(n["type"] == "Bureau" for n in data["nodes"])
    # 0 = every node
    build(CORPUS, tmp_path / "all", jobs=1, view_nodes=0)
    full = _payload((tmp_path / "all" / "graph.html").read_text(encoding="utf-8"))
    assert "totalNodes" not in full and len(full["nodes"]) == data["totalNodes"]
    assert s.ok


def test_sentence_cap_keeps_the_first_sentences_and_counts_the_rest():
    from fazhigraph.view import ViewGraph, view_payload

    vg = ViewGraph(sentence_cap=2)
    vg.add_node("urn:x", "某法", "Law")["reports"].update({0, 1, 2})
    vg.reports = [{"file": f"{i}.txt", "bureau": None, "year": 2024, "title": ""} for i in range(3)]
    for r in range(3):
        vg.add_mention("urn:x", r, 0, f"第{r}句提到某法。", 4, 6)
    vg.add_mention("urn:x", 0, 0, "第0句提到某法。", 4, 6)  # a second span in a kept sentence is no new sentence
    assert len(vg.mentions["urn:x"]) == 2 and vg.sentence_totals["urn:x"] == 3
    node = view_payload(vg)["nodes"][0]
    assert node["sentences"] == 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_store_loader_is_reported_and_queries_fall_back(merged, tmp_path, monkeypatch, jobs):
    from fazhigraph import diskstore, storeload
    from fazhigraph.build import build
    from fazhigraph.errors import OutputError
    from fazhigraph.store import load_store

    # 2 processes: the loader is a child process; 1 process: it loads in the build's own
    monkeypatch.setattr(diskstore, "_LOADER", "import os, sys\nos.read(int(sys.argv[2]), 8)\nsys.exit('disk is full')\n")

    def full(self, spools):
        raise OSError("disk is full")

    monkeypatch.setattr(storeload.Loader, "load", full)
    with pytest.raises(OutputError, match="store loader failed .disk is full"):
        build(merged, tmp_path, jobs=jobs, html=False)
    assert not list(tmp_path.glob(".oxigraph-*"))  # nothing half-written is left
    assert not [f for f in (tmp_path / ".cache").iterdir() if f.name.startswith(("store-spool", "store-drop", "store-extra"))]
    store = load_store(tmp_path / "graph.ttl")  # no fresh store: graph.ttl is loaded instead
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/fazhigraph/ontology#Report> }",
                            use_default_graph_as_union=True))
    assert int(rows[0][0].value) == 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_trace_follows_the_store_loader(merged, tmp_path, monkeypatch, capsys, jobs):
    """``FAZHI_TRACE=1`` prints the store loader's phases too (from the loader process, or the
    build's own when it runs in one); without it the build prints none of them."""
    from fazhigraph.build import build

    build(merged, tmp_path / "quiet", jobs=jobs, html=False)
    assert "# trace" not in capsys.readouterr().err
    monkeypatch.setenv("FAZHI_TRACE", "1")
    build(merged, tmp_path / "traced", jobs=jobs, html=False)
    import re

    phases = [re.sub(r"^\d+ ", "N ", m.group(1)) for m in
              (re.match(r"# trace store loader +[\d.]+s cpu +[\d.]+s  (.*)$", ln) for ln in capsys.readouterr().err.splitlines())
              if m]
    expected = ["N files loaded", "N reports dropped", "N files loaded", "store compacted"]
    if jobs > 1:  # a loader process: it also says when it was told the reports and the shared triples
        expected = ["the last report is in", expected[0], "the shared triples are in", *expected[1:]]
    assert phases == expected


def test_the_page_is_made_beside_the_store_and_its_failure_is_reported(merged, tmp_path, monkeypatch):
    """With 2 processes the page is rendered by a forked process while the store is finished; a
    page that cannot be made fails the build and leaves the previous page as it was."""
    from fazhigraph import view
    from fazhigraph.build import build
    from fazhigraph.errors import OutputError

    out = tmp_path / "out"
    build(merged, out, jobs=2)
    before = (out / "graph.html").read_bytes()
    assert "<html" in before.decode("utf-8")
    (merged / "c.txt").write_text(REPORTS["a.txt"] + "\n另开展专项检查1次。\n", encoding="utf-8")

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(view, "render", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        build(merged, out, jobs=2)
    assert (out / "graph.html").read_bytes() == before
    assert not list(out.glob(".graph.html.*"))
    from fazhigraph.diskstore import open_fresh

    store = open_fresh(out / "graph.ttl")  # the store committed beside the page is intact
    assert store is not None and len(list(store.quads_for_pattern(None, None, None))) > 0


def test_a_forked_page_process_does_not_hold_the_loaders_pipe_open():
    """The page process closes its copy of the pipe to the store loader: the loader sees the end
    of its input when the build closes it, not when the page is done."""
    import os
    import select

    from fazhigraph.builder.procs import Background

    r, w = os.pipe()  # stands for the loader's standard input
    go_r, go_w = os.pipe()  # the "page" waits on this until the test lets it finish
    try:
        bg = Background(os.read, go_r, 1, close=(w,))
        os.close(w)
        w = None
        ready, _, _ = select.select([r], [], [], 10)
        assert ready and os.read(r, 1) == b""  # end of input while the page process still runs
        os.write(go_w, b"x")
        bg.wait()
    finally:
        for fd in (r, w, go_r, go_w):
            if fd is not None:
                os.close(fd)


@pytest.mark.parametrize("jobs", [1, 2])
def test_outputs_that_cannot_be_written_during_extraction_fail_cleanly(merged, tmp_path, monkeypatch, jobs):
    """A block that cannot be copied into graph.nq (disk full) fails the build with one error
    naming the folder; the previous outputs and store stay as they were, no temporary file is left."""
    from fazhigraph.build import BlockCache, build
    from fazhigraph.diskstore import open_fresh
    from fazhigraph.errors import OutputError

    out = tmp_path / "out"
    build(merged, out, jobs=jobs, html=False)
    before = {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl")}
    (merged / "b.txt").write_text(REPORTS["b.txt"] + "\n另开展专项检查1次。\n", encoding="utf-8")
    calls = []

    def full(self, sha1, blk, nq, ttl):
        calls.append(sha1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return copy(self, sha1, blk, nq, ttl)

    copy = BlockCache.copy
    monkeypatch.setattr(BlockCache, "copy", full)
    with pytest.raises(OutputError, match="cannot write outputs .No space left on device") as e:
        build(merged, out, jobs=jobs, html=False)
    assert str(out) in str(e.value)
    assert {n: (out / n).read_bytes() for n in before} == before
    assert not list(out.glob(".graph.*")) and len(list(out.glob(".oxigraph-*"))) == 1
    assert not list((out / ".cache").glob("store-spool.*"))
    assert open_fresh(out / "graph.ttl") is not None


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_store_spool_that_cannot_be_written_fails_the_build_cleanly(merged, tmp_path, monkeypatch, jobs):
    """The reports' triples are spooled to a file for the store loader: a full disk there fails the
    build with the loader's one-line error, leaves no spool file and keeps the previous store."""
    import builtins
    import os

    from fazhigraph import diskstore
    from fazhigraph.build import build
    from fazhigraph.errors import OutputError

    out = tmp_path / "out"
    build(merged, out, jobs=jobs, html=False)
    before = {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl")}
    store = os.readlink(out / "graph.oxigraph")
    (out / ".cache" / "store.json").unlink()  # no store state: the next build loads a store anew

    class Full:
        def __init__(self, f):
            self.f = f
            self.closed = False

        def write(self, data):
            raise OSError(28, "No space left on device")

        def close(self):
            self.closed = True
            self.f.close()

    def opener(path, *a, **k):
        f = builtins.open(path, *a, **k)
        return Full(f) if "store-spool" in str(path) else f

    monkeypatch.setattr(diskstore, "open", opener, raising=False)
    with pytest.raises(OutputError, match="store loader failed .*No space left on device"):
        build(merged, out, jobs=jobs, html=False, use_cache=False)
    assert {n: (out / n).read_bytes() for n in before} == before
    assert not [f for f in (out / ".cache").iterdir() if f.name.startswith(("store-spool", "store-drop", "store-extra"))]
    assert [d.name for d in out.glob(".oxigraph-*")] == [store]


def test_a_cached_block_remade_after_linking_is_replaced_in_a_newly_loaded_store(merged, tmp_path):
    """All reports cached, no store yet: the loader gets each cached block's triples during
    extraction; b's block is remade once the corpus is linked and its first triples must go."""
    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh

    out = tmp_path / "out"
    build(merged, out, jobs=2, html=False, store=False)
    again = build(merged, out, jobs=2, html=False)
    assert again.cached == 3 and "store" in again.outputs
    store = open_fresh(out / "graph.ttl")
    assert store is not None
    assert not list(store.quads_for_pattern(None, None, ox.NamedNode(SHORT)))
    turtle = set(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(store) == len(turtle)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_shared_triples_file_the_loader_loads_is_kept_for_the_next_build(merged, tmp_path, jobs):
    """The shared triples are written once: the loader loads that file and the build keeps it
    as the next build's record of them (an incremental build patches by difference from it);
    files a killed build left under .cache are removed, others are not."""
    from fazhigraph.build import build
    from fazhigraph.diskstore import SHARED_CACHE, open_fresh

    out = tmp_path / "out"
    cache = out / ".cache"
    cache.mkdir(parents=True)
    killed = ["store-spool.1-2.0.nt", "store-drop.1-2.txt", "store-extra.1-2.nt", "store-load.1.nt",
              "store-shared-next.1-2.nt"]
    for name in killed + ["store-notes.txt"]:
        (cache / name).write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    build(merged, out, jobs=jobs, html=False)
    assert sorted(f.name for f in cache.glob("store-*")) == ["store-notes.txt", "store-shared.nt"]
    shared = (out / SHARED_CACHE).read_text(encoding="utf-8").splitlines(keepends=True)
    assert shared and shared == sorted(set(shared))
    store = open_fresh(out / "graph.ttl")
    in_store = {str(q.triple) + " .\n" for q in store}
    assert set(shared) <= in_store and "<urn:a> <urn:b> <urn:c> .\n" not in in_store
    turtle = set(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(store) == len(turtle)
    assert not list(cache.glob("store-shared-next.*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_incremental_store_has_the_linked_triples_of_a_block_remade_after_linking(merged, tmp_path, jobs):
    """a is edited; b is cached, given first as linked alone (the short law title) and again once
    the corpus is linked (merged into c's full title: as in the store already). The store is
    patched, from the shared triples kept by the last build, to exactly graph.ttl's triples:
    not b's triples as first given."""
    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh

    out = tmp_path / "out"
    build(merged, out, jobs=jobs, html=False)
    (merged / "a.txt").write_text(REPORTS["a.txt"].replace("行政执法公示制度", "法律顾问制度"), encoding="utf-8")
    build(merged, out, jobs=jobs, html=False)
    store = open_fresh(out / "graph.ttl")
    turtle = {q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert {q.triple for q in store} == turtle
    assert not list(store.quads_for_pattern(None, None, ox.NamedNode(SHORT)))
