"""Unit extractor: internal bodies of the reporting bureau, named after the bureau."""
from fazhigraph.extract import units
from fazhigraph.model import ReportMeta
from fazhigraph.extract.resolve import resolve

XQ = dict(bureau="天津市西青区生态环境局", region_path=["天津市", "西青区"], year=2024)
HZ = dict(bureau="西宁市湟中区生态环境局", region_path=["青海省", "西宁市", "湟中区"], year=2024)
HS = dict(bureau="黄石市生态环境局", region_path=["湖北省", "黄石市"], year=2025)


def names(make_doc, text, **ctx):
    return {m.name for m in resolve(units.extract(make_doc(text, **ctx)))}


def test_party_group_forms_share_one_canonical_name(make_doc):
    got = resolve(units.extract(make_doc("局党组高度重视法治建设，全年召开党组会议12次。", **XQ)))
    assert {m.name for m in got} == {"天津市西青区生态环境局党组"}
    assert {m.text for m in got} == {"局党组", "党组会议"}


def test_party_organisation_word_is_not_a_party_group(make_doc):
    assert names(make_doc, "各级党组织认真落实主体责任。", **XQ) == set()


def test_theory_group_takes_the_party_body_the_report_names(make_doc):
    assert names(make_doc, "局党委会研究部署，中心组理论学习18次。", **XQ) == {
        "天津市西青区生态环境局党委", "天津市西青区生态环境局党委理论学习中心组"}
    assert names(make_doc, "开展中心组学习。", **XQ) == {"天津市西青区生态环境局理论学习中心组"}


def test_other_organs_offices_are_not_units(make_doc):
    # 市生态环境局 in a district report is the city's bureau; 公安局党委 is the police's
    assert names(make_doc, "由市生态环境局法规科进行法制审核，公安局党委配合。", **HZ) == set()
    assert names(make_doc, "报局法规科审核。", **HZ) == {"西宁市湟中区生态环境局法规科"}


def test_leadership_team_needs_a_bureau_reference(make_doc):
    assert names(make_doc, "局领导班子带头学法。", **XQ) == {"天津市西青区生态环境局领导班子"}
    assert names(make_doc, "扎实开展领导班子述法工作。", **XQ) == set()


def test_leading_group_and_its_office(make_doc):
    text = ("成立了以局长为组长，各科室负责人为成员的法治政府建设领导小组，领导小组下设办公室，"
            "负责日常事务。")
    assert names(make_doc, text, **HZ) == {
        "西宁市湟中区生态环境局法治政府建设领导小组",
        "西宁市湟中区生态环境局法治政府建设领导小组办公室",
    }


def test_city_leading_group_is_not_the_bureaus(make_doc):
    assert names(make_doc, "按照市法治政府建设领导小组要求，我局作为领导小组成员单位。", **HZ) == set()


def test_leading_group_name_keeps_its_parenthesis(make_doc):
    got = names(make_doc, "及时调整充实依法行政(依法治省、法治政府、普法)工作领导小组力量。",
                bureau="河南省生态环境厅", region_path=["河南省"])
    assert got == {"河南省生态环境厅依法行政(依法治省、法治政府、普法)工作领导小组"}


def test_enforcement_team_of_an_ecology_bureau(make_doc):
    got = resolve(units.extract(make_doc("局执法支队邀请法律顾问，全程参与支队案件审议。", **XQ)))
    assert {m.name for m in got} == {"天津市西青区生态环境保护综合行政执法支队"}
    assert {m.text for m in got} == {"局执法支队", "支队"}


def test_enforcement_team_written_in_full_keeps_its_name(make_doc):
    got = names(make_doc, "制定《黄石市生态环境保护综合执法支队案件办理程序规定》，综合执法支队严格执行。", **HS)
    assert got == {"黄石市生态环境保护综合执法支队"}


def test_county_branch_of_a_city_bureau(make_doc):
    assert names(make_doc, "大冶市分局获评表现突出集体。", **HS) == {"黄石市生态环境局大冶市分局"}
    assert names(make_doc, "配合市公安局下陆区分局开展联合执法。", **HS) == set()


def test_office_counts_only_next_to_another_unit(make_doc):
    assert names(make_doc, "执法大队、办公室为普法主体。", **HZ) == {
        "西宁市湟中区生态环境局执法大队", "西宁市湟中区生态环境局办公室"}
    assert names(make_doc, "省政府办公室印发通知，办公室负责落实。", **HZ) == set()


def test_no_bureau_no_units(make_doc):
    assert units.extract(make_doc("局党组高度重视。")) == []


def test_bureau_context_references(make_doc):
    from fazhigraph.model import ReportMeta

    ctx = units.bureau_context(ReportMeta(bureau="天津市西青区生态环境局", region_path=["天津市", "西青区"]))
    assert ctx.prefix == "天津市西青区" and ctx.core == "生态环境局" and ctx.kind == "局"
    assert "区生态环境局" in ctx.refs and "西青区生态环境局" in ctx.refs and "局" in ctx.refs
    assert "市生态环境局" not in ctx.refs


XA = dict(bureau="西安市文化和旅游局", region_path=["陕西省", "西安市"], year=2019)
YN = dict(bureau="云南省交通运输厅", region_path=["云南省"], year=2018)


def test_sector_team_takes_the_region_written_before_it(make_doc):
    assert names(make_doc, "市文化市场综合执法支队开展网络巡查，支队全年办案。", **XA) == {
        "西安市文化市场综合执法支队"}
    assert names(make_doc, "四、省交通运输综合行政执法局在全省开展治超。", **YN) == {
        "云南省交通运输综合行政执法局"}


def test_another_sectors_team_is_not_a_unit(make_doc):
    # 城市管理 is not the bureau's field: that team is another organ's
    assert names(make_doc, "配合市城市管理综合执法支队开展联合执法。", **XA) == set()


def test_standard_legal_offices_are_units(make_doc):
    assert names(make_doc, "规范性文件均经条法处合法性审核。", **YN) == {"云南省交通运输厅条法处"}


def test_group_office_hosted_by_another_organ_is_not_a_group_name(make_doc):
    got = names(make_doc, "成立法治建设领导小组，司法所承担领导小组办公室日常工作。", **XA)
    assert "西安市文化和旅游局法治建设领导小组" in got
    assert not any("司法所" in n or "承担" in n for n in got)


STREET = dict(bureau="上海市徐汇区人民政府枫林路街道办事处", region_path=["上海市", "徐汇区"])
TOWN = dict(bureau="宁乡市花明楼镇人民政府", region_path=["湖南省", "长沙市", "宁乡市"])
ZONE = dict(bureau="济南高新技术产业开发区管理委员会", region_path=["山东省", "济南市"])


def test_local_government_party_committees(make_doc):
    got = names(make_doc, "街道党工委把法治建设纳入重点工作，街道党工委理论学习中心组专题学习2次。", **STREET)
    assert got == {"中共上海市徐汇区枫林路街道工作委员会", "中共上海市徐汇区枫林路街道工作委员会理论学习中心组"}
    assert names(make_doc, "镇党委书记认真履行第一责任人职责。", **TOWN) == {"中共宁乡市花明楼镇委员会"}
    assert names(make_doc, "高新区党工委、管委会主要负责同志履行职责。", **ZONE) == {"中共济南高新技术产业开发区工作委员会"}


def test_another_towns_or_levels_party_committee_is_not_a_unit(make_doc):
    assert names(make_doc, "配合黄材镇党委开展工作。", **TOWN) == set()
    assert names(make_doc, "在区党工委领导下开展工作。", bureau="北京市朝阳区人民政府建外街道办事处",
                 region_path=["北京市", "朝阳区"]) == set()
    assert units.local_gov(units.bureau_context(ReportMeta(bureau="天津市西青区生态环境局"))) is None


def test_local_government_group_drops_its_self_reference(make_doc):
    got = names(make_doc, "街道法治建设领导小组定期研究法治工作。", **STREET)
    assert got == {"上海市徐汇区人民政府枫林路街道办事处法治建设领导小组"}


def test_units_of_some_kinds_of_body_only(make_doc):
    police = dict(bureau="深圳市公安局南山分局", region_path=["广东省", "深圳市", "南山区"])
    assert names(make_doc, "依托执法办案管理中心实现全流程管理，交警大队办理业务。", **police) == {
        "深圳市公安局南山分局执法办案管理中心", "深圳市公安局南山分局交警大队"}
    assert names(make_doc, "依托执法办案管理中心实现全流程管理。", **XQ) == set()


def test_unit_words_inside_a_cited_title_are_not_units(make_doc):
    police = dict(bureau="杭州市公安局西湖区分局", region_path=["浙江省", "杭州市", "西湖区"])
    assert names(make_doc, "落实《杭州市公安局关于进一步规范执法办案管理中心运行的通知》。", **police) == set()


def test_sector_team_does_not_take_the_verb_before_it(make_doc):
    got = names(make_doc, "整合执法力量，组建交通运输综合执法大队。", bureau="晋江市交通运输局",
                region_path=["福建省", "泉州市", "晋江市"])
    assert got == {"晋江市交通运输综合执法大队"}
