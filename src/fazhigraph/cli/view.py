from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("view")
def view_cmd(
    graph: Path = typer.Option(Path("outputs/graph.ttl"), "--graph", "-g", help="构建好的图谱 / built graph (.ttl/.nq)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out",
                                       help="输出 HTML（默认：全图 graph.html，子图 view.html，与图谱同目录）/ output HTML "
                                            "(default: graph.html for the whole graph, view.html for a part, next to the graph)"),
    report: Optional[str] = typer.Option(None, "--report", help="只看一份报告（源文件名）/ one report (source file name)"),
    focus: Optional[str] = typer.Option(None, "--focus", help="以该实体为中心（名称或别名）/ centre on an entity (name or alias)"),
    depth: int = typer.Option(1, "--depth", min=0, help="--focus 的邻域跳数 / hops around --focus"),
    query: Optional[Path] = typer.Option(None, "--query", help="SPARQL CONSTRUCT 查询文件 (.rq) / a CONSTRUCT query file"),
    title: Optional[str] = typer.Option(None, "--title", help="页面标题 / page title"),
) -> None:
    """生成可交互的离线图谱页面 / write an interactive, offline HTML view of the graph."""
    from ..errors import FazhiError
    from ..outputs import atomic_write_bytes
    from ..store import load_store
    from .. import view as V

    if query is not None and (report or focus):
        typer.echo("[E020] --query cannot be combined with --report/--focus", err=True)
        raise typer.Exit(2)
    try:
        store = load_store(graph)
        if query is not None:
            if not query.is_file():
                typer.echo(f"[E020] {query}: query file not found", err=True)
                raise typer.Exit(2)
            vg = V.from_construct(store, query.read_text(encoding="utf-8"))
            what = f"CONSTRUCT {query.name}"
        else:
            vg = V.from_store(store)
            what = "全部报告 / whole graph"
            if report:
                vg = V.for_report(vg, report)
                what = f"报告 / report {Path(report).name}"
            if focus:
                vg = V.neighbourhood(vg, focus, depth)
                what = f"{focus} ±{depth}" + (f" · {Path(report).name}" if report else "")
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    whole = not (report or focus or query)
    target = out or graph.with_name("graph.html" if whole else "view.html")
    page = V.render(vg, title=title or f"法治政府建设知识图谱 / fazhigraph — {what}")
    atomic_write_bytes(target, page.encode("utf-8"))
    typer.echo(f"wrote {target} ({len(vg.nodes)} nodes, {len(vg.edges)} edges)")
