"""Report metadata: the reporting body (canonical name, surface forms, the evidence and a
confidence), its region path (GB/T 2260 codes) and the year the report is about.

This module finds the title block (the line carrying 报告/总结 plus the short lines right before
it, page chrome left out, and a line that continues it) and the year; the body is one decision
over all the evidence (:mod:`fazhigraph.extract.body`): title, page chrome and meta tags, the
text's own references (我局, 我县), document numbers, 索引号, salutation and the places named,
with a value declared in ``metadata.csv`` winning.

A party group issuing the report (中共青岛市交通运输局党组) stands for its bureau; branch bureaus
(温州市生态环境局泰顺分局, 深圳市生态环境局龙岗管理局) take the branch's area as region.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import organs as og
from .. import regions as rg
from . import body, meta_of, register

COMPONENT = "fazhi_metadata"

_TITLE_WORDS = re.compile(r"报告|总结|情况$")
_TITLE_TOPIC = re.compile(r"法治|依法行政|法制")
_CHROME_TITLE = re.compile(r"标\s*题\s*[|｜:：]\s*\|?\s*([^|｜\n]{6,120})")
_YEAR = re.compile(r"(?<![\d\-—–~至到])(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_SELF = re.compile(r"(?:我|本)(局|厅|委|办|部|署)")
_QUOTED = re.compile(r"《[^》]{0,200}》")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
HEAD = 1200  # characters searched for the title and the chrome


def _lines(text: str, limit: int) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for ln in text[:limit].split("\n"):
        out.append((pos, pos + len(ln), ln.strip()))
        pos += len(ln) + 1
    return out


def find_title(text: str) -> tuple[int, int, str]:
    """(start, end, title) of the report's title block; (0, 0, "") if none is found."""
    lines = [x for x in _lines(text, HEAD) if x[2]]
    for k, (s, e, ln) in enumerate(lines[:25]):
        if len(ln) > 90 or "。" in ln or "现将" in ln or ln.startswith(("根据", "按照")) or _ENUM.match(ln):
            continue
        plain = ln.strip("| ")
        if not (_TITLE_WORDS.search(plain) and _TITLE_TOPIC.search(plain)) and not (
            _TITLE_TOPIC.search(plain) and k + 1 < len(lines) and re.fullmatch(r"[\s|]*(?:建设)?(?:工作)?(?:情况)?(?:报告|总结)[\s|]*", lines[k + 1][2])
        ):
            continue
        if _CHROME_TITLE.search(ln) or "|" in ln and "标" in ln:
            continue
        start, end = s, e
        # a heading broken across lines: short preceding lines without sentence punctuation
        kk = k
        while kk > 0 and k - kk < 2:
            ps, pe, pl = lines[kk - 1]
            if len(pl) <= 40 and not re.search(r"[。：:，,|>]|发布|索引|来源|位置|日期|^正文$", pl) \
                    and body.strip_chrome(pl):  # (a line of page chrome only: 无障碍 长者模式)
                start = ps
                kk -= 1
            else:
                break
        if k + 1 < len(lines) and len(lines[k + 1][2]) <= 12 and re.search(r"报告|总结", lines[k + 1][2]) \
                and not re.search(r"报告|总结", ln):
            end = lines[k + 1][1]
        return start, end, re.sub(r"\s+", "", text[start:end].replace("|", ""))
    m = _CHROME_TITLE.search(text[:HEAD])
    if m:
        return m.start(1), m.end(1), m.group(1).strip()
    return 0, 0, ""


_CN_DIGITS = str.maketrans("〇○零ＯO一二三四五六七八九", "0000012345678" + "9")
_CN_YEAR = re.compile(r"(?<![〇○零ＯO一二三四五六七八九十])(二[〇○零ＯO][〇○零ＯO一二三四五六七八九]{2})(?=\s*年)")
#: A period of years: 2021—2022年, 2021年至2022年, 2021-2022年度 -> the later year.
_YEAR_RANGE = re.compile(r"(20\d{2})\s*年?\s*(?:[—–\-~～－至到]{1,2})\s*(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _arabic_years(text: str) -> str:
    """``二〇二三年`` -> ``2023年`` (same length, so offsets are kept)."""
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text)


def find_year(text: str, title: str) -> int | None:
    """The year the report is about: the title's year (the later one of a period, 2021—2022年),
    else the body's first ``20XX年``; ``二〇二三年`` counts as 2023."""
    title = _arabic_years(title)
    m = _YEAR_RANGE.search(title)
    if m:
        return int(m.group(2))
    for m in _YEAR.finditer(title):
        return int(m.group(1))
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), _arabic_years(text[:4000]))
    first_range = _YEAR_RANGE.search(masked[:300])
    for m in _YEAR.finditer(masked):
        if first_range and first_range.start() <= m.start() + 12 and m.start() < first_range.end():
            return int(first_range.group(2))
        return int(m.group(1))
    return None


def _is_department(m: og.OrganMatch) -> bool:
    return rg.department_row(m.core) is not None


def extract(doc: Doc) -> list:
    text = doc.text
    meta = meta_of(doc)
    hints = meta.hints or {}
    ts, te, title = find_title(text)
    meta.title = title
    meta.year = find_year(text, title)
    if hints.get("declared.year", "").isdigit():
        meta.year = int(hints["declared.year"])
    elif meta.year is None and re.match(r"20\d{2}", hints.get("page.PubDate", "")):
        meta.year = int(hints["page.PubDate"][:4]) - 1  # published early the next year
    all_regions = [n for _, _, n in rg.find_regions(text[:6000])]
    organs = og.find_organs(text, all_regions)
    got = body.decide(text, (ts, te), organs, hints)
    meta.bureau_evidence = got.evidence
    meta.bureau_confidence = got.confidence
    meta.bureau_declared = got.declared
    cand = got.body
    if cand is None:
        return []
    meta.bureau = cand.name
    if cand.path is not None:
        meta.region = cand.path[-1] if cand.path else ""
        meta.region_path = list(cand.path)
        meta.region_codes = list(cand.codes or ())
    elif cand.region is not None:
        meta.region = cand.region.name
        meta.region_path = list(cand.region.path)
        meta.region_codes = list(cand.region.codes)
    declared_region = hints.get("declared.region", "")
    if declared_region:  # a declared region wins over the one the body's name gives
        r = rg.resolve(declared_region, all_regions)
        if r is not None:
            meta.region, meta.region_path, meta.region_codes = r.name, list(r.path), list(r.codes)
        elif cand.path is None and cand.region is None:
            meta.region, meta.region_path, meta.region_codes = declared_region, [declared_region], []
    meta.bureau_aliases = _aliases(text, organs, meta)
    for form in cand.forms:
        if form not in meta.bureau_aliases and form != meta.bureau:
            meta.bureau_aliases.append(form)
    return []


def _aliases(text: str, organs: list[og.OrganMatch], meta) -> list[str]:
    """Surface forms the report uses for its own bureau."""
    out: list[str] = []
    for m in organs:
        if not _is_department(m):
            continue
        name = og.organ_name(m, meta)
        if name == meta.bureau:
            form = m.text[: len(m.text) - len(m.tail)] if m.tail else m.text
            if m.party and form.startswith(("中共", "中国共产党")):
                form = form[2:] if form.startswith("中共") else form[5:]
            if form not in out and form != meta.bureau:
                out.append(form)
    for x in _SELF.finditer(text):
        form = x.group(0)
        if form[1] == meta.bureau[-1:] or (form[1] == "委" and meta.bureau.endswith("委员会")):
            if form not in out:
                out.append(form)
    # a branch's short form (泰顺分局, 龙岗管理局)
    for suf in ("分局", "管理局"):
        i = meta.bureau.rfind(suf)
        if i > 0:
            for dept in rg.department_forms():
                j = meta.bureau.find(dept)
                if j >= 0 and j + len(dept) < i + len(suf):
                    short = meta.bureau[j + len(dept):]
                    if short in text and short not in out:
                        out.append(short)
                    break
            break
    return out


def lexicon():
    return []


register(COMPONENT, extract)
