#!/usr/bin/env python3
"""SHA-256 of the build's outputs (graph.ttl, graph.nq, graph.html) on corpus/ and on a
300-report bench corpus, held against tests/fixtures/output_digests.json by
tests/test_output_digests.py: a change that moves code around must not change one byte.

    python scripts/output_digests.py            # build both, print the digests and whether they match
    python scripts/output_digests.py --write    # record them (after a change MEANT to change the outputs)

A change that is meant to change the outputs (an extractor, a gazetteer, the graph model, the
page) records the new digests in the same commit, so the diff shows that the outputs moved.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "tests" / "fixtures" / "output_digests.json"
FILES = ("graph.ttl", "graph.nq", "graph.html")
BENCH_REPORTS, BENCH_SEED = 300, 7


def _bench_corpus(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.generate(folder, BENCH_REPORTS, BENCH_SEED)
    return folder


def digests(work: Path, jobs: int = 2) -> dict[str, dict[str, str]]:
    """{corpus name: {file: sha256}} of fresh builds (in ``work``) of corpus/ and the bench corpus."""
    from fazhigraph.build import build

    got = {}
    for name, corpus in (("corpus", ROOT / "corpus"), (f"bench{BENCH_REPORTS}", None)):
        corpus = corpus or _bench_corpus(work / f"{name}-reports")
        out = work / f"{name}-out"
        s = build(corpus, out, jobs=jobs)
        if not s.ok:
            raise SystemExit(f"{name}: build failed: {s.errors[:3]}")
        got[name] = {f: hashlib.sha256((out / f).read_bytes()).hexdigest() for f in FILES}
    return got


def recorded() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.is_file() else {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="构建输出的摘要 / digests of the build's outputs")
    ap.add_argument("--write", action="store_true", help="记录摘要 / record the digests in " + str(DIGESTS.relative_to(ROOT)))
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fazhi-digests-") as tmp:
        got = digests(Path(tmp))
    print(json.dumps(got, indent=2, sort_keys=True))
    if a.write:
        DIGESTS.parent.mkdir(parents=True, exist_ok=True)
        DIGESTS.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"written to {DIGESTS.relative_to(ROOT)}", file=sys.stderr)
        return 0
    same = got == recorded()
    print("same as recorded / 与记录一致" if same else "DIFFERENT from recorded / 与记录不同", file=sys.stderr)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
