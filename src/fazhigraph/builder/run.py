"""The build, top to bottom: what to build -> pass 1 (extraction workers and caches, blocks
into the files) -> linking -> assembling the outputs -> the manifest."""
from __future__ import annotations

import functools
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError
from ..link import report_iri
from ..model import ReportResult
from . import inputs
from .assemble import Assembly
from .caches import CachedReports, Caches
from .files import Files, abandon
from .inputs import Inputs, check_output_dir
from .linking import Linking
from .manifest import Manifest
from .pass1 import Pass1
from .procs import start_clock, trace
from .settings import VIEW_NODES, Settings
from .tail import Tails, tail_key
from .workers import StrictStop


@dataclass
class BuildSummary:
    built: int = 0
    skipped: int = 0
    failed: int = 0
    cached: int = 0  # of the built reports, how many came from the cache
    errors: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    reports: "list[ReportResult] | CachedReports" = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    up_to_date: bool = False  # nothing changed since the last build: no output was written
    t0: float = field(default=0.0, repr=False)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        return (
            f"built {self.built}, skipped {self.skipped}, failed {self.failed} reports; "
            f"{self.cached} from cache; {self.triples} quads in {self.seconds:.1f}s"
            + ("; outputs already up to date / 输出已是最新" if self.up_to_date else "")
        )

    def done(self) -> "BuildSummary":
        self.seconds = time.perf_counter() - self.t0
        return self

    def stopped(self, error: str) -> "BuildSummary":
        """A ``strict`` build stopped at its first error: nothing written."""
        self.failed, self.errors = 1, [error]
        return self.done()

    def unchanged(self, man: dict, errors: list[str] | None) -> "BuildSummary":
        """The outputs were already up to date (nothing written)."""
        if errors:
            for err in errors:
                print(err, file=sys.stderr, flush=True)
            self.failed = len(errors)
            self.errors = errors
        self.outputs, self.triples = man["outputs"], man["triples"]
        self.up_to_date = True
        trace("outputs up to date")
        return self.done()


def build(
    corpus: str | Path = "corpus",
    out: str | Path = "outputs",
    jobs: int | None = None,
    strict: bool = False,
    progress: bool = False,
    html: bool = True,
    formats=("ttl", "nq"),
    use_cache: bool = True,
    store: bool = True,
    view_nodes: int = VIEW_NODES,
) -> BuildSummary:
    """Build ``corpus`` into ``out``; see :mod:`fazhigraph.builder`. ``use_cache=False`` re-extracts all."""
    summary = BuildSummary(t0=start_clock())
    s = Settings(Path(out), jobs or os.cpu_count() or 1, strict, progress, html, tuple(formats), use_cache, store,
                 view_nodes)
    check_output_dir(s.out)
    todo = Inputs(corpus, s.out, strict)  # what to build
    if todo.refused:
        return summary.stopped(todo.refused)
    caches = Caches(s.out, inputs.version_key(), use_cache)
    todo.hash(caches.hashes)
    if use_cache:
        todo.look_up(caches)
    summary.skipped, misses = todo.skipped, todo.misses
    trace(f"scanned: {len(todo.hits)} cached, {len(misses)} to extract")
    manifest = Manifest(s.out, caches.results.version, s.key())
    if not misses and (built := todo.cached()):  # nothing to extract: the outputs may be those of these reports
        man = manifest.up_to_date(manifest.key(built), store)
        if man is not None:
            summary.built = summary.cached = len(built)
            summary.reports = CachedReports(caches.results, built)
            return summary.unchanged(man, todo.cached_errors())

    # reports go through in output order (graph IRI); the linker takes them in path order - as
    # they come if many are new, else after pass 1 and only if needed (see .assemble)
    linking = Linking(caches, few=len(misses) <= max(200, len(todo.paths) // 5))
    iri_of = functools.lru_cache(maxsize=None)(report_iri)  # (each report's, asked for more than once)
    sink, files = _open_outputs(s, caches, iri_of, bool(todo.paths), linking.few)
    pass1 = Pass1(s, todo, caches, files, sink, linking, iri_of)
    try:
        pass1.run()
    except StrictStop as e:
        abandon(files, sink)
        summary.cached = pass1.cached
        return summary.stopped(str(e))
    except BaseException:
        abandon(files, sink)
        raise
    items = linking.items
    summary.built, summary.cached, summary.failed = len(items), pass1.cached, len(pass1.errors)
    summary.errors = [e for _, e in sorted(pass1.errors)]
    summary.reports = CachedReports(caches.results, items)
    trace("extracted, report blocks written")
    if not items:
        abandon(files, sink)
        return summary.done()

    key = manifest.key(items)
    man = manifest.up_to_date(key, store)
    if man is not None:  # the same reports as last time, outputs untouched: nothing to write
        abandon(files, sink)
        return summary.unchanged(man, None)
    page_kept = html and manifest.page_as_left()
    manifest.drop()
    tails = Tails(s.out, tail_key(manifest.code, caches.results.version, caches.blocks.version, s.key(), pass1.outers),
                  use=use_cache)

    def tidy() -> None:
        caches.tidy({sha for sha, _ in items} | {sha for sha in todo.shas if sha}, pass1.entries, linking.index_links())
        trace("caches pruned")

    try:
        summary.outputs, summary.triples = Assembly(s, files, caches, linking, sink, tails, page_kept, tidy).run()
    except OSError as e:
        raise OutputError(f"cannot write outputs ({e.strerror or e})", str(s.out)) from None
    manifest.save(key, summary.outputs, summary.triples)
    trace("manifest saved")
    return summary.done()


def _open_outputs(s: Settings, caches: Caches, iri_of, reports: bool, few: bool) -> tuple:
    """(the on-disk store's sink or None, the files pass 1 writes); both None when there is no report."""
    sink = None
    if s.store and reports:
        from ..diskstore import StoreSink

        # a full load spools each report's triples as soon as it is extracted (one file per process);
        # a loader process loads them once the last report is in (this process when the build runs in one)
        sink = StoreSink(s.out, incremental=few, inline=s.jobs <= 1, parts=min(s.jobs, os.cpu_count() or 1))
    try:
        files = Files(s.out, caches.blocks, sink, iri_of) if reports else None
    except OSError as e:
        abandon(None, sink)
        raise OutputError(f"cannot write outputs ({e.strerror or e})", str(s.out)) from None
    return sink, files
