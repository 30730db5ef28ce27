"""Positions of the HTML view's nodes, computed once in Python (deterministic, no physics).

The picture is organised around *hubs* (the reporting bureaus when the caller names them):

* the hubs are spread apart: on a circle when there are few of them (ordered so that hubs
  sharing many entities are neighbours), else by networkx's spring layout of the hub graph
  (weighted by what two hubs share);
* an entity several hubs name sits at the centre of those hubs, so what bureaus share lies
  between them; an entity only one hub names sits around that hub;
* every node takes one cell of a grid of wide cells (labels are wide), the free cell nearest
  to its anchor, so no two nodes overlap and there is room for the labels. The best-known
  nodes (:data:`TOP`) keep the row under them clear for their label, and their labels'
  width clear of each other.

The page (``templates/view_layout.js.j2``) lays out a filtered part the same way in the browser.
"""
from __future__ import annotations

import itertools
import math
from typing import Iterable

#: The view canvas of a 1366×768 window (the window less the side bar and the header), in px:
#: the cell size is chosen so that a graph of a few hundred nodes fills about this at scale 1.
REF_CANVAS = (1070.0, 730.0)
#: Smallest and largest cell area (units²); a cell is twice as wide as it is high.
CELL_AREA = (1568.0, 4608.0)
#: Nodes (hubs first, then by weight) whose labels the layout keeps apart (see :func:`top_count`).
TOP = 30
#: Label font size (px) the page draws the top labels with, and the scale (px per unit) the
#: layout first assumes when it keeps them apart (it lowers it to the page's fitted scale).
LABEL_PX = 13.0
HUB_LABEL_PX = 15.0
ASSUMED_SCALE = 0.85
#: Longest label the page draws in full (longer ones are cut with "…").
LABEL_CHARS = 12
#: The page never zooms in further than this when it fits the view.
MAX_ZOOM = 1.25


def top_count(n: int, hubs: int) -> int:
    """How many nodes get a label row: :data:`TOP`, but at most a quarter of the nodes (else
    the free rows would spread a small graph thin), and always the hubs."""
    return min(n, max(hubs, min(TOP, n // 4)))


def cell_size(n: int, canvas: tuple[float, float] = REF_CANVAS) -> tuple[float, float]:
    """(width, height) of a cell for ``n`` nodes on ``canvas`` (the page uses the same rule)."""
    area = 0.42 * canvas[0] * canvas[1] / max(n, 1)
    area = min(CELL_AREA[1], max(CELL_AREA[0], area))
    w = math.sqrt(2 * area)
    return round(w, 1), round(w / 2, 1)


def label_width(label: str, px: float = LABEL_PX) -> float:
    """Width in px of a label as the page draws it (CJK one em, other characters about half)."""
    s = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    return sum(px if ord(c) > 0x2E80 else 0.6 * px for c in s) + 8


def layout(nodes: list[str], edges: Iterable[tuple[str, str]], hubs: Iterable[str] | None = None,
           weight: dict[str, float] | None = None, labels: dict[str, str] | None = None,
           seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in screen units of ``nodes``.

    ``hubs``: the nodes to organise the picture around (default: every node with a leaf
    neighbour; each connected part without one gets its best-connected node);
    ``weight``: how important a node is (reports naming it; default: its degree), the
    heaviest sit nearest their anchor; ``labels``: node -> label, to keep the top labels apart.
    """
    order = sorted(set(nodes), key=str)
    adj: dict[str, set[str]] = {v: set() for v in order}
    for s, d in edges:
        if s != d and s in adj and d in adj:
            adj[s].add(d)
            adj[d].add(s)
    deg = {v: len(adj[v]) for v in order}
    w = {v: (weight or {}).get(v, deg[v]) for v in order}
    hub_list = _choose_hubs(order, adj, hubs)
    hub_set = set(hub_list)
    of_hubs = {v: sorted((u for u in adj[v] if u in hub_set), key=str) for v in order if v not in hub_set}
    cw, ch = cell_size(len(order))
    top = sorted(order, key=lambda v: (v not in hub_set, -w[v], -deg[v], str(v)))[:top_count(len(order), len(hub_list))]
    lab = labels or {}
    widths = {v: label_width(lab.get(v, str(v)), HUB_LABEL_PX if v in hub_set else LABEL_PX) for v in top}
    hpos = _hub_positions(hub_list, of_hubs, cw, ch, seed)
    linked = sorted((v for v, hs in of_hubs.items() if hs), key=lambda v: (-len(of_hubs[v]), -w[v], str(v)))
    assumed = ASSUMED_SCALE
    for _ in range(4):  # until the page's fitted scale is at least the one the labels assumed
        grid = _Grid(cw, ch, assumed)
        _place(grid, order, adj, w, hub_list, hpos, of_hubs, linked, widths)
        fitted = fit_scale(grid.pos.values())
        if fitted >= assumed * 0.98 or len(order) > 600:
            break
        assumed = fitted * 0.97
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in grid.pos.items()}


def fit_scale(points, canvas: tuple[float, float] = REF_CANVAS, margin: float = 40.0) -> float:
    """The scale (px per unit) of the page fitted to ``points`` on ``canvas``: vis-network's
    ``fit`` leaves a tenth of the extent (with the symbols, ``margin``) free."""
    pts = list(points)
    if not pts:
        return 1.0
    w = max(p[0] for p in pts) - min(p[0] for p in pts) + margin
    h = max(p[1] for p in pts) - min(p[1] for p in pts) + margin
    return min(canvas[0] / (1.1 * w), canvas[1] / (1.1 * h), MAX_ZOOM)


def _place(grid: "_Grid", order, adj, w, hub_list, hpos, of_hubs, linked, widths) -> None:
    def put(v, ax, ay):
        grid.place(v, ax, ay, widths.get(v))

    for h in hub_list:
        put(h, *hpos[h])
    for v in linked:
        hs = of_hubs[v]
        put(v, sum(hpos[h][0] for h in hs) / len(hs), sum(hpos[h][1] for h in hs) / len(hs))
    rest = [v for v in order if v not in grid.pos]
    for v in _bfs_from(rest, adj, grid.pos):  # linked to the picture through non-hubs only
        near = [grid.pos[u] for u in sorted(adj[v], key=str) if u in grid.pos]
        put(v, sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
    loose = sorted((v for v in order if v not in grid.pos), key=lambda v: (-w[v], str(v)))
    if loose:  # nodes linked to nothing: a block under the picture
        ys = [p[1] for p in grid.pos.values()] or [0.0]
        xs = [p[0] for p in grid.pos.values()] or [0.0]
        ay = max(ys) + 2 * grid.ch + grid.ch * math.sqrt(len(loose)) / 2
        for v in loose:
            put(v, (min(xs) + max(xs)) / 2, ay)


def _choose_hubs(order: list[str], adj: dict[str, set[str]], hubs: Iterable[str] | None) -> list[str]:
    if hubs is not None:
        chosen = {h for h in hubs if h in adj}
    else:
        chosen = {v for v in order if any(len(adj[u]) == 1 for u in adj[v]) and len(adj[v]) > 1}
    # every connected part with edges and without a hub gets its best-connected node
    seen: set[str] = set()
    for v in order:
        if v in seen or not adj[v]:
            continue
        part, stack = [v], [v]
        seen.add(v)
        while stack:
            for u in adj[stack.pop()]:
                if u not in seen:
                    seen.add(u)
                    part.append(u)
                    stack.append(u)
        if chosen.isdisjoint(part):
            chosen.add(min(part, key=lambda u: (-len(adj[u]), str(u))))
    return sorted(chosen, key=str)


def _bfs_from(rest: list[str], adj: dict[str, set[str]], placed: dict) -> list[str]:
    """``rest`` in the order they can be placed next to an already placed neighbour."""
    todo = set(rest)
    frontier = sorted((v for v in rest if any(u in placed for u in adj[v])), key=str)
    out: list[str] = []
    seen = set(frontier)
    while frontier:
        out.extend(frontier)
        nxt = {u for v in frontier for u in adj[v] if u in todo and u not in seen}
        seen |= nxt
        frontier = sorted(nxt, key=str)
    return out


def _hub_positions(hubs: list[str], of_hubs: dict[str, list[str]], cw: float, ch: float,
                   seed: int, aspect: float = REF_CANVAS[0] / REF_CANVAS[1]) -> dict[str, tuple[float, float]]:
    """Hubs far enough apart for the entities around and between them."""
    if not hubs:
        return {}
    own = {h: 0 for h in hubs}
    pair: dict[tuple[str, str], int] = {}
    for v, hs in of_hubs.items():
        if len(hs) == 1:
            own[hs[0]] += 1
        for a, b in itertools.combinations(hs[:24], 2):
            pair[(a, b)] = pair.get((a, b), 0) + 1
    # in units where a cell is square (side c); x is then stretched and y squeezed to the
    # canvas's shape
    c = math.sqrt(cw * ch)
    r_own = math.sqrt(max(own.values()) / math.pi) * c
    r_pair = math.sqrt(max(pair.values(), default=0) / math.pi) * c
    gap = 2 * r_own + 2 * r_pair + 4 * c  # and room for the labels round the shared ones
    sx = math.sqrt(aspect)
    sy = 1 / sx
    if len(hubs) == 1:
        return {hubs[0]: (0.0, 0.0)}
    if len(hubs) <= 8:
        ring = _ring_order(hubs, pair)
        k = len(ring)
        radius = gap / (2 * math.sin(math.pi / k)) if k > 2 else gap / 2
        start = math.pi / 2 + math.pi / k  # a flat side at the top: wide rather than tall
        return {h: (sx * radius * math.cos(start + 2 * math.pi * i / k),
                    sy * radius * math.sin(start + 2 * math.pi * i / k)) for i, h in enumerate(ring)}
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(hubs)
    g.add_weighted_edges_from((a, b, c) for (a, b), c in sorted(pair.items()))
    raw = nx.spring_layout(g, seed=seed, iterations=60)
    pts = {h: (float(raw[h][0]), float(raw[h][1])) for h in hubs}
    near = sorted(min(math.dist(pts[a], pts[b]) for b in hubs if b != a) for a in hubs)
    scale = gap / max(near[len(near) // 2], 1e-6)
    return {h: (sx * x * scale, sy * y * scale) for h, (x, y) in pts.items()}


def _ring_order(hubs: list[str], pair: dict[tuple[str, str], int]) -> list[str]:
    """The order of a few hubs round a circle that puts the most sharing ones side by side."""
    first, rest = hubs[0], hubs[1:]

    def share(a, b):
        return pair.get((a, b) if str(a) < str(b) else (b, a), 0)

    best, best_score = [first, *rest], -1
    for perm in itertools.permutations(rest):
        ring = [first, *perm]
        score = sum(share(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring)))
        if score > best_score:
            best, best_score = ring, score
    return best


class _Grid:
    """Wide cells, one node each; a node takes the free cell nearest to its anchor."""

    def __init__(self, cw: float, ch: float, scale: float = ASSUMED_SCALE) -> None:
        self.cw, self.ch, self.scale = cw, ch, scale
        self.cells: set[tuple[int, int]] = set()
        self.label_cells: set[tuple[int, int]] = set()  # kept clear for the top labels
        self.hint: dict[tuple[int, int], int] = {}
        self.pos: dict[str, tuple[float, float]] = {}

    def place(self, v: str, ax: float, ay: float, label: float | None = None) -> None:
        """``label``: the width (px) of the node's label, for a top node."""
        cx, cy = round(ax / self.cw), round(ay / self.ch)
        k = 0 if label is not None else self.hint.get((cx, cy), 0)
        block = None
        while True:
            best = None
            for ring in (k, k + 1):  # the nearest free cell may be one ring further out
                for ix, iy in _ring(cx, cy, ring):
                    if (ix, iy) in self.cells:
                        continue
                    if label is not None:
                        row = self._label_row(ix, iy, label)
                        if not self.cells.isdisjoint(row):
                            continue
                        blk = self._label_block(ix, iy, label)
                        if not self.label_cells.isdisjoint(blk):
                            continue
                    d = (ix * self.cw - ax) ** 2 + (iy * self.ch - ay) ** 2
                    if best is None or (d, ix, iy) < best[:3]:
                        best = (d, ix, iy, blk if label is not None else None)
            if best is not None:
                break
            if label is None:
                self.hint[(cx, cy)] = k + 1
            k += 1
        _, ix, iy, block = best
        self.cells.add((ix, iy))
        if block:
            self.label_cells.update(block)
            self.cells.update(self._label_row(ix, iy, label))
        self.pos[v] = (ix * self.cw, iy * self.ch)

    def _label_row(self, ix: int, iy: int, width: float) -> set[tuple[int, int]]:
        """The cells under the node its label covers at the assumed scale: kept free of nodes."""
        half = width / 2 / self.scale
        a = max(0, math.ceil((half - self.cw / 2) / self.cw))
        return {(ix + dx, iy + 1) for dx in range(-a, a + 1)}

    def _label_block(self, ix: int, iy: int, width: float) -> set[tuple[int, int]]:
        """The cells a label drawn under, over or beside the node may cover at the assumed scale."""
        half = width / 2 / self.scale
        a = max(1, math.ceil((half + self.cw / 2) / self.cw) - 1)
        return {(ix + dx, iy + dy) for dx in range(-a, a + 1) for dy in (-1, 0, 1)}


def _ring(cx: int, cy: int, k: int):
    """Cells at Chebyshev distance ``k`` from (cx, cy), in a fixed order."""
    if k == 0:
        yield cx, cy
        return
    for ix in range(cx - k, cx + k + 1):
        yield ix, cy - k
        yield ix, cy + k
    for iy in range(cy - k + 1, cy + k):
        yield cx - k, iy
        yield cx + k, iy
