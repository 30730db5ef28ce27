"""Event extractor: named days, meetings, campaigns and activities."""
from fazhigraph.extract import events
from fazhigraph.extract.resolve import resolve

XQ = dict(bureau="天津市西青区生态环境局", region_path=["天津市", "西青区"], year=2024)
SH = dict(bureau="上海市浦东新区生态环境局", region_path=["上海市", "浦东新区"], year=2023)
QD = dict(bureau="青岛市交通运输局", region_path=["山东省", "青岛市"], year=2022)


def found(make_doc, text, **ctx):
    return resolve(events.extract(make_doc(text, **ctx)))


def names(make_doc, text, **ctx):
    return {m.name for m in found(make_doc, text, **ctx)}


def test_coordinated_plenary_sessions_become_one_event_each(make_doc):
    got = found(make_doc, "认真贯彻党的二十大和二十届二中、三中全会精神。", **XQ)
    assert {m.name for m in got} == {
        "中国共产党第二十次全国代表大会",
        "中国共产党第二十届中央委员会第二次全体会议",
        "中国共产党第二十届中央委员会第三次全体会议",
    }
    spans = [(m.start, m.end) for m in got]
    assert len(spans) == len(set(spans))


def test_five_sessions_of_the_nineteenth_committee(make_doc):
    got = names(make_doc, "认真贯彻党的十九大及十九届二中、三中、四中、五中、六中全会精神", **XQ)
    assert {f"中国共产党第十九届中央委员会第{n}次全体会议" for n in "二三四五六"} <= got
    assert "中国共产党第十九次全国代表大会" in got


def test_ten_major_projects_are_no_congress(make_doc):
    assert names(make_doc, "实施十大工程，推进十大行动。", **XQ) == set()


def test_discipline_commission_plenum(make_doc):
    assert names(make_doc, "学习二十届中央纪委四次全会精神", **XQ) == {
        "中国共产党第二十届中央纪律检查委员会第四次全体会议"}


def test_coordinated_campaigns(make_doc):
    assert names(make_doc, "统筹推进蓝天、碧水、净土保卫战。", **XQ) == {"蓝天保卫战", "碧水保卫战", "净土保卫战"}


def test_days_written_many_ways_share_a_name(make_doc):
    got = names(make_doc, "结合“六五环境日”、6·5世界环境日和“12.4”法制宣传日开展宣传。", **XQ)
    assert got == {"世界环境日", "国家宪法日"}


def test_quoted_activity_with_head_word(make_doc):
    assert names(make_doc, "开展“四个深化年”活动和“一月一法”研学活动。", **XQ) == {"四个深化年活动", "一月一法研学活动"}
    # a known activity keeps its gazetteer name whatever head follows
    assert names(make_doc, '开展"法律进企业"活动8次。', **XQ) == {"法律进企业"}


def test_theme_activity(make_doc):
    got = names(make_doc, "开展了以“尊崇宪法、学习宪法”为主题的宣传教育活动。", **XQ)
    assert got == {"尊崇宪法、学习宪法主题宣传教育活动"}


def test_quoted_enumeration_closed_by_activity(make_doc):
    got = names(make_doc, "组织开展“我是小小环保局长”、“星期六志愿服务”等系列活动。", **XQ)
    assert got == {"我是小小环保局长", "星期六志愿服务"}


def test_quoted_slogans_are_not_events(make_doc):
    assert names(make_doc, "落实“双随机、一公开”监管和“首违免罚”。", **XQ) == set()


def test_meeting_named_in_at_meeting_phrase(make_doc):
    assert names(make_doc, "在全国第一批黑臭水体治理示范城市座谈会上作发言。", **XQ) == {
        "全国第一批黑臭水体治理示范城市座谈会"}
    assert names(make_doc, "在局党组扩大会议上传达精神，在全市生态环境工作会议上部署。", **XQ) == set()


def test_relative_rule_of_law_meeting_resolved(make_doc):
    assert names(make_doc, "贯彻市委全面依法治市工作会议精神", **SH) == {"上海市委全面依法治市工作会议"}


def test_special_campaign_left_edge(make_doc):
    assert names(make_doc, "完成了大气执法专项行动第一批案件审核。", **XQ) == {"大气执法专项行动"}
    assert names(make_doc, "开展危险废物专项整治等专项行动。", **XQ) == set()


def test_ecology_drill_only_for_ecology_bureaus(make_doc):
    assert names(make_doc, "组织执法大练兵。", **XQ) == {"全国生态环境保护执法大练兵"}
    assert names(make_doc, "组织执法大练兵。", **QD) == {"执法大练兵"}


def test_convention_conference(make_doc):
    assert names(make_doc, "在联合国《生物多样性公约》第十六次缔约方大会上获奖", **XQ) == {
        "生物多样性公约第十六次缔约方大会"}


def _event_names(make_doc, text, year=2023):
    from fazhigraph.extract import events

    doc = make_doc(text, bureau="西安市文化和旅游局", region_path=["陕西省", "西安市"], year=year)
    return {m.name for m in events.extract(doc)}


def test_quoted_names_share_the_head_after_them(make_doc):
    assert {"护苗2019专项行动", "净网2019专项行动"} <= _event_names(make_doc, "组织“护苗2019”“净网2019”专项行动。")
    # a known day before the head stays that day
    got = _event_names(make_doc, "开展了“世界环境日”“全国低碳日”宣传活动。")
    assert "世界环境日" in got and "世界环境日宣传活动" not in got


def test_bare_theme_education_is_named_by_the_report_year(make_doc):
    assert "“不忘初心、牢记使命”主题教育" in _event_names(make_doc, "扎实开展主题教育。", year=2019)
    assert "学习贯彻习近平新时代中国特色社会主义思想主题教育" in _event_names(make_doc, "扎实开展主题教育。", year=2023)
    assert _event_names(make_doc, "扎实开展主题教育。", year=2021) == set()
    assert not any("主题教育" == n for n in _event_names(make_doc, "开展“法治进校园”主题教育活动。", year=2019))


def test_special_rectification_campaigns(make_doc):
    assert "危险化学品安全专项整治行动" in _event_names(make_doc, "深入开展危险化学品安全专项整治行动。")


def test_observance_days_of_other_departments(make_doc):
    got = _event_names(make_doc, "在“中国旅游日”、“6·26”国际禁毒日和全国税收宣传月期间开展宣传。")
    assert {"中国旅游日", "国际禁毒日", "全国税收宣传月"} <= got


def test_activity_held_on_a_known_day_is_that_day(make_doc):
    """“12·4”国家宪法日宣传活动 and 国家宪法日 are one event, so one node across reports."""
    got = names(make_doc, "组织开展“12·4”国家宪法日宣传活动，发放资料2000余份。", **QD)
    assert got == {"国家宪法日"}
    assert names(make_doc, "开展“法律进企业”系列宣传活动。", **QD) == {"法律进企业"}
