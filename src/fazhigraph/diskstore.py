"""The build's on-disk Oxigraph store, ``OUT/graph.oxigraph``, queried by ``fazhigraph query``.

Layout: every triple of ``graph.ttl`` once, in the default graph (a store with one named graph
per report loads about 1.6x slower, for the same answers). A report's own triples (the
report, its mentions and sentences) are found again by their links to the report
(``fz:inReport``, ``nif:referenceContext``), so updates stay incremental: a changed report's
triples are replaced, a deleted report's removed, the shared triples (entities, regions, the
bureaus' edges) patched by difference. Each build writes a new store directory (a RocksDB
checkpoint of the previous one - hard links, cheap - then the patch) and swaps the
``graph.oxigraph`` symlink atomically, so readers never see a half-written store and a
killed build leaves the previous store intact. ``OUT/.cache/store.json`` records which
``graph.ttl`` (size, mtime) the store matches; :func:`open_fresh` returns the store only
then, otherwise callers load ``graph.ttl``.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from . import storeload
from .storeload import DROP_REPORT as _DROP_REPORT


LINK = "graph.oxigraph"
#: Version of the store layout recorded in the state: a store of another layout is reloaded.
LAYOUT = 2
STATE = Path(".cache") / "store.json"
SHARED_CACHE = Path(".cache") / "store-shared.nt"
#: Files under ``.cache`` that a build removes when it ends (see :class:`StoreSink`), so a
#: killed build's are removed by the next one that commits.
_LEFTOVERS = ("store-spool.", "store-drop.", "store-extra.", "store-load.", "store-shared-next.")


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _read_state(out: Path) -> dict | None:
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not (out / state.get("dir", "\0")).is_dir():
        return None
    return state


def is_fresh(out: str | Path, files: list[Path]) -> bool:
    """Whether ``OUT``'s store reflects exactly ``files`` (graph.nq, graph.ttl) as they are now."""
    state = _read_state(Path(out))
    if state is None or state.get("layout") != LAYOUT:
        return False
    try:
        return all(state["stamps"].get(f.name) == _stamp(f) for f in files)
    except (OSError, KeyError, AttributeError):
        return False


def open_fresh(graph_file: str | Path) -> ox.Store | None:
    """The read-only on-disk store next to ``graph_file`` if it reflects exactly that file."""
    graph_file = Path(graph_file)
    out = graph_file.parent
    state = _read_state(out)
    if state is None or graph_file.name not in state.get("stamps", {}):
        return None
    try:
        if state["stamps"][graph_file.name] != _stamp(graph_file):
            return None
        return ox.Store.read_only(str(out / state["dir"]))
    except (OSError, KeyError, TypeError):
        return None


#: The loader's source, run by a fresh interpreter (not a fork of the build, which may hold
#: threads and locks) that imports only pyoxigraph; see :mod:`fazhigraph.storeload`.
_LOADER = Path(storeload.__file__).read_text(encoding="utf-8")


def sorted_diff(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]] | None:
    """(lines only in ``before``, lines only in ``after``) of two sorted files of unique lines,
    in one merge (no line sets: the shared triples of a large corpus are millions of lines);
    None if either is not sorted (UTF-8 sorts as the code points the build sorted by)."""
    import io

    gone: list[bytes] = []
    added: list[bytes] = []
    ia, ib = io.BytesIO(before), io.BytesIO(after)
    a, b = ia.readline(), ib.readline()
    while a or b:
        step_a = step_b = False
        if a and (not b or a < b):
            gone.append(a)
            step_a = True
        elif b and (not a or b < a):
            added.append(b)
            step_b = True
        else:  # the same line in both
            step_a = step_b = True
        if step_a:
            nxt = ia.readline()
            if nxt and nxt <= a:
                return None
            a = nxt
        if step_b:
            nxt = ib.readline()
            if nxt and nxt <= b:
                return None
            b = nxt
    return gone, added


class _Reload(Exception):
    """The previous store cannot be patched (its shared triples are unknown): load anew."""


class StoreSink:
    """Receives each report's own triples during a build and brings the store up to date.

    Two modes. *Incremental* (a previous store exists and few reports changed): changed graphs
    are kept and patched into a checkpoint of the previous store at :meth:`commit`. *Full*:
    the triples are spooled to files as they come; once the last report is in
    (:meth:`end_reports`) a loader process (started at once, waiting) bulk-loads those files
    while the build makes the entity graph and the shared triples, then takes the replaced
    reports and the shared triples (:meth:`set_shared`) and compacts, so :meth:`commit` mostly
    waits for the last of it. With ``inline=True`` (a build in one process) the same loading
    is done in this process at :meth:`commit`. See :mod:`fazhigraph.storeload` for why the
    load waits for the last report.
    """

    def __init__(self, out: str | Path, incremental: bool = True, inline: bool = False, parts: int = 1) -> None:
        self.out = Path(out)
        self.prev = _read_state(self.out)
        self.prev_digests: dict[str, str] = dict(self.prev.get("digests", {})) if self.prev else {}
        self.digests: dict[str, str] = {}
        self.changed: dict[str, bytes] = {}  # report -> N-Triples of its new content (incremental mode)
        self.shared = b""  # the shared triples (N-Triples, sorted; kept only to patch or load the store here)
        self.shared_digest: str | None = None
        self.incremental = self.prev is not None and incremental and self.prev.get("layout") == LAYOUT
        self.new = self.out / f".oxigraph-{os.getpid()}-{time.time_ns()}"
        self._child = None
        self._ctrl: int | None = None  # the control pipe to the loader process
        self._inline = False
        self._spool = None  # the reports' triples for the loader, as they come (files of storeload.PART bytes)
        self._spooled = 0  # bytes in the current spool file
        self._spool_files: list[Path] = []
        self._threads = max(1, parts)
        self._reports_done = False
        self._files: list[Path] = []  # spool, drop list and extra triples: removed when done
        self._extra: tuple[Path, Path] | None = None
        # the shared triples as N-Triples, written once at set_shared: the loader loads this
        # file, and commit puts it in place as the next build's SHARED_CACHE
        tag = f"{os.getpid()}-{time.time_ns()}"
        self._shared_tmp = self.out / ".cache" / f"store-shared-next.{tag}.nt"
        self._shared_written = False
        self._broken: str | None = None  # why the loader failed
        self._prepared = False  # the new store is written (not yet swapped in)
        self.sent: dict[str, str] = {}  # report -> digest of the triples sent early (full mode)
        self.drop: list[str] = []  # reports sent early whose triples changed after linking
        self.patch: list[bytes] = []  # ... and their final triples (and reports sent late)
        if not self.incremental:
            cache = self.out / ".cache"
            cache.mkdir(parents=True, exist_ok=True)
            self._spool_prefix = str(cache / f"store-spool.{tag}.")
            self._extra_paths = (cache / f"store-drop.{tag}.txt", cache / f"store-extra.{tag}.nt")
            self._files = list(self._extra_paths)
            if inline:
                self._inline = True
            else:
                self._start_loader()

    @property
    def loading(self) -> bool:
        """Whether a loader takes triples as they come (full mode)."""
        return self._child is not None or self._inline

    def _start_loader(self) -> None:
        import subprocess
        import sys
        import tempfile

        self._err = tempfile.TemporaryFile()  # the loader's stderr, for the error message
        r, self._ctrl = os.pipe()
        try:
            self._child = subprocess.Popen([sys.executable, "-c", _LOADER, str(self.new), str(r),
                                            self._spool_prefix, str(self._threads)],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._err,
                                           pass_fds=(r,))
        finally:
            os.close(r)

    def fds(self) -> tuple[int, ...]:
        """This process's end of the pipe to the loader (a forked process must close it)."""
        return () if self._ctrl is None else (self._ctrl,)

    def early(self, graph: str, digest: str, local_nt: bytes) -> None:
        """A report's own triples as soon as it is extracted (full mode), before linking settles;
        :meth:`report` later says whether they stayed the same."""
        self.sent[graph] = digest
        self._send(local_nt)

    def _send(self, data: bytes) -> None:
        if self._broken or not data:
            return
        try:
            if self._spool is None or self._spooled >= storeload.PART:
                self._next_spool()
            self._spool.write(data)
            self._spooled += len(data)
        except OSError as e:
            self._broken = str(e)  # disk full: commit() says why

    def report(self, graph: str, digest: str, local_nt) -> None:
        """One report's own triples (``local_nt()`` gives them as N-Triples; ``graph``: the report
        IRI; ``digest`` changes exactly when they do). A report may be given again, remade after
        linking: what was sent for it is then replaced."""
        self.digests[graph] = digest
        if self.loading:
            early = self.sent.get(graph)
            if early is None:
                self.sent[graph] = digest
                if self._reports_done:
                    self.patch.append(local_nt())
                else:
                    self._send(local_nt())
            elif early != digest:  # linking changed them: replace in phase 2
                self.sent[graph] = digest
                self.drop.append(graph)
                self.patch.append(local_nt())
        elif self.prev_digests.get(graph) != digest:
            self.changed[graph] = local_nt()
            if len(self.changed) > max(200, len(self.prev_digests) // 5):
                self.incremental = False  # many changes after all: full load from graph.nq at commit
                self.changed.clear()
        else:  # as in the store (given again, remade after linking, it may be back to that)
            self.changed.pop(graph, None)

    def end_reports(self) -> None:
        """Every report has been given once: the loader process loads the spooled triples now
        (reports given after this, or again, go with the shared triples)."""
        if not self.loading or self._reports_done:
            return
        self._reports_done = True
        try:
            self._close_spool()
        except OSError as e:
            self._broken = self._broken or str(e)
        if self._child is not None and not self._broken:
            self._tell(f"reports {len(self._spool_files)}\n".encode())

    def _next_spool(self) -> None:
        self._close_spool()
        path = Path(storeload.spool_path(self._spool_prefix, len(self._spool_files)))
        self._spool_files.append(path)
        self._files.append(path)
        self._spool = open(path, "wb", buffering=1 << 20)
        self._spooled = 0

    def _close_spool(self) -> None:
        spool, self._spool = self._spool, None
        if spool is not None:
            spool.close()

    def _tell(self, msg: bytes) -> None:
        try:
            os.write(self._ctrl, msg)
        except OSError:
            pass  # the loader has died: commit() reports what it said

    def set_shared(self, chunks: list[bytes], digest: str) -> None:
        """The shared triples (N-Triples lines, sorted, as UTF-8, in chunks) and their SHA-1;
        call once, after the last report. They are written to a file at once: the loader loads
        it, :meth:`commit` keeps it (an incremental store is patched by their difference, none
        when the digest is the store's)."""
        self.shared_digest = digest
        if not self.loading:
            self.shared = b"".join(chunks)  # (kept for the patch)
            self._write_shared(chunks)
            return
        self.end_reports()
        drop_path, extra_path = self._extra_paths
        try:
            self._write_shared(chunks)
            if self._child is not None:  # the loader process reads the list; this process has it
                storeload.write_drop(str(drop_path), self.drop)
            with open(extra_path, "wb", buffering=1 << 20) as fh:
                fh.writelines(self.patch)
        except OSError as e:
            self._broken = self._broken or str(e)
        self._extra = (drop_path, extra_path)
        if self._child is not None:  # all is known now: the loader finishes (and compacts) while the build goes on
            if not self._broken:
                self._tell(f"{drop_path}\t{extra_path}\t{self._shared_tmp}\n".encode("utf-8"))
            self._close_ctrl()

    def _write_shared(self, chunks: list[bytes]) -> None:
        self._shared_tmp.parent.mkdir(parents=True, exist_ok=True)
        self._shared_written = True  # (a half-written file is removed by abort)
        with open(self._shared_tmp, "wb") as fh:
            fh.writelines(chunks)

    def _close_ctrl(self) -> None:
        if self._ctrl is not None:
            os.close(self._ctrl)
            self._ctrl = None

    def _remove_files(self) -> None:
        try:
            self._close_spool()
        except OSError:
            pass
        for f in self._files:
            f.unlink(missing_ok=True)

    def abort(self) -> None:
        """Stop the loader (if any) and remove what it wrote."""
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None
        self._close_ctrl()
        self._inline = False
        self._remove_files()
        self._shared_tmp.unlink(missing_ok=True)
        if getattr(self, "_err", None) is not None:
            self._err.close()
            self._err = None
        gc.collect()  # closes a store opened here before its folder is removed
        shutil.rmtree(self.new, ignore_errors=True)

    def _finish_inline(self) -> None:
        self._inline = False
        loader = None
        try:
            if self._broken:
                raise OSError(self._broken)
            if self._extra is None:
                raise OSError("the shared triples never came")
            loader = storeload.Loader(str(self.new), self._threads)
            loader.load([str(p) for p in self._spool_files])
            loader.finish(self.drop, str(self._extra[1]), str(self._shared_tmp))
        except OSError as e:
            raise OSError(f"the store loader failed ({e})") from None
        finally:
            del loader
            gc.collect()
            self._remove_files()

    def _finish_loader(self) -> None:
        if self._ctrl is not None:  # set_shared was not called: the loader stops
            self._close_ctrl()
        child, self._child = self._child, None
        code = child.wait()
        self._remove_files()
        self._err.seek(0)
        msg = self._err.read().decode("utf-8", "replace").strip().splitlines()
        self._err.close()
        self._err = None
        if os.environ.get("FAZHI_TRACE"):  # the loader's trace lines (see storeload._trace)
            for ln in msg:
                if ln.startswith("# trace"):
                    print(ln, file=sys.stderr, flush=True)
        if code != 0 or self._broken:  # what went wrong here first (a full disk), else what the loader said
            why = self._broken or (msg[-1] if msg else f"exit code {code}")
            raise OSError(f"the store loader failed ({why})")

    # -- commit --------------------------------------------------------------------------

    def prepare(self, nq_path: Path) -> None:
        """Write the new store (patched copy or full load; ``nq_path``: the build's N-Quads, for
        a full load) without swapping it in; :meth:`commit` does it (and this, if not done)."""
        if self._prepared:
            return
        new = self.new
        try:
            if self._child is not None:
                self._finish_loader()
            elif self._inline:
                self._finish_inline()
            elif self.incremental:
                try:
                    self._patch(new)
                except _Reload:
                    gc.collect()
                    shutil.rmtree(new, ignore_errors=True)
                    self._load(new, nq_path)
            else:
                self._load(new, nq_path)
        except BaseException:
            gc.collect()
            self.abort()
            raise
        self._prepared = True

    def commit(self, nq_path: Path, stamp_files: list[Path]) -> Path:
        """Write the new store (see :meth:`prepare`), swap it in, record the stamps."""
        self.prepare(nq_path)
        new = self.new
        link = self.out / LINK
        tmp = self.out / f".{LINK}.{os.getpid()}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(new.name, tmp)
        if link.exists() and not link.is_symlink():
            shutil.rmtree(link)
        os.replace(tmp, link)
        if not self._shared_written:
            self._write_shared([self.shared])
        os.replace(self._shared_tmp, self.out / SHARED_CACHE)
        state = {"dir": new.name, "layout": LAYOUT, "digests": self.digests, "shared": self.shared_digest,
                 "stamps": {p.name: _stamp(p) for p in stamp_files}}
        state_tmp = self.out / f"{STATE}.tmp"
        state_tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        os.replace(state_tmp, self.out / STATE)
        for d in self.out.glob(".oxigraph-*"):  # earlier stores (and leftovers of killed builds)
            if d.name != new.name:
                shutil.rmtree(d, ignore_errors=True)
        for f in (self.out / ".cache").glob("store-*"):  # spool files etc. of killed builds (this one's are gone)
            if f.name.startswith(_LEFTOVERS):
                f.unlink(missing_ok=True)
        return link

    def _load(self, new: Path, nq_path: Path) -> None:
        """Full load: report graphs' own triples from graph.nq, then the shared triples."""
        tmp = self.out / ".cache" / f"store-load.{os.getpid()}.nt"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(nq_path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
                for ln in src:
                    cut = ln.rindex(" <")
                    g = ln[cut + 2: ln.rindex(">")]
                    if g in self.digests and ln.startswith("<" + g) and ln[len(g) + 1] in ">#":
                        dst.write(ln[:cut] + " .\n")
                dst.write(self.shared.decode("utf-8"))
            store = ox.Store(str(new))
            store.bulk_load(path=str(tmp), format=ox.RdfFormat.N_TRIPLES, lenient=True)
            store.flush()
            del store
        finally:
            tmp.unlink(missing_ok=True)

    def _patch(self, new: Path) -> None:
        """Checkpoint the previous store into ``new`` and apply the differences."""
        gone = added = ()
        had = self.prev.get("shared")  # the digest of the shared triples in the previous store
        if had is None or had != self.shared_digest:
            try:
                data = (self.out / SHARED_CACHE).read_bytes()
            except OSError:
                raise _Reload from None
            if had is not None and hashlib.sha1(data).hexdigest() != had:
                raise _Reload  # not the previous store's (a build stopped between the two)
            got = sorted_diff(data, self.shared)
            if got is None:  # (not both sorted: a file of some other build) by sets
                before = set(data.splitlines(keepends=True))
                after = set(self.shared.splitlines(keepends=True))
                got = sorted(before - after), sorted(after - before)
                del before, after
            del data
            gone, added = got
        old = ox.Store(str(self.out / self.prev["dir"]))
        old.backup(str(new))
        del old
        store = ox.Store(str(new))
        for g in self.prev_digests:
            if g not in self.digests or g in self.changed:
                store.update(_DROP_REPORT.format(r=g))
        for data in self.changed.values():
            if data:
                store.load(data, format=ox.RdfFormat.N_TRIPLES)
        if gone:
            for t in ox.parse(b"".join(gone), format=ox.RdfFormat.N_TRIPLES):
                store.remove(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
        if added:
            store.load(b"".join(added), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
