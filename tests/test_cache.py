"""The per-report cache: hits, misses, a changed report replaces only its graph, a deleted one disappears;
a rebuild after an edit that changes only a report's own triples reuses the last build's entity graph,
shared triples and page (the tail, see fazhigraph.builder), byte for byte as a build from nothing."""
from __future__ import annotations

import os
import shutil

import pyoxigraph as ox
import pytest

from conftest import CORPUS

SEEDS = sorted(CORPUS.glob("*.txt"))[:3]


def _graphs(nq_path):
    """graph IRI -> set of its N-Quads lines."""
    out: dict[str, set[str]] = {}
    for ln in nq_path.read_text(encoding="utf-8").splitlines():
        g = ln[ln.rindex(" <") + 2: ln.rindex(">")]
        out.setdefault(g, set()).add(ln)
    return out


@pytest.fixture(autouse=True)
def _frozen_version(monkeypatch, request):
    """Freeze the cache version for the test: other people editing extractors meanwhile must not void it."""
    if request.node.name.startswith("test_cache_key"):
        return
    from fazhigraph.builder import inputs

    key = inputs.version_key()
    monkeypatch.setattr(inputs, "version_key", lambda: key)  # (where the build looks it up)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    for p in SEEDS:
        shutil.copy(p, root / p.name)
    return root


def test_second_build_uses_the_cache_and_is_byte_identical(corpus, tmp_path):
    from fazhigraph.build import build

    out = tmp_path / "out"
    s1 = build(corpus, out, jobs=1, html=False)
    assert s1.ok and s1.built == 3 and s1.cached == 0
    first = {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl")}
    s2 = build(corpus, out, jobs=1, html=False)
    assert s2.ok and s2.built == 3 and s2.cached == 3
    assert {n: (out / n).read_bytes() for n in first} == first


def test_changed_report_is_re_extracted_and_replaces_only_its_graph(corpus, tmp_path):
    from fazhigraph.build import build
    from fazhigraph.link import report_iri

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    before = _graphs(out / "graph.nq")
    changed = corpus / SEEDS[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全年聘请北京大成律师事务所提供法律服务。\n", encoding="utf-8")
    s = build(corpus, out, jobs=1, html=False)
    assert s.cached == 2 and s.built == 3
    after = _graphs(out / "graph.nq")
    g_changed = report_iri(SEEDS[1].name)
    assert after[g_changed] != before[g_changed]
    for p in (SEEDS[0], SEEDS[2]):
        g = report_iri(p.name)
        assert after[g] == before[g]
    assert any("大成律师事务所" in ln for ln in after[g_changed])


def test_deleted_report_disappears_from_every_output_and_the_store(corpus, tmp_path):
    from fazhigraph.build import build
    from fazhigraph.link import report_iri
    from fazhigraph.store import load_store

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    gone = SEEDS[2].name
    (corpus / gone).unlink()
    s = build(corpus, out, jobs=1, html=False)
    assert s.built == 2 and s.cached == 2
    assert report_iri(gone) not in _graphs(out / "graph.nq")
    assert gone not in (out / "graph.ttl").read_text(encoding="utf-8")
    store = load_store(out / "graph.ttl")  # the on-disk store, kept up to date incrementally
    files = {row[0].value for row in store.query(
        "SELECT ?f WHERE { ?r <https://w3id.org/fazhigraph/ontology#sourceFile> ?f }", use_default_graph_as_union=True)}
    assert files == {p.name for p in SEEDS[:2]}


def test_incremental_store_matches_the_turtle_file(corpus, tmp_path):
    import pyoxigraph as ox

    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    p = corpus / SEEDS[0].name
    p.write_text(p.read_text(encoding="utf-8").replace("法治", "法治", 1) + "\n开展宪法宣传周活动。\n", encoding="utf-8")
    build(corpus, out, jobs=1, html=False)
    store = open_fresh(out / "graph.ttl")
    assert store is not None
    in_store = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads_for_pattern(None, None, None)}
    in_ttl = {str(t) for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert in_store == in_ttl


def test_store_is_not_used_when_the_graph_file_changed(corpus, tmp_path):
    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    assert open_fresh(out / "graph.ttl") is not None
    ttl = out / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes() + b"\n")
    assert open_fresh(ttl) is None


def test_cache_key_changes_with_the_extractor_version(monkeypatch):
    from fazhigraph import build as b
    from fazhigraph import pipeline

    k1 = b.version_key()
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", pipeline.EXTRACTOR_VERSION + "-test")
    assert b.version_key() != k1


def test_unreadable_cache_entry_is_a_miss(corpus, tmp_path):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    entries = sorted((out / ".cache" / "results").rglob("*.pkl"))
    assert len(entries) == 3
    entries[0].write_bytes(b"not a pickle")
    s = build(corpus, out, jobs=1, html=False)
    assert s.ok and s.built == 3 and s.cached == 2


def test_renamed_report_is_re_extracted_under_its_new_name(corpus, tmp_path):
    from fazhigraph.build import build
    from fazhigraph.link import report_iri

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    old = corpus / SEEDS[0].name
    old.rename(corpus / ("renamed_" + SEEDS[0].name))
    s = build(corpus, out, jobs=1, html=False)
    assert s.built == 3 and s.cached == 2
    graphs = _graphs(out / "graph.nq")
    assert report_iri("renamed_" + SEEDS[0].name) in graphs and report_iri(SEEDS[0].name) not in graphs


def test_a_rebuild_with_nothing_changed_writes_nothing(corpus, tmp_path):
    """Same reports, same settings, outputs as the last build left them: no file is rewritten."""
    from fazhigraph.build import build

    out = tmp_path / "out"
    s1 = build(corpus, out, jobs=1)
    names = ("graph.nq", "graph.ttl", "graph.html")
    stamps = {n: (out / n).stat().st_mtime_ns for n in names}
    s2 = build(corpus, out, jobs=1)
    assert s2.ok and s2.cached == 3 and s2.triples == s1.triples and s2.outputs == s1.outputs
    assert s2.up_to_date and not s1.up_to_date and "up to date" in s2.line()
    assert {n: (out / n).stat().st_mtime_ns for n in names} == stamps


@pytest.mark.parametrize("change", ["page removed", "ttl edited", "store removed", "other settings", "report renamed"])
def test_a_rebuild_writes_again_when_an_output_or_an_input_changed(corpus, tmp_path, change):
    from fazhigraph.build import build
    from fazhigraph.store import load_store

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    kw = {}
    if change == "page removed":
        (out / "graph.html").unlink()
    elif change == "ttl edited":
        with open(out / "graph.ttl", "a", encoding="utf-8") as fh:
            fh.write("\n")
    elif change == "store removed":
        shutil.rmtree((out / "graph.oxigraph").resolve())
    elif change == "other settings":
        kw = {"view_nodes": 5}
    else:
        first = sorted(corpus.glob("*.txt"))[0]
        first.rename(first.with_name("renamed.txt"))
    ttl_before = (out / "graph.ttl").stat().st_mtime_ns
    s = build(corpus, out, jobs=1, **kw)
    assert s.ok and (out / "graph.html").is_file()
    assert (out / "graph.ttl").stat().st_mtime_ns != ttl_before  # written again
    store = load_store(out / "graph.ttl")
    n = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)))[0]
    assert int(n.value) > 0


def test_the_cli_says_when_the_outputs_were_already_up_to_date(corpus, tmp_path):
    from typer.testing import CliRunner

    from fazhigraph.cli import app

    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "-j", "1", "--no-html"])
    assert first.exit_code == 0 and "wrote" in first.output and "up to date" not in first.output
    again = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "-j", "1", "--no-html"])
    assert again.exit_code == 0 and "wrote" not in again.output
    assert "unchanged" in again.output and "输出已是最新" in again.output


#: A sentence that names no entity and gives no figure (the page lists a body's figures): only
#: the report's own text (its sentences) changes.
NEUTRAL = "\n本年度另开展专项检查多次。\n"
REUSED = "entity graph and shared triples: the last build's"


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _build_traced(monkeypatch, capsys, *args, **kw):
    from fazhigraph.build import build

    monkeypatch.setenv("FAZHI_TRACE", "1")
    capsys.readouterr()
    s = build(*args, **kw)
    monkeypatch.delenv("FAZHI_TRACE")
    return s, capsys.readouterr().err


def _same_as_fresh(corpus, out, tmp_path, jobs):
    """The outputs equal those of a build without caches; the store has graph.ttl's triples."""
    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh

    ref = tmp_path / "ref"
    shutil.rmtree(ref, ignore_errors=True)
    build(corpus, ref, jobs=jobs, use_cache=False)
    for name in ("graph.nq", "graph.ttl", "graph.html"):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    store = open_fresh(out / "graph.ttl")
    assert store is not None
    turtle = {q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert {q.triple for q in store} == turtle


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edit_of_a_reports_own_text_reuses_the_entity_graph_and_keeps_the_page(
        corpus, tmp_path, monkeypatch, capsys, jobs):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=jobs)
    page = (out / "graph.html").stat().st_mtime_ns
    nq = (out / "graph.nq").read_bytes()
    _append(corpus / SEEDS[1].name, NEUTRAL)
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=jobs)
    assert s.ok and s.cached == 2 and not s.up_to_date
    assert REUSED in err and "entity graph made" not in err
    assert (out / "graph.html").stat().st_mtime_ns == page, "the page did not change: it is not written again"
    assert (out / "graph.nq").read_bytes() != nq  # (the report node changed: its text and hash)
    _same_as_fresh(corpus, out, tmp_path, jobs)


def test_an_edit_that_names_a_new_entity_makes_the_entity_graph_again(corpus, tmp_path, monkeypatch, capsys):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    _append(corpus / SEEDS[1].name, "\n全年聘请北京大成律师事务所提供法律服务。\n")
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=1)
    assert s.ok and s.cached == 2
    assert "entity graph made" in err and REUSED not in err
    _same_as_fresh(corpus, out, tmp_path, 1)
    # and the rebuild after it reuses what this one made
    _append(corpus / SEEDS[2].name, NEUTRAL)
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=1)
    assert REUSED in err
    _same_as_fresh(corpus, out, tmp_path, 1)


def test_a_page_changed_since_the_last_build_is_made_again_when_the_rest_is_reused(corpus, tmp_path, monkeypatch, capsys):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=2)
    (out / "graph.html").write_text("edited by hand", encoding="utf-8")
    _append(corpus / SEEDS[0].name, NEUTRAL)
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=2)
    assert REUSED in err and "view nodes chosen" in err
    _same_as_fresh(corpus, out, tmp_path, 2)


# c names the full title and its short form, b only the short form: b's block is remade
# after linking in every build (its short-form node is merged into c's full title)
MERGED = {
    "a.txt": "天津市西青区司法局2024年法治政府建设情况报告\n2024年，西青区司法局全面落实行政执法公示制度。\n",
    "b.txt": "天津市南开区司法局2024年法治政府建设情况报告\n2024年，南开区司法局认真贯彻《优化营商环境促进条例》。\n",
    "c.txt": "天津市河西区司法局2024年法治政府建设情况报告\n2024年，河西区司法局认真贯彻《天津市河西区优化营商环境促进条例》"
             "（以下简称《优化营商环境促进条例》）。\n",
}


@pytest.mark.parametrize("edited", ["a.txt", "b.txt"])
def test_blocks_remade_after_linking_are_remade_when_the_rest_is_reused(tmp_path, monkeypatch, capsys, edited):
    from fazhigraph.build import build

    corpus = tmp_path / "m"
    corpus.mkdir()
    for name, text in MERGED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=1)
    assert "written again after linking" in err
    _append(corpus / edited, NEUTRAL)
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=1)
    assert REUSED in err and "written again after linking" in err
    _same_as_fresh(corpus, out, tmp_path, 1)


def test_a_store_is_loaded_anew_when_its_shared_triples_file_is_not_its_own(corpus, tmp_path):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=1, html=False)
    # as if a build had stopped between putting its shared triples in place and recording its store
    (out / ".cache" / "store-shared.nt").write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    (corpus / SEEDS[1].name).unlink()  # its bureau's edges leave the shared triples
    s = build(corpus, out, jobs=1)
    assert s.built == 2
    _same_as_fresh(corpus, out, tmp_path, 1)


def test_a_rebuild_reads_only_the_files_whose_stamp_changed(corpus, tmp_path, monkeypatch):
    import hashlib

    from fazhigraph import build as b

    monkeypatch.setattr(b.FileHashes, "SETTLED", 0)  # (these files were written a moment ago)
    out = tmp_path / "out"
    b.build(corpus, out, jobs=1, html=False)
    read = []
    digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda fh, name: read.append(fh.name) or digest(fh, name))
    assert b.build(corpus, out, jobs=1, html=False).up_to_date and read == []
    # the same size and modification time, other bytes: the change time still tells
    target = corpus / SEEDS[1].name
    st = target.stat()
    data = target.read_bytes()
    target.write_bytes(data.replace("法治".encode(), "法制".encode(), 1))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    s = b.build(corpus, out, jobs=1, html=False)
    assert read == [str(target)] and s.cached == 2 and s.built == 3


def test_a_file_touched_just_before_a_build_is_read_again_by_the_next():
    from fazhigraph.build import FileHashes

    h = FileHashes.__new__(FileHashes)
    h._at, h.seen = 10 * FileHashes.SETTLED, {}
    stamp = (5, 9 * FileHashes.SETTLED, 9 * FileHashes.SETTLED, 1, 1)
    h._files = {"a.txt": (stamp, "sha")}
    assert h.get("a.txt", stamp) == "sha"
    racy = (5, 9 * FileHashes.SETTLED + 1, 9 * FileHashes.SETTLED + 1, 1, 1)  # within SETTLED of the build's start
    h._files = {"a.txt": (racy, "sha")}
    assert h.get("a.txt", racy) is None
    assert h.get("b.txt", stamp) is None


def test_a_store_patch_that_fails_leaves_the_outputs_and_the_store_as_they_were(corpus, tmp_path, monkeypatch):
    """An incremental store is patched while graph.nq/graph.ttl are synced, before either is put
    in place: when the patch fails, neither is."""
    from fazhigraph import diskstore
    from fazhigraph.build import build
    from fazhigraph.diskstore import open_fresh
    from fazhigraph.errors import OutputError

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    before = {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl", "graph.html")}
    _append(corpus / SEEDS[1].name, "\n全年聘请北京大成律师事务所提供法律服务。\n")

    def full(self, new):
        raise OSError(28, "No space left on device")

    patch = diskstore.StoreSink._patch
    monkeypatch.setattr(diskstore.StoreSink, "_patch", full)
    with pytest.raises(OutputError, match="No space left on device"):
        build(corpus, out, jobs=1)
    assert {n: (out / n).read_bytes() for n in before} == before
    assert not list(out.glob(".graph.*")) and len(list(out.glob(".oxigraph-*"))) == 1
    assert open_fresh(out / "graph.ttl") is not None  # the store still matches the files
    monkeypatch.setattr(diskstore.StoreSink, "_patch", patch)
    s = build(corpus, out, jobs=1)
    assert s.ok and s.cached == 3
    _same_as_fresh(corpus, out, tmp_path, 1)


def test_a_tail_file_cut_short_is_not_used(corpus, tmp_path, monkeypatch, capsys):
    from fazhigraph.build import build

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    tail = out / ".cache" / "tail.bin"
    tail.write_bytes(tail.read_bytes()[: tail.stat().st_size // 2])
    _append(corpus / SEEDS[0].name, NEUTRAL)
    s, err = _build_traced(monkeypatch, capsys, corpus, out, jobs=1)
    assert "entity graph made" in err and REUSED not in err
    _same_as_fresh(corpus, out, tmp_path, 1)
    assert not list((out / ".cache").glob(".tail.bin.*"))


def test_the_store_patch_diffs_the_shared_triples_by_one_merge_of_the_sorted_files():
    from fazhigraph.diskstore import sorted_diff

    before = "".join(sorted(["<a> <p> \"法\" .\n", "<b> <p> \"条例\" .\n", "<c> <p> <d> .\n"])).encode()
    after = "".join(sorted(["<a> <p> \"法\" .\n", "<c> <p> <d> .\n", "<e> <p> \"制度\" .\n"])).encode()
    assert sorted_diff(before, after) == (["<b> <p> \"条例\" .\n".encode()], ["<e> <p> \"制度\" .\n".encode()])
    assert sorted_diff(b"", after) == ([], after.splitlines(keepends=True))
    assert sorted_diff(before, before) == ([], [])
    # a file not in order (not one this build wrote): None, and the patch diffs by sets
    assert sorted_diff(b"<c> <p> <d> .\n<a> <p> <b> .\n", after) is None
