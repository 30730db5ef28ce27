from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("validate")
def validate_cmd(
    graph: Path = typer.Option(Path("outputs/graph.nq"), "--graph", "-g", help="图谱文件 / graph file (.nq, .ttl, .trig, .nt, .jsonld)"),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL 形状文件（默认 ontology/shapes.ttl）/ SHACL shapes (default: ontology/shapes.ttl)"),
    limit: int = typer.Option(10, "--limit", help="每条规则最多列出的节点数 / nodes listed per rule"),
) -> None:
    """用 SHACL（pySHACL）校验图谱是否符合契约 / check the graph against the SHACL shapes.

    退出码 / exit code: 0 符合 conforms · 1 不符合 does not conform · 2 无法读取 cannot read."""
    from ..errors import FazhiError
    from ..validate import format_report, validate_file

    try:
        res = validate_file(graph, shapes)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    except (SyntaxError, ValueError, OSError) as e:
        typer.echo(f"[E050] {graph}: cannot validate: {e}", err=True)
        raise typer.Exit(2)
    typer.echo(format_report(res, limit=limit))
    if not res.conforms:
        raise typer.Exit(1)
