"""Atomic outputs: a build killed (SIGKILL) at any moment leaves the previous outputs intact and
readable; the next complete build replaces them."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
import rdflib

from conftest import CORPUS, ROOT

OUTPUTS = ("graph.ttl", "graph.nq", "graph.html")


def start_build(corpus, out):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(
        [sys.executable, "-m", "fazhigraph", "build", str(corpus), "-o", str(out), "-q", "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )


def kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes
    except ProcessLookupError:
        pass
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    base = tmp_path_factory.mktemp("atomic")
    small, big = base / "small", base / "big"
    small.mkdir()
    big.mkdir()
    seeds = sorted(CORPUS.glob("*.txt"))
    for p in seeds[:2]:
        shutil.copy(p, small / p.name)
    for k in range(40):  # distinct contents (nothing skipped as a duplicate); big enough that 3 s is mid-build
        for p in seeds:
            text = p.read_text(encoding="utf-8") + f"\n第{k}份副本。\n"
            (big / f"{k:02d}_{p.name}").write_text(text, encoding="utf-8")
    return base, small, big


def test_killed_builds_leave_previous_outputs_intact(corpora):
    base, small, big = corpora
    out = base / "out"
    first = start_build(small, out)
    assert first.wait(timeout=300) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    # kill at fixed moments, and the moment a temporary output file appears (mid-write)
    moments = [0.3, 1.5, 3.0, "tmp", "tmp"]
    killed_while_writing = 0
    for when in moments:
        shutil.rmtree(out / ".cache", ignore_errors=True)  # make every attempt do the full work
        proc = start_build(big, out)
        if when == "tmp":
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if any(p.name.startswith(".graph.") and p.name.endswith(".tmp") for p in out.iterdir()):
                    killed_while_writing += 1
                    break
                time.sleep(0.002)
        else:
            time.sleep(when)
        if proc.poll() is not None:
            pytest.fail(f"the build finished before it could be killed at {when}; make the corpus bigger")
        kill(proc)
        for n in OUTPUTS:
            assert (out / n).read_bytes() == before[n], f"{n} changed after a kill at {when}"
    assert killed_while_writing >= 1, "never caught a build while it was writing outputs"
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 100
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) > 100
    # a complete build then replaces the outputs
    proc = start_build(big, out)
    assert proc.wait(timeout=600) == 0
    assert (out / "graph.ttl").read_bytes() != before["graph.ttl"]
    rdflib.Graph().parse(out / "graph.ttl", format="turtle")
