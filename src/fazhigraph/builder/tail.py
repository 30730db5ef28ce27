"""The tail of the outputs - the entity graph and the shared triples - saved for the next build.

A rebuild in which every report gives the rest of the build what it gave the last build (the
same :attr:`Block.outer <fazhigraph.blocks.Block.outer>`: an edit of a report's own text,
figures and sentences) reuses them from ``OUT/.cache/tail.bin``, saved under a key of all that
made them (:func:`tail_key`); the shared triples' Turtle is kept in ``shared.ttl`` under their digest.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .caches import CACHE_DIR

TAIL = "tail.bin"


@dataclass
class Tail:
    ent: bytes  # the entity graph (N-Quads)
    n_ent: int
    shared: bytes  # the shared triples (N-Triples, sorted)
    digest: str  # SHA-1 of ``shared``
    remake: bool  # some block names a node merged by linking (it is remade after linking)


def tail_key(code: str, version: str, block_version: str, settings: list, outers: list[tuple[str, str]]) -> str:
    """Everything the entity graph, the shared triples, the remade blocks and the page depend
    on: the package's code (``code``) and data, the settings, and each report's file name and
    :attr:`Block.outer <fazhigraph.blocks.Block.outer>` in path order."""
    h = hashlib.sha1(json.dumps([code, version, block_version, settings]).encode())
    for name, outer in outers:
        h.update(f"{name}\0{outer}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class Tails:
    """This build's tail key, the last build's tail if it was made under it (``last``; none
    without ``use``), and the writer of this build's (:meth:`writer`)."""

    def __init__(self, out: Path, key: str, use: bool = True) -> None:
        self.out, self.key = out, key
        self.last = read_tail(out, key) if use else None

    def writer(self) -> "TailWriter":
        return TailWriter(self.out, self.key)


#: Bytes of the tail file's header line (JSON, padded): written last, in place.
_TAIL_HEAD = 160


def read_tail(out: Path, key: str) -> Tail | None:
    """The saved tail if it was made under ``key`` (else None, reading only its first line).
    The file: the key, a header line (sizes, quads, digest), the entity graph, the shared triples."""
    try:
        with open(out / CACHE_DIR / TAIL, "rb") as fh:
            if fh.readline().rstrip(b"\n") != key.encode():
                return None
            head = json.loads(fh.read(_TAIL_HEAD))
            ent = fh.read(head["ent"])
            shared = fh.read()
        if len(ent) != head["ent"] or len(shared) != head["shared"]:
            return None
        return Tail(ent, head["n_ent"], shared, head["digest"], head["remake"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class TailWriter:
    """Writes the tail file as its parts are made (so they need not be held together), under
    a temporary name until :meth:`commit`; a tail that cannot be written is just not saved."""

    def __init__(self, out: Path, key: str) -> None:
        self.path = out / CACHE_DIR / TAIL
        self.tmp = self.path.with_name(f".{TAIL}.{os.getpid()}.tmp")
        self.head = {"ent": 0, "shared": 0}
        self.start = len(key) + 1  # the header's offset
        try:
            self.fh = open(self.tmp, "wb")
            self.fh.write(key.encode() + b"\n" + b" " * (_TAIL_HEAD - 1) + b"\n")
        except OSError:
            self.fh = None

    def write(self, part: str, data: bytes) -> None:
        if self.fh is None:
            return
        try:
            self.fh.write(data)
            self.head[part] += len(data)
        except OSError:
            self.discard()

    def commit(self, **head) -> None:
        """Fill in the header (``n_ent``, ``digest``, ``remake``) and put the file in place."""
        if self.fh is None:
            return
        text = json.dumps({**self.head, **head}).encode()
        try:
            if len(text) >= _TAIL_HEAD:
                raise OSError("tail header too long")
            self.fh.seek(self.start)
            self.fh.write(text)  # (over the padding: JSON allows the spaces left after it)
            self.fh.close()
            self.fh = None
            os.replace(self.tmp, self.path)
        except OSError:
            self.discard()
            return
        for left in self.path.parent.glob(f".{TAIL}.*.tmp"):  # of builds killed while saving theirs
            left.unlink(missing_ok=True)

    def discard(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        self.tmp.unlink(missing_ok=True)


def utf8(lines: list[str], chunk: int = 50_000, consume: bool = False) -> list[bytes]:
    """``lines`` as UTF-8, joined a chunk at a time (a whole joined str of CJK text would take
    up to four bytes a character); ``consume``: empty the list as it goes, so that lines no
    longer held elsewhere are freed while the bytes grow."""
    parts = []
    for i in range(0, len(lines), chunk):
        part = lines[i:i + chunk]
        parts.append("".join(part).encode("utf-8"))
        if consume:
            lines[i:i + chunk] = [None] * len(part)
        del part
    if consume:
        lines.clear()
    return parts


def shared_turtle(out: Path, digest: str, lines_of: Callable[[], list[str]]) -> bytes:
    """The shared triples (SHA-1 ``digest``; ``lines_of()``: their sorted N-Triples lines) as
    Turtle, reused from the last build when they are the same."""
    from ..outputs import turtle_chunk

    key = digest.encode()
    path = out / CACHE_DIR / "shared.ttl"
    try:
        with open(path, "rb") as fh:
            if fh.readline().rstrip(b"\n") == key:
                return fh.read()
    except OSError:
        pass
    data = turtle_chunk(lines_of())
    tmp = path.with_name(f".shared.ttl.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(key + b"\n" + data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
    return data
