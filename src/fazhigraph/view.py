"""Interactive HTML view of the graph: one self-contained, offline UTF-8 file.

The page is rendered from :class:`ViewGraph`, which is built either from a build's results
(:func:`from_results`, used by ``fazhigraph build``) or from a built graph file through
Oxigraph (:func:`from_store`; :func:`for_report`, :func:`neighbourhood`, :func:`from_construct`
cut views out of it for ``fazhigraph view``).

Drawing uses vis-network as shipped inside pyvis (inlined, never fetched: pyvis's own
template pulls Bootstrap and vis-network from CDNs). Positions are computed once
(:mod:`fazhigraph.viewlayout`: bureaus apart, what several share between them, what one names
around it) and physics is off, so even a 2,000-node graph shows its final frame at once.

The page (``templates/view.html.j2`` with ``view_layout.js.j2``, ``view_labels.js.j2``, ``view_panel.js.j2``,
``view_main.js.j2``) draws the labels itself at a fixed size on screen, by priority and never
two overlapping; every filter lays the shown part out anew in the browser and fits the view to
it; a click lights a node's neighbours, a double-click shows only them. ``window.fzView``
(``data``, ``network``, ``nodes``, ``edges``, ``labels()``, ``priority``, ``applyFilters``,
``select``, ``highlight``, ``showNeighbourhood``, ``panelSections``) is the page's scripting
handle; ``panelSections`` is the list of functions that render the entity panel's sections.

Everything that comes from a report (labels, aliases, sentences, file names) travels as JSON
inside ``<script type="application/json">`` with ``<``, ``>``, ``&`` escaped as ``\\u003c`` …
and the page builds its DOM with ``textContent`` only.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .link import Linker, name_key
from .model import ENTITY_TYPES, ReportResult

#: Colour and vis-network shape per entity type (the legend shows both).
STYLE = {
    "Bureau": ("#d62728", "star"),
    "Agency": ("#1f77b4", "dot"),
    "LawFirm": ("#9467bd", "diamond"),
    "Law": ("#2ca02c", "square"),
    "System": ("#ff7f0e", "triangle"),
    "Unit": ("#8c564b", "dot"),
    "Enterprise": ("#e377c2", "triangleDown"),
    "Platform": ("#17becf", "hexagon"),
    "Publication": ("#bcbd22", "square"),
    "Event": ("#7f7f7f", "diamond"),
    "Other": ("#aaaaaa", "dot"),
}
COLORS = {k: v[0] for k, v in STYLE.items()}

FZ_NS = "https://w3id.org/fazhigraph/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TEMPLATE_DIR = Path(__file__).with_name("templates")


# --------------------------------------------------------------------------- data


@dataclass
class ViewGraph:
    """What the page shows: nodes keyed by IRI, edges, reports and mention sentences."""

    nodes: dict[str, dict] = field(default_factory=dict)  # iri -> {label, type, aliases:set, reports:set}
    edges: dict[tuple[str, str, str], set[int]] = field(default_factory=dict)  # (src, dst, rel iri) -> report idx
    reports: list[dict] = field(default_factory=list)  # {iri, file, bureau (iri|None), year, title}
    #: iri -> {(report idx, sentence start): [sentence text, {(start, end) within sentence}]}
    mentions: dict[str, dict[tuple[int, int], list]] = field(default_factory=dict)
    #: keep at most this many sentences per node (None: all); a build of 10^4 reports would
    #: otherwise put every sentence of the corpus into the page
    sentence_cap: int | None = None
    #: iri -> number of distinct sentences naming it, when more than ``sentence_cap``
    sentence_totals: dict[str, int] = field(default_factory=dict)
    #: how many nodes the whole graph has, when the page shows only some (see :func:`select_nodes`)
    total_nodes: int | None = None
    #: body iri -> its figures: (report idx, measure, concept, value, unit, approx, period,
    #: text, sentence) in report then text order
    figures: dict[str, list[tuple]] = field(default_factory=dict)

    def add_node(self, iri: str, label: str, type_: str, aliases: Iterable[str] = ()) -> dict:
        node = self.nodes.get(iri)
        if node is None:
            node = self.nodes[iri] = {"label": label, "type": type_, "aliases": set(), "reports": set()}
        node["aliases"].update(a for a in aliases if a and a != node["label"])
        return node

    def add_edge(self, src: str, dst: str, rel: str, report: int | None = None) -> None:
        reps = self.edges.setdefault((src, dst, rel), set())
        if report is not None:
            reps.add(report)

    def add_mention(self, iri: str, report: int, sent_start: int, sentence: str, start: int, end: int) -> None:
        """``start``/``end`` are offsets of the mention inside ``sentence``."""
        ms = self.mentions.setdefault(iri, {})
        slot = ms.get((report, sent_start))
        if slot is None:
            if self.sentence_cap is not None and len(ms) >= self.sentence_cap:
                self.sentence_totals[iri] = self.sentence_totals.get(iri, len(ms)) + 1
                return
            slot = ms[(report, sent_start)] = [sentence, set()]
        if 0 <= start < end <= len(sentence):
            slot[1].add((start, end))

    def subgraph(self, keep: set[str], reports: set[int] | None = None) -> "ViewGraph":
        """The nodes in ``keep`` and the edges between them (limited to ``reports`` if given)."""
        out = ViewGraph(reports=self.reports)
        for iri in keep:
            if iri in self.nodes:
                n = self.nodes[iri]
                out.nodes[iri] = {**n, "reports": set(n["reports"]) if reports is None else n["reports"] & reports}
        for (s, d, r), reps in self.edges.items():
            if s in out.nodes and d in out.nodes:
                sel = reps if reports is None else reps & reports
                if reports is None or sel:
                    out.edges[(s, d, r)] = set(sel)
        for iri, ms in self.mentions.items():
            if iri in out.nodes:
                out.mentions[iri] = {k: v for k, v in ms.items() if reports is None or k[0] in reports}
        for iri, figs in self.figures.items():
            if iri in out.nodes:
                out.figures[iri] = [f for f in figs if reports is None or f[0] in reports]
        return out


@functools.lru_cache(maxsize=1)
def ontology_labels() -> dict[str, str]:
    """IRI -> Chinese rdfs:label of the ontology's classes and properties (legend, edge labels)."""
    import pyoxigraph as ox

    from .resources import data_path

    store = ox.Store()
    store.load(path=str(data_path("fazhigraph.ttl")), format=ox.RdfFormat.TURTLE)
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(_RDFS_LABEL), None, None):
        if isinstance(q.subject, ox.NamedNode) and getattr(q.object, "language", None) == "zh":
            out[q.subject.value] = q.object.value
    return out


def _local(iri: str) -> str:
    for sep in ("#", "/", ":"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[-1]
    return iri


def from_results(reports: list[ReportResult], linker: Linker) -> ViewGraph:
    """The view of a build, straight from the extraction results and the settled linker."""
    from .blocks import view_fragment

    vg = ViewGraph()
    entities = {e.iri: e for e in linker.final.values()}
    for rep in reports:
        add_fragment(vg, view_fragment(rep, linker), entities, {})
    return vg


def add_fragment(vg: ViewGraph, frag: tuple, entities: dict, moved: dict[str, str],
                 keep: set[str] | None = None) -> None:
    """Add one report's :func:`fazhigraph.blocks.view_fragment` to ``vg``.

    ``entities``: final node IRI -> :class:`~fazhigraph.model.Entity` of the settled linker;
    ``moved``: :meth:`Linker.moved` (fragment IRIs merged into other nodes); ``keep``: the
    nodes the page shows (:func:`select_nodes`; None: all).
    """
    (r_iri, file, b_iri, year, title), nodes, edges, mentions, figures = frag
    idx = len(vg.reports)
    fin = (lambda i: moved.get(i, i)) if moved else (lambda i: i)
    b_iri = fin(b_iri) if b_iri else None
    vg.reports.append({"iri": r_iri, "file": file, "bureau": b_iri, "year": year, "title": title})
    for iri in nodes:
        e = entities[fin(iri)]
        if keep is None or e.iri in keep:
            vg.add_node(e.iri, e.name, e.type, e.aliases)["reports"].add(idx)
    for s, d, rel in edges:
        s, d = fin(s), fin(d)
        if s != d and (keep is None or (s in keep and d in keep)):
            vg.add_edge(s, d, rel, idx)
    for iri, sent_start, text, a, b in mentions:
        iri = fin(iri)
        if keep is None or iri in keep:
            vg.add_mention(iri, idx, sent_start, text, a, b)
    if figures and b_iri and (keep is None or b_iri in keep):
        vg.figures.setdefault(b_iri, []).extend((idx, *f) for f in figures)


def select_nodes(linker: Linker, summaries, limit: int) -> set[str] | None:
    """The nodes a whole-build page shows when the build has more than ``limit`` (else None).

    A page of 10^5 nodes is of no use in a browser. It shows the entities named by the most
    reports (three fifths of ``limit``) and the bureaus with the most links to them (the
    rest), so the picture stays connected. ``summaries``: the reports' link summaries
    (:func:`fazhigraph.blocks.link_summary`). ``fazhigraph view`` cuts any other part out of
    the built graph.
    """
    ents = linker.entities()
    if limit <= 0 or len(ents) <= limit:
        return None
    reports = linker.report_totals
    others = sorted((e.iri for e in ents if e.type != "Bureau"), key=lambda i: (-reports.get(i, 0), i))
    k = limit * 3 // 5
    chosen = set(others[:k])
    score: dict[str, int] = {}
    for file, bureau, keys in summaries:
        if bureau:
            b = linker.final[bureau[2]].iri
            score[b] = score.get(b, 0) + sum(1 for key in keys if linker.final[key[5]].iri in chosen)
    chosen.update(sorted(score, key=lambda b: (-score[b], b))[: limit - k])
    if len(chosen) < limit:  # fewer bureaus than room for them
        chosen.update(others[k: k + limit - len(chosen)])
    return chosen


# --------------------------------------------------------------------------- from RDF

_PREFIX = """PREFIX fz: <https://w3id.org/fazhigraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""


def _select(store, query: str):
    for row in store.query(_PREFIX + query, use_default_graph_as_union=True):
        yield [None if t is None else t.value for t in row]


def _int(v) -> int | None:
    try:
        return int(str(v)[:4]) if v is not None else None
    except ValueError:
        return None


def from_store(store) -> ViewGraph:
    """The whole graph of a built ``graph.ttl``/``graph.nq`` loaded into Oxigraph."""
    from .graph import RELATION

    vg = ViewGraph()
    types = set(ENTITY_TYPES)
    for e, cls, label in _select(store, "SELECT ?e ?cls ?label WHERE { ?e a ?cls ; rdfs:label ?label }"):
        t = _local(cls)
        if t in types and cls.startswith(FZ_NS):
            vg.add_node(e, label, t)
    for e, a in _select(store, "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }"):
        if e in vg.nodes:
            vg.add_node(e, "", "", [a])
    rep_idx: dict[str, int] = {}
    rows = _select(store, """SELECT ?r ?f ?y ?b ?t WHERE { ?r fz:sourceFile ?f .
        OPTIONAL { ?r fz:year ?y } OPTIONAL { ?r fz:reportingBody ?b } OPTIONAL { ?r fz:title ?t } }
        ORDER BY ?f""")
    for r, f, y, b, t in rows:
        if r in rep_idx:
            continue
        rep_idx[r] = len(vg.reports)
        vg.reports.append({"iri": r, "file": f, "bureau": b, "year": _int(y), "title": t or ""})
    body = {r["iri"]: r["bureau"] for r in vg.reports}
    mentioned: dict[tuple[str, str], set[int]] = {}
    for r, e in _select(store, "SELECT ?r ?e WHERE { ?r fz:mentions ?e }"):
        if r in rep_idx and e in vg.nodes:
            vg.nodes[e]["reports"].add(rep_idx[r])
            if body.get(r):
                mentioned.setdefault((body[r], e), set()).add(rep_idx[r])
    for r in vg.reports:
        if r["bureau"] in vg.nodes:
            vg.nodes[r["bureau"]]["reports"].add(rep_idx[r["iri"]])
    rels = " ".join(f"<{p}>" for p in sorted({str(v) for v in RELATION.values()}))
    for b, p, e in _select(store, f"SELECT ?b ?p ?e WHERE {{ VALUES ?p {{ {rels} }} ?b ?p ?e }}"):
        if b in vg.nodes and e in vg.nodes:
            reps = mentioned.get((b, e), set())
            vg.edges.setdefault((b, e, p), set()).update(reps)
    rows = _select(store, """SELECT ?r ?e ?a ?mb ?me ?st ?sb WHERE {
        ?m fz:inReport ?r ; fz:denotes ?e ; nif:beginIndex ?mb ; nif:endIndex ?me .
        OPTIONAL { ?m nif:anchorOf ?a }
        OPTIONAL { ?m fz:inSentence ?s . ?s nif:isString ?st ; nif:beginIndex ?sb } }""")
    for r, e, a, mb, me, st, sb in rows:
        if r not in rep_idx or e not in vg.nodes:
            continue
        mb, me = int(mb), int(me)
        if st is not None and sb is not None:
            sb = int(sb)
            vg.add_mention(e, rep_idx[r], sb, st, mb - sb, me - sb)
        elif a:
            vg.add_mention(e, rep_idx[r], mb, a, 0, len(a))
    _figures_from_store(vg, store)
    return vg


def _figures_from_store(vg: ViewGraph, store) -> None:
    """The bodies' figures (:func:`fazhigraph.figuretable.figure_rows`) into ``vg.figures``."""
    from .figuretable import figure_rows

    by_file = {}
    for i, r in enumerate(vg.reports):
        by_file.setdefault(r["file"], i)
    for row in figure_rows(store):
        if row.body in vg.nodes and row.report in by_file:
            vg.figures.setdefault(row.body, []).append(
                (by_file[row.report], row.measure, row.concept, format(row.value, "f"), row.unit, row.approx,
                 row.period, row.text, row.sentence or row.text))


def find_nodes(vg: ViewGraph, name: str) -> list[str]:
    """Nodes whose canonical name or an alias equals ``name`` (as the linker compares names);
    failing that, whose canonical name contains it."""
    key = name_key(name)
    exact = [i for i, n in vg.nodes.items()
             if name_key(n["label"]) == key or any(name_key(a) == key for a in n["aliases"])]
    if exact:
        return sorted(exact)
    return sorted(i for i, n in vg.nodes.items() if key and key in name_key(n["label"]))


def _nx_graph(vg: ViewGraph):
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(vg.nodes)
    g.add_edges_from((s, d) for s, d, _ in vg.edges)
    return g


def neighbourhood(vg: ViewGraph, name: str, depth: int = 1) -> ViewGraph:
    """The entities within ``depth`` hops of the node(s) named ``name``."""
    import networkx as nx

    from .errors import QueryError

    seeds = find_nodes(vg, name)
    if not seeds:
        raise QueryError(f"no entity named {name!r} in the graph")
    g = _nx_graph(vg)
    keep: set[str] = set()
    for s in seeds:
        keep.update(nx.single_source_shortest_path_length(g, s, cutoff=max(0, depth)))
    return vg.subgraph(keep)


def for_report(vg: ViewGraph, file: str) -> ViewGraph:
    """Only what one report (by file name) mentions."""
    from .errors import QueryError

    name = Path(file).name
    idx = {i for i, r in enumerate(vg.reports) if r["file"] == name or Path(str(r["file"])).name == name}
    if not idx:
        raise QueryError(f"no report with source file {name!r} in the graph")
    keep = {i for i, n in vg.nodes.items() if n["reports"] & idx}
    return vg.subgraph(keep, reports=idx)


def from_construct(store, query: str) -> ViewGraph:
    """The triples a SPARQL CONSTRUCT (or DESCRIBE) returns, drawn with what the graph knows
    about their IRIs (labels, types, reports, sentences)."""
    import pyoxigraph as ox

    from .errors import QueryError
    from .store import check_read_only, prologue

    check_read_only(query)
    try:
        res = store.query(prologue() + query, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    if isinstance(res, (bool, ox.QuerySolutions)):
        raise QueryError("--query needs a CONSTRUCT or DESCRIBE query (it returned rows, not triples)")
    full = from_store(store)
    labels = ontology_labels()
    out = ViewGraph(reports=full.reports)
    extra_labels: dict[str, str] = {}
    extra_types: dict[str, str] = {}
    triples = list(res)
    for t in triples:
        p = t.predicate.value
        if isinstance(t.object, ox.Literal):
            if p == _RDFS_LABEL or p.endswith("prefLabel"):
                extra_labels.setdefault(t.subject.value, t.object.value)
            continue
        if p == _RDF_TYPE:
            extra_types.setdefault(t.subject.value, _local(t.object.value))
            continue

    def ensure(term) -> str | None:
        if not isinstance(term, ox.NamedNode):
            return None
        i = term.value
        if i in out.nodes:
            return i
        if i in full.nodes:
            n = full.nodes[i]
            out.nodes[i] = {**n, "aliases": set(n["aliases"]), "reports": set(n["reports"])}
            if i in full.mentions:
                out.mentions[i] = full.mentions[i]
            if i in full.figures:
                out.figures[i] = full.figures[i]
        else:
            t = extra_types.get(i, "Other")
            out.add_node(i, extra_labels.get(i) or labels.get(i) or _local(i) or i, t if t in STYLE else "Other")
        return i

    for t in triples:
        p = t.predicate.value
        if p == _RDF_TYPE or isinstance(t.object, ox.Literal):
            ensure(t.subject)
            continue
        s, o = ensure(t.subject), ensure(t.object)
        if s and o:
            key = (s, o, p)
            out.edges.setdefault(key, set()).update(full.edges.get(key, set()))
    return out


# --------------------------------------------------------------------------- layout

def _layout_code() -> bytes:
    """The layout's source: a cached layout made by other code is not reused."""
    from . import viewlayout

    return Path(viewlayout.__file__).read_bytes()


def layout(nodes: list[str], edges: Iterable[tuple[str, str]], hubs: Iterable[str] | None = None,
           weight: dict | None = None, labels: dict | None = None) -> dict[str, tuple[float, float]]:
    """Positions in screen units (see :func:`fazhigraph.viewlayout.layout`)."""
    from .viewlayout import layout as _layout

    return _layout(list(nodes), list(edges), hubs=hubs, weight=weight, labels=labels)


def cached_layout(nodes: list[str], edges: list[tuple[str, str]], cache: Path | None = None,
                  hubs: Iterable[str] | None = None, weight: dict | None = None,
                  labels: dict | None = None) -> dict:
    """:func:`layout`, reused from ``cache`` (a pickle file) when the graph is the same as last time.

    The layout is a function of the nodes, edges, hubs, weights and labels only, and most
    rebuilds (a report edited, a report added that names nothing new) do not change them.
    """
    if cache is None:
        return layout(nodes, edges, hubs, weight, labels)
    import hashlib
    import pickle

    def enc(v) -> bytes:
        return str(v).encode("utf-8", "surrogatepass") + b"\0"

    h = hashlib.sha1(_layout_code())
    for v in nodes:
        h.update(enc(v) + enc((weight or {}).get(v)) + enc((labels or {}).get(v)))
    h.update(b"\1")
    for s, d in edges:
        h.update(enc(s) + enc(d))
    h.update(b"\1")
    for v in sorted(hubs or (), key=str):
        h.update(enc(v))
    key = h.hexdigest()
    try:
        with open(cache, "rb") as fh:
            old_key, pos = pickle.load(fh)
        if old_key == key:
            return pos
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        pass
    pos = layout(nodes, edges, hubs, weight, labels)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((key, pos), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass
    return pos


# --------------------------------------------------------------------------- HTML


def json_for_script(obj) -> str:
    """JSON safe inside a ``<script>`` element whatever the strings contain."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def view_payload(vg: ViewGraph, title: str = "", layout_cache: Path | None = None) -> dict:
    """The JSON the page reads: nodes with positions, edges, reports, types, mentions and the
    bodies' figures (both citing the one ``sentences`` table by index)."""
    labels = ontology_labels()
    order = sorted(vg.nodes, key=lambda i: (vg.nodes[i]["type"], vg.nodes[i]["label"], i))
    index = {iri: k for k, iri in enumerate(order)}
    pos = cached_layout(order, [(s, d) for s, d, _ in sorted(vg.edges)], layout_cache,
                        hubs=[i for i in order if vg.nodes[i]["type"] == "Bureau"],
                        weight={i: len(vg.nodes[i]["reports"]) for i in order},
                        labels={i: vg.nodes[i]["label"] for i in order})
    used_reports = sorted({r for n in vg.nodes.values() for r in n["reports"]}
                          | {r for reps in vg.edges.values() for r in reps})
    rmap = {r: k for k, r in enumerate(used_reports)}
    reports = []
    for r in used_reports:
        rep = vg.reports[r]
        b = rep.get("bureau")
        reports.append({"file": rep["file"], "year": rep.get("year"), "title": rep.get("title") or "",
                        "bureau": index.get(b) if b else None,
                        "bureauName": vg.nodes[b]["label"] if b in vg.nodes else ""})
    nodes = []
    mentions = {}
    sentences: dict[str, int] = {}  # each sentence once in the page, however many nodes and figures cite it
    for iri in order:
        n = vg.nodes[iri]
        x, y = pos.get(iri, (0.0, 0.0))
        k = index[iri]
        nodes.append({"id": k, "iri": iri, "label": n["label"], "type": n["type"],
                      "aliases": sorted(n["aliases"]), "reports": sorted(rmap[r] for r in n["reports"] if r in rmap),
                      "x": round(x, 1), "y": round(y, 1)})
        if iri in vg.sentence_totals:
            nodes[-1]["sentences"] = vg.sentence_totals[iri]
        ms = vg.mentions.get(iri)
        if ms:
            mentions[k] = [[rmap[r], sentences.setdefault(text, len(sentences)), sorted(spans)] for (r, _), (text, spans)
                           in sorted(ms.items(), key=lambda kv: kv[0]) if r in rmap]
    edges = []
    for (s, d, rel), reps in sorted(vg.edges.items()):
        edges.append({"from": index[s], "to": index[d], "rel": _local(rel),
                      "label": labels.get(rel, _local(rel)), "reports": sorted(rmap[r] for r in reps if r in rmap)})
    figures = _figure_payload(vg, order, rmap, sentences)
    present = {n["type"] for n in nodes}
    types = [{"id": t, "label": labels.get(FZ_NS + t, t), "color": STYLE[t][0], "shape": STYLE[t][1],
              "count": sum(1 for n in nodes if n["type"] == t)}
             for t in (*ENTITY_TYPES, "Other") if t in present]
    out = {"title": title, "types": types, "reports": reports, "nodes": nodes, "edges": edges, "mentions": mentions,
           "sentences": list(sentences)}
    if figures:
        out["figures"] = figures
    if vg.total_nodes is not None and vg.total_nodes > len(nodes):
        out["totalNodes"] = vg.total_nodes
    return out


def _figure_payload(vg: ViewGraph, order: list[str], rmap: dict[int, int], sentences: dict[str, int]) -> dict:
    """The bodies' figures for the page: node index -> [[report, measure, concept, value, unit,
    approx, period, text, sentence index]] in report then text order (``sentences``: the page's
    sentence table, text -> index, extended here)."""
    figures: dict[int, list] = {}
    for k, iri in enumerate(order):
        rows = [f for f in vg.figures.get(iri, ()) if f[0] in rmap]
        if rows:
            figures[k] = [[rmap[f[0]], *f[1:8], sentences.setdefault(f[8], len(sentences))]
                          for f in sorted(rows, key=lambda f: rmap[f[0]])]
    return figures


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network JS and CSS as bundled in the pyvis package (read locally, inlined)."""
    import importlib.util

    # the package's folder, without importing pyvis (which imports networkx, IPython, jinja2 ...)
    lib = Path(importlib.util.find_spec("pyvis").origin).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # the bundle names a source map; nothing must be requested, even by devtools
    js = js.replace("sourceMappingURL=", "sourceMappingURL_removed=")
    css = css.replace("sourceMappingURL=", "sourceMappingURL_removed=")
    return js, css


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
                              autoescape=jinja2.select_autoescape(["html", "j2"]))


def render(vg: ViewGraph, title: str = "法治政府建设知识图谱 / fazhigraph", layout_cache: Path | None = None) -> str:
    """The page for a view graph (a str; write it as UTF-8)."""
    import markupsafe

    from .viewlayout import MAX_ZOOM

    js, css = _vis_assets()
    payload = view_payload(vg, title, layout_cache)
    # inlined library code: make sure it cannot close its own element
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    return _env().get_template("view.html.j2").render(
        title=title, vis_js=markupsafe.Markup(js), vis_css=markupsafe.Markup(css),
        data_json=markupsafe.Markup(json_for_script(payload)), max_zoom=MAX_ZOOM,
    )


def render_html(reports: list[ReportResult], linker: Linker) -> str:
    """``build.py`` entry point: the whole build as one page."""
    return render(from_results(reports, linker))
