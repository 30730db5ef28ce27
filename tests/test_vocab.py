"""vocab.py is generated from ontology/fazhigraph.ttl and typed: typos fail."""
from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib

from conftest import ROOT


def test_vocab_is_up_to_date():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_vocab.py"), "--check"])
    assert r.returncode == 0, "run scripts/gen_vocab.py after editing ontology/fazhigraph.ttl"


def test_typo_fails():
    from fazhigraph.vocab import FZ

    assert str(FZ.Law).endswith("#Law")
    with pytest.raises(AttributeError):
        FZ.Lwa  # noqa: B018


def test_every_term_has_zh_and_en_labels_and_comments():
    g = rdflib.Graph().parse(ROOT / "ontology" / "fazhigraph.ttl")
    ns = "https://w3id.org/fazhigraph/ontology#"
    from rdflib.namespace import OWL, RDF, RDFS

    terms = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k)
             if str(s).startswith(ns)}
    assert len(terms) > 30
    for t in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(t, prop)}
            assert {"zh", "en"} <= langs, (t, prop)


def test_scored_class_local_names_exist():
    from fazhigraph.model import ENTITY_TYPES
    from fazhigraph.vocab import FZ

    for t in ENTITY_TYPES + ("Report", "Region", "Mention"):
        assert getattr(FZ, t)
