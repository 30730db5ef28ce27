"""How a build was asked to run: one object every stage reads."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Sentences per node kept in the build's HTML view (those of the first reports by IRI).
VIEW_SENTENCE_CAP = 20
#: Most nodes the build's HTML view shows (see :func:`fazhigraph.view.select_nodes`).
VIEW_NODES = 2000


@dataclass(frozen=True)
class Settings:
    out: Path
    jobs: int
    strict: bool = False
    progress: bool = False
    html: bool = True
    formats: tuple = ("ttl", "nq")
    use_cache: bool = True  # False: re-extract every report, trust no file stamp, reuse no tail
    store: bool = True
    view_nodes: int = VIEW_NODES

    def key(self) -> list:
        """The settings the outputs depend on (part of the manifest's and the tail's keys)."""
        return [sorted(self.formats), self.html, self.view_nodes if self.html else None, self.store]
