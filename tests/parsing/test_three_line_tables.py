"""Three-line tables (三线表: top rule, header rule, bottom rule, no vertical rules) in real PDFs
drawn with corpus/tools/render_pdf.py or reportlab, read back through parsing.parse_file."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parsing import parse_file
from tests.parsing.conftest import render_pdf

COVER = """ICS 13.020.40
CCS Z 04
中华人民共和国国家标准
GB/T 99998—2025
温室气体排放因子取值
Values of greenhouse gas emission factors
2025-01-01 发布
2025-07-01 实施
国家市场监督管理总局
国家标准化管理委员会  发布

"""

FACTORS = [
    ["燃料品种", "计量单位", "排放因子", "数据来源"],
    ["无烟煤", "tCO2/t", "2.0901", "实测"],
    ["电力（华中区域电网平均排放因子缺省值）", "tCO2/MWh", "0.5366", "主管部门公布"],
    ["柴油", "tCO2/t", "3.1705", "缺省值"],
    ["天然气", "tCO2/10^4 m3", "21.622", "缺省值，按标准状况下体积换算后取值"],
    ["外购热力", "tCO2/GJ", "0.11", "缺省值"],
]
SMALL = [
    ["气体", "全球变暖潜势", "备注"],
    ["二氧化碳", "1", "基准"],
    ["甲烷", "28", "百年尺度"],
]


def _table_lines(rows: list[list[str]]) -> str:
    return "\n".join("|" + "|".join(r) + "|" for r in rows)


BODY = f"""1 范围
本文件规定了温室气体排放核算中排放因子的取值方法。
2 规范性引用文件
本文件没有规范性引用文件。
3 术语和定义
本文件没有需要界定的术语和定义。
4 排放因子
4.1 缺省值
燃料和电力的排放因子按表1取值。
表1 排放因子缺省值
{_table_lines(FACTORS)}
注：缺省值来源于行业统计。
4.2 全球变暖潜势
各种温室气体的全球变暖潜势按表2取值。
表2 全球变暖潜势
{_table_lines(SMALL)}
报告主体应在报告中说明所采用的全球变暖潜势数值及其来源。
"""


@pytest.fixture(scope="module")
def three_line_doc(tmp_path_factory):
    pdf = render_pdf.render_standard_pdf(COVER + BODY, tmp_path_factory.mktemp("tl") / "three-line.pdf",
                                         table_style="three-line")
    return parse_file(pdf)


def test_rows_come_back_as_drawn(three_line_doc):
    by = {c.number: c for c in three_line_doc.clauses}
    assert by["4.1"].tables == [FACTORS]
    assert by["4.2"].tables == [SMALL]


def test_wrapped_cells_are_one_cell(three_line_doc):
    table = {c.number: c for c in three_line_doc.clauses}["4.1"].tables[0]
    # wrapped in the first column (the next line sits closer than the next row) and in the last
    # column (the next line has an empty first column)
    assert table[2][0] == "电力（华中区域电网平均排放因子缺省值）"
    assert table[4][3] == "缺省值，按标准状况下体积换算后取值"
    assert len(table) == 6


def test_table_text_is_not_also_clause_text(three_line_doc):
    by = {c.number: c for c in three_line_doc.clauses}
    text = by["4.1"].text
    for cell in ("0.5366", "tCO2/MWh", "无烟煤", "缺省值）", "外购热力", "燃料品种"):
        assert cell not in text
    assert "表1 排放因子缺省值" in text  # the caption is above the top rule: it stays
    assert "注：缺省值来源于行业统计。" in text
    assert "甲烷" not in by["4.2"].text
    assert by["4.2"].text.endswith("报告主体应在报告中说明所采用的全球变暖潜势数值及其来源。")


def test_same_table_as_the_ruled_grid(tmp_path, sample_text):
    """The eval sample's table drawn both ways parses to the same rows."""
    grid = parse_file(render_pdf.render_standard_pdf(sample_text, tmp_path / "grid.pdf"))
    three = parse_file(render_pdf.render_standard_pdf(sample_text, tmp_path / "three.pdf", table_style="three-line"))
    grid_tables = {c.number: c.tables for c in grid.clauses if c.tables}
    three_tables = {c.number: c.tables for c in three.clauses if c.tables}
    assert grid_tables["5.2"][0][2] == ["柴油", "GJ/t", "43.3", "20.2"]
    assert three_tables == grid_tables
    assert {c.number: c.text for c in three.clauses} == {c.number: c.text for c in grid.clauses}


SPANNING = [
    ["类别", "排放源", "排放因子"],
    ["化石燃料", "无烟煤", "2.0901"],
    ["", "柴油", "3.1705"],
    ["净购入", "电力", "0.5366"],
]


def test_rows_under_a_first_cell_spanning_rows(tmp_path):
    """A category cell drawn once for the rows it spans: the rows under it stay rows, with and
    without a wrapped cell elsewhere in the table."""
    wrapped = [SPANNING[0], SPANNING[1], SPANNING[2], ["净购入", "电力（华中区域电网平均排放因子缺省值）", "0.5366"]]
    body = ("1 范围\n本文件规定了排放因子。\n2 排放因子\n2.1 化石燃料\n表1 排放因子\n" + _table_lines(SPANNING)
            + "\n2.2 电力\n表2 电力\n" + _table_lines(wrapped) + "\n")
    doc = parse_file(render_pdf.render_standard_pdf(COVER + body, tmp_path / "span.pdf", table_style="three-line"))
    by = {c.number: c for c in doc.clauses}
    assert by["2.1"].tables == [SPANNING]
    assert by["2.2"].tables == [wrapped]


def _ruled_page(path, blocks, page_rule: float = 0.5) -> None:
    """A page with a header rule and a footer rule `page_rule` wide; `blocks` are ("rule",),
    ("rule", width), ("line", (x, text), ...) or ("centred", (x of the middle, text), ...)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    left, right, y = 70, 535, 760
    c.setFont("STSong-Light", 9)
    c.drawRightString(right, 790, "GB/T 99997—2025")
    c.setLineWidth(page_rule)
    c.line(left, 784, right, 784)
    c.setFont("STSong-Light", 10.5)
    c.setLineWidth(page_rule)
    c.line(left, 60, right, 60)
    for kind, *cells in blocks:
        if kind == "rule":
            c.setLineWidth(cells[0] if cells else 1.0)
            c.line(left, y, right, y)
            y -= 6
        elif kind == "grid":  # a fully ruled table: one rectangle per cell
            c.setLineWidth(0.5)
            for row in cells[0]:
                width = (right - left) / len(row)
                for k, text in enumerate(row):
                    c.rect(left + k * width, y - 20, width, 20)
                    c.drawString(left + k * width + 4, y - 14, text)
                y -= 20
            y -= 6
        else:
            for x, text in cells:
                if kind == "centred":
                    c.drawCentredString(left + x, y - 12, text)
                else:
                    c.drawString(left + x, y - 12, text)
            y -= 17
    c.setFont("STSong-Light", 9)
    c.drawCentredString(297, 45, "3")
    c.save()


NOTE = [
    "注1：本条所列排放因子均为缺省值，报告主体能够获得实测数据时应优先采用实测数据，",
    "并在报告中说明实测方法、测量频次和数据质量控制措施，实测数据与缺省值相差较大时，",
    "应分析原因并保存相关记录，以备核查机构核查。",
]


def _lines(texts, x=0):
    return [("line", (x, t)) for t in texts]


def _page_text(doc) -> str:
    return "\n".join(f"{c.heading}\n{c.text}" for c in doc.clauses)


def test_note_between_rules_is_not_a_table(tmp_path):
    """Boxed notes (two rules each, four with the page's header and footer rules, three of them
    around one-column text) stay text."""
    pdf = tmp_path / "note.pdf"
    blocks = _lines(["1 数据质量"]) + _lines(["报告主体应建立数据质量管理制度。"], 21) + [("rule",)]
    blocks += _lines(NOTE) + [("rule",)]
    blocks += _lines(["数据缺失时不应采用未经核实的估算值代替。"], 21) + [("rule",)]
    blocks += _lines(NOTE) + [("rule",)]
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert [c.number for c in doc.clauses] == ["1"]
    assert not any(c.tables for c in doc.clauses)
    text = _page_text(doc)
    assert NOTE[1] in text and "数据缺失时不应采用未经核实的估算值代替。" in text


def test_one_body_row_is_not_a_table(tmp_path):
    """Two columns under a header rule but a single row under it: not a table."""
    pdf = tmp_path / "one-row.pdf"
    blocks = _lines(["1 数据质量"]) + [("rule",), ("line", (0, "项目"), (200, "要求")), ("rule",)]
    blocks += [("line", (0, "活动数据"), (200, "按月收集")), ("rule",)]
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert [c.number for c in doc.clauses] == ["1"]
    assert not any(c.tables for c in doc.clauses)
    assert "按月收集" in _page_text(doc)


def test_three_rules_around_two_rows_drawn_by_hand(tmp_path):
    """The same page with two rows under the header rule is a table; words drawn one by one
    within a cell keep their gap, the text around the rules stays text."""
    pdf = tmp_path / "two-rows.pdf"
    blocks = _lines(["1 数据质量"]) + [("rule",), ("line", (0, "项目"), (200, "要求")), ("rule",)]
    blocks += [("line", (0, "活动数据"), (200, "按月收集")), ("line", (0, "排放因子"), (200, "CO2"), (225, "N2O")), ("rule",)]
    blocks += _lines(["数据缺失时不应采用未经核实的估算值代替。"], 21)
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert doc.clauses[0].tables == [[["项目", "要求"], ["活动数据", "按月收集"], ["排放因子", "CO2 N2O"]]]
    assert "按月收集" not in doc.clauses[0].text
    assert "数据缺失时不应采用未经核实的估算值代替。" in doc.clauses[0].text


def test_render_option_is_checked(tmp_path):
    with pytest.raises(ValueError, match="table_style"):
        render_pdf.render_standard_pdf(COVER + BODY, tmp_path / "x.pdf", table_style="boxed")


@pytest.mark.parametrize("above, page_rule, widths", [
    ((170, "表1 燃料燃烧排放因子缺省值"), 1.0, (1.0, 1.0, 1.0)),  # all rules alike: the caption tells
    ((330, "单位为吉焦每吨"), 0.5, (1.5, 0.75, 1.5)),  # no caption: the thin page rule tells
])
def test_table_right_under_the_page_header_rule(tmp_path, above, page_rule, widths):
    """A heading and a caption or unit line between the running header's rule and the table's
    top rule, a header row of two lines: the page header rule is not taken for the table's top."""
    pdf = tmp_path / "top.pdf"
    top, mid, bottom = widths
    blocks = _lines(["1 排放因子"]) + [("line", above), ("rule", top)]
    blocks += [("line", (0, "燃料品种"), (160, "低位发热量"), (320, "单位热值含碳量")),
               ("line", (160, "GJ/t"), (320, "tC/GJ")), ("rule", mid)]
    blocks += [("line", (0, "无烟煤"), (160, "26.7"), (320, "0.0274")),
               ("line", (0, "烟煤"), (160, "19.57"), (320, "0.0261")), ("rule", bottom)]
    blocks += _lines(["注：缺省值来源于行业统计。"])
    _ruled_page(pdf, blocks, page_rule)
    doc = parse_file(pdf)
    assert [c.number for c in doc.clauses] == ["1"]
    assert doc.clauses[0].tables == [[
        ["燃料品种", "低位发热量 GJ/t", "单位热值含碳量 tC/GJ"],
        ["无烟煤", "26.7", "0.0274"],
        ["烟煤", "19.57", "0.0261"],
    ]]
    text = doc.clauses[0].text
    assert above[1] in text and "注：缺省值来源于行业统计。" in text and "19.57" not in text


def test_thin_rule_above_a_total_row(tmp_path):
    """A thin rule inside the body (above 合计) does not end the table; the thick one does."""
    pdf = tmp_path / "total.pdf"
    blocks = _lines(["1 排放量"]) + [("rule", 1.5), ("line", (0, "排放源"), (200, "排放量 tCO2")), ("rule", 0.75)]
    blocks += [("line", (0, "燃料燃烧"), (200, "1 250.6")), ("line", (0, "工业过程"), (200, "310.2")), ("rule", 0.75)]
    blocks += [("line", (0, "合计"), (200, "1 560.8")), ("rule", 1.5)]
    blocks += _lines(["排放量保留一位小数。"], 21)
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert doc.clauses[0].tables == [[
        ["排放源", "排放量 tCO2"], ["燃料燃烧", "1 250.6"], ["工业过程", "310.2"], ["合计", "1 560.8"],
    ]]
    assert "合计" not in doc.clauses[0].text and "排放量保留一位小数。" in doc.clauses[0].text


def test_ruled_and_three_line_tables_on_one_page(tmp_path):
    pdf = tmp_path / "both.pdf"
    grid = [["参数", "单位", "数值"], ["低位发热量", "GJ/t", "26.7"], ["含碳量", "tC/GJ", "0.0274"]]
    blocks = _lines(["1 参数"]) + [("rule", 1.5), ("line", (0, "气体"), (200, "GWP")), ("rule", 0.75)]
    blocks += [("line", (0, "甲烷"), (200, "28")), ("line", (0, "氧化亚氮"), (200, "265")), ("rule", 1.5)]
    blocks += _lines(["燃料参数见下表。"], 21) + [("grid", grid)] + _lines(["以上为缺省值。"], 21)
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert doc.clauses[0].tables == [[["气体", "GWP"], ["甲烷", "28"], ["氧化亚氮", "265"]], grid]
    text = doc.clauses[0].text
    assert "燃料参数见下表。" in text and "以上为缺省值。" in text
    assert "265" not in text and "0.0274" not in text


def test_centred_cells_and_a_header_spanning_two_columns(tmp_path):
    """Cells centred in their columns, 排放因子 centred over its two sub-columns (CO2, CH4) and a
    header wider than the numbers under it: the body keeps its four columns."""
    pdf = tmp_path / "span-header.pdf"
    mids = (40, 150, 230, 360)
    blocks = _lines(["1 排放因子"]) + [("rule", 1.5)]
    blocks += [("centred", (mids[0], "燃料品种"), (190, "排放因子（tCO2/t）"), (mids[3], "单位热值含碳量（tC/GJ）")),
               ("centred", (mids[1], "CO2"), (mids[2], "CH4")), ("rule", 0.75)]
    body = [["无烟煤", "2.0901", "0.0010", "0.0274"], ["柴油", "3.1705", "0.0001", "0.0202"],
            ["天然气", "2.1622", "0.0039", "0.0153"]]
    blocks += [("centred", *zip(mids, row, strict=True)) for row in body] + [("rule", 1.5)]
    _ruled_page(pdf, blocks)
    table = parse_file(pdf).clauses[0].tables[0]
    assert table[1:] == body
    assert table[0][0] == "燃料品种" and table[0][3] == "单位热值含碳量（tC/GJ）"
    assert table[0][1:3] in (["排放因子（tCO2/t） CO2", "CH4"], ["CO2", "排放因子（tCO2/t） CH4"])


def test_group_label_and_note_rows_across_the_table(tmp_path):
    """A group label and a note written across all columns inside the table keep the columns;
    they come back as rows with their text in the first cell."""
    pdf = tmp_path / "note-rows.pdf"
    xs = (0, 150, 250, 350)
    note = "注：排放因子按GB/T 32150—2015附录B的缺省值取值，能获得实测值时应采用实测值。"
    blocks = _lines(["1 排放因子"]) + [("rule", 1.5), ("line", *zip(xs, ["燃料品种", "CO2", "CH4", "N2O"], strict=True))]
    blocks += [("rule", 0.75), ("line", (0, "固体燃料及其制品（按干燥基计）"))]
    body = [["无烟煤", "2.0901", "0.0010", "0.0015"], ["烟煤", "1.9003", "0.0010", "0.0015"]]
    blocks += [("line", *zip(xs, row, strict=True)) for row in body] + [("line", (0, note)), ("rule", 1.5)]
    _ruled_page(pdf, blocks)
    doc = parse_file(pdf)
    assert doc.clauses[0].tables == [[
        ["燃料品种", "CO2", "CH4", "N2O"], ["固体燃料及其制品（按干燥基计）", "", "", ""], *body, [note, "", "", ""],
    ]]
    assert "注：" not in doc.clauses[0].text


def test_render_cli_draws_three_line_tables(tmp_path):
    src = tmp_path / "std.txt"
    src.write_text(COVER + BODY, encoding="utf-8")
    assert render_pdf.main([str(src), str(tmp_path / "cli.pdf"), "--table-style", "three-line"]) == 0
    doc = parse_file(tmp_path / "cli.pdf")
    assert {c.number: c for c in doc.clauses}["4.2"].tables == [SMALL]
