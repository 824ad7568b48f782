"""English-language and engineering-construction standards, ISO front matter, requirement words."""

from __future__ import annotations

import pytest

from parsing import parse_bytes
from parsing.requirements import modality_of

ENGLISH = """ICS 13.020.40
INTERNATIONAL STANDARD
ISO 99999-2:2021
Second edition
2021-06
Greenhouse gases — Sample quantification of widgets
Reference number
ISO 99999-2:2021(E)

Foreword
This document was prepared by Technical Committee ISO/TC 207, Environmental management, Subcommittee SC 7, Greenhouse gas management.
Introduction
This document gives sample requirements.
1 Scope
This document specifies requirements for quantifying widget emissions.
2 Normative references
ISO 14064-1:2018 Greenhouse gases — Part 1: Specification
3 Terms and definitions
3.1
widget
small device used for tests
Note 1 to entry: Widgets are fictitious.
[SOURCE: ISO 14050:2020, 3.2]
4 Requirements
4.1 General
The organization shall quantify emissions. It should use measured data. It may use default factors.
Annex A (informative)
Example data
A.1 Data sources
Data cannot be estimated without records.
Bibliography
[1] ISO 14067:2018 Carbon footprint of products
"""

ENGINEERING = """UDC
中华人民共和国国家标准
GB 59999-2025
P
示例建筑节能工程施工规范
Code for sample construction of building energy efficiency
2025-01-10 发布
2025-08-01 实施
中华人民共和国住房和城乡建设部
国家市场监督管理总局  联合发布

前言
本规范由住房和城乡建设部负责管理。
1 总则
1.0.1 为规范建筑节能工程施工，制定本规范。
1.0.2 本规范适用于新建建筑节能工程的施工。
2 术语和符号
2.1 术语
2.1.1 围护结构 building envelope
建筑各面的围挡物。
2.1.2 热桥 thermal bridge
围护结构中热流强度显著增大的部位。
2.2 符号
2.2.1 K——传热系数。
3 基本规定
3.0.1 施工单位应编制专项施工方案。
3.0.2 严禁使用国家明令禁止的材料。
本规范用词说明
1 表示很严格，非这样做不可的用词：正面词采用“必须”，反面词采用“严禁”。
引用标准名录
1 《建筑节能工程施工质量验收标准》GB 50411
"""


def test_english_standard():
    doc = parse_bytes(ENGLISH.encode("utf-8"), "iso.txt")
    r = doc.record
    assert r.number == "ISO 99999-2:2021" and r.doc_type == "international"
    assert r.edition == "2"
    assert r.technical_committee.startswith("ISO/TC 207")
    assert r.title_en == "Greenhouse gases — Sample quantification of widgets"
    assert r.language == "en"
    numbers = [c.number for c in doc.clauses]
    assert numbers == ["Foreword", "Introduction", "1", "2", "3", "3.1", "4", "4.1", "Annex A", "A.1", "Bibliography"]
    assert {c.number: c.heading for c in doc.clauses}["Annex A"] == "Example data"
    term = doc.terms[0]
    assert (term.term_en, term.term_zh, term.definition) == ("widget", None, "small device used for tests")
    assert term.source == "ISO 14050:2020, 3.2"
    modal = [(q.clause, q.modality, q.negated) for q in doc.requirements]
    assert modal == [("4.1", "requirement", False), ("4.1", "recommendation", False), ("4.1", "permission", False),
                     ("A.1", "possibility", True)]
    refs = {(x.target, x.kind) for x in doc.references}
    assert ("ISO 14064-1:2018", "normative") in refs and ("ISO 14067:2018", "informative") in refs


def test_engineering_construction_standard():
    doc = parse_bytes(ENGINEERING.encode("utf-8"), "gb5.txt")
    r = doc.record
    assert r.number == "GB 59999-2025" and r.nature == "强制"
    assert r.title_zh == "示例建筑节能工程施工规范"
    assert r.issuers == ["中华人民共和国住房和城乡建设部", "国家市场监督管理总局"]
    by = {c.number: c for c in doc.clauses}
    assert by["1.0.1"].parent == "1" and by["1.0.1"].heading is None
    assert by["1.0.1"].text == "为规范建筑节能工程施工，制定本规范。"
    assert by["2.1.1"].parent == "2.1" and by["2.1.1"].heading == "围护结构 building envelope"
    assert by["本规范用词说明"].kind == "heading" and by["引用标准名录"].kind == "heading"
    assert [(t.term_zh, t.term_en) for t in doc.terms] == [("围护结构", "building envelope"), ("热桥", "thermal bridge")]
    modal = {(q.clause, q.modality, q.negated) for q in doc.requirements}
    assert ("3.0.1", "requirement", False) in modal and ("3.0.2", "requirement", True) in modal


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("报告主体应核算燃料燃烧排放。", ("requirement", False, "应")),
        ("过程排放不应重复计算。", ("requirement", True, "不应")),
        ("核算边界宜与统计边界一致。", ("recommendation", False, "宜")),
        ("企业不宜采用缺省值。", ("recommendation", True, "不宜")),
        ("过程排放可单独报告。", ("permission", False, "可")),
        ("报告主体不必报告生物质排放。", ("permission", True, "不必")),
        ("企业能获得实测数据。", ("possibility", False, "能")),
        ("该方法不能用于间接排放。", ("possibility", True, "不能")),
        ("可再生能源的应用不计入排放。", None),
        ("能源管理体系的应用范围。", None),
        ("推广应用可再生能源和新能源。", None),
        ("提升需求侧响应能力和能效水平。", None),
        ("相应的要求见附录A。", None),
    ],
)
def test_modal_verbs(sentence, expected):
    assert modality_of(sentence) == expected


def test_iso_abstract_page():
    from tests.parsing.conftest import FIXTURES

    doc = parse_bytes((FIXTURES / "eval" / "iso-abstract.html").read_bytes(), "iso.html")
    r = doc.record
    assert doc.kind == "record-only"
    assert r.number == "ISO 14064-1:2018" and r.edition == "2"
    assert r.technical_committee.startswith("ISO/TC 207/SC 7")
    assert r.status == "现行" and r.ics == ["13.020.40"]
    assert r.publish_date is None  # "2018-12" names no day: nothing invented
    assert r.replaces == ["ISO 14064-1:2006"]
    assert r.title_en.startswith("Greenhouse gases — Part 1:") and r.title_en.endswith("removals")


def test_windowed_tagging_equals_whole_sentence_tagging():
    """Requirement tagging segments only the words around candidate modal verbs: it must give
    the tags whole sentences give, on every sentence of the fixtures and policy texts."""
    import re

    from parsing.requirements import sentences, tag_sentences
    from parsing.script import to_simplified
    from tests.parsing.conftest import FIXTURES

    jobs = []
    for path in sorted((FIXTURES / "eval").glob("*.txt")):
        text = to_simplified(path.read_text(encoding="utf-8"), force=True)
        jobs += [(None, s, s) for s in sentences(text) if re.search(r"[\u4e00-\u9fff]", s)]
    assert len(jobs) > 500

    def tags(reqs):
        return [(q.text, q.modality, q.negated, q.keyword) for q in reqs]

    assert tags(tag_sentences(jobs, windowed=True)) == tags(tag_sentences(jobs, windowed=False))


def test_english_term_on_its_own_line():
    from parsing import parse_text

    doc = parse_text("1 范围\n本文件规定了要求。\n2 规范性引用文件\n本文件没有规范性引用文件。\n3 术语和定义\n"
                     "3.1\n温室气体\ngreenhouse gas\n大气层中的气态成分。\n3.2\n碳足迹 carbon footprint\n排放量之和。\n")
    assert [(t.term_zh, t.term_en, t.definition) for t in doc.terms] == [
        ("温室气体", "greenhouse gas", "大气层中的气态成分。"),
        ("碳足迹", "carbon footprint", "排放量之和。"),
    ]
