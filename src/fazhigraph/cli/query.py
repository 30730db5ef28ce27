from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer

from . import app


def format_rows(vars_: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(vars_, r)) for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(vars_)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(*vars_, show_lines=False)
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    console = Console(width=200, record=True, force_terminal=False, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")


@app.command("query")
def query_cmd(
    query: str = typer.Argument(..., help="SPARQL 查询文本或 .rq 文件 / SPARQL text or a .rq file"),
    graph: Path = typer.Option(Path("outputs/graph.ttl"), "--graph", "-g", help="图谱文件 / graph file"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    timeout: float = typer.Option(30.0, "--timeout", help="超时秒数（0 = 不限）/ stop after this many seconds (0 = no limit)"),
) -> None:
    """用 SPARQL 查询图谱（只读，不访问网络）/ run a read-only SPARQL query (no network: SERVICE, LOAD, FROM <http…> refused)."""
    from ..errors import FazhiError
    from ..store import load_store, run_query

    text = query
    p = Path(query)
    try:  # a long one-line query is not a file name (the OS refuses names that long)
        is_file = len(query) < 4096 and "\n" not in query and p.is_file()
    except OSError:
        is_file = False
    if query.endswith(".rq") or is_file:
        if not p.is_file():
            typer.echo(f"[E020] {query}: query file not found", err=True)
            raise typer.Exit(2)
        text = p.read_text(encoding="utf-8")
    if fmt not in ("table", "csv", "json"):
        typer.echo(f"[E020] unknown format {fmt!r}: choose table, csv or json", err=True)
        raise typer.Exit(2)
    try:
        store = load_store(graph)
        vars_, rows = run_query(store, text, timeout=timeout)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    typer.echo(format_rows(vars_, rows, fmt))
