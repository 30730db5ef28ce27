"""System extractor: scheme matches, quoted names, X制度 patterns, lists, and what is no system."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from fazhigraph import resources
from fazhigraph.extract import systems


def names(make_doc, text):
    return [m.name for m in systems.extract(make_doc(text))]


# ---------------------------------------------------------------- the concept scheme


@pytest.fixture(scope="module")
def scheme():
    g = rdflib.Graph()
    g.parse(resources.data_path("systems.ttl"), format="turtle")
    return g


def test_scheme_is_a_skos_concept_scheme(scheme):
    schemes = set(scheme.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 1
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 80
    for c in concepts:
        langs = {o.language for o in scheme.objects(c, SKOS.prefLabel)}
        assert {"zh", "en"} <= langs, c
        assert len([o for o in scheme.objects(c, SKOS.prefLabel) if o.language == "zh"]) == 1, c
        assert any(True for _ in scheme.objects(c, SKOS.definition)), c
        assert (c, SKOS.inScheme, next(iter(schemes))) in scheme, c


def test_broader_and_narrower_are_symmetric(scheme):
    for a, b in scheme.subject_objects(SKOS.broader):
        assert (b, SKOS.narrower, a) in scheme
    for a, b in scheme.subject_objects(SKOS.narrower):
        assert (b, SKOS.broader, a) in scheme


def test_no_label_belongs_to_two_concepts():
    seen = {}
    for c in systems.concepts():
        for label in (c.pref, *c.alts):
            k = systems.view_key(label)
            assert seen.setdefault(k, c.iri) == c.iri, label


def test_three_systems_parts_have_the_whole_as_broader():
    by_pref = {c.pref: c for c in systems.concepts()}
    for part in ("行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"):
        assert by_pref[part].broader == "行政执法三项制度"
    assert "行政执法三项制度" in by_pref
    # top concepts group the scheme and are never matched
    assert "行政执法制度" not in by_pref


# ---------------------------------------------------------------- scheme matches


def test_whole_and_parts_are_all_emitted(make_doc):
    got = names(make_doc, "全面推行行政执法“三项制度”，落实行政执法公示、执法全过程记录、重大行政执法决定法制审核制度。")
    assert got == ["行政执法三项制度", "行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"]


def test_parts_carry_broader(make_doc):
    ms = systems.extract(make_doc("推行执法全过程记录制度。"))
    assert [(m.name, m.attrs.get("broader")) for m in ms] == [("执法全过程记录制度", "行政执法三项制度")]


def test_quotes_do_not_matter_for_scheme_labels(make_doc):
    got = names(make_doc, '深入落实"谁执法谁普法"责任制，全面推行“双随机、一公开”监管，深化“放管服”改革。')
    assert got == ["“谁执法谁普法”普法责任制", "双随机、一公开", "放管服改革"]


def test_quoted_span_includes_its_quotes(make_doc):
    (m,) = systems.extract(make_doc("严格落实“四个亲自”工作机制。"))
    assert m.text == "“四个亲自”工作机制"
    assert m.name == "“四个亲自”工作机制"


def test_variants_resolve_to_pref_label(make_doc):
    got = names(make_doc, "党组书记履行推进法治建设第一责任人职责，年终述职述法，落实请示汇报制度，实施首违不罚。")
    assert got == ["法治建设第一责任人职责", "年终述法", "请示报告制度", "首违免罚"]


def test_short_label_must_align_with_tokens(make_doc):
    assert names(make_doc, "他阐述法治理念。") == []
    assert names(make_doc, "领导干部现场述法，接受评议。") == ["年终述法"]


def test_blocked_phrase_and_zhidu_hua(make_doc):
    # 集体讨论决定 is a step of the major-decision procedure, 制度化 an aim
    assert names(make_doc, "经集体讨论决定后作出处罚。推动学法用法制度化。") == []


def test_decision_procedure_steps_name_the_procedure(make_doc):
    got = names(make_doc, "落实公众参与、专家论证、风险评估、合法性审查、集体讨论决定等法定程序。")
    assert got == ["重大行政决策程序"]


def test_label_inside_title_only_when_it_is_a_full_system_name(make_doc):
    text = "转发《全面推行行政执法公示制度执法全过程记录制度实施办法》。制定《局班子成员集体学法计划》。"
    assert names(make_doc, text) == ["行政执法公示制度", "执法全过程记录制度"]


def test_duty_inside_the_regulation_that_sets_it(make_doc):
    # the report implements the duty the regulation sets; a local list about it is only a document
    text = "我局严格落实《党政主要负责人履行推进法治建设第一责任人职责规定》。"
    assert names(make_doc, text) == ["法治建设第一责任人职责"]
    text = "局党组印发《党政主要负责人履行推进法治建设第一责任人职责任务清单》。"
    assert names(make_doc, text) == []


# ---------------------------------------------------------------- quoted names


def test_quoted_mechanism_keeps_chinese_quotes(make_doc):
    got = names(make_doc, '推行"综合查一次"模式。推行“集中学习+自主研学”双轨模式。推行“局队合一”改革。')
    assert got == ["综合查一次", "“集中学习+自主研学”双轨模式", "“局队合一”改革"]


def test_work_pattern_with_de_drops_modifiers(make_doc):
    got = names(make_doc, "形成“主要领导负总责、分管领导具体抓、科室分工落实”的闭环工作格局。")
    assert got == ["“主要领导负总责、分管领导具体抓、科室分工落实”工作格局"]


def test_work_pattern_without_roles_is_a_slogan(make_doc):
    assert names(make_doc, "推动形成“权责明确、齐抓共管”的法治建设工作格局。") == []


def test_negated_quoted_name_is_no_system(make_doc):
    assert names(make_doc, "摒弃主观臆断与“一言堂”模式，打破“信息孤岛”模式。") == []


def test_quoted_name_with_comma_inside_chinese_quotes(make_doc):
    got = names(make_doc, "建立“一把手亲自抓，分管领导具体抓，各科室齐抓共管”工作机制。")
    assert got == ["“一把手亲自抓，分管领导具体抓，各科室齐抓共管”工作机制"]


def test_events_and_plans_in_quotes_are_not_systems(make_doc):
    assert names(make_doc, "开展“八五”普法，组织“美丽中国，我是行动者”主题活动和“蓝天保卫战”。") == []


# ---------------------------------------------------------------- X制度 patterns


def test_leading_verbs_and_adverbs_are_stripped(make_doc):
    got = names(make_doc, "二是严格落实监管对象分类管理制度。健全党组班子学法制度。")
    assert got == ["监管对象分类管理制度", "党组班子学法制度"]


def test_scheme_match_joined_by_he_ends_the_left_context(make_doc):
    got = names(make_doc, "积极落实生态环境监督执法正面清单管理和监管对象分类管理制度。")
    assert got == ["生态环境监督执法正面清单", "监管对象分类管理制度"]


def test_he_inside_a_name_is_kept(make_doc):
    got = names(make_doc, "执行年度报告和公示制度。")
    assert got == ["年度报告和公示制度"]


def test_list_before_one_head_gives_one_system_per_item(make_doc):
    got = names(make_doc, "深入推进领导干部集体学法、带头讲法、年终述法等制度。落实党政机关法律顾问、公职律师制度。")
    assert got == ["领导干部集体学法制度", "领导干部带头讲法制度", "年终述法", "法律顾问制度", "公职律师制度"]
    got = names(make_doc, "三是实行法律顾问和公职律师制度。")
    assert got == ["法律顾问制度", "公职律师制度"]


def test_unknown_list_items_get_the_head(make_doc):
    got = names(make_doc, "建立会前学法、旁听庭审等制度。")
    assert got == ["会前学法制度", "旁听庭审制度"]


@pytest.mark.parametrize(
    "text",
    [
        "规范和完善各项规章制度。",
        "我局严格按照上级部门相关制度执行。",
        "不断完善依法行政制度。",
        "为法治政府建设提供有力的制度保障。",
        "落实依法科学民主决策制度机制。",
        "建立健全财务管理制度和保密制度。",
        "深化改革，提高依法行政水平。",
        "建立健全长效机制，完善生态环境执法体系。",
        "与公安机关建立联合执法机制。",
        "制定3个制度。",
        "完善财务报销制度，严格考勤制度。",
        "出台了《信息公开办法》《保密规定》等制度。",
    ],
)
def test_generic_phrases_and_aims_are_no_systems(make_doc, text):
    assert names(make_doc, text) == []


def test_zhidu_after_zeren_is_the_head(make_doc):
    # 责任制度 is read as 责任 + 制度, and a scheme label absorbs the variant
    got = names(make_doc, "推行行政执法责任制度，落实党政同责、一岗双责。")
    assert got == ["行政执法责任制", "党政同责", "一岗双责"]


def test_lexicon_holds_scheme_labels():
    lex = set(systems.lexicon())
    assert {"行政执法三项制度", "年终述法", "谁执法谁普法"} <= lex
    assert all(len(w) >= 2 for w in lex)


# ---------------------------------------------------------------- round 2: other departments and levels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全面推行证明事项告知承诺制和涉企经营许可事项告知承诺制。", ["证明事项告知承诺制", "涉企经营许可事项告知承诺制"]),
        ("林木采伐许可实行告知承诺制。", ["告知承诺制"]),
        ("深化府院联动机制，协同推进诉源治理。", ["府院联动机制", "诉源治理"]),
        ("坚持和发展新时代“枫桥经验”。", ["枫桥经验"]),
        ("督促企业建立健全全员安全生产责任制。", ["安全生产责任制"]),
        ("构建安全风险分级管控和隐患排查治理双重预防机制。", ["安全风险分级管控和隐患排查治理双重预防机制"]),
        ("深化工程建设项目审批制度改革，推行容缺受理。", ["工程建设项目审批制度改革", "容缺受理"]),
        ("在全市农村公路推行“路长制”。", ["路长制"]),
        ("落实最严格水资源管理制度。", ["最严格水资源管理制度"]),
        ("完善接诉即办工作机制，推行网格化管理。", ["接诉即办", "网格化管理"]),
        ("推行重大行政决策目录管理制度。", ["重大行政决策目录管理制度"]),
    ],
)
def test_scheme_covers_other_departments(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_zhidu_gaige_names_a_reform(make_doc):
    # X制度改革 is coined like X制度; X体制改革 after a cue verb is a reform named as such
    assert names(make_doc, "深化公安机关受案立案制度改革。") == ["受案立案制度改革"]
    assert names(make_doc, "深化医保支付方式制度改革。") == ["医保支付方式制度改革"]
    assert names(make_doc, "推进行政复议体制改革，深化行政执法体制改革。") == ["行政复议体制改革", "行政执法体制改革"]


def test_second_item_after_zhidu_he(make_doc):
    got = names(make_doc, "全面落实农民工工资保证金制度和工资支付监控预警制度。")
    assert got == ["农民工工资保证金制度", "工资支付监控预警制度"]


def test_dengji_is_no_list_marker(make_doc):
    assert names(make_doc, "推行养老机构等级评定制度。") == ["养老机构等级评定制度"]


@pytest.mark.parametrize(
    "text",
    [
        "修订厅机关财务报销制度、公务接待管理制度和保密工作制度。",
        "完善局机关公务用车管理制度。",
        "局党委理论学习中心组集体学法4次。",
        "首页 > 政务公开 > 法治政府建设",
        "当前位置：首页 >> 政务公开",
    ],
)
def test_office_rules_activities_and_chrome_are_no_systems(make_doc, text):
    assert names(make_doc, text) == []


def test_breadcrumb_rule_spares_titles_with_angle_brackets(make_doc):
    text = "印发《关于印发<重大行政执法决定法制审核规定>的通知》，严格执行行政执法公示制度。"
    assert names(make_doc, text) == ["行政执法公示制度"]


# ---------------------------------------------------------------- reviews named by their object


@pytest.mark.parametrize(
    "text, expected",
    [
        ("政策法规处对45件行政规范性文件进行合法性审核。", ["规范性文件合法性审核"]),
        ("局务会审议规范性文件3件，均经法规科合法性审核。", ["规范性文件合法性审核"]),
        ("法制科对本局重大行政决策进行合法性审查。", ["重大行政决策合法性审查"]),
        ("法规处牵头对重大执法决定开展法制审核。", ["重大执法决定法制审核制度"]),
    ],
)
def test_review_named_by_its_object(make_doc, text, expected):
    ms = systems.extract(make_doc(text))
    assert [m.name for m in ms] == expected
    assert all(m.text in ("合法性审核", "合法性审查", "法制审核") for m in ms)  # span: the review word only


@pytest.mark.parametrize(
    "text",
    [
        # a step of a named procedure: the procedure is the system
        "严格落实重大行政决策程序，重大决策事项均经合法性审查。",
        # a list of objects: the legal adviser's general duty
        "聘请律师担任法律顾问，对重大决策、合同开展合法性审查。",
        # no light verb between object and review
        "重大决策合法性审查难度较大。",
        # object in another sentence
        "审议规范性文件3件。法律顾问全程参与合法性审核。",
    ],
)
def test_review_without_its_object_or_inside_a_procedure(make_doc, text):
    assert "重大行政决策合法性审查" not in names(make_doc, text)
    assert "规范性文件合法性审核" not in names(make_doc, text)


# ---------------------------------------------------------------- X机制 named with a partner


def test_link_mechanism_with_a_partner(make_doc):
    assert names(make_doc, "与区人民法院建立劳动争议诉裁衔接机制，配合检察院开展公益诉讼。") == ["劳动争议诉裁衔接机制"]
    assert names(make_doc, "会同市公安局健全环境执法联动机制。") == ["环境执法联动机制"]


@pytest.mark.parametrize(
    "text",
    [
        "建立劳动争议诉裁衔接机制。",  # no partner named
        "积极参与建立部门协作机制。",  # 与 of 参与 is no partner
        "与公安机关建立健全长效机制。",  # no link word before 机制
        "与市公安局建立联席会议制度。",  # a joint meeting with no subject
    ],
)
def test_no_link_mechanism_without_partner_or_link_word(make_doc, text):
    assert names(make_doc, text) == []


def test_scheme_wins_over_link_pattern(make_doc):
    assert names(make_doc, "与公安机关建立行政执法与刑事司法衔接机制。") == ["行政执法与刑事司法衔接机制"]


# ---------------------------------------------------------------- sector words are no system names


@pytest.mark.parametrize(
    "text", ["一、完善卫生健康制度。", "一、完善住房城乡建设法规制度", "健全生态环境管理制度。"]
)
def test_sector_word_before_zhidu_is_no_system(make_doc, text):
    assert names(make_doc, text) == []


def test_sector_word_inside_a_longer_name_is_kept(make_doc):
    assert names(make_doc, "推行卫生健康行业信用分级分类制度。") == ["卫生健康行业信用分级分类制度"]


# ---------------------------------------------------------------- concepts reports name in short forms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全面实行政府采购意向公开。", "政府采购意向公开"),
        ("推出“不见面审批”事项120项。", "不见面审批"),
        ("推动政务服务事项“全程网办”。", "全程网办"),
        ("法制科具体负责重大税务案件审理。", "重大税务案件审理制度"),
        ("开展“一村（居）一法律顾问”工作。", "一村（居）一法律顾问"),
        ("局党组认真履行法治建设主体责任。", "法治建设主体责任"),
        ("推进河湖长制，开展河湖巡查。", "河长制"),
    ],
)
def test_short_forms_of_real_world_systems(make_doc, text, expected):
    assert names(make_doc, text) == [expected]


def test_hired_legal_adviser_is_a_role_not_a_system(make_doc):
    assert names(make_doc, "聘请律师事务所律师担任社区法律顾问。") == []


# ---------------------------------------------------------------- systems recognised by their concept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年法律顾问参与合同审查20余次。", ["法律顾问制度"]),
        ("充分发挥法律顾问在合同审查中的把关作用。", ["法律顾问制度"]),
        ("重要会议均安排公职律师列席。", ["公职律师制度"]),
        ("听取局法律顾问对规范性文件的意见。", ["法律顾问制度"]),
        # retained by the body for its own work: the system runs
        ("我委续聘某某律师事务所为常年法律顾问。", ["法律顾问制度"]),
        ("局机关配备公职律师4名。", ["公职律师制度"]),
        ("由两名执业律师担任本厅法律顾问。", ["法律顾问制度"]),
    ],
)
def test_role_at_work_implies_its_system(make_doc, text, expected):
    assert names(make_doc, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "今年新增公职律师1名。",  # hired or counted, not at work
        "目前局内无符合条件的公职律师，暂不开展相关工作。",
        "组织律师为村居法律顾问提供培训。",  # a role serving others
        "印发《关于发挥法律顾问作用的通知》。",
    ],
)
def test_role_not_at_work_is_no_system(make_doc, text):
    assert names(make_doc, text) == []


def test_unquoted_leadership_formula(make_doc):
    text = "建立了由局长统一领导、副局长分工负责、各股室各司其职的领导体制和工作机制。"
    assert names(make_doc, text) == ["局长统一领导、副局长分工负责、各股室各司其职的领导体制和工作机制"]
    text = "形成党组书记亲自抓，分管领导具体抓、科室协同抓的依法行政工作格局。"
    assert names(make_doc, text) == ["党组书记亲自抓，分管领导具体抓、科室协同抓的依法行政工作格局"]


def test_duty_list_without_roles_is_no_formula(make_doc):
    # items must assign duties to at least two roles
    assert names(make_doc, "做到统一领导、分工负责、协调配合的工作机制。") == []


def test_reform_named_as_such(make_doc):
    assert names(make_doc, "持续深化事业单位改革，稳妥推进人员转隶。") == ["事业单位改革"]
    # an aim and a body are no reform names
    assert names(make_doc, "运用法治方式深化改革、推动发展。") == []
    assert names(make_doc, "召开县机构改革领导小组会议。") == []


def test_sector_before_a_scheme_reform_is_kept(make_doc):
    got = systems.extract(make_doc("全面深化交通运输综合行政执法改革。"))
    assert [m.name for m in got] == ["交通运输综合行政执法改革"]
    assert got[0].attrs["broader"] == "综合行政执法改革"


def test_role_suffix_in_a_list_maps_to_the_duty(make_doc):
    got = names(make_doc, "认真落实党组书记法治建设第一责任人、会前学法等制度。")
    assert got == ["法治建设第一责任人职责", "会前学法制度"]


def test_long_list_before_one_head(make_doc):
    text = "修订完善了涉企检查报备、涉案财物保管、“双随机、一公开”抽查工作、执法文书归档、举报奖励等制度。"
    assert names(make_doc, text) == ["涉企检查报备制度", "涉案财物保管制度", "双随机、一公开", "执法文书归档制度", "举报奖励制度"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("构建“学用结合”同推进的培训体系。", ["“学用结合”同推进的培训体系"]),
        ("打造“一站式”服务体系。", ["“一站式”服务体系"]),
        ("健全“放管服”改革的长效机制。", ["放管服改革"]),
    ],
)
def test_quoted_name_with_a_verb_before_de(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_activity_and_document_after_a_label_are_no_system(make_doc):
    assert names(make_doc, "党支部开展集体学法活动。") == []
    assert names(make_doc, "配合省法治督察组开展实地督察。") == []


def test_page_metadata_line_is_chrome(make_doc):
    text = "成文日期: 2023-03-12信息分类:政务公开/综合政务体裁分类:年度报告\n深入推进政务公开。"
    assert names(make_doc, text) == ["政务公开制度"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("线下推行“一窗通办”，线上推行“一网通办”。", ["一窗通办", "一网通办"]),
        ("建立政务服务“好差评”制度。", ["政务服务“好差评”制度"]),
        ("严格执行领导干部任前法律知识考试制度。", ["领导干部任前法律知识考试制度"]),
        ("严格落实重大决策终身责任追究制度及责任倒查机制。", ["重大行政决策终身责任追究制度"]),
        ("落实普法工作责任制。", ["“谁执法谁普法”普法责任制"]),
        ("深化法治督察，推动问题整改。", ["法治督察制度"]),
        ("全面实施市场准入负面清单制度。", ["市场准入负面清单制度"]),
    ],
)
def test_scheme_grown_from_public_documents(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_role_with_a_purpose_clause_is_at_work(make_doc):
    assert names(make_doc, "镇政府聘请法律顾问，为重大合同签订提供法律意见。") == ["法律顾问制度"]
    # retaining the role is running the system too; serving others or only counting it is not
    assert names(make_doc, "镇政府聘请法律顾问，同时调整了工作人员。") == ["法律顾问制度"]
    assert names(make_doc, "为辖区村居聘请法律顾问。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("重大事项讨论实行行政首长末位表态制。", ["行政首长末位表态制"]),
        ("窗口推行服务承诺制和限时办结制。", ["服务承诺制", "限时办结制"]),
        ("全面推行首问负责制。", ["首问负责制"]),
        ("深化行政执法体制改革，落实编制管理。", ["行政执法体制改革"]),
        ("实行属地管理体制。", []),
    ],
)
def test_unquoted_zhi_names_after_a_cue(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_permit_item_list_management(make_doc):
    assert names(make_doc, "全面实行行政许可事项清单管理。") == ["行政许可事项清单管理"]


def test_listed_formula_extended_by_the_report(make_doc):
    got = systems.extract(make_doc("推行“马上办、网上办、就近办、一次办、帮代办”服务。"))
    assert [m.name for m in got] == ["马上办、网上办、就近办、一次办、帮代办"]
    assert got[0].attrs["broader"] == "马上办、网上办、就近办、一次办"
    # an item of another shape is no part of it
    assert names(make_doc, "推行马上办、网上办、就近办、一次办、容缺受理。") == ["马上办、网上办、就近办、一次办", "容缺受理"]


def test_a_list_document_is_no_list_management(make_doc):
    assert names(make_doc, "严格实施行政许可事项清单并及时公开。") == []


def test_formula_of_one_word_duties(make_doc):
    text = "构建党委领导、政府负责、部门协同、公众参与的普法工作格局。"
    assert names(make_doc, text) == ["党委领导、政府负责、部门协同、公众参与的普法工作格局"]
    # a formula that ends in no structure word is no system
    assert names(make_doc, "形成党委领导、政府负责的良好局面。") == []


def test_responsibility_systems_of_party_rules(make_doc):
    text = "严格落实意识形态工作责任制和党风廉政建设责任制，落实网络安全工作责任制。"
    assert names(make_doc, text) == ["意识形态工作责任制", "党风廉政建设责任制", "网络安全工作责任制"]
    assert names(make_doc, "严格执行岗位责任制。") == []


def test_one_thing_once(make_doc):
    assert names(make_doc, "深化“一件事一次办”改革。") == ["一件事一次办"]


def test_region_assessment_named_as_such(make_doc):
    got = names(make_doc, "我县法治浙江（法治政府）建设考评连续三年获评优秀。")
    assert got == ["法治浙江（法治政府）建设考评"]
    assert names(make_doc, "法治湖南建设考核结果位居全省前列。") == ["法治湖南建设考核"]
    # no region, or a responsibility list about it: no named assessment
    assert names(make_doc, "年初即把法治政府建设考核责任落实到科室。") == []
    assert names(make_doc, "制定法治湖南建设考核责任清单。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推行企业信用风险分类管理，提升监管效能。", ["企业信用风险分类管理"]),
        ("落实轻微违法行为免予处罚清单。", ["轻微不罚"]),
        ("推行律师调解，健全诉调对接机制。", ["律师调解制度", "诉调对接机制"]),
        ("全县中学均聘任法治副校长，法治副校长每学期到校开展法治讲座。", ["法治副校长制度", "法治副校长制度"]),
    ],
)
def test_scheme_and_roles_of_other_departments(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_zhi_name_needs_a_qualified_verb(make_doc):
    assert names(make_doc, "推行服务制。") == []
    assert names(make_doc, "实行党委领导下的行政首长负责制。") == []


def test_body_before_a_short_form_keeps_the_full_name(make_doc):
    got = systems.extract(make_doc("县政府坚持落实常务会集体学法制度。"))
    assert [m.name for m in got] == ["常务会集体学法制度"]
    assert got[0].attrs["broader"] == "领导干部集体学法制度"
    # the short form alone, or the full prefLabel after a body, stays the scheme concept
    assert names(make_doc, "落实集体学法制度。") == ["领导干部集体学法制度"]
    assert names(make_doc, "落实局务会会前学法制度。") == ["会前学法制度"]


def test_signal_roles_come_from_the_scheme():
    by_pref = {c.pref: c for c in systems.concepts()}
    assert by_pref["法律顾问制度"].roles == ("法律顾问",)
    assert by_pref["公职律师制度"].roles == ("公职律师",)
    assert all(not c.roles for c in systems.concepts() if c.pref == "行政复议制度")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推行“链长制”，实行网格长制。", ["链长制", "网格长制"]),
        ("推行企业投资项目承诺制。", ["企业投资项目承诺制"]),
        ("实行局长制，延长制不适用。", []),
    ],
)
def test_chief_and_commitment_zhi_names(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_constitutional_oath_and_due_diligence(make_doc):
    assert names(make_doc, "组织新任职干部进行宪法宣誓。") == ["宪法宣誓制度"]
    assert names(make_doc, "落实尽职免责、失职追责要求。") == ["尽职免责"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("落实“三线一单”生态环境分区管控，推行环境污染第三方治理。", ["生态环境分区管控", "环境污染第三方治理"]),
        ("健全行政裁决制度，依法办理行政裁决案件3件。", ["行政裁决制度"]),
        ("构建以信用为基础的新型监管机制。", ["以信用为基础的新型监管机制"]),
    ],
)
def test_scheme_of_the_indicator_system(make_doc, text, expected):
    assert names(make_doc, text) == expected


def test_scheme_system_followed_by_reform_is_the_reform(make_doc):
    got = systems.extract(make_doc("持续推进排污许可制度改革。"))
    assert [m.name for m in got] == ["排污许可制度改革"]
    assert got[0].attrs["broader"] == "排污许可制度"


def test_numbered_rule_set_put_in_force(make_doc):
    text = "窗口推行审批流程“三公开”，即办事条件公开、办理结果公开。"
    assert names(make_doc, text) == ["审批流程“三公开”"]
    assert names(make_doc, "落实执法办案“两统一”，提升执法质量。") == ["执法办案“两统一”"]
    # a political slogan, or a numbered plan word, is no system
    assert names(make_doc, "坚决落实“两个维护”。") == []
    assert names(make_doc, "深入开展“八五”普法。") == []


def test_more_scheme_entries_from_public_documents(make_doc):
    assert names(make_doc, "深化“多证合一”改革。") == ["多证合一"]
    got = systems.extract(make_doc("推进企业环境信息依法披露制度改革。"))
    assert [(m.name, m.attrs.get("broader")) for m in got] == [("环境信息依法披露制度改革", "环境信息依法披露制度")]


def test_post_systems_of_three_characters(make_doc):
    assert names(make_doc, "实行法制员制度，建立联络员制度和新闻发言人制度。") == ["法制员制度", "联络员制度", "新闻发言人制度"]
    assert names(make_doc, "落实负责人制度，完善工作人员制度。") == []


def test_numbered_rule_set_without_cue_words(make_doc):
    assert names(make_doc, "建立健全“四个一”，推行完善“三统一”。") == ["“四个一”", "“三统一”"]
    assert names(make_doc, "推行了窗口服务“三承诺”，即办事时限承诺。") == ["窗口服务“三承诺”"]


def test_rule_of_law_inspection_and_its_checklist(make_doc):
    assert names(make_doc, "主动接受法治政府建设督察，逐项整改。") == ["法治督察制度"]
    # a checklist (…要点) or a team (…组, …专班) written right after the label is about it, not the system
    assert names(make_doc, "我委按照全省法治督察要点逐条梳理短板。") == []
    assert names(make_doc, "省法治政府建设督察组进驻后，我县立即整改。") == []
    assert names(make_doc, "市里抽调人员组成法治督察专班。") == []


def test_a_label_that_a_regulation_title_names_is_no_system(make_doc):
    assert "重大行政决策程序" not in names(make_doc, "严格执行重大行政决策程序暂行条例，推进依法决策。")
    assert "重大行政决策程序" in names(make_doc, "严格执行重大行政决策程序，推进依法决策。")
