"""Scoring a built graph against gold annotations (the GUIDELINES.md JSON format).

Computes what the reference scorer computes (per-type precision, recall and F1 micro over
reports, canonical-name accuracy, entities split across nodes), read through SPARQL from
the graph, plus the missed and spurious entities of each report.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .link import RELATIVE, name_key
from .model import CORE_TYPES, ENTITY_TYPES

QUERY = """
SELECT ?file ?e ?cls ?label WHERE {
  ?r ?sf ?file . FILTER(REGEX(STR(?sf), "[#/:]sourceFile$"))
  ?r ?m ?e .     FILTER(REGEX(STR(?m), "[#/:]mentions$"))
  ?e a ?cls .
  OPTIONAL { ?e rdfs:label ?label }
}"""


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    canon: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    types: dict[str, TypeScore]
    missed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # doc -> [(type, name)]
    spurious: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    split: list[tuple[str, str]] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)

    def core(self) -> TypeScore:
        s = TypeScore()
        for t in CORE_TYPES:
            ts = self.types.get(t)
            if ts:
                s.tp += ts.tp
                s.fp += ts.fp
                s.fn += ts.fn
        return s

    def to_dict(self) -> dict:
        c = self.core()
        return {
            "types": {
                t: {"p": round(s.p, 3), "r": round(s.r, 3), "f1": round(s.f1, 3),
                    "canon": round(s.canon / s.tp, 3) if s.tp else 0.0, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                for t, s in self.types.items()
            },
            "core": {"p": round(c.p, 3), "r": round(c.r, 3), "f1": round(c.f1, 3)},
            "split": [list(x) for x in self.split],
            "missing_docs": self.missing_docs,
            "missed": self.missed,
            "spurious": self.spurious,
        }


def predictions(graph_path: str | Path, types=ENTITY_TYPES) -> dict:
    from .store import load_store, run_query

    store = load_store(graph_path)
    _, rows = run_query(store, QUERY)
    pred: dict = defaultdict(lambda: defaultdict(dict))
    for file, e, cls, label in rows:
        t = cls.replace("#", "/").rsplit("/", 1)[-1]
        if t not in types:
            continue
        pred[Path(file).name][t].setdefault(e, set())
        if label:
            pred[Path(file).name][t][e].add(label)
    return pred


def evaluate(graph_path: str | Path, gold_dir: str | Path, types=ENTITY_TYPES) -> Evaluation:
    pred = predictions(graph_path, types)
    stats = {t: TypeScore() for t in types}
    ev = Evaluation(types=stats)
    ident: dict = defaultdict(set)
    for gf in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        doc = gold["doc"]
        if doc not in pred:
            ev.missing_docs.append(doc)
        for t in types:
            gents = [e for e in gold["entities"] if e["type"] == t]
            forms: dict[str, int] = {}
            for i, e in enumerate(gents):
                for f in [e["name"], *(a for a in e.get("aliases", []) if not RELATIVE.search(a))]:
                    forms.setdefault(name_key(f), i)
            hit: set[int] = set()
            for iri, labels in sorted(pred.get(doc, {}).get(t, {}).items()):
                idx = next((forms[name_key(lb)] for lb in sorted(labels) if name_key(lb) in forms), None)
                if idx is None or idx in hit:
                    stats[t].fp += 1
                    ev.spurious.setdefault(doc, []).append((t, sorted(labels)[0] if labels else iri))
                    continue
                hit.add(idx)
                stats[t].tp += 1
                if any(name_key(lb) == name_key(gents[idx]["name"]) for lb in labels):
                    stats[t].canon += 1
                ident[(t, name_key(gents[idx]["name"]))].add(iri)
            stats[t].fn += len(gents) - len(hit)
            for i, e in enumerate(gents):
                if i not in hit:
                    ev.missed.setdefault(doc, []).append((t, e["name"]))
    ev.split = sorted(k for k, v in ident.items() if len(v) > 1)
    return ev


def format_report(ev: Evaluation, details: bool = True) -> str:
    lines = []
    for t, s in ev.types.items():
        canon = s.canon / s.tp if s.tp else 0.0
        lines.append(f"{t:12s} P={s.p:.3f} R={s.r:.3f} F1={s.f1:.3f} canon={canon:.3f}  tp={s.tp} fp={s.fp} fn={s.fn}")
    c = ev.core()
    lines.append(f"core P={c.p:.3f} R={c.r:.3f} F1={c.f1:.3f} split={len(ev.split)}")
    if ev.split:
        lines.append("split across nodes: " + ", ".join(f"{t}:{n}" for t, n in ev.split[:10]))
    if ev.missing_docs:
        lines.append("reports missing from graph: " + ", ".join(ev.missing_docs))
    if details:
        for doc in sorted(set(ev.missed) | set(ev.spurious)):
            lines.append(f"\n== {doc}")
            for t, n in ev.missed.get(doc, []):
                lines.append(f"  missed   {t:11s} {n}")
            for t, n in ev.spurious.get(doc, []):
                lines.append(f"  spurious {t:11s} {n}")
    return "\n".join(lines)
