"""A small collection written for the UI tests (sample wording, not any standard's real text).

Three published standards that cite and replace one another, one policy, one draft that the
public must never see, and one document whose text carries HTML and a script.
"""

from __future__ import annotations

import hashlib

from index.store import Store
from parsing.model import (
    Adoption,
    Clause,
    Document,
    ParsedDocument,
    Provenance,
    Record,
    Reference,
    Requirement,
    Target,
    Term,
)

SCRIPT_TEXT = '<script>window.__pwned = 1</script><b>粗体</b>'


def _doc(name: str, parsed: ParsedDocument, state: str = "published") -> Document:
    digest = hashlib.sha256((name + parsed.text).encode()).hexdigest()
    return Document(source_name=name, content_hash=digest, media_type="text/plain", kind=parsed.kind,
                    provenance=Provenance(source=name, added_by="test"), state=state)


def accounting_standard() -> ParsedDocument:
    clauses = [
        Clause("前言", "前言", 1, "foreword", "本文件按照标准化工作导则的规定起草。"),
        Clause("1", "范围", 1, "chapter", "本文件规定了企业温室气体排放核算的基本原则和工作流程。"),
        Clause("2", "规范性引用文件", 1, "chapter", "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。\nGB/T 2589-2020 综合能耗计算通则"),
        Clause("3", "术语和定义", 1, "chapter", ""),
        Clause("3.1", "温室气体", 2, "clause", "大气层中吸收和重新放出红外辐射的自然和人为的气态成分。", parent="3"),
        Clause("3.2", "排放因子", 2, "clause", "表征单位生产或消费活动量的温室气体排放的系数。", parent="3"),
        Clause("4", "基本原则", 1, "chapter", "核算应遵循相关性、完整性、一致性、准确性和透明性原则。"),
        Clause("5", "工作流程", 1, "chapter", ""),
        Clause("5.1", "确定核算边界", 2, "clause", "报告主体应以企业法人为边界确定核算范围。", parent="5"),
        Clause("5.2", "核算边界", 2, "clause",
               "报告主体应识别边界内的全部排放源。宜优先采用实测数据。可采用缺省排放因子。",
               parent="5", tables=[[["排放源", "类别"], ["锅炉", "燃料燃烧"], ["窑炉", "工业过程"]]]),
        Clause("5.2.1", "排放源识别", 3, "clause", "排放源识别能覆盖燃料燃烧和工业过程。", parent="5.2"),
    ]
    requirements = [
        Requirement("4", "核算应遵循相关性、完整性、一致性、准确性和透明性原则。", "requirement", keyword="应"),
        Requirement("5.1", "报告主体应以企业法人为边界确定核算范围。", "requirement", keyword="应"),
        Requirement("5.2", "报告主体应识别边界内的全部排放源。", "requirement", keyword="应"),
        Requirement("5.2", "宜优先采用实测数据。", "recommendation", keyword="宜"),
        Requirement("5.2", "可采用缺省排放因子。", "permission", keyword="可"),
        Requirement("5.2.1", "排放源识别能覆盖燃料燃烧和工业过程。", "possibility", keyword="能"),
    ]
    record = Record(
        number="GB/T 32150-2015", doc_type="national", nature="推荐", title_zh="工业企业温室气体排放核算和报告通则",
        title_en="General guideline of greenhouse gas emissions accounting and reporting for industrial enterprises",
        publish_date="2015-11-19", implement_date="2016-06-01", ics=["13.020.40"], ccs=["Z04"],
        issuers=["国家市场监督管理总局", "国家标准化管理委员会"],
        technical_committee="全国碳排放管理标准化技术委员会（SAC/TC 548）", topics=["基础通用"],
        scope="本文件规定了工业企业温室气体排放核算的原则和流程。", language="zh",
        adopts=Adoption("ISO 14064-1:2018", "NEQ"),
    )
    return ParsedDocument(
        kind="standard", record=record, clauses=clauses,
        terms=[Term("3.1", "温室气体", "greenhouse gas", "大气层中吸收和重新放出红外辐射的自然和人为的气态成分。", clause="3.1"),
               Term("3.2", "排放因子", "emission factor", "表征单位生产或消费活动量的温室气体排放的系数。", clause="3.2")],
        references=[Reference("GB/T 2589-2020", "normative", "2", dated=True, text="GB/T 2589-2020"),
                    Reference("ISO 14064-1:2018", "informative", "4", dated=True)],
        requirements=requirements,
        text="\n".join(f"{c.number} {c.heading or ''}\n{c.text}" for c in clauses),
    )


def energy_standard() -> ParsedDocument:
    clauses = [
        Clause("1", "范围", 1, "chapter", "本文件规定了综合能耗的计算方法。"),
        Clause("3", "术语和定义", 1, "chapter", ""),
        Clause("3.1", "温室气体", 2, "clause", "以二氧化碳当量表示的、导致温室效应的气体。", parent="3"),
        Clause("4", "计算原则", 1, "chapter", "综合能耗计算应与 GB/T 32150-2015 的核算边界一致。"),
    ]
    record = Record(
        number="GB/T 2589-2020", doc_type="national", nature="推荐", title_zh="综合能耗计算通则",
        title_en="General rules for calculation of the comprehensive energy consumption",
        publish_date="2020-09-29", implement_date="2021-04-01", ics=["27.010"], ccs=["F01"],
        issuers=["国家市场监督管理总局", "国家标准化管理委员会"], replaces=["GB/T 2589-2008"], topics=["碳减排"],
    )
    return ParsedDocument(
        kind="standard", record=record, clauses=clauses,
        terms=[Term("3.1", "温室气体", "greenhouse gas", "以二氧化碳当量表示的、导致温室效应的气体。", clause="3.1")],
        references=[Reference("GB/T 32150-2015", "normative", "4", dated=True)],
        requirements=[Requirement("4", "综合能耗计算应与 GB/T 32150-2015 的核算边界一致。", "requirement", keyword="应")],
        text="\n".join(f"{c.number} {c.heading or ''}\n{c.text}" for c in clauses),
    )


def old_energy_standard() -> ParsedDocument:
    record = Record(number="GB/T 2589-2008", doc_type="national", nature="推荐", title_zh="综合能耗计算通则",
                    publish_date="2008-02-03", implement_date="2008-06-01", replaced_by=["GB/T 2589-2020"],
                    issuers=["国家质量监督检验检疫总局"])
    return ParsedDocument(kind="record-only", record=record, text="综合能耗计算通则")


def iso_standard() -> ParsedDocument:
    record = Record(number="ISO 14064-1:2018", doc_type="international", title_en="Greenhouse gases — Part 1",
                    publish_date="2018-12-01", implement_date="2018-12-01", issuers=["ISO"], language="en")
    return ParsedDocument(kind="record-only", record=record, text="Greenhouse gases Part 1")


def policy() -> ParsedDocument:
    clauses = [
        Clause("一", "总体要求", 1, "section", "到2025年，试点建设取得积极进展。"),
        Clause("二", "重点任务", 1, "section", "推进能源结构调整，加快建设新型电力系统。", responsible=["市发展改革委"]),
    ]
    record = Record(number="成发改〔2024〕12号", doc_type="policy", title_zh="成都市碳达峰试点建设方案",
                    publish_date="2024-03-01", issuers=["成都市发展和改革委员会"], topics=["市场化机制"])
    return ParsedDocument(
        kind="policy", record=record, clauses=clauses,
        targets=[Target(2025, "单位地区生产总值能耗下降", 14.0, "%", "到2025年，单位地区生产总值能耗下降14%。", "一")],
        text="\n".join(c.text for c in clauses),
    )


def draft() -> ParsedDocument:
    record = Record(number="DB51/T 3999-2025", doc_type="local", title_zh="未发布的草稿标准样例",
                    publish_date="2025-01-01", implement_date="2025-03-01")
    clauses = [Clause("1", "范围", 1, "chapter", "草稿专用词汇紫罗兰检测。")]
    return ParsedDocument(kind="standard", record=record, clauses=clauses, text="草稿专用词汇紫罗兰检测。")


def script_document() -> ParsedDocument:
    record = Record(number="T/CSES 999-2024", doc_type="group", title_zh="含脚本的样例文件" + SCRIPT_TEXT,
                    publish_date="2024-01-01", implement_date="2024-02-01")
    clauses = [Clause("1", "范围", 1, "chapter", "脚本测试：" + SCRIPT_TEXT)]
    return ParsedDocument(kind="standard", record=record, clauses=clauses, text="脚本测试：" + SCRIPT_TEXT)


def fill(store: Store) -> dict[str, int]:
    """Store the sample collection; returns doc ids by a short name."""
    ids = {}
    for key, parsed, state in (
        ("accounting", accounting_standard(), "published"),
        ("energy", energy_standard(), "published"),
        ("old_energy", old_energy_standard(), "published"),
        ("iso", iso_standard(), "published"),
        ("policy", policy(), "published"),
        ("script", script_document(), "published"),
        ("draft", draft(), "draft"),
    ):
        ids[key] = store.add(_doc(f"{key}.txt", parsed, state), parsed, f"test:{key}", user="test").doc_id
    return ids
