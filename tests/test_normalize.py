"""normalize.py: canonical text for the extractors with an exact map back to the original."""
from __future__ import annotations

import pytest

from fazhigraph.normalize import normalize, normalize_text


def check_offsets(text: str) -> str:
    norm, offs = normalize(text)
    assert len(offs) == len(norm) + 1
    assert offs[-1] == len(text)
    assert all(a < b for a, b in zip(offs, offs[1:])), "offsets must strictly increase"
    return norm


@pytest.mark.parametrize(
    "text, expected",
    [
        ("南开区生态环境局 2022 年法治政府建设 情况报告", "南开区生态环境局2022年法治政府建设情况报告"),
        ("组织开展宣传活 动", "组织开展宣传活动"),
        ("２０２２年ＡＢＣ", "2022年ABC"),
        ("全面\u3000推进", "全面推进"),
        ("《中华人民共和国\u200b行政处罚法》", "《中华人民共和国行政处罚法》"),
        ("开展普法[bookmark: _GoBack]宣传", "开展普法宣传"),
        ("图片[image: logo.png]后", "图片后"),
        ("⽣态环境局", "生态环境局"),  # Kangxi radical U+2F63 from a PDF text layer
        ("a   b\tc", "a b c"),
        ("line1\r\nline2\rline3", "line1\nline2\nline3"),
        ("软\u00ad连字", "软连字"),
    ],
)
def test_normalized_forms(text, expected):
    assert check_offsets(text) == expected


def test_offsets_point_at_the_source_characters():
    text = "２０２２ 年，[bookmark: _GoBack]西青区 生态环境局\r\n落实《环境保护法》"
    norm, offs = normalize(text)
    for i, ch in enumerate(norm):
        src = text[offs[i]]
        assert src == ch or normalize_text(src) == ch or src in "\r"
    start = norm.index("环境保护法")
    end = start + len("环境保护法")
    assert text[offs[start]:offs[end]] == "环境保护法"


def test_title_split_across_lines_is_joined():
    text = "西青区生态环境局2021年法治政府\n建设情况报告\n\n2021年，我局坚持依法行政。\n"
    norm = check_offsets(text)
    assert norm.startswith("西青区生态环境局2021年法治政府建设情况报告\n")


def test_title_after_a_web_label_is_not_glued_to_it():
    norm = check_offsets("正文\n黄石市生态环境局2025年度法治政府建设工作报告\n2025年，市生态环境局……")
    assert norm.startswith("正文\n黄石市")


def test_wrapped_section_heading_is_joined():
    text = "一、坚持依法全面履行政府职能，推进\n生态环境治理能力现代化\n局领导班子带头学法。"
    norm = check_offsets(text)
    assert norm.splitlines()[0] == "一、坚持依法全面履行政府职能，推进生态环境治理能力现代化"
    assert norm.splitlines()[1] == "局领导班子带头学法。"


@pytest.mark.parametrize(
    "text",
    [
        "一、加强组织领导\n局党组切实履行推进法治建设第一责任人职责，组织开展“八五”普法宣传活动。",
        "一、强化法治引领\n（一）以上率下深化理论武装",
        "关于2017年度法治政府建设情况的报告\n省政府法制办：",
        "完成了全年任务。\n建设情况报告",
        "序号\n1\n2",
    ],
)
def test_lines_that_are_not_split_headings_stay_apart(text):
    assert check_offsets(text).count("\n") == text.count("\n")


def test_empty_and_whitespace_only():
    assert normalize("") == ("", [0])
    assert check_offsets(" \t\u3000 ") == ""
    assert check_offsets("\u200b\ufeff") == ""


def test_control_and_format_characters_are_dropped():
    assert check_offsets("法\x07治\u202e政\x1b府") == "法治政府"
