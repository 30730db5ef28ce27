"""bodyhints: where a report says it is (index numbers, document numbers, salutation, named places)."""
from __future__ import annotations

import pytest

from fazhigraph import organs as og
from fazhigraph import regions as rg
from fazhigraph.extract import bodyhints as bh


def hints_of(text):
    return bh.RegionHints(text, og.find_organs(text))


def test_document_number_abbreviation_points_to_the_province():
    h = hints_of("根据川法治办〔2022〕12号文件要求，现报告如下。")
    assert h.best().name == "四川省"


@pytest.mark.parametrize("index_no,name", [("510100/2023-00012", "成都市"), ("11430100MB1C12345X/2022-00031", "长沙市"),
                                           ("430702000000/2021-1", "武陵区")])
def test_index_number_division_code(index_no, name):
    assert bh.index_region(index_no).name == name


def test_salutation_and_short_names_weigh_for_their_regions():
    h = hints_of("中共平江县委员会，平江县人民政府：\n2023年，全镇服务法治岳阳建设。")
    assert h.best(lambda r: r.level == 3).name == "平江县"
    assert h.best(lambda r: r.level == 2).name == "岳阳市"
    assert {c for c, _ in h.evidence(h.best(lambda r: r.level == 3))} >= {"salutation", "region"}


def test_site_id_code_is_a_division_code():
    assert bh.site_region("4304000001").name == "衡阳市"
    assert bh.site_region("bm01000001") is None


@pytest.mark.parametrize("level,region,fits", [("州", "伊犁哈萨克自治州", True), ("市", "伊犁哈萨克自治州", False),
                                               ("省", "四川省", True), ("省", "上海市", False)])
def test_fits_level(level, region, fits):
    assert bh.fits_level(rg.lookup(region)[0], level) is fits


def test_a_homonymous_district_takes_the_city_the_other_cues_name():
    text = "江北区司法局2022年法治政府建设年度报告\n2022年，我局服务法治宁波建设，推进依法行政。"
    organs = og.find_organs(text)
    hints = bh.RegionHints(text, organs)
    m = next(o for o in organs if o.core == "司法局")
    assert m.region.path == ("浙江省", "宁波市", "江北区")
    assert hints.best(lambda r: r.level == 3).path == ("浙江省", "宁波市", "江北区")


def _abbreviations():
    from fazhigraph.resources import read_tsv, split_list

    return [(a, r["name"]) for r in read_tsv("province_abbreviations.tsv") for a in split_list(r["abbreviations"])]


@pytest.mark.parametrize("abbr,province", _abbreviations())
def test_every_province_abbreviation_on_a_document_number(abbr, province):
    h = hints_of(f"按照{abbr}政办发〔2021〕7号文件要求，报告如下。")
    assert [c for c, _ in h.evidence(h.best())] == ["doc_number"] and h.best().name == province


def test_title_region_outweighs_places_named_only_in_running_text():
    title = "关于泰顺县2023年度法治政府建设情况的报告"
    text = title + "\n我县组织赴安吉县考察，学习安吉县、安吉县经验，对标安吉县做法，推动我县法治建设。"
    h = bh.RegionHints(text, og.find_organs(text), title=(0, len(title)))
    assert h.best(lambda r: bh.fits_level(r, "县")).name == "泰顺县"
    assert h.best(lambda r: bh.fits_level(r, "市")).name == "温州市"


def test_chrome_publisher_anchors_the_region():
    text = "发布机构：宁都县司法局\n局党组会议研究，赴石城县、石城县、石城县学习，服务我县大局。"
    h = hints_of(text)
    assert h.best(lambda r: bh.fits_level(r, "县")).name == "宁都县"


def test_conjunction_county_is_no_region_cue():
    text = "在县委领导和县人大常委会、县政协监督下，在县人大常委会和县政协的支持下，上饶市婺源县扎实推进。"
    h = hints_of(text)
    assert all(r.name != "和县" for r in h.regions())
