"""fazhigraph: a knowledge graph of Chinese 法治政府建设情况报告.

    >>> from fazhigraph import __version__
"""
__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str):
    # lazy: ``import fazhigraph`` stays light; the API (pyoxigraph, rdflib ...) loads on first use
    if name == "KnowledgeGraph":
        from .api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'fazhigraph' has no attribute {name!r}")
