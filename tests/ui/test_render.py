"""The HTML pieces: document text is escaped, requirement language is marked by modality."""

from __future__ import annotations

from parsing.model import Clause, Record, Requirement
from ui import render
from ui.i18n import STRINGS, label, tr


def test_snippet_keeps_only_mark():
    html = render.snippet_html("a <mark>碳</mark> &lt;script&gt;x<b>bold</b> <mark>open")
    assert "<mark>碳</mark>" in html
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold" in html
    assert html.endswith("</mark>")  # a cut-off mark is closed


def test_requirements_marked_by_modality_and_text_escaped():
    text = "报告主体应识别排放源。宜采用实测数据。<script>alert(1)</script>可采用缺省值。"
    reqs = [Requirement("5", "报告主体应识别排放源。", "requirement", keyword="应"),
            Requirement("5", "宜采用实测数据。", "recommendation", keyword="宜"),
            Requirement("5", "可采用缺省值。", "permission", keyword="可"),
            Requirement("5", "not in the text", "possibility", keyword="能")]
    html = render.mark_requirements(text, reqs)
    assert '<span class="kb-req-requirement"' in html
    assert '<span class="kb-req-recommendation"' in html
    assert '<span class="kb-req-permission"' in html
    assert "kb-req-possibility" not in html
    assert '<span class="kb-kw">应</span>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_clause_html_escapes_heading_and_tables():
    clause = Clause("5.2", "<i>边界</i>", 2, text="正文", tables=[[["<td>", "b"]]])
    html = render.clause_html(clause, [])
    assert "<i>" not in html and "&lt;i&gt;" in html and "&lt;td&gt;" in html


def test_clause_path_and_tree():
    assert render.clause_path("GB/T 32150-2015", "通则", "5.2", "核算边界") == "GB/T 32150-2015 › 5.2 核算边界"
    assert render.clause_path("GB/T 32150-2015", "通则") == "GB/T 32150-2015 通则"
    clauses = [Clause("5", "流程", 1, "chapter"), Clause("5.1", "a", 2, parent="5"),
               Clause("5.1.1", "b", 3, parent="5.1"), Clause("5.2", "c", 2, parent="5"), Clause("6", "d", 1)]
    assert [n for n, _ in render.tree_labels(clauses)] == ["5", "5.1", "5.1.1", "5.2", "6"]
    assert render.tree_labels(clauses)[2][1] == "\u3000\u30005.1.1 b"
    assert [c.number for c in render.subtree(clauses, "5.1")] == ["5.1", "5.1.1"]
    assert [c.number for c in render.subtree(clauses, "5")] == ["5", "5.1", "5.1.1", "5.2"]
    assert render.subtree(clauses, "9") == []


def test_timeline_and_badges():
    record = Record(number="GB/T 1-2020", status="即将实施", publish_date="2020-01-01", implement_date="2999-01-01")
    html = render.timeline_html(record, "zh", today="2025-01-01")
    assert "发布日期" in html and "kb-tl-future" in html
    assert "kb-status-即将实施" in render.record_badges(record, "en") and "Upcoming" in render.record_badges(record, "en")
    assert render.timeline_html(Record()) == ""


def test_every_string_has_both_languages():
    for key, (zh, en) in STRINGS.items():
        assert zh and en, key
    assert tr("nav_search", "en") == "Search" and tr("nav_search") == "检索"
    assert tr("results_total", "zh", total=3, query="碳") == "“碳” 共 3 条结果"
    assert label("national", "en") == "National" and label("unknown") == "unknown"


def test_markdown_labels_show_their_markup_as_typed():
    assert render.md("[x](javascript:alert(1)) <b>*a*</b>") == "\\[x\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\*a\\*\\</b\\>"
    assert render.md("GB/T 32150-2015 › 5.2 核算边界") == "GB/T 32150-2015 › 5.2 核算边界"
