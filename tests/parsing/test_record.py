"""Record fields from covers drawn in other orders, labelled record pages and forewords."""

from __future__ import annotations

from parsing.record import apply_foreword, join_title, record_from_cover, record_from_labels


def _cover(text: str):
    lines = [ln.strip() for ln in text.strip().splitlines()]
    return record_from_cover(lines, lines)


def test_cover_with_dates_drawn_before_the_title():
    r = _cover("""
        2022-12-30 发布
        2023-07-01 实施
        ICS 27.010
        CCS F 01
        备案号：J 12345—2022
        中华人民共和国能源行业标准
        NB/T 99001—2022
        代替 NB/T 99001—2015
        国家能源局
        示例光伏电站碳排放核算导则
        Guide for carbon emission accounting of sample photovoltaic power stations
    """)
    assert r.number == "NB/T 99001-2022" and r.doc_type == "industry" and r.nature == "推荐"
    assert r.title_zh == "示例光伏电站碳排放核算导则"
    assert r.title_en == "Guide for carbon emission accounting of sample photovoltaic power stations"
    assert r.issuers == ["国家能源局"]
    assert r.replaces == ["NB/T 99001-2015"]
    assert r.filing_number == "J 12345—2022"
    assert (r.publish_date, r.implement_date) == ("2022-12-30", "2023-07-01")


def test_adoption_on_cover_and_in_foreword():
    r = _cover("""
        ICS 13.020.40
        中华人民共和国国家标准
        GB/T 24067—2024/ISO 14067:2018
        温室气体 产品碳足迹 量化要求和指南
        Greenhouse gases—Carbon footprint of products—Requirements and guidelines for quantification
        （ISO 14067:2018，IDT）
        2024-08-23 发布
        2025-03-01 实施
    """)
    assert r.number == "GB/T 24067-2024"
    assert r.adopts.number == "ISO 14067:2018" and r.adopts.degree == "IDT"
    assert r.title_zh == "温室气体 产品碳足迹 量化要求和指南"
    r2 = _cover("中华人民共和国国家标准\nGB/T 1—2024\n示例\n2024-01-01 发布")
    apply_foreword(r2, "本文件修改采用ISO 50001:2018《能源管理体系 要求及使用指南》。本文件由全国能源基础与管理标准化技术委员会（SAC/TC 20）归口。")
    assert r2.adopts.number == "ISO 50001:2018" and r2.adopts.degree == "MOD"
    assert r2.technical_committee == "全国能源基础与管理标准化技术委员会（SAC/TC 20）"
    assert r2.proposer is None  # 归口 only: nobody is said to have proposed it


def test_wrapped_title_element_joins_without_space():
    assert join_title(["工业企业温室气体排放核算和报告通", "则"]) == "工业企业温室气体排放核算和报告通则"
    assert join_title(["温室气体排放核算与报告要求", "第1部分：发电企业"]) == "温室气体排放核算与报告要求 第1部分：发电企业"


def test_labelled_fields_several_on_a_line():
    r, found = record_from_labels([
        "标准编号：GB/T 32150-2015  发布日期：2015年11月19日  实施日期：2016.06.01",
        "标准状态：现行  代替标准：无",
        "中国标准分类号：Z04  国际标准分类号：13.020.40",
    ])
    assert found >= 5
    assert r.number == "GB/T 32150-2015"
    assert (r.publish_date, r.implement_date) == ("2015-11-19", "2016-06-01")
    assert r.status == "现行" and r.status_source == "given"
    assert r.replaces == [] and r.ccs == ["Z04"] and r.ics == ["13.020.40"]


def test_web_copy_opening_with_number_and_title():
    from parsing import parse_text

    doc = parse_text("GB/T 32150—2015 工业企业温室气体排放核算和报告通则\n1 范围\n本标准规定了要求。\n"
                     "2 规范性引用文件\n本标准没有规范性引用文件。\n")
    assert doc.kind == "standard" and doc.warnings == []
    assert (doc.record.number, doc.record.title_zh) == ("GB/T 32150-2015", "工业企业温室气体排放核算和报告通则")
    assert doc.record.doc_type == "national" and doc.record.nature == "推荐"
