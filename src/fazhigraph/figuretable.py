"""The figures of a built graph as a table: one row per observation.

Used by ``fazhigraph export --what figures --format csv`` (:func:`write_csv`), the figures
section of ``fazhigraph analyze`` and the view's entity panel (:func:`figures_by_year`: a
body's figures grouped by year). Reads any pyoxigraph store holding the build's graph
(named graphs or not).
"""
from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, TextIO

QUERY = """PREFIX fz: <https://w3id.org/fazhigraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
SELECT ?o ?r ?file ?b ?bname ?year ?top ?concept ?value ?unit ?approx ?ps ?pe ?mb ?anchor ?sentence WHERE {
  ?o a qb:Observation ; fz:inReport ?r ; sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit ;
     fz:measure ?m .
  %FILTER%
  ?r fz:sourceFile ?file .
  OPTIONAL { ?r fz:year ?year }
  OPTIONAL { ?o fz:refBody ?b . OPTIONAL { ?b rdfs:label ?bname } }
  OPTIONAL { ?m rdfs:label ?concept . FILTER(LANG(?concept) = "zh") }
  OPTIONAL { ?m skos:broader* ?t . ?t skos:topConceptOf ?scheme ; rdfs:label ?top . FILTER(LANG(?top) = "zh") }
  OPTIONAL { ?o fz:approx ?approx }
  OPTIONAL { ?o fz:periodStart ?ps }
  OPTIONAL { ?o fz:periodEnd ?pe }
  OPTIONAL { ?mention fz:denotes ?o ; nif:beginIndex ?mb ; nif:anchorOf ?anchor .
             OPTIONAL { ?mention fz:inSentence ?s . ?s nif:isString ?sentence } }
}"""

#: Columns of the CSV export, in order.
CSV_COLUMNS = ("report", "body", "year", "measure", "concept", "value", "unit", "approx", "period", "text",
               "sentence")


@dataclass
class FigureRow:
    """One observation: where it comes from, what it counts, its value and the text that gives it."""

    observation: str
    report: str  # source file name
    body: str  # body IRI
    body_name: str
    year: int | None  # report year
    measure: str  # one of the 13 measures (zh label)
    concept: str  # the (possibly narrower) concept's zh label
    value: Decimal
    unit: str
    approx: str
    period_start: int | None
    period_end: int | None
    text: str  # the first mention's surface text
    sentence: str  # and its sentence
    mentions: int = 1

    @property
    def period(self) -> str:
        a, b = self.period_start, self.period_end
        if a is None and b is None:
            return ""
        return str(a or b) if a == b or b is None or a is None else f"{a}-{b}"

    def csv_row(self) -> list[str]:
        return [self.report, self.body_name, "" if self.year is None else str(self.year), self.measure, self.concept,
                format(self.value, "f"), self.unit, self.approx, self.period, self.text, self.sentence]

    def as_dict(self) -> dict:
        d = asdict(self)
        d["value"] = format(self.value, "f")
        d["period"] = self.period
        return d


def _year(v: str | None) -> int | None:
    m = re.match(r"-?\d{4}", v or "")
    return int(m.group()) if m else None


def _decimal(v: str) -> Decimal:
    try:
        return Decimal(v)
    except InvalidOperation:
        return Decimal(0)


def figure_rows(store, body: str | None = None) -> list[FigureRow]:
    """Every observation of the graph in ``store`` (only ``body``'s when given: a body IRI),
    ordered by report, then by where the figure first appears."""
    flt = f"?o fz:refBody <{body}> ." if body else ""
    rows: dict[str, tuple[int, FigureRow]] = {}
    for sol in store.query(QUERY.replace("%FILTER%", flt), use_default_graph_as_union=True):
        v = {k: (None if sol[k] is None else sol[k].value) for k in
             ("o", "r", "file", "b", "bname", "year", "top", "concept", "value", "unit", "approx", "ps", "pe", "mb",
              "anchor", "sentence")}
        pos = int(v["mb"]) if v["mb"] is not None else 1 << 60
        got = rows.get(v["o"])
        if got is not None:
            if pos != got[0]:
                got[1].mentions += 1
            if pos >= got[0]:
                continue
        row = FigureRow(
            observation=v["o"], report=v["file"] or "", body=v["b"] or "", body_name=v["bname"] or "",
            year=_year(v["year"]), measure=v["top"] or v["concept"] or "", concept=v["concept"] or "",
            value=_decimal(v["value"]), unit=v["unit"] or "", approx=v["approx"] or "",
            period_start=_year(v["ps"]), period_end=_year(v["pe"]), text=v["anchor"] or "",
            sentence=v["sentence"] or "", mentions=got[1].mentions if got else 1)
        rows[v["o"]] = (pos, row)
    return [row for _, row in sorted(rows.values(), key=lambda pr: (pr[1].report, pr[0], pr[1].observation))]


def figures_by_year(store, body: str) -> dict[int | None, list[FigureRow]]:
    """The figures of one body (IRI), grouped by report year (ascending), each year's in text
    order: the data of the view's entity panel for a body."""
    out: dict[int | None, list[FigureRow]] = {}
    for row in figure_rows(store, body):
        out.setdefault(row.year, []).append(row)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))


def write_csv(rows: Iterable[FigureRow], fh: TextIO) -> int:
    """Write ``rows`` as CSV (header :data:`CSV_COLUMNS`); returns the number of rows."""
    w = csv.writer(fh)
    w.writerow(CSV_COLUMNS)
    n = 0
    for row in rows:
        w.writerow(row.csv_row())
        n += 1
    return n


def report_figure_items(rep) -> tuple[tuple, ...]:
    """A report's figures as plain tuples (no store needed): ``(year, measure, concept, value,
    unit, approx, period, text)`` per distinct fact, in text order (``year``: the report year;
    ``measure``/``concept``: zh labels). Made by :func:`fazhigraph.blocks.figure_items`, which
    the view's page fragment carries."""
    from .blocks import figure_items

    return tuple(item[:8] for item in figure_items(rep))
