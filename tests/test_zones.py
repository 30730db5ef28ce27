"""zones: development zones and new areas as regions (gazetteer and the regular pattern)."""
from __future__ import annotations

import pytest

from fazhigraph import zones as zn


@pytest.mark.parametrize("text,prefix,parent,kind", [
    ("哈尔滨新区自然资源局", "哈尔滨新区", "哈尔滨市", "国家级新区"),
    ("河北雄安新区管理委员会", "雄安新区", "河北省", "国家级新区"),
    ("武汉东湖新技术开发区政务服务局", "东湖高新区", "武汉市", "高新区"),
    ("成都高新区社区发展治理和社事局", "成都高新区", "成都市", "高新区"),
    ("长沙经开区管委会", "长沙经开区", "长沙市", "经开区"),
    ("合肥经济技术开发区管理委员会", "合肥经济技术开发区", "合肥市", "经开区"),
])
def test_zone_at(text, prefix, parent, kind):
    z = zn.zone_at(text)
    assert z is not None and z.prefix == prefix and z.parent.name == parent and z.kind == kind


@pytest.mark.parametrize("text", ["浦东新区城管执法局", "西青区生态环境局", "高新区管委会", "创新区域协调"])
def test_not_a_zone(text):
    assert zn.zone_at(text) is None  # a division itself (浦东新区), no zone, or no place before the zone word


def test_find_zones_in_text():
    got = zn.find_zones("会同成都高新区、天府新区和东湖高新区开展执法协作")
    assert [z.prefix for _, _, z in got] == ["成都高新区", "天府新区", "东湖高新区"]
    assert got[0][:2] == (2, 7)


def test_zone_path_ends_with_the_zone():
    z = zn.zone_at("哈尔滨新区")
    assert z.path == ("黑龙江省", "哈尔滨市", "哈尔滨新区") and z.codes == ("23", "2301")


def _rows():
    from fazhigraph.resources import read_tsv, split_list

    return [(f, r["prefix"], r["parent"]) for r in read_tsv("zones.tsv")
            for f in dict.fromkeys([r["name"], r["prefix"], *split_list(r["aliases"])])]


@pytest.mark.parametrize("form,prefix,parent", _rows())
def test_every_gazetteer_form_names_its_zone_under_its_parent(form, prefix, parent):
    z = zn.zone_at(form + "生态环境局2022年法治政府建设情况报告")
    assert z.prefix == prefix and "/".join(z.parent.path) == parent
