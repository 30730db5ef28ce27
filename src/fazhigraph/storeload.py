"""Loading a new on-disk store: the reports' triples, spooled to files while the build's
workers run, are bulk-loaded once the last report is in; then the reports whose
triples changed after linking are replaced, the shared triples added, and the store compacted.

Why one load at the end, not chunk by chunk as the triples come: RocksDB compacts after each
bulk load, and its compaction threads then compete with the workers for the cores. At 10,000
reports chunked loading beside the workers read and wrote back ~20 GB for a 1.5 GB store and
took ~156 s of CPU; one load of the same triples after extraction, with the cores to itself,
~90 s (and the workers finished 65 s sooner). At 1,000 reports the two are within noise.

The triples are spooled to files of :data:`PART` bytes, loaded by as many threads as the
build has processes (``--jobs``): a single bulk load keeps about one core busy, two threads
load in about half the time on two cores, and small files keep the loader's memory low.

Used two ways by :class:`fazhigraph.diskstore.StoreSink`: run as a script (a separate
process - a fresh interpreter, not a fork of the build, that imports only pyoxigraph - which
loads the spool files while the build makes the entity graph and the shared triples), or in
the build's own process when the build runs in one process (``--jobs 1``).
"""
from __future__ import annotations

import os
import sys
import time

import pyoxigraph as ox

_T0 = time.perf_counter()


def _trace(phase: str) -> None:
    """With ``FAZHI_TRACE=1``: one stderr line per loading phase (seconds since the loader
    started, its CPU time), like the build's own trace."""
    if os.environ.get("FAZHI_TRACE"):
        t = os.times()
        print(f"# trace store loader {time.perf_counter() - _T0:7.2f}s cpu {t.user + t.system:6.1f}s  {phase}",
              file=sys.stderr, flush=True)

_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_FZ = "https://w3id.org/fazhigraph/ontology#"
#: A report's own triples: the report's, its mentions' and its sentences'.
DROP_REPORT = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ {{ BIND(<{r}> AS ?s) }} UNION {{ ?s <" + _FZ + "inReport> <{r}> }} "
    "UNION {{ ?s <" + _NIF + "referenceContext> <{r}> }} ?s ?p ?o }}"
)


#: Bytes of N-Triples per spool file. Each file is one bulk load; ``threads`` load files at once.
#: At 10,000 reports (2.1 GB) on two threads: 32 MB files 40 s and 0.4 GB of memory, 64 MB 42-45 s
#: and 0.7 GB, 256 MB 45 s and 2.7 GB, the whole in one load 53 s and 1.9 GB.
PART = 32 << 20


class Loader:
    """Loads a new store at ``path``: :meth:`load` the spooled reports' triples, then :meth:`finish`."""

    def __init__(self, path: str, threads: int = 1) -> None:
        self.store = ox.Store(path)
        self.threads = max(1, threads)

    def load(self, spools: list[str], keep: tuple[str, ...] = ()) -> None:
        """Bulk-load the N-Triples files ``spools`` (the reports' own triples), ``threads`` at a
        time (bulk loads release the GIL: two threads load about twice as fast as one), and
        remove them (all but those of ``keep``)."""
        import queue
        import threading

        errors: list[BaseException] = []
        todo: queue.SimpleQueue = queue.SimpleQueue()
        for p in spools:
            todo.put(p)

        def work() -> None:
            while not errors:
                try:
                    path = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    if os.path.getsize(path):
                        self.store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                    if path not in keep:
                        os.unlink(path)
                except BaseException as e:  # raised again below, in the calling thread
                    errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(min(self.threads, len(spools)) - 1)]
        for t in threads:
            t.start()
        work()
        for t in threads:
            t.join()
        _trace(f"{len(spools)} files loaded")
        if errors:
            for p in spools:
                try:
                    if p not in keep:
                        os.unlink(p)
                except FileNotFoundError:
                    pass
            raise errors[0]

    def finish(self, drop: list[str] = (), extra: str | None = None, shared: str | None = None) -> None:
        """Drop the triples of the reports ``drop`` names, add the N-Triples files ``extra``
        (their final triples; removed) and ``shared`` (the shared triples; kept: the build keeps
        it for the next build), compact, and close the store."""
        for graph in drop:
            self.store.update(DROP_REPORT.format(r=graph))
        _trace(f"{len(drop)} reports dropped")
        files = [f for f in (extra, shared) if f is not None]
        if files:
            self.load(files, keep=(shared,) if shared is not None else ())
        self.store.optimize()
        self.store.flush()
        _trace("store compacted")
        del self.store


def write_drop(drop_path: str, drop: list[str]) -> None:
    """The list of reports to drop, one report IRI a line (read by :func:`read_drop`)."""
    with open(drop_path, "wb") as fh:
        fh.writelines(f"{g}\n".encode("utf-8") for g in drop)


def read_drop(path: str) -> list[str]:
    with open(path, "rb") as fh:
        return [ln.decode("utf-8").rstrip("\n") for ln in fh if ln.strip()]


def spool_path(prefix: str, k: int) -> str:
    """The ``k``-th spool file of a build."""
    return f"{prefix}{k}.nt"


def main(argv: list[str]) -> None:
    """``storeload.py STORE_DIR CONTROL_FD SPOOL_PREFIX THREADS``: waits until the control pipe
    says the reports are all spooled (a line ``reports N``: N spool files), loads them, then
    waits for a line ``DROP_FILE<TAB>EXTRA_FILE<TAB>SHARED_FILE`` (or the pipe's end: nothing
    more) and finishes the store."""
    loader = Loader(argv[1], int(argv[4]))
    with os.fdopen(int(argv[2]), "rb") as ctrl:
        word, _, count = ctrl.readline().decode("utf-8").partition(" ")
        if word != "reports":
            sys.exit("the build stopped before its last report")
        _trace("the last report is in")
        loader.load([spool_path(argv[3], k) for k in range(int(count))])
        line = ctrl.readline().decode("utf-8").strip()
        _trace("the shared triples are in")
    if line:
        drop_path, extra, shared = line.split("\t")
        drop = read_drop(drop_path)
        os.unlink(drop_path)
        loader.finish(drop, extra, shared)
    else:
        loader.finish()


if __name__ == "__main__":
    main(sys.argv)
