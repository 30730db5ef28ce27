"""The main job: a folder of reports -> outputs/graph.ttl, graph.nq, graph.html.

Reports are extracted in parallel (fork-based processes ship back only results); a bad
report yields one line on stderr naming the file and the reason, and every other report
is still built. Outputs are written atomically: a build killed at any moment leaves the
previous outputs intact.

Scale (10^4-10^5 reports):

- **Workers.** ``--jobs`` forked processes extract the reports and make each one's finished
  block (:mod:`fazhigraph.blocks`: N-Quads, Turtle, store triples, page fragment, linked as
  if no node merged); they write result and block to the cache and send back only a link
  summary (and, for the store loader, the report's own triples).
- **Cache.** ``OUT/.cache/results/<version>/`` holds each report's result keyed by the SHA-1
  of the file bytes; ``<version>`` hashes :data:`pipeline.EXTRACTOR_VERSION`,
  :func:`resources.fingerprint` (all reference data) and the source of every module that
  takes part in extraction, so editing an extractor or a gazetteer invalidates it.
  ``blocks/<block version>/`` holds the blocks (versioned by the code that makes them too),
  ``index/`` what the last build knew of each report (:class:`LinkIndex`). An unchanged report
  is never re-extracted; a changed one is extracted again and replaces only its own named
  graph; a deleted one disappears from every output.
- **Rebuilds.** When few reports changed, the linker waits until pass 1 is over: if every
  report gives the rest of the build what it gave the last build (the same
  :attr:`Block.outer <fazhigraph.blocks.Block.outer>` - an edit that changed only the
  report's own text, figures and sentences), the entity graph and the shared triples are the
  last build's (``tail.bin``, saved under a key of all that made them), the page stays as it
  is, and the corpus is linked only if some block must be remade. Editing one of 1,000
  reports then costs little more than copying the unchanged blocks into the outputs.
- **Streaming.** Pass 1 extracts (or looks up) reports in output order (graph IRI), copies
  each block's bytes into the temporary ``graph.nq``/``graph.ttl`` as soon as it is made
  (``copy_file_range``, while the block is still in memory) and feeds only link summaries to
  the :class:`~fazhigraph.link.Linker` (in path order). After linking, only blocks that name a
  node merged by linking are remade - the files are cut back to the first of them and
  written on from there (usually nothing is) - then the entity graph and the shared triples
  are appended. Neither the corpus nor all results are held in memory.
- **Deterministic.** ``graph.nq`` is one block per report, ordered by graph IRI, then the
  entity graph, each block sorted and unique; ``graph.ttl`` is the same triples as Turtle
  (report by report, then the shared triples de-duplicated). Same inputs, same bytes.
- **Store.** The triples are also kept in an on-disk Oxigraph store ``OUT/graph.oxigraph``
  (see :mod:`fazhigraph.diskstore`), loaded by a separate process while the build runs (in
  the build's own process with ``--jobs 1``) or patched report by report, used by
  ``fazhigraph query``.
- ``FAZHI_TRACE=1`` prints one line per phase (seconds so far, peak memory).
"""
from __future__ import annotations

import functools
import hashlib
import multiprocessing as mp
import os
import pickle
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .declared import keyed
from .errors import FazhiError, OutputError
from .ingest import Skipped, scan
from .model import ReportResult

CACHE_DIR = ".cache"

#: Modules downstream of extraction: editing them does not invalidate cached results.
_NOT_EXTRACTION = {
    "build.py", "graph.py", "outputs.py", "store.py", "view.py", "evaluate.py", "link.py", "api.py",
    "server.py", "validate.py", "rdfterms.py", "vocab.py", "__main__.py", "errors.py", "blocks.py",
    "diskstore.py", "storeload.py",
}
#: Modules whose code shapes a report's finished block (see :mod:`fazhigraph.blocks`).
_BLOCK_CODE = ("blocks.py", "graph.py", "link.py", "rdfterms.py", "vocab.py", "outputs.py")
#: Sentences per node kept in the build's HTML view (those of the first reports by IRI).
VIEW_SENTENCE_CAP = 20
#: Most nodes the build's HTML view shows (see :func:`fazhigraph.view.select_nodes`).
VIEW_NODES = 2000


_T0 = [0.0]


def _trace(phase: str) -> None:
    """With ``FAZHI_TRACE=1``: one stderr line per build phase (seconds so far, peak RSS)."""
    if os.environ.get("FAZHI_TRACE"):
        import resource

        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"# trace {time.perf_counter() - _T0[0]:7.2f}s peak {me.ru_maxrss / 1024:6.0f} MB "
              f"cpu {me.ru_utime + me.ru_stime:6.1f}s (ended children {kids.ru_utime + kids.ru_stime:6.1f}s)  {phase}",
              file=sys.stderr, flush=True)


@dataclass
class BuildSummary:
    built: int = 0
    skipped: int = 0
    failed: int = 0
    cached: int = 0  # of the built reports, how many came from the cache
    errors: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    reports: "list[ReportResult] | CachedReports" = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    up_to_date: bool = False  # nothing changed since the last build: no output was written

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        return (
            f"built {self.built}, skipped {self.skipped}, failed {self.failed} reports; "
            f"{self.cached} from cache; {self.triples} quads in {self.seconds:.1f}s"
            + ("; outputs already up to date / 输出已是最新" if self.up_to_date else "")
        )


# --- cache ----------------------------------------------------------------------------------


def code_fingerprint() -> str:
    """Hash of the source of every module that takes part in extraction."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root)
        if rel.parts[0] == "cli" or (len(rel.parts) == 1 and rel.name in _NOT_EXTRACTION):
            continue
        h.update(str(rel).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


#: What the last successful build wrote, to tell a rebuild that nothing changed (see :func:`_up_to_date`).
MANIFEST = "manifest.json"


def _code_hash() -> str:
    """SHA-1 of the whole package's code (modules and page templates)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for p in sorted([*root.rglob("*.py"), *root.glob("templates/*")]):
        h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _manifest_key(code: str, version: str, items: list[tuple[str, str]], settings: list) -> str:
    """Everything the outputs depend on: extractor version and data, the whole package's code
    (``code``: :func:`_code_hash`), the reports (content hash and file name, in build order)
    and the build's settings."""
    import json

    h = hashlib.sha1(json.dumps([code, version, settings]).encode())
    for sha, path in items:
        h.update(f"{sha} {os.path.basename(path)}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _file_stamp(path: str | Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _read_manifest(out: Path) -> dict | None:
    """The last finished build's manifest, or None."""
    import json

    try:
        man = json.loads((out / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return man if isinstance(man, dict) else None


def _up_to_date(out: Path, key: str, store: bool) -> dict | None:
    """The last build's manifest if it was made from the same inputs and settings and its
    outputs are still exactly as it wrote them (and the store matches them): nothing to write."""
    man = _read_manifest(out)
    if man is None:
        return None
    try:
        if man["key"] != key or any(_file_stamp(out / name) != s for name, s in man["stamps"].items()):
            return None
        outputs = {f: str(out / name) for f, name in man["outputs"].items()}
        if store:
            from .diskstore import is_fresh

            if "store" not in outputs or not is_fresh(out, [Path(outputs[f]) for f in ("nq", "ttl") if f in outputs]):
                return None
        return {"outputs": outputs, "triples": man["triples"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save_manifest(out: Path, key: str, outputs: dict[str, str], triples: int) -> None:
    import json

    names = {f: os.path.basename(p) for f, p in outputs.items()}  # (all directly in ``out``)
    stamps = {name: _file_stamp(out / name) for f, name in names.items() if f != "store"}
    _dump_text(out / CACHE_DIR / MANIFEST, json.dumps({"key": key, "outputs": names, "triples": triples,
                                                      "stamps": stamps}, sort_keys=True))


def _dump_text(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def version_key() -> str:
    """The part of every cache key that is not the report: extractor version and data."""
    import jieba
    import spacy

    from . import resources
    from .pipeline import EXTRACTOR_VERSION

    parts = (EXTRACTOR_VERSION, resources.fingerprint(), code_fingerprint(), spacy.__version__,
             getattr(jieba, "__version__", ""))
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]


def file_sha1(path: str | Path, known: "FileHashes | None" = None) -> str | None:
    """SHA-1 of the file bytes (the cache key), or None if it cannot be read (the worker says
    why); ``known``: the hashes of the last build, used for a file whose stamp is the same."""
    try:
        import stat as _stat

        from .ingest import MAX_BYTES

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
        got = _undump(self.path)
        self._at, self._files = got if isinstance(got, tuple) and len(got) == 2 else (0, {})
        self.seen: dict[str, tuple] = {}

    def get(self, path: str, stamp: tuple) -> str | None:
        got = self._files.get(path)
        if got is None or got[0] != stamp or max(stamp[1], stamp[2]) > self._at - self.SETTLED:
            return None
        return got[1]

    def save(self) -> None:
        """Record the files seen by this build (as of its start)."""
        _dump(self.path, (self.started, self.seen))


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
        entry = _undump(self._path(sha1))
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
        if _dump(self._path(sha1), entry):
            return True
        self._memo[sha1] = (res, err)
        return False

    def prune(self, keep: set[str], gone: set[str] | None = None) -> None:
        """Drop other versions' entries and entries of reports no longer in the corpus (only
        those of ``gone``, the last build's, if given: no need to list the folder)."""
        _prune(self.root, self.version, keep, gone, lambda sha: [self._path(sha)])


def _undump(path: Path):
    """The object pickled at ``path``, or None if it is missing, cut short or unreadable."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _dump(target: Path, obj) -> bool:
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

    root = Path(__file__).resolve().parent
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
            blk = _undump(base.with_suffix(".pkl"))
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
            ok = _dump(base.with_suffix(".pkl"), blk)
        if not ok and memo:
            self._memo[sha1] = blk
        return ok

    def stub(self, sha1: str, info: tuple):
        """The block as the index describes it (:meth:`Block.stub`), if its bytes are on disk."""
        from .blocks import Block

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
        self.entries: dict[str, tuple] = _undump(self.path) or {}
        self._links: dict[str, tuple] | None = None

    def links(self) -> dict[str, tuple]:
        if self._links is None:
            self._links = _undump(self.links_path) or {}
        return self._links

    def save(self, entries: dict[str, tuple], links: dict[str, tuple] | None) -> None:
        """Write ``entries`` (and ``links`` if given; else the last ones stay); drop other versions'."""
        _dump(self.path, entries)
        if links is not None:
            _dump(self.links_path, links)
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


# --- extraction ---------------------------------------------------------------------------------


def _work(path: str) -> tuple[str, ReportResult | None, str | None]:
    from .pipeline import extract_file

    try:
        return path, extract_file(path), None
    except FazhiError as e:
        return path, None, str(e)
    except Exception as e:  # never let one report kill the build
        return path, None, f"[E003] {path}: {type(e).__name__}: {e}"


@dataclass
class _Done:
    """What a worker sends back for an extracted report: enough to link it. The result and
    its block go to the caches from the worker (they travel only if they could not be written)."""

    sha1: str
    link: tuple
    region: tuple
    res: ReportResult | None = None
    block: object = None
    block_bytes: tuple | None = None
    store: tuple | None = None  # (digest, N-Triples) of the report's own triples, for the store loader
    light: object = None  # the block as written to the cache, less its bytes and fragment (Block.light)


#: (ResultCache, BlockCache, whether the store loader takes triples early) of the running
#: build, set before workers are forked.
_CACHES: tuple | None = None


def local_nt(data: bytes, file: str) -> bytes:
    """A block's own triples (``data``: their N-Quads in the graph of ``file``) as N-Triples."""
    from .link import report_iri
    from .rdfterms import iri

    return data.replace(f" {iri(report_iri(file))} .\n".encode(), b" .\n")


def _work_cached(path: str) -> tuple[str, "_Done | ReportResult | None", str | None]:
    """Extract a report, make its block, store both; ship back only what linking needs."""
    from .blocks import IdentityLinker, link_summary, make_block

    path, res, err = _work(path)
    if res is None or _CACHES is None:
        return path, res, err
    ident = IdentityLinker()
    try:
        link = link_summary(res, ident)
        blk = make_block(res, ident, link)
    except Exception as e:
        return path, None, f"[E003] {path}: {type(e).__name__}: {e}"
    results, blocks, early = _CACHES
    done = _Done(res.sha1, link, blk.region)
    if early:
        lo, hi = blk.local
        done.store = (blk.digest, local_nt(blk.nq[lo:hi], res.file))
    if not results.put(res.sha1, path, res, None):
        done.res = res
    if not blocks.put(res.sha1, blk, memo=False):
        done.block = blk
        done.block_bytes = (blk.nq, blk.ttl)  # a pickled block leaves its bytes behind
    else:
        done.light = blk.light()
    return path, done, None


class _StrictStop(Exception):
    pass


def _chunksize(n: int, jobs: int) -> int:
    return max(1, min(16, n // (jobs * 8) or 1))


class _Extraction:
    """``work(path)`` of each path in order, in ``jobs`` forked processes that start at once
    (they inherit the loaded pipeline): a rebuild copies cached blocks meanwhile (``fork_one``:
    even a single report is extracted in a forked process, for that). An iterator;
    :meth:`close` stops the processes."""

    def __init__(self, strs: list[str], jobs: int, work=_work, fork_one: bool = False) -> None:
        self._pool = None
        self._it: Iterator = iter(())
        if not strs:
            return
        from .nlp import get_nlp

        get_nlp()  # load once in the parent; forked workers inherit it
        if jobs <= 1 or (len(strs) == 1 and not fork_one) or "fork" not in mp.get_all_start_methods():
            self._it = map(work, strs)
            return
        self._pool = mp.get_context("fork").Pool(min(jobs, len(strs)))
        self._it = self._pool.imap(work, strs, chunksize=_chunksize(len(strs), jobs))

    def __iter__(self) -> "_Extraction":
        return self

    def __next__(self) -> tuple[str, ReportResult | None, str | None]:
        try:
            return next(self._it)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()


def _results(strs: list[str], jobs: int, work=_work) -> Iterator[tuple[str, ReportResult | None, str | None]]:
    """Extract ``strs`` in order, in ``jobs`` forked processes (see :class:`_Extraction`)."""
    ex = _Extraction(strs, jobs, work)
    try:
        yield from ex
    finally:
        ex.close()


def extract_all(
    paths: list[Path],
    jobs: int | None = None,
    on_result: Callable[[str, ReportResult | None, str | None], None] | None = None,
    strict: bool = False,
) -> tuple[list[ReportResult], list[str]]:
    """Extract every report (no cache); returns (results in path order, error lines)."""
    jobs = jobs or os.cpu_count() or 1
    results: list[ReportResult] = []
    errors: list[str] = []
    for path, res, err in _results([str(p) for p in paths], jobs):
        if on_result:
            on_result(path, res, err)
        if err:
            errors.append(err)
            if strict:
                raise _StrictStop(err)
        else:
            results.append(res)
    return results, errors


# --- outputs --------------------------------------------------------------------------------------


def write_outputs(reports: list[ReportResult], out: Path, formats=("ttl", "nq"), html: bool = True) -> tuple[dict[str, str], int]:
    """Write outputs for in-memory results (no cache, no store)."""
    from .graph import build_quads
    from .outputs import atomic_write_bytes, serialize_quads

    lines, linker = build_quads(reports)
    written = {}
    for fmt in formats:
        path = out / f"graph.{fmt}"
        atomic_write_bytes(path, serialize_quads(lines, fmt))
        written[fmt] = str(path)
    if html:
        from .view import render_html

        path = out / "graph.html"
        atomic_write_bytes(path, render_html(reports, linker).encode("utf-8"))
        written["html"] = str(path)
    return written, len(lines)


def _write_page(vg, path: Path, layout_cache: Path) -> None:
    from .outputs import atomic_write_bytes
    from .view import render

    atomic_write_bytes(path, render(vg, layout_cache=layout_cache).encode("utf-8"))


def _final_block(blocks: "BlockCache", cache: ResultCache, sha1: str, path: str, linker, moved: dict,
                 store: bool = True):
    """(the report's block as it goes into the outputs, whether it was remade after linking)."""
    from .blocks import make_block

    blk = blocks.get(sha1, os.path.basename(path))
    if blk is None:  # extracted by an earlier version of the block code
        blk = make_block(cache.load(sha1, path))
        if store:
            blocks.put(sha1, blk)
    remade = bool(moved) and not moved.keys().isdisjoint(blk.iris)
    if remade:  # names a node merged into another: link it for real
        blk = make_block(cache.load(sha1, path), linker)
    return blk, remade


class _Page:
    """The whole-build page, made from the blocks' view fragments."""

    def __init__(self, linker, keep: set[str] | None) -> None:
        from .view import ViewGraph

        self.moved = linker.moved()
        self.entities = {e.iri: e for e in linker.final.values()}
        self.keep = keep
        self.vg = ViewGraph(sentence_cap=VIEW_SENTENCE_CAP)
        if keep is not None:
            self.vg.total_nodes = len(self.entities)

    def add(self, blk, remade: bool) -> None:
        from .view import add_fragment

        add_fragment(self.vg, blk.view, self.entities, {} if remade else self.moved, self.keep)

    def make(self, blocks, cache, ordered, linker, path: Path, layout_cache: Path) -> None:
        """Read every block (in the forked page process, while the parent finishes the files and the store) and write the page."""
        for sha1, p in ordered:
            self.add(*_final_block(blocks, cache, sha1, p, linker, self.moved, store=False))
        _write_page(self.vg, path, layout_cache)


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


class _Background:
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


def _link_iris(link: tuple) -> set[str]:
    """The node IRIs a report's block names: those of its link summary."""
    _, bureau, keys = link
    iris = {k[6] for k in keys}
    if bureau is not None:
        iris.add(bureau[3])
    return iris


class _Files:
    """``graph.nq`` and ``graph.ttl`` under temporary names, written block by block in graph IRI
    order while the reports are still being extracted (pass 1) - each block is copied while it
    is still in memory - and finished once the corpus is linked (:func:`_finish_outputs`)."""

    def __init__(self, out: Path, blocks: BlockCache, sink, report_iri: Callable[[str], str]) -> None:
        from .outputs import AtomicFile, turtle_header

        self._report_iri = report_iri
        self.blocks = blocks
        self.sink = sink
        self.nq = AtomicFile(out / "graph.nq")
        try:
            self.ttl = AtomicFile(out / "graph.ttl")
        except BaseException:
            self.nq.discard()
            raise
        self.ttl.write(turtle_header())
        self.ordered: list[tuple[str, str]] = []  # (sha1, path) of the blocks written, in order
        self.marks: list[tuple[int, int, int]] = []  # (nq size, ttl size, quads) before each
        self.shared: set[str] = set()
        self.stubs: list[tuple[str, str]] = []  # (sha1, path) of blocks written without their shared triples
        self.quads = 0

    def add(self, sha1: str, path: str, blk) -> None:
        self.marks.append((self.nq.size, self.ttl.size, self.quads))
        self.ordered.append((sha1, path))
        self.write(sha1, path, blk)

    def write(self, sha1: str, path: str, blk) -> None:
        blocks = self.blocks
        blocks.copy(sha1, blk, self.nq, self.ttl)
        self.quads += blk.n
        if blk.shared is None:
            self.stubs.append((sha1, path))
        else:
            self.shared.update(blk.shared)
        if self.sink is not None:  # the report's own triples, as N-Triples, if the store needs them
            name = os.path.basename(path)
            self.sink.report(self._report_iri(name), blk.digest, lambda: local_nt(blocks.local(sha1, blk), name))

    def cut(self, k: int) -> None:
        """Forget the blocks from the ``k``-th on (they are written again)."""
        nq_size, ttl_size, self.quads = self.marks[k]
        self.nq.truncate(nq_size)
        self.ttl.truncate(ttl_size)
        del self.marks[k:]

    def discard(self) -> None:
        self.nq.discard()
        self.ttl.discard()


class _Thread:
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


class _Linked:
    """The corpus linked: ``(linker, link summary by sha1 in path order, region metas)``, made
    by ``make`` on first use (a rebuild that reuses the last build's entity graph and page and
    remakes no block never links)."""

    def __init__(self, make: Callable[[], tuple]) -> None:
        self._make = make
        self.got: tuple | None = None

    def get(self) -> tuple:
        if self.got is None:
            self.got = self._make()
        return self.got


#: The last build's entity graph and shared triples, under the key of what made them (:func:`_tail_key`).
TAIL = "tail.bin"


@dataclass
class _Tail:
    ent: bytes  # the entity graph (N-Quads)
    n_ent: int
    shared: bytes  # the shared triples (N-Triples, sorted)
    digest: str  # SHA-1 of ``shared``
    remake: bool  # some block names a node merged by linking (it is remade after linking)


def _tail_key(code: str, version: str, block_version: str, settings: list, outers: list[tuple[str, str]]) -> str:
    """Everything the entity graph, the shared triples, the remade blocks and the page depend
    on: the package's code (``code``) and data, the settings, and each report's file name and
    :attr:`Block.outer <fazhigraph.blocks.Block.outer>` in path order."""
    import json

    h = hashlib.sha1(json.dumps([code, version, block_version, settings]).encode())
    for name, outer in outers:
        h.update(f"{name}\0{outer}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: Bytes of the tail file's header line (JSON, padded): written last, in place.
_TAIL_HEAD = 160


def _read_tail(out: Path, key: str) -> _Tail | None:
    """The saved tail if it was made under ``key`` (else None, reading only its first line).
    The file: the key, a header line (sizes, quads, digest), the entity graph, the shared triples."""
    import json

    try:
        with open(out / CACHE_DIR / TAIL, "rb") as fh:
            if fh.readline().rstrip(b"\n") != key.encode():
                return None
            head = json.loads(fh.read(_TAIL_HEAD))
            ent = fh.read(head["ent"])
            shared = fh.read()
        if len(ent) != head["ent"] or len(shared) != head["shared"]:
            return None
        return _Tail(ent, head["n_ent"], shared, head["digest"], head["remake"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _TailWriter:
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
        import json

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


def _finish_outputs(
    files: _Files, cache: ResultCache, blocks: BlockCache, linked: _Linked, out: Path, formats, html: bool,
    sink=None, view_nodes: int = VIEW_NODES, key: str = "", tail: _Tail | None = None, page_kept: bool = False,
    fork: bool = True, tidy: Callable[[], None] | None = None,
) -> tuple[dict[str, str], int]:
    """After pass 1: write again the blocks that name a node merged by linking (and those
    after the first of them), then the entity graph and the shared triples; put
    graph.nq/graph.ttl (and other formats) in place, call ``tidy`` (the caches' upkeep, done
    while the store loader finishes), finish the store; the page is made from the blocks'
    fragments by a forked process meanwhile (with ``fork``; else at once).

    ``tail``: the last build's, if made under this build's ``key`` - every report gives the
    rest of the build what it gave then, so its entity graph and shared triples are this
    build's, and so is its page (kept if ``page_kept``: graph.html is still as that build
    left it); the corpus is then linked only to remake blocks. Else they are made, and saved
    as the next build's tail."""
    from .graph import entity_block
    from .outputs import atomic_write_bytes, serialize_quads

    written: dict[str, str] = {}
    nq_path = out / "graph.nq"
    ttl_path = out / "graph.ttl"
    ordered = files.ordered
    if sink is not None:
        sink.end_reports()  # every report was given once: the store loader starts on them now
    # most of the files' bytes are written: the kernel starts writing them to disk meanwhile (it
    # takes a while to start: in a thread)
    kick = _Thread(lambda: (files.nq.start_sync(), files.ttl.start_sync()))
    page_args = (out / "graph.html", out / CACHE_DIR / "layout.pkl")
    page = None
    page_tmp = out / f".graph.html.{os.getpid()}.tmp"  # the page, put in place once all else succeeded
    saving = None  # the next build's tail, written as its parts are made
    try:
        keep_page = html and tail is not None and page_kept
        linker = link_of = metas = None
        if tail is None or tail.remake or (html and not keep_page):
            linker, link_of, metas = linked.get()
        moved = linker.moved() if linker is not None else {}
        first = None  # the first block naming a moved node: it and the rest are written again
        if moved:
            first = next((j for j, (sha1, _) in enumerate(ordered)
                          if not moved.keys().isdisjoint(_link_iris(link_of[sha1]))), None)
        if html and not keep_page:
            from .view import select_nodes

            shown = select_nodes(linker, link_of.values(), view_nodes)
            _trace(f"view nodes chosen ({'all' if shown is None else len(shown)})")
            page = _Background(_Page(linker, shown).make, blocks, cache, ordered, linker, page_tmp, page_args[1],
                               fork=fork, close=sink.fds() if sink is not None else ())
        if first is not None:
            files.cut(first)
            files.shared = set()
            files.stubs = []
            for sha1, path in ordered[:first]:  # their shared triples (unchanged)
                files.shared.update(_final_block(blocks, cache, sha1, path, linker, {})[0].shared)
            for sha1, path in ordered[first:]:
                files.write(sha1, path, _final_block(blocks, cache, sha1, path, linker, moved)[0])
            _trace(f"{len(ordered) - first} report blocks written again after linking")
        if tail is not None:
            lines = None
            files.nq.write(tail.ent)
            n_ent, chunks, digest = tail.n_ent, [tail.shared], tail.digest

            def lines_of() -> list[str]:
                return tail.shared.decode("utf-8").splitlines(keepends=True)

            _trace("entity graph and shared triples: the last build's")
        else:
            for sha1, path in files.stubs:  # blocks copied as the index described them
                files.shared.update(_final_block(blocks, cache, sha1, path, linker, {})[0].shared)
            files.stubs = []
            ent = entity_block(linker, metas)
            _trace(f"entity graph made ({len(ent)} quads)")
            shared = files.shared
            files.shared = set()
            shared.update(ln[: ln.rindex(" <")] + " .\n" for ln in ent)
            n_ent = len(ent)
            saving = _TailWriter(out, key) if key else None
            for data in _utf8(ent, consume=True):
                files.nq.write(data)
                if saving is not None:
                    saving.write("ent", data)
            del ent
            lines = sorted(shared)
            del shared
            chunks = _utf8(lines)
            h = hashlib.sha1()
            for data in chunks:
                h.update(data)
            digest = h.hexdigest()

            def lines_of() -> list[str]:
                return lines

            _trace("shared triples sorted")
        nquads = files.quads + n_ent
        if sink is not None:
            sink.set_shared(chunks, digest)  # the loader finishes the store while the files are closed
        if saving is not None:
            for data in chunks:
                saving.write("shared", data)
            saving.commit(n_ent=n_ent, digest=digest, remake=first is not None)
        del chunks
        files.ttl.write(_shared_turtle(out, digest, lines_of))
        del lines_of
        lines = None  # (the slow path's sorted lines: freed)
        _trace("shared triples written as Turtle")
        if sink is not None and not sink.loading:
            # a patched store is written while the files are synced, and both are put in place
            # after (the full N-Quads, if the store must be loaded anew after all, are in the
            # temporary file)
            syncing = _Thread(lambda: (kick.join(), files.nq.sync(), files.ttl.sync()))
            try:
                if tidy is not None:
                    tidy()
                    tidy = None
                sink.prepare(Path(files.nq.tmp))
                _trace("store written")
            finally:
                syncing.join()
        kick.join()
        files.nq.commit()
        files.ttl.commit()
        written["nq"] = str(nq_path)
        if "ttl" in formats:
            written["ttl"] = str(ttl_path)
        else:
            ttl_path.unlink(missing_ok=True)
        for fmt in formats:
            if fmt in ("ttl", "nq"):
                continue
            path = out / f"graph.{fmt}"
            lines = sorted(set(nq_path.read_text(encoding="utf-8").splitlines(keepends=True)))
            atomic_write_bytes(path, serialize_quads(lines, fmt))
            written[fmt] = str(path)
        _trace("graph.nq and graph.ttl written")
        if tidy is not None:
            tidy()
        if sink is not None:
            loading = sink.loading
            written["store"] = str(sink.commit(nq_path, [nq_path, ttl_path] if "ttl" in formats else [nq_path]))
            sink = None  # committed: nothing left to abort
            _trace("store written" if loading else "store put in place")
        if page is not None:
            page.wait()
            os.replace(page_tmp, page_args[0])
            _trace("graph.html written")
        if html:
            written["html"] = str(page_args[0])
    except BaseException:
        if page is not None:
            try:
                page.wait()
            except OSError:
                pass
            page_tmp.unlink(missing_ok=True)
        kick.thread.join()  # (before the files it works on are closed)
        if saving is not None:
            saving.discard()
        _abandon(files, sink)
        raise
    return written, nquads


def _utf8(lines: list[str], chunk: int = 50_000, consume: bool = False) -> list[bytes]:
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


def _shared_turtle(out: Path, digest: str, lines_of: Callable[[], list[str]]) -> bytes:
    """The shared triples (SHA-1 ``digest``; ``lines_of()``: their sorted N-Triples lines) as
    Turtle, reused from the last build when they are the same."""
    from .outputs import turtle_chunk

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


def build(
    corpus: str | Path = "corpus",
    out: str | Path = "outputs",
    jobs: int | None = None,
    strict: bool = False,
    progress: bool = False,
    html: bool = True,
    formats=("ttl", "nq"),
    use_cache: bool = True,
    store: bool = True,
    view_nodes: int = VIEW_NODES,
) -> BuildSummary:
    """Build ``corpus`` into ``out``; see the module docstring. ``use_cache=False`` re-extracts all."""
    global _CACHES
    from .blocks import link_summary
    from .link import Linker, report_iri

    t0 = _T0[0] = time.perf_counter()
    out = Path(out)
    jobs = jobs or os.cpu_count() or 1
    summary = BuildSummary()
    check_output_dir(out)
    found, skipped = scan(corpus)
    found, skipped = _exclude_outputs(found, skipped, out)
    summary.skipped = len(skipped)
    for s in skipped:
        print(s.line(), file=sys.stderr, flush=True)
        if strict:
            summary.failed, summary.skipped = 1, 0
            summary.errors = [s.line()]
            summary.seconds = time.perf_counter() - t0
            return summary
    version = version_key()
    cache = ResultCache(out / CACHE_DIR, version)
    blocks = BlockCache(out / CACHE_DIR, block_version(version))
    index = LinkIndex(out / CACHE_DIR, blocks.version)  # (link summaries are made by blocks.py)
    paths, shas = [], []
    first: dict[str, str] = {}
    hashes = FileHashes(out / CACHE_DIR) if use_cache else None
    for p in found:  # the same bytes twice: build the first (in path order), skip the others
        sha = keyed(file_sha1(p, hashes), p)  # (declared values in metadata.csv are part of the key)
        if sha is not None and sha in first:
            s = Skipped(p, f"same content as {first[sha]}")
            print(s.line(), file=sys.stderr, flush=True)
            summary.skipped += 1
            continue
        if sha is not None:
            first[sha] = str(p)
        paths.append(str(p))
        shas.append(sha)
    # a hit is ("idx", block info) - from the index -, ("res", link summary, region key) -
    # from the results cache - or ("err", error message)
    hits: dict[int, tuple] = {}
    if use_cache:
        for i, (p, sha) in enumerate(zip(paths, shas)):
            if not sha:
                continue
            known = index.entries.get(sha)
            if known is not None and known[0] == os.path.basename(p) and known[1] == cache.size(sha):
                hits[i] = ("idx", known[2])
                continue
            got = cache.get(sha, p)
            if got is not None:
                res, err = got
                hits[i] = ("res", link_summary(res), _region(res)) if res else ("err", err)
    misses = [p for i, p in enumerate(paths) if i not in hits]
    _trace(f"scanned: {len(hits)} cached, {len(misses)} to extract")

    settings = [sorted(formats), html, view_nodes if html else None, store]
    code = _code_hash()  # (read once: both keys below hash it)
    if not misses:  # nothing to extract: the outputs may be those of these very reports
        built = [(shas[i], p) for i, p in enumerate(paths) if hits[i][0] != "err"]
        man = _up_to_date(out, _manifest_key(code, version, built, settings), store) if built else None
        if man is not None:
            summary.built = summary.cached = len(built)
            summary.reports = CachedReports(cache, built)
            return _unchanged(summary, man, [h[1] for _, h in sorted(hits.items()) if h[0] == "err"], t0)

    # reports go through in output order (graph IRI); the linker takes them in path order - as
    # they come if many are new, else after pass 1 and only if needed (see _finish_outputs)
    report_iri = functools.lru_cache(maxsize=None)(report_iri)  # (each report's, asked for more than once)
    order = sorted(range(len(paths)), key=lambda i: (report_iri(os.path.basename(paths[i])), paths[i]))
    fresh_paths = [paths[i] for i in order if i not in hits]
    few = len(misses) <= max(200, len(paths) // 5)
    bar = None
    if progress and paths:
        from rich.progress import Progress

        bar = Progress(transient=True, console=None)
        bar.start()
        task = bar.add_task("extracting", total=len(paths))

    sink = None
    if store and paths:
        from .diskstore import StoreSink

        # a full load spools each report's triples as soon as it is extracted (one file per process);
        # a loader process loads them once the last report is in (this process when the build runs in one)
        sink = StoreSink(out, incremental=few, inline=jobs <= 1, parts=min(jobs, os.cpu_count() or 1))
    try:
        files = _Files(out, blocks, sink, report_iri) if paths else None
    except OSError as e:
        _abandon(None, sink)
        raise OutputError(f"cannot write outputs ({e.strerror or e})", str(out)) from None
    linker = Linker()
    items: list[tuple[str, str]] = []  # (sha1, path) of the built reports, path order
    entries: dict[str, tuple] = {}  # the next LinkIndex: sha1 -> (file name, block info)
    links: dict[str, tuple] = {}  # ... and sha1 -> (link summary, region key), as far as known
    outers: list[tuple[str, str]] = []  # (file name, Block.outer) in path order
    errors: list[tuple[int, str]] = []
    pending: dict[int, tuple | None] = {}  # path index -> (sha1, block info) not yet in path order
    nxt = 0
    _CACHES = (cache, blocks, sink is not None and sink.loading)
    fresh = _Extraction(fresh_paths, jobs, _work_cached, fork_one=bool(hits))

    def summary_of(sha: str, path: str) -> tuple:
        """(link summary, region key) of a report built before: from the index, else its result."""
        got = links.get(sha) or index.links().get(sha)
        if got is None:
            res = cache.load(sha, path)
            got = (link_summary(res), _region(res))
        return got

    def link(sha: str, path: str) -> None:
        links[sha] = got = summary_of(sha, path)
        linker.add_summary(got[0])

    try:
        for i in order:
            p = paths[i]
            blk = None
            if i in hits:
                hit = hits.pop(i)
                err = hit[1] if hit[0] == "err" else None
                sha = shas[i]
                if err is None:
                    summary.cached += 1
                    if hit[0] == "res":
                        links[sha] = hit[1:]
                    blk = blocks.stub(sha, hit[1]) if hit[0] == "idx" else None
                    if blk is None:
                        blk = _final_block(blocks, cache, sha, p, linker, {})[0]
            else:
                _, done, err = next(fresh)
                if done is not None:
                    if isinstance(done, ReportResult):  # extracted without the caches
                        done = _Done(done.sha1, link_summary(done), _region(done), res=done)
                    sha = shas[i] = done.sha1
                    if done.res is not None:
                        cache.put(sha, p, done.res, None)
                    links[sha] = (done.link, done.region)
                    if done.block is not None:
                        done.block.nq, done.block.ttl = done.block_bytes
                        blocks.put(sha, done.block)
                    if done.store is not None:
                        sink.early(report_iri(os.path.basename(p)), *done.store)
                    blk = done.light or done.block or _final_block(blocks, cache, sha, p, linker, {})[0]
                elif not err.startswith("[E003]"):  # extractor bugs are retried next time
                    cache.put(shas[i], p, None, err)
            if bar is not None:
                bar.advance(task)
            if err:
                print(err, file=sys.stderr, flush=True)
                errors.append((i, err))
                if strict:
                    raise _StrictStop(err)
                pending[i] = None
            else:
                try:
                    files.add(sha, p, blk)
                except OSError as e:
                    raise OutputError(f"cannot write outputs ({e.strerror or e})", str(out)) from None
                pending[i] = (sha, blk.info())
                del blk
            while nxt in pending:  # in path order
                got = pending.pop(nxt)
                if got is not None:
                    sha, info = got
                    name = os.path.basename(paths[nxt])
                    if not few:
                        link(sha, paths[nxt])
                    items.append((sha, paths[nxt]))
                    entries[sha] = (name, info)
                    outers.append((name, info[-1]))
                nxt += 1
    except _StrictStop as e:
        _abandon(files, sink)
        summary.failed = 1
        summary.errors = [str(e)]
        summary.seconds = time.perf_counter() - t0
        return summary
    except BaseException:
        _abandon(files, sink)
        raise
    finally:
        _CACHES = None
        fresh.close()
        if bar is not None:
            bar.stop()
    summary.built = len(items)
    summary.failed = len(errors)
    summary.errors = [e for _, e in sorted(errors)]
    summary.reports = CachedReports(cache, items)
    _trace("extracted, report blocks written")
    if not items:
        _abandon(files, sink)
    else:
        key = _manifest_key(code, version, items, settings)
        man = _up_to_date(out, key, store)
        if man is not None:  # the same reports as last time, outputs untouched: nothing to write
            _abandon(files, sink)
            return _unchanged(summary, man, None, t0)
        page_kept = html and _page_as_left(out)
        (out / CACHE_DIR / MANIFEST).unlink(missing_ok=True)
        tail_key = _tail_key(code, version, blocks.version, settings, outers)
        tail = _read_tail(out, tail_key) if use_cache else None

        def make_linked() -> tuple:
            if few:
                for sha, p in items:
                    link(sha, p)
            linker.finish()
            _trace("linker settled")
            metas: dict[tuple, object] = {}  # distinct region paths -> a meta naming it
            for sha, _ in items:
                region = links[sha][1]
                if region not in metas:
                    from .model import ReportMeta

                    metas[region] = ReportMeta(region_path=list(region[0]), region_codes=list(region[1]))
            return linker, {sha: links[sha][0] for sha, _ in items}, [metas[k] for k in sorted(metas)]

        linked = _Linked(make_linked)

        def tidy() -> None:
            """Drop the cache entries of reports gone from the corpus, save the index: both
            describe only the cache, so they need not wait for the store (the manifest does)."""
            keep = {sha for sha, _ in items} | {s for s in shas if s}
            gone = set(index.entries) if index.entries else None
            cache.prune(keep, gone)
            blocks.prune(keep, gone)
            index.save({sha: (name, cache.size(sha), info) for sha, (name, info) in entries.items()},
                       {sha: links[sha] for sha, _ in items} if not few or linked.got is not None else None)
            if hashes is not None:
                hashes.save()
            _trace("caches pruned")

        try:
            summary.outputs, summary.triples = _finish_outputs(
                files, cache, blocks, linked, out, formats, html, sink, view_nodes, tail_key, tail, page_kept,
                fork=jobs > 1, tidy=tidy,
            )
        except OSError as e:
            raise OutputError(f"cannot write outputs ({e.strerror or e})", str(out)) from None
        _save_manifest(out, key, summary.outputs, summary.triples)
        _trace("manifest saved")
    summary.seconds = time.perf_counter() - t0
    return summary


def _region(res: ReportResult) -> tuple:
    """A report's region key: (region path, region codes)."""
    return tuple(res.meta.region_path), tuple(res.meta.region_codes)


def _page_as_left(out: Path) -> bool:
    """Whether graph.html is as the last build that finished left it (its manifest says)."""
    try:
        stamp = (_read_manifest(out) or {})["stamps"]["graph.html"]
    except (KeyError, TypeError):
        return False
    return stamp is not None and _file_stamp(out / "graph.html") == stamp


def _abandon(files: "_Files | None", sink) -> None:
    """Remove the unfinished outputs and store of a build that stops."""
    if files is not None:
        files.discard()
    if sink is not None:
        sink.abort()


def _unchanged(summary: BuildSummary, man: dict, errors: list[str] | None, t0: float) -> BuildSummary:
    """The summary of a build whose outputs were already up to date (nothing written)."""
    if errors:
        for err in errors:
            print(err, file=sys.stderr, flush=True)
        summary.failed = len(errors)
        summary.errors = errors
    summary.outputs, summary.triples = man["outputs"], man["triples"]
    summary.up_to_date = True
    summary.seconds = time.perf_counter() - t0
    _trace("outputs up to date")
    return summary


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
