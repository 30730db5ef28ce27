"""Assembling the outputs after pass 1: the blocks that name a node merged by linking are
written again (with those after the first of them), then the entity graph and the shared
triples; graph.nq and graph.ttl (and other formats) are put in place, the store is finished,
and the page - made meanwhile by a forked process - last.

Each report's block is linked as if no node merged (:mod:`fazhigraph.blocks`); linking usually
merges a few keys for the whole corpus, so usually no block is written again.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from .caches import CACHE_DIR, Caches
from .files import Files, abandon
from .linking import Linking, link_iris
from .page import Page
from .procs import Background, Thread, trace
from .settings import Settings
from .tail import Tails, TailWriter, shared_turtle, utf8


class _Shared:
    """The entity graph's size and the shared triples (``chunks``: UTF-8 N-Triples, sorted;
    ``lines_of()``: the same as lines), dropped as soon as they are written."""

    def __init__(self, n_ent: int, chunks: list[bytes], digest: str, lines_of: Callable[[], list[str]]) -> None:
        self.n_ent, self.chunks, self.digest, self.lines_of = n_ent, chunks, digest, lines_of


class Assembly:
    """Finishes the outputs of a build whose pass 1 wrote ``files`` (``sink``: the on-disk
    store's, or None).

    ``tails.last``: the last build's tail, if made under this build's key - every report gives
    the rest of the build what it gave then, so its entity graph and shared triples are this
    build's, and so is its page (kept if ``page_kept``: graph.html is still as that build left
    it); the corpus is then linked only to remake blocks. Else they are made, and saved as the
    next build's tail. ``tidy``: the caches' upkeep, done while the store loader finishes.
    With more than one job the page is made in a forked process (else at once)."""

    def __init__(self, settings: Settings, files: Files, caches: Caches, linking: Linking, sink, tails: Tails,
                 page_kept: bool = False, tidy: Callable[[], None] | None = None) -> None:
        self.settings, self.files, self.caches, self.linking, self.sink = settings, files, caches, linking, sink
        self.out, self.formats, self.html = settings.out, settings.formats, settings.html
        self.tails, self.tail, self.tidy = tails, tails.last, tidy
        self.keep_page = self.html and self.tail is not None and page_kept
        out = self.out
        self.written: dict[str, str] = {}
        self.page: Background | None = None
        self.page_tmp = out / f".graph.html.{os.getpid()}.tmp"  # the page, put in place once all else succeeded
        self.saving: TailWriter | None = None  # the next build's tail, written as its parts are made
        self.kick: Thread | None = None

    def run(self) -> tuple[dict[str, str], int]:
        """Write what is left; returns (the outputs written, quads in graph.nq)."""
        files = self.files
        if self.sink is not None:
            self.sink.end_reports()  # every report was given once: the store loader starts on them now
        # most of the files' bytes are written: the kernel starts writing them to disk meanwhile (it
        # takes a while to start: in a thread)
        self.kick = Thread(lambda: (files.nq.start_sync(), files.ttl.start_sync()))
        try:
            linker, link_of, metas = self._linked()
            first = self._first_moved(linker, link_of)
            if self.html and not self.keep_page:
                self._start_page(linker, link_of)
            if first is not None:
                self._write_again(first, linker)
            shared = self._last_tail() if self.tail is not None else self._make_tail(linker, metas)
            nquads = files.quads + shared.n_ent
            self._write_shared(shared, remake=first is not None)
            del shared
            self._put_files_in_place()
            self._finish_store()
            self._put_page_in_place()
        except BaseException:
            self._discard()
            raise
        return self.written, nquads

    def _linked(self) -> tuple:
        """(linker, link summaries, region metas) if this build needs the corpus linked, else Nones."""
        tail = self.tail
        if tail is None or tail.remake or (self.html and not self.keep_page):
            return self.linking.get()
        return None, None, None

    def _first_moved(self, linker, link_of) -> int | None:
        """The index of the first block naming a node merged by linking (it and the rest are written again)."""
        moved = linker.moved() if linker is not None else {}
        if not moved:
            return None
        return next((j for j, (sha1, _) in enumerate(self.files.ordered)
                     if not moved.keys().isdisjoint(link_iris(link_of[sha1]))), None)

    def _start_page(self, linker, link_of) -> None:
        from ..view import select_nodes

        shown = select_nodes(linker, link_of.values(), self.settings.view_nodes)
        trace(f"view nodes chosen ({'all' if shown is None else len(shown)})")
        sink = self.sink
        self.page = Background(Page(linker, shown).make, self.caches, self.files.ordered, linker, self.page_tmp,
                               self.out / CACHE_DIR / "layout.pkl", fork=self.settings.jobs > 1,
                               close=sink.fds() if sink is not None else ())

    def _write_again(self, first: int, linker) -> None:
        """Cut the files back to the ``first`` block naming a merged node and write on from there."""
        files, caches, ordered = self.files, self.caches, self.files.ordered
        moved = linker.moved()
        files.cut(first)
        files.restart_shared()
        for sha1, path in ordered[:first]:  # their shared triples (unchanged)
            files.shared.update(caches.final_block(sha1, path, linker, {})[0].shared)
        for sha1, path in ordered[first:]:
            files.write(sha1, path, caches.final_block(sha1, path, linker, moved)[0])
        trace(f"{len(ordered) - first} report blocks written again after linking")

    def _last_tail(self) -> _Shared:
        """The last build's entity graph (written at once) and shared triples."""
        tail = self.tail
        self.files.nq.write(tail.ent)

        def lines_of() -> list[str]:
            return tail.shared.decode("utf-8").splitlines(keepends=True)

        trace("entity graph and shared triples: the last build's")
        return _Shared(tail.n_ent, [tail.shared], tail.digest, lines_of)

    def _make_tail(self, linker, metas) -> _Shared:
        """The entity graph (written at once, and to the next build's tail) and the shared triples, sorted."""
        from ..graph import entity_block

        files, caches = self.files, self.caches
        for sha1, path in files.stubs:  # blocks copied as the index described them
            files.shared.update(caches.final_block(sha1, path, linker, {})[0].shared)
        files.stubs = []
        ent = entity_block(linker, metas)
        trace(f"entity graph made ({len(ent)} quads)")
        shared = files.shared
        files.shared = set()
        shared.update(ln[: ln.rindex(" <")] + " .\n" for ln in ent)
        n_ent = len(ent)
        saving = self.saving = self.tails.writer()
        for data in utf8(ent, consume=True):
            files.nq.write(data)
            if saving is not None:
                saving.write("ent", data)
        del ent
        lines = sorted(shared)
        del shared
        chunks = utf8(lines)
        h = hashlib.sha1()
        for data in chunks:
            h.update(data)

        def lines_of() -> list[str]:
            return lines

        trace("shared triples sorted")
        return _Shared(n_ent, chunks, h.hexdigest(), lines_of)

    def _write_shared(self, shared: _Shared, remake: bool) -> None:
        """The shared triples to the store loader, the next build's tail and graph.ttl (then freed)."""
        if self.sink is not None:
            self.sink.set_shared(shared.chunks, shared.digest)  # the loader finishes the store while the files are closed
        if self.saving is not None:
            for data in shared.chunks:
                self.saving.write("shared", data)
            self.saving.commit(n_ent=shared.n_ent, digest=shared.digest, remake=remake)
        shared.chunks = None
        self.files.ttl.write(shared_turtle(self.out, shared.digest, shared.lines_of))
        shared.lines_of = None  # (the sorted lines: freed)
        trace("shared triples written as Turtle")

    def _put_files_in_place(self) -> None:
        """Sync and commit graph.nq and graph.ttl (a patched store is written meanwhile), then other formats."""
        from ..outputs import atomic_write_bytes, serialize_quads

        files, sink, kick, out, written = self.files, self.sink, self.kick, self.out, self.written
        if sink is not None and not sink.loading:
            # a patched store is written while the files are synced, and both are put in place
            # after (the full N-Quads, if the store must be loaded anew after all, are in the
            # temporary file)
            syncing = Thread(lambda: (kick.join(), files.nq.sync(), files.ttl.sync()))
            try:
                self._tidy()
                sink.prepare(Path(files.nq.tmp))
                trace("store written")
            finally:
                syncing.join()
        kick.join()
        files.nq.commit()
        files.ttl.commit()
        nq_path, ttl_path = out / "graph.nq", out / "graph.ttl"
        written["nq"] = str(nq_path)
        if "ttl" in self.formats:
            written["ttl"] = str(ttl_path)
        else:
            ttl_path.unlink(missing_ok=True)
        for fmt in self.formats:
            if fmt in ("ttl", "nq"):
                continue
            path = out / f"graph.{fmt}"
            lines = sorted(set(nq_path.read_text(encoding="utf-8").splitlines(keepends=True)))
            atomic_write_bytes(path, serialize_quads(lines, fmt))
            written[fmt] = str(path)
        trace("graph.nq and graph.ttl written")

    def _tidy(self) -> None:
        tidy, self.tidy = self.tidy, None
        if tidy is not None:
            tidy()

    def _finish_store(self) -> None:
        self._tidy()
        sink = self.sink
        if sink is None:
            return
        nq_path, ttl_path = self.out / "graph.nq", self.out / "graph.ttl"
        loading = sink.loading
        self.written["store"] = str(sink.commit(nq_path, [nq_path, ttl_path] if "ttl" in self.formats else [nq_path]))
        self.sink = None  # committed: nothing left to abort
        trace("store written" if loading else "store put in place")

    def _put_page_in_place(self) -> None:
        page_path = self.out / "graph.html"
        if self.page is not None:
            self.page.wait()
            os.replace(self.page_tmp, page_path)
            trace("graph.html written")
        if self.html:
            self.written["html"] = str(page_path)

    def _discard(self) -> None:
        """Leave the outputs and the store as they were."""
        if self.page is not None:
            try:
                self.page.wait()
            except OSError:
                pass
            self.page_tmp.unlink(missing_ok=True)
        self.kick.thread.join()  # (before the files it works on are closed)
        if self.saving is not None:
            self.saving.discard()
        abandon(self.files, self.sink)


def write_outputs(reports: list, out: Path, formats=("ttl", "nq"), html: bool = True) -> tuple[dict[str, str], int]:
    """Write outputs for in-memory results (no cache, no store)."""
    from ..graph import build_quads
    from ..outputs import atomic_write_bytes, serialize_quads

    lines, linker = build_quads(reports)
    written = {}
    for fmt in formats:
        path = out / f"graph.{fmt}"
        atomic_write_bytes(path, serialize_quads(lines, fmt))
        written[fmt] = str(path)
    if html:
        from ..view import render_html

        path = out / "graph.html"
        atomic_write_bytes(path, render_html(reports, linker).encode("utf-8"))
        written["html"] = str(path)
    return written, len(lines)
