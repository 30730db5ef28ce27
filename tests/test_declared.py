"""declared: metadata.csv beside the reports (declared values win, the graph records them)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from fazhigraph import declared
from fazhigraph.errors import IngestError


def test_declared_values_by_file_name_and_relative_path(tmp_path):
    sub = tmp_path / "2022"
    sub.mkdir()
    (tmp_path / "metadata.csv").write_text(
        "\ufefffile,body,region,year,url\n2022/a.txt,宜章县人民政府,宜章县,2022,http://example.org/a\nb.txt,,,2021,\n",
        encoding="utf-8")
    assert declared.declared_for(sub / "a.txt") == {"declared.body": "宜章县人民政府", "declared.region": "宜章县",
                                                   "declared.year": "2022", "declared.url": "http://example.org/a"}
    assert declared.declared_for(sub / "b.txt") == {"declared.year": "2021"}  # by name, anywhere below
    assert declared.declared_for(sub / "c.txt") == {}


def test_cache_key_changes_with_the_declared_row(tmp_path):
    (tmp_path / "metadata.csv").write_text("file,year\na.txt,2022\n", encoding="utf-8")
    k1 = declared.keyed("0" * 40, tmp_path / "a.txt")
    assert k1 != "0" * 40 and declared.keyed("0" * 40, tmp_path / "other.txt") == "0" * 40
    os.utime(tmp_path / "metadata.csv", ns=(1, 1))
    (tmp_path / "metadata.csv").write_text("file,year\na.txt,2023\n", encoding="utf-8")
    assert declared.keyed("0" * 40, tmp_path / "a.txt") not in (k1, "0" * 40)


def test_a_csv_without_a_file_column_is_reported(tmp_path):
    (tmp_path / "metadata.csv").write_text("name,year\na.txt,2022\n", encoding="utf-8")
    with pytest.raises(IngestError, match="file"):
        declared.declared_for(tmp_path / "a.txt")


COUNTY = ("宜章县2022年法治政府建设情况报告\n2022年，宜章县坚持以习近平法治思想为指导，我县全面推行行政执法三项制度，"
          "县司法局加强行政复议工作，我县办理行政复议案件36件。\n")
NO_REGION = "2022年，市水利局在市委、市政府领导下推进依法治水，我局修订了河道采砂管理办法。\n"


def test_build_declares_explains_and_keeps_non_department_bodies(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "county.txt").write_text(COUNTY, encoding="utf-8")
    (corpus / "water.txt").write_text(NO_REGION, encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,body,region,url\nwater.txt,郴州市水利局,郴州市,https://example.org/w\n",
                                         encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-m", "fazhigraph", "build", str(corpus), "-o", str(tmp_path / "out"),
                           "-q", "--no-html", "--explain"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "county.txt: 宜章县人民政府" in proc.stdout and "water.txt: 郴州市水利局  [declared" in proc.stdout
    assert "built 2, skipped 0, failed 0" in proc.stdout
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(tmp_path / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query("""PREFIX fz: <https://w3id.org/fazhigraph/ontology#>
        SELECT ?file ?conf ?declared ?cue WHERE { GRAPH ?g { ?r fz:sourceFile ?file ; fz:bodyConfidence ?conf ;
          fz:bodyEvidence ?e . ?e fz:cue ?cue . OPTIONAL { ?r fz:bodyDeclared ?declared } } }"""))
    got = {(r["file"].value, r["cue"].value, r["declared"].value if r["declared"] else None) for r in rows}
    assert ("water.txt", "declared", "true") in got
    assert ("county.txt", "title", None) in got
    src = list(store.query("SELECT ?u WHERE { GRAPH ?g { ?r <http://www.w3.org/ns/prov#hadPrimarySource> ?u } }"))
    assert [r["u"].value for r in src] == ["https://example.org/w"]
