"""Query understanding: types, filters, the bilingual glossary, topics."""

from __future__ import annotations

import pytest

from index.analyzer import shared_analyzer
from index.applicable import industry_words
from index.search import QueryError
from index.search.understand import Glossary, parse_filters, understand
from index.topics import topics_of


@pytest.mark.parametrize("query,qtype", [
    ("GB/T 32150-2015", "number"), ("gbt32150", "number"), ("ISO 14064-1", "number"),
    ("accounting boundary", "english"), ("水泥", "short"), ("水泥企业的核算边界怎么确定", "natural"),
])
def test_query_types(query, qtype):
    assert understand(query, shared_analyzer(), Glossary()).qtype == qtype


def test_english_phrases_translate_longest_first():
    g = Glossary()
    assert g.translate("accounting boundary of a cement enterprise")[:1] == ["核算边界"]
    assert "水泥" in g.translate("cement") and g.translate("zzz") == []
    g.add("Clinker burning", "熟料煅烧")
    assert g.translate("clinker burning emissions")[0] == "熟料煅烧"


def test_filters_are_normalised():
    a = shared_analyzer()
    f = parse_filters({"year": "2010-2020", "tc": "SAC/TC 548", "status": "現行", "ccs": "z04",
                       "number": "GB/T 32150"}, a)
    assert f.year == (2010, 2020) and f.terms["tc"] == ["tc548"] and f.terms["status"] == ["现行"]
    assert f.terms["ccs"] == ["Z04"] and f.number_tokens == ["gb/t32150"]
    assert parse_filters({"year": "2015"}, a).year == (2015, 2015)
    assert parse_filters({"year": "-2015"}, a).year == (1900, 2015)
    with pytest.raises(QueryError, match="empty"):
        parse_filters({"year": "2020-2010"}, a)
    with pytest.raises(QueryError):
        parse_filters("doc_type=national", a)


def test_topics_given_win_else_inferred():
    assert topics_of("anything", None, ["市场化机制"]) == ["市场化机制"]
    assert topics_of("森林碳汇计量监测规程") == ["碳清除", "基础通用"]
    assert topics_of("温室气体排放核算与报告要求 第8部分：水泥生产企业") == ["基础通用"]
    assert topics_of("光伏电站设计规范") == ["碳减排"]


def test_industry_words_from_codes_and_plain_words():
    assert industry_words("C3011") == ["水泥"]
    assert "电网" in industry_words("D4420")
    assert industry_words("水泥企业")[:2] == ["水泥企业", "水泥"]
    assert industry_words("電網", shared_analyzer().to_simplified)[0] == "电网"
    assert industry_words("S99") == []  # a class with no carbon vocabulary here
