"""agencies: organs other than the bureau, resolved against the report's region."""
from __future__ import annotations

from fazhigraph.extract import agencies

XQ = dict(bureau="天津市西青区生态环境局", region_path=["天津市", "西青区"], region_codes=["12", "120111"])
HZ = dict(bureau="西宁市湟中区生态环境局", region_path=["青海省", "西宁市", "湟中区"])
TS = dict(bureau="温州市生态环境局泰顺分局", region_path=["浙江省", "温州市", "泰顺县"])


def names(make_doc, text, **ctx):
    doc = make_doc(text, **ctx)
    return {m.name: m for m in agencies.extract(doc)}


def test_district_relative_names(make_doc):
    got = names(make_doc, "在区委、区政府的坚强领导下，我局向区司法局报送材料，按照市生态环境局要求，完成市蓝天办下达任务。", **XQ)
    assert set(got) == {"中共天津市西青区委员会", "天津市西青区人民政府", "天津市西青区司法局", "天津市生态环境局",
                        "天津市蓝天办"}
    assert got["天津市西青区司法局"].text == "区司法局"
    assert got["天津市西青区司法局"].aliases == ["区司法局"]


def test_municipal_district_police_and_towns(make_doc):
    got = names(make_doc, "与公安西青分局积极协商，我局与辛口镇通力合作，深入各街镇开展检查。", **XQ)
    assert set(got) == {"天津市公安局西青分局", "天津市西青区辛口镇人民政府"}


def test_higher_levels_in_district_report(make_doc):
    got = names(make_doc, "严格按照省生态环境厅要求，参加省厅、市局组织的培训，由市生态环境局法规科审核，向区公安局移送案件。", **HZ)
    assert set(got) == {"青海省生态环境厅", "西宁市生态环境局", "西宁市生态环境局法规科", "西宁市湟中区公安局"}


def test_county_people_congress_and_cppcc(make_doc):
    got = names(make_doc, "在县委、县政府的正确领导下，在人大、政协的监督支持下，认真贯彻落实《泰顺县人大常委会关于对温州市"
                          "生态环境局泰顺分局工作情况报告的审议意见》。", **TS)
    assert set(got) == {"中共泰顺县委员会", "泰顺县人民政府", "泰顺县人民代表大会", "中国人民政治协商会议泰顺县委员会"}
    assert "温州市生态环境局泰顺分局" not in got  # the bureau itself


def test_national_organs_and_title_issuers(make_doc):
    got = names(make_doc, "按照中共中央办公厅、国务院办公厅《法治政府建设与责任落实督察工作规定》要求，在党中央、国务院和生态环境部"
                          "领导下，落实《中共辽宁省委 辽宁省人民政府关于印发<方案>的通知》。被外交部、司法部确定为试点。",
                bureau="沈阳市生态环境局", region_path=["辽宁省", "沈阳市"])
    assert set(got) == {"中共中央办公厅", "国务院办公厅", "中国共产党中央委员会", "中华人民共和国国务院",
                        "中华人民共和国生态环境部", "中共辽宁省委员会", "辽宁省人民政府", "中华人民共和国外交部",
                        "中华人民共和国司法部"}


def test_generic_phrases_internal_units_and_platforms_dropped(make_doc):
    got = names(make_doc, "会同相关部门、有关单位和上级部门，局党组研究，执法支队检查，领导小组部署，通过市人民政府门户网站公开，"
                          "新疆维吾尔自治区 新疆生产建设兵团生态环境部门规范，人大代表建议办理。",
                bureau="乌苏市生态环境局", region_path=["新疆维吾尔自治区", "塔城地区", "乌苏市"])
    assert got == {}


def test_bureau_party_group_and_own_sections_are_not_agencies(make_doc):
    got = names(make_doc, "中共青岛市交通运输局党组坚持依法行政，市交通运输局法规处负责，邀请市委党校专家授课，"
                          "列入市政府、市人大年度立法计划，完成向西海岸新区赋权工作。",
                bureau="青岛市交通运输局", region_path=["山东省", "青岛市"])
    assert set(got) == {"中共青岛市委党校", "青岛市人民政府", "青岛市人民代表大会", "青岛西海岸新区"}


def test_city_level_commission_and_press(make_doc):
    got = names(make_doc, "全面落实市政府、市委依法治市办部署，在市委全面依法治市委员会指导下，我局荣获中国环境报社表彰。",
                bureau="黄石市生态环境局", region_path=["湖北省", "黄石市"])
    assert set(got) == {"黄石市人民政府", "中共黄石市委全面依法治市委员会办公室", "中共黄石市委全面依法治市委员会",
                        "中国环境报社"}


def test_no_region_no_relative_agencies(make_doc):
    got = names(make_doc, "我局在市委市政府的正确领导下，接受市人大监督。", bureau="市水利局")
    assert got == {}


def test_adjacent_committee_and_government_and_department_names(make_doc):
    got = names(make_doc, "区卫生健康局在区委区政府领导下，配合市卫健委、区人民法院开展工作。",
                bureau="宁波市鄞州区卫生健康局", region_path=["浙江省", "宁波市", "鄞州区"])
    assert set(got) == {"中共宁波市鄞州区委员会", "宁波市鄞州区人民政府", "宁波市卫生健康委员会", "宁波市鄞州区人民法院"}


def test_autonomous_region_levels(make_doc):
    got = names(make_doc, "在自治区党委、自治区人民政府领导下，接受自治区人大常委会监督。",
                bureau="广西壮族自治区生态环境厅", region_path=["广西壮族自治区"])
    assert set(got) == {"中共广西壮族自治区委员会", "广西壮族自治区人民政府", "广西壮族自治区人民代表大会"}


# ---------------------------------------------------------------- round 2: unseen-style reports

BC = dict(bureau="宾川县民政局", region_path=["云南省", "大理白族自治州", "宾川县"])
XL = dict(bureau="锡林郭勒盟应急管理局", region_path=["内蒙古自治区", "锡林郭勒盟"])
AKS = dict(bureau="阿克苏地区生态环境局", region_path=["新疆维吾尔自治区", "阿克苏地区"])
SNJ = dict(bureau="神农架林区自然资源和规划局", region_path=["湖北省", "神农架林区"])
XD = dict(bureau="国家税务总局太原市小店区税务局", region_path=["山西省", "太原市", "小店区"])
CY = dict(bureau="北京市朝阳区人力资源和社会保障局", region_path=["北京市", "朝阳区"])


def test_prefecture_department_after_level_char_and_verb_homonym(make_doc):
    # 州民政局 (州 + 民政局, not 州民 + …); 会同县司法局 is 会同 + 县司法局 in a Yunnan report
    got = names(make_doc, "在县委、县政府的正确领导和州民政局的业务指导下，会同县司法局开展普法。", **BC)
    assert {"大理白族自治州民政局", "宾川县司法局"} <= set(got)
    assert not any("会同" in n for n in got)


def test_town_lists_and_mid_word_towns(make_doc):
    got = names(make_doc, "与金牛镇、州城镇等乡镇开展核查，聘请律师担任镇政府法律顾问。", **BC)
    assert {"宾川县金牛镇人民政府", "宾川县州城镇人民政府"} <= set(got)
    assert not any("担任" in n for n in got)


def test_league_and_prefecture_organs(make_doc):
    got = names(make_doc, "在盟委、行署的坚强领导下，与盟公安局、盟检察分院建立联席会议制度。", **XL)
    assert {"中共锡林郭勒盟委员会", "锡林郭勒盟行政公署", "锡林郭勒盟公安局",
            "内蒙古自治区人民检察院锡林郭勒盟分院"} <= set(got)
    got = names(make_doc, "在地委、行署的正确领导下，我局配合地区司法局开展评查。", **AKS)
    assert {"中共阿克苏地区委员会", "阿克苏地区行政公署", "阿克苏地区司法局"} <= set(got)


def test_forest_district_level_word(make_doc):
    got = names(make_doc, "在林区党委、林区政府的坚强领导下，与林区人民检察院建立协作机制，接受林区政协民主监督。", **SNJ)
    assert {"中共神农架林区委员会", "神农架林区人民政府", "神农架林区人民检察院",
            "中国人民政治协商会议神农架林区委员会"} <= set(got)


def test_tax_bureau_superiors_and_district_police(make_doc):
    got = names(make_doc, "国家税务总局太原市小店区税务局在省局、市局党委和区委、区政府的领导下，与区公安分局建立机制。", **XD)
    assert {"国家税务总局山西省税务局", "国家税务总局太原市税务局", "太原市公安局小店分局"} <= set(got)
    assert "国家税务总局" not in got  # part of the bureau's own name here


def test_district_committees_and_proposals(make_doc):
    got = names(make_doc, "会同区住房城乡建设委、区公安分局开展专项行动，办理人大代表建议和政协提案。", **CY)
    assert {"北京市朝阳区住房和城乡建设委员会", "北京市公安局朝阳分局"} <= set(got)
    assert not any("政治协商" in n for n in got)


def test_former_national_organs_and_quoted_street_rules(make_doc):
    got = names(make_doc, "认真贯彻国家卫生计生委的部署，以《上海市街道办事处条例》为依据开展工作。",
                bureau="上海市徐汇区人民政府徐家汇街道办事处", region_path=["上海市", "徐汇区"])
    assert "国家卫生和计划生育委员会" in got
    assert not any("街道" in n for n in got)


# ---------------------------------------------------------------- round 3: gazetteer and organ offices

GS = dict(bureau="杭州市拱墅区生态环境局", region_path=["浙江省", "杭州市", "拱墅区"])


def test_two_character_forms_only_as_words(make_doc):
    got = names(make_doc, "根据中办、国办《关于加强法治建设的意见》，我局在集中办公期间按国办发〔2018〕118号文件执行。", **GS)
    assert set(got) == {"中共中央办公厅", "国务院办公厅"}
    assert names(make_doc, "各科室实行集中办公，严格执行国办发〔2019〕2号文件。", **GS) == {}


def test_party_centre_only_beside_a_party_committee(make_doc):
    got = names(make_doc, "我局坚决贯彻落实中央、省委、市委关于生态文明建设的决策部署。", **GS)
    assert {"中国共产党中央委员会", "中共浙江省委员会", "中共杭州市委员会"} == set(got)
    got = names(make_doc, "确保中央关于生态文明建设的各项要求落到实处，中央环保督察交办问题按期销号。", **GS)
    assert "中国共产党中央委员会" not in got


def test_courts_and_offices_of_party_committees_and_congresses(make_doc):
    got = names(make_doc, "配合省高院、浙江省高级人民法院审理案件，落实市委办公厅、区委改革办通知，"
                          "向区人大常委会法工委报送规范性文件备案。", **GS)
    assert set(got) == {"浙江省高级人民法院", "中共杭州市委办公厅", "中共杭州市拱墅区委全面深化改革委员会办公室",
                        "杭州市拱墅区人民代表大会常务委员会法制工作委员会"}


def test_state_council_bodies_news_organs_and_ministry_dispatched_bureaus(make_doc):
    got = names(make_doc, "经验被新华社、央视报道；生态环境部华东督察局来区督察，全国人大常委会法工委、国务院研究室调研，"
                          "国家安全部、国家数据局和国家国防科技工业局联合发文。", **GS)
    assert set(got) == {"新华通讯社", "中国中央电视台", "生态环境部华东督察局",
                        "全国人民代表大会常务委员会法制工作委员会", "国务院研究室", "中华人民共和国国家安全部",
                        "国家数据局", "国家国防科技工业局"}


# ---------------------------------------------------------------- round 3: the organ grammar

def test_organ_grammar_reads_unlisted_organs(make_doc):
    got = names(make_doc, "我局会同市河长制办公室、市数据资源管理局和市安委会办公室开展检查，落实市政府金融办要求。", **GS)
    assert set(got) == {"杭州市河长制办公室", "杭州市数据资源管理局", "杭州市安委会办公室", "杭州市人民政府金融办"}


def test_organ_grammar_rejects_words_and_phrases(make_doc):
    got = names(make_doc, "市场监管局牵头，服务全市大局，打开工作新格局，县域经济发展局面良好；六安市公安局根据市委要求部署专项行动。",
                bureau="六安市生态环境局", region_path=["安徽省", "六安市"])
    assert set(got) == {"六安市公安局", "中共六安市委员会"}


def test_rule_of_law_committee_without_level_word(make_doc):
    got = names(make_doc, "严格落实《全面依法治区委员会2024年工作要点》，按时向依法治区办报送述法报告。", **GS)
    assert set(got) == {"中共杭州市拱墅区委全面依法治区委员会", "中共杭州市拱墅区委全面依法治区委员会办公室"}
    assert "中共杭州市拱墅区委员会" not in got


def test_development_zone_committees(make_doc):
    text = "长者模式\n\n长春新区自然资源局2023年度法治政府建设工作报告\n今年，我局在新区党工委和管委会的领导下，" \
           "按月向新区依法治区办报送进度，并与苏州工业园区管委会开展交流。"
    for bureau in ("长春新区自然资源局", "长者模式长春新区自然资源局"):  # the latter with page chrome
        got = names(make_doc, text, bureau=bureau, region_path=["吉林省", "长春市"])
        assert set(got) == {"中共长春新区工作委员会", "长春新区管理委员会", "苏州工业园区管理委员会",
                            "中共长春新区工作委员会全面依法治区委员会办公室"}
    got = names(make_doc, "经管委会研究，园区企业入驻。", **GS)  # no zone of its own: a bare 管委会 names none
    assert got == {}


def test_towns_as_subjects_and_after_the_own_area(make_doc):
    got = names(make_doc, "2023年，临平镇成功入选省级试点；拱墅区半山街道积极配合，城乡镇区建设同步推进。", **GS)
    assert set(got) == {"杭州市拱墅区临平镇人民政府", "杭州市拱墅区人民政府半山街道办事处"}


def test_the_bureaus_own_span_takes_no_other_reading(make_doc):
    got = names(make_doc, "阳城县文旅局会同县公安局开展联合执法。",
                bureau="阳城县文化和旅游局", region_path=["山西省", "晋城市", "阳城县"])
    assert set(got) == {"阳城县公安局"}


def test_politburo_is_not_the_central_committee(make_doc):
    got = names(make_doc, "局党组及时跟进学习中共中央政治局第十一次集体学习精神。", **GS)
    assert set(got) == {"中国共产党中央委员会政治局"}


def test_town_words_that_name_no_town(make_doc):
    got = names(make_doc, "会上，乡镇街道积极响应，特色小镇被评为示范，城乡街道获评先进，中心镇率先完成；"
                          "西青区水环境区域补偿办法出台。", **XQ)
    assert got == {}


def test_issuers_in_cited_titles_and_general_offices(make_doc):
    got = names(make_doc, "落实《生态环境部办公厅关于做好执法工作的通知》和《拱墅区人民政府办公室关于印发方案的通知》，区府办配合。", **GS)
    assert set(got) == {"中华人民共和国生态环境部办公厅", "杭州市拱墅区人民政府办公室"}
    assert got["杭州市拱墅区人民政府办公室"].text in ("拱墅区人民政府办公室", "区府办")


def test_autonomous_county_short_form_and_conjunction_before_level_word(make_doc):
    td = dict(bureau="通道侗族自治县林业局", region_path=["湖南省", "怀化市", "通道侗族自治县"])
    got = names(make_doc, "今年通道县林业局协助通道县人民政府办好植树节普法活动。", **td)
    assert set(got) == {"通道侗族自治县人民政府"}  # not 道县 (永州), and the bureau itself is no Agency
    got = names(make_doc, "在市委、市政府和县委的正确领导下，与县人大及其常委会沟通。",
                bureau="桐庐县司法局", region_path=["浙江省", "杭州市", "桐庐县"])
    assert set(got) == {"中共杭州市委员会", "杭州市人民政府", "中共桐庐县委员会", "桐庐县人民代表大会"}


def test_a_government_office_reporting_is_no_agency_of_itself(make_doc):
    got = names(make_doc, "市委、市政府：2025年，市外办坚持依法行政。",
                bureau="厦门市人民政府外事办公室", region_path=["福建省", "厦门市"])
    assert set(got) == {"中共厦门市委员会", "厦门市人民政府"}


def test_ministry_beside_province_in_a_department_report(make_doc):
    sc = dict(bureau="四川省交通运输厅", region_path=["四川省"])
    got = names(make_doc, "强化组织领导，落实部省法治建设工作部署，推动全部省份联动。", **sc)
    assert set(got) == {"中华人民共和国交通运输部"}
    got = names(make_doc, "西部省份交流，内部省级统筹，全部省市参加。", **sc)
    assert got == {}
    got = names(make_doc, "按照部、省工作要求推进。", bureau="湖南省生态环境厅", region_path=["湖南省"])
    assert set(got) == {"中华人民共和国生态环境部"}
    got = names(make_doc, "认真贯彻落实部、省、市决策部署。", bureau="宁波市生态环境局", region_path=["浙江省", "宁波市"])
    assert got == {}  # a city's report: a list of levels


def test_youth_league_committees_and_full_department_names_as_written(make_doc):
    got = names(make_doc, "联合团市委、团区委开展青少年普法，市政务服务管理局、市大数据发展管理局、市医保局参加。", **GS)
    assert set(got) == {"共青团杭州市委员会", "共青团杭州市拱墅区委员会", "杭州市政务服务管理局",
                        "杭州市大数据发展管理局", "杭州市医疗保障局"}
    assert "中共杭州市委员会" not in got


def test_organ_grammar_names_with_verb_characters(make_doc):
    got = names(make_doc, "会同区建设局、市城乡建设发展局开展检查，区政府研究决定，市委部署推进。", **GS)
    assert set(got) == {"杭州市拱墅区建设局", "杭州市城乡建设发展局", "杭州市拱墅区人民政府", "中共杭州市委员会"}


def test_rule_of_law_committee_of_banners_leagues_and_prefectures(make_doc):
    yj = dict(bureau="伊金霍洛旗司法局", region_path=["内蒙古自治区", "鄂尔多斯市", "伊金霍洛旗"])
    got = names(make_doc, "我局每季度向旗委依法治旗办书面报告进展，并列席旗委全面依法治旗委员会会议。", **yj)
    assert set(got) == {"中共伊金霍洛旗委全面依法治旗委员会办公室", "中共伊金霍洛旗委全面依法治旗委员会"}
    yb = dict(bureau="延边朝鲜族自治州司法局", region_path=["吉林省", "延边朝鲜族自治州"])
    got = names(make_doc, "年底前，我局将述法材料报送州委全面依法治州办。", **yb)
    assert set(got) == {"中共延边朝鲜族自治州委全面依法治州委员会办公室"}


def test_a_named_zone_after_a_verb_of_visiting(make_doc):
    cc = dict(bureau="长春新区自然资源局", region_path=["吉林省", "长春市"])
    got = names(make_doc, "今年5月，我局组织执法骨干赴苏州工业园区管委会学习相对集中行政许可权改革经验。", **cc)
    assert set(got) == {"苏州工业园区管理委员会"}
    got = names(make_doc, "分管领导带队到宁波大榭开发区管委会对接飞地园区执法协作。", **cc)
    assert set(got) == {"宁波大榭开发区管理委员会"}


# ---------------------------------------------------------------- township offices, national sub-organs

LX = dict(bureau="临夏县红台镇人民政府", region_path=["甘肃省", "临夏回族自治州", "临夏县", "红台镇"])


def test_township_offices_belong_to_the_county_organs(make_doc):
    got = names(make_doc, "依托红台司法所开展调解，联合双城派出所和尹集人民法庭排查纠纷，配合莲花市场监管所检查。", **LX)
    assert set(got) == {"临夏县司法局红台司法所", "临夏县公安局双城派出所", "临夏县人民法院尹集人民法庭",
                        "临夏县市场监督管理局莲花市场监督管理所"}
    assert got["临夏县司法局红台司法所"].text == "红台司法所"


def test_township_office_in_a_city_district_is_the_city_bureau_branch(make_doc):
    got = names(make_doc, "会同张家窝派出所开展联合执法，与区城关派出所联动。", **XQ)
    assert set(got) == {"天津市公安局西青分局张家窝派出所", "天津市公安局西青分局城关派出所"}


def test_generic_township_offices_name_none(make_doc):
    text = "各司法所、基层派出所和辖区财政所共同参与，乡镇司法所全覆盖，配合铁路派出所、依托村级司法所。"
    assert names(make_doc, text, **LX) == {}
    assert names(make_doc, "依托红台司法所开展调解。", bureau="临夏回族自治州司法局",
                 region_path=["甘肃省", "临夏回族自治州"]) == {}  # which county's: not told


def test_national_bodies_sub_organs_are_kept_whole(make_doc):
    got = names(make_doc, "配合国家能源局西北监管局开展检查，协助财政部条法司调研，会同国家统计局兰州调查队核查数据。", **HZ)
    assert set(got) == {"国家能源局西北监管局", "中华人民共和国财政部条法司", "国家统计局兰州调查队"}


def test_a_local_body_after_a_national_name_is_no_sub_organ(make_doc):
    got = names(make_doc, "国家统计局局长来调研，国家税务总局西宁市湟中区税务局参加。", **HZ)
    assert "国家统计局局长" not in got and not any(n.startswith("国家统计局西宁") for n in got)


def test_a_kind_of_township_is_no_town(make_doc):
    got = names(make_doc, "贯彻《青海省民族乡工作条例》，指导民族乡、建制镇依法行政，与青海省民族乡对接。",
                bureau="青海省民族宗教事务委员会", region_path=["青海省"])
    assert not any(n.endswith(("乡人民政府", "镇人民政府")) for n in got)
