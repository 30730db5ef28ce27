"""Figure grammar: numbers, units, qualifiers, zeros, periods and measures, on sentences written here."""
import pytest

from fazhigraph.extract import figures
from fazhigraph.extract.figures import classify, figures_of
from fazhigraph.observations import top_label


def figs(text, year=2023):
    return [(f.value, f.unit, top_label(f.measure), f.approx, (f.period_start, f.period_end))
            for f in figures_of(text, year)]


def values(text, year=2023):
    return [(f.value, f.unit) for f in figures_of(text, year)]


def measures(text, year=2023):
    return [top_label(f.measure) for f in figures_of(text, year)]


# --- numbers, units, qualifiers ------------------------------------------------------------


def test_arabic_with_thousands_separator_and_person_times():
    assert figs("全年出动执法人员1,914人次，检查企业326家次。") == [
        ("1914", "人次", "执法检查", "", (2023, 2023)), ("326", "家次", "执法检查", "", (2023, 2023))]


def test_money_in_wan_with_over_qualifier_is_yuan():
    assert figs("全年罚款金额共计38万余元。") == [("380000", "元", "罚没款", "over", (2023, 2023))]
    assert values("收缴罚没款二十余万元。") == [("200000", "元")]
    assert values("处罚金额65.2256万元。") == [("652256", "元")]
    assert values("罚款1.2亿元。") == [("120000000", "元")]


def test_chinese_numerals():
    assert values("局党组召开专题会议三次，举办法治讲座十二场。") == [("3", "次"), ("12", "场")]
    assert values("共办理案件一千二百三十四件。") == [("1234", "件")]
    assert values("组织两次集中学法。") == [("2", "次")]


def test_qualifiers():
    got = figs("培训约300人次，覆盖企业近百家，发放材料超过5000份，整改时间不到10天，参训人员200人左右，受理案件50件以上。")
    assert [(v, u, a) for v, u, _, a, _ in got] == [
        ("300", "人次", "about"), ("100", "家", "about"), ("5000", "份", "over"), ("10", "天", "under"),
        ("200", "人", "about"), ("50", "件", "over")]


def test_near_and_over_together_read_as_about():
    assert figs("覆盖企业近800余家。")[0][3] == "about"


def test_percent_forms():
    assert values("办结率达98.5%，满意率百分之九十五。") == [("98.5", "%"), ("95", "%")]
    assert values("群众满意度96％。") == [("96", "%")]


def test_time_limit_achieved_is_a_figure_but_a_quoted_rule_is_not():
    assert values("审批时限压缩至15个工作日。") == [("15", "个工作日")]
    assert figs("所有项目均在10个工作日内完成审批。")[0][3] == "under"
    assert values("处罚决定应当自作出之日起7个工作日内公开。") == []


# --- what is not a figure ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "2023年5月12日召开会议。",  # dates
    "一是加强领导；（二）健全制度；3、强化保障。",  # list numbers
    "通过12369环保举报热线和12345政务服务便民热线受理。",  # hotline names
    "深入开展“八五”普法，落实行政执法三项制度。",  # names with numerals
    "贯彻“十四五”规划，增强“四个意识”、做到“两个维护”。",
    "依据《某某市2023年执法检查计划（第3版）》开展工作。",  # titles
    "荣获第二批示范单位称号，排名全省第3名。",  # ordinals and ranks
    "依照某府发〔2023〕12号文件执行。",  # document numbers
    "执法时执法人员不少于两人。",  # a rule
    "形成一个良好的氛围，建立一支过硬的队伍，推行一次性告知。",  # articles
    "深入千家万户，从四面八方汇聚力量。",  # idioms
    "贯彻十一届八次全会精神，从三个方面推进。",  # ordinals of sessions, aspects
    "实行7×24小时在线服务。",
    "PM2.5浓度下降。",
])
def test_not_figures(text):
    assert values(text) == []


def test_plans_for_a_later_year_are_not_figures():
    assert values("2024年，计划开展培训10次。", year=2023) == []


def test_environmental_quantities_are_their_own_measure():
    got = figures_of("完成造林绿化1200亩，转移处置危险废物3.5万吨。", 2023)
    assert [(f.value, f.unit, f.measure) for f in got] == [
        ("1200", "亩", "environmental-quantity"), ("35000", "吨", "environmental-quantity")]


# --- zeros ---------------------------------------------------------------------------------


def test_explicit_zeros():
    got = figs("本年度我委无行政复议案件发生。全年未发生行政诉讼案件。")
    assert got == [("0", "件", "行政复议", "", (2023, 2023)), ("0", "件", "行政诉讼", "", (2023, 2023))]


def test_zero_rates_and_cleared_backlogs():
    assert figs("行政诉讼败诉率为0。")[0][:3] == ("0", "%", "行政诉讼")
    assert figs("辖区黑臭水体全部清零。")[0][:3] == ("0", "个", "其他")


def test_no_zero_inside_other_words():
    assert values("推广无人机巡查，推进无废城市建设，无法满足需要。") == []
    assert values("严厉查处无证排污案件，") == []  # 无证 is what is punished, not a zero


# --- totals and parts, measures ------------------------------------------------------------


def test_total_and_parts_share_the_measure():
    got = figs("受理信访投诉52件，其中12345平台18件、来信来访21件，办结率100%。")
    assert [(v, u, m) for v, u, m, _, _ in got] == [
        ("52", "件", "信访投诉"), ("18", "件", "信访投诉"), ("21", "件", "信访投诉"), ("100", "%", "信访投诉")]


def test_review_outcomes():
    got = figs("办理行政复议案件3件，其中维持2件、撤销1件，行政复议纠错率33.3%。")
    assert [m for _, _, m, _, _ in got] == ["行政复议"] * 4
    assert figures_of("复议撤销1件。", 2023)[0].measure == "admin-review-correction"


def test_litigation_measures():
    got = figures_of("办理行政诉讼案件5件，败诉1件，行政机关负责人出庭应诉率100%。", 2023)
    assert [f.measure for f in got] == ["litigation-cases", "litigation-lost", "head-appearance"]


@pytest.mark.parametrize("text, measure", [
    ("立案查处环境违法案件37起。", "立案"),
    ("作出行政处罚决定28件。", "行政处罚"),
    ("对9家企业作出不予处罚决定。", "行政处罚"),
    ("查封扣押设备12次。", "行政处罚"),
    ("移送公安机关涉嫌犯罪案件2起。", "移送司法"),
    ("审核重大执法决定41件。", "合法性审核"),
    ("法律顾问出具法律意见书16份。", "合法性审核"),
    ("审查规范性文件7件。", "合法性审核"),
    ("开展“双随机、一公开”抽查52次。", "执法检查"),
    ("出动执法人员860人次。", "执法检查"),
    ("领导班子集体学法6次。", "学法培训"),
    ("组织执法人员培训4期。", "学法培训"),
    ("开展送法进企业活动9次。", "普法宣传"),
    ("发放宣传册3000余册。", "普法宣传"),
    ("举办企业环保守法培训5场，覆盖企业150家。", "普法宣传"),
    ("公开行政处罚决定书40份。", "政务公开与服务"),
    ("办理环评审批事项33件。", "政务公开与服务"),
    ("召开局务会议研究法治工作3次。", "其他"),
    ("聘请法律顾问2名。", "其他"),
])
def test_measure_rules(text, measure):
    assert measures(text)[0] == measure


def test_training_for_enterprises_is_publicity_for_staff_is_study():
    assert measures("开展专题培训6场，帮助企业掌握政策。") == ["普法宣传"]
    assert measures("开展专题培训6场，覆盖干部职工150人次。") == ["学法培训", "学法培训"]


def test_titles_give_no_cues():
    assert measures("组织学习《排污许可管理条例》等法规8次。") == ["学法培训"]


def test_classify_without_cue_is_none():
    assert classify("其中", "", "count") is None


@pytest.mark.parametrize("pattern", [figures.figure_pattern, figures.zero_pattern, figures.period_pattern])
def test_first_character_lookahead_keeps_every_match(pattern):
    """The leading lookahead only skips positions no alternative can start at: without it the
    pattern finds the same matches (spans and groups) on sentences of every kind."""
    import re
    gated = pattern()
    body = re.sub(r"^\(\?=\[[^\]]*\]\)", "", gated.pattern, count=1)
    assert body != gated.pattern
    plain = re.compile(body)
    text = ("2021—2023年，共受理复议案件约1,200件，罚款72万余元，办结率百分之九十五以上；近三年无行政诉讼案件发生。"
            "今年以来，行政执法人员３６名参加培训，“十四五”期间黑臭水体动态清零，败诉率为零，实现零投诉。"
            "2019年起至今，全市超过两千家企业、逾5000人次接受检查，不足30个工作日内办结，投诉数量为0。")
    assert [(m.span(), m.groupdict()) for m in gated.finditer(text)] == \
        [(m.span(), m.groupdict()) for m in plain.finditer(text)]
    assert len(list(gated.finditer(text))) >= 3


def test_cue_gate_is_exactly_any_cue():
    """The one-scan gate may only skip a clause half when no single cue would match it: cue
    patterns must stay free of backreferences, named groups and inline flags."""
    import re
    for c in figures.cues():
        assert c.pattern.groupindex == {} and not re.search(r"\\[1-9]|\(\?[aiLmsux]", c.pattern.pattern)
    halves = ["其中", "全年出动执法人员", "组织学法培训", "PM2.5平均浓度为", "办理行政复议案件", "开展普法活动"]
    for kind in ("count", "money", "rate", "env", "time"):
        for tier in (1, 2):
            for text in halves:
                gated = figures._cue_gate(tier, kind).search(text) is not None
                assert gated == any(c.pattern.search(text) for c in figures._cues_for(tier, kind))


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, year, period", [
    ("2020年至今，累计公开信息143条。", 2021, (2020, 2021)),
    ("2023年以来，共受理举报61件。", 2023, (2023, 2023)),
    ("2019—2021年，共立案96起。", 2021, (2019, 2021)),
    ("近三年来累计培训45场。", 2022, (2020, 2022)),
    ("今年以来开展检查30次。", 2022, (2022, 2022)),
    ("“十三五”期间共处罚案件200件。", 2020, (2016, 2020)),
    ("共处罚案件20件。", 2022, (2022, 2022)),
])
def test_periods(text, year, period):
    assert figs(text, year)[0][4] == period


def test_year_opening_the_paragraph_dates_its_figures():
    text = "2021年，局执法支队开展专项行动。\n2020年，以企业为重点开展培训。组织培训11场。"
    assert [p for *_, p in figs(text, 2021)] == [(2020, 2020)]


def test_year_in_a_title_is_no_period():
    assert figs("落实《2022年工作要点》，开展检查8次。", 2023)[0][4] == (2023, 2023)


# --- the component -------------------------------------------------------------------------


def test_component_stores_figures_and_returns_no_mentions(make_doc):
    doc = make_doc("2023年立案查处案件12起。", year=2023)
    assert figures.extract(doc) == []
    assert [(f.value, f.unit, f.measure) for f in doc._.fz_figures] == [("12", "起", "case-filing-violation")]


def test_offsets_and_text_point_at_the_figure():
    text = "全年罚款金额共计38万余元。"
    (f,) = figures_of(text, 2023)
    assert text[f.start:f.end] == f.text == "38万余元"


def test_compound_units_and_wan_person_times():
    assert values("出动执法车辆300余台次，普法受众达1.2万人次。") == [("300", "台次"), ("12000", "人次")]


def test_transfers_for_detention_and_for_crimes():
    got = figures_of("移送公安机关行政拘留案件8件，涉嫌污染环境犯罪案件3件。", 2023)
    assert [f.measure for f in got] == ["detention-transfer", "criminal-transfer"]


def test_zero_applications_and_corrections():
    assert figs("全年未收到行政复议申请。")[0][:3] == ("0", "件", "行政复议")
    got = figures_of("审结复议案件5件，无被纠错案件。", 2023)
    assert [f.measure for f in got] == ["admin-review-cases", "admin-review-correction"]


def test_a_compared_year_is_no_period():
    assert figs("案件数量较2022年增长20%。", 2023)[0][4] == (2023, 2023)


def test_training_of_enforcement_staff_is_study_not_inspection():
    assert figures_of("累计培训执法人员1200人次。", 2023)[0].measure == "staff-training"
    assert figures_of("出动执法人员860人次。", 2023)[0].measure == "inspection-personnel"
    assert measures("组织领导干部旁听庭审2次。") == ["学法培训"]


def test_a_count_said_to_be_zero():
    assert figs("全年行政诉讼案件数为零。")[0][:3] == ("0", "件", "行政诉讼")
    assert figs("行政复议案件为0。")[0][:3] == ("0", "件", "行政复议")


def test_slogans_with_chinese_numerals_are_no_counts():
    assert values("落实两个责任，践行三个代表，坚持三个区分开来。") == []
    assert values("召开两次专题会议。") == [("2", "次")]
