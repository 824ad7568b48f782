"""The Elasticsearch backend against the embedded one: same searches, same results.

Runs against a real server when STDKB_ELASTICSEARCH_URL is set (indexes named stdkb-test-*,
deleted afterwards); otherwise against tests/search/es_standin.py, an in-process stand-in
spoken to over HTTP by the real `elasticsearch` client (no server can run on the development
machine). Both backends sit behind the real Searcher over the real test corpus.

Same results, and where they cannot be the same: Lucene's BM25 counts, per field, only the
documents that have the field (N in idf, and the average length); tantivy counts every
document. Fields that some rows lack (number for policies, term, heading) therefore score a
little differently, and hits whose embedded scores are within NEAR of each other may come in
the other order. Hit sets, totals and facet counts are compared exactly, the order up to those near swaps;
where every row has the field, scores are compared exactly.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from index.analyzer import Analyzer
from index.backends import make_backend
from index.backends.base import Filters
from index.backends.elasticsearch import (
    BulkWriteError,
    ElasticsearchBackend,
    ElasticsearchUnavailable,
    index_body,
    safe_url,
)
from index.backends.embedded import EmbeddedBackend
from index.rows import Row, rows_of
from index.search import Searcher
from index.settings import Settings
from index.store import Store
from tests.search import corpus
from tests.search.es_standin import StandIn, norm_length

REAL_URL = os.environ.get("STDKB_ELASTICSEARCH_URL")
TEXT_FIELDS = ("f_number", "f_title", "f_term", "f_heading", "f_body")


@pytest.fixture(scope="module")
def standin():
    """The stand-in server, or None when the tests run against a real one."""
    if REAL_URL:
        yield None
        return
    server = StandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def es_url(standin):
    return REAL_URL or standin.url


def _index_name() -> str:
    return f"stdkb-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def pair(tmp_path_factory, es_url):
    """(store, ids, {backend name: Searcher}) over one store holding the test corpus."""
    tmp = tmp_path_factory.mktemp("es_contract")
    store = Store(tmp / "stdkb.db")
    ids = corpus.build(store)
    name = _index_name()
    searchers = {"embedded": Searcher(store, Settings(db=tmp / "embedded" / "stdkb.db", embedder="none"))}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDKB_ELASTICSEARCH_INDEX", name)
        searchers["elasticsearch"] = Searcher(store, Settings(
            db=tmp / "es" / "stdkb.db", embedder="none", backend="elasticsearch", elasticsearch_url=es_url))
    for s in searchers.values():
        s.reindex()
    yield store, ids, searchers
    searchers["elasticsearch"].backend.drop_index()
    store.close()


@pytest.fixture
def fresh(request, tmp_path, es_url):
    """An empty backend of the asked kind, plus the corpus rows to put in it."""
    store = Store(tmp_path / "stdkb.db")
    ids = corpus.build(store)
    rows = {name: rows_of(store.get(doc_id)) for name, doc_id in ids.items() if store.is_public(doc_id)}
    if request.param == "embedded":
        backend = EmbeddedBackend(tmp_path / "keyword")
    else:
        backend = ElasticsearchBackend(es_url, index=_index_name())
    yield backend, rows, Analyzer().tokens
    if request.param == "elasticsearch":
        backend.drop_index()
    store.close()


NEAR = 0.02  # hits closer than this in embedded score may swap: see the module docstring


def swaps(embedded_hits, es_hits) -> list[tuple[tuple, tuple, float]]:
    """Pairs the Elasticsearch order puts the other way round from the embedded scores, with the
    embedded score gap; equal embedded scores (ties) impose no order."""
    score = {(h.doc_id, h.clause): h.score for h in embedded_hits}
    order = [(h.doc_id, h.clause) for h in es_hits]
    out = []
    for i, hi in enumerate(order):
        for lo in order[i + 1:]:
            if score[hi] < score[lo] * (1 - 1e-4):
                out.append((hi, lo, (score[lo] - score[hi]) / score[lo]))
    return out


QUERIES = [
    ("核算边界", {}), ("GB/T 32150", {}), ("gbt32150", {}), ("32151.8", {}), ("ISO 14064-1", {}),
    ("溫室氣體 核算邊界", {}), ("清洁能源 光伏", {}), ("accounting boundary", {}), ("organization emissions", {}),
    ("电网企业", {}), ("碳酸盐", {}), ("排放", {}),
    ("排放", {"doc_type": "local"}), ("排放", {"doc_type": ["local", "national"]}), ("排放", {"status": "現行"}),
    ("排放", {"ics": "13.020"}), ("排放", {"year": "2020-2030"}), ("排放", {"year": "2015"}),
    ("排放", {"tc": "TC548"}), ("核算", {"topic": "基础通用"}), ("排放", {"number": "GB/T 32151.8"}),
    ("", {"kind": "policy"}), ("", {"doc_type": "national"}),
    ('"核算边界" AND (排放) -水泥 *', {}), ("核算\x00边界\x1b", {}), ("核算边界" * 2500, {}),
]


@pytest.mark.parametrize("level", ["clause", "document"])
@pytest.mark.parametrize(("query", "filters"), QUERIES, ids=[f"{q[:12]!r}-{f}" for q, f in QUERIES])
def test_same_hits_totals_and_facets(pair, query, filters, level):
    _store, _ids, s = pair
    emb = s["embedded"].search(query, mode="keyword", level=level, filters=filters, top=50)
    es = s["elasticsearch"].search(query, mode="keyword", level=level, filters=filters, top=50)
    assert {(h.doc_id, h.clause) for h in es.hits} == {(h.doc_id, h.clause) for h in emb.hits}
    assert all(gap < NEAR for _a, _b, gap in swaps(emb.hits, es.hits)), swaps(emb.hits, es.hits)
    assert es.total == emb.total
    assert es.resolved_number == emb.resolved_number
    assert set(es.facets) == set(emb.facets)
    for name in emb.facets:
        assert dict(es.facets[name]) == dict(emb.facets[name]), name
    top = s["elasticsearch"].search(query, mode="keyword", level=level, filters=filters, top=10)
    assert [(h.doc_id, h.clause) for h in top.hits] == [(h.doc_id, h.clause) for h in es.hits[:10]]


@pytest.mark.parametrize("backend", ["embedded", "elasticsearch"])
def test_contract_through_the_searcher(pair, backend):
    """The assertions of test_keyword.py that do not depend on the backend's internals."""
    _store, ids, s = pair
    s = s[backend]
    r = s.search("核算边界", mode="keyword")
    assert r.hits[0].number == "GB/T 32150-2015" and r.hits[0].clause in ("3.5", "5", "5.2")
    assert r.hits[0].path.startswith("GB/T 32150-2015 › ") and r.hits[0].source == "GB-T-32150-2015.pdf"
    r = s.search("GB/T 32150", mode="keyword")
    assert r.resolved_number == "GB/T 32150-2015" and r.hits[0].clause is None
    assert s.search("ISO 14064-1", mode="keyword").hits[0].number == "ISO 14064-1:2018"
    r = s.search("清洁能源 光伏", mode="keyword")
    assert r.hits[0].kind == "policy" and "<mark>光伏</mark>" in r.hits[0].snippet
    assert s.search("秘密草稿", mode="keyword").total == 0  # the draft is not published
    only = s.search("排放", mode="keyword", filters={"doc_type": "local"})
    assert only.total == 1 and only.hits[0].number == "DB51/T 2987-2022"
    assert [(h.number, h.clause) for h in s.search("碳酸盐", mode="keyword", level="document").hits] == [
        ("GB/T 32151.8-2015", None)]
    first, second = (s.search("排放", mode="keyword", top=3, offset=o) for o in (0, 3))
    assert [h.rank for h in second.hits] == [4, 5, 6]
    assert not {(h.doc_id, h.clause) for h in first.hits} & {(h.doc_id, h.clause) for h in second.hits}
    assert s.backend.doc_count() == 19  # 5 published documents: 5 record rows + 14 clause rows


def test_backend_calls_the_searcher_makes_agree(pair):
    """Facets over given keys (semantic mode), a field subset (similar clauses), fetch by keys."""
    _store, ids, s = pair
    emb, es = s["embedded"].backend, s["elasticsearch"].backend
    keys = [f"{ids['GB-T-32150-2015.pdf']}:{seq}" for seq in (-1, 0, 2, 3)] + ["999:1"]
    a = emb.search([], [], Filters(keys=keys), "clause", 0, facets=True)
    b = es.search([], [], Filters(keys=keys), "clause", 0, facets=True)
    assert a[0] == b[0] == [] and a[1] == b[1] == 3  # the record row answers only at document level
    assert {k: dict(v) for k, v in a[2].items()} == {k: dict(v) for k, v in b[2].items()}
    a = emb.search([], ["核算", "边界"], Filters(), "clause", 20, fields=("heading", "term"))
    b = es.search([], ["核算", "边界"], Filters(), "clause", 20, fields=("heading", "term"))
    assert [h.stored["key"] for h in a[0]] and a[1] == b[1]
    assert {h.stored["key"] for h in a[0]} == {h.stored["key"] for h in b[0]}
    assert a[0][0].stored == b[0][0].stored  # the same payload: what a hit shows


def test_scores_equal_where_every_row_has_the_field(pair):
    """Titles are in every row, so the statistics agree and so must BM25 (with the k1+1 scale)."""
    _store, _ids, s = pair
    words = Analyzer().tokens("温室气体排放核算")
    a = s["embedded"].backend.search([], words, Filters(), "clause", 50, fields=("title",))[0]
    b = s["elasticsearch"].backend.search([], words, Filters(), "clause", 50, fields=("title",))[0]
    assert len(a) == len(b) > 5
    score_a = {h.stored["key"]: h.score for h in a}
    for h in b:
        assert h.score == pytest.approx(score_a[h.stored["key"]], rel=1e-4)


@pytest.mark.parametrize("query", ['" * ( ) : AND -', "\x00\x01\x02"])
def test_queries_with_nothing_to_search_are_refused_the_same(pair, query):
    from index.search import QueryError

    for s in pair[2].values():
        with pytest.raises(QueryError, match="empty query"):
            s.search(query, mode="keyword")


@pytest.mark.parametrize("fresh", ["embedded", "elasticsearch"], indirect=True)
def test_hostile_tokens_reach_the_backend_harmlessly(fresh):
    backend, rows, tokens = fresh
    backend.add(rows["GB-T-32150-2015.pdf"], tokens)
    backend.commit()
    for words in (['"', "*", "(", ")", ":", "AND", "-", "OR", "\\", "{", "/"], ["\x00\x1b"], ["核算" * 2000]):
        hits, total, _ = backend.search([], words, Filters(), "clause", 10)
        assert hits == [] and total == 0
    hits, total, _ = backend.search(["*"], ["核算", "*:*"], Filters(terms={"doc_type": ["*"]}), "clause", 10)
    assert total == 0  # no wildcard is ever interpreted


@pytest.mark.parametrize("fresh", ["embedded", "elasticsearch"], indirect=True)
def test_writes_show_only_at_commit_and_rollback_drops_them(fresh):
    backend, rows, tokens = fresh
    gb = rows["GB-T-32150-2015.pdf"]
    backend.add(gb, tokens)
    assert backend.doc_count() == 0 and backend.search([], ["核算"], Filters(), "clause", 10)[1] == 0
    backend.commit()
    assert backend.doc_count() == len(gb) == 8
    backend.add(rows["GB-T-32151.8-2015.pdf"], tokens)
    backend.delete_docs([gb[0].doc_id])
    assert backend.doc_count() == 8  # neither the add nor the delete shows yet
    backend.rollback()
    backend.commit()  # nothing left to send
    assert backend.doc_count() == 8
    assert backend.search([], ["水泥"], Filters(), "clause", 10)[1] == 0


@pytest.mark.parametrize("fresh", ["embedded", "elasticsearch"], indirect=True)
def test_delete_clear_and_re_adding_a_key_replaces(fresh):
    backend, rows, tokens = fresh
    gb, cement = rows["GB-T-32150-2015.pdf"], rows["GB-T-32151.8-2015.pdf"]
    backend.add(gb + cement, tokens)
    backend.commit()
    assert backend.doc_count() == 12
    backend.delete_docs([gb[0].doc_id])
    backend.commit()
    assert backend.doc_count() == 4
    assert {h.stored["doc_id"] for h in backend.search([], ["核算"], Filters(), "clause", 20)[0]} == {
        cement[0].doc_id}
    changed = cement[1]
    changed.fields["body"] = changed.text = "更换后的条款 独特词语"
    if isinstance(backend, ElasticsearchBackend):
        backend.add([changed], tokens)  # the same key again: replaces
    else:
        backend.delete_docs([changed.doc_id])  # tantivy has no key; the Searcher deletes then adds
        backend.add(cement, tokens)
    backend.commit()
    assert backend.doc_count() == 4
    hits = backend.search([], tokens("独特词语"), Filters(), "clause", 10)[0]
    assert [h.stored["key"] for h in hits] == [changed.key] and hits[0].stored["text"] == "更换后的条款 独特词语"
    backend.clear()
    assert backend.doc_count() == 4
    backend.commit()
    assert backend.doc_count() == 0


@pytest.mark.parametrize("fresh", ["elasticsearch"], indirect=True)
def test_delete_after_add_in_one_batch_drops_the_queued_rows(fresh):
    backend, rows, tokens = fresh
    backend.add(rows["GB-T-32150-2015.pdf"], tokens)
    backend.delete_docs([rows["GB-T-32150-2015.pdf"][0].doc_id])
    backend.add(rows["ISO-14064-1-2018.txt"], tokens)
    backend.commit()
    assert backend.doc_count() == len(rows["ISO-14064-1-2018.txt"]) == 3
    assert backend.size_bytes() > 0


def test_mapping_and_settings_on_the_server(es_url):
    from elasticsearch import Elasticsearch

    backend = ElasticsearchBackend(es_url, index=_index_name())
    try:
        client = Elasticsearch(es_url)
        mapping = client.indices.get_mapping(index=backend.index)[backend.index]["mappings"]
        props = mapping["properties"]
        for name in TEXT_FIELDS:
            assert props[name]["type"] == "text" and props[name]["analyzer"] == "whitespace"
            assert props[name]["index_options"] == "freqs"
        assert props["doc_type"]["type"] == props["levels"]["type"] == props["key"]["type"] == "keyword"
        assert props["year"]["type"] == "integer" and props["payload"]["enabled"] is False
        settings = client.indices.get_settings(index=backend.index)[backend.index]["settings"]["index"]
        assert settings["refresh_interval"] == "-1" and settings["number_of_shards"] == "1"
        assert settings["similarity"]["default"]["type"] == "BM25" and settings["max_result_window"] == "20000"
    finally:
        backend.drop_index()


def test_a_refused_row_is_named(es_url):
    """An index whose strict mapping lacks the text fields refuses every row: the error names them."""
    from elasticsearch import Elasticsearch

    name = _index_name()
    body = index_body()
    body["mappings"]["properties"] = {"key": {"type": "keyword"}}
    Elasticsearch(es_url).indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
    backend = ElasticsearchBackend(es_url, index=name)  # exists: used as it is
    try:
        row = Row(doc_id=7, seq=-1, levels=["document"], number="DB51/T 1-2022", title="t", clause=None,
                  heading=None, path="p", source="s", kind="record-only", text="x", fields={"title": "电网"})
        backend.add([row], Analyzer().tokens)
        with pytest.raises(BulkWriteError, match=r"refused 1 of 1 rows \(7:-1\)") as e:
            backend.commit()
        assert e.value.keys == ["7:-1"] and "strict" in str(e.value)
    finally:
        backend.drop_index()


def test_unreachable_server_is_a_clear_error():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(ElasticsearchUnavailable, match=rf"{url}.*STDKB_ELASTICSEARCH_URL.*embedded"):
        ElasticsearchBackend(url, timeout=2)


def test_deep_pages_past_ten_thousand_are_not_refused(pair):
    """The Searcher allows offset 10,000 + 200 hits: past Elasticsearch's default result window."""
    for s in pair[2].values():
        r = s.search("排放", mode="keyword", offset=10_000, top=200)
        assert r.hits == [] and r.total == 11


def test_credentials_never_appear_in_messages():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ElasticsearchUnavailable) as e:
        ElasticsearchBackend(f"http://elastic:s3cret@127.0.0.1:{port}", timeout=2)
    assert "s3cret" not in str(e.value) and f"http://127.0.0.1:{port}" in str(e.value)
    assert safe_url("https://u:p@es.example:9243/path") == "https://es.example:9243/path"


def test_refused_credentials_are_a_clear_error():
    server = StandIn(api_key="cmlnaHQ=").start()
    try:
        with pytest.raises(ElasticsearchUnavailable, match=r"refused the credentials \(401\).*API_KEY"):
            ElasticsearchBackend(server.url, api_key="d3Jvbmc=")
        backend = ElasticsearchBackend(server.url, api_key="cmlnaHQ=")
        assert backend.doc_count() == 0
    finally:
        server.stop()


def test_factory(tmp_path, es_url, standin, monkeypatch):
    with pytest.raises(ValueError, match="STDKB_ELASTICSEARCH_URL"):
        make_backend(Settings(db=tmp_path / "x.db", backend="elasticsearch"), tmp_path)
    with pytest.raises(ValueError, match="unknown search backend 'solr'"):
        make_backend(Settings(db=tmp_path / "x.db", backend="solr"), tmp_path)
    monkeypatch.setenv("STDKB_ELASTICSEARCH_INDEX", name := _index_name())
    backend = make_backend(Settings(db=tmp_path / "x.db", backend="Elasticsearch", elasticsearch_url=es_url),
                           tmp_path)
    try:
        assert isinstance(backend, ElasticsearchBackend) and backend.index == name and not backend.dfs
        assert not (tmp_path / "keyword").exists()  # nothing written beside the database
    finally:
        backend.drop_index()
    if standin is None:
        return  # a real server would refuse a made-up API key
    monkeypatch.setenv("STDKB_ELASTICSEARCH_API_KEY", "a2V5OnNlY3JldA==")
    backend = make_backend(Settings(db=tmp_path / "x.db", backend="elasticsearch", elasticsearch_url=es_url),
                           tmp_path)
    backend.drop_index()
    method, path, _query, auth = standin.requests[-1]
    assert (method, path, auth) == ("DELETE", f"/{name}", "ApiKey a2V5OnNlY3JldA==")


def test_many_shards_ask_for_global_term_statistics(es_url, standin):
    one, two = ElasticsearchBackend(es_url, index=_index_name()), ElasticsearchBackend(es_url, index=_index_name(),
                                                                                         shards=2)
    try:
        assert not one.dfs and two.dfs
        from elasticsearch import Elasticsearch

        got = Elasticsearch(es_url).indices.get_settings(index=two.index)[two.index]["settings"]["index"]
        assert got["number_of_shards"] == "2"
        for backend, dfs in ((one, False), (two, True)):
            backend.search([], ["核算"], Filters(), "clause", 5)
            if standin is not None:
                method, path, query, _auth = standin.requests[-1]
                assert path == f"/{backend.index}/_search"
                assert ("search_type=dfs_query_then_fetch" in query) is dfs
    finally:
        one.drop_index()
        two.drop_index()


def test_standin_norms_follow_lucene():
    """The stand-in's length encoding: exact up to 40 tokens, then 4 significant bits."""
    assert [norm_length(n) for n in (0, 1, 23, 24, 25, 40, 41, 100, 1000)] == [0, 1, 23, 24, 25, 40, 40, 96, 984]
