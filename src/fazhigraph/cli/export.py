from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app

_SUFFIX = {"turtle": "ttl"}


@app.command("export")
def export_cmd(
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="ttl | nt | trig | nq | jsonld（默认 ttl）| csv（--what figures 的默认格式）/ default ttl; csv is the default of --what figures"),
    what: str = typer.Option("graph", "--what", "-w", help="graph（整个图谱）| figures（数字指标表，每个观测一行）/ graph (the whole graph) | figures (one row per observation)"),
    graph: Path = typer.Option(Path("outputs/graph.nq"), "--graph", "-g", help="构建产生的图谱（.nq 保留命名图）/ the build's graph (.nq keeps named graphs)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出文件（默认 outputs/graph.<fmt>；- 为标准输出）/ output file (default outputs/graph.<fmt>; - for stdout)"),
) -> None:
    """导出图谱为 Turtle、N-Triples、TriG、N-Quads 或 JSON-LD，或导出数字指标表（CSV）/ export the graph, or its figures as CSV.

    JSON-LD 使用 ontology/context.jsonld 的上下文 / JSON-LD uses the context of ontology/context.jsonld."""
    import sys

    from ..api import KnowledgeGraph
    from ..errors import FazhiError
    from ..outputs import FORMATS

    if what.lower() == "figures":
        from .export_figures import export_figures

        export_figures((fmt or "csv").lower(), graph, out)
        return
    if what.lower() != "graph":
        typer.echo(f"[E030] unknown --what {what!r}: choose graph or figures", err=True)
        raise typer.Exit(2)
    fmt = (fmt or "ttl").lower()
    if fmt not in FORMATS:
        typer.echo(f"[E030] unknown format {fmt!r}: choose ttl, nt, trig, nq or jsonld", err=True)
        raise typer.Exit(2)
    if not graph.is_file():
        typer.echo(f"[E030] {graph}: not found (run `fazhigraph build` first)", err=True)
        raise typer.Exit(2)
    try:
        kg = KnowledgeGraph.load(graph)
        if str(out) == "-":
            sys.stdout.buffer.write(kg.serialize(fmt))
            sys.stdout.buffer.flush()
            return
        target = out or graph.with_name(f"graph.{_SUFFIX.get(fmt, fmt)}")
        kg.serialize(fmt, destination=target)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    typer.echo(f"wrote {target}")
