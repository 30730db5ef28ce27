"""Error codes, spaCy-style: every user-facing failure has a code and a one-line message."""
from __future__ import annotations


class FazhiError(Exception):
    """Base error. ``str(err)`` is one line: ``[E001] file.txt: reason``."""

    code = "E000"

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        self.reason = message
        where = f"{path}: " if path else ""
        super().__init__(f"[{self.code}] {where}{message}")


class IngestError(FazhiError):
    """A file could not be read or decoded."""

    code = "E001"


class NotAReportError(FazhiError):
    """A file was read but does not look like a report (no bureau, no text ...)."""

    code = "E002"


class ExtractionError(FazhiError):
    """An extractor crashed on a report (a bug: please report it with the file)."""

    code = "E003"


class OntologyError(FazhiError):
    """Reference data under ontology/ is missing or malformed."""

    code = "E010"


class QueryError(FazhiError):
    """A SPARQL query is malformed, forbidden (update, SERVICE, LOAD ...) or timed out."""

    code = "E020"


class OutputError(FazhiError):
    """An output path is not usable."""

    code = "E030"
