"""``fazhigraph export --what figures --format csv``: the figures table (one row per observation)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer


def export_figures(fmt: str, graph: Path, out: Optional[Path]) -> None:
    """Write the figures of ``graph`` as CSV to ``out`` (default graph's folder/figures.csv; - for stdout)."""
    from ..figuretable import figure_rows, write_csv
    from ..store import load_store

    if fmt != "csv":
        typer.echo(f"[E030] --what figures is written as csv, not {fmt!r}", err=True)
        raise typer.Exit(2)
    if not graph.is_file():
        typer.echo(f"[E030] {graph}: not found (run `fazhigraph build` first)", err=True)
        raise typer.Exit(2)
    from ..errors import FazhiError

    try:
        rows = figure_rows(load_store(graph))
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    if str(out) == "-":
        write_csv(rows, sys.stdout)
        sys.stdout.flush()
        return
    target = out or graph.with_name("figures.csv")
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # (BOM: spreadsheets read it as UTF-8)
        n = write_csv(rows, fh)
    tmp.replace(target)
    typer.echo(f"wrote {target} ({n} figures)")
