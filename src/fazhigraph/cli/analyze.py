from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("analyze")
def analyze_cmd(
    graph: Path = typer.Option(Path("outputs/graph.ttl"), "--graph", "-g", help="构建好的图谱 / built graph (.ttl/.nq)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出目录（默认：图谱所在目录）/ output folder (default: the graph's)"),
    bureau: Optional[str] = typer.Option(None, "--bureau", help="年度变化只看该单位 / year-over-year for this bureau only"),
    year_from: Optional[int] = typer.Option(None, "--from", help="比较的起始年度 / first year to compare"),
    year_to: Optional[int] = typer.Option(None, "--to", help="比较的结束年度 / last year to compare"),
    top: int = typer.Option(30, "--top", min=1, help="每张表的行数 / rows per table"),
) -> None:
    """跨报告分析：法规与制度排名、单位相似度、年度变化、合作机关与律所 → analysis.html + analysis.md /
    cross-report analytics."""
    from ..analyze import write_analysis
    from ..errors import FazhiError
    from ..store import load_store

    try:
        store = load_store(graph)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    h, m, a = write_analysis(store, out or graph.parent, top=top, bureau=bureau, year_from=year_from, year_to=year_to)
    typer.echo(f"wrote {h}")
    typer.echo(f"wrote {m}")
    typer.echo(f"{a.reports} reports, {len(a.bureaus)} bureaus, {len(a.cited)} laws/systems, "
               f"{len(a.partners)} agencies/law firms, {len(a.changes)} year-over-year comparisons")
