"""Reading report files into text.

First version: ``.txt`` in any encoding charset-normalizer detects. Other formats
(docx, pdf, html) plug in through ``READERS``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import IngestError

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class RawDocument:
    path: Path
    text: str
    sha1: str
    encoding: str = "utf-8"


def _read_txt(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("cannot decode the text (unknown encoding)", str(path))
    return str(best), best.encoding


READERS: dict[str, Callable[[Path, bytes], tuple[str, str]]] = {
    ".txt": _read_txt,
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", str(path)) from None
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size // 1048576} MB > {MAX_BYTES // 1048576} MB)", str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'}", str(path))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", str(path)) from None
    if not data.strip():
        raise IngestError("empty file", str(path))
    text, enc = reader(path, data)
    return RawDocument(path=path, text=text, sha1=hashlib.sha1(data).hexdigest(), encoding=enc)


def discover(root: str | Path) -> list[Path]:
    """Report files under ``root`` (a file or a folder), sorted, each real file once."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise IngestError("no such file or directory", str(root))
    seen: set[Path] = set()
    out: list[Path] = []
    suffixes = set(READERS)
    for p in sorted(root.rglob("*")):
        if p.name.startswith(".") or p.suffix.lower() not in suffixes:
            continue
        try:
            real = p.resolve()
            if not real.is_file() or real in seen:
                continue
        except (OSError, RuntimeError):
            continue
        seen.add(real)
        out.append(p)
    return sorted(out, key=lambda p: (p.name, str(p)))
