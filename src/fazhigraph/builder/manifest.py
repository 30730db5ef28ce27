"""What the last finished build wrote (``OUT/.cache/manifest.json``), to tell a rebuild that
nothing changed: the key of everything the outputs depend on and the files' stamps."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .caches import CACHE_DIR, PACKAGE, dump_text

MANIFEST = "manifest.json"


def code_hash() -> str:
    """SHA-1 of the whole package's code (modules and page templates)."""
    h = hashlib.sha1()
    for p in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("templates/*")]):
        h.update(str(p.relative_to(PACKAGE)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def file_stamp(path: str | Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    """The manifest of the build in ``out`` made with ``version`` (the results cache's) and
    ``settings``; the whole package's code is hashed once (:attr:`code`: the tail's key uses it too)."""

    def __init__(self, out: Path, version: str, settings: list) -> None:
        self.out = out
        self.path = out / CACHE_DIR / MANIFEST
        self.version = version
        self.settings = settings
        self.code = code_hash()

    def key(self, items: list[tuple[str, str]]) -> str:
        """Everything the outputs depend on: extractor version and data, the whole package's
        code, the reports (``items``: content hash and file name, in build order) and the
        build's settings."""
        h = hashlib.sha1(json.dumps([self.code, self.version, self.settings]).encode())
        for sha, path in items:
            h.update(f"{sha} {os.path.basename(path)}\n".encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def read(self) -> dict | None:
        """The last finished build's manifest, or None."""
        try:
            man = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return man if isinstance(man, dict) else None

    def up_to_date(self, key: str, store: bool) -> dict | None:
        """The last build's manifest if it was made from the same inputs and settings and its
        outputs are still exactly as it wrote them (and the store matches them): nothing to write."""
        out = self.out
        man = self.read()
        if man is None:
            return None
        try:
            if man["key"] != key or any(file_stamp(out / name) != s for name, s in man["stamps"].items()):
                return None
            outputs = {f: str(out / name) for f, name in man["outputs"].items()}
            if store:
                from ..diskstore import is_fresh

                if "store" not in outputs or not is_fresh(out, [Path(outputs[f]) for f in ("nq", "ttl") if f in outputs]):
                    return None
            return {"outputs": outputs, "triples": man["triples"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def page_as_left(self) -> bool:
        """Whether graph.html is as the last build that finished left it (its manifest says)."""
        try:
            stamp = (self.read() or {})["stamps"]["graph.html"]
        except (KeyError, TypeError):
            return False
        return stamp is not None and file_stamp(self.out / "graph.html") == stamp

    def drop(self) -> None:
        """The outputs are about to change: no manifest until they are all written."""
        self.path.unlink(missing_ok=True)

    def save(self, key: str, outputs: dict[str, str], triples: int) -> None:
        names = {f: os.path.basename(p) for f, p in outputs.items()}  # (all directly in ``out``)
        stamps = {name: file_stamp(self.out / name) for f, name in names.items() if f != "store"}
        dump_text(self.path, json.dumps({"key": key, "outputs": names, "triples": triples,
                                         "stamps": stamps}, sort_keys=True))
