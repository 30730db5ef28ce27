"""Linking: one canonical node per real thing, from the reports' link summaries (path order).

When many reports are new, the linker takes each report as pass 1 reaches it in path order;
when few changed, it waits until pass 1 is over and links the corpus only if something needs
it (a block to remake, the entity graph or the page to make: see :mod:`.assemble`).
"""
from __future__ import annotations

from ..link import Linker, link_summary
from ..model import ReportMeta, ReportResult
from .caches import Caches
from .procs import trace


def region_key(res: ReportResult) -> tuple:
    """A report's region key: (region path, region codes)."""
    return tuple(res.meta.region_path), tuple(res.meta.region_codes)


def link_iris(link: tuple) -> set[str]:
    """The node IRIs a report's block names: those of its link summary."""
    _, bureau, keys = link
    iris = {k[6] for k in keys}
    if bureau is not None:
        iris.add(bureau[3])
    return iris


class Linking:
    """The corpus linked: :meth:`get` gives ``(linker, link summary by sha1 in path order,
    region metas)``, made on first use (a rebuild that reuses the last build's entity graph
    and page and remakes no block never links). ``links``: sha1 -> (link summary, region key)
    as far as known (pass 1 fills it in); ``few``: link only after pass 1."""

    def __init__(self, caches: Caches, few: bool) -> None:
        self.caches = caches
        self.few = few
        self.linker = Linker()
        self.links: dict[str, tuple] = {}
        self.items: list[tuple[str, str]] = []  # (sha1, path) of the built reports, path order
        self.got: tuple | None = None

    def _summary_of(self, sha: str, path: str) -> tuple:
        """(link summary, region key) of a report built before: from the index, else its result."""
        got = self.links.get(sha) or self.caches.index.links().get(sha)
        if got is None:
            res = self.caches.results.load(sha, path)
            got = (link_summary(res), region_key(res))
        return got

    def _link(self, sha: str, path: str) -> None:
        self.links[sha] = got = self._summary_of(sha, path)
        self.linker.add_summary(got[0])

    def built(self, sha: str, path: str) -> None:
        """A report built, in path order: linked now unless ``few``."""
        if not self.few:
            self._link(sha, path)
        self.items.append((sha, path))

    def get(self) -> tuple:
        if self.got is None:
            self.got = self._make()
        return self.got

    def _make(self) -> tuple:
        items, links, linker = self.items, self.links, self.linker
        if self.few:
            for sha, p in items:
                self._link(sha, p)
        linker.finish()
        trace("linker settled")
        metas: dict[tuple, object] = {}  # distinct region paths -> a meta naming it
        for sha, _ in items:
            region = links[sha][1]
            if region not in metas:
                metas[region] = ReportMeta(region_path=list(region[0]), region_codes=list(region[1]))
        return linker, {sha: links[sha][0] for sha, _ in items}, [metas[k] for k in sorted(metas)]

    def index_links(self) -> dict[str, tuple] | None:
        """What the next build's index keeps of the summaries (None: the last ones stay)."""
        if not self.few or self.got is not None:
            return {sha: self.links[sha] for sha, _ in self.items}
        return None
