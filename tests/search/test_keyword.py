"""Keyword search through the real Searcher: tantivy index in a temp folder over a real store."""

from __future__ import annotations

import pytest

from index.search import QueryError


def keys(result):
    return [(h.number, h.clause) for h in result.hits]


def test_clause_found_by_heading_and_text(built):
    _store, _ids, s = built
    r = s.search("核算边界", mode="keyword")
    assert r.total >= 3
    assert r.hits[0].number == "GB/T 32150-2015" and r.hits[0].clause in ("3.5", "5", "5.2")
    h = r.hits[0].to_dict()
    assert set(h) >= {"rank", "score", "doc_id", "number", "title", "clause", "heading", "snippet", "source"}
    assert h["source"] == "GB-T-32150-2015.pdf" and h["rank"] == 1
    assert h["path"].startswith("GB/T 32150-2015 › ")


@pytest.mark.parametrize("query", ["GBT32150", "GB/T 32150", "GB/T 32150-2015", "gbt32150"])
def test_number_queries_resolve_to_the_record_first(built, query):
    _store, ids, s = built
    r = s.search(query, mode="keyword")
    assert r.resolved_number == "GB/T 32150-2015"
    assert r.hits[0].clause is None and r.hits[0].doc_id == ids["GB-T-32150-2015.pdf"]
    assert r.query_type == "number"


def test_number_parts_find_the_standard(built):
    _store, _ids, s = built
    assert s.search("32151.8", mode="keyword").hits[0].number == "GB/T 32151.8-2015"
    assert s.search("ISO 14064-1", mode="keyword").hits[0].number == "ISO 14064-1:2018"


def test_traditional_query_finds_simplified_text_and_back(built):
    _store, _ids, s = built
    assert s.search("溫室氣體 核算邊界", mode="keyword").hits[0].number == "GB/T 32150-2015"
    r = s.search("清洁能源 光伏", mode="keyword")  # the policy is in Traditional script
    assert r.hits[0].kind == "policy"
    assert "<mark>光伏</mark>" in r.hits[0].snippet and "清潔能源" in r.hits[0].snippet  # original script shown


def test_catalogue_rows_answer_at_clause_level(built):
    _store, _ids, s = built
    r = s.search("电网企业", mode="keyword")
    assert ("DB51/T 2987-2022", None) in keys(r)
    assert [h.source for h in r.hits if h.number == "DB51/T 2987-2022"] == ["carbon-standards.csv"]


def test_document_level_returns_records_only(built):
    _store, _ids, s = built
    r = s.search("温室气体", mode="keyword", level="document")
    assert r.hits and all(h.clause is None for h in r.hits)
    assert len({h.doc_id for h in r.hits}) == len(r.hits)


def test_drafts_are_not_searchable(built):
    _store, _ids, s = built
    assert s.search("秘密草稿", mode="keyword").total == 0


def test_filters_and_facets(built):
    _store, _ids, s = built
    everything = s.search("排放", mode="keyword")
    facets = dict(everything.facets["doc_type"])
    assert facets["national"] >= 5 and facets["local"] == 1
    assert sum(n for _v, n in everything.facets["kind"]) == everything.total
    only = s.search("排放", mode="keyword", filters={"doc_type": "local"})
    assert only.total == 1 and only.hits[0].number == "DB51/T 2987-2022"
    assert s.search("排放", mode="keyword", filters={"ics": "13.020"}).total == dict(everything.facets["ics"])["13.020"]
    assert all(h.number.startswith("GB/T") for h in s.search("排放", mode="keyword", filters={"tc": "TC548"}).hits)
    years = s.search("排放", mode="keyword", filters={"year": "2020-2030"})
    assert {h.number for h in years.hits} <= {"DB51/T 2987-2022", None, "ISO 14064-1:2018"}
    assert s.search("排放", mode="keyword", filters={"year": "2015"}).total == dict(everything.facets["year"])["2015"]
    assert s.search("核算", mode="keyword", filters={"topic": "基础通用"}).total > 0
    both = s.search("排放", mode="keyword", filters={"doc_type": ["local", "national"]})
    assert both.total == facets["local"] + facets["national"]
    assert s.search("排放", mode="keyword", filters={"number": "GB/T 32151.8"}).hits[0].number == "GB/T 32151.8-2015"


def test_empty_query_with_filter_browses(built):
    _store, _ids, s = built
    r = s.search("", mode="keyword", filters={"kind": "policy"})
    assert r.total == 2 and {h.clause for h in r.hits} == {"一", "（二）"}  # its 2 sections


def test_snippet_escapes_html(built):
    store, _ids, s = built
    from parsing.model import Clause, Document, ParsedDocument, Record

    parsed = ParsedDocument(record=Record(number="T/ABC 1-2024", title_zh="脚本测试"),
                            clauses=[Clause(number="1", heading="范围", text="<script>alert(1)</script> 碳足迹 & 标签")])
    store.add(Document(source_name="x.txt", content_hash="h1", media_type="text/plain"), parsed, "x.txt")
    hit = s.search("碳足迹", mode="keyword").hits[0]
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&lt;/script&gt;" in hit.snippet
    assert "<mark>碳足迹</mark> &amp; 标签" in hit.snippet


@pytest.mark.parametrize("query", ["", "   ", '" * ( ) : AND -', "\x00\x01\x02"])
def test_queries_with_nothing_to_search_are_refused_clearly(built, query):
    with pytest.raises(QueryError, match="empty query"):
        built[2].search(query, mode="keyword")


def test_long_and_syntax_queries_give_sensible_results(built):
    _store, _ids, s = built
    r = s.search("核算边界" * 2500, mode="keyword")  # 10,000 characters
    assert r.hits[0].number == "GB/T 32150-2015" and any("cut" in n for n in r.notes)
    r = s.search('"核算边界" AND (排放) -水泥 *', mode="keyword")
    assert r.hits and r.hits[0].number == "GB/T 32150-2015"
    assert s.search("核算\x00边界\x1b", mode="keyword").hits


def test_bad_filters_and_options_are_query_errors(built):
    s = built[2]
    with pytest.raises(QueryError, match="unknown filter field 'colour'"):
        s.search("排放", filters={"colour": "red"})
    with pytest.raises(QueryError, match="year"):
        s.search("排放", filters={"year": "last year"})
    with pytest.raises(QueryError, match="not a standard number"):
        s.search("排放", filters={"number": "hello"})
    with pytest.raises(QueryError, match="mode"):
        s.search("排放", mode="fuzzy")
    with pytest.raises(QueryError, match="level"):
        s.search("排放", level="page")
    with pytest.raises(QueryError):
        s.search("排放", top=0)


def test_paging(built):
    s = built[2]
    first = s.search("排放", mode="keyword", top=3)
    second = s.search("排放", mode="keyword", top=3, offset=3)
    assert [h.rank for h in second.hits] == [4, 5, 6]
    assert not {(h.doc_id, h.clause) for h in first.hits} & {(h.doc_id, h.clause) for h in second.hits}


def test_glossary_and_to_dict(built):
    s = built[2]
    terms = s.glossary("核算邊界")
    assert terms[0]["term_zh"] == "核算边界" and terms[0]["term_en"] == "accounting boundary"
    assert terms[0]["number"] == "GB/T 32150-2015" and terms[0]["source"] == "GB-T-32150-2015.pdf"
    assert s.glossary("greenhouse")[0]["term_zh"] == "温室气体"
    assert s.glossary("no such term at all") == []
    d = s.search("核算边界", mode="keyword").to_dict()
    assert d["mode"] == "keyword" and d["hits"][0]["rank"] == 1 and "doc_type" in d["facets"]


def test_english_query_reaches_chinese_clauses_through_the_glossary(built):
    r = built[2].search("accounting boundary", mode="keyword")
    assert r.query_type == "english" and r.hits[0].number == "GB/T 32150-2015"
    assert any("核算边界" in n for n in r.notes)


def test_document_level_finds_documents_through_their_clauses(built):
    _store, _ids, s = built
    # 碳酸盐 is only in a clause's text, not in any title, scope or heading
    r = s.search("碳酸盐", mode="keyword", level="document")
    assert [(h.number, h.clause) for h in r.hits] == [("GB/T 32151.8-2015", None)]
