"""Enterprise extractor: named companies and facilities."""
from fazhigraph.extract import enterprises


def names(make_doc, text):
    return [m.name for m in enterprises.extract(make_doc(text, bureau="西宁市湟中区生态环境局",
                                                            region_path=["青海省", "西宁市", "湟中区"]))]


def test_company_names_with_a_clean_left_edge(make_doc):
    text = "辖区重点企业（青海祁连山水泥有限公司、西宁市湟中区江源给排水有限责任公司）均已联网。"
    assert names(make_doc, text) == ["青海祁连山水泥有限公司", "西宁市湟中区江源给排水有限责任公司"]


def test_stop_words_cut_only_as_whole_words(make_doc):
    # the 家 of 李家山 is part of the name; 一般企业 is not
    assert names(make_doc, "及2家一般企业李家山污水处理站均建设监测系统") == ["李家山污水处理站"]


def test_verb_before_facility_is_cut(make_doc):
    assert names(make_doc, "集体研究咸阳路污水处理厂（老厂）超标案件") == ["咸阳路污水处理厂"]


def test_generic_facilities_are_not_named(make_doc):
    assert names(make_doc, "完成城镇污水处理厂提标改造，督促企业集团落实责任。") == []


def test_branch_of_a_company_kept_whole(make_doc):
    assert names(make_doc, "约谈国网湖北省电力有限公司黄石供电分公司负责人") == [
        "国网湖北省电力有限公司黄石供电分公司"]


def test_anonymised_company_names_are_not_enterprises(make_doc):
    from fazhigraph.extract import enterprises

    doc = make_doc("督促苏州工业园区某精密电子有限公司等企业追发工资，查处宜昌某砂石有限公司非法采砂。",
                   bureau="苏州市人力资源和社会保障局", region_path=["江苏省", "苏州市"])
    assert enterprises.extract(doc) == []
    doc = make_doc("查处杭州昌化山核桃食品有限公司销售不合格食品案。")
    assert [m.name for m in enterprises.extract(doc)] == ["杭州昌化山核桃食品有限公司"]
