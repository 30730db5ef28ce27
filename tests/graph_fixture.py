"""A small hand-made graph (two reports of one bureau) for the API, server, export and
validation tests: real ``ReportResult`` objects written by hand, linked by the real code."""
from __future__ import annotations

from fazhigraph.model import Mention, ReportMeta, ReportResult, Sentence

TEXT_A = "西青区生态环境局2021年法治政府建设情况报告。我局认真贯彻《中华人民共和国行政处罚法》，聘请天津某某律师事务所担任法律顾问。"
TEXT_B = "西青区生态环境局2022年法治政府建设情况报告。我局落实行政执法公示制度，学习《中华人民共和国行政处罚法》。"


def _m(text: str, type_: str, surface: str, name: str | None = None, **attrs) -> Mention:
    start = text.index(surface)
    return Mention(type=type_, text=surface, start=start, end=start + len(surface), name=name or surface,
                   attrs=dict(attrs))


def reports() -> list[ReportResult]:
    meta_a = ReportMeta(bureau="天津市西青区生态环境局", region="西青区", region_path=["天津市", "西青区"],
                        region_codes=["120000", "120111"], year=2021, title="西青区生态环境局2021年法治政府建设情况报告")
    meta_b = ReportMeta(bureau="天津市西青区生态环境局", region="西青区", region_path=["天津市", "西青区"],
                        region_codes=["120000", "120111"], year=2022, title="西青区生态环境局2022年法治政府建设情况报告")
    a = ReportResult(
        file="a2021.txt", path="a2021.txt", sha1="a" * 40, meta=meta_a,
        mentions=[
            _m(TEXT_A, "Law", "中华人民共和国行政处罚法", subtype="law"),
            _m(TEXT_A, "LawFirm", "天津某某律师事务所"),
        ],
        sentences=[Sentence(0, TEXT_A.index("。") + 1, TEXT_A[: TEXT_A.index("。") + 1]),
                   Sentence(TEXT_A.index("。") + 1, len(TEXT_A), TEXT_A[TEXT_A.index("。") + 1:])],
        chars=len(TEXT_A),
    )
    b = ReportResult(
        file="b2022.txt", path="b2022.txt", sha1="b" * 40, meta=meta_b,
        mentions=[
            _m(TEXT_B, "System", "行政执法公示制度"),
            _m(TEXT_B, "Law", "中华人民共和国行政处罚法", subtype="law"),
        ],
        sentences=[Sentence(0, TEXT_B.index("。") + 1, TEXT_B[: TEXT_B.index("。") + 1]),
                   Sentence(TEXT_B.index("。") + 1, len(TEXT_B), TEXT_B[TEXT_B.index("。") + 1:])],
        chars=len(TEXT_B),
    )
    return [a, b]


def nquads() -> str:
    from fazhigraph.graph import build_quads

    lines, _ = build_quads(reports())
    return "".join(lines)
