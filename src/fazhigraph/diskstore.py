"""The build's on-disk Oxigraph store, ``OUT/graph.oxigraph``, queried by ``fazhigraph query``.

Layout: one named graph per report holding the triples about the report's own nodes (the
report, its mentions and sentences), plus one graph :data:`SHARED_GRAPH` holding everything
else (entities, regions, the bureaus' edges) de-duplicated. No triple is in two graphs, so
the union default graph is exactly the triples of ``graph.ttl`` (same answers, same counts).

Updates are incremental: a changed report's graph is replaced, a deleted report's graph
removed, the shared graph patched by difference. Each build writes a new store directory
(a RocksDB checkpoint of the previous one - hard links, cheap - then the patch) and swaps
the ``graph.oxigraph`` symlink atomically, so readers never see a half-written store and a
killed build leaves the previous store intact. ``OUT/.cache/store.json`` records which
``graph.ttl`` (size, mtime) the store matches; :func:`open_fresh` returns the store only
then, otherwise callers load ``graph.ttl``.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from .vocab import ID_NS

SHARED_GRAPH = f"{ID_NS}graph/shared"
LINK = "graph.oxigraph"
STATE = Path(".cache") / "store.json"
SHARED_CACHE = Path(".cache") / "store-shared.nt"


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _read_state(out: Path) -> dict | None:
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not (out / state.get("dir", "\0")).is_dir():
        return None
    return state


def open_fresh(graph_file: str | Path) -> ox.Store | None:
    """The read-only on-disk store next to ``graph_file`` if it reflects exactly that file."""
    graph_file = Path(graph_file)
    out = graph_file.parent
    state = _read_state(out)
    if state is None or graph_file.name not in state.get("stamps", {}):
        return None
    try:
        if state["stamps"][graph_file.name] != _stamp(graph_file):
            return None
        return ox.Store.read_only(str(out / state["dir"]))
    except (OSError, KeyError, TypeError):
        return None


class StoreSink:
    """Receives each report's own triples during a build and brings the store up to date."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.prev = _read_state(self.out)
        self.prev_digests: dict[str, str] = dict(self.prev.get("digests", {})) if self.prev else {}
        self.digests: dict[str, str] = {}
        self.changed: dict[str, bytes] = {}  # graph -> N-Triples of its new content (incremental mode)
        self.shared: list[str] = []
        self.incremental = self.prev is not None

    def report(self, graph: str, local: list[str]) -> None:
        data = "".join(local).encode("utf-8")
        d = hashlib.sha1(data).hexdigest()
        self.digests[graph] = d
        if self.incremental and self.prev_digests.get(graph) != d:
            self.changed[graph] = data
            if len(self.changed) > max(200, len(self.prev_digests) // 5):
                self.incremental = False  # many changes: reload everything instead
                self.changed.clear()

    def set_shared(self, lines: list[str]) -> None:
        self.shared = lines

    # -- commit --------------------------------------------------------------------------

    def commit(self, nq_path: Path, stamp_files: list[Path]) -> Path:
        """Write the new store (patched copy or full load), swap it in, record the stamps."""
        new = self.out / f".oxigraph-{os.getpid()}-{time.time_ns()}"
        try:
            if self.incremental:
                self._patch(new)
            else:
                self._load(new, nq_path)
        except BaseException:
            gc.collect()
            shutil.rmtree(new, ignore_errors=True)
            raise
        link = self.out / LINK
        tmp = self.out / f".{LINK}.{os.getpid()}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(new.name, tmp)
        if link.exists() and not link.is_symlink():
            shutil.rmtree(link)
        os.replace(tmp, link)
        shared_tmp = self.out / f"{SHARED_CACHE}.tmp"
        shared_tmp.parent.mkdir(parents=True, exist_ok=True)
        shared_tmp.write_text("".join(self.shared), encoding="utf-8")
        os.replace(shared_tmp, self.out / SHARED_CACHE)
        state = {"dir": new.name, "digests": self.digests, "stamps": {p.name: _stamp(p) for p in stamp_files}}
        state_tmp = self.out / f"{STATE}.tmp"
        state_tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        os.replace(state_tmp, self.out / STATE)
        for d in self.out.glob(".oxigraph-*"):  # earlier stores (and leftovers of killed builds)
            if d.name != new.name:
                shutil.rmtree(d, ignore_errors=True)
        return link

    def _load(self, new: Path, nq_path: Path) -> None:
        """Full load: report graphs' own triples from graph.nq, then the shared graph."""
        tmp = self.out / ".cache" / f"store-load.{os.getpid()}.nq"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        shared_g = f" <{SHARED_GRAPH}> .\n"
        try:
            with open(nq_path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
                for ln in src:
                    cut = ln.rindex(" <")
                    g = ln[cut + 2: ln.rindex(">")]
                    if g in self.digests and ln.startswith("<" + g) and ln[len(g) + 1] in ">#":
                        dst.write(ln)
                dst.writelines(t[:-3] + shared_g for t in self.shared)
            store = ox.Store(str(new))
            store.bulk_load(path=str(tmp), format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
        finally:
            tmp.unlink(missing_ok=True)

    def _patch(self, new: Path) -> None:
        """Checkpoint the previous store into ``new`` and apply the differences."""
        old = ox.Store(str(self.out / self.prev["dir"]))
        old.backup(str(new))
        del old
        store = ox.Store(str(new))
        for g in self.prev_digests:
            if g not in self.digests:
                store.remove_graph(ox.NamedNode(g))
        for g, data in self.changed.items():
            node = ox.NamedNode(g)
            store.remove_graph(node)
            if data:
                store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        try:
            before = set((self.out / SHARED_CACHE).read_text(encoding="utf-8").splitlines(keepends=True))
        except OSError:
            before = None
        after = set(self.shared)
        sg = ox.NamedNode(SHARED_GRAPH)
        if before is None:
            store.remove_graph(sg)
            gone, added = [], self.shared
        else:
            gone, added = sorted(before - after), sorted(after - before)
        if gone:
            for t in ox.parse("".join(gone).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
                store.remove(ox.Quad(t.subject, t.predicate, t.object, sg))
        if added:
            store.load("".join(added).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=sg)
        store.flush()
        del store
