"""``metadata.csv`` beside the reports: a report's body, region or year as its user knows them.

An optional UTF-8 CSV in a report's folder, with a header line naming any of the columns
``file, body, region, year, url`` (``file`` is required: the report's file name, or its path
relative to the folder). A value given there wins over what the text says, and the graph records
that it was declared (``fz:bodyDeclared``). Example::

    file,body,region,year
    report_01.txt,兰州新区生态环境局,兰州新区,2024
    report_02.html,,,2023

The declared values take part in the report's cache key (:func:`keyed`), so editing the file
re-extracts exactly the reports whose rows changed.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
from pathlib import Path

from .errors import IngestError

FILE_NAME = "metadata.csv"
COLUMNS = ("file", "body", "region", "year", "url")


@functools.lru_cache(maxsize=64)
def _read(folder: str, stamp: tuple) -> dict[str, dict[str, str]]:
    """Rows of ``folder/metadata.csv`` by file name (``stamp`` invalidates the cache on a change)."""
    path = Path(folder) / FILE_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise IngestError(f"unreadable {FILE_NAME} ({e})", str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "file" not in cols:
        raise IngestError(f"{FILE_NAME} needs a header line with a 'file' column (columns: {', '.join(COLUMNS)})",
                          str(path))
    out: dict[str, dict[str, str]] = {}
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        name = row.get("file", "")
        if name:
            out[name.replace("\\", "/")] = {k: row[k] for k in COLUMNS[1:] if row.get(k)}
    return out


def _folders(path: Path):
    """The report's folder and its parents (a metadata.csv may sit at the corpus root)."""
    for k, folder in enumerate(path.parents):
        if k > 8:
            return
        yield folder


def declared_for(path: str | Path) -> dict[str, str]:
    """Declared values of one report as hints (``declared.body`` …); {} when none is given."""
    path = Path(path)
    for folder in _folders(path):
        csv_path = folder / FILE_NAME
        try:
            st = os.stat(csv_path)
        except OSError:
            continue
        rows = _read(str(folder), (st.st_size, st.st_mtime_ns, st.st_ino))
        rel = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
        row = rows.get(rel) or rows.get(path.name)
        if row:
            return {f"declared.{k}": v for k, v in row.items()}
    return {}


def keyed(sha1: str | None, path: str | Path) -> str | None:
    """A report's cache key: its bytes' SHA-1, folded with its declared values when it has some."""
    if not sha1:
        return sha1
    try:
        got = declared_for(path)
    except IngestError:
        return sha1
    if not got:
        return sha1
    blob = sha1 + "\0" + "\0".join(f"{k}={v}" for k, v in sorted(got.items()))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()
