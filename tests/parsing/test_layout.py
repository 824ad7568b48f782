"""Line joining and page furniture, on extracted pages built by hand."""

from __future__ import annotations

from parsing.extract.base import Extracted
from parsing.layout import build_layout

FULL = "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款其中注日期的引用文件仅该日期对应的版本适用"


def _lines(pages: list[str]) -> list[str]:
    return [ln.text for ln in build_layout(Extracted(pages=pages, paged=True)).lines]


def test_reference_entries_are_not_joined_but_wrapped_sentences_are():
    page = "\n".join([
        "GB/T 99999.1—2025",  # running header
        FULL + "GB/T 1 很长的标题名称",
        "GB/T 2 另一个标准的标题",
        FULL + "报告主体应符合",
        "GB/T 213的规定。",
        FULL,
        "于本文件。",
        "1",  # page number
    ])
    second, third = "GB/T 99999.1—2025\n第二页正文。\n2", "GB/T 99999.1—2025\n第三页正文。\n3"
    assert _lines([page, second, third]) == [
        FULL + "GB/T 1 很长的标题名称",
        "GB/T 2 另一个标准的标题",
        FULL + "报告主体应符合GB/T 213的规定。",
        FULL + "于本文件。",
        "第二页正文。",
        "第三页正文。",
    ]


def test_letter_spaced_heading_and_roman_footer():
    pages = ["GB/T 1—2025\n前 言\n温 室 气 体 排 放\nⅢ", "GB/T 1—2025\n1 范围\n本文件规定了要求。\n1"]
    assert _lines(pages) == ["前 言", "温室气体排放", "1 范围", "本文件规定了要求。"]
