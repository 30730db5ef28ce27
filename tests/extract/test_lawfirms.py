"""Law firm names: left boundary, branches, and what is no firm."""
from __future__ import annotations

import pytest

from fazhigraph.extract import lawfirms


def firms(make_doc, text):
    return [(m.text, m.name) for m in lawfirms.extract(make_doc(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("外聘金诺律师事务所专业团队参与案件审议。", "金诺律师事务所"),
        ("局执法支队邀请金诺律师事务所法律顾问深入各街镇。", "金诺律师事务所"),
        ("兼职法律顾问聘请金诺律师事务所环境执法团队担任。", "金诺律师事务所"),
        ("委托北京大成（天津）律师事务所开展合法性审查。", "北京大成（天津）律师事务所"),
        ("与北京市盈科(沈阳)律师事务所签订法律顾问合同。", "北京市盈科（沈阳）律师事务所"),
        ("由北京浩天信和律师事务所提供服务。", "北京浩天信和律师事务所"),
    ],
)
def test_firm_name_left_boundary(make_doc, text, expected):
    assert [name for _, name in firms(make_doc, text)] == [expected]


def test_span_covers_the_name_only(make_doc):
    text = "外聘金诺律师事务所专业团队"
    ((surface, name),) = firms(make_doc, text)
    assert surface == "金诺律师事务所" == name


def test_two_firms_in_one_sentence(make_doc):
    got = firms(make_doc, "与北京德和衡律师事务所、天津金诺律师事务所合作。")
    assert [n for _, n in got] == ["北京德和衡律师事务所", "天津金诺律师事务所"]


@pytest.mark.parametrize(
    "text",
    [
        "律师事务所律师参与审核。",
        "与3家律师事务所签订合同。",
        "多家律师事务所参与，由专业律师事务所提供服务。",
        "聘请两家律师事务所担任法律顾问。",
        "选聘第三方律师事务所。",
    ],
)
def test_generic_mentions_are_dropped(make_doc, text):
    assert firms(make_doc, text) == []


def test_firm_name_function():
    assert lawfirms.firm_name("外聘金诺") == "金诺"
    assert lawfirms.firm_name("法律顾问单位北京德和衡") == "北京德和衡"
    assert lawfirms.firm_name("与同达") == "同达"
    assert lawfirms.firm_name("聘请") == ""


def test_branch_office_and_guohao_form(make_doc):
    got = [n for _, n in firms(make_doc, "与盈科律师事务所武汉分所签约，聘请国浩律师（杭州）事务所律师。")]
    assert got == ["盈科律师事务所武汉分所", "国浩律师（杭州）事务所"]


def test_no_office_after_a_joiner(make_doc):
    got = [n for _, n in firms(make_doc, "北京大成律师事务所及其分所参与审查。")]
    assert got == ["北京大成律师事务所"]


def test_short_form_lvsuo(make_doc):
    assert [n for _, n in firms(make_doc, "与金诺律所签订法律顾问合同。")] == ["金诺律师事务所"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("与浙江泽大律师事务所、浙江天册律师事务所等8家律所签订协议。", ["浙江泽大律师事务所", "浙江天册律师事务所"]),
        ("聘请湖南启元律师事务所、湖南金州律师事务所等律所为法律顾问单位。", ["湖南启元律师事务所", "湖南金州律师事务所"]),
        ("由四川恒和信律师事务所、北京盈科（成都）律师事务所、泰和泰律师事务所律师担任。",
         ["四川恒和信律师事务所", "北京盈科（成都）律师事务所", "泰和泰律师事务所"]),
    ],
)
def test_lists_joined_by_dun(make_doc, text, expected):
    assert [n for _, n in firms(make_doc, text)] == expected


def test_office_word_list_is_no_firm(make_doc):
    assert firms(make_doc, "深化派出所、司法所、律师事务所“三所联动”机制。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("引导四川蓉城律师事务所等律所为中小企业开展“法律体检”。", "四川蓉城律师事务所"),
        ("积极发挥湖南启元律师事务所作用。", "湖南启元律师事务所"),
        ("充分利用北京市盈科（成都）律师事务所专业力量。", "北京市盈科（成都）律师事务所"),
        ("由四川省成都市蓉城律师事务所提供服务。", "四川省成都市蓉城律师事务所"),
    ],
)
def test_words_before_a_region_are_not_part_of_the_name(make_doc, text, expected):
    assert [name for _, name in firms(make_doc, text)] == [expected]


def test_cut_at_region_keeps_names_without_one():
    assert lawfirms._cut_at_region("浩天信和") == "浩天信和"
    assert lawfirms._cut_at_region("发挥四川") == "发挥四川"  # nothing of the firm would remain


@pytest.mark.parametrize(
    "text, expected",
    [
        ("聘请甘肃正天合联合律师事务所担任顾问。", ["甘肃正天合联合律师事务所"]),
        ("外聘广东华商联合律师事务所参与审查。", ["广东华商联合律师事务所"]),
        ("积极联合律师事务所开展普法。", []),
    ],
)
def test_a_cue_word_ending_the_name_is_part_of_it(make_doc, text, expected):
    assert [name for _, name in firms(make_doc, text)] == expected
