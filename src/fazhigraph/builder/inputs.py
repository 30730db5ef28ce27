"""What to build: the reports under the corpus (never the build's own outputs), each one's
SHA-1 (read again only for a file whose stamp changed), and what the caches already hold.

The cache keys' parts that are not the report: :func:`version_key` (extractor version,
reference data, the code of every module that takes part in extraction, spaCy and jieba).
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from ..declared import keyed
from ..errors import OutputError
from ..ingest import Skipped, scan
from ..link import link_summary
from .caches import PACKAGE, Caches, FileHashes
from .linking import region_key

#: Top-level modules downstream of extraction: editing them does not invalidate cached results
#: (nor does anything under ``cli/`` or ``builder/``).
_NOT_EXTRACTION = {
    "build.py", "graph.py", "outputs.py", "store.py", "view.py", "evaluate.py", "link.py", "api.py",
    "server.py", "validate.py", "rdfterms.py", "vocab.py", "__main__.py", "errors.py", "blocks.py",
    "diskstore.py", "storeload.py", "observations.py", "nifmentions.py", "figuretable.py", "analyze_figures.py", "viewlayout.py",
}
_NOT_EXTRACTION_DIRS = ("cli", "builder")


class Inputs:
    """The reports to build, in path order: ``paths``, ``shas`` (None: unreadable, the worker
    says why), ``skipped`` (how many files were passed over) and ``hits`` (path index -> what
    the caches hold: ``("idx", block info)`` from the index, ``("res", link summary, region
    key)`` from the results cache, or ``("err", error message)``)."""

    def __init__(self, corpus: str | Path, out: Path, strict: bool) -> None:
        found, skipped = scan(corpus)
        self.found, skipped = _exclude_outputs(found, skipped, out)
        self.skipped = len(skipped)
        self.refused: str | None = None  # with ``strict``: the first file passed over
        for s in skipped:
            print(s.line(), file=sys.stderr, flush=True)
            if strict:
                self.refused = s.line()
                break
        self.paths: list[str] = []
        self.shas: list[str | None] = []
        self.hits: dict[int, tuple] = {}

    def hash(self, hashes: FileHashes | None) -> None:
        """Each file's SHA-1; the same bytes twice: build the first (in path order), skip the others."""
        first: dict[str, str] = {}
        for p in self.found:
            sha = keyed(file_sha1(p, hashes), p)  # (declared values in metadata.csv are part of the key)
            if sha is not None and sha in first:
                s = Skipped(p, f"same content as {first[sha]}")
                print(s.line(), file=sys.stderr, flush=True)
                self.skipped += 1
                continue
            if sha is not None:
                first[sha] = str(p)
            self.paths.append(str(p))
            self.shas.append(sha)

    def look_up(self, caches: Caches) -> None:
        """What the caches hold of each report (see :attr:`hits`)."""
        for i, (p, sha) in enumerate(zip(self.paths, self.shas)):
            if not sha:
                continue
            known = caches.index.entries.get(sha)
            if known is not None and known[0] == os.path.basename(p) and known[1] == caches.results.size(sha):
                self.hits[i] = ("idx", known[2])
                continue
            got = caches.results.get(sha, p)
            if got is not None:
                res, err = got
                self.hits[i] = ("res", link_summary(res), region_key(res)) if res else ("err", err)

    @property
    def misses(self) -> list[str]:
        return [p for i, p in enumerate(self.paths) if i not in self.hits]

    def cached(self) -> list[tuple[str, str]]:
        """(sha1, path) of the reports the caches hold a result of."""
        return [(self.shas[i], p) for i, p in enumerate(self.paths) if self.hits[i][0] != "err"]

    def cached_errors(self) -> list[str]:
        return [h[1] for _, h in sorted(self.hits.items()) if h[0] == "err"]


def code_fingerprint() -> str:
    """Hash of the source of every module that takes part in extraction."""
    h = hashlib.sha1()
    for p in sorted(PACKAGE.rglob("*.py")):
        rel = p.relative_to(PACKAGE)
        if rel.parts[0] in _NOT_EXTRACTION_DIRS or (len(rel.parts) == 1 and rel.name in _NOT_EXTRACTION):
            continue
        h.update(str(rel).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def version_key() -> str:
    """The part of every cache key that is not the report: extractor version and data."""
    import jieba
    import spacy

    from .. import resources
    from ..pipeline import EXTRACTOR_VERSION

    parts = (EXTRACTOR_VERSION, resources.fingerprint(), code_fingerprint(), spacy.__version__,
             getattr(jieba, "__version__", ""))
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]


def file_sha1(path: str | Path, known: "FileHashes | None" = None) -> str | None:
    """SHA-1 of the file bytes (the cache key), or None if it cannot be read (the worker says
    why); ``known``: the hashes of the last build, used for a file whose stamp is the same."""
    try:
        import stat as _stat

        from ..ingest import MAX_BYTES

        st = os.stat(path)
        if not _stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None  # a FIFO would block, a huge file is refused: read_document says why
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        sha = known.get(str(path), stamp) if known is not None else None
        if sha is None:
            with open(path, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha1").hexdigest() if hasattr(hashlib, "file_digest") else (
                    hashlib.sha1(fh.read()).hexdigest()
                )
        if known is not None:
            known.seen[str(path)] = (stamp, sha)
        return sha
    except OSError:
        return None


# ---------------------------------------------------------------- bad-input contract
# "skipped" = found under the corpus but deliberately not built: a file type no reader
# handles, a second link to the same file, a second file with the same name, or the same
# bytes as a report already built. "failed" = a report file that could not be read or is not
# a report (one line each on stderr). The build's own outputs are ignored silently.


def check_output_dir(out: Path) -> None:
    """The output folder must be a folder (created if missing) that can be written."""
    if out.exists() and not out.is_dir():
        raise OutputError("output path exists and is not a folder", str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder ({e.strerror or e})", str(out)) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError("output folder is not writable", str(out))


def _exclude_outputs(paths: list[Path], skipped: list[Skipped], out: Path) -> tuple[list[Path], list[Skipped]]:
    """Never read the build's own outputs (graph.html, graph.oxigraph/ ...) back as reports."""
    try:
        out_real = out.resolve()
    except OSError:
        return paths, skipped

    out_abs = Path(os.path.abspath(out))
    real_dirs: dict[str, str] = {}  # folder -> its real path (resolved once per folder)

    def real(p: Path) -> Path:
        if os.path.islink(p):
            return p.resolve()
        d, name = os.path.split(os.path.abspath(p))
        rd = real_dirs.get(d)
        if rd is None:
            rd = real_dirs[d] = os.path.realpath(d)
        return Path(rd, name)

    def is_output(p: Path) -> bool:
        for q, base in ((Path(os.path.abspath(p)), out_abs), (p, out_real)):
            try:
                rel = (real(q) if base is out_real else q).relative_to(base)
            except (OSError, ValueError, RuntimeError):
                continue
            if rel.parts and rel.parts[0].startswith(("graph.", ".graph.")):
                return True
        return False

    return [p for p in paths if not is_output(p)], [s for s in skipped if not is_output(s.path)]
