"""TXT/MD in UTF-8, GB18030 and Big5; HTML (visible text only); DOCX; media-type detection."""

from __future__ import annotations

import io

import pytest

from parsing import parse_bytes
from parsing.detect import media_type
from parsing.script import to_simplified

SHORT = """ICS 13.020.40
CCS Z 04
四川省地方标准
DB51/T 3001—2023
企业碳排放管理规范
Specification for enterprise carbon emission management
2023-06-01 发布
2023-09-01 实施
四川省市场监督管理局  发布

前言
本文件由四川省生态环境厅提出并归口。
1 范围
本文件规定了企业碳排放管理的要求。
2 规范性引用文件
GB/T 32150—2015 工业企业温室气体排放核算和报告通则
3 术语和定义
3.1
碳排放 carbon emission
温室气体排放到大气中的过程。
4 管理要求
4.1 企业应建立碳排放管理制度。
4.2 企业宜设置能源管理岗位。
"""


def _check_short(doc):
    r = doc.record
    assert r.number == "DB51/T 3001-2023" and r.doc_type == "local"
    assert r.publish_date == "2023-06-01" and r.implement_date == "2023-09-01"
    assert [to_simplified(x, force=True) for x in r.issuers] == ["四川省市场监督管理局"]
    assert [c.number for c in doc.clauses] == ["前言", "1", "2", "3", "3.1", "4", "4.1", "4.2"]
    assert doc.terms[0].term_en == "carbon emission"


def test_utf8_text():
    doc = parse_bytes(SHORT.encode("utf-8"), "db51.txt")
    _check_short(doc)
    assert doc.record.title_zh == "企业碳排放管理规范"
    assert doc.record.technical_committee == "四川省生态环境厅"


def test_gb18030_text():
    doc = parse_bytes(SHORT.encode("gb18030"), "db51.txt")
    _check_short(doc)
    assert doc.record.title_zh == "企业碳排放管理规范"


def test_big5_traditional_text_keeps_original_and_searches_simplified():
    import opencc

    traditional = opencc.OpenCC("s2t").convert(SHORT)
    assert "範圍" in traditional
    doc = parse_bytes(traditional.encode("big5"), "db51-big5.txt")
    _check_short(doc)
    assert doc.record.title_zh == "企業碳排放管理規範"  # original script kept
    assert to_simplified(doc.record.title_zh, force=True) == "企业碳排放管理规范"
    assert {c.number: c.heading for c in doc.clauses}["1"] == "範圍"
    assert [(q.clause, q.modality) for q in doc.requirements] == [("4.1", "requirement"), ("4.2", "recommendation")]
    assert any("Traditional" in w for w in doc.warnings)


def test_markdown_with_pipe_table():
    md = "# 4 管理要求\n\n|项目|要求|\n|---|---|\n|台账|应保存三年|\n\n## 4.1 台账\n企业应建立台账。\n"
    md = SHORT.split("4 管理要求")[0] + md
    doc = parse_bytes(md.encode("utf-8"), "std.md")
    assert doc.media_type == "text/markdown"
    by = {c.number: c for c in doc.clauses}
    assert by["4"].tables == [[["项目", "要求"], ["台账", "应保存三年"]]]
    assert by["4.1"].heading == "台账"


def test_html_visible_text_and_labelled_record_page():
    html = """<!DOCTYPE html><html><head><title>标准详情</title><style>.x{color:red}</style>
    <script>var secret = "GB/T 9999-2099";</script></head><body>
    <nav>首页 | 标准检索 | 登录</nav>
    <div class="detail">
    <p>标准编号：GB/T 32150-2015 &nbsp; 发布日期：2015-11-19 &nbsp; 实施日期：2016-06-01</p>
    <p>中文标题：工业企业温室气体排放核算和报告通则</p>
    <p>英文标题：General guideline of the greenhouse gas emissions accounting and reporting for industrial enterprises</p>
    <p>中国标准分类号：Z04</p><p>国际标准分类号：13.020.40</p>
    <p>归口单位：全国碳排放管理标准化技术委员会</p>
    </div></body></html>"""
    doc = parse_bytes(html.encode("utf-8"), "detail.html")
    assert doc.media_type == "text/html"
    assert "secret" not in doc.text and ".x{" not in doc.text
    r = doc.record
    assert r.number == "GB/T 32150-2015"
    assert r.title_zh == "工业企业温室气体排放核算和报告通则"
    assert r.title_en.startswith("General guideline of the greenhouse gas")
    assert (r.publish_date, r.implement_date) == ("2015-11-19", "2016-06-01")
    assert r.ccs == ["Z04"] and r.ics == ["13.020.40"]
    assert r.technical_committee == "全国碳排放管理标准化技术委员会"
    assert doc.kind == "record-only"  # a record page has no clause tree


def test_docx_with_table():
    import docx

    d = docx.Document()
    for line in SHORT.splitlines():
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "限值"
    table.cell(1, 0).text, table.cell(1, 1).text = "单位产品能耗", "≤ 100 kgce/t"
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_bytes(buf.getvalue(), "db51.docx")
    _check_short(doc)
    assert doc.clauses[-1].tables == [[["指标", "限值"], ["单位产品能耗", "≤ 100 kgce/t"]]]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "x.txt", "application/pdf"),
        ("1 范围\n本文件规定了".encode("gb18030"), "x.pdf", "text/plain"),
        (b"# Title\n\ntext", "notes.md", "text/markdown"),
        (b"<html><body><p>hi</p></body></html>", "x.txt", "text/html"),
        (b'[{"number": "GB/T 1"}]', "x.json", "application/json"),
        (b"number,title_zh,publish_date\nGB/T 1,a,2020-01-01\nGB/T 2,b,2021-01-01\n", "x", "text/csv"),
        (b"", "x.pdf", "application/x-empty"),
    ],
)
def test_media_type_from_content(data, name, expected):
    assert media_type(data, name) == expected


def test_media_type_office_files():
    import docx
    import openpyxl

    buf = io.BytesIO()
    docx.Document().save(buf)
    assert media_type(buf.getvalue(), "a.bin") == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    assert media_type(buf.getvalue(), "a.docx") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_docx_with_word_numbered_headings():
    """A draft whose clause numbers come from Word's automatic numbering (not in the text)."""
    import docx

    d = docx.Document()

    def para(text, style=None):
        p = d.add_paragraph(text)
        if style:
            p.style = d.styles[style]

    for line in ("ICS 13.020.40", "中华人民共和国国家标准", "GB/T 99998—2025", "示例核算指南", "2025-01-01 发布"):
        para(line)
    para("前言", "Heading 1")
    para("本文件由全国碳排放管理标准化技术委员会（SAC/TC 548）归口。")
    para("范围", "Heading 1")
    para("本文件规定了核算要求。")
    para("术语和定义", "Heading 1")
    para("温室气体 greenhouse gas", "Heading 2")
    para("大气中的气态成分。")
    para("要求", "Heading 1")
    para("一般要求", "Heading 2")
    para("报告主体应核算排放。")
    para("数据", "Heading 2")
    para("活动数据", "Heading 3")
    para("数据宜按月收集。")
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_bytes(buf.getvalue(), "draft.docx")
    assert [(c.number, c.heading) for c in doc.clauses] == [
        ("前言", "前言"), ("1", "范围"), ("2", "术语和定义"), ("2.1", "温室气体 greenhouse gas"), ("3", "要求"),
        ("3.1", "一般要求"), ("3.2", "数据"), ("3.2.1", "活动数据"),
    ]
    assert [(t.number, t.term_zh, t.term_en) for t in doc.terms] == [("2.1", "温室气体", "greenhouse gas")]
    assert [(q.clause, q.modality) for q in doc.requirements] == [("3.1", "requirement"), ("3.2.1", "recommendation")]


def test_contents_without_page_numbers_is_not_the_clause_tree():
    text = SHORT.replace("前言\n", "目 次\n前言\n1 范围\n2 规范性引用文件\n3 术语和定义\n4 管理要求\n前言\n", 1)
    doc = parse_bytes(text.encode("utf-8"), "web-copy.txt")
    _check_short(doc)
    by = {c.number: c for c in doc.clauses}
    assert by["1"].text == "本文件规定了企业碳排放管理的要求。"
    assert by["前言"].text == "本文件由四川省生态环境厅提出并归口。"


def test_scope_in_record():
    doc = parse_bytes(SHORT.encode("utf-8"), "db51.txt")
    assert doc.record.scope == "本文件规定了企业碳排放管理的要求。"
