"""A report's finished outputs, made where the report is extracted (in the worker process).

Everything the build writes for one report depends on the rest of the corpus only through
linking: a mention's node IRI is a function of its link key (:meth:`Linker.key_iri`) unless
:meth:`Linker.finish` merges that key into another node (环境保护法 into
中华人民共和国环境保护法 when only some report names the full title). So a worker writes the
report's block with every key linked to its own IRI (:class:`IdentityLinker`); the parent,
once the corpus is linked, uses the block as it is when none of its IRIs moved
(:meth:`Linker.moved`, usually a few keys for the whole corpus) and remakes it otherwise.
The result is byte-identical to making every block in the parent after linking, but the work
is spread over all processes and cached per report: a rebuild only concatenates.

A :class:`Block` holds:

- ``nq``: the report's named graph as sorted, unique N-Quads lines (UTF-8);
- ``local``: the byte range of ``nq`` whose subjects are the report's own nodes (the report,
  its mentions and sentences: their IRIs start with the report IRI, so in sorted order they
  are one run) - what the on-disk store keeps in the report's graph;
- ``digest``: SHA-1 of that range (the store patches a report's graph only when it changed);
- ``ttl``: the same range as Turtle statements (no ``@prefix`` header);
- ``shared``: the other triples (the bureau's edges) as N-Triples lines, de-duplicated
  across reports by the parent;
- ``iris``: the node IRIs the block names (to see whether any moved);
- ``link``: the report's :func:`link_summary`;
- ``view``: the report's fragment of the HTML view (:func:`view_fragment`);
- ``outer``: a digest of all the report gives the rest of the build - link summary, region,
  shared triples, view fragment: two versions of a report with the same ``outer`` differ only
  in the report's own triples, so a rebuild after such an edit reuses the entity graph, the
  shared triples and the page (see :mod:`fazhigraph.builder`).
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, replace

from .link import IdentityLinker, link_summary, report_iri  # noqa: F401 (link_summary: also importable from here)
from .model import ReportResult


@dataclass
class Block:
    nq: bytes | None
    n: int
    local: tuple[int, int]
    digest: str
    ttl: bytes | None
    shared: list[str]
    iris: frozenset[str]
    view: tuple
    region: tuple
    nq_len: int = 0
    size: int = 0  # len(nq) + len(ttl)
    outer: str = ""

    def __post_init__(self) -> None:
        if self.nq is not None:
            self.nq_len = len(self.nq)
            self.size = len(self.nq) + len(self.ttl)

    def light(self) -> "Block":
        """The block without its bytes, page fragment and node IRIs: what copying it into the
        outputs needs (its bytes are in the block cache)."""
        return replace(self, nq=None, ttl=None, view=(), iris=frozenset())

    def info(self) -> tuple:
        """What copying the block into the outputs needs, kept in the build's index
        (:meth:`stub` makes the block again from it)."""
        return self.n, self.local, self.digest, self.nq_len, self.size, self.outer

    @classmethod
    def stub(cls, info: tuple) -> "Block":
        """A block made from :meth:`info`: no bytes, fragment, node IRIs nor shared triples
        (``shared`` is None: read the cached block if they are needed)."""
        n, local, digest, nq_len, size, outer = info
        return cls(nq=None, n=n, local=tuple(local), digest=digest, ttl=None, shared=None, iris=frozenset(),
                   view=(), region=(), nq_len=nq_len, size=size, outer=outer)

    def __getstate__(self) -> dict:
        # pickled without its bytes: the block cache keeps them in a file of their own
        return {**self.__dict__, "nq": None, "ttl": None}


def view_fragment(rep: ReportResult, linker) -> tuple:
    """The report's part of the HTML view, with node IRIs as ``linker`` gives them.

    ``(report, nodes, edges, mentions, figures)``: ``report`` = (iri, file, bureau iri, year,
    title); ``nodes`` = node IRIs in first-mention order (the bureau first); ``edges`` =
    (bureau, node, relation) triples; ``mentions`` = (node, sentence start, sentence text,
    start, end) with offsets inside the sentence; ``figures`` = the bureau's figures
    (:func:`figure_items` with the sentence in place of the year and start; none without a
    bureau). A change of this shape changes this file, hence the block cache's version
    (:func:`fazhigraph.builder.caches.block_version`): no older block is read as a new one.
    """
    from .graph import RELATION

    b_iri = linker.lookup("Bureau", rep.meta.bureau, rep.file).iri if rep.meta.bureau else None
    nodes: dict[str, str] = {}
    if b_iri:
        nodes[b_iri] = "Bureau"
    edges: dict[tuple, None] = {}
    mentions = []
    sents = rep.sentences
    starts = [s.start for s in sents]
    for m in rep.mentions:
        e = linker.lookup(m.type, m.name, rep.file).iri
        nodes.setdefault(e, m.type)
        rel = RELATION.get(m.type)
        if b_iri and rel is not None and e != b_iri:
            edges[(b_iri, e, str(rel))] = None
        i = bisect.bisect_right(starts, m.start) - 1
        if 0 <= i < len(sents) and sents[i].start <= m.start < sents[i].end:
            s = sents[i]
            mentions.append((e, s.start, s.text, m.start - s.start, m.end - s.start))
        else:
            mentions.append((e, m.start, m.text, 0, len(m.text)))
    figures = []
    for *item, start in (figure_items(rep) if b_iri else ()):
        i = bisect.bisect_right(starts, start) - 1
        s = sents[i] if 0 <= i < len(sents) and sents[i].start <= start < sents[i].end else None
        figures.append((*item[1:], s.text if s else item[-1]))
    report = (report_iri(rep.file), rep.file, b_iri, rep.meta.year, rep.meta.title)
    return report, tuple(nodes), tuple(edges), tuple(mentions), tuple(figures)


def figure_items(rep: ReportResult) -> tuple[tuple, ...]:
    """A report's figures as plain tuples, one per distinct fact (as the graph has one
    observation per fact), in text order: ``(year, measure, concept, value, unit, approx,
    period, text, start)`` (``year``: the report year; ``measure``: the zh label of the top
    measure, ``concept``: of the figure's own concept; ``start``: of the first mention)."""
    from .observations import fact_key, measure_label, top_label

    out, seen = [], set()
    year = rep.meta.year
    for f in getattr(rep, "figures", None) or ():
        k = fact_key(f)
        if k in seen:
            continue
        seen.add(k)
        a, b = f.period_start, f.period_end
        period = "" if a is None and b is None else str(a or b) if a == b or a is None or b is None else f"{a}-{b}"
        out.append((year, top_label(f.measure), measure_label(f.measure), f.value, f.unit, f.approx, period, f.text,
                    f.start))
    return tuple(out)


def outer_digest(link: tuple, region: tuple, shared: list[str], view: tuple) -> str:
    """SHA-1 of what a report gives the rest of the build (see :class:`Block`)."""
    h = hashlib.sha1(repr((link, region, shared, view)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def make_block(rep: ReportResult, linker=None, link: tuple | None = None) -> Block:
    """The report's :class:`Block` (``linker``: a settled :class:`Linker`; default identity;
    ``link``: the report's :func:`link_summary` if already made with that identity linker)."""
    from .graph import report_block
    from .outputs import turtle_chunk

    linker = linker or IdentityLinker()
    if link is None:
        link = link_summary(rep, linker if isinstance(linker, IdentityLinker) else None)
    lines = report_block(rep, linker)
    r = report_iri(rep.file)
    own = f"<{r}"
    lo = hi = None
    shared = []
    for i, ln in enumerate(lines):
        if ln.startswith(own) and ln[len(own)] in ">#":
            if lo is None:
                lo = i
            hi = i + 1
        else:
            shared.append(ln[: ln.rindex(" <")] + " .\n")
    if lo is None:
        lo = hi = 0
    local = lines[lo:hi]
    assert len(local) + len(shared) == len(lines), "a report's own triples must sort together"
    head = "".join(lines[:lo]).encode("utf-8")
    body = "".join(local).encode("utf-8")
    nq = head + body + "".join(lines[hi:]).encode("utf-8")
    nt_local = [ln[: ln.rindex(" <")] + " .\n" for ln in local]
    iris = set()
    if rep.meta.bureau:
        iris.add(linker.lookup("Bureau", rep.meta.bureau, rep.file).iri)
    for m in rep.mentions:
        iris.add(linker.lookup(m.type, m.name, rep.file).iri)
    meta = rep.meta
    view = view_fragment(rep, linker)
    region = (tuple(meta.region_path), tuple(meta.region_codes))
    return Block(
        nq=nq, n=len(lines), local=(len(head), len(head) + len(body)), digest=hashlib.sha1(body).hexdigest(),
        ttl=turtle_chunk(nt_local), shared=shared, iris=frozenset(iris), view=view, region=region,
        outer=outer_digest(link, region, shared, view),
    )
