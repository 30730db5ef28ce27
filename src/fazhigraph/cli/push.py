from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app

push_app = typer.Typer(
    help="把构建推送到三元组库（每篇报告一个命名图，只替换有变化的报告）/ push the build to a triple store.",
    no_args_is_help=True,
)
app.add_typer(push_app, name="push")

_GRAPH = typer.Option(Path("outputs/graph.nq"), "--graph", "-g", help="构建产生的 N-Quads / the build's N-Quads")
_FORCE = typer.Option(False, "--force", help="替换全部命名图 / replace every graph, changed or not")
_CHECK = typer.Option(False, "--check", help="推送后比较已保存查询的本地与远端结果 / compare saved-query answers afterwards")
_QUERIES = typer.Option(None, "--queries", help="已保存查询的目录（默认 queries/）/ folder of saved .rq queries")
_PASSWORD = typer.Option("dba", "--password", envvar="FAZHI_PUSH_PASSWORD",
                         help="密码（或环境变量 FAZHI_PUSH_PASSWORD）/ password (or $FAZHI_PUSH_PASSWORD)")


def _run(graph: Path, client, force: bool, check: bool, queries: Optional[Path], verbose: bool) -> None:
    from ..api import KnowledgeGraph
    from ..errors import FazhiError
    from ..server import load_saved_queries
    from ..virtuoso import compare_saved_queries, push

    try:
        kg = KnowledgeGraph.load(graph)
        summary = push(kg, client, force=force, progress=(lambda m: typer.echo(m, err=True)) if verbose else None)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    typer.echo(summary.line())
    if check:
        saved = load_saved_queries(queries)
        bad = 0
        for c in compare_saved_queries(kg, client, saved):
            mark = "same" if c.same else "DIFFERENT"
            typer.echo(f"  {c.name}: {mark} ({c.local} local / {c.remote} remote rows){' ' + c.detail if c.detail else ''}")
            bad += not c.same
        if bad:
            typer.echo(f"{bad} saved queries answer differently", err=True)
            raise typer.Exit(1)


@push_app.command("virtuoso")
def push_virtuoso_cmd(
    graph: Path = _GRAPH,
    url: str = typer.Option("http://127.0.0.1:8890", "--url", help="Virtuoso HTTP 地址 / Virtuoso HTTP base URL"),
    user: str = typer.Option("dba", "--user", help="有 SPARQL_UPDATE 权限的用户 / a user with SPARQL_UPDATE"),
    password: str = _PASSWORD,
    force: bool = _FORCE,
    check: bool = _CHECK,
    queries: Optional[Path] = _QUERIES,
    verbose: bool = typer.Option(False, "-v", "--verbose", help="列出每个请求 / list every request"),
) -> None:
    """推送到 OpenLink Virtuoso（图存储协议，摘要认证）/ push to OpenLink Virtuoso (Graph Store protocol, digest auth)."""
    from ..virtuoso import virtuoso_client

    _run(graph, virtuoso_client(url, user=user, password=password), force, check, queries, verbose)


@push_app.command("graph-store")
def push_gsp_cmd(
    sparql: str = typer.Option(..., "--sparql", help="SPARQL 查询端点 / SPARQL query endpoint URL"),
    gsp: str = typer.Option(..., "--gsp", help="SPARQL 1.1 图存储端点 / SPARQL 1.1 Graph Store endpoint URL"),
    graph: Path = _GRAPH,
    graph_param: str = typer.Option("graph", "--graph-param", help="命名图参数名（标准为 graph）/ graph parameter name"),
    user: Optional[str] = typer.Option(None, "--user", help="用户名（可选）/ user name (optional)"),
    password: str = _PASSWORD,
    auth: str = typer.Option("basic", "--auth", help="basic | digest"),
    force: bool = _FORCE,
    check: bool = _CHECK,
    queries: Optional[Path] = _QUERIES,
    verbose: bool = typer.Option(False, "-v", "--verbose", help="列出每个请求 / list every request"),
) -> None:
    """推送到任一 SPARQL 1.1 图存储（Fuseki、GraphDB、Oxigraph…）/ push to any SPARQL 1.1 Graph Store."""
    from ..virtuoso import GraphStoreClient

    if auth not in ("basic", "digest"):
        typer.echo("[E060] --auth must be basic or digest", err=True)
        raise typer.Exit(2)
    client = GraphStoreClient(sparql, gsp, user=user, password=password, graph_param=graph_param, auth=auth)
    _run(graph, client, force, check, queries, verbose)
