"""Policy documents: the seed plan (Traditional script, web-page preamble) and a written one."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsing import parse_bytes, parse_file
from parsing.script import to_simplified
from tests.parsing.conftest import SEEDS

SEED = SEEDS / "chengdu-carbon-peak-pilot-plan-2025.txt"
# The corpus ships the same text behind a source header: the tests run without ../shared too.
SHIPPED = Path(__file__).resolve().parents[2] / "corpus" / "policies" / SEED.name


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED if SEED.exists() else SHIPPED)


def test_seed_record(seed):
    r = seed.record
    assert seed.kind == "policy" and r.doc_type == "policy"
    assert r.number == "成府发〔2025〕15号"
    assert r.publish_date == "2025-11-05"
    assert r.issuers == ["成都市人民政府"]
    assert to_simplified(r.title_zh, force=True) == "成都市人民政府关于印发国家碳达峰试点成都实施方案的通知"
    assert any("before the document title" in w for w in seed.warnings)  # the web page's contact block


def test_seed_hierarchy(seed):
    by = {c.number: c for c in seed.clauses}
    assert [c.number for c in seed.clauses if c.level == 1] == ["引言", "一", "二", "三", "四"]
    assert to_simplified(by["一"].heading, force=True) == "主要目标"
    task = by["二/（一）/1."]
    assert task.level == 3 and task.parent == "二/（一）" and task.kind == "section"
    assert to_simplified(task.heading, force=True) == "加快构建新型电力系统"
    assert [to_simplified(u, force=True) for u in task.responsible] == [
        "市经信局市新经济委", "市发改委", "各区(市)县政府(管委会)",
    ]
    assert sum(1 for c in seed.clauses if c.level == 3) == 33  # tasks 1-33, numbered across sections
    assert by["三/（三）/28."].responsible and "聯系我們" not in seed.clauses[0].text


def test_seed_targets(seed):
    got = {(t.year, to_simplified(t.indicator, force=True), t.value, t.unit) for t in seed.targets}
    assert (2030, "电能占终端用能的比重", 55.0, "%") in got
    assert (2030, "需求侧响应能力", 9.0, "%") in got
    assert (2030, "全市电网安全负荷", 3500.0, "万千瓦") in got
    assert (2027, "先进能源产业规模", 2000.0, "亿元") in got
    assert (2030, "新能源汽车市场渗透率", 60.0, "%") in got
    first = next(t for t in seed.targets if t.value == 55.0)
    assert first.clause == "二/（一）/1." and first.comparator == "达"
    # "綠地率達39\ue010 5%" has a broken decimal point: no made-up value of 5 %
    assert not any(t.value == 5.0 for t in seed.targets)


def test_written_policy_simplified():
    text = """四川省人民政府办公厅关于推进绿色低碳发展的实施意见
川办发〔2024〕8号
各市（州）人民政府：
为推进绿色低碳发展，提出如下意见。
一、总体要求
到2025年，全省单位地区生产总值能耗比2020年下降14%。
二、重点任务
（一）优化能源结构
1.大力发展清洁能源。到2030年，非化石能源消费比重达到30%左右。（责任单位：省发展改革委、省能源局）
2.推动煤炭清洁利用。（责任单位：省经济和信息化厅）
（二）推进产业升级
3.培育绿色产业。到2025年，培育绿色工厂100家以上。（责任单位：省经济和信息化厅）
四川省人民政府办公厅
2024年3月12日
"""
    doc = parse_bytes(text.encode("utf-8"), "policy.txt")
    assert doc.kind == "policy"
    assert doc.record.number == "川办发〔2024〕8号"
    assert doc.record.title_zh == "四川省人民政府办公厅关于推进绿色低碳发展的实施意见"
    by = {c.number: c for c in doc.clauses}
    assert by["二/（一）/1."].responsible == ["省发展改革委", "省能源局"]
    assert by["二/（二）/3."].parent == "二/（二）"
    targets = {(t.year, t.indicator, t.value, t.unit, t.comparator) for t in doc.targets}
    assert (2030, "非化石能源消费比重", 30.0, "%", "达到左右") in targets
    assert (2025, "培育绿色工厂", 100.0, "家", "以上") in targets
    assert (2025, "全省单位地区生产总值能耗比2020年下降", 14.0, "%", None) in targets or any(
        t.value == 14.0 and t.year == 2025 for t in doc.targets
    )


def test_measures_with_chapters_and_articles():
    text = """成都市碳排放管理办法（示例）
第一章 总则
第一条 为规范本市碳排放管理，制定本办法。
第二条 本办法适用于本市行政区域内的重点排放单位。
第二章 排放报告
第三条 重点排放单位应于每年3月31日前报送上一年度排放报告。
第四条 报告应包括下列内容：
（一）排放设施；
（二）排放量。
第三章 附则
第五条 本办法自2025年1月1日起施行。
"""
    doc = parse_bytes(text.encode("utf-8"), "measures.txt")
    assert doc.kind == "policy"
    numbers = [c.number for c in doc.clauses]
    assert numbers == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条", "第二章/第四条",
                       "第二章/第四条/（一）", "第二章/第四条/（二）", "第三章", "第三章/第五条"]
    by = {c.number: c for c in doc.clauses}
    assert by["第一章"].heading == "总则" and by["第二章/第三条"].level == 2
    assert by["第二章/第三条"].text.startswith("重点排放单位应于")
    assert [(q.clause, q.modality) for q in doc.requirements if q.clause == "第二章/第三条"] == [
        ("第二章/第三条", "requirement")
    ]


EVAL = Path(__file__).resolve().parents[1] / "fixtures" / "parsing" / "eval"


def test_regulations_with_articles_only_and_order_number():
    doc = parse_file(EVAL / "policy-state-council-regulations-2024.txt")
    assert doc.kind == "policy"
    assert doc.record.number == "国令第775号"  # 中华人民共和国国务院令 / 第775号 on two lines
    assert doc.record.title_zh == "碳排放权交易管理暂行条例"
    by = {c.number: c for c in doc.clauses}
    assert by["第一条"].heading is None and by["第一条"].text.startswith("为了规范碳排放权交易")
    assert by["第三十条/（二）"].heading is None  # an article's items are text
    assert sum(1 for c in doc.clauses if "/" not in c.number) == 33


def test_short_notice_in_traditional_script():
    doc = parse_file(EVAL / "policy-nbs-notice-2019.txt")
    assert doc.kind == "policy"
    assert doc.record.number == "国统字〔2019〕66号"
    assert to_simplified(doc.record.title_zh, force=True) == "国家统计局关于执行国民经济行业分类第1号修改单的通知"
    assert [to_simplified(x, force=True) for x in doc.record.issuers] == ["国家统计局"]
    assert ("GB/T 4754-2017", "mentioned") in {(r.target, r.kind) for r in doc.references}
