"""scripts/gen_docs.py: the generated references cover every command, ontology term and saved query."""
from __future__ import annotations

import importlib.util
import re

import typer

from conftest import ROOT


def _gen():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cli_reference_lists_every_command_and_option():
    from fazhigraph.cli import app

    md = _gen().gen_cli()
    root = typer.main.get_command(app)
    for name in root.list_commands(None):
        assert f"## `fazhigraph {name}`" in md
    for sub in ("push virtuoso", "push graph-store"):
        assert f"`fazhigraph {sub}`" in md
    assert "`--max-request-bytes`" in md and "`--timeout`" in md


def test_ontology_reference_has_zh_and_en_labels_for_every_term():
    import rdflib
    from rdflib.namespace import OWL, RDF

    md = _gen().gen_ontology()
    g = rdflib.Graph().parse(ROOT / "ontology" / "fazhigraph.ttl")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            row = next((ln for ln in md.splitlines() if ln.startswith(f"| `{g.namespace_manager.normalizeUri(term)}` |")), None)
            assert row is not None, term
            cells = [c.strip() for c in row.split("|")]
            assert cells[2] and cells[3], row  # 中文 and English labels
    assert "## SHACL 约束 / SHACL shapes" in md


def test_cookbook_has_every_saved_query(tmp_path):
    gen = _gen()
    nq = tmp_path / "g.nq"
    import graph_fixture

    nq.write_text(graph_fixture.nquads(), encoding="utf-8")
    md = gen.gen_cookbook(results=nq)
    files = sorted((ROOT / "queries").glob("*.rq"))
    assert len(files) >= 10
    for f in files:
        assert f"`queries/{f.name}`" in md
        title = re.search(r"^# title:\s*(.+)$", f.read_text(encoding="utf-8"), re.M).group(1).strip()
        assert f"## {title}" in md
    assert "Sample answer on `g.nq`" in md


def test_generated_docs_are_up_to_date():
    """docs/ must be regenerated (scripts/gen_docs.py) whenever commands, ontology or queries change."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
