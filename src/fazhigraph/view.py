"""Interactive HTML view of the graph (pyvis, self-contained, works offline)."""
from __future__ import annotations

import html as _html
import re

from .link import Linker
from .model import ReportResult

COLORS = {
    "Bureau": "#d62728", "Agency": "#1f77b4", "LawFirm": "#9467bd", "Law": "#2ca02c", "System": "#ff7f0e",
    "Unit": "#8c564b", "Enterprise": "#e377c2", "Platform": "#17becf", "Publication": "#bcbd22", "Event": "#7f7f7f",
}


def render_html(reports: list[ReportResult], linker: Linker) -> str:
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    seen = set()
    for rep in reports:
        if not rep.meta.bureau:
            continue
        b = linker.lookup("Bureau", rep.meta.bureau)
        if b.iri not in seen:
            net.add_node(b.iri, label=b.name, color=COLORS["Bureau"], title=_html.escape(b.name), group="Bureau")
            seen.add(b.iri)
        for m in rep.mentions:
            e = linker.lookup(m.type, m.name)
            if e.iri not in seen:
                net.add_node(e.iri, label=e.name, color=COLORS.get(e.type, "#999"), title=_html.escape(f"{e.type}: {e.name}"), group=e.type)
                seen.add(e.iri)
            if e.iri != b.iri:
                net.add_edge(b.iri, e.iri)
    net.toggle_physics(True)
    page = net.generate_html()
    page = re.sub(r'<link[^>]*bootstrap[^>]*>', "", page)
    page = re.sub(r'<script[^>]*bootstrap[^>]*></script>', "", page)
    page = page.replace("<head>", '<head>\n<meta charset="utf-8">', 1)
    return page
