"""The main job: a folder of reports -> outputs/graph.ttl, graph.nq, graph.html.

Reports are extracted in parallel (fork-based processes ship back only results); a bad
report yields one line on stderr naming the file and the reason, and every other report
is still built. Outputs are written atomically: a build killed at any moment leaves the
previous outputs intact.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import FazhiError
from .ingest import discover
from .model import ReportResult


@dataclass
class BuildSummary:
    built: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    reports: list[ReportResult] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        return (
            f"built {self.built}, skipped {self.skipped}, failed {self.failed} reports; "
            f"{self.triples} quads in {self.seconds:.1f}s"
        )


def _work(path: str) -> tuple[str, ReportResult | None, str | None]:
    from .pipeline import extract_file

    try:
        return path, extract_file(path), None
    except FazhiError as e:
        return path, None, str(e)
    except Exception as e:  # never let one report kill the build
        return path, None, f"[E003] {path}: {type(e).__name__}: {e}"


def extract_all(
    paths: list[Path],
    jobs: int | None = None,
    on_result: Callable[[str, ReportResult | None, str | None], None] | None = None,
    strict: bool = False,
) -> tuple[list[ReportResult], list[str]]:
    """Extract every report; returns (results in path order, error lines)."""
    from .nlp import get_nlp

    jobs = jobs or os.cpu_count() or 1
    get_nlp()  # load once in the parent; forked workers inherit it
    results: list[ReportResult] = []
    errors: list[str] = []
    strs = [str(p) for p in paths]

    def handle(item):
        path, res, err = item
        if on_result:
            on_result(path, res, err)
        if err:
            errors.append(err)
            if strict:
                raise _StrictStop(err)
        else:
            results.append(res)

    if jobs <= 1 or len(strs) <= 1 or "fork" not in mp.get_all_start_methods():
        for p in strs:
            handle(_work(p))
    else:
        ctx = mp.get_context("fork")
        with ctx.Pool(jobs) as pool:
            try:
                for item in pool.imap(_work, strs, chunksize=max(1, min(16, len(strs) // (jobs * 8) or 1))):
                    handle(item)
            except _StrictStop:
                pool.terminate()
                raise
    return results, errors


class _StrictStop(Exception):
    pass


def write_outputs(reports: list[ReportResult], out: Path, formats=("ttl", "nq"), html: bool = True) -> dict[str, str]:
    from .graph import build_quads
    from .outputs import atomic_write_bytes, serialize_quads

    lines, linker = build_quads(reports)
    written = {}
    for fmt in formats:
        path = out / f"graph.{fmt}"
        atomic_write_bytes(path, serialize_quads(lines, fmt))
        written[fmt] = str(path)
    if html:
        from .view import render_html

        path = out / "graph.html"
        atomic_write_bytes(path, render_html(reports, linker).encode("utf-8"))
        written["html"] = str(path)
    return written, len(lines)


def build(
    corpus: str | Path = "corpus",
    out: str | Path = "outputs",
    jobs: int | None = None,
    strict: bool = False,
    progress: bool = False,
    html: bool = True,
    formats=("ttl", "nq"),
) -> BuildSummary:
    t0 = time.perf_counter()
    out = Path(out)
    summary = BuildSummary()
    paths = discover(corpus)
    bar = None
    if progress and paths:
        from rich.progress import Progress

        bar = Progress(transient=True, console=None)
        bar.start()
        task = bar.add_task("extracting", total=len(paths))

    def on_result(path, res, err):
        if err:
            print(err, file=sys.stderr, flush=True)
        if bar is not None:
            bar.advance(task)

    try:
        reports, errors = extract_all(paths, jobs=jobs, on_result=on_result, strict=strict)
    except _StrictStop as e:
        if bar is not None:
            bar.stop()
        summary.failed = 1
        summary.errors = [str(e)]
        summary.seconds = time.perf_counter() - t0
        return summary
    finally:
        if bar is not None:
            bar.stop()
    summary.reports = reports
    summary.built = len(reports)
    summary.failed = len(errors)
    summary.errors = errors
    if reports:
        summary.outputs, summary.triples = write_outputs(reports, out, formats=formats, html=html)
    summary.seconds = time.perf_counter() - t0
    return summary
