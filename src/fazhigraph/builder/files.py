"""``graph.nq`` and ``graph.ttl`` as they are written: block by block in graph IRI order during
pass 1, under temporary names until the build commits them (a build killed at any moment leaves
the previous outputs intact)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .caches import BlockCache
from .workers import local_nt


class Files:
    """``graph.nq`` and ``graph.ttl`` under temporary names, written block by block in graph IRI
    order while the reports are still being extracted (pass 1) - each block is copied while it
    is still in memory - and finished once the corpus is linked (:mod:`.assemble`)."""

    def __init__(self, out: Path, blocks: BlockCache, sink, report_iri: Callable[[str], str]) -> None:
        from ..outputs import AtomicFile, turtle_header

        self._report_iri = report_iri
        self.blocks = blocks
        self.sink = sink
        self.nq = AtomicFile(out / "graph.nq")
        try:
            self.ttl = AtomicFile(out / "graph.ttl")
        except BaseException:
            self.nq.discard()
            raise
        self.ttl.write(turtle_header())
        self.ordered: list[tuple[str, str]] = []  # (sha1, path) of the blocks written, in order
        self.marks: list[tuple[int, int, int]] = []  # (nq size, ttl size, quads) before each
        self.shared: set[str] = set()
        self.stubs: list[tuple[str, str]] = []  # (sha1, path) of blocks written without their shared triples
        self.quads = 0

    def add(self, sha1: str, path: str, blk) -> None:
        self.marks.append((self.nq.size, self.ttl.size, self.quads))
        self.ordered.append((sha1, path))
        self.write(sha1, path, blk)

    def write(self, sha1: str, path: str, blk) -> None:
        blocks = self.blocks
        blocks.copy(sha1, blk, self.nq, self.ttl)
        self.quads += blk.n
        if blk.shared is None:
            self.stubs.append((sha1, path))
        else:
            self.shared.update(blk.shared)
        if self.sink is not None:  # the report's own triples, as N-Triples, if the store needs them
            name = os.path.basename(path)
            self.sink.report(self._report_iri(name), blk.digest, lambda: local_nt(blocks.local(sha1, blk), name))

    def cut(self, k: int) -> None:
        """Forget the blocks from the ``k``-th on (they are written again)."""
        nq_size, ttl_size, self.quads = self.marks[k]
        self.nq.truncate(nq_size)
        self.ttl.truncate(ttl_size)
        del self.marks[k:]

    def restart_shared(self) -> None:
        """Forget the shared triples gathered so far (they are gathered again)."""
        self.shared = set()
        self.stubs = []

    def discard(self) -> None:
        self.nq.discard()
        self.ttl.discard()


def abandon(files: Files | None, sink) -> None:
    """Remove the unfinished outputs and store of a build that stops."""
    if files is not None:
        files.discard()
    if sink is not None:
        sink.abort()
