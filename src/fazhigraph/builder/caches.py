"""The build's caches under ``OUT/.cache/``, and how their keys are made.

- ``results/<version>/``: each report's extraction result, keyed by the SHA-1 of its file bytes;
  ``<version>`` (:func:`~fazhigraph.builder.inputs.version_key`) hashes the extractor version,
  the reference data and the code of every module that takes part in extraction.
- ``blocks/<block version>/``: each report's finished :class:`~fazhigraph.blocks.Block`
  (:func:`block_version` adds the code that turns results into blocks).
- ``index/``: what the last build knew of each report (:class:`LinkIndex`), so that a rebuild
  opens neither results nor blocks of unchanged reports.
- ``hashes.pkl``: the reports' SHA-1s by file stamp (:class:`FileHashes`).

Every entry is written atomically (temporary file + rename); an unreadable entry is a miss.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Iterator

from ..errors import FazhiError
from ..model import ReportResult

CACHE_DIR = ".cache"
#: Modules whose code shapes a report's finished block (see :mod:`fazhigraph.blocks`).
_BLOCK_CODE = ("blocks.py", "graph.py", "observations.py", "nifmentions.py", "link.py", "rdfterms.py", "vocab.py", "outputs.py")
#: The package's folder (cache keys hash its code).
PACKAGE = Path(__file__).resolve().parent.parent


class Caches:
    """The caches one build reads and writes (``use_cache=False``: no file stamps are trusted)."""

    def __init__(self, out: Path, version: str, use_cache: bool = True) -> None:
        root = out / CACHE_DIR
        self.results = ResultCache(root, version)
        self.blocks = BlockCache(root, block_version(version))
        self.index = LinkIndex(root, self.blocks.version)  # (link summaries are made by link.py)
        self.hashes = FileHashes(root) if use_cache else None

    def final_block(self, sha1: str, path: str, linker, moved: dict, store: bool = True):
        """(the report's block as it goes into the outputs, whether it was remade after linking)."""
        from ..blocks import make_block

        blk = self.blocks.get(sha1, os.path.basename(path))
        if blk is None:  # extracted by an earlier version of the block code
            blk = make_block(self.results.load(sha1, path))
            if store:
                self.blocks.put(sha1, blk)
        remade = bool(moved) and not moved.keys().isdisjoint(blk.iris)
        if remade:  # names a node merged into another: link it for real
            blk = make_block(self.results.load(sha1, path), linker)
        return blk, remade

    def tidy(self, keep: set[str], entries: dict[str, tuple], links: dict[str, tuple] | None) -> None:
        """Drop the entries of reports gone from the corpus, save the index and the file stamps:
        they describe only the cache, so they need not wait for the store (the manifest does)."""
        index = self.index
        gone = set(index.entries) if index.entries else None
        self.results.prune(keep, gone)
        self.blocks.prune(keep, gone)
        index.save({sha: (name, self.results.size(sha), info) for sha, (name, info) in entries.items()}, links)
        if self.hashes is not None:
            self.hashes.save()


class FileHashes:
    """The reports' SHA-1s at the last build, by path and stamp (size, modification and
    change times, inode, device), so a rebuild does not read unchanged files: a stamp is
    trusted only if the file had not been touched for :attr:`SETTLED` ns when that build
    began (a file written twice within the clock's resolution keeps its stamp: such a file
    is read again), as git trusts its index."""

    SETTLED = 2_000_000_000

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root) / "hashes.pkl"
        self.started = time.time_ns()
        got = undump(self.path)
        self._at, self._files = got if isinstance(got, tuple) and len(got) == 2 else (0, {})
        self.seen: dict[str, tuple] = {}

    def get(self, path: str, stamp: tuple) -> str | None:
        got = self._files.get(path)
        if got is None or got[0] != stamp or max(stamp[1], stamp[2]) > self._at - self.SETTLED:
            return None
        return got[1]

    def save(self) -> None:
        """Record the files seen by this build (as of its start)."""
        dump(self.path, (self.started, self.seen))


class ResultCache:
    """Per-report results on disk: ``results/<version>/<sha1[:2]>/<sha1>.pkl``.

    An entry is ``("ok", ReportResult)`` or ``("err", message, path)``; it is written
    atomically (temporary file + rename), and an unreadable entry counts as a miss.
    """

    def __init__(self, root: str | Path, version: str) -> None:
        self.root = Path(root) / "results"
        self.version = version
        self.dir = self.root / version
        self._dir = str(self.dir)
        self._memo: dict[str, tuple] = {}  # entries that could not be written to disk

    def _file(self, sha1: str) -> str:
        """The entry's path as a plain string (looked up once a report a rebuild)."""
        return os.path.join(self._dir, sha1[:2], sha1 + ".pkl")

    def _path(self, sha1: str) -> Path:
        return Path(self._file(sha1))

    def get(self, sha1: str | None, path: str):
        """(result, error) from the cache for the file at ``path``, or None on a miss."""
        if not sha1:
            return None
        if sha1 in self._memo:
            return self._memo[sha1]
        entry = undump(self._path(sha1))
        if entry is None:
            return None
        if entry[0] == "ok":
            res: ReportResult = entry[1]
            if res.file != Path(path).name:  # extraction may depend on the file name
                return None
            res.path = path
            return res, None
        _, msg, old = entry
        if Path(old).name != Path(path).name:
            return None
        return None, msg.replace(old, path)

    def load(self, sha1: str, path: str) -> ReportResult:
        got = self.get(sha1, path)
        if got is None or got[0] is None:
            raise FazhiError(f"cache entry {sha1} vanished during the build", path)
        return got[0]

    def size(self, sha1: str) -> int:
        """Size in bytes of the entry on disk (-1: none): the link index's check that the entry
        it describes is still there and whole, without reading it."""
        try:
            return os.stat(self._file(sha1)).st_size
        except OSError:
            return -1

    def put(self, sha1: str | None, path: str, res: ReportResult | None, err: str | None) -> bool:
        """Store an entry; False if it could not be written (it is then kept in memory)."""
        if not sha1:
            return False
        entry = ("ok", res) if res is not None else ("err", err, path)
        if dump(self._path(sha1), entry):
            return True
        self._memo[sha1] = (res, err)
        return False

    def prune(self, keep: set[str], gone: set[str] | None = None) -> None:
        """Drop other versions' entries and entries of reports no longer in the corpus (only
        those of ``gone``, the last build's, if given: no need to list the folder)."""
        _prune(self.root, self.version, keep, gone, lambda sha: [self._path(sha)])


def undump(path: Path):
    """The object pickled at ``path``, or None if it is missing, cut short or unreadable."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None


def dump(target: Path, obj) -> bool:
    """Pickle ``obj`` to ``target`` atomically (temporary file + rename); False on failure."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def _prune(root: Path, version: str, keep: set[str], gone: set[str] | None, files) -> None:
    """Remove ``root``'s other versions, then the entries of ``root/version`` not in ``keep``:
    those of ``gone`` (``files(sha1)``: an entry's paths) if given, else every ``??/<sha1>.*``."""
    if root.is_dir():
        for d in root.iterdir():
            if d.name != version:
                shutil.rmtree(d, ignore_errors=True)
    if gone is not None:
        for sha in gone - keep:
            for f in files(sha):
                f.unlink(missing_ok=True)
        return
    d = root / version
    if not d.is_dir():
        return
    for sub in os.scandir(d):
        if not sub.is_dir():
            continue
        for f in os.scandir(sub.path):
            if f.name.endswith((".pkl", ".bin")) and f.name[:-4] not in keep:
                try:
                    os.unlink(f.path)
                except OSError:
                    pass


def block_version(result_version: str) -> str:
    """Cache key part of blocks: the result version plus the code that turns results into blocks."""
    import pyoxigraph

    root = PACKAGE
    h = hashlib.sha1(result_version.encode())
    h.update(getattr(pyoxigraph, "__version__", "").encode())
    for name in _BLOCK_CODE:
        h.update(name.encode())
        h.update((root / name).read_bytes())
    return h.hexdigest()[:16]


class BlockCache:
    """Each report's :class:`~fazhigraph.blocks.Block`, written by the worker that extracted it:
    ``blocks/<version>/<sha1[:2]>/<sha1>.bin`` holds its N-Quads then its Turtle, ``<sha1>.pkl``
    the rest (written last, so a ``.pkl`` always has its ``.bin``). A rebuild reads only the
    small ``.pkl`` files and has the kernel copy the bytes into the outputs."""

    def __init__(self, root: str | Path, version: str) -> None:
        self.root = Path(root) / "blocks"
        self.version = version
        self.dir = self.root / version
        self._dir = str(self.dir)
        self._memo: dict[str, object] = {}

    def _base(self, sha1: str) -> Path:
        return self.dir / sha1[:2] / sha1

    def _bin(self, sha1: str) -> str:
        """The path of the block's bytes (a plain string: looked up once a report a rebuild)."""
        return os.path.join(self._dir, sha1[:2], sha1 + ".bin")

    def get(self, sha1: str, file: str):
        """The block (its bytes left on disk: see :meth:`copy`, :meth:`local`) or None."""
        blk = self._memo.get(sha1)
        if blk is None:
            base = self._base(sha1)
            blk = undump(base.with_suffix(".pkl"))
            try:
                if blk is None or os.stat(self._bin(sha1)).st_size != blk.size:
                    return None
            except OSError:
                return None
        return blk if blk.view[0][1] == file else None  # the block names its file

    def put(self, sha1: str, blk, memo: bool = True) -> bool:
        base = self._base(sha1)
        tmp = base.with_name(f".{sha1}.{os.getpid()}.bin")
        try:
            base.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(blk.nq)
                fh.write(blk.ttl)
            os.replace(tmp, self._bin(sha1))
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            ok = False
        else:
            ok = dump(base.with_suffix(".pkl"), blk)
        if not ok and memo:
            self._memo[sha1] = blk
        return ok

    def stub(self, sha1: str, info: tuple):
        """The block as the index describes it (:meth:`Block.stub`), if its bytes are on disk."""
        from ..blocks import Block

        try:
            if os.stat(self._bin(sha1)).st_size != info[4]:
                return None
        except OSError:
            return None
        return Block.stub(info)

    def _read(self, sha1: str, start: int, length: int) -> bytes:
        with open(self._bin(sha1), "rb") as fh:
            fh.seek(start)
            return fh.read(length)

    def local(self, sha1: str, blk) -> bytes:
        """The block's own triples (N-Quads): in memory, or read from its ``.bin``."""
        lo, hi = blk.local
        return blk.nq[lo:hi] if blk.nq is not None else self._read(sha1, lo, hi - lo)

    def copy(self, sha1: str, blk, nq, ttl) -> None:
        """Append the block's N-Quads to ``nq`` and Turtle to ``ttl``
        (:class:`~fazhigraph.outputs.AtomicFile`)."""
        if blk.nq is not None:
            nq.write(blk.nq)
            ttl.write(blk.ttl)
            return
        with open(self._bin(sha1), "rb") as src:
            for dst, start, length in ((nq, 0, blk.nq_len), (ttl, blk.nq_len, blk.size - blk.nq_len)):
                _copy_range(src.fileno(), dst.fd, start, length)
                dst.size += length

    def prune(self, keep: set[str], gone: set[str] | None = None) -> None:
        """Drop other versions and entries not in ``keep`` (only those of ``gone`` if given)."""
        _prune(self.root, self.version, keep, gone,
               lambda sha: [self._base(sha).with_suffix(x) for x in (".pkl", ".bin")])


def _copy_range(src: int, dst: int, start: int, length: int) -> None:
    """Append ``length`` bytes of ``src`` from ``start`` to ``dst`` (in the kernel where it can)."""
    while length > 0:
        try:
            n = os.copy_file_range(src, dst, length, start)
        except (AttributeError, OSError):
            os.lseek(src, start, os.SEEK_SET)
            n = os.write(dst, os.read(src, min(length, 1 << 24)))
        if n <= 0:
            raise OSError(f"short copy from a cached block ({length} bytes left)")
        start += n
        length -= n


class LinkIndex:
    """What a rebuild needs of the last build's reports without opening their cached results
    nor blocks, in two files: ``entries`` (sha1 -> (file name, size of the cached result,
    :meth:`Block.info <fazhigraph.blocks.Block.info>`)), read by every build, and :meth:`links`
    (sha1 -> (link summary, region key)), read only when the corpus must be linked again. The
    second may lack reports (a rebuild that did not link saves only the first): they are
    looked up in the results cache."""

    def __init__(self, root: str | Path, version: str) -> None:
        self.dir = Path(root) / "index"
        self.path = self.dir / f"{version}.pkl"
        self.links_path = self.dir / f"{version}.links.pkl"
        self.entries: dict[str, tuple] = undump(self.path) or {}
        self._links: dict[str, tuple] | None = None

    def links(self) -> dict[str, tuple]:
        if self._links is None:
            self._links = undump(self.links_path) or {}
        return self._links

    def save(self, entries: dict[str, tuple], links: dict[str, tuple] | None) -> None:
        """Write ``entries`` (and ``links`` if given; else the last ones stay); drop other versions'."""
        dump(self.path, entries)
        if links is not None:
            dump(self.links_path, links)
        for f in self.dir.glob("*.pkl"):
            if f not in (self.path, self.links_path):
                f.unlink(missing_ok=True)


class CachedReports:
    """A lazy, re-iterable sequence of the built reports, loaded one at a time from the cache."""

    def __init__(self, cache: ResultCache, items: list[tuple[str, str]]) -> None:
        self._cache = cache
        self._items = items  # (sha1, path)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[ReportResult]:
        for sha1, path in self._items:
            yield self._cache.load(sha1, path)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._cache.load(*self._items[j]) for j in range(*i.indices(len(self._items)))]
        sha1, path = self._items[i]
        return self._cache.load(sha1, path)

    def __bool__(self) -> bool:
        return bool(self._items)



def dump_text(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)

