from index.analyzer import Analyzer, shared_analyzer


def test_traditional_and_full_width_fold_to_simplified_half_width():
    a = shared_analyzer()
    assert a.normalize("溫室氣體ＧＢ／Ｔ") == "温室气体gb/t"
    assert set(a.tokens("溫室氣體排放")) >= {"温室", "气体", "温室气体", "排放"}


def test_numbers_indexed_whole_and_by_parts():
    tokens = set(shared_analyzer().tokens("依据GB/T 32151.31—2024和ISO 14064-1:2018"))
    assert {"gb/t32151.31-2024", "gb/t32151.31", "32151.31", "gb/t32151", "gbt32151"} <= tokens
    assert {"iso14064-1:2018", "iso14064-1", "14064-1", "iso14064"} <= tokens


def test_query_numbers_match_index_tokens():
    a = shared_analyzer()
    indexed = set(a.tokens("GB/T 32150-2015")) | set(a.tokens("ISO 14064-1:2018"))
    for query in ("GBT32150", "gbt32150", "GB/T 32150", "GB/T32150—2015", "ISO 14064-1", "iso 14064-1", "GB 32150"):
        numbers, _words = a.query_tokens(query)
        assert numbers and numbers[0] in indexed, query
    _numbers, words = a.query_tokens("32150")
    assert "32150" in words and "32150" in indexed


def test_query_drops_stopwords_and_syntax_characters():
    a = shared_analyzer()
    assert a.query_tokens('" * ( ) : AND -') == ([], [])  # nothing left to search for
    _n, words = a.query_tokens("水泥企业的核算边界是什么")
    assert "的" not in words and "核算边界" in words and "水泥" in words


def test_domain_terms_kept_whole():
    a = Analyzer(extra_terms=["碳排放强度核定"])
    assert "碳排放强度核定" in a.tokens("关于碳排放强度核定的要求")


def test_control_characters_do_not_break_tokenising():
    assert "排放" in shared_analyzer().tokens("排\x00放 排放\x1b")
