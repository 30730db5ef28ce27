"""graph.html: the whole build's page, made from the blocks' view fragments (in a forked
process while the parent finishes the files and the store)."""
from __future__ import annotations

from pathlib import Path

from .caches import Caches
from .settings import VIEW_SENTENCE_CAP


class Page:
    """The whole-build page, made from the blocks' view fragments."""

    def __init__(self, linker, keep: set[str] | None) -> None:
        from ..view import ViewGraph

        self.moved = linker.moved()
        self.entities = {e.iri: e for e in linker.final.values()}
        self.keep = keep
        self.vg = ViewGraph(sentence_cap=VIEW_SENTENCE_CAP)
        if keep is not None:
            self.vg.total_nodes = len(self.entities)

    def add(self, blk, remade: bool) -> None:
        from ..view import add_fragment

        add_fragment(self.vg, blk.view, self.entities, {} if remade else self.moved, self.keep)

    def make(self, caches: Caches, ordered, linker, path: Path, layout_cache: Path) -> None:
        """Read every block (in the forked page process, while the parent finishes the files and the store) and write the page."""
        for sha1, p in ordered:
            self.add(*caches.final_block(sha1, p, linker, self.moved, store=False))
        write_page(self.vg, path, layout_cache)


def write_page(vg, path: Path, layout_cache: Path) -> None:
    from .. import view
    from ..outputs import atomic_write_bytes

    atomic_write_bytes(path, view.render(vg, layout_cache=layout_cache).encode("utf-8"))

