"""Platform extractor: systems, websites, accounts, hotlines."""
from fazhigraph.extract import platforms
from fazhigraph.extract.resolve import resolve

XQ = dict(bureau="天津市西青区生态环境局", region_path=["天津市", "西青区"], year=2024)
HZ = dict(bureau="西宁市湟中区生态环境局", region_path=["青海省", "西宁市", "湟中区"], year=2024)
WS = dict(bureau="乌苏市生态环境局", region_path=["新疆维吾尔自治区", "塔城地区", "乌苏市"], year=2023)


def found(make_doc, text, **ctx):
    return resolve(platforms.extract(make_doc(text, **ctx)))


def names(make_doc, text, **ctx):
    return {m.name for m in found(make_doc, text, **ctx)}


def test_relative_government_site_resolved(make_doc):
    assert names(make_doc, "在区政府网站公开执法信息。", **XQ) == {"天津市西青区人民政府网站"}


def test_one_portal_one_name_the_written_one(make_doc):
    got = found(make_doc, "依托乌苏市人民政府网公开，通过市人民政府门户网站主动公开各类信息。", **WS)
    assert {m.name for m in got} == {"乌苏市人民政府网"}
    assert len(got) == 2


def test_bare_government_portal_is_the_reports_own(make_doc):
    assert names(make_doc, "及时在政府门户网站对各类事项进行公示", **HZ) == {"西宁市湟中区人民政府门户网站"}


def test_national_government_site_is_not_the_regions(make_doc):
    assert names(make_doc, "转载中国政府网发布的信息。", **XQ) == {"中国政府网"}


def test_bureau_site_and_higher_department_site(make_doc):
    assert names(make_doc, "充分利用局网站发布信息。", **XQ) == {"天津市西青区生态环境局网站"}
    assert names(make_doc, "通过市生态环境局门户网站公开。", **HZ) == {"西宁市生态环境局门户网站"}


def test_quoted_account(make_doc):
    got = found(make_doc, "通过“生态塔城”微信公众号公开环境信息", **WS)
    assert [m.name for m in got] == ["“生态塔城”微信公众号"]


def test_credit_platform_of_a_region(make_doc):
    assert names(make_doc, "在信用青海平台公开。", **HZ) == {"信用青海"}
    assert names(make_doc, "加强信用体系建设，推送“信用中国”网站。", **HZ) == {"信用中国"}


def test_bare_hotline_numbers(make_doc):
    got = names(make_doc, "受理信访举报52件，其中12345系统18件，12369系统21件。", **WS)
    assert got == {"12345政务服务便民热线", "12369环保举报联网管理平台"}


def test_generic_system_needs_a_platform_word_and_a_left_edge(make_doc):
    assert names(make_doc, "利用智能监控系统处置污染问题。", **XQ) == {"智能监控系统"}
    assert names(make_doc, "对监测断面进行系统优化，系统学习法律。", **XQ) == set()
    assert names(make_doc, "利用微信公众号等新媒体平台宣传。", **XQ) == set()


def test_known_system_aliases(make_doc):
    got = names(make_doc, "以污染源自动监控系统和移动执法系统为平台，我局移动执法平台运行良好。", **HZ)
    assert got == {"污染源自动监控系统", "移动执法系统"}


def test_relative_system_name_resolved_and_known_app_named(make_doc):
    got = names(make_doc, "依托省行政执法综合管理监督信息系统开展监督，通过“粤省事”APP办理。",
                bureau="广州市水务局", region_path=["广东省", "广州市"])
    assert got == {"广东省行政执法综合管理监督信息系统", "粤省事"}


def test_market_is_not_a_relative_city(make_doc):
    assert names(make_doc, "利用市场监管信息平台开展抽查。", **XQ) == {"市场监管信息平台"}


YN = dict(bureau="云南省交通运输厅", region_path=["云南省"], year=2018)
HN = dict(bureau="湖南省财政厅", region_path=["湖南省"], year=2019)


def test_quoted_platform_keeps_its_written_region(make_doc):
    assert names(make_doc, "依托国家企业信用信息公示系统和浙江省“互联网+监管”平台开展抽查。", **XQ) == {
        "国家企业信用信息公示系统", "浙江省“互联网+监管”平台"}
    assert names(make_doc, "使用“互联网+执法”系统实现全过程记录。", **XQ) == {"“互联网+执法”系统"}


def test_description_after_a_quoted_name_is_no_platform(make_doc):
    assert names(make_doc, "依托“周五环保课堂”等学习平台开展学法。", **XQ) == set()


def test_one_stop_service_as_a_reform_is_no_platform(make_doc):
    assert names(make_doc, "推行交通运输行政许可“一网通办”。", **YN) == set()
    assert names(make_doc, "依托“一网通办”平台办理。", **YN) == {"一网通办平台"}


def test_provincial_apps_and_regional_branch_sites(make_doc):
    assert names(make_doc, "依托云南省网上政务服务平台和“一部手机办事通”办理许可。", **YN) >= {"一部手机办事通"}
    assert names(make_doc, "通过“信用中国（福建厦门）”网站公布案件。", **XQ) == {"信用中国（福建厦门）"}
    assert names(make_doc, "依托中国政府采购网湖南分网公开采购信息。", **HN) == {"中国政府采购网湖南分网"}
    assert names(make_doc, "依托江苏政务服务网推出事项。", **XQ) == {"江苏政务服务网"}


def test_department_hotlines(make_doc):
    assert names(make_doc, "12366纳税服务热线答复率99%，交警大队通过“交管12123”APP办理业务。", **XQ) == {
        "12366纳税服务热线", "交管12123"}
