"""Pass 1: every report, in output order (graph IRI), from the caches or an extraction worker,
copied into the files as soon as its block is at hand (while it is still in memory); the
linker is given the reports in path order (see :class:`~.linking.Linking`).
"""
from __future__ import annotations

import os
import sys
from typing import Callable

from ..link import link_summary
from ..errors import OutputError
from ..model import ReportResult
from .caches import Caches
from .files import Files
from .inputs import Inputs
from .linking import Linking, region_key
from .settings import Settings
from .workers import Done, Extraction, StrictStop, use_caches, work_cached


class Pass1:
    """Runs pass 1 of a build; leaves ``entries`` (the next link index: sha1 -> (file name,
    block info)), ``outers`` ((file name, Block.outer) in path order), ``errors`` ((path
    index, error line)) and ``cached`` (how many reports came from the caches)."""

    def __init__(self, settings: Settings, todo: Inputs, caches: Caches, files: Files | None, sink,
                 linking: Linking, report_iri: Callable[[str], str]) -> None:
        self.settings, self.todo, self.caches, self.files, self.sink = settings, todo, caches, files, sink
        self.linking, self.report_iri = linking, report_iri
        self.entries: dict[str, tuple] = {}
        self.outers: list[tuple[str, str]] = []
        self.errors: list[tuple[int, str]] = []
        self.cached = 0
        self._pending: dict[int, tuple | None] = {}  # path index -> (sha1, block info) not yet in path order
        self._next = 0

    def run(self) -> None:
        """Raises :class:`StrictStop` at the first error with ``strict``."""
        todo, paths = self.todo, self.todo.paths
        order = sorted(range(len(paths)), key=lambda i: (self.report_iri(os.path.basename(paths[i])), paths[i]))
        fresh_paths = [paths[i] for i in order if i not in todo.hits]
        bar = task = None
        if self.settings.progress and paths:
            from rich.progress import Progress

            bar = Progress(transient=True, console=None)
            bar.start()
            task = bar.add_task("extracting", total=len(paths))
        sink = self.sink
        use_caches((self.caches.results, self.caches.blocks, sink is not None and sink.loading))
        fresh = Extraction(fresh_paths, self.settings.jobs, work_cached, fork_one=bool(todo.hits))
        try:
            for i in order:
                got = self._cached(i) if i in todo.hits else self._extracted(i, next(fresh))
                if bar is not None:
                    bar.advance(task)
                self._add(i, *got)
                del got  # (the block: freed before the next one comes)
                self._in_path_order()
        finally:
            use_caches(None)
            fresh.close()
            if bar is not None:
                bar.stop()

    def _cached(self, i: int) -> tuple:
        """(sha1, block, error) of a report the caches hold."""
        hit = self.todo.hits.pop(i)
        err = hit[1] if hit[0] == "err" else None
        sha, blk = self.todo.shas[i], None
        if err is None:
            self.cached += 1
            if hit[0] == "res":
                self.linking.links[sha] = hit[1:]
            blk = self.caches.blocks.stub(sha, hit[1]) if hit[0] == "idx" else None
            if blk is None:
                blk = self.caches.final_block(sha, self.todo.paths[i], None, {})[0]
        return sha, blk, err

    def _extracted(self, i: int, got: tuple) -> tuple:
        """(sha1, block, error) of a report a worker extracted (``got``: what it sent back)."""
        _, done, err = got
        p, caches = self.todo.paths[i], self.caches
        if done is None:
            if not err.startswith("[E003]"):  # extractor bugs are retried next time
                caches.results.put(self.todo.shas[i], p, None, err)
            return None, None, err
        if isinstance(done, ReportResult):  # extracted without the caches
            done = Done(done.sha1, link_summary(done), region_key(done), res=done)
        sha = self.todo.shas[i] = done.sha1
        if done.res is not None:
            caches.results.put(sha, p, done.res, None)
        self.linking.links[sha] = (done.link, done.region)
        if done.block is not None:
            done.block.nq, done.block.ttl = done.block_bytes
            caches.blocks.put(sha, done.block)
        if done.store is not None:
            self.sink.early(self.report_iri(os.path.basename(p)), *done.store)
        return sha, done.light or done.block or caches.final_block(sha, p, None, {})[0], None

    def _add(self, i: int, sha: str | None, blk, err: str | None) -> None:
        if err:
            print(err, file=sys.stderr, flush=True)
            self.errors.append((i, err))
            if self.settings.strict:
                raise StrictStop(err)
            self._pending[i] = None
            return
        try:
            self.files.add(sha, self.todo.paths[i], blk)
        except OSError as e:
            raise OutputError(f"cannot write outputs ({e.strerror or e})", str(self.settings.out)) from None
        self._pending[i] = (sha, blk.info())

    def _in_path_order(self) -> None:
        """Hand on the reports that are next in path order."""
        paths, pending = self.todo.paths, self._pending
        while self._next in pending:
            got = pending.pop(self._next)
            if got is not None:
                sha, info = got
                name = os.path.basename(paths[self._next])
                self.linking.built(sha, paths[self._next])
                self.entries[sha] = (name, info)
                self.outers.append((name, info[-1]))
            self._next += 1
