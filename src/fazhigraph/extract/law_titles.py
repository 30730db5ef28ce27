"""Title forms of documents: year ranges and titles cited without 《》.

- :func:`year_range_key`: one comparison form for every spelling of a year range in a title
  (2021—2025年, 2021-2025, 2021年～2025年, 2021 —2025, 2021年至2025年, 20212025 with the dash lost),
  so that one document is one catalogue entry and one graph node whatever the report wrote;
- :func:`unbracketed`: titles written without 《》 (制定2023年普法工作要点, 印发湟中区法治政府建设实施方案,
  修订农业农村部工作规则): a citing verb, then a title that starts with a year, a region or the
  reporting body and ends in a document-type word (``law_unbracketed.tsv``).
"""
from __future__ import annotations

import functools
import re

from .. import regions, resources
from ..year_ranges import year_range_key  # noqa: F401  (re-exported for laws.py)

# ---------------------------------------------------------------- titles without 《》


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    return resources.grouped("law_unbracketed.tsv", "kind", "pattern")


@functools.lru_cache(maxsize=1)
def _title_rx() -> tuple[re.Pattern, re.Pattern] | None:
    """(verb then title, title alone): a title ends in a document-type word before a clause
    boundary; the second pattern reads the next title of a list (…条例和石家庄市…条例)."""
    w = _words()
    if not w.get("verb") or not w.get("end"):
        return None
    verbs = "|".join(sorted(set(w["verb"]) | set(w.get("issue", ())), key=len, reverse=True))
    ends = "|".join(sorted(w["end"], key=len, reverse=True))
    open_ends = "|".join(sorted(w.get("open_end", ()), key=len, reverse=True)) or "(?!)"
    stop = "".join(w.get("boundary", ("，。；;、",)))
    note = r"[（(](?:试行|暂行|修订|修订版|(?:19|20)\d{2}\s*[—–\-－~～至]+\s*(?:19|20)\d{2}\s*年?)[）)]"
    title = (rf"(?P<t>[\u4e00-\u9fff\d][^\s，。；;：:、！？!?《》\n]{{1,40}}?"
             rf"(?:(?:{ends})(?:{note})?(?=[{stop}]|\s|$)|(?:{open_ends})))")
    # titles in 《》 (masked) may stand between the verb and this one: 对照《…纲要》和江西省…实施方案
    return re.compile(rf"(?P<v>{verbs})了?(?:\u3000+[{_LIST_JOIN}])*{title}"), re.compile(title)


#: a title led by the bare word for the report's own province (执行省安全生产条例)
PROVINCE_LEAD = re.compile(r"^(?:省|自治区)(?![委级内外直属会])(?!政府|人大|政协|人民)")
_LIST_JOIN = "和及与、"
_YEAR_START = re.compile(r"^(?:19|20)\d{2}\s*年度?")


def _bureau_forms(meta) -> list[str]:
    """The reporting body's name and that name without its region/country prefix (农业农村部)."""
    forms = []
    bureau = getattr(meta, "bureau", "") or ""
    if len(bureau) >= 4:
        forms.append(bureau)
        for head in ("中华人民共和国", *meta.region_path):
            if head and bureau.startswith(head) and len(bureau) - len(head) >= 4:
                forms.append(bureau[len(head):])
    return forms


@functools.lru_cache(maxsize=1)
def _organs() -> tuple[str, ...]:
    """Names and written forms of national organs (ontology/agencies.tsv), longest first."""
    forms = set()
    for row in resources.read_tsv("agencies.tsv"):
        for f in (row["name"], *resources.split_list(row.get("aliases", ""))):
            if len(f) >= 3:
                forms.add(f)
    return tuple(sorted(forms, key=len, reverse=True))


def is_organ(text: str) -> bool:
    """Is ``text`` empty or the name of a national organ (中共中央, 国务院)?"""
    return not text or text in _organs()


def _named_start(title: str, meta, issued: bool) -> bool:
    """Does the title start with a year (after an issuing verb), a region, a national organ or
    the reporting body: does it name a particular document?"""
    if _YEAR_START.match(title):
        return issued
    if any(title.startswith(f) for f in _organs()):
        return True
    for part in meta.region_path:
        if part and (title.startswith(part) or (len(regions.short_name(part)) >= 2
                                                 and title.startswith(regions.short_name(part)))):
            return True
    if any(title.startswith(f) for f in _bureau_forms(meta)):
        return True
    found = regions.find_regions(title[:14])
    return bool(found) and found[0][0] == 0


def unbracketed(text: str, meta) -> list[tuple[int, int]]:
    """(start, end) of each title cited without 《》 in ``text`` (already masked where titles in
    《》 stand); the title must start with a year, a region or the reporting body."""
    rxs = _title_rx()
    if rxs is None:
        return []
    cited, alone = rxs
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := cited.search(text, pos)) is not None:
        pos = m.start("t")  # no title here: a verb inside it may start one (学习贯彻…)
        issued = m.group("v") in _words().get("issue", ())
        while m is not None and _is_title(m.group("t"), meta, issued):
            out.append((m.start("t"), m.end("t")))
            pos = nxt = m.end("t")  # a list of titles: …条例和石家庄市…条例
            m = alone.match(text, nxt + 1) if nxt < len(text) and text[nxt] in _LIST_JOIN else None
    return out


def _is_title(title: str, meta, issued: bool) -> bool:
    if not (_named_start(title, meta, issued) or PROVINCE_LEAD.match(title)) or not _has_topic(title, meta):
        return False
    w = _words()
    if "关于" not in title and any(title.endswith(e) for e in w.get("needs_about", ())):
        return False  # 根据湖州市人民政府办公室通知: a notice, not its title
    banned = w.get("not", ())
    return not (any(b in title for b in banned) or ("的" in title and "关于" not in title)
                or title.count("“") != title.count("”"))


def _lead_length(title: str, meta) -> int:
    """Length of the year or region a title starts with (an organ's name is a topic: 生态环境部工作规则)."""
    y = _YEAR_START.match(title)
    if y:
        return y.end()
    best = max((len(p) for p in meta.region_path if p and title.startswith(p)), default=0)
    found = regions.find_regions(title[:14])
    if found and found[0][0] == 0:
        best = max(best, found[0][1])
    lead = PROVINCE_LEAD.match(title)
    return best or (len(lead.group()) if lead else 0)


#: A region's measures implementing a national law: 西藏自治区实施《中华人民共和国野生动物保护法》办法.
_IMPLEMENTING = re.compile(r"实施《[^《》\n]{2,40}》(?:办法|细则|条例|若干规定|规定)")


def implementing(text: str) -> list[tuple[int, int]]:
    """(start, end) of each region's title implementing a law cited in 《》 inside it (西藏自治区实施
    《中华人民共和国野生动物保护法》办法): a region's name must lead it."""
    out = []
    for m in _IMPLEMENTING.finditer(text):
        lead = [r for r in regions.find_regions(text[max(0, m.start() - 12):m.start()])
                if r[1] == min(12, m.start())]
        if lead:
            start = max(0, m.start() - 12) + min(r[0] for r in lead)
            out.append((start, m.end()))
    return out


def _has_topic(title: str, meta) -> bool:
    """More than a lead (year, region), a document-type word and generic words
    (2023年工作计划, 湖州市规定 name nothing)."""
    w = _words()
    rest = title[_lead_length(title, meta):]
    rest = _YEAR_START.sub("", rest)
    for end in sorted(w.get("end", ()), key=len, reverse=True):
        if rest.endswith(end):
            rest = rest[: -len(end)]
            break
    for g in sorted(w.get("generic", ()), key=len, reverse=True):
        rest = rest.replace(g, "")
    return len(rest) >= 2
