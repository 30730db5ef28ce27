#!/usr/bin/env python3
"""Score an extraction change with a third of the dev reports held out.

The 55 dev reports (seeds, devset, devset3 under ../shared) are split into three folds: within
each set, the i-th report in file-name order is in fold i % 3. ``--fold K`` holds fold K out:
the figures of the other two folds ("looked at") are the ones you may study report by report
(``--details`` lists their missed and spurious entities); the held-out fold is only ever seen
as totals. Work a change on the looked-at reports, then report both figures; use a different
fold for the next change.

  .venv/bin/python scripts/holdout.py --fold 1            # both figures, per type
  .venv/bin/python scripts/holdout.py --fold 1 --details  # + looked-at reports' errors
  .venv/bin/python scripts/holdout.py --fold 1 --sets devset3
  .venv/bin/python scripts/holdout.py --fold 1 --snapshot /tmp/before.json   # before a change
  .venv/bin/python scripts/holdout.py --fold 1 --compare /tmp/before.json    # after: reports changed

Builds each set once (``fazhigraph build``) into a temporary folder and scores it with the
reference scorer ``../shared/tools/score.py --json`` on gold folders of the fold's files.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
SHARED = TOP.parent / "shared"
SETS = {  # name -> (raw folder, gold folder)
    "seeds": (TOP / "corpus", SHARED / "gold"),
    "devset": (SHARED / "devset" / "raw", SHARED / "devset" / "gold"),
    "devset3": (SHARED / "devset3" / "raw", SHARED / "devset3" / "gold"),
}
CORE = ["Bureau", "Agency", "LawFirm", "Law", "System"]
TYPES = CORE + ["Unit", "Enterprise", "Platform", "Publication", "Event"]


def fold_split(gold_dir: Path, fold: int) -> tuple[list[Path], list[Path]]:
    files = sorted(gold_dir.glob("*.json"))
    held = [f for i, f in enumerate(files) if i % 3 == fold]
    looked = [f for i, f in enumerate(files) if i % 3 != fold]
    return looked, held


def build(raw: Path, out: Path) -> Path:
    cmd = [sys.executable, "-m", "fazhigraph", "build", str(raw), "-o", str(out), "-q", "--no-html"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if line.startswith("[E"):
            print("  build:", line, file=sys.stderr)
    return out / "graph.ttl"


def score(graph: Path, gold_files: list[Path], tmp: Path, tag: str) -> dict:
    gdir = tmp / f"gold-{tag}"
    gdir.mkdir()
    for f in gold_files:
        shutil.copy(f, gdir / f.name)
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), str(graph), str(gdir), "--json"]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def add(total: dict, part: dict) -> None:
    for t, s in part["types"].items():
        agg = total.setdefault(t, dict(tp=0, fp=0, fn=0))
        for k in ("tp", "fp", "fn"):
            agg[k] += s[k]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def line(label: str, agg: dict) -> str:
    cells = []
    for t in CORE:
        s = agg.get(t, dict(tp=0, fp=0, fn=0))
        p, r, f = prf(s["tp"], s["fp"], s["fn"])
        cells.append(f"{t} {f:.3f}" + (f" (R {r:.3f})" if t == "Bureau" else ""))
    tp, fp, fn = (sum(agg.get(t, {}).get(k, 0) for t in CORE) for k in ("tp", "fp", "fn"))
    p, r, f = prf(tp, fp, fn)
    return f"{label:22s} core F1 {f:.3f} (P {p:.3f} R {r:.3f}) | " + " | ".join(cells)


REPORT_ENTITIES = """
SELECT ?file ?cls ?label WHERE {
  ?r ?sf ?file . FILTER(REGEX(STR(?sf), "[#/:]sourceFile$"))
  ?r ?m ?e .     FILTER(REGEX(STR(?m), "[#/:]mentions$"))
  ?e a ?cls . ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label
}"""


def report_entities(graph: Path, set_name: str) -> dict[str, list[str]]:
    """{"set/file": sorted "Type|label"} of every report in a built graph (core and extra types)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.TURTLE)
    out: dict[str, set[str]] = {}
    for file, cls, label in store.query(REPORT_ENTITIES):
        t = cls.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if t in TYPES:
            out.setdefault(f"{set_name}/{Path(file.value).name}", set()).add(f"{t}|{label.value}")
    return {k: sorted(v) for k, v in out.items()}


def compare(before: dict, after: dict, fold: int) -> None:
    """Print how many reports' entity sets changed, looked-at and held-out apart."""
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    by_set: dict[str, list[str]] = {}
    for name, (_, gold) in SETS.items():
        files = sorted(f.stem for f in gold.glob("*.json"))
        by_set[name] = files
    held = {f"{n}/{stem}" for n, files in by_set.items() for i, stem in enumerate(files) if i % 3 == fold}
    n_held = sum(1 for k in changed if k.rsplit(".", 1)[0] in held)
    print(f"reports whose entities changed: {len(changed)} ({len(changed) - n_held} looked-at, {n_held} held-out)")
    for k in changed:
        if k.rsplit(".", 1)[0] not in held:
            b, a = set(before.get(k, [])), set(after.get(k, []))
            print(f"  {k}: -{sorted(b - a)} +{sorted(a - b)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fold", type=int, required=True, choices=(0, 1, 2), help="the fold held out")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: seeds,devset,devset3")
    ap.add_argument("--details", action="store_true", help="missed/spurious of the looked-at reports")
    ap.add_argument("--keep", type=Path, help="keep the builds in this folder")
    ap.add_argument("--snapshot", type=Path, help="write every report's (type, label) set to this JSON file")
    ap.add_argument("--compare", type=Path, help="count the reports whose entities differ from a snapshot")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="holdout-"))
    entities: dict = {}
    looked_all: dict = {}
    held_all: dict = {}
    try:
        for name in a.sets.split(","):
            raw, gold = SETS[name]
            out = (a.keep or tmp) / name
            graph = build(raw, out)
            if not graph.exists():
                print(f"{name}: no graph built", file=sys.stderr)
                return 1
            entities.update(report_entities(graph, name))
            looked, held = fold_split(gold, a.fold)
            ls, hs = score(graph, looked, tmp, name + "-l"), score(graph, held, tmp, name + "-h")
            add(looked_all, ls)
            add(held_all, hs)
            print(line(f"{name} looked ({len(looked)})", {t: s for t, s in ls["types"].items()}))
            print(line(f"{name} held-out ({len(held)})", {t: s for t, s in hs["types"].items()}))
            for part, s in (("looked", ls), ("held", hs)):
                miss = s["summary"].get("missing_docs") or []
                if miss:
                    print(f"  {part}: reports missing from graph: {len(miss)}")
            if a.details and looked:
                gdir = tmp / f"gold-{name}-l"
                cmd = [sys.executable, "-m", "fazhigraph", "eval", str(gdir), "-g", str(graph),
                       "--types", ",".join(TYPES)]
                print(subprocess.run(cmd, capture_output=True, text=True).stdout)
        print(line("ALL looked", looked_all))
        print(line("ALL held-out", held_all))
        if a.snapshot:
            a.snapshot.write_text(json.dumps(entities, ensure_ascii=False, indent=0, sort_keys=True))
        if a.compare:
            compare(json.loads(a.compare.read_text()), entities, a.fold)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
