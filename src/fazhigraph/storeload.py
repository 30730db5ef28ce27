"""Loading a new on-disk store: N-Triples arrive in pieces, are bulk-loaded chunk by chunk,
then a patch replaces the reports whose triples changed after linking, then compaction.

Used two ways by :class:`fazhigraph.diskstore.StoreSink`: run as a script (a separate
process - a fresh interpreter, not a fork of the build, that imports only pyoxigraph - which
takes the triples on its standard input while the build's workers run), or in the build's
own process when the build runs in one process (``--jobs 1``).
"""
from __future__ import annotations

import os
import queue
import sys
import threading

import pyoxigraph as ox

_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_FZ = "https://w3id.org/fazhigraph/ontology#"
#: A report's own triples: the report's, its mentions' and its sentences'.
DROP_REPORT = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ {{ BIND(<{r}> AS ?s) }} UNION {{ ?s <" + _FZ + "inReport> <{r}> }} "
    "UNION {{ ?s <" + _NIF + "referenceContext> <{r}> }} ?s ?p ?o }}"
)
#: Bytes of N-Triples per bulk load (larger chunks: more memory, no faster).
CHUNK = 32 << 20
#: ... or fewer, at least this many, when the loader has caught up with the build: what has come is
#: loaded at once, so little is left to load when the build ends (~6% more CPU than 32 MB chunks).
IDLE_CHUNK = 8 << 20


class Loader:
    """Bulk-loads N-Triples fed in arbitrary pieces (lines may be split between pieces)."""

    def __init__(self, path: str, chunk: int = CHUNK) -> None:
        self.store = ox.Store(path)
        self.chunk = chunk
        self.parts: list[bytes] = []
        self.size = 0
        self.rest = b""

    def feed(self, data: bytes, idle: bool = False) -> None:
        """Take ``data``; ``idle``: no more is waiting now (load a smaller chunk)."""
        if data:
            self.parts.append(data)
            self.size += len(data)
        if self.size >= (min(IDLE_CHUNK, self.chunk) if idle else self.chunk):
            self._load()

    def _load(self) -> None:
        buf = self.rest + b"".join(self.parts)
        self.parts, self.size = [], 0
        cut = buf.rfind(b"\n") + 1
        self.rest = buf[cut:]
        if cut:
            self.store.bulk_load(input=buf[:cut], format=ox.RdfFormat.N_TRIPLES, lenient=True)

    def finish(self, drop: list[str] = (), patch: bytes = b"") -> None:
        """Load what is left, drop the triples of the reports ``drop`` names, add ``patch``
        (their final triples), compact, and close the store."""
        self._load()
        if self.rest.strip():
            self.store.bulk_load(input=self.rest, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        self.rest = b""
        for graph in drop:
            self.store.update(DROP_REPORT.format(r=graph))
        if patch:
            self.store.load(patch, format=ox.RdfFormat.N_TRIPLES)
        self.store.optimize()
        self.store.flush()
        del self.store


def read_patch(path: str) -> tuple[list[str], bytes]:
    """A patch file: the number of reports, one report IRI a line, then N-Triples."""
    with open(path, "rb") as fh:
        drop = [fh.readline().decode("utf-8").rstrip("\n") for _ in range(int(fh.readline()))]
        return drop, fh.read()


def main(argv: list[str]) -> None:
    """``storeload.py STORE_DIR CONTROL_FD CHUNK``: phase 1 reads N-Triples on stdin until it
    closes; phase 2 reads from the control pipe the path of a patch file (or nothing)."""
    loader = Loader(argv[1], int(argv[3]))
    pieces: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:  # drains the pipe while bulk_load runs (it releases the GIL): the build never waits
        src = sys.stdin.buffer
        while True:
            data = src.read1(1 << 20)
            pieces.put(data)
            if not data:
                return

    threading.Thread(target=read, daemon=True).start()
    while data := pieces.get():
        loader.feed(data, idle=pieces.empty())
    with os.fdopen(int(argv[2]), "rb") as ctrl:
        patch = ctrl.read().decode("utf-8")
    loader.finish(*(read_patch(patch) if patch else ()))


if __name__ == "__main__":
    main(sys.argv)
