"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (stdlib HTTP server + Oxigraph).

    fazhigraph serve --graph outputs/graph.nq --port 7878
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
         http://127.0.0.1:7878/sparql

* ``/sparql`` answers ``GET ?query=`` and ``POST`` (form-encoded ``query=`` or a raw
  ``application/sparql-query`` body), with ``default-graph-uri`` / ``named-graph-uri``.
  SELECT/ASK results are SPARQL JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE results Turtle,
  N-Triples, RDF/XML or JSON-LD, chosen by the ``Accept`` header (or ``?format=``).
  The default graph is the union of all graphs (one per report plus the entity graph).
* Read-only: SPARQL Update (``update=``, ``application/sparql-update``, or an update sent as a
  query) is refused with **403**, as is ``SERVICE`` (the endpoint never reaches the network).
* Limits: requests larger than ``max_request_bytes`` get **413**; a query running longer than
  ``timeout`` seconds gets **503** and is really stopped — queries run in worker processes
  (``python -m fazhigraph.server --worker``) that are killed and replaced on timeout.
* ``/`` (and ``/sparql`` without a query, from a browser) is a plain HTML page with a query box
  and the saved queries of ``queries/*.rq``; it needs no network.
* Binds 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import html
import json
import os
import queue
import select
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .errors import QueryError
from .store import check_read_only, read_graph_file

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REQUEST = 1 << 20  # 1 MiB

#: media type -> (result kind, format name used by the worker)
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld",
}
#: ``?format=`` shortcuts
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}

class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def classify(text: str) -> None:
    """Raise :class:`Refused` for what a read-only, offline endpoint must not run.

    The rules are :func:`fazhigraph.store.check_read_only`'s (SPARQL Update, ``SERVICE``,
    ``FROM`` outside the project's graphs): refused with 403 and the reason.
    """
    try:
        check_read_only(text)
    except QueryError as e:
        reason = e.reason
        if "forbidden" not in reason and "read-only" not in reason:
            raise Refused(400, reason) from None
        if "may not change" in reason or "read-only" in reason:
            reason = ("this endpoint is read-only: SPARQL Update is not accepted "
                      f"({reason}; rebuild with `fazhigraph build` or load the build into a triple store "
                      "with `fazhigraph push`)")
        raise Refused(403, reason) from None


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (stable for equal q)."""
    if not header:
        return ["*/*"]
    items = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if not mt:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, mt))
    return [mt for _, _, mt in sorted(items)] or ["*/*"]


def negotiate(accepted: list[str], offered: dict[str, str], default: str) -> str | None:
    """The first offered media type the client accepts (``default`` for wildcards)."""
    for mt in accepted:
        if mt in offered:
            return mt
        if mt == "*/*":
            return default
        if mt.endswith("/*"):
            major = mt[:-1]
            if default.startswith(major):
                return default
            for o in offered:
                if o.startswith(major):
                    return o
    return None


# ---------------------------------------------------------------------------------- worker side


def _execute(store, req: dict) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    from .outputs import PREFIXES

    qrf = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
           "jsonld": ox.RdfFormat.JSON_LD}
    dg = [ox.NamedNode(g) for g in req.get("default_graphs") or []]
    ng = [ox.NamedNode(g) for g in req.get("named_graphs") or []]
    try:
        res = store.query(
            req["query"], prefixes=PREFIXES, use_default_graph_as_union=not dg,
            default_graph=dg or None, named_graphs=ng or None,
        )
    except SyntaxError as e:
        return 400, "text/plain", f"SPARQL syntax error: {e}\n".encode("utf-8")
    except (OSError, ValueError, TypeError) as e:
        return 400, "text/plain", f"query failed: {e}\n".encode("utf-8")
    accepted = req.get("accept") or ["*/*"]
    if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
        mt = negotiate(accepted, SOLUTION_TYPES, "application/sparql-results+json")
        if mt is None:
            return 406, "text/plain", (
                "not acceptable: SELECT/ASK results are available as " + ", ".join(SOLUTION_TYPES) + "\n").encode()
        return 200, mt, res.serialize(format=qrf[SOLUTION_TYPES[mt]])
    mt = negotiate(accepted, GRAPH_TYPES, "text/turtle")
    if mt is None:
        return 406, "text/plain", (
            "not acceptable: CONSTRUCT/DESCRIBE results are available as " + ", ".join(GRAPH_TYPES) + "\n").encode()
    fmt = rdf[GRAPH_TYPES[mt]]
    triples = list(res)
    if fmt in (ox.RdfFormat.TURTLE,):
        return 200, mt, ox.serialize(triples, format=fmt, prefixes=PREFIXES)
    return 200, mt, ox.serialize(triples, format=fmt)


def worker_main(graph_path: str) -> None:
    """Worker loop: load the graph, then answer one JSON request line at a time on stdin/stdout."""
    out = sys.stdout.buffer
    try:
        store = read_graph_file(graph_path)
    except Exception as e:  # report and exit: the parent shows the reason
        out.write((json.dumps({"error": str(e)}) + "\n").encode())
        out.flush()
        return
    out.write((json.dumps({"ready": len(store)}) + "\n").encode())
    out.flush()
    for line in sys.stdin.buffer:
        req = json.loads(line)
        try:
            status, ctype, body = _execute(store, req)
        except Exception as e:  # pragma: no cover - a bug in the query engine
            status, ctype, body = 500, "text/plain", f"internal error: {type(e).__name__}: {e}\n".encode()
        out.write((json.dumps({"status": status, "type": ctype, "length": len(body)}) + "\n").encode())
        out.write(body)
        out.flush()


# ---------------------------------------------------------------------------------- parent side


class Worker:
    """One query process. ``ask`` returns ``None`` on timeout (the process is then killed)."""

    def __init__(self, graph_path: str, startup_timeout: float = 300.0):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "fazhigraph.server", "--worker", graph_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_worker_env(),
        )
        head = self._read_header(startup_timeout)
        if head is None or "ready" not in head:
            self.kill()
            reason = (head or {}).get("error", "query worker did not start")
            raise RuntimeError(reason)
        self.size = head["ready"]

    def _read_header(self, timeout: float) -> dict | None:
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            return {"error": "query worker exited"}
        return json.loads(line)

    def ask(self, req: dict, timeout: float) -> tuple[int, str, bytes] | None:
        self.proc.stdin.write((json.dumps(req, ensure_ascii=False) + "\n").encode("utf-8"))
        self.proc.stdin.flush()
        head = self._read_header(timeout)
        if head is None:
            return None
        if "status" not in head:
            raise RuntimeError(head.get("error", "query worker failed"))
        return head["status"], head["type"], self.proc.stdout.read(head["length"])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


def _worker_env() -> dict:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


class WorkerPool:
    def __init__(self, graph_path: str, size: int = 2):
        self.graph_path = graph_path
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        for _ in range(max(1, size)):
            self._add(Worker(graph_path))
        self.size = next(iter(self.all)).size

    def _add(self, w: Worker) -> None:
        with self.lock:
            if self.closed:
                w.kill()
                return
            self.all.add(w)
        self.idle.put(w)

    def _replace(self, dead: Worker) -> None:
        with self.lock:
            self.all.discard(dead)
        dead.kill()

        def start():
            try:
                self._add(Worker(self.graph_path))
            except Exception as e:  # pragma: no cover
                print(f"fazhigraph serve: could not restart a query worker: {e}", file=sys.stderr)

        threading.Thread(target=start, daemon=True).start()

    def run(self, req: dict, timeout: float) -> tuple[int, str, bytes]:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return 503, "text/plain", b"server busy: every query worker is occupied, try again later\n"
        try:
            out = w.ask(req, timeout)
        except (OSError, RuntimeError, ValueError) as e:
            self._replace(w)
            return 500, "text/plain", f"query worker failed: {e}\n".encode()
        if out is None:
            self._replace(w)
            return 503, "text/plain", f"query timed out after {timeout:g} s and was stopped\n".encode()
        self.idle.put(w)
        return out

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


@dataclass
class SavedQuery:
    name: str
    title: str
    description: str
    text: str


def find_queries_dir() -> Path | None:
    here = Path(__file__).resolve()
    for cand in (Path.cwd() / "queries", here.parents[2] / "queries", here.parent / "queries"):
        if cand.is_dir():
            return cand
    return None


def load_saved_queries(folder: str | Path | None = None) -> list[SavedQuery]:
    """``queries/*.rq`` with their ``# title:`` and ``# 说明:`` header lines, sorted by file name."""
    folder = Path(folder) if folder else find_queries_dir()
    out: list[SavedQuery] = []
    if not folder or not folder.is_dir():
        return out
    for p in sorted(folder.glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        title = desc = ""
        for ln in text.splitlines():
            if not ln.startswith("#"):
                break
            key, _, val = ln[1:].partition(":")
            key = key.strip().lower()
            if key == "title":
                title = val.strip()
            elif key in ("说明", "description"):
                desc = val.strip()
        out.append(SavedQuery(p.stem, title or p.stem, desc, text))
    return out


@dataclass
class ServerConfig:
    timeout: float = DEFAULT_TIMEOUT
    max_request_bytes: int = DEFAULT_MAX_REQUEST
    cors: bool = False
    saved: list[SavedQuery] = field(default_factory=list)
    size: int = 0
    graph_name: str = ""


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "fazhigraph-sparql/1"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request

    # set on the subclass made by make_server
    pool: WorkerPool
    config: ServerConfig

    def log_message(self, format, *args):  # quiet by default; --verbose turns it on
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # --------------------------------------------------------------- responses
    def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        if ctype.startswith("text/") or ctype.endswith("json") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        if self.config.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain", (message.rstrip("\n") + "\n").encode("utf-8"))

    # --------------------------------------------------------------- routing
    def do_OPTIONS(self):
        extra = {"Allow": "GET, POST, HEAD, OPTIONS"}
        if self.config.cors:
            extra.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Content-Type, Accept"})
        self._send(204, "text/plain", b"", extra)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        if len(self.path) > self.config.max_request_bytes:
            return self._error(414, f"request URI longer than {self.config.max_request_bytes} bytes")
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self._page()
        if url.path != "/sparql":
            return self._error(404, "not found: the SPARQL endpoint is /sparql, the query page is /")
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if "query" not in params:
            return self._page()
        self._answer(params["query"][0], params)

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, "not found: the SPARQL endpoint is /sparql")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            return self._error(411, "chunked requests are not supported: send a Content-Length")
        if length is None:
            self.close_connection = True
            return self._error(411, "a POST needs a Content-Length header")
        try:
            n = int(length)
        except ValueError:
            self.close_connection = True
            return self._error(400, "bad Content-Length")
        if n > self.config.max_request_bytes:
            self.close_connection = True
            return self._error(413, f"request body of {n} bytes exceeds the limit of {self.config.max_request_bytes} bytes")
        body = self.rfile.read(n) if n > 0 else b""
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            if "query" not in params:
                return self._error(400, "missing 'query' parameter")
            return self._answer(params["query"][0], params)
        if ctype == "application/sparql-query":
            return self._answer(body.decode("utf-8", "replace"), params)
        return self._error(415, "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query")

    # --------------------------------------------------------------- work
    def _answer(self, text: str, params: dict) -> None:
        if len(text.encode("utf-8")) > self.config.max_request_bytes:
            return self._error(413, "query too long")
        try:
            classify(text)
        except Refused as e:
            return self._error(e.status, e.message)
        accept = parse_accept(self.headers.get("Accept"))
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt:
            if fmt not in FORMAT_ALIASES:
                return self._error(400, f"unknown format {fmt!r}: choose " + ", ".join(FORMAT_ALIASES))
            mt = FORMAT_ALIASES[fmt]
            # a shortcut names one family; let the other family fall back to its default
            accept = [mt, "*/*"]
        req = {
            "query": text, "accept": accept,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        status, ctype, body = self.pool.run(req, self.config.timeout)
        self._send(status, ctype, body)

    def _page(self) -> None:
        self._send(200, "text/html", render_page(self.config).encode("utf-8"))


def render_page(config: ServerConfig) -> str:
    """The query page: a query box, the saved queries and a result table (no external assets)."""
    saved = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text} for q in config.saved]
    data = json.dumps(saved, ensure_ascii=False).replace("</", "<\\/")
    first = html.escape(config.saved[0].text if config.saved else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20")
    items = "\n".join(
        f'<li><a href="#" data-i="{i}">{html.escape(q.title)}</a><br><small>{html.escape(q.description)}</small></li>'
        for i, q in enumerate(config.saved)
    )
    return _PAGE.format(size=config.size, graph=html.escape(config.graph_name), first=first, items=items or "<li>（无 / none）</li>",
                        data=data, timeout=f"{config.timeout:g}")


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>fazhigraph SPARQL</title>
<style>
body{{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:1.5em;display:flex;gap:2em}}
#side{{width:28em;flex:none}} #main{{flex:1;min-width:0}} textarea{{width:100%;height:18em;font-family:monospace}}
table{{border-collapse:collapse;font-size:90%}} td,th{{border:1px solid #ccc;padding:2px 6px;vertical-align:top}}
li{{margin-bottom:.5em}} #status{{color:#555}} pre{{white-space:pre-wrap}}
</style></head><body>
<div id="side"><h2>已保存的查询 / Saved queries</h2><ol id="saved">{items}</ol></div>
<div id="main"><h1>fazhigraph SPARQL</h1>
<p>端点 / endpoint: <code>/sparql</code> · {size} quads · {graph} · 只读 / read-only · 超时 / timeout {timeout} s</p>
<form id="f" method="post" action="/sparql">
<textarea name="query" id="q">{first}</textarea><br>
<select name="format" id="fmt"><option value="">表格 / table</option><option value="json">JSON</option>
<option value="xml">XML</option><option value="csv">CSV</option><option value="tsv">TSV</option><option value="ttl">Turtle</option></select>
<button type="submit">运行 / Run</button> <span id="status"></span>
</form><div id="out"></div></div>
<script type="application/json" id="saved-data">{data}</script>
<script>
const saved = JSON.parse(document.getElementById('saved-data').textContent);
document.querySelectorAll('#saved a').forEach(a => a.addEventListener('click', e => {{
  e.preventDefault(); document.getElementById('q').value = saved[+a.dataset.i].text; }}));
function esc(s) {{ return String(s).replace(/[&<>"]/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}})[c]); }}
document.getElementById('f').addEventListener('submit', async e => {{
  const fmt = document.getElementById('fmt').value;
  if (fmt) return;  // let the browser show the raw result
  e.preventDefault();
  const st = document.getElementById('status'), out = document.getElementById('out');
  st.textContent = '…'; const t0 = performance.now();
  const r = await fetch('/sparql', {{method: 'POST', headers: {{'Content-Type': 'application/x-www-form-urlencoded',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.5'}}, body: new URLSearchParams({{query: document.getElementById('q').value}})}});
  const txt = await r.text();
  st.textContent = r.status + ' · ' + Math.round(performance.now() - t0) + ' ms';
  if (!r.ok || !(r.headers.get('Content-Type') || '').includes('json')) {{ out.innerHTML = '<pre>' + esc(txt) + '</pre>'; return; }}
  const j = JSON.parse(txt);
  if ('boolean' in j) {{ out.innerHTML = '<p>' + j.boolean + '</p>'; return; }}
  const vars = j.head.vars, rows = j.results.bindings;
  let h = '<p>' + rows.length + ' rows</p><table><tr>' + vars.map(v => '<th>' + esc(v) + '</th>').join('') + '</tr>';
  for (const b of rows) h += '<tr>' + vars.map(v => '<td>' + (b[v] ? esc(b[v].value) : '') + '</td>').join('') + '</tr>';
  out.innerHTML = h + '</table>';
}});
</script></body></html>
"""


def make_server(graph_path: str | Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                timeout: float = DEFAULT_TIMEOUT, max_request_bytes: int = DEFAULT_MAX_REQUEST,
                workers: int = 2, queries_dir: str | Path | None = None, cors: bool = False,
                verbose: bool = False) -> ThreadingHTTPServer:
    """A ready (not yet serving) endpoint; ``server.server_address`` has the bound port (use port 0
    for a free one). Call ``serve_forever()``; ``shutdown_server(server)`` stops it and its workers."""
    graph_path = Path(graph_path)
    if not graph_path.is_file():
        from .errors import QueryError

        raise QueryError("graph file not found (run `fazhigraph build` first)", str(graph_path))
    pool = WorkerPool(str(graph_path.resolve()), size=workers)
    config = ServerConfig(timeout=timeout, max_request_bytes=max_request_bytes, cors=cors,
                          saved=load_saved_queries(queries_dir), size=pool.size, graph_name=graph_path.name)
    handler = type("Handler", (SparqlHandler,), {"pool": pool, "config": config})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError:
        pool.close()
        raise
    server.daemon_threads = True
    server.pool = pool  # type: ignore[attr-defined]
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def shutdown_server(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
    server.pool.close()  # type: ignore[attr-defined]


def serve_graph(store, host: str = "127.0.0.1", port: int = DEFAULT_PORT, **options) -> None:
    """Serve an in-memory pyoxigraph ``Store`` (written to a temporary N-Quads file)."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="fazhigraph-serve-") as tmp:
        path = Path(tmp) / "graph.nq"
        store.dump(output=str(path), format=ox.RdfFormat.N_QUADS)
        server = make_server(path, host, port, **options)
        try:
            server.serve_forever()
        finally:
            server.pool.close()  # type: ignore[attr-defined]
            server.server_close()


if __name__ == "__main__":  # worker entry: python -m fazhigraph.server --worker GRAPH
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
    else:
        print("usage: python -m fazhigraph.server --worker GRAPH (started by `fazhigraph serve`)", file=sys.stderr)
        sys.exit(2)
