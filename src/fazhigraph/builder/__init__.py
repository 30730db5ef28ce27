"""The main job: a folder of reports -> outputs/graph.ttl, graph.nq, graph.html (and an on-disk
Oxigraph store for queries). :func:`build` (in :mod:`.run`) reads top to bottom as the stages,
each a module of this package, in data-flow order:

1. :mod:`.inputs` - what to build: the reports under the corpus (never the build's own
   outputs), their SHA-1s (read again only for files whose stamp changed), what the caches hold;
   :mod:`.manifest` - whether the outputs are already those of these reports (nothing to write).
2. :mod:`.workers` - ``--jobs`` forked processes extract the reports and make each one's block
   (:mod:`fazhigraph.blocks`: N-Quads, Turtle, store triples, page fragment, linked as if no
   node merged); :mod:`.caches` - results, blocks, the link index and file stamps under
   ``OUT/.cache`` (how their keys are made: see there).
3. :mod:`.pass1` - every report in output order (graph IRI), cached or extracted, copied into
   :mod:`.files` (``graph.nq``/``graph.ttl`` under temporary names) while still in memory.
4. :mod:`.linking` - one canonical node per real thing, from the reports' link summaries
   (path order): as pass 1 goes when many reports are new, after it and only if needed when few.
5. :mod:`.assemble` - the blocks naming a node merged by linking written again (usually
   none), the entity graph and shared triples (:mod:`.tail`: the last build's when every report
   gives the rest what it gave then), the files, the store (:mod:`fazhigraph.diskstore`, loaded
   by a separate process while the build runs, or patched report by report) and the page
   (:mod:`.page`, made by a forked process meanwhile) put in place.

A bad report yields one line on stderr naming the file and the reason; every other report is
still built. Outputs are written atomically: a build killed at any moment leaves the previous
outputs intact. Same inputs, same bytes: ``graph.nq`` is one block per report, ordered by graph
IRI, then the entity graph, each block sorted and unique; ``graph.ttl`` holds the same triples.
``FAZHI_TRACE=1`` prints one line per phase (seconds so far, peak memory).
"""
from __future__ import annotations

from .assemble import write_outputs
from .caches import CACHE_DIR, BlockCache, CachedReports, FileHashes, LinkIndex, ResultCache, block_version
from .inputs import check_output_dir, code_fingerprint, file_sha1, version_key
from .manifest import MANIFEST
from .run import BuildSummary, build
from .settings import VIEW_NODES, VIEW_SENTENCE_CAP, Settings
from .tail import TAIL
from .workers import extract_all, local_nt

__all__ = [
    "CACHE_DIR", "MANIFEST", "TAIL", "VIEW_NODES", "VIEW_SENTENCE_CAP", "BlockCache", "BuildSummary", "CachedReports",
    "FileHashes", "LinkIndex", "ResultCache", "Settings", "block_version", "build", "check_output_dir", "code_fingerprint",
    "extract_all", "file_sha1", "local_nt", "version_key", "write_outputs",
]
