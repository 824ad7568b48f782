"""The embedded backend split into shards (a large collection, searched in parallel threads)
answers like one index: same matches, totals and facet counts; a rebuild is invisible to
readers until it commits."""

from __future__ import annotations

import pytest
import tantivy

from index.backends import embedded
from index.backends.embedded import EmbeddedBackend
from index.search import Searcher
from index.settings import Settings

QUERIES = ["排放", "温室气体 核算", "核算边界", "GB/T 32150", "水泥熟料", "emission factor", "報告"]


@pytest.fixture
def sharded(built, db_path, monkeypatch):
    """(single-shard searcher, two-shard searcher over a copy of the same rows)."""
    store, _ids, single = built
    monkeypatch.setattr(embedded, "SHARD_ROWS", 5)  # the test corpus (19 rows) becomes 2 shards
    monkeypatch.setattr(embedded, "MAX_SHARDS", 2)
    other = db_path.with_name("sharded.db")
    split = Searcher(store, Settings(db=other, embedder="none"))
    split.reindex()
    assert len(split.backend.shards) == 2 and len(single.backend.shards) == 1
    assert all(shard.index.searcher().num_docs for shard in split.backend.shards)
    return single, split


@pytest.mark.parametrize("level", ["clause", "document"])
def test_shards_find_what_one_index_finds(sharded, level):
    single, split = sharded
    for q in QUERIES:
        a = single.search(q, mode="keyword", level=level, top=50)
        b = split.search(q, mode="keyword", level=level, top=50)
        assert a.total == b.total, q
        assert {(h.doc_id, h.clause) for h in a.hits} == {(h.doc_id, h.clause) for h in b.hits}, q
        assert a.facets == b.facets, q
        assert a.resolved_number == b.resolved_number, q


def test_shards_keep_filters_and_a_documents_rows_together(sharded):
    single, split = sharded
    flt = {"doc_type": "national"}
    a = single.search("排放", mode="keyword", filters=flt, top=50)
    b = split.search("排放", mode="keyword", filters=flt, top=50)
    assert a.total == b.total > 0 and {h.doc_type for h in b.hits} == {"national"}
    for shard in split.backend.shards:  # every row of a document sits in the shard doc_id % 2 names
        ids = {h.stored["doc_id"] for h in split.backend._search_shard(shard, tantivy.Query.all_query(), 100, False)[0]}
        assert len({i % 2 for i in ids}) == 1


def test_a_rebuild_is_invisible_until_it_commits(built, db_path):
    _store, _ids, s = built
    reader = EmbeddedBackend(s.backend.path)  # another process reading the same index
    before = reader.doc_count()
    old = {p.name for p in s.backend.path.iterdir() if p.is_dir()}
    s.backend.clear()
    assert reader.doc_count() == before == s.backend.doc_count()  # still the old generation
    s.backend.rollback()
    assert {p.name for p in s.backend.path.iterdir() if p.is_dir()} == old  # the new one is gone
    s.reindex()
    reader.reload()
    assert reader.generation == s.backend.generation and reader.doc_count() == before
    assert not ({p.name for p in s.backend.path.iterdir() if p.is_dir()} & old)  # old generation removed


def test_a_busy_shard_leaves_nothing_half_queued(sharded, db_path):
    """Another process holds one shard's writer: this refresh gives up, keeping neither what it
    queued nor a writer lock on the other shards, and the next one indexes the document once."""
    from parsing.model import Clause, Document, ParsedDocument, Record

    _single, split = sharded
    other = EmbeddedBackend(split.backend.path)  # the other process
    parsed = ParsedDocument(record=Record(number="T/NEW 7-2026", title_zh="地源热泵碳排放"),
                            clauses=[Clause(number=str(i + 1), text="地源热泵系统的运行能耗。") for i in range(10)])
    doc_id = split.store.add(Document(source_name="heat.pdf", content_hash="busy-shard",
                                      media_type="application/pdf"), parsed, "heat.pdf").doc_id
    other.shards[1 - doc_id % 2].w()  # busy: not the shard the document goes to
    assert split.refresh() == 0
    assert all(shard.writer is None for shard in split.backend.shards)
    other.shards[doc_id % 2].w()  # and the document's own shard is not left locked
    other.rollback()
    assert split.search("地源热泵", mode="keyword").total == 10
