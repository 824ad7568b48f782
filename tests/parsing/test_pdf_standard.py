"""A GB-style PDF (cover, 目次, running headers, page numbers, a ruled table, annexes) parsed
into record, clause tree, terms, references and requirement language."""

from __future__ import annotations

from parsing import parse_file


def test_record_from_cover_and_foreword(parsed_sample):
    r = parsed_sample.record
    assert parsed_sample.kind == "standard"
    assert parsed_sample.media_type == "application/pdf"
    assert r.number == "GB/T 32151.99-2024"  # em dash on the cover, normalised
    assert r.doc_type == "national" and r.nature == "推荐"
    assert r.title_zh == "温室气体排放核算与报告要求 第99部分：示例制品生产企业"
    assert r.title_en == ("Requirements of the greenhouse gas emission accounting and reporting—"
                          "Part 99: Sample product manufacturing enterprise")
    assert (r.publish_date, r.implement_date) == ("2024-03-15", "2024-10-01")
    assert r.ics == ["13.020.40"] and r.ccs == ["Z04"]
    assert r.replaces == ["GB/T 32151.99-2015"]
    assert r.issuers == ["国家市场监督管理总局", "国家标准化管理委员会"]
    assert r.technical_committee == "全国碳排放管理标准化技术委员会（SAC/TC 548）"
    assert r.drafting_orgs == ["中国标准化研究院", "四川省标准化研究院", "成都市低碳示范研究中心"]
    assert r.drafters == ["张明", "李华", "王芳"]
    assert r.adopts is None  # the cover shows no 一致性程度: nothing invented


def test_clause_tree(parsed_sample):
    numbers = [c.number for c in parsed_sample.clauses]
    assert numbers == [
        "前言", "引言", "1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.2.1", "4.2.2", "5", "5.1",
        "5.2", "5.3", "6", "附录A", "A.1", "A.2", "附录B", "B.1", "参考文献",
    ]
    by = {c.number: c for c in parsed_sample.clauses}
    assert by["4.2.1"].parent == "4.2" and by["4.2.1"].level == 3 and by["4.2.1"].heading == "燃料燃烧排放"
    assert by["附录A"].kind == "annex" and by["附录A"].heading == "过程排放因子的确定"
    assert by["A.1"].parent == "附录A"
    assert by["参考文献"].kind == "bibliography"
    assert by["前言"].page == 3 and by["1"].page == 5  # cover, 目次, 前言, 引言, then page 1


def test_headers_page_numbers_and_toc_removed(parsed_sample):
    for c in parsed_sample.clauses:
        lines = c.text.split("\n")
        assert "GB/T 32151.99—2024" not in lines, c.number  # running header
        assert not any(line.strip().isdigit() for line in lines), c.number  # page numbers
        assert "....." not in c.text  # the 目次 is not clause text
    # the title repeated on the first body page is not text of 引言
    assert parsed_sample.clauses[1].text == (
        "为规范示例制品生产企业温室气体排放的核算与报告，制定本文件。本文件的应用有助于企业掌握自身排放情况。"
    )


def test_wrapped_lines_joined_without_spaces(parsed_sample):
    by = {c.number: c for c in parsed_sample.clauses}
    assert by["4.1"].text.split("\n")[0] == (
        "报告主体应以企业法人或视同法人的独立核算单位为边界，核算和报告其生产系统产生的温室气体排放。"
    )


def test_table_attached_to_its_clause(parsed_sample):
    by = {c.number: c for c in parsed_sample.clauses}
    assert len(by["5.2"].tables) == 1
    table = by["5.2"].tables[0]
    assert table[0] == ["燃料品种", "计量单位", "低位发热量", "单位热值含碳量"]
    assert table[2] == ["柴油", "GJ/t", "43.3", "20.2"]
    assert "43.3" not in by["5.2"].text  # the cells are in the table, not repeated as text
    assert "注1：低位发热量数据来源于行业统计。" in by["5.2"].text


def test_terms(parsed_sample):
    terms = {t.number: t for t in parsed_sample.terms}
    assert set(terms) == {"3.1", "3.2", "3.3"}
    t = terms["3.1"]
    assert (t.term_zh, t.term_en) == ("温室气体", "greenhouse gas")
    assert t.definition.startswith("大气层中自然存在的") and t.definition.endswith("气态成分。")
    assert t.notes == ["注：本文件涉及的温室气体只包含二氧化碳（CO2）。"]
    assert t.source == "GB/T 32150—2015，3.1，有修改"
    assert terms["3.3"].notes[0].startswith("示例：")
    assert terms["3.2"].source == "GB/T 32150—2015，3.2"


def test_references(parsed_sample):
    refs = {(r.target, r.kind, r.clause) for r in parsed_sample.references}
    assert ("GB/T 213", "normative", "2") in refs
    assert ("GB/T 32150-2015", "normative", "2") in refs
    assert ("ISO 14064-1:2018", "normative", "2") in refs
    assert ("GB/T 213", "mentioned", "4.2.1") in refs  # 按GB/T 213的规定
    assert ("附录A", "mentioned", "5.3") in refs
    assert ("表1", "mentioned", "5.2") in refs
    assert ("GB/T 32151.1-2015", "informative", "参考文献") in refs
    undated = next(r for r in parsed_sample.references if r.target == "GB/T 213" and r.kind == "normative")
    assert undated.dated is False
    assert ("GB/T 32151.99-2015", "mentioned", None) in refs  # the record's 代替 relation


def test_requirement_language(parsed_sample):
    reqs = {(q.clause, q.modality, q.negated) for q in parsed_sample.requirements}
    assert ("4.1", "requirement", False) in reqs
    assert ("4.1", "recommendation", False) in reqs  # 宜
    assert ("5.3", "requirement", True) in reqs  # 不应
    assert ("5.3", "permission", True) in reqs  # 不必
    assert ("A.2", "permission", False) in reqs  # 可
    assert ("B.1", "recommendation", True) in reqs  # 不宜 outranks 能
    # 4.2.2: "可单独报告" is a permission; 可再生能源 / 能源 / 应用 in the next sentence are not modal
    in_422 = [q for q in parsed_sample.requirements if q.clause == "4.2.2"]
    assert [q.keyword for q in in_422] == ["可"]
    assert not any(q.clause in ("前言", "引言", "3.1") for q in parsed_sample.requirements)


def test_json_contract(parsed_sample):
    data = parsed_sample.to_dict()
    for key in ("record", "clauses", "terms", "references", "requirements", "targets", "warnings"):
        assert key in data
    clause = data["clauses"][0]
    assert set(clause) >= {"number", "heading", "level", "kind", "text", "parent"}
    assert set(data["terms"][0]) >= {"number", "term_zh", "term_en", "definition"}
    assert set(data["references"][0]) >= {"target", "kind", "clause"}


def test_preview_stopping_after_contents(tmp_path, sample_text):
    from tests.parsing.conftest import render_pdf

    pdf = render_pdf.render_standard_pdf(sample_text, tmp_path / "preview.pdf", stop_after_toc=True)
    doc = parse_file(pdf)
    assert doc.record.number == "GB/T 32151.99-2024"
    numbers = [c.number for c in doc.clauses]
    assert numbers == ["前言", "引言", "1", "2", "3", "4", "5", "6", "附录A", "附录B", "参考文献"]
    assert all(c.from_toc for c in doc.clauses)
    assert {c.number: c.heading for c in doc.clauses}["附录A"] == "过程排放因子的确定"
    assert any("table of contents" in w for w in doc.warnings)


def test_number_spacing_variants(tmp_path, sample_text):
    from tests.parsing.conftest import render_pdf

    text = sample_text.replace("GB/T 32151.99—2024", "GB/T32151.99—2024", 1)
    doc = parse_file(render_pdf.render_standard_pdf(text, tmp_path / "nospace.pdf"))
    assert doc.record.number == "GB/T 32151.99-2024"


def test_preview_that_stops_after_the_foreword(tmp_path, sample_text):
    import pypdfium2 as pdfium

    from tests.parsing.conftest import render_pdf

    pdf = render_pdf.render_standard_pdf(sample_text, tmp_path / "full.pdf")
    full = parse_file(pdf)
    doc = pdfium.PdfDocument(str(pdf))
    keep = pdfium.PdfDocument.new()
    keep.import_pages(doc, [0, 1, 2])  # cover, 目次, 前言
    keep.save(str(tmp_path / "preview.pdf"))
    preview = parse_file(tmp_path / "preview.pdf")
    assert full.record.number == preview.record.number == "GB/T 32151.99-2024"
    by = {c.number: c for c in preview.clauses}
    assert not by["前言"].from_toc and by["前言"].text.startswith("本文件按照GB/T 1.1")
    assert by["1"].from_toc and by["附录A"].from_toc and by["1"].text == ""
    assert [c.number for c in preview.clauses] == ["前言", "引言", "1", "2", "3", "4", "5", "6", "附录A", "附录B", "参考文献"]
    assert preview.record.technical_committee == "全国碳排放管理标准化技术委员会（SAC/TC 548）"
    assert any("stops before its end" in w for w in preview.warnings)
