"""One report in, one :class:`ReportResult` out: ingest -> normalize -> extract."""
from __future__ import annotations

from pathlib import Path

from .errors import ExtractionError, FazhiError, NotAReportError
from .ingest import RawDocument, read_document
from .model import Mention, ReportMeta, ReportResult, Sentence
from .normalize import normalize

#: Bump when extraction logic changes in a way the reference-data fingerprint does not show.
EXTRACTOR_VERSION = "0.2.0"


def extract_text(text: str, file: str = "report.txt", path: str = "", sha1: str = "",
                 hints: dict[str, str] | None = None) -> ReportResult:
    """``hints``: evidence beside the text (a web page's meta tags, values declared in metadata.csv)."""
    from .nlp import process

    norm, offsets = normalize(text)
    if not norm.strip():
        raise NotAReportError("no text", file)
    try:
        doc = process(norm, file=file, meta=ReportMeta(hints=dict(hints or {})))
    except FazhiError:
        raise
    except Exception as e:  # a bug in an extractor: report it on one line, keep building others
        raise ExtractionError(f"extractor failed: {type(e).__name__}: {e}", file) from e
    meta = doc._.fz_meta
    if not meta.bureau:
        raise NotAReportError("no reporting bureau found (is this a 法治政府建设情况报告?)", file)
    mentions: list[Mention] = list(doc._.fz_mentions or [])
    for m in mentions:
        m.orig_start = offsets[m.start]
        m.orig_end = offsets[m.end] if m.end < len(offsets) else len(text)
    sentences = [Sentence(s, e, norm[s:e].strip()) for s, e in (doc._.fz_sentences or [])]
    figures = list(getattr(doc._, "fz_figures", None) or [])
    for m in figures:
        m.orig_start, m.orig_end = offsets[m.start], (offsets[m.end] if m.end < len(offsets) else len(text))
    return ReportResult(
        file=file, path=path, sha1=sha1, meta=meta, mentions=mentions, sentences=sentences, chars=len(norm),
        figures=figures,
    )


def extract_document(raw: RawDocument) -> ReportResult:
    return extract_text(raw.text, file=raw.path.name, path=str(raw.path), sha1=raw.sha1, hints=raw.hints)


def extract_file(path: str | Path) -> ReportResult:
    return extract_document(read_document(path))
