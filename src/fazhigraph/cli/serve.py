from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("serve")
def serve_cmd(
    graph: Path = typer.Option(Path("outputs/graph.nq"), "--graph", "-g", help="图谱文件（.nq 保留每篇报告的命名图）/ graph file (.nq keeps one named graph per report)"),
    port: int = typer.Option(7878, "--port", "-p", help="端口（0 = 任一空闲端口）/ port (0 = any free port)"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认仅本机）/ address to bind (default: this machine only)"),
    timeout: float = typer.Option(30.0, "--timeout", help="单个查询的超时秒数 / seconds a query may run"),
    max_request: int = typer.Option(1 << 20, "--max-request-bytes", help="请求大小上限（字节）/ largest request accepted (bytes)"),
    workers: int = typer.Option(2, "--workers", help="查询进程数 / query worker processes"),
    queries: Optional[Path] = typer.Option(None, "--queries", help="已保存查询的目录（默认 queries/）/ folder of saved .rq queries"),
    cors: bool = typer.Option(False, "--cors", help="允许跨域访问（Access-Control-Allow-Origin: *）/ allow cross-origin requests"),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="记录每个请求 / log every request"),
) -> None:
    """启动只读 SPARQL 1.1 端点（/sparql）和查询页面（/）/ serve a read-only SPARQL 1.1 endpoint."""
    from ..errors import FazhiError
    from ..server import make_server, shutdown_server

    try:
        server = make_server(graph, host, port, timeout=timeout, max_request_bytes=max_request, workers=workers,
                             queries_dir=queries, cors=cors, verbose=verbose)
    except FazhiError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    except (OSError, RuntimeError) as e:
        typer.echo(f"[E040] cannot serve {graph} on {host}:{port}: {e}", err=True)
        raise typer.Exit(2)
    h, p = server.server_address[:2]
    typer.echo(f"SPARQL endpoint http://{h}:{p}/sparql · query page http://{h}:{p}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
