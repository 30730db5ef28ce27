from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("build")
def build_cmd(
    corpus: Path = typer.Argument(Path("corpus"), help="报告文件夹或文件 / folder (or file) of reports"),
    out: Path = typer.Option(Path("outputs"), "-o", "--out", help="输出目录 / output folder"),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", help="进程数（默认：全部核心）/ processes (default: all cores)"),
    strict: bool = typer.Option(False, "--strict", help="遇到第一个问题即停止 / stop at the first problem"),
    no_html: bool = typer.Option(False, "--no-html", help="不生成 graph.html / skip graph.html"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="不显示进度条 / no progress bar"),
    view_nodes: int = typer.Option(2000, "--view-nodes", help="graph.html 最多显示的节点数（0 = 全部）/ "
                                   "most nodes graph.html shows (0 = all)"),
    explain: bool = typer.Option(False, "--explain", help="列出每篇报告的报告单位是如何确定的（证据与置信度）/ "
                                 "show how each report's body was decided (evidence, confidence)"),
) -> None:
    """构建知识图谱：报告 → outputs/graph.ttl + graph.html / build the graph from a corpus.

    读取 .txt（任意编码）、.docx、.pdf、.html；每个问题文件输出一行原因，其余报告照常构建。
    Reads .txt (any encoding), .docx, .pdf, .html; each bad file gives one line, the rest is built.
    退出码 / exit code: 0 全部成功 all built; 1 有报告失败或未构建任何报告 some report failed or none
    built (or --strict stopped); 2 无法开始 cannot start (bad corpus or output path).
    """
    from ..build import build
    from ..errors import FazhiError

    try:
        summary = build(corpus, out, jobs=jobs, strict=strict, progress=not quiet and sys.stderr.isatty(), html=not no_html,
                        view_nodes=view_nodes)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    for kind, path in summary.outputs.items():
        typer.echo(f"{'unchanged' if summary.up_to_date else 'wrote'} {path}")
    if explain:
        from ..extract.body import explain as explain_body

        for rep in summary.reports:
            typer.echo(explain_body(rep.file, rep.meta))
    typer.echo(summary.line())
    if not summary.ok or summary.built == 0:
        raise typer.Exit(1)
