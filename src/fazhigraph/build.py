"""``fazhigraph.build``: the build's public names, importable from where they always were.

The build itself is the package :mod:`fazhigraph.builder`, one module a stage. (The package
is not called ``build``: tools take folders of that name for generated output and skip them.)
"""
from .builder import (
    CACHE_DIR, MANIFEST, TAIL, VIEW_NODES, VIEW_SENTENCE_CAP, BlockCache, BuildSummary, CachedReports, FileHashes,
    LinkIndex, ResultCache, block_version, build, check_output_dir, code_fingerprint, extract_all, file_sha1,
    local_nt, version_key, write_outputs,
)

__all__ = [
    "CACHE_DIR", "MANIFEST", "TAIL", "VIEW_NODES", "VIEW_SENTENCE_CAP", "BlockCache", "BuildSummary", "CachedReports",
    "FileHashes", "LinkIndex", "ResultCache", "block_version", "build", "check_output_dir", "code_fingerprint",
    "extract_all", "file_sha1", "local_nt", "version_key", "write_outputs",
]
