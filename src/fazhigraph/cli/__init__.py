"""Command line: ``fazhigraph`` / ``python -m fazhigraph``.

Each command lives in its own module under ``fazhigraph.cli`` and registers itself on
``app``; this package only assembles them. 中文/English help.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    help="fazhigraph：法治政府建设情况报告知识图谱 / a knowledge graph of law-based government reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, in help order.
COMMANDS = ("build", "query", "export", "evaluate", "validate", "serve", "push", "view", "analyze")

for _mod in COMMANDS:
    importlib.import_module(f"{__name__}.{_mod}")


def main() -> None:
    app()
