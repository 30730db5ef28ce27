"""Helpers every stage uses: work in a forked process or a thread, and the trace line.

``FAZHI_TRACE=1`` prints one stderr line per build phase (seconds so far, peak memory).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from typing import Callable

_T0 = [0.0]


def start_clock() -> float:
    """Start the build's clock (the trace counts from here); returns the start time."""
    _T0[0] = time.perf_counter()
    return _T0[0]


def trace(phase: str) -> None:
    """With ``FAZHI_TRACE=1``: one stderr line per build phase (seconds so far, peak RSS)."""
    if os.environ.get("FAZHI_TRACE"):
        import resource

        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"# trace {time.perf_counter() - _T0[0]:7.2f}s peak {me.ru_maxrss / 1024:6.0f} MB "
              f"cpu {me.ru_utime + me.ru_stime:6.1f}s (ended children {kids.ru_utime + kids.ru_stime:6.1f}s)  {phase}",
              file=sys.stderr, flush=True)


def _child_main(conn, fn, args, close) -> None:  # pragma: no cover - runs in the forked child
    for fd in close:  # the parent's ends of pipes whose readers wait for them to close
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        fn(*args)
        conn.send(None)
    except BaseException as e:
        conn.send(f"{type(e).__name__}: {getattr(e, 'strerror', None) or e}")
    finally:
        conn.close()


class Background:
    """``fn(*args)`` in a forked process (the parent goes on with other work), or at once where
    processes cannot be forked; :meth:`wait` raises (as OSError) what made it fail. ``close``:
    file descriptors the forked process closes at once (a copy of a pipe's writing end would
    keep its reader from seeing the end)."""

    def __init__(self, fn, *args, fork: bool = True, close: tuple[int, ...] = ()) -> None:
        self.proc = None
        if not fork or "fork" not in mp.get_all_start_methods():
            fn(*args)
            return
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_child_main, args=(child, fn, args, close), daemon=True)
        self.proc.start()
        child.close()

    def wait(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            err = self.conn.recv()
        except EOFError:
            err = ""
        finally:
            self.conn.close()
        proc.join()
        if err or proc.exitcode:
            raise OSError(err or f"exit code {proc.exitcode}")


class Thread:
    """``fn()`` in a thread; :meth:`join` raises what it raised."""

    def __init__(self, fn: Callable[[], object]) -> None:
        import threading

        self.error: BaseException | None = None

        def run() -> None:
            try:
                fn()
            except BaseException as e:
                self.error = e

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error
