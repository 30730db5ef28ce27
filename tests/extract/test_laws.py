"""Law / Publication extractor (extract/laws.py) on hand-written sentences."""
from __future__ import annotations

import pytest

from fazhigraph.extract import laws
from fazhigraph.extract.resolve import resolve

BUREAU = "石家庄市生态环境局"
PATH = ["河北省", "石家庄市"]


@pytest.fixture
def run(make_doc):
    def _run(text, bureau=BUREAU, region_path=PATH, year=2023, settle=True):
        doc = make_doc(text, bureau=bureau, region_path=region_path, year=year)
        found = laws.extract(doc)
        for m in found:  # offsets point at the surface form
            assert doc.text[m.start:m.end] == m.text
        return resolve(found) if settle else found

    return _run


def names(mentions, type_="Law"):
    return [m.name for m in mentions if m.type == type_]


def by_name(mentions, name):
    hits = [m for m in mentions if m.name == name]
    assert hits, f"{name} not among {[m.name for m in mentions]}"
    return hits[0]


# ------------------------------------------------------------------ catalogue and canonical names


def test_short_title_resolves_to_official_full_title(run):
    ms = run("组织干部学习《宪法》《民法典》《环境保护法》等法律法规。")
    assert names(ms) == ["中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国环境保护法"]
    env = by_name(ms, "中华人民共和国环境保护法")
    assert env.attrs["subtype"] == "law"
    assert "环保法" in env.aliases


def test_full_title_and_amendment_note(run):
    ms = run("严格执行《中华人民共和国行政处罚法（2021年修订）》和《政府信息公开条例》。")
    assert names(ms) == ["中华人民共和国行政处罚法", "中华人民共和国政府信息公开条例"]
    assert by_name(ms, "中华人民共和国政府信息公开条例").attrs["subtype"] == "administrative_regulation"


def test_edition_follows_report_year(run):
    old = run("根据《法治政府建设实施纲要》要求。", year=2019)
    new = run("根据《法治政府建设实施纲要》要求。", year=2024)
    assert names(old) == ["法治政府建设实施纲要（2015—2020年）"]
    assert names(new) == ["法治政府建设实施纲要（2021—2025年）"]


def test_party_regulations(run):
    ms = run("深入学习《中国共产党章程》《中国共产党纪律处分条例》，贯彻《党政主要负责人履行推进法治建设第一责任人职责规定》。")
    assert {m.attrs["subtype"] for m in ms} == {"party_regulation"}
    assert len(ms) == 3


# ------------------------------------------------------------------ bare (unbracketed) names


def test_bare_short_names_with_renewal_prefix(run):
    ms = run("以民法典、新固废法相关内容为重点开展普法，学习宪法和党章。")
    assert names(ms) == ["中华人民共和国民法典", "中华人民共和国固体废物污染环境防治法",
                         "中华人民共和国宪法", "中国共产党章程"]
    solid = by_name(ms, "中华人民共和国固体废物污染环境防治法")
    assert solid.text == "新固废法"
    assert "新固废法" in solid.aliases


@pytest.mark.parametrize("text", [
    "积极开展环保法律法规宣传教育。",      # 环保法 + 律
    "把宪法法律、党内法规纳入学习内容。",  # 宪法法律: generic
    "在国家宪法日开展宣传活动。",          # the day, not the document
    "制定全县生态环境“八五”普法实施方案。",  # a local plan named by description
    "制定年度学法计划，梳理法治政府建设任务清单。",  # no particular document
])
def test_bare_names_false_positives(run, text):
    assert names(run(text)) == []


def test_bare_national_plan_and_party_rule(run):
    ms = run("深入落实“八五”普法工作要求，严格遵守中央八项规定精神。")
    assert names(ms) == ["关于开展法治宣传教育的第八个五年规划（2021—2025年）",
                         "中共中央政治局关于改进工作作风、密切联系群众的八项规定"]


def test_longest_catalogued_name_wins(run):
    ms = run("学习中华人民共和国海洋环境保护法和土地管理法实施条例。")
    assert names(ms) == ["中华人民共和国海洋环境保护法", "中华人民共和国土地管理法实施条例"]


# ------------------------------------------------------------------ brackets


def test_nested_and_embedded_titles(run):
    ms = run("印发《中共辽宁省委 辽宁省人民政府关于印发<辽宁省法治政府建设实施方案(2021-2025年)>的通知》（辽委发〔2022〕18号）。")
    outer = by_name(ms, "中共辽宁省委 辽宁省人民政府关于印发《辽宁省法治政府建设实施方案（2021—2025年）》的通知")
    inner = by_name(ms, "辽宁省法治政府建设实施方案（2021—2025年）")
    assert outer.attrs["doc_number"] == "辽委发〔2022〕18号"
    assert outer.attrs["subtype"] == "normative_document"
    assert inner.attrs["subtype"] == "plan"
    assert "doc_number" not in inner.attrs
    assert outer.start < inner.start < inner.end < outer.end


def test_double_angle_nesting(run):
    ms = run("转发《关于转发《环境保护行政执法与刑事司法衔接工作办法》的通知》。")
    assert set(names(ms)) == {"关于转发《环境保护行政执法与刑事司法衔接工作办法》的通知",
                              "环境保护行政执法与刑事司法衔接工作办法"}


@pytest.mark.parametrize("text", [
    "开展《充分发挥立",                  # cut at the end of the text
    "》》《《》》《",
    "《》《a》",
])
def test_unbalanced_brackets_do_not_crash(run, text):
    assert names(run(text)) == []


def test_unclosed_bracket_does_not_swallow_next_title(run):
    ms = run("开展《专项行动和《中华人民共和国水法》宣传。")
    assert names(ms) == ["中华人民共和国水法"]


def test_doc_number_attached(run):
    ms = run("认真贯彻落实《关于加强行政执法与刑事司法衔接工作的意见》（津法发〔2019〕8号），"
             "按照《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》(国办发[2018]118号)。")
    assert by_name(ms, "关于加强行政执法与刑事司法衔接工作的意见").attrs["doc_number"] == "津法发〔2019〕8号"
    guide = ms[-1]
    assert guide.attrs["doc_number"] == "国办发〔2018〕118号"  # register form of the year brackets


def test_abbreviation_defined_and_reused(run):
    ms = run("根据《法治政府建设实施纲要(2021-2025年)》(以下简称《纲要》)，对照《纲要》要求。", year=2024)
    assert names(ms) == ["法治政府建设实施纲要（2021—2025年）"] * 3
    assert "纲要" in ms[0].aliases


def test_local_abbreviation_for_uncatalogued_title(run):
    ms = run("市政府《上海市法治政府建设“十四五”规划》（以下简称《规划》）要求，落实《规划》。",
             region_path=["上海市", "浦东新区"])
    assert names(ms) == ["上海市法治政府建设“十四五”规划"] * 3


# ------------------------------------------------------------------ uncatalogued documents


def test_generic_internal_title_gets_bureau_prefix(run):
    ms = run("印发了《2025年普法责任清单》《2025年全市生态环境法治建设工作要点》。")
    assert names(ms) == ["石家庄市生态环境局2025年普法责任清单", "石家庄市生态环境局2025年全市生态环境法治建设工作要点"]
    assert ms[0].attrs["subtype"] == "normative_document"
    assert ms[1].attrs["subtype"] == "plan"
    assert "2025年普法责任清单" in ms[0].aliases


def test_relative_bureau_is_not_a_prefix(run):
    ms = run("印发了《2025年普法责任清单》。", bureau="市卫生健康委员会")
    assert names(ms) == ["2025年普法责任清单"]


def test_relative_province_before_title(run):
    ms = run("落实省《营商环境创新试点改革事项跟踪对标清单》。", region_path=["山东省", "青岛市"])
    assert names(ms) == ["山东省营商环境创新试点改革事项跟踪对标清单"]


def test_region_short_form_alias(run):
    ms = run("严格落实《西青区水环境区域补偿办法》。", region_path=["天津市", "西青区"])
    m = ms[0]
    assert m.name == "西青区水环境区域补偿办法"
    assert "天津市西青区水环境区域补偿办法" in m.aliases
    assert m.attrs["subtype"] == "normative_document"


def test_edition_note_merges_within_report(run):
    ms = run("结合《新疆生态环境部门免予处罚事项清单（2022年版）》推进工作，落实《新疆生态环境部门免予处罚事项清单》要求。")
    assert names(ms) == ["新疆生态环境部门免予处罚事项清单（2022年版）"] * 2


@pytest.mark.parametrize("title,subtype", [
    ("河北省大气污染防治条例", "local_regulation"),
    ("排污许可管理条例", "administrative_regulation"),
    ("生态环境部关于进一步优化环境影响评价工作的意见", "normative_document"),
    ("湖北省生态环境行政处罚裁量基准", "normative_document"),
    ("石家庄市法治政府建设规划", "plan"),
    ("某某部行政执法证件管理办法", "departmental_rule"),
])
def test_subtype_inference(run, title, subtype):
    ms = run(f"贯彻《{title}》。")
    assert [(m.name, m.attrs["subtype"]) for m in ms] == [(title, subtype)]


# ------------------------------------------------------------------ publications and non-documents


def test_publications(run):
    ms = run("系统研读《习近平谈治国理政》《习近平著作选读》第一卷，深入学习党的二十大报告，"
             "编印《生态环境法律法规汇编》《环境质量报告书》，填写《信息发布审签单》。")
    assert names(ms, "Publication") == ["习近平谈治国理政", "习近平著作选读", "党的二十大报告",
                                        "生态环境法律法规汇编", "环境质量报告书", "信息发布审签单"]
    assert names(ms) == []


def test_quoted_publication_word(run):
    ms = run("创新推出环保业务“一本通”，相关经验被编入《西青区优化营商环境典型案例汇编》。")
    assert names(ms, "Publication") == ["环保业务一本通", "西青区优化营商环境典型案例汇编"]


def test_publication_inside_law_title_is_kept(run):
    ms = run("印发《学习贯彻〈习近平法治思想学习纲要〉工作方案》。")
    assert names(ms) == ["学习贯彻《习近平法治思想学习纲要》工作方案"]
    assert names(ms, "Publication") == ["习近平法治思想学习纲要"]


def test_speeches_are_not_documents(run):
    ms = run("学习《在中央全面依法治国工作会议上的重要讲话》。")
    assert ms == []


def test_lexicon_has_catalogue_names():
    words = set(laws.lexicon())
    assert "中华人民共和国固体废物污染环境防治法" in words
    assert "固体废物污染环境防治法" in words
    assert "习近平谈治国理政" in words


def test_catalogue_is_well_formed():
    subtypes = {"law", "administrative_regulation", "departmental_rule", "local_regulation",
                "normative_document", "plan", "party_regulation"}
    entries = {e for es in laws.catalogue().values() for e in es}
    assert len(entries) >= 200
    assert {e.subtype for e in entries} <= subtypes
    statutes = [e for e in entries if e.subtype == "law" and e.name.endswith("法")]
    assert all(e.name.startswith("中华人民共和国") for e in statutes)


# ------------------------------------------------------------------ round 2: other departments' citations


def test_department_abbreviations_resolve_to_the_statute(run):
    ms = run("严格执行税收征管法，深入宣传反诈法、未保法和治安处罚法。")
    assert names(ms) == ["中华人民共和国税收征收管理法", "中华人民共和国反电信网络诈骗法",
                         "中华人民共和国未成年人保护法", "中华人民共和国治安管理处罚法"]


def test_implementing_regulation_is_not_the_law(run):
    ms = run("学习《道路交通安全法实施条例》和《中华人民共和国税收征收管理法实施细则》。")
    assert names(ms) == ["中华人民共和国道路交通安全法实施条例", "中华人民共和国税收征收管理法实施细则"]
    assert {m.attrs["subtype"] for m in ms} == {"administrative_regulation"}


def test_other_departments_regulations_are_catalogued(run):
    ms = run("严格执行《娱乐场所管理条例》《安全生产违法行为行政处罚办法》和《防范和惩治统计造假、弄虚作假督察工作规定》。")
    assert [(m.name, m.attrs["subtype"]) for m in ms] == [
        ("娱乐场所管理条例", "administrative_regulation"),
        ("安全生产违法行为行政处罚办法", "departmental_rule"),
        ("防范和惩治统计造假、弄虚作假督察工作规定", "party_regulation")]


def test_generic_title_refers_back_to_the_last_document_of_its_kind(run):
    ms = run("2021年是《医疗保障基金使用监督管理条例》施行的第一年，广泛宣传《条例》和《纲要》。")
    assert names(ms) == ["医疗保障基金使用监督管理条例", "医疗保障基金使用监督管理条例"]
    assert "条例" in ms[1].aliases


@pytest.mark.parametrize("text", [
    "在12月开展《宪法》宣传周系列活动。",
    "开展民法典宣传月和宪法宣传周活动。",
    "举办“民法典进万家”活动，上线“信访工作条例”学习专栏。",
])
def test_law_name_inside_an_event_or_platform_name_is_no_citation(run, text):
    assert names(run(text)) == []


def test_line_broken_title_is_joined(run):
    text = "贯彻《广西壮族自治区人民政府办公厅关于印发广西医疗卫生行业综合监管制度\n实施方案的通知》，修订制度。"
    ms = run(text, bureau="南宁市卫生健康委员会", region_path=["广西壮族自治区", "南宁市"])
    assert names(ms) == ["广西壮族自治区人民政府办公厅关于印发广西医疗卫生行业综合监管制度实施方案的通知"]
    assert all("\n" not in a for a in ms[0].aliases)


def test_unclosed_bracket_before_a_new_paragraph_is_still_forgotten(run):
    ms = run("学习《行政处罚法\n二、规范执法。落实《行政许可法》。")
    assert names(ms) == ["中华人民共和国行政处罚法", "中华人民共和国行政许可法"]  # the first one bare
    assert all("\n" not in m.text for m in ms)


@pytest.mark.parametrize("text, number", [
    ("严格执行《市场监督管理行政处罚程序规定》（国家市场监督管理总局令第2号）。", "国家市场监督管理总局令第2号"),
    ("执行《农业行政处罚程序规定》（农业农村部令2021年第1号）。", "农业农村部令2021年第1号"),
    ("落实《关于规范执法办案的通知》（杭公通[2023]15号）。", "杭公通〔2023〕15号"),
    ("落实《关于印发免罚清单的通知》（陕文旅发(2020)45号）。", "陕文旅发〔2020〕45号"),
])
def test_doc_number_forms(run, text, number):
    ms = [m for m in run(text) if m.type == "Law"]
    assert ms[0].attrs.get("doc_number") == number


def test_government_order_series_is_no_document(run):
    ms = run("落实《青岛市人民政府令》第288号和《青岛市行政规范性文件管理办法》（青岛市人民政府令第279号）。",
             bureau="青岛市司法局", region_path=["山东省", "青岛市"])
    assert names(ms) == ["青岛市行政规范性文件管理办法"]
    assert ms[0].attrs["doc_number"] == "青岛市人民政府令第279号"


def test_relative_province_plan_versus_central_and_provincial(run):
    ms = run("落实省《“八五”普法规划》。", bureau="青岛市司法局", region_path=["山东省", "青岛市"])
    assert names(ms) == ["山东省“八五”普法规划"]
    ms = run("根据中央和省《法治政府建设实施纲要》要求。", bureau="广州市水务局",
             region_path=["广东省", "广州市"], year=2019)
    assert names(ms) == ["法治政府建设实施纲要（2015—2020年）"]


@pytest.mark.parametrize("text", [
    "深入实施“八五”普法规划，开展“法律进乡村”活动。",  # cited without qualifier: the national plan
    "开展“八五”普法中期自查。",
])
def test_unqualified_eight_five_plan_is_the_national_plan(run, text):
    assert names(run(text)) == ["关于开展法治宣传教育的第八个五年规划（2021—2025年）"]


@pytest.mark.parametrize("text", [
    "制定本系统“八五”普法规划。",  # described, not cited: a local plan
    "出台全市“八五”普法规划。",
    "开展“宪法进社区”活动。",  # an activity named after the law
])
def test_described_plans_and_activities_are_not_laws(run, text):
    assert names(run(text)) == []


# ------------------------------------------------------------------ year ranges and editions


@pytest.mark.parametrize("cited", [
    "法治政府建设实施纲要(2015-2020)", "法治政府建设实施纲要（2015～2020年）", "法治政府建设实施纲要（2015 —2020年）",
    "法治政府建设实施纲要（2015年至2020年）", "法治政府建设实施纲要（20152020年）",
])
def test_every_year_range_spelling_is_one_catalogued_document(run, cited):
    ms = run(f"我局按照《{cited}》要求开展工作。", year=2019)
    assert names(ms) == ["法治政府建设实施纲要（2015—2020年）"]


def test_no_edition_published_after_the_report_year(run):
    ms = run("学习贯彻《法治社会建设实施纲要》和《法治政府建设实施纲要》。", year=2014)
    assert names(ms) == ["法治社会建设实施纲要", "法治政府建设实施纲要"]  # kept as cited
    assert all("issuer" not in m.attrs for m in ms)
    assert names(run("全面落实八五普法规划。", year=2019)) == []


# ------------------------------------------------------------------ notices, embedded titles, regions


def test_year_first_title_naming_its_region_or_body_gets_no_prefix(run):
    ms = run("印发《2022年法治石家庄建设工作要点》《2022年度石家庄市生态环境局行政执法工作清单》。")
    assert names(ms) == ["2022年法治石家庄建设工作要点", "2022年度石家庄市生态环境局行政执法工作清单"]


def test_title_then_notice_word_with_doc_number_cites_the_notice(run):
    ms = run("贯彻《省贯彻落实<法治社会建设实施纲要(2020-2025年)>实施方案》的通知(冀办发〔2021〕9号)，"
             "推进法治社会建设。", year=2022)
    notice = by_name(ms, "省贯彻落实《法治社会建设实施纲要（2020—2025年）》实施方案的通知")
    assert notice.attrs["doc_number"] == "冀办发〔2021〕9号"
    plan = by_name(ms, "河北省贯彻落实《法治社会建设实施纲要（2020—2025年）》实施方案")
    assert "doc_number" not in plan.attrs
    assert "法治社会建设实施纲要（2020—2025年）" in names(ms)


def test_notice_word_without_number_or_cue_is_not_a_title(run):
    ms = run("学习《石家庄市生态环境保护条例》的通知已经下发。")
    assert names(ms) == ["石家庄市生态环境保护条例"]


def test_embedded_plan_of_a_notice_is_its_own_document(run):
    ms = run("严格执行《藁城区人民政府关于印发藁城区证明事项告知承诺制推行工作实施方案的通知》。",
             region_path=["河北省", "石家庄市", "藁城区"])
    notice = by_name(ms, "藁城区人民政府关于印发藁城区证明事项告知承诺制推行工作实施方案的通知")
    plan = by_name(ms, "藁城区证明事项告知承诺制推行工作实施方案")
    assert plan.attrs["subtype"] == "plan"
    assert plan.name not in notice.aliases
    assert notice.start < plan.start < plan.end < notice.end


def test_embedded_yearly_or_generic_plan_stays_an_alias_of_its_notice(run):
    ms = run("按照《藁城区人民政府办公室关于印发藁城区2023年依法行政工作要点的通知》和"
             "《关于印发局机关2023年学法计划的通知》部署。", region_path=["河北省", "石家庄市", "藁城区"])
    assert len(names(ms)) == 2
    assert "藁城区2023年依法行政工作要点" in ms[0].aliases


# ------------------------------------------------------------------ titles without 《》


def test_unbracketed_titles_after_an_issuing_verb(run):
    ms = run("局党组研究制定2023年生态环境普法工作要点，印发石家庄市生态环境执法监督实施方案(试行)，"
             "修订生态环境部工作规则。")
    assert names(ms) == ["石家庄市生态环境局2023年生态环境普法工作要点",
                         "石家庄市生态环境执法监督实施方案（试行）", "生态环境部工作规则"]
    assert ms[0].attrs["subtype"] == "plan"
    assert "2023年生态环境普法工作要点" in ms[0].aliases


def test_unbracketed_national_notice_after_a_citing_verb(run):
    ms = run("认真贯彻落实国务院关于加强数字政府建设的指导意见，推进政务服务改革。")
    assert names(ms) == ["国务院关于加强数字政府建设的指导意见"]
    assert ms[0].attrs["subtype"] == "normative_document"


@pytest.mark.parametrize("text", [
    "全面落实2023年度重点任务清单。",               # a bare year after 落实: tasks, not a title
    "制定2023年度工作计划。",                       # a year and generic words name nothing
    "制定2023年法治建设任务清单等制度。",           # 等: one of several things described
    "落实法治政府建设任务清单。",                   # no year, region or organ
    "印发2023年全局干部的学习计划。",               # 的 without 关于: a description
])
def test_unbracketed_descriptions_are_not_titles(run, text):
    assert names(run(text)) == []


def test_unbracketed_title_ending_in_a_catalogued_name_defers_to_the_catalogue(run):
    ms = run("严格落实中共中央八项规定精神。")
    assert names(ms) == ["中共中央政治局关于改进工作作风、密切联系群众的八项规定"]


def test_law_named_inside_an_unbracketed_title_is_still_cited(run):
    ms = run("制定2023年民法典宣传工作方案，组织学习。")
    assert set(names(ms)) == {"石家庄市生态环境局2023年民法典宣传工作方案", "中华人民共和国民法典"}


# ------------------------------------------------------------------ damaged brackets


NOTICE = "关于印发《石家庄市生态环境行政执法案卷评查办法》的通知"
ISSUED = "石家庄市生态环境行政执法案卷评查办法"


@pytest.mark.parametrize("text", [
    "执行《关于印发《石家庄市生态环境行政执法案卷评查办法》的通知，规范执法。",   # outer 》 lost
    "执行《关于印发《石家庄市生态环境行政执法案卷评查办法的通知》，规范执法。",   # inner 》 lost
    "执行关于印发《石家庄市生态环境行政执法案卷评查办法》的通知》，规范执法。",   # outer 《 lost
    "执行《关于印发<石家庄市生态环境行政执法案卷评查办法的通知》，规范执法。",   # inner > lost
])
def test_damaged_notice_brackets_give_the_notice_and_its_title(run, text):
    assert names(run(text)) == [NOTICE, ISSUED]


def test_misplaced_closing_bracket_gives_no_fragment(run):
    ms = run("执行《关于印发石家庄市生态环境行政执法案卷评查办法》的通知》，规范执法。")
    assert names(ms) == ["关于印发石家庄市生态环境行政执法案卷评查办法的通知", ISSUED]


def test_doubled_brackets_give_one_title(run):
    ms = run("执行《《石家庄市生态环境行政执法案卷评查办法》》和《行政处罚法》。")
    assert names(ms) == [ISSUED, "中华人民共和国行政处罚法"]


def test_unbracketed_provincial_regulation_and_plan(run):
    ms = run("贯彻落实河北省水污染防治条例，落实河北省生态环境保护“十四五”规划，加强执法。")
    assert names(ms) == ["河北省水污染防治条例", "河北省生态环境保护“十四五”规划"]
    assert [m.attrs["subtype"] for m in ms] == ["local_regulation", "plan"]


def test_party_regulations_added_to_the_catalogue(run):
    ms = run("学习《中国共产党纪律检查委员会工作条例》和《农村基层组织工作条例》。", year=2023)
    assert names(ms) == ["中国共产党纪律检查委员会工作条例", "中国共产党农村基层组织工作条例"]
    assert {m.attrs["subtype"] for m in ms} == {"party_regulation"}
    old = run("学习《纪律检查委员会工作条例》。", year=2020)  # not yet issued: kept as cited
    assert names(old) == ["纪律检查委员会工作条例"]


def test_local_regulation_cited_bare_is_itself_not_the_national_statute(run):
    ms = run("贯彻天津市大气污染防治条例的有关规定。")
    assert names(ms) == ["天津市大气污染防治条例"]
    assert ms[0].attrs["subtype"] == "local_regulation"


def test_province_prefixed_regulation_is_local(run):
    ms = run("认真落实省《安全生产条例》。", bureau="青岛市司法局", region_path=["山东省", "青岛市"])
    assert names(ms) == ["山东省安全生产条例"]
    assert ms[0].attrs["subtype"] == "local_regulation"


@pytest.mark.parametrize("cited, name", [
    ("提升行政执法质量三年行动计划(2023-2025)", "提升行政执法质量三年行动计划（2023—2025年）"),
    ("关于加强数字政府建设的指导意见", "国务院关于加强数字政府建设的指导意见"),
    ("关于加快推进政务服务标准化规范化便利化的指导意见", "国务院关于加快推进政务服务标准化规范化便利化的指导意见"),
    ("关于加快建设全国统一大市场的意见", "关于加快建设全国统一大市场的意见"),
    ("关于推进基层整合审批服务执法力量的实施意见", "关于推进基层整合审批服务执法力量的实施意见"),
    ("关于深化交通运输综合行政执法改革的指导意见", "关于深化交通运输综合行政执法改革的指导意见"),
    ("关于深化农业综合行政执法改革的指导意见", "关于深化农业综合行政执法改革的指导意见"),
    ("关于深化市场监管综合行政执法改革的指导意见", "关于深化市场监管综合行政执法改革的指导意见"),
    ("关于加快推进公共法律服务体系建设的意见", "关于加快推进公共法律服务体系建设的意见"),
])
def test_national_documents_in_the_catalogue(run, cited, name):
    ms = run(f"贯彻落实《{cited}》，推进依法行政。", year=2024)
    assert names(ms) == [name]
    assert ms[0].attrs.get("issuer")


def test_unbracketed_list_of_titles_and_verb_inside_verb(run):
    ms = run("学习贯彻河北省安全生产条例和石家庄市消防条例，提高依法行政能力。")
    assert names(ms) == ["河北省安全生产条例", "石家庄市消防条例"]


def test_unbracketed_title_led_by_the_bare_province_word(run):
    ms = run("贯彻执行省安全生产条例，落实省委关于法治建设的决定。", region_path=["河北省", "石家庄市"])
    assert names(ms) == ["河北省安全生产条例"]
    assert ms[0].attrs["subtype"] == "local_regulation"
    assert "省安全生产条例" in ms[0].aliases
    assert names(run("贯彻执行省安全生产条例。", region_path=[])) == []  # no province known


@pytest.mark.parametrize("title", ["2023-2025年全市生态环境法治宣传教育工作方案", "全市生态环境执法服务企业十项措施"])
def test_year_range_or_whole_city_title_gets_bureau_prefix(run, title):
    ms = run(f"印发《{title}》，抓好落实。")
    assert names(ms) == ["石家庄市生态环境局" + title.replace("-", "—")]
    assert title.replace("-", "—") in ms[0].aliases or title in ms[0].aliases


def test_revision_note_is_no_part_of_an_uncatalogued_title(run):
    ms = run("学习《河北省生态环境保护条例（修订）》和《石家庄市扬尘污染防治条例(2022年修正)》。")
    assert names(ms) == ["河北省生态环境保护条例", "石家庄市扬尘污染防治条例"]
    assert "河北省生态环境保护条例（修订）" in ms[0].aliases


@pytest.mark.parametrize("cited, name", [
    ("出口管制法", "中华人民共和国出口管制法"), ("进出口商品检验法", "中华人民共和国进出口商品检验法"),
    ("教育督导条例", "教育督导条例"), ("征信业管理条例", "征信业管理条例"),
    ("测绘成果管理条例", "测绘成果管理条例"), ("农业转基因生物安全管理条例", "农业转基因生物安全管理条例"),
])
def test_more_laws_and_regulations_in_the_catalogue(run, cited, name):
    ms = run(f"组织学习《{cited}》。", year=2023)
    assert names(ms) == [name]
    assert ms[0].attrs["subtype"] in ("law", "administrative_regulation")
    assert ms[0].attrs.get("issuer")


def test_title_with_no_document_word_is_no_law(run):
    ms = run("观看《今日说法》栏目，阅读《之江新语》，学习《最高人民法院关于适用<中华人民共和国行政诉讼法>的解释》。")
    assert names(ms) == ["最高人民法院关于适用《中华人民共和国行政诉讼法》的解释", "中华人民共和国行政诉讼法"]
    assert names(ms, "Publication") == ["之江新语"]  # 栏目 after the title: a programme, nothing


@pytest.mark.parametrize("title", ["京津冀生态环境执法联动工作协议", "中华人民共和国宪法修正案", "石家庄市生态环境保护工作任务分工",
                                   "关于石家庄市扬尘污染防治情况的通报"])
def test_other_document_words_keep_a_title_a_law(run, title):
    assert names(run(f"落实《{title}》。")) != []
    assert names(run(f"落实《{title}》。"), "Publication") == []


def test_unbracketed_regional_edition_of_a_catalogued_plan(run):
    ms = run("全面落实省“八五”普法规划和河北省“八五”普法规划。", region_path=["河北省", "石家庄市"], year=2022)
    assert names(ms) == ["河北省“八五”普法规划", "河北省“八五”普法规划"]


@pytest.mark.parametrize("text", [
    "按照石家庄市规定执行。",                       # a region and a document word: no title
    "根据石家庄市人民政府办公室通知，开展检查。",   # a notice, not its title (no 关于)
    "落实河北省生态环境厅意见。",
])
def test_unbracketed_region_and_document_word_alone_is_no_title(run, text):
    assert names(run(text)) == []


# ------------------------------------------------------------------ class-level title forms

def test_unbracketed_discretion_benchmark_ends_a_title_whatever_follows(run):
    got = names(run("严格按照河北省生态环境行政处罚裁量基准规范执法，对照石家庄市城市管理行政处罚裁量权基准办理。"))
    assert "河北省生态环境行政处罚裁量基准" in got
    assert "石家庄市城市管理行政处罚裁量权基准" in got
    assert names(run("制定行政处罚裁量基准规范执法。")) == []  # no region or organ leads it


def test_unbracketed_title_after_bracketed_ones_and_with_a_year_range(run):
    got = names(run("对照《法治政府建设实施纲要（2021—2025年）》和河北省法治政府建设实施方案（2021—2025年），推进工作。"))
    assert "河北省法治政府建设实施方案（2021—2025年）" in got


def test_regional_implementing_measures_hold_the_law_they_implement(run):
    got = names(run("配合省人大常委会修订河北省实施《中华人民共和国水法》办法，宣传新疆维吾尔自治区实施《中华人民共和国"
                    "村民委员会组织法》细则。"))
    assert "河北省实施《中华人民共和国水法》办法" in got
    assert "中华人民共和国水法" in got
    assert "新疆维吾尔自治区实施《中华人民共和国村民委员会组织法》细则" in got
    assert not any(n.startswith("实施《") for n in got)
