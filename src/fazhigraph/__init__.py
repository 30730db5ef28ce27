"""fazhigraph: a knowledge graph of Chinese 法治政府建设情况报告.

    >>> from fazhigraph import __version__
"""
__version__ = "0.1.0"
