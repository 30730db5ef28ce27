"""body: the reporting-body decision over all the evidence, on openings written for these tests."""
from __future__ import annotations

import pytest

from fazhigraph import organs as og
from fazhigraph import regions as rg
from fazhigraph.extract import body, metadata


def run(make_doc, text, hints=None):
    doc = make_doc(text)
    if hints:
        doc._.fz_meta.hints = dict(hints)
    metadata.extract(doc)
    return doc._.fz_meta


def hints_of(text):
    return body.RegionHints(text, og.find_organs(text))


# ---------------------------------------------------------------- relative names completed, never doubled

def test_relative_title_takes_the_city_named_elsewhere(make_doc):
    m = run(make_doc, "市生态环境局2022年法治政府建设情况报告\n2022年，我局在市委、市政府领导下，服务法治绍兴建设，"
                      "依法查处环境违法案件。")
    assert m.bureau == "绍兴市生态环境局"  # never 绍兴市市生态环境局
    assert m.region_path == ["浙江省", "绍兴市"]


def test_relative_body_stays_scoped_when_no_region_is_named(make_doc):
    m = run(make_doc, "2022年，市水利局在市委、市政府领导下，推进依法治水，我局修订了河道管理办法。")
    assert m.bureau == "市水利局" and m.region_path == []
    assert m.bureau_confidence < 0.5


def test_province_named_in_the_text_completes_我厅(make_doc):
    m = run(make_doc, "2022年，我厅坚持依法行政，全省生态环境系统深入打好污染防治攻坚战，"
                      "服务湖北高质量发展，我厅办理环评审批120件。")
    assert m.bureau == "湖北省生态环境厅" and m.region_path == ["湖北省"]


def test_autonomous_prefecture_abbreviation(make_doc):
    m = run(make_doc, "州生态环境局2022年法治政府建设情况报告\n2022年，州生态环境局在州委、州政府的领导下，"
                      "推进伊犁州生态文明建设。")
    assert m.bureau == "伊犁哈萨克自治州生态环境局"
    assert m.region_path == ["新疆维吾尔自治区", "伊犁哈萨克自治州"]


# ---------------------------------------------------------------- bodies that are not departments

def test_county_named_alone_in_the_title_is_its_government(make_doc):
    m = run(make_doc, "宜章县2022年法治政府建设情况报告\n2022年，宜章县坚持依法行政，我县全面推行行政执法三项制度。")
    assert m.bureau == "宜章县人民政府"
    assert m.region_path == ["湖南省", "郴州市", "宜章县"]


def test_year_first_title(make_doc):
    m = run(make_doc, "2021年宜章县法治政府建设年度报告\n2021年，我县依法行政。")
    assert m.bureau == "宜章县人民政府" and m.year == 2021


def test_government_that_calls_itself_我县(make_doc):
    m = run(make_doc, "2020年，在市委、市政府的正确领导下，宜章县深入推进依法行政，我县制定了重大行政决策目录，"
                      "我县行政复议案件全部按期办结。")
    assert m.bureau == "宜章县人民政府"
    assert any(e["cue"] == "self" for e in m.bureau_evidence)


def test_autonomous_region_government(make_doc):
    m = run(make_doc, "宁夏回族自治区人民政府关于2022年法治政府建设情况的报告\n2022年，自治区人民政府坚持依法行政。")
    assert m.bureau == "宁夏回族自治区人民政府" and m.region_path == ["宁夏回族自治区"]


def test_township_from_chrome_under_the_county_of_the_salutation(make_doc):
    m = run(make_doc, "- 发布机构: 安定镇人民政府\n中共平江县委员会，平江县人民政府：\n"
                      "2023年，安定镇在县委、县政府的领导下依法行政，我镇调解矛盾纠纷86件。")
    assert m.bureau == "平江县安定镇人民政府"
    assert m.region_path == ["湖南省", "岳阳市", "平江县", "安定镇"]


def test_street_office_of_a_district(make_doc):
    m = run(make_doc, "2022年，我街道在区委、区政府的领导下，定王台街道依法行政，芙蓉区司法局给予指导，"
                      "我街道化解纠纷40件。")
    assert m.bureau == "长沙市芙蓉区人民政府定王台街道办事处"
    assert m.region_path[-2:] == ["芙蓉区", "定王台街道"]


# ---------------------------------------------------------------- national organs and zones

@pytest.mark.parametrize("title,name", [
    ("水利部2022年法治政府建设年度报告", "中华人民共和国水利部"),
    ("原国土资源部2017年法治政府建设情况报告", "中华人民共和国国土资源部"),
    ("国家林业和草原局关于2021年法治政府建设情况的报告", "国家林业和草原局"),
])
def test_national_organs(make_doc, title, name):
    m = run(make_doc, title + "\n本年度，部党组高度重视法治建设，推进依法行政。")
    assert m.bureau == name and m.region_path == ["中华人民共和国"]


def test_ministry_that_names_itself_我部(make_doc):
    m = run(make_doc, "2023年，水利部深入推进依法治水，我部修订水利规章3件，我部完善行政许可事项清单。")
    assert m.bureau == "中华人民共和国水利部"


@pytest.mark.parametrize("title,name,path", [
    ("成都高新区生态环境和城市管理局2023年法治政府建设工作报告", "成都高新区生态环境和城市管理局",
     ["四川省", "成都市", "成都高新区"]),
    ("兰州新区农林水务局2023年法治政府建设情况报告", "兰州新区农林水务局", ["甘肃省", "兰州市", "兰州新区"]),
    ("东湖高新区政务服务局关于2022年法治政府建设情况的报告", "东湖高新区政务服务局", ["湖北省", "武汉市", "东湖高新区"]),
])
def test_zone_organs(make_doc, title, name, path):
    m = run(make_doc, title + "\n本年度，我局坚持依法行政。")
    assert m.bureau == name and m.region_path == path


def test_bare_zone_word_takes_the_city_named_elsewhere(make_doc):
    m = run(make_doc, "经开区生态环境分局2022年法治政府建设情况报告\n2022年，分局在合肥市生态环境局的指导下依法行政。")
    assert m.bureau == "合肥经开区生态环境分局"


# ---------------------------------------------------------------- chrome and words that are no body

def test_chrome_lines_are_not_glued_to_the_title(make_doc):
    m = run(make_doc, "无障碍\n长者模式\n宜昌市司法局2022年法治政府建设年度报告\n2022年，我局依法行政。")
    assert m.bureau == "宜昌市司法局" and not m.title.startswith("无障碍")


def test_logo_file_name_glued_to_an_issuer():
    assert body.strip_chrome("logo_2020.png宜昌市司法局") == "宜昌市司法局"
    assert body.strip_chrome("首页 > 政务公开 > 宜昌市司法局") == "宜昌市司法局"


@pytest.mark.parametrize("issuer", ["构建新发展格局", "服务工作大局", "优化营商环境大厅"])
def test_a_word_ending_in_局_or_厅_is_no_body(issuer):
    assert body.issuer_candidate(issuer, "", hints_of("")) is None


# ---------------------------------------------------------------- region evidence, page meta, declared values

def test_index_number_completes_a_relative_body(make_doc):
    m = run(make_doc, "索引号：430702/2021-00011\n区司法局2021年法治政府建设情况报告\n2021年，我局依法行政。")
    assert m.bureau == "常德市武陵区司法局"
    assert any(e["cue"] == "index" for e in m.bureau_evidence)


def test_page_meta_content_source(make_doc):
    m = run(make_doc, "2022年法治政府建设情况报告\n2022年，我局依法行政，推进普法工作。",
            hints={"page.ContentSource": "衡阳市司法局", "page.PubDate": "2023-02-10"})
    assert m.bureau == "衡阳市司法局"
    assert m.year == 2022


def test_declared_body_wins_and_is_recorded(make_doc):
    m = run(make_doc, "宜昌市司法局2022年法治政府建设年度报告\n2022年，我局依法行政。",
            hints={"declared.body": "宜昌市司法局法治督察办公室", "declared.year": "2021"})
    assert m.bureau == "宜昌市司法局法治督察办公室" and m.bureau_declared and m.bureau_confidence == 1.0
    assert m.year == 2021


def test_evidence_and_confidence_agree(make_doc):
    m = run(make_doc, "发布机构：衡阳市司法局\n衡阳市司法局2022年法治政府建设年度报告\n2022年，我局依法行政。")
    cues = {e["cue"] for e in m.bureau_evidence}
    assert {"title", "chrome", "self"} <= cues
    assert m.bureau_confidence > 0.9


def test_explain_lists_the_cues(make_doc):
    m = run(make_doc, "衡阳市司法局2022年法治政府建设年度报告\n2022年，我局依法行政。")
    text = body.explain("a.txt", m)
    assert text.startswith("a.txt: 衡阳市司法局") and "title" in text


def test_joint_title_of_party_committee_and_government(make_doc):
    m = run(make_doc, "中共宜章县委 宜章县人民政府关于2022年法治政府建设情况的报告\n2022年，全县坚持依法行政。")
    assert m.bureau == "宜章县人民政府"


def test_portal_site_name_is_no_body_but_a_site_id_code_places_it(make_doc):
    m = run(make_doc, "2022年法治政府建设情况报告\n2022年，我局坚持依法行政，加强人民调解和法律援助工作。",
            hints={"page.SiteName": "衡阳市人民政府", "page.SiteIDCode": "4304000001"})
    assert m.bureau == "衡阳市司法局"  # 我局 + justice topic, in the site's city; not the portal's government
    assert any(e["cue"] == "page_meta" for e in m.bureau_evidence)


def test_article_title_tag_stands_in_for_a_missing_title(make_doc):
    m = run(make_doc, "2022年，我局坚持依法行政。", hints={"page.ArticleTitle": "耒阳市交通运输局2022年法治政府建设年度报告"})
    assert m.bureau == "耒阳市交通运输局"


def test_district_whose_name_is_a_common_word(make_doc):
    m = run(make_doc, "呼和浩特市新城区人民政府关于2022年法治政府建设情况的报告\n2022年，新城区政府坚持依法行政。")
    assert m.bureau == "呼和浩特市新城区人民政府"
    assert m.region_path == ["内蒙古自治区", "呼和浩特市", "新城区"]


def test_a_department_that_says_我县_more_than_我局(make_doc):
    m = run(make_doc, "2022年，我局深入推进依法行政，我县交通运输事业高质量发展，我县公路养护，我县农村公路提档升级，"
                      "服务泾县发展。")
    assert m.bureau == "泾县交通运输局"


def test_我局_confirms_a_relative_department_over_the_page_source(make_doc):
    m = run(make_doc, "关于2022年法治政府建设情况的报告\n来源：武侯区人民政府\n2022年，区司法局坚持依法行政，我局办理行政复议案件20件。")
    assert m.bureau == "成都市武侯区司法局"


@pytest.mark.parametrize("title,name", [
    ("上海市静安区南京西路街道办事处2023年法治政府建设情况报告", "上海市静安区南京西路街道办事处"),  # as written
    ("静安区人民政府南京西路街道办事处2023年法治政府建设情况报告", "上海市静安区人民政府南京西路街道办事处"),
    ("南京西路街道办事处2023年法治政府建设情况报告", "上海市静安区人民政府南京西路街道办事处"),  # the official form
])
def test_street_office_keeps_the_form_written_with_its_district(make_doc, title, name):
    m = run(make_doc, title + "\n2023年，街道在静安区委、区政府的领导下依法履职。")
    assert m.bureau == name and m.region_path == ["上海市", "静安区", "南京西路街道"]


def test_party_organ_reporting_takes_its_template_name(make_doc):
    m = run(make_doc, "中共株洲市委政法委员会2022年度法治建设工作报告\n2022年，市委政法委坚持依法办事。")
    assert m.bureau == "中共株洲市委政法委员会"


def _chrome_words():
    from fazhigraph.resources import read_lines

    return read_lines("page_chrome.txt")


@pytest.mark.parametrize("word", _chrome_words())
def test_every_chrome_word_is_stripped_from_an_issuer(word):
    assert body.strip_chrome(word + "宜昌市司法局") == "宜昌市司法局"


def test_a_line_of_chrome_words_only_is_not_glued_to_the_title(make_doc):
    m = run(make_doc, "无障碍 长者模式 繁體\n宜昌市司法局2022年法治政府建设年度报告\n2022年，我局依法行政。")
    assert m.title.startswith("宜昌市司法局") and m.bureau == "宜昌市司法局"


# ---------------------------------------------------------------- region guessing from running text

def test_title_after_关于_names_the_county_over_a_conjunction_county(make_doc):
    m = run(make_doc, "关于宁都县2023年度法治政府建设情况的报告\n赣州市人民政府：\n2023年，在市委、市政府和县委的领导下，"
                      "在县人大常委会和县政协的监督支持下，我县扎实推进法治政府建设。县司法局牵头开展执法检查。")
    assert m.bureau == "宁都县人民政府"
    assert m.region_path == ["江西省", "赣州市", "宁都县"]


def test_zone_without_a_division_in_its_name_takes_the_province_from_the_evidence(make_doc):
    m = run(make_doc, "长青经济开发区管理委员会2023年法治政府建设情况报告\n2023年，在省委、省政府的坚强领导下，管委会认真贯彻"
                      "《福建省优化营商环境条例》，配合福建省司法厅开展执法监督，区司法局会同区人民法院开展普法。")
    assert m.bureau == "长青经济开发区管理委员会"
    assert m.region_path == ["福建省", "长青经济开发区"]


def test_zone_without_province_evidence_stays_unplaced(make_doc):
    m = run(make_doc, "长青经济开发区管理委员会2023年法治政府建设情况报告\n2023年，管委会认真贯彻法治政府建设实施纲要。")
    assert m.region_path == []


def test_topic_department_counts_each_written_topic_word():
    from fazhigraph.extract.body import topic_department
    assert topic_department("全面提升空气质量和水质，加强环境执法。") == "生态环境局"
    text = "抓好食品安全，守牢食品安全底线，开展食品安全抽检；空气质量、水质持续改善。"
    assert topic_department(text) == "市场监督管理局"  # three topic words against two
    assert topic_department("") == ""
