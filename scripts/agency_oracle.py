#!/usr/bin/env python3
"""Score the Agency extractor alone: each report's context (bureau, region path) is taken from its
gold file instead of being detected, so the figures show the extractor's own errors, not those of
the reporting-body decision (a report whose bureau is not found loses all its relative organs).

Like ``scripts/holdout.py``, ``--fold K`` holds fold K out: only the other two folds' reports are
extracted and listed (the held-out reports are not read at all).

  .venv/bin/python scripts/agency_oracle.py --fold 1            # figures
  .venv/bin/python scripts/agency_oracle.py --fold 1 --details  # + missed / spurious per report
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def report(gold_file: Path, raw_dir: Path, score) -> tuple[int, int, int, list[str]]:
    """(tp, fp, fn, lines) of one report, matched as ``score.py`` matches."""
    from fazhigraph.extract import agencies
    from fazhigraph.model import ReportMeta
    from fazhigraph.nlp import make_doc
    from fazhigraph.normalize import normalize_text

    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = normalize_text((raw_dir / gold["doc"]).read_text(encoding="utf-8"))
    r = gold["report"]
    bureau = next((e for e in gold["entities"] if e["type"] == "Bureau"), {"aliases": []})
    meta = ReportMeta(bureau=r["bureau"], bureau_aliases=list(bureau["aliases"]), region=r.get("region", ""),
                      region_path=list(r.get("region_path", [])), year=r.get("year"))
    got = sorted({m.name for m in agencies.extract(make_doc(text, meta=meta))})
    gents = [e for e in gold["entities"] if e["type"] == "Agency"]
    forms: dict[str, int] = {}
    for i, e in enumerate(gents):
        for f in [e["name"], *(a for a in e.get("aliases", []) if not score.RELATIVE.search(a))]:
            forms.setdefault(score.norm(f), i)
    hit: set[int] = set()
    lines = []
    tp = fp = 0
    for name in got:
        i = forms.get(score.norm(name))
        if i is None or i in hit:
            fp += 1
            lines.append(f"  spurious {name}")
        else:
            hit.add(i)
            tp += 1
    fn = len(gents) - len(hit)
    lines += [f"  missed   {e['name']}" for i, e in enumerate(gents) if i not in hit]
    return tp, fp, fn, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="机关抽取单独评分（用金标准的报告主体）/ Agency extractor alone, "
                                             "with the gold report context")
    ap.add_argument("--fold", type=int, required=True, choices=(0, 1, 2), help="留出的折 / fold held out")
    ap.add_argument("--details", action="store_true", help="列出错误 / list missed and spurious entities")
    args = ap.parse_args(argv)
    holdout = _load(TOP / "scripts" / "holdout.py", "holdout")
    score = _load(holdout.SHARED / "tools" / "score.py", "score")
    total = [0, 0, 0]
    for name, (raw_dir, gold_dir) in holdout.SETS.items():
        looked, _held = holdout.fold_split(gold_dir, args.fold)
        counts = [0, 0, 0]
        for gf in looked:
            tp, fp, fn, lines = report(gf, raw_dir, score)
            for k, v in enumerate((tp, fp, fn)):
                counts[k] += v
                total[k] += v
            if args.details and lines:
                print(f"== {name}/{gf.name}\n" + "\n".join(lines))
        print(f"{name:8s} looked ({len(looked)}) Agency {_figures(*counts)}")
    print(f"ALL      looked       Agency {_figures(*total)}")
    return 0


def _figures(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"F1 {f:.3f} (P {p:.3f} R {r:.3f}) tp={tp} fp={fp} fn={fn}"


if __name__ == "__main__":
    sys.exit(main())
