"""Cross-report analytics over a built graph (networkx): the tables users would make by hand.

- laws and systems ranked by how many bureaus cite or run them;
- bureau-to-bureau similarity (Jaccard) on the laws and systems they cite and run;
- year-over-year change for a bureau: laws and systems added and dropped;
- agencies and law firms ranked by the bureaus they work with;
- figures: small multiples per measure across bodies and years (:mod:`fazhigraph.analyze_figures`).

:func:`analyze` reads a store loaded from ``graph.ttl``; :func:`to_markdown` and
:func:`to_html` render the same :class:`Analysis` (the HTML is self-contained: charts are
inline SVG, no script, nothing fetched).
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

#: Entity types ranked in each section.
CITED = ("Law", "System")
PARTNERS = ("Agency", "LawFirm")
TYPE_LABEL = {"Law": "法律法规 Law", "System": "制度机制 System", "Agency": "机关 Agency", "LawFirm": "律师事务所 LawFirm"}

_PREFIX = """PREFIX fz: <https://w3id.org/fazhigraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass
class Ranked:
    name: str
    type: str
    bureaus: list[str]
    reports: int


@dataclass
class Change:
    bureau: str
    year_from: int
    year_to: int
    added: dict[str, list[str]]  # type -> names
    dropped: dict[str, list[str]]
    kept: dict[str, list[str]]


@dataclass
class Analysis:
    reports: int = 0
    bureaus: list[str] = field(default_factory=list)
    cited: list[Ranked] = field(default_factory=list)  # laws and systems
    partners: list[Ranked] = field(default_factory=list)  # agencies and law firms
    similarity: list[tuple[str, str, float, int]] = field(default_factory=list)  # a, b, jaccard, shared
    changes: list[Change] = field(default_factory=list)
    figures: list = field(default_factory=list)  # analyze_figures.FigurePanel, one per measure


def _rows(store, query: str):
    for row in store.query(_PREFIX + query, use_default_graph_as_union=True):
        yield [None if t is None else t.value for t in row]


def _year(v) -> int | None:
    m = re.match(r"-?\d{4}", v or "")
    return int(m.group()) if m else None


def analyze(store, bureau: str | None = None, year_from: int | None = None, year_to: int | None = None) -> Analysis:
    """Everything in one pass over the graph. ``bureau``/``year_from``/``year_to`` limit the
    year-over-year section (default: every bureau with reports in two or more years,
    consecutive years compared)."""
    import networkx as nx

    from .link import name_key

    reports: dict[str, tuple[str, str, int | None]] = {}  # report -> (bureau iri, bureau label, year)
    for r, b, label, y in _rows(store, """SELECT ?r ?b ?label ?y WHERE {
            ?r fz:sourceFile ?f ; fz:reportingBody ?b . ?b rdfs:label ?label . OPTIONAL { ?r fz:year ?y } }"""):
        reports.setdefault(r, (b, label, _year(y)))
    ents: dict[str, tuple[str, str]] = {}
    mentions: dict[str, set[str]] = defaultdict(set)  # report -> entities
    types = " ".join(f"fz:{t}" for t in CITED + PARTNERS)
    for r, e, cls, label in _rows(store, f"""SELECT ?r ?e ?cls ?label WHERE {{
            VALUES ?cls {{ {types} }} ?r fz:mentions ?e . ?e a ?cls ; rdfs:label ?label }}"""):
        if r in reports:
            ents[e] = (cls.rsplit("#", 1)[-1], label)
            mentions[r].add(e)

    g = nx.Graph()  # bipartite: bureaus (0) — entities (1)
    bureau_label = {}
    for r, (b, label, _) in reports.items():
        bureau_label[b] = label
        g.add_node(b, bipartite=0)
        for e in mentions[r]:
            g.add_node(e, bipartite=1, type=ents[e][0])
            g.add_edge(b, e)
    n_reports: dict[str, int] = defaultdict(int)
    for r in reports:
        for e in mentions[r]:
            n_reports[e] += 1

    def ranked(kinds) -> list[Ranked]:
        out = [Ranked(ents[e][1], ents[e][0], sorted(bureau_label[b] for b in g.neighbors(e)), n_reports[e])
               for e in ents if ents[e][0] in kinds]
        return sorted(out, key=lambda x: (-len(x.bureaus), -x.reports, x.type, x.name))

    a = Analysis(reports=len(reports), bureaus=sorted(set(bureau_label.values())))
    a.cited, a.partners = ranked(CITED), ranked(PARTNERS)

    cited_g = g.subgraph([b for b in bureau_label] + [e for e in ents if ents[e][0] in CITED])
    bs = sorted(bureau_label, key=lambda b: bureau_label[b])
    sims = []
    for u, v, j in nx.jaccard_coefficient(cited_g, list(combinations(bs, 2))):
        shared = len(set(cited_g[u]) & set(cited_g[v]))
        sims.append((bureau_label[u], bureau_label[v], float(j), shared))
    a.similarity = sorted(sims, key=lambda s: (-s[2], -s[3], s[0], s[1]))

    by_year: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r, (b, _, y) in reports.items():
        if y is not None:
            by_year[b][y].update(e for e in mentions[r] if ents[e][0] in CITED)
            by_year[b].setdefault(y, set())
    want = name_key(bureau) if bureau else None
    for b in bs:
        if want and want not in name_key(bureau_label[b]):
            continue
        years = sorted(by_year.get(b, {}))
        if year_from is not None or year_to is not None:
            pairs = [(year_from if year_from is not None else years[0] if years else None,
                      year_to if year_to is not None else years[-1] if years else None)]
            pairs = [(x, y) for x, y in pairs if x in by_year[b] and y in by_year[b] and x != y]
        else:
            pairs = list(zip(years, years[1:]))
        for y1, y2 in pairs:
            s1, s2 = by_year[b][y1], by_year[b][y2]

            def group(es):
                out: dict[str, list[str]] = {t: [] for t in CITED}
                for e in es:
                    out[ents[e][0]].append(ents[e][1])
                return {t: sorted(v) for t, v in out.items()}

            a.changes.append(Change(bureau_label[b], y1, y2, group(s2 - s1), group(s1 - s2), group(s1 & s2)))
    from .analyze_figures import figure_panels

    a.figures = figure_panels(store)
    return a


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text: str) -> str:
    """Text safe in a Markdown table cell: markup characters escaped, HTML neutralised."""
    t = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", t).replace("\n", " ")


def to_markdown(a: Analysis, top: int = 30) -> str:
    L = ["# 跨报告分析 / Cross-report analysis", "",
         f"{a.reports} 份报告，{len(a.bureaus)} 个报告单位 / {a.reports} reports, {len(a.bureaus)} bureaus.", ""]
    L += ["## 法律法规与制度：引用或运行的单位数 / Laws and systems by number of bureaus", ""]
    L += _ranked_table(a.cited, top, with_reports=True)
    L += ["", "## 单位相似度（法律法规与制度的 Jaccard 系数）/ Bureau similarity (Jaccard on laws and systems)", "",
          "| 单位 A | 单位 B | Jaccard | 共同项 Shared |", "|---|---|---|---|"]
    for x, y, j, shared in a.similarity[:top]:
        L.append(f"| {md(x)} | {md(y)} | {j:.3f} | {shared} |")
    if not a.similarity:
        L.append("| — | — | — | — |")
    L += ["", "## 年度变化 / Year-over-year change", ""]
    if not a.changes:
        L.append("没有单位在两个及以上年度都有报告 / no bureau has reports for two or more years.")
    for c in a.changes:
        L.append(f"### {md(c.bureau)}：{c.year_from} → {c.year_to}")
        L.append("")
        for t in CITED:
            L.append(f"- {TYPE_LABEL[t]}：新增 added {len(c.added[t])}，不再提及 dropped {len(c.dropped[t])}，"
                     f"保持 kept {len(c.kept[t])}")
        for title, part in (("新增 / Added", c.added), ("不再提及 / Dropped", c.dropped)):
            L += ["", f"**{title}**", ""]
            items = [(t, n) for t in CITED for n in part[t]]
            L += [f"- {md(n)} （{t}）" for t, n in items] or ["- —"]
        L.append("")
    L += ["## 合作机关与律师事务所 / Agencies and law firms by bureaus they work with", ""]
    L += _ranked_table(a.partners, top, with_reports=False)
    from .analyze_figures import panels_markdown

    L += [""] + panels_markdown(a.figures, md)
    return "\n".join(L) + "\n"


def _ranked_table(rows, top: int, with_reports: bool) -> list[str]:
    """Markdown rows: rank, name, type, number of bureaus (and reports), which bureaus."""
    reports = " 报告数 Reports |" if with_reports else ""
    out = [f"| # | 名称 Name | 类型 Type | 单位数 Bureaus |{reports} 单位 Which bureaus |",
           "|---|---|---|---|" + ("---|" if with_reports else "") + "---|"]
    for i, r in enumerate(rows[:top], 1):
        n = f" {r.reports} |" if with_reports else ""
        out.append(f"| {i} | {md(r.name)} | {r.type} | {len(r.bureaus)} |{n} {md('、'.join(r.bureaus))} |")
    if len(rows) > top:
        out.append(f"\n… 另有 {len(rows) - top} 项 / {len(rows) - top} more.")
    return out


# --------------------------------------------------------------------------- HTML + SVG

_COLORS = {"Law": "#2ca02c", "System": "#ff7f0e", "Agency": "#1f77b4", "LawFirm": "#9467bd"}


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _cut(s: str, n: int = 26) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def svg_bars(items: list[tuple[str, float, str]], title: str, unit: str = "") -> str:
    """Horizontal bar chart: (label, value, colour) rows; labels escaped, full label in <title>."""
    if not items:
        return ""
    lw, bw, rh = 300, 360, 22
    vmax = max(v for _, v, _ in items) or 1
    h = rh * len(items) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{lw + bw + 60}" height="{h}" '
           f'viewBox="0 0 {lw + bw + 60} {h}" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="12">',
           f"<title>{_e(title)}</title>"]
    for i, (label, v, color) in enumerate(items):
        y = 20 + i * rh
        w = max(1.0, bw * v / vmax)
        out.append(f'<g><title>{_e(label)}: {v:g}{_e(unit)}</title>'
                   f'<text x="{lw - 6}" y="{y + 14}" text-anchor="end">{_e(_cut(label))}</text>'
                   f'<rect x="{lw}" y="{y + 3}" width="{w:.1f}" height="{rh - 7}" fill="{color}"/>'
                   f'<text x="{lw + w + 4:.1f}" y="{y + 14}">{v:g}</text></g>')
    out.append("</svg>")
    return "".join(out)


def svg_heatmap(names: list[str], sim: dict[tuple[str, str], float]) -> str:
    """Bureau × bureau similarity matrix, darker = more alike."""
    if len(names) < 2:
        return ""
    c, lw = 26, 230
    n = len(names)
    size = lw + c * n + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
           f'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="11"><title>Jaccard</title>']
    for i, a in enumerate(names):
        out.append(f'<text x="{lw - 6}" y="{lw + i * c + 17}" text-anchor="end">{_e(_cut(a, 18))}</text>')
        out.append(f'<text transform="translate({lw + i * c + 17},{lw - 6}) rotate(-60)">{_e(_cut(a, 18))}</text>')
        for j, b in enumerate(names):
            v = 1.0 if a == b else sim.get((a, b), sim.get((b, a), 0.0))
            shade = int(245 - 200 * v)
            out.append(f'<rect x="{lw + j * c}" y="{lw + i * c}" width="{c - 1}" height="{c - 1}" '
                       f'fill="rgb({shade},{shade},255)"><title>{_e(a)} — {_e(b)}: {v:.3f}</title></rect>')
    out.append("</svg>")
    return "".join(out)


def to_html(a: Analysis, top: int = 30) -> str:
    import jinja2
    import markupsafe

    from .analyze_figures import panels_svg

    cited = [(r.name, len(r.bureaus), _COLORS.get(r.type, "#999")) for r in a.cited[:top]]
    partners = [(r.name, len(r.bureaus), _COLORS.get(r.type, "#999")) for r in a.partners[:top]]
    sim = {(x, y): j for x, y, j, _ in a.similarity}
    changes = []
    for c in a.changes:
        bars = []
        for t in CITED:
            bars += [(f"{t} 新增 added", len(c.added[t]), "#2ca02c"), (f"{t} 不再提及 dropped", len(c.dropped[t]), "#d62728"),
                     (f"{t} 保持 kept", len(c.kept[t]), "#999999")]
        changes.append({"c": c, "svg": markupsafe.Markup(svg_bars(bars, f"{c.bureau} {c.year_from}→{c.year_to}"))})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
                             autoescape=True)
    return env.get_template("analysis.html.j2").render(
        a=a, top=top, CITED=CITED, TYPE_LABEL=TYPE_LABEL,
        cited_svg=markupsafe.Markup(svg_bars(cited, "laws and systems by bureaus", " bureaus")),
        partners_svg=markupsafe.Markup(svg_bars(partners, "agencies and law firms by bureaus", " bureaus")),
        heat_svg=markupsafe.Markup(svg_heatmap(a.bureaus, sim)), changes=changes,
        figures_svg=markupsafe.Markup(panels_svg(a.figures)),
    )


def write_analysis(store, out_dir: str | Path, top: int = 30, **kw) -> tuple[Path, Path, Analysis]:
    """Write ``analysis.html`` and ``analysis.md`` atomically; return their paths and the analysis."""
    from .outputs import atomic_write_bytes

    a = analyze(store, **kw)
    out_dir = Path(out_dir)
    h, m = out_dir / "analysis.html", out_dir / "analysis.md"
    atomic_write_bytes(h, to_html(a, top).encode("utf-8"))
    atomic_write_bytes(m, to_markdown(a, top).encode("utf-8"))
    return h, m, a
