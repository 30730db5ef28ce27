"""year_ranges.year_range_key and the linker's node key for documents with a year range."""
from __future__ import annotations

import pytest

from fazhigraph.link import name_key
from fazhigraph.year_ranges import year_range_key


@pytest.mark.parametrize("spelling", [
    "某市法治建设规划（2021—2025年）", "某市法治建设规划(2021-2025)", "某市法治建设规划（2021年～2025年）",
    "某市法治建设规划（2021 —2025年）", "某市法治建设规划（20212025年）", "某市法治建设规划（2021年至2025年）",
])
def test_one_node_key_whatever_the_year_range_looks_like(spelling):
    assert name_key(spelling) == "某市法治建设规划(2021-2025)"


@pytest.mark.parametrize("text", ["2023年度工作计划", "编号20231234", "2025-2021", "1990-2030年"])
def test_what_is_no_year_range_is_left_alone(text):
    assert year_range_key(text) == text


def test_a_yearly_word_after_the_range_is_kept():
    assert year_range_key("2021-2025年度规划") == "2021-2025年度规划"
