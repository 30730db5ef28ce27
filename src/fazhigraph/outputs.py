"""Writing outputs atomically and serialising quads through Oxigraph."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

PREFIXES = {
    "fz": "https://w3id.org/fazhigraph/ontology#",
    "fzid": "https://w3id.org/fazhigraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
}

FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (None, True),
}


class AtomicFile:
    """A file written under a temporary name beside ``path`` (unbuffered: :meth:`write` and
    the kernel copies of the build go straight to :attr:`fd`); :meth:`commit` syncs it and
    puts it in place atomically, :meth:`discard` removes it. Until then ``path`` is untouched."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        self.size = 0  # bytes written so far (the file's end)
        self.synced = False

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
            self.size += n

    def truncate(self, size: int) -> None:
        """Cut the file back to its first ``size`` bytes (later writes go there)."""
        os.ftruncate(self.fd, size)
        os.lseek(self.fd, size, os.SEEK_SET)
        self.size = size

    def start_sync(self) -> None:
        """Have the kernel start writing the file to disk now (:meth:`commit` waits for it):
        work done meanwhile overlaps the writing."""
        try:
            os.posix_fadvise(self.fd, 0, 0, os.POSIX_FADV_DONTNEED)  # (starts the write-back of dirty pages)
        except (AttributeError, OSError):
            pass

    def sync(self) -> None:
        os.fsync(self.fd)
        self.synced = True

    def commit(self) -> None:
        """Sync the file (unless :meth:`sync` did) and put it in place."""
        fd, self.fd = self.fd, -1
        try:
            if not self.synced:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


@contextmanager
def atomic_path(path: str | Path, mode: str = "wb"):
    """Yield a file object; on success it replaces ``path`` atomically, on error nothing changes."""
    f = AtomicFile(path)
    try:
        with os.fdopen(os.dup(f.fd), mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
        f.commit()
    except BaseException:
        f.discard()
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def quads_to_triples_nt(lines: Iterable[str]) -> list[str]:
    """Drop the graph term of N-Quads lines (merged view), sorted and unique."""
    out = set()
    for ln in lines:
        # a line is "<s> <p> <o-or-literal> <g> .\n"; the graph IRI is the last term
        body = ln.rstrip()[:-1].rstrip()
        cut = body.rfind(" <")
        out.add(body[:cut] + " .\n")
    return sorted(out)


def serialize_quads(lines: list[str], fmt: str) -> bytes:
    """Serialise sorted N-Quads lines to ``fmt`` (ttl, nt, trig, nq, jsonld)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(sorted(FORMATS))})")
    rdf_format, keeps_graphs = FORMATS[fmt]
    if fmt == "nq":
        return "".join(lines).encode("utf-8")
    if fmt == "nt":
        return "".join(quads_to_triples_nt(lines)).encode("utf-8")
    if fmt == "jsonld":
        return _jsonld(lines)
    if keeps_graphs:
        quads = ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        quads = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES)
    triples = ox.parse("".join(quads_to_triples_nt(lines)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)


def _jsonld(lines: list[str]) -> bytes:
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(data="".join(lines), format="nquads")
    ctx = jsonld_context()
    return ds.serialize(format="json-ld", context=ctx, indent=1, sort_keys=True).encode("utf-8")


def turtle_header() -> bytes:
    """The ``@prefix`` lines every Turtle output starts with."""
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()).encode("utf-8")


def turtle_chunk(nt_lines: list[str]) -> bytes:
    """N-Triples lines -> Turtle statements (through Oxigraph) without the ``@prefix`` header.

    Chunks written one after another below :func:`turtle_header` form one valid Turtle
    document; this lets a build stream Turtle report by report.
    """
    if not nt_lines:
        return b""
    triples = ox.parse("".join(nt_lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    # Oxigraph writes all prefix declarations first, one per line
    pos = 0
    while data.startswith(b"@prefix", pos):
        pos = data.index(b"\n", pos) + 1
    return data[pos:]


def jsonld_context() -> dict:
    """The JSON-LD ``@context`` of ``ontology/context.jsonld`` (prefixes and short property names)."""
    import json

    from .resources import data_path

    ctx = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    return {**PREFIXES, **ctx}
