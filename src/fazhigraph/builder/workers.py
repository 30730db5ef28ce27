"""Extraction workers: ``--jobs`` forked processes (they inherit the loaded pipeline) extract
the reports, make each one's finished block (:mod:`fazhigraph.blocks`), write result and block
to the caches and send back only what linking needs (and, for the store loader, the report's
own triples). A report that fails yields one error line; it never stops the others.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import FazhiError
from ..model import ReportResult


def _work(path: str) -> tuple[str, ReportResult | None, str | None]:
    from ..pipeline import extract_file

    try:
        return path, extract_file(path), None
    except FazhiError as e:
        return path, None, str(e)
    except Exception as e:  # never let one report kill the build
        return path, None, f"[E003] {path}: {type(e).__name__}: {e}"


@dataclass
class Done:
    """What a worker sends back for an extracted report: enough to link it. The result and
    its block go to the caches from the worker (they travel only if they could not be written)."""

    sha1: str
    link: tuple
    region: tuple
    res: ReportResult | None = None
    block: object = None
    block_bytes: tuple | None = None
    store: tuple | None = None  # (digest, N-Triples) of the report's own triples, for the store loader
    light: object = None  # the block as written to the cache, less its bytes and fragment (Block.light)


#: (ResultCache, BlockCache, whether the store loader takes triples early) of the running
#: build, set before workers are forked (:func:`use_caches`).
_CACHES: tuple | None = None


def use_caches(caches: tuple | None) -> None:
    """Set what forked workers write to (None once the build's workers are done)."""
    global _CACHES
    _CACHES = caches


def local_nt(data: bytes, file: str) -> bytes:
    """A block's own triples (``data``: their N-Quads in the graph of ``file``) as N-Triples."""
    from ..link import report_iri
    from ..rdfterms import iri

    return data.replace(f" {iri(report_iri(file))} .\n".encode(), b" .\n")


def work_cached(path: str) -> tuple[str, "Done | ReportResult | None", str | None]:
    """Extract a report, make its block, store both; ship back only what linking needs."""
    from ..blocks import make_block
    from ..link import IdentityLinker, link_summary

    path, res, err = _work(path)
    if res is None or _CACHES is None:
        return path, res, err
    ident = IdentityLinker()
    try:
        link = link_summary(res, ident)
        blk = make_block(res, ident, link)
    except Exception as e:
        return path, None, f"[E003] {path}: {type(e).__name__}: {e}"
    results, blocks, early = _CACHES
    done = Done(res.sha1, link, blk.region)
    if early:
        lo, hi = blk.local
        done.store = (blk.digest, local_nt(blk.nq[lo:hi], res.file))
    if not results.put(res.sha1, path, res, None):
        done.res = res
    if not blocks.put(res.sha1, blk, memo=False):
        done.block = blk
        done.block_bytes = (blk.nq, blk.ttl)  # a pickled block leaves its bytes behind
    else:
        done.light = blk.light()
    return path, done, None


class StrictStop(Exception):
    pass


def _chunksize(n: int, jobs: int) -> int:
    return max(1, min(16, n // (jobs * 8) or 1))


class Extraction:
    """``work(path)`` of each path in order, in ``jobs`` forked processes that start at once
    (they inherit the loaded pipeline): a rebuild copies cached blocks meanwhile (``fork_one``:
    even a single report is extracted in a forked process, for that). An iterator;
    :meth:`close` stops the processes."""

    def __init__(self, strs: list[str], jobs: int, work=_work, fork_one: bool = False) -> None:
        self._pool = None
        self._it: Iterator = iter(())
        if not strs:
            return
        from ..nlp import get_nlp

        get_nlp()  # load once in the parent; forked workers inherit it
        if jobs <= 1 or (len(strs) == 1 and not fork_one) or "fork" not in mp.get_all_start_methods():
            self._it = map(work, strs)
            return
        self._pool = mp.get_context("fork").Pool(min(jobs, len(strs)))
        self._it = self._pool.imap(work, strs, chunksize=_chunksize(len(strs), jobs))

    def __iter__(self) -> "Extraction":
        return self

    def __next__(self) -> tuple[str, ReportResult | None, str | None]:
        try:
            return next(self._it)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()


def _results(strs: list[str], jobs: int, work=_work) -> Iterator[tuple[str, ReportResult | None, str | None]]:
    """Extract ``strs`` in order, in ``jobs`` forked processes (see :class:`Extraction`)."""
    ex = Extraction(strs, jobs, work)
    try:
        yield from ex
    finally:
        ex.close()


def extract_all(
    paths: list[Path],
    jobs: int | None = None,
    on_result: Callable[[str, ReportResult | None, str | None], None] | None = None,
    strict: bool = False,
) -> tuple[list[ReportResult], list[str]]:
    """Extract every report (no cache); returns (results in path order, error lines)."""
    jobs = jobs or os.cpu_count() or 1
    results: list[ReportResult] = []
    errors: list[str] = []
    for path, res, err in _results([str(p) for p in paths], jobs):
        if on_result:
            on_result(path, res, err)
        if err:
            errors.append(err)
            if strict:
                raise StrictStop(err)
        else:
            results.append(res)
    return results, errors


# --- outputs --------------------------------------------------------------------------------------
