from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("export")
def export_cmd(
    fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | nt | trig | nq | jsonld"),
    graph: Path = typer.Option(Path("outputs/graph.nq"), "--graph", "-g", help="构建产生的 N-Quads / the build's N-Quads"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出文件（默认 outputs/graph.<fmt>）/ output file"),
) -> None:
    """导出图谱为 Turtle、N-Triples、TriG、N-Quads 或 JSON-LD / export the graph."""
    from ..outputs import FORMATS, atomic_write_bytes, serialize_quads

    fmt = fmt.lower()
    if fmt not in FORMATS:
        typer.echo(f"[E030] unknown format {fmt!r}: choose ttl, nt, trig, nq or jsonld", err=True)
        raise typer.Exit(2)
    if not graph.is_file():
        typer.echo(f"[E030] {graph}: not found (run `fazhigraph build` first)", err=True)
        raise typer.Exit(2)
    lines = sorted(set(graph.read_text(encoding="utf-8").splitlines(keepends=True)))
    target = out or graph.with_name(f"graph.{ 'ttl' if fmt == 'turtle' else fmt}")
    atomic_write_bytes(target, serialize_quads(lines, fmt))
    typer.echo(f"wrote {target}")
