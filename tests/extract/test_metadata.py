"""metadata: reporting bureau, region path and year from hand-written report openings."""
from __future__ import annotations

import pytest

from fazhigraph.extract import metadata


def run(make_doc, text):
    doc = make_doc(text)
    metadata.extract(doc)
    return doc._.fz_meta


def test_title_with_district_short_region(make_doc):
    m = run(make_doc, "西青区生态环境局2021年法治政府\n建设情况报告\n\n2021年，西青区生态环境局在区委、区政府的正确领导下，"
                      "我局坚持依法行政。")
    assert m.bureau == "天津市西青区生态环境局"
    assert m.region_path == ["天津市", "西青区"] and m.region_codes == ["12", "120111"]
    assert m.year == 2021
    assert "西青区生态环境局" in m.bureau_aliases and "我局" in m.bureau_aliases


def test_broken_heading_and_city_prefix(make_doc):
    m = run(make_doc, "湟中区生态环境局\n2024年法治政府建设情况报告\n\n2024年以来，在区委、区政府的正确领导下，我局深入学习。")
    assert m.bureau == "西宁市湟中区生态环境局"
    assert m.region_path == ["青海省", "西宁市", "湟中区"]
    assert m.year == 2024


def test_page_chrome_branch_bureau(make_doc):
    text = ("| 文 号 | 无 | 发文日期 | 2026-01-29 09:00 |\n| 发布机构 | 武汉市生态环境局江汉区分局 | 有效性 | 有效 |\n"
            "根据《武汉市法治政府建设实施方案(2021-2025年)》要求，现将2025年度法治政府建设情况报告如下：\n"
            "2025年，分局坚持依法行政。")
    m = run(make_doc, text)
    assert m.bureau == "武汉市生态环境局江汉区分局"
    assert m.region == "江汉区" and m.region_path == ["湖北省", "武汉市", "江汉区"]
    assert m.year == 2025  # not 2021 nor 2026 from the chrome date / cited title


@pytest.mark.parametrize("title,bureau,region", [
    ("温州市生态环境局泰顺分局2024年法治政府建设年度报告", "温州市生态环境局泰顺分局", "泰顺县"),
    ("深圳市生态环境局龙岗管理局2023年法治政府建设年度报告", "深圳市生态环境局龙岗管理局", "龙岗区"),
])
def test_branch_bureau_region(make_doc, title, bureau, region):
    m = run(make_doc, title + "\n2024年以来，我局严格依法行政。")
    assert m.bureau == bureau and m.region == region
    assert any(a.endswith(("分局", "管理局")) and len(a) <= 5 for a in m.bureau_aliases)


def test_party_group_issuer_stands_for_bureau(make_doc):
    m = run(make_doc, "\n中共青岛市交通运输局党组\n2022年度法治政府建设报告\n2022年，市交通运输局党组坚持依法行政。")
    assert m.bureau == "青岛市交通运输局"
    assert m.region_path == ["山东省", "青岛市"]
    assert m.year == 2022


def test_implied_bureau_from_place_and_topic(make_doc):
    text = (" 法治政府建设情况报告\n\n2023年，我局坚持以习近平生态文明思想为指导，以高质量法治建设助推乌苏市生态环境质量"
            "持续向好。严格生态环境执法，开展污染防治攻坚，依托乌苏市人民政府网公开环评审批信息。")
    m = run(make_doc, text)
    assert m.bureau == "乌苏市生态环境局"
    assert m.region_path == ["新疆维吾尔自治区", "塔城地区", "乌苏市"]
    assert m.year == 2023


def test_bureau_named_only_in_cited_title(make_doc):
    text = ("关于2017年度法治政府建设情况的报告\n省政府法制办:\n2017年，我厅按照省政府安排部署开展工作。"
            "我厅印发的《关于印发<河北省环境保护厅重大行政执法决定法制审核规定>的通知》被收录。")
    m = run(make_doc, text)
    assert m.bureau == "河北省环境保护厅" and m.region_path == ["河北省"]
    assert m.year == 2017 and "我厅" in m.bureau_aliases


def test_body_subject_without_title(make_doc):
    m = run(make_doc, "2022年，沈阳市生态环境局深入贯彻习近平生态文明思想，认真落实《中共辽宁省委 辽宁省人民政府关于印发"
                      "<辽宁省法治政府建设实施方案(2021-2025年)>的通知》要求。")
    assert m.bureau == "沈阳市生态环境局" and m.region_path == ["辽宁省", "沈阳市"] and m.year == 2022


def test_health_commission_title(make_doc):
    m = run(make_doc, "长治市卫生健康委员会2025年法治政府建设情况报告\n2025年以来，我委紧扣法治政府建设总体目标。")
    assert m.bureau == "长治市卫生健康委员会" and "我委" in m.bureau_aliases


def test_no_region_gives_no_regional_canonical(make_doc):
    m = run(make_doc, "2024年，我局在市委市政府的正确领导下，推进水利改革发展，加强水资源管理和河湖监管，全市水利系统依法行政。")
    assert m.region_path == []
    assert m.bureau.endswith("水利局")
    assert m.year == 2024


def test_section_heading_is_not_a_title(make_doc):
    ts, te, title = metadata.find_title("三、2023年度党政主要负责人履行推进法治建设第一责任人职责的有关情况\n正文")
    assert title == ""


def test_government_issued_report(make_doc):
    m = run(make_doc, "朝阳区人民政府2023年法治政府建设情况报告\n2023年，区政府在市委、市政府领导下，北京市朝阳区坚持依法行政。")
    assert m.bureau == "北京市朝阳区人民政府"
    assert m.region_path == ["北京市", "朝阳区"]


# ---------------------------------------------------------------- round 2: unseen-style reports

def test_chinese_numeral_year_and_league(make_doc):
    m = run(make_doc, "锡林郭勒盟应急管理局\n二〇二三年法治政府建设情况报告\n二〇二三年，我局在盟委、行署的坚强领导下依法行政。")
    assert m.bureau == "锡林郭勒盟应急管理局"
    assert m.region_path == ["内蒙古自治区", "锡林郭勒盟"]
    assert m.year == 2023


@pytest.mark.parametrize("title,body,year", [
    ("海口市龙华区司法局2021—2022年法治政府建设情况报告", "2021年至2022年，我局依法行政。", 2022),
    ("关于2023年度法治政府建设情况的报告\n发布机构：海口市龙华区司法局", "2024年以来，我局依法行政。", 2023),
    ("海口市龙华区司法局法治政府建设情况报告", "2021年至2022年，我局依法行政。", 2022),
])
def test_year_of_periods_and_late_written_reports(make_doc, title, body, year):
    assert run(make_doc, title + "\n" + body).year == year


def test_former_division_name_keeps_its_time(make_doc):
    m = run(make_doc, "临安市国土资源局2016年法治政府建设情况报告\n2016年，我局在市委、市政府和杭州市国土资源局的领导下依法管地。")
    assert m.bureau == "临安市国土资源局"
    assert m.region_path == ["浙江省", "杭州市", "临安市"]


@pytest.mark.parametrize("text,bureau,path", [
    ("济南高新技术产业开发区管理委员会2022年法治政府建设情况报告\n2022年，高新区管委会在市委、市政府领导下依法行政。",
     "济南高新技术产业开发区管理委员会", ["山东省", "济南市", "济南高新技术产业开发区"]),
    ("宁乡市花明楼镇人民政府关于2021年度法治政府建设工作情况的报告\n宁乡市人民政府：\n2021年，花明楼镇在市委、市政府领导下，"
     "在市司法局的指导下依法行政。", "宁乡市花明楼镇人民政府", ["湖南省", "长沙市", "宁乡市", "花明楼镇"]),
    ("徐家汇街道办事处2023年法治政府建设情况报告\n2023年，徐家汇街道在徐汇区委、区政府的坚强领导下，配合区司法局开展工作。",
     "上海市徐汇区人民政府徐家汇街道办事处", ["上海市", "徐汇区", "徐家汇街道"]),
    ("北京市朝阳区人民政府建外街道办事处关于2023年法治政府建设情况的报告\n2023年，建外街道办事处在区委、区政府的领导下依法行政。",
     "北京市朝阳区人民政府建外街道办事处", ["北京市", "朝阳区", "建外街道"]),
])
def test_title_issuer_that_is_no_department(make_doc, text, bureau, path):
    """The body's own area ends the path: a zone, a township, a street (as devset3's gold has it)."""
    m = run(make_doc, text)
    assert m.bureau == bureau and m.region_path == path


def test_vertically_managed_tax_bureau(make_doc):
    m = run(make_doc, "国家税务总局太原市小店区税务局2023年法治政府建设情况报告\n2023年，我局在省局、市局党委领导下依法行政。")
    assert m.bureau == "国家税务总局太原市小店区税务局"
    assert m.region_path == ["山西省", "太原市", "小店区"]


def test_municipality_missing_district_and_county_prefix(make_doc):
    m = run(make_doc, "重庆市江北区统计局2022年法治政府建设情况报告\n2022年，区统计局在区委、区政府领导下依法统计。")
    assert m.bureau == "重庆市江北区统计局" and m.region_path == ["重庆市", "江北区"]
    m = run(make_doc, "城口县民政局2019年法治政府建设工作报告\n2019年，我局在县委、县政府的领导下依法行政。")
    assert m.bureau == "重庆市城口县民政局"
