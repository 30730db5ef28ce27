"""Hand-built reports shared by the view and analytics tests (no extraction involved)."""
from __future__ import annotations

from fazhigraph.model import Mention, ReportMeta, ReportResult, Sentence

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.__pwned=1</script>"


def report(file: str, bureau: str, year: int, sentences: list[str], mentions: list[tuple],
           region_path=("天津市", "西青区")) -> ReportResult:
    """``mentions``: (type, surface text, canonical name[, aliases]); each is found in the sentences in order."""
    text, sents, pos = "", [], 0
    for s in sentences:
        sents.append(Sentence(pos, pos + len(s), s))
        text += s
        pos += len(s)
    ms, at = [], 0
    for type_, surface, name, *aliases in mentions:
        i = text.find(surface, at)
        if i < 0:
            i = text.find(surface)
        assert i >= 0, surface
        ms.append(Mention(type=type_, text=surface, start=i, end=i + len(surface), name=name, aliases=list(aliases[0]) if aliases else []))
        at = i + 1
    meta = ReportMeta(bureau=bureau, region=region_path[-1], region_path=list(region_path), year=year)
    return ReportResult(file=file, path=file, sha1="0" * 40, meta=meta, mentions=ms, sentences=sents, chars=len(text))


def reports() -> list[ReportResult]:
    xq = "天津市西青区生态环境局"
    nk = "天津市南开区生态环境局"
    return [
        report("xq2021.txt", xq, 2021, [
            "我局聘请金诺律师事务所担任法律顾问。",
            "严格执行《中华人民共和国行政处罚法》和《中华人民共和国环境保护法》。",
            "落实行政执法公示制度，接受" + XSS_IMG + "监督。",
        ], [("LawFirm", "金诺律师事务所", "金诺律师事务所"),
            ("Law", "中华人民共和国行政处罚法", "中华人民共和国行政处罚法", ["行政处罚法"]),
            ("Law", "中华人民共和国环境保护法", "中华人民共和国环境保护法"),
            ("System", "行政执法公示制度", "行政执法公示制度"),
            ("Agency", XSS_IMG, XSS_IMG)]),
        report("xq2024.txt", xq, 2024, [
            "依据《行政处罚法》开展执法。",
            "推行“双随机、一公开”监管制度，学习" + XSS_SCRIPT + "。",
            "与天津市西青区司法局共同开展普法。",
        ], [("Law", "行政处罚法", "行政处罚法"),
            ("System", "“双随机、一公开”监管制度", "“双随机、一公开”监管制度"),
            ("Law", XSS_SCRIPT, XSS_SCRIPT),
            ("Agency", "天津市西青区司法局", "天津市西青区司法局")]),
        report("nk2022.txt", nk, 2022, [
            "我局邀请金诺律师事务所参与重大行政决策合法性审查。",
            "贯彻《中华人民共和国行政处罚法》。",
            "落实行政执法公示制度。",
        ], [("LawFirm", "金诺律师事务所", "金诺律师事务所"),
            ("Law", "中华人民共和国行政处罚法", "中华人民共和国行政处罚法"),
            ("System", "行政执法公示制度", "行政执法公示制度")], region_path=("天津市", "南开区")),
    ]


def build_graph(tmp_path, reps=None):
    """Write graph.ttl for the reports the way a build does; return (path, linker)."""
    from fazhigraph.graph import build_quads
    from fazhigraph.outputs import atomic_write_bytes, serialize_quads

    lines, linker = build_quads(reps or reports())
    path = tmp_path / "graph.ttl"
    atomic_write_bytes(path, serialize_quads(lines, "ttl"))
    return path, linker
