"""Reading report files into text.

Reports reach users as text files in whatever encoding a government site used, Word
``.docx`` and PDF attachments, and web pages saved from a site. Each format has a reader in
``READERS`` (``suffix -> reader(path, data) -> (text, encoding-or-format)``); every failure
is an :class:`~fazhigraph.errors.IngestError` whose message is one line naming the reason.

* ``.txt``: BOMs (UTF-8, UTF-16, UTF-32), strict UTF-8, BOM-less UTF-16 (by its NUL
  pattern), then charset-normalizer (GB18030/GBK, Big5 ...). A decoding is accepted only if
  the result looks like text (no control characters, few unusual code points); otherwise
  the file is reported as undecodable instead of being guessed silently wrong.
* ``.docx``: paragraphs and tables in body order (python-docx); one table row per line,
  cells separated by `` | ``.
* ``.pdf``: the text layer (pypdf), lines wrapped by the page width joined back; a PDF
  without a text layer (a scan) is reported as such.
* ``.html``/``.htm``: the article body (trafilatura), the page title kept as the first line
  when the body does not repeat it; a plain lxml fallback without scripts, styles,
  navigation, header and footer.
* ``.doc`` (old binary Word): refused with a message saying how to convert it.

Size limit: files larger than ``MAX_BYTES`` (default 32 MB, override with the environment
variable ``FAZHI_MAX_MB``) are refused, not streamed: a real annual report is well under
1 MB of text, and a 50 MB "report" is nearly always a scan or a mistake. The text read from
any file is likewise capped at ``MAX_CHARS`` characters (a zip bomb in a ``.docx`` stops
there too).
"""
from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .declared import FILE_NAME as DECLARED_FILE
from .declared import declared_for, keyed
from .errors import IngestError


def _env_mb(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


MAX_BYTES = _env_mb("FAZHI_MAX_MB", 32) * 1024 * 1024
#: Upper bound on the extracted text of one file (characters).
MAX_CHARS = 5_000_000


@dataclass
class RawDocument:
    path: Path
    text: str
    sha1: str
    encoding: str = "utf-8"
    #: evidence about the report beside its text: ``page.SiteName`` … (a web page's meta tags) and
    #: ``declared.body`` … (metadata.csv, see :mod:`fazhigraph.declared`)
    hints: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def _text_quality(text: str) -> float:
    """Share of characters that are implausible in a report (controls, private use, unassigned)."""
    if not text:
        return 0.0
    sample = text if len(text) <= 200_000 else text[:100_000] + text[-100_000:]
    bad = 0
    # classify each distinct character once (a report uses a few thousand) and weigh it by
    # its count: ``Counter`` counts in C, a per-character loop classified every character
    for ch, count in Counter(sample).items():
        if ch in "\n\r\t\f\v":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd":
            bad += count
    return bad / len(sample)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 controls in the first 8 KiB (UTF-16/32 are checked before this)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13, 27))
    return ctrl > max(4, len(head) // 100)


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese report is made of (ASCII, CJK ideographs and punctuation)."""
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        o = ord(ch)
        if (0x20 <= o < 0x7F or ch in "\n\r\t" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
                or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x206F or 0x3400 <= o <= 0x4DBF):
            ok += 1
    return ok / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the byte order whose text looks like a report."""
    if len(data) < 4:
        return None
    head = data[:8192 - 8192 % 2]
    best, best_score = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            sample = head.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausible_share(sample)
        if score > best_score:
            best, best_score = enc, score
    if best is None or best_score < 0.95:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(best)
    except UnicodeDecodeError:
        return None
    return best if _text_quality(text) < 0.01 else None


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode the bytes of a text file; raise :class:`IngestError` rather than guess wrong."""
    for bom, enc, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), name
            except UnicodeDecodeError as e:
                raise IngestError(f"cannot decode the text: invalid {name} after its byte-order mark ({e.reason})", path) from None
    if b"\x00" in data[:8192]:
        enc16 = _utf16_without_bom(data)
        if enc16:
            return data[: len(data) - len(data) % 2].decode(enc16), enc16
        raise IngestError("binary file, not text (NUL bytes)", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _text_quality(text) > 0.02 or "\x00" in text:
            raise IngestError("binary file, not text (control characters)", path)
        return text, "utf-8"
    if _looks_binary(data):
        raise IngestError("binary file, not text (NUL or control bytes)", path)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000], cp_isolation=None).best()
    if best is None:
        raise IngestError("cannot decode the text (unknown encoding; save it as UTF-8)", path)
    enc = best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(f"cannot decode the text (looks like {enc} but is not valid; save it as UTF-8)", path) from None
    if best.chaos > 0.25 or _text_quality(text) > 0.01:
        raise IngestError(f"cannot decode the text reliably (best guess {enc} gives garbage; save it as UTF-8)", path)
    if not any(_is_cjk_ideograph(ch) for ch in text[:20000]) and not text[:20000].isascii():
        # A Chinese report decodes to Chinese characters; anything else is a wrong guess.
        raise IngestError(f"cannot decode the text reliably (best guess {enc} gives no Chinese text; save it as UTF-8)", path)
    return text, enc


def _is_cjk_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def _read_txt(path: Path, data: bytes) -> tuple[str, str]:
    return decode_text(data, str(path))


# --------------------------------------------------------------------------- docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOC_HELP = (
    "old binary Word .doc is not supported: convert it to .docx first, e.g. "
    "`libreoffice --headless --convert-to docx FILE.doc` (or open it in Word/WPS and save as .docx)"
)
#: Refuse a .docx whose parts unpack to more than this (zip bomb guard).
MAX_UNPACKED = 256 * 1024 * 1024


def _read_doc(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"PK"):
        return _read_docx(path, data)  # a .docx saved with the wrong suffix
    if data.lstrip()[:1] in (b"{",) and data.lstrip().startswith(b"{\\rtf"):
        raise IngestError("this .doc is really RTF: save it as .docx or .txt", str(path))
    raise IngestError(_DOC_HELP, str(path))


def _docx_blocks(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return lines


def _table_lines(table) -> list[str]:
    out = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            if cell._tc is prev:  # merged cells repeat
                continue
            prev = cell._tc
            nested = [ln for t in cell.tables for ln in _table_lines(t)]
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if nested:
                text = " ".join([text] + nested).strip()
            cells.append(text)
        if any(cells):
            out.append(" | ".join(cells))
    return out


def _read_docx(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(_OLE_MAGIC):
        raise IngestError(_DOC_HELP.replace("old binary Word .doc", "this .docx is really an old binary Word .doc"), str(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise IngestError("not a Word document (.docx without word/document.xml)", str(path))
            if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED:
                raise IngestError("damaged or hostile .docx (unpacks to more than 256 MB)", str(path))
            bad = zf.testzip()
            if bad is not None:
                raise IngestError(f"damaged or truncated .docx (corrupt part {bad})", str(path))
    except zipfile.BadZipFile:
        raise IngestError("damaged or truncated .docx (not a valid zip archive)", str(path)) from None
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = _docx_blocks(document)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"damaged .docx ({type(e).__name__}: {_one_line(e)})", str(path)) from None
    return "\n".join(lines), "docx"


# --------------------------------------------------------------------------- pdf

_END_PUNCT = "。！？；：!?;:…」』”）)"


def _reflow_pdf_lines(lines: list[str]) -> list[str]:
    """Join lines that were wrapped by the page width (they end without punctuation and are full)."""
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if not lengths:
        return lines
    full = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) >= 10 else -1]
    out: list[str] = []
    joining = False
    for ln in lines:
        s = ln.strip()
        if joining and s and out:
            out[-1] = out[-1] + s
        else:
            out.append(s)
        joining = bool(s) and full >= 15 and len(s) >= full * 0.85 and s[-1] not in _END_PUNCT
    return out


def _read_pdf(path: Path, data: bytes) -> tuple[str, str]:
    if not data.lstrip().startswith(b"%PDF"):
        raise IngestError("not a PDF (no %PDF header)", str(path))
    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise IngestError("encrypted PDF (password protected): save an unprotected copy", str(path))
        pages = list(reader.pages)
        texts = []
        total = 0
        for page in pages:
            t = page.extract_text() or ""
            texts.append(t)
            total += len(t)
            if total > MAX_CHARS:
                break
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, IndexError) as e:
        raise IngestError(f"damaged or truncated PDF ({type(e).__name__}: {_one_line(e)})", str(path)) from None
    except Exception as e:  # pypdf raises a variety of errors on broken files
        raise IngestError(f"damaged PDF ({type(e).__name__}: {_one_line(e)})", str(path)) from None
    if not pages:
        raise IngestError("damaged or truncated PDF (no pages)", str(path))
    if not "".join(texts).strip():
        raise IngestError(
            f"scanned PDF with no text layer ({len(pages)} page(s)): run OCR first, e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf`",
            str(path),
        )
    lines: list[str] = []
    for t in texts:
        lines.extend(t.splitlines())
    return "\n".join(_reflow_pdf_lines(lines)), "pdf"


# --------------------------------------------------------------------------- html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th"}
_NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template", "svg", "button", "select")


def _decode_html(path: Path, data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    if m and not any(data.startswith(b) for b, _, _ in _BOMS):
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass  # the declared charset is wrong: detect instead
    return decode_text(data, str(path))[0]


def _html_fallback(tree) -> str:
    for bad in tree.xpath("|".join(f"//{t}" for t in _NOISE_TAGS)):
        bad.drop_tree()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() in ("td", "th"):
                el.tail = " | " + (el.tail or "").lstrip("\n")
    body = tree.find(".//body")
    text = (body if body is not None else tree).text_content()
    return "\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


def _read_html(path: Path, data: bytes) -> tuple[str, str]:
    import lxml.html

    html = _decode_html(path, data)
    if not html.strip():
        raise IngestError("empty web page", str(path))
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as e:
        raise IngestError(f"unreadable web page ({type(e).__name__}: {_one_line(e)})", str(path)) from None
    title = " ".join((tree.findtext(".//title") or "").split())
    h1 = " ".join(tree.xpath("string(//h1)").split()) if tree.xpath("//h1") else ""
    for bad in tree.xpath("|".join(f"//{t}" for t in _NOISE_TAGS)):
        bad.drop_tree()  # never part of the article body
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    body = None
    try:
        import trafilatura

        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        body = trafilatura.extract(
            cleaned, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False, output_format="txt"
        )
    except Exception:
        body = None
    fmt = "html"
    if not body or len(body.strip()) < 50:
        body = _html_fallback(tree)
        fmt = "html-fallback"
    heading = h1 or _title_without_site(title)
    if heading and heading.replace(" ", "") not in body[:500].replace(" ", ""):
        body = heading + "\n" + body
    if not body.strip():
        raise IngestError("web page without text", str(path))
    return body, fmt


#: Meta tags that Chinese government websites carry by the national standard for government
#: website pages (国务院办公厅《政府网站发展指引》): the site, its code, the column, the article's
#: title, publication date and source.
PAGE_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
             "ContentSource", "Keywords", "Author", "Url")
_META_TAG = re.compile(r"<meta\s[^>]*>", re.I)
_META_ATTR = re.compile(r"""(name|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def page_meta(data: bytes) -> dict[str, str]:
    """The standard meta tags of a government web page (``SiteName``, ``ContentSource`` …) as
    ``page.NAME`` hints; {} for a page without them."""
    head = data[:65536]
    m = _META_CHARSET.search(head[:4096])
    enc = (m.group(1).decode("ascii", "ignore").lower() if m else "utf-8") or "utf-8"
    enc = "gb18030" if enc in ("gb2312", "gbk") else enc
    try:
        html = head.decode(enc, errors="ignore")
    except LookupError:
        html = head.decode("utf-8", errors="ignore")
    wanted = {n.lower(): n for n in PAGE_META}
    out: dict[str, str] = {}
    for tag in _META_TAG.findall(html):
        attrs = {a.lower(): (b or c or d) for a, b, c, d in _META_ATTR.findall(tag)}
        name = wanted.get(attrs.get("name", "").strip().lower())
        value = " ".join(attrs.get("content", "").split())
        if name and value and f"page.{name}" not in out:
            out[f"page.{name}"] = value[:300]
    return out


def _title_without_site(title: str) -> str:
    """`关于……的报告_某某市人民政府` -> the part that is not the site name (the longest part)."""
    parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+-\s+", title) if p.strip()]
    return max(parts, key=len) if parts else ""


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200]


# --------------------------------------------------------------------------- entry points

READERS: dict[str, Callable[[Path, bytes], tuple[str, str]]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".docx": _read_docx,
    ".doc": _read_doc,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
    ".shtml": _read_html,
    ".xhtml": _read_html,
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'} (supported: {', '.join(supported_suffixes())})", str(path))
    try:
        st = path.stat()
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror or e})", str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("not a regular file", str(path))
    if st.st_size > MAX_BYTES:
        raise IngestError(
            f"file too large ({st.st_size / 1048576:.0f} MB > {MAX_BYTES // 1048576} MB; set FAZHI_MAX_MB to raise the limit)",
            str(path),
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror or e})", str(path)) from None
    if len(data) > MAX_BYTES:
        raise IngestError(f"file too large (> {MAX_BYTES // 1048576} MB; set FAZHI_MAX_MB to raise the limit)", str(path))
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise IngestError("empty file", str(path))
    text, enc = reader(path, data)
    if len(text) > MAX_CHARS:
        raise IngestError(f"text too long ({len(text)} characters > {MAX_CHARS})", str(path))
    if not text.strip():
        raise IngestError("no text in file", str(path))
    hints = page_meta(data) if reader is _read_html else {}
    hints.update(declared_for(path))
    return RawDocument(path=path, text=text, sha1=keyed(hashlib.sha1(data).hexdigest(), path) or "", encoding=enc,
                       hints=hints)


@dataclass
class Skipped:
    """A file found under the corpus that is not built, and why (one line each)."""

    path: Path
    reason: str

    def line(self) -> str:
        return f"[skip] {self.path}: {self.reason}"


def scan(root: str | Path) -> tuple[list[Path], list[Skipped]]:
    """Report files under ``root`` and the files skipped.

    Folders are walked following symbolic links, each real folder once (a link loop ends
    there). Hidden files and folders are ignored. Skipped: files with a suffix no reader
    handles, a second link to a file already found, and a second file with the same name
    (reports are identified by file name). Order is sorted by name, then path.
    """
    root = Path(root)
    if root.is_file():
        return [root], []
    if not root.is_dir():
        raise IngestError("no such file or directory", str(root))
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: skipped.append(Skipped(Path(e.filename or root), f"cannot list folder ({e.strerror})"))):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a link back to a folder already walked
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append(Path(dirpath) / name)
    found.sort(key=lambda p: (p.name, str(p)))
    out: list[Path] = []
    seen_files: dict[tuple[int, int], Path] = {}
    seen_names: dict[str, Path] = {}
    for p in found:
        if p.name == DECLARED_FILE:  # the reports' declared metadata, read with each report
            continue
        if p.suffix.lower() not in READERS:
            skipped.append(Skipped(p, f"unsupported file type {p.suffix or '(none)'}"))
            continue
        try:
            st = p.stat()
        except OSError as e:
            # a dangling or looping link: report it as a failure when read
            out.append(p)
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            skipped.append(Skipped(p, f"same file as {seen_files[key]}"))
            continue
        if p.name in seen_names:
            skipped.append(Skipped(p, f"same file name as {seen_names[p.name]} (reports are identified by name; rename one)"))
            continue
        seen_files[key] = p
        seen_names[p.name] = p
        out.append(p)
    skipped.sort(key=lambda s: str(s.path))
    return out, skipped


def discover(root: str | Path) -> list[Path]:
    """Report files under ``root`` (a file or a folder), sorted, each real file once."""
    return scan(root)[0]
