"""The evaluation harness, the benchmark entry point, pdfium tables against pdfplumber, and a
500-page document (parsed whole: no quadratic step; speed itself is measured in bench/)."""

from __future__ import annotations

import json
import shutil

import pytest

from parsing import parse_file
from parsing.evaluate import DEFAULT_DIR, evaluate, format_report


def test_eval_on_shipped_fixtures_meets_target():
    result = evaluate()
    assert result["fixtures"] >= 15
    for key, value in result["overall"].items():
        assert value is not None and value >= 0.95, (key, value)
    report = format_report(result)
    assert "clause_recall" in report and "gbt-32151-99" in report


def test_eval_reports_a_wrong_expectation(tmp_path):
    for name in ("gbt-32151-99.txt", "gbt-32151-99-text.expected.json"):
        shutil.copy(DEFAULT_DIR / name, tmp_path / name)
    spec_path = tmp_path / "gbt-32151-99-text.expected.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    spec["record"]["publish_date"] = "2024-03-16"
    spec["clauses"].append(["9", "不存在的章"])
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    result = evaluate(tmp_path)
    assert result["overall"]["publish_date"] == 0.0 and result["overall"]["number"] == 1.0
    row = result["per_fixture"][0]
    assert row["mismatches"] == [{"field": "publish_date", "expected": "2024-03-16", "got": "2024-03-15"}]
    assert row["clauses"]["missing"] == ["9/不存在的章"] and row["clauses"]["recall"] < 1.0
    assert "expected '2024-03-16'" in format_report(result)


def test_eval_without_fixtures_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no \\*.expected.json"):
        evaluate(tmp_path)


def test_pdfium_tables_match_pdfplumber(sample_pdf):
    import pdfplumber
    import pypdfium2 as pdfium

    from parsing.extract.pdf_tables import extract_tables

    doc = pdfium.PdfDocument(str(sample_pdf))
    with pdfplumber.open(str(sample_pdf)) as plumber:
        compared = 0
        for i in range(len(doc)):
            ours, _ = extract_tables(doc[i], doc[i].get_textpage())
            theirs = plumber.pages[i].extract_tables()
            theirs = [[["".join((c or "").split()) for c in row] for row in t] for t in theirs]
            # pdfplumber drops the superscripts of GJ/10⁴Nm³ that pdfium keeps
            plain = [[["".join(c.split()).replace("⁴", "").replace("³", "") for c in row] for row in t] for t in ours]
            assert plain == theirs, i
            if ours:
                compared += 1
                assert ours[0][3][1] == "GJ/10⁴Nm³"
    doc.close()
    assert compared == 1


def test_bench_run_small():
    from bench.parsing import format_result, run

    r = run(pages=6)
    assert r["pages"] >= 6 and r["parse_pages_per_s"] > 0
    assert r["same_text_pages"].split("/")[0] == r["same_text_pages"].split("/")[1]
    assert "pages/s" in format_result(r)


def test_500_page_document(tmp_path):
    from bench.parsing import make_pdf

    pdf = make_pdf(500, tmp_path / "long.pdf")
    doc = parse_file(pdf)
    assert doc.pages >= 500
    chapters = [c for c in doc.clauses if c.kind == "chapter"]
    assert [c.number for c in chapters] == [str(n) for n in range(1, len(chapters) + 1)]
    assert len(chapters) >= 90  # ~5 pages per chapter
    assert all(len(c.tables) == 1 for c in doc.clauses if c.number.endswith(".4") and c.number.split(".")[0].endswith("0"))
    assert doc.record.number == "GB/T 99999.1-2025"


def test_pdfplumber_fallback_gives_the_same_table(sample_pdf, monkeypatch):
    """When the pdfium grid reader cannot read a page, pdfplumber reads its table instead."""
    import parsing.extract.pdf_tables as grid

    def cannot(page, textpage):
        raise ValueError("unreadable paths")

    monkeypatch.setattr(grid, "extract_tables", cannot)
    doc = parse_file(sample_pdf)
    table = {c.number: c for c in doc.clauses}["5.2"].tables[0]
    assert table[0] == ["燃料品种", "计量单位", "低位发热量", "单位热值含碳量"]
    assert table[2] == ["柴油", "GJ/t", "43.3", "20.2"]


def test_out_of_sequence_chapter_is_text_with_a_warning():
    from parsing import parse_text

    doc = parse_text("1 范围\n本文件规定了要求。\n2 规范性引用文件\n本文件没有规范性引用文件。\n"
                     "5 个工作日内完成\n3 术语和定义\n本文件没有需要界定的术语和定义。\n")
    assert [c.number for c in doc.clauses] == ["1", "2", "3"]
    assert "5 个工作日内完成" in doc.clauses[1].text
    assert any("out of sequence" in w for w in doc.warnings)
