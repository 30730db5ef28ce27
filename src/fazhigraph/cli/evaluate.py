from __future__ import annotations

import json
from pathlib import Path

import typer

from . import app


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="标注目录（*.json）/ folder of gold annotations"),
    graph: Path = typer.Option(Path("outputs/graph.ttl"), "--graph", "-g", help="图谱文件 / graph file"),
    types: str = typer.Option("", "--types", help="只评这些类型，逗号分隔 / only these types (comma-separated)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / JSON output"),
    brief: bool = typer.Option(False, "--brief", help="不列出逐篇遗漏与多余 / no per-report lists"),
) -> None:
    """按类型计算精确率、召回率、F1，并列出每篇的遗漏与多余实体 / score against gold."""
    from ..errors import FazhiError
    from ..evaluate import evaluate, format_report
    from ..model import ENTITY_TYPES

    sel = tuple(t for t in types.split(",") if t) or ENTITY_TYPES
    try:
        ev = evaluate(graph, gold, sel)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(ev.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(format_report(ev, details=not brief))
