"""Access to reference data under ``ontology/`` (gazetteers, aliases, vocabularies).

Data lives in files, not in code. Each extractor reads its own files through these helpers;
results are cached per process.
"""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

from .errors import OntologyError


def ontology_dir() -> Path:
    """``$FAZHIGRAPH_ONTOLOGY`` if set, else the ``ontology/`` shipped with the package."""
    env = os.environ.get("FAZHIGRAPH_ONTOLOGY")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for cand in (here.parent / "ontology", here.parents[2] / "ontology"):
        if (cand / "fazhigraph.ttl").exists():
            return cand
    raise OntologyError("ontology/ directory not found (set FAZHIGRAPH_ONTOLOGY)")


def data_path(name: str) -> Path:
    p = ontology_dir() / name
    if not p.exists():
        raise OntologyError(f"missing reference data file {name}", str(p))
    return p


@functools.lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a UTF-8 TSV with a header line; lines starting with ``#`` are comments."""
    path = data_path(name)
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for i, row in enumerate(reader, start=2):
        if None in row:
            raise OntologyError(f"line {i}: more fields than the header has", str(path))
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return tuple(rows)


@functools.lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a UTF-8 text file."""
    path = data_path(name)
    out = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        ln = ln.strip()
        if ln and not ln.startswith("#"):
            out.append(ln)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def grouped(name: str, key: str, value: str) -> dict[str, tuple[str, ...]]:
    """Values of column ``value`` of a TSV grouped by column ``key`` (in file order)."""
    out: dict[str, list[str]] = {}
    for row in read_tsv(name):
        out.setdefault(row[key], []).append(row[value])
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A named list of context words from ``ontology/context_words.tsv`` (``units.group_stop`` ...)."""
    for row in read_tsv("context_words.tsv"):
        if row["list"] == name:
            return tuple(split_list(row["words"]))
    raise OntologyError(f"no word list named {name!r}", str(data_path("context_words.tsv")))


def split_list(value: str) -> list[str]:
    """``a|b|c`` -> [a, b, c] (empty parts dropped)."""
    return [v.strip() for v in value.split("|") if v.strip()]


def fingerprint() -> str:
    """Hash of all reference data: part of the extractor version used for caching."""
    import hashlib

    h = hashlib.sha1()
    root = ontology_dir()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]
