"""The outputs, byte for byte, on corpus/ and a 300-report bench corpus, as recorded in
tests/fixtures/output_digests.json: a change that only moves code around changes no byte.
A change meant to change the outputs records the new digests with
``python scripts/output_digests.py --write`` in the same commit."""
from __future__ import annotations

import importlib.util

from conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("output_digests", ROOT / "scripts" / "output_digests.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_outputs_are_byte_identical_to_the_recorded_digests(tmp_path):
    mod = _script()
    want = mod.recorded()
    assert set(want) == {"corpus", f"bench{mod.BENCH_REPORTS}"}
    got = mod.digests(tmp_path)
    changed = [f"{c}/{f}" for c in want for f in mod.FILES if got[c][f] != want[c][f]]
    assert not changed, (f"outputs changed: {changed}; if that is meant, run "
                         "`python scripts/output_digests.py --write` and commit the digests with the change")
