"""The view's layout: hubs apart, shared entities between their hubs, own ones around them,
one node per cell, a free row under the top nodes for their labels, deterministic."""
from __future__ import annotations

import math
import random

from fazhigraph import viewlayout as L


def _graph():
    """Three bureaus A, B, C: each names 12 entities of its own; A and B share 5, all three 2."""
    edges = []
    for h in "ABC":
        edges += [(h, f"{h}{i}") for i in range(12)]
    edges += [(h, f"ab{i}") for i in range(5) for h in "AB"]
    edges += [(h, f"abc{i}") for i in range(2) for h in "ABC"]
    nodes = sorted({v for e in edges for v in e})
    weight = {v: 1 for v in nodes}
    weight.update({f"ab{i}": 2 for i in range(5)})
    weight.update({f"abc{i}": 3 for i in range(2)})
    weight.update({h: 2 for h in "ABC"})
    return nodes, edges, weight


def _pos():
    nodes, edges, weight = _graph()
    labels = {v: f"实体{v}的名称" for v in nodes}
    return L.layout(nodes, edges, hubs=["A", "B", "C"], weight=weight, labels=labels), labels, weight


def test_shared_entities_sit_between_their_bureaus_and_own_ones_around_them():
    pos, _, _ = _pos()
    a, b, c = pos["A"], pos["B"], pos["C"]
    mid_ab = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    centre = ((a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3)
    for i in range(5):  # between A and B, away from C
        p = pos[f"ab{i}"]
        assert math.dist(p, mid_ab) < math.dist(p, c)
        assert math.dist(p, mid_ab) < math.dist(c, mid_ab)
    for i in range(2):  # named by all three: nearer the middle than to any of them
        p = pos[f"abc{i}"]
        assert math.dist(p, centre) < min(math.dist(p, h) for h in (a, b, c))
    for h in "ABC":
        for i in range(12):
            p = pos[f"{h}{i}"]
            others = [pos[o] for o in "ABC" if o != h]
            assert all(math.dist(p, pos[h]) < math.dist(p, o) for o in others), (h, i)
    # the hubs are far apart: further than the spread of one hub's own entities
    spread = max(math.dist(pos["A"], pos[f"A{i}"]) for i in range(12))
    assert min(math.dist(a, b), math.dist(b, c), math.dist(a, c)) > 1.5 * spread


def test_one_node_per_cell_and_deterministic_whatever_the_order():
    nodes, edges, weight = _graph()
    labels = {v: f"实体{v}的名称" for v in nodes}
    p1 = L.layout(nodes, edges, hubs=["A", "B", "C"], weight=weight, labels=labels)
    rnd = random.Random(5)
    shuffled_n, shuffled_e = nodes[:], edges[:]
    rnd.shuffle(shuffled_n)
    rnd.shuffle(shuffled_e)
    p2 = L.layout(shuffled_n, [(d, s) if i % 2 else (s, d) for i, (s, d) in enumerate(shuffled_e)],
                  hubs=["C", "A", "B"], weight=weight, labels=labels)
    assert p1 == p2 and set(p1) == set(nodes)
    cw, ch = L.cell_size(len(nodes))
    cells = {(round(x / cw), round(y / ch)) for x, y in p1.values()}
    assert len(cells) == len(nodes)


def test_row_under_a_top_node_is_free_for_its_label():
    pos, labels, weight = _pos()
    cw, ch = L.cell_size(len(pos))
    scale = L.fit_scale(pos.values())
    top = sorted(pos, key=lambda v: (v not in "ABC", -weight[v], v))[: L.top_count(len(pos), 3)]
    for v in top:
        x, y = pos[v]
        half = L.label_width(labels[v], L.HUB_LABEL_PX if v in "ABC" else L.LABEL_PX) / 2 / scale
        for u, (ux, uy) in pos.items():
            if u != v and abs(uy - (y + ch)) < 1e-6:  # the row right under v
                assert abs(ux - x) > half, (v, u)


def test_fit_scale_matches_the_page_fit():
    # vis-network fits 1.1 times the extent (with the symbols) into the canvas
    s = L.fit_scale([(0, 0), (1000, 100)], canvas=(1100, 700), margin=0)
    assert math.isclose(s, 1.0)
    assert L.fit_scale([(0, 0), (1, 1)]) == L.MAX_ZOOM  # never zoomed in further than the page does


def test_graph_without_bureaus_and_loose_nodes():
    edges = [("law", f"x{i}") for i in range(6)] + [("p", "q")]
    nodes = sorted({v for e in edges for v in e} | {"alone1", "alone2"})
    pos = L.layout(nodes, edges)
    assert set(pos) == set(nodes)
    assert all(math.isfinite(c) for p in pos.values() for c in p)
    # the loose nodes go under the picture
    linked_y = max(pos[v][1] for v in nodes if not v.startswith("alone"))
    assert pos["alone1"][1] > linked_y and pos["alone2"][1] > linked_y


def test_label_width_counts_cjk_as_one_em_and_cuts_long_labels():
    assert L.label_width("行政处罚法", 10) == 5 * 10 + 8
    assert L.label_width("abc", 10) == 3 * 6 + 8
    long = "中" * 30
    assert L.label_width(long, 10) == L.label_width("中" * (L.LABEL_CHARS - 1) + "…", 10)


def test_cell_size_follows_the_node_count():
    small, big = L.cell_size(40), L.cell_size(2000)
    assert small[0] > big[0] and small[0] == 2 * small[1]
    assert big[0] * big[1] >= L.CELL_AREA[0] - 1


def test_many_hubs_are_laid_out():
    """From 500 hubs on, networkx's spring layout takes its sparse route (scipy): a 1,000-report
    build with several hundred bureaus made the page fail without it."""
    hubs = [f"b{i}" for i in range(520)]
    nodes = hubs + [f"e{i}" for i in range(700)]
    edges = [(f"b{i % 520}", f"e{i}") for i in range(700)] + [(f"b{(i + 1) % 520}", f"e{i}") for i in range(0, 700, 3)]
    pos = L.layout(nodes, edges, hubs=hubs)
    assert set(pos) == set(nodes)
    assert len({pos[h] for h in hubs}) == len(hubs)
