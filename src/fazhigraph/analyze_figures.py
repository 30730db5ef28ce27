"""The figures section of ``fazhigraph analyze``: small multiples per measure across bodies and years.

Each measure (one of the 13 of ``ontology/measures.ttl``) gets a panel: for every body and
report year, the largest figure the report gives in the measure's most common unit (a total
and its parts are all figures: the largest is the total), drawn as bars in an inline SVG.
:func:`figure_panels` makes the data, :func:`panels_markdown` and :func:`panels_svg` render it.
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .figuretable import FigureRow, figure_rows

#: Panel order: the order of the measures in the contract (其他 last).
MEASURE_ORDER = ("执法检查", "立案", "行政处罚", "罚没款", "移送司法", "合法性审核", "行政复议", "行政诉讼", "信访投诉",
                 "学法培训", "普法宣传", "政务公开与服务", "其他")

#: Units of physical quantities of the environment: not the body's work, not drawn.
ENV_UNITS = frozenset("亩 公顷 平方米 平方公里 公里 千米 立方米 吨 千克 公斤 微克/立方米 毫克/立方米 毫克/升".split())


@dataclass
class FigurePanel:
    measure: str
    unit: str  # the unit drawn (the measure's most common one)
    rows: list[tuple[str, int | None, float, int]] = field(default_factory=list)  # body, year, largest, figures
    figures: int = 0  # all figures of the measure (any unit)


def panels_from_rows(rows: list[FigureRow]) -> list[FigurePanel]:
    by_measure: dict[str, list[FigureRow]] = defaultdict(list)
    for r in rows:
        if r.unit not in ENV_UNITS:
            by_measure[r.measure].append(r)
    panels = []
    order = {m: i for i, m in enumerate(MEASURE_ORDER)}
    for measure in sorted(by_measure, key=lambda m: (order.get(m, len(order)), m)):
        rs = by_measure[measure]
        unit = Counter(r.unit for r in rs).most_common(1)[0][0]
        cells: dict[tuple[str, int | None], list[float]] = defaultdict(list)
        for r in rs:
            if r.unit == unit:
                cells[(r.body_name or r.body, r.year)].append(float(r.value))
        p = FigurePanel(measure, unit, figures=len(rs))
        p.rows = [(b, y, max(vs), len(vs)) for (b, y), vs in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))]
        panels.append(p)
    return panels


def figure_panels(store) -> list[FigurePanel]:
    """The panels of the graph in ``store``."""
    return panels_from_rows(figure_rows(store))


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")


def panel_svg(p: FigurePanel, width: int = 330) -> str:
    """One small multiple: a bar per body and year (bodies coloured, years labelled)."""
    lw, rh = 150, 18
    bw = width - lw - 50
    vmax = max((v for _, _, v, _ in p.rows), default=0) or 1
    h = 26 + rh * max(1, len(p.rows))
    colours = {}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{h}" viewBox="0 0 {width} {h}" '
           f'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="11">',
           f"<title>{_e(p.measure)} ({_e(p.unit)})</title>",
           f'<text x="0" y="13" font-weight="bold">{_e(p.measure)}</text>'
           f'<text x="{width - 2}" y="13" text-anchor="end" fill="#777">{_e(p.unit)}</text>']
    for i, (body, year, v, n) in enumerate(p.rows):
        c = colours.setdefault(body, _PALETTE[len(colours) % len(_PALETTE)])
        y = 22 + i * rh
        w = max(1.0, bw * v / vmax)
        label = f"{_cut(body, 9)} {year or ''}"
        out.append(f'<g><title>{_e(body)} {year or ""}: {v:g}{_e(p.unit)} ({n} figures)</title>'
                   f'<text x="{lw - 4}" y="{y + 12}" text-anchor="end">{_e(label)}</text>'
                   f'<rect x="{lw}" y="{y + 2}" width="{w:.1f}" height="{rh - 5}" fill="{c}"/>'
                   f'<text x="{lw + w + 3:.1f}" y="{y + 12}">{v:g}</text></g>')
    out.append("</svg>")
    return "".join(out)


def panels_svg(panels: list[FigurePanel]) -> str:
    """All panels as a grid of inline SVGs (HTML)."""
    if not panels:
        return '<p class="muted">图谱中没有数字指标 / no figures in the graph.</p>'
    cells = "".join(f'<figure class="sm">{panel_svg(p)}</figure>' for p in panels)
    return f'<div class="smallmultiples" style="display:flex;flex-wrap:wrap;gap:12px">{cells}</div>'


def panels_markdown(panels: list[FigurePanel], md) -> list[str]:
    """Markdown lines of the section (``md``: the cell escaper of :mod:`fazhigraph.analyze`)."""
    L = ["## 数字指标 / Figures", "",
         "每个指标取各报告该单位下最大的数字（总数）/ per measure, the largest figure of each report in the "
         "measure's most common unit (the total).", ""]
    if not panels:
        return L + ["图谱中没有数字指标 / no figures in the graph.", ""]
    for p in panels:
        L += [f"### {md(p.measure)}（{md(p.unit)}；{p.figures} 个数字 figures）", "",
              "| 单位 Body | 年度 Year | 数值 Value | 数字数 Figures |", "|---|---|---|---|"]
        L += [f"| {md(b)} | {y or ''} | {v:g} | {n} |" for b, y, v, n in p.rows]
        L.append("")
    return L
