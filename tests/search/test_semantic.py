"""Semantic and hybrid search with the real models (USE multilingual by default, MiniLM shipped)."""

from __future__ import annotations

import numpy as np
import pytest

from index import vectors as vec
from index.embedders import get_embedder
from index.embedding_cache import EmbeddingCache, embed_cached
from parsing.model import Clause, Document, ParsedDocument, Record


def unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    """`n` random L2-normalised float32 vectors, as an embedder returns them."""
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_default_embedder_is_multilingual():
    e = get_embedder("default")
    v = e.encode(["核算边界", "accounting boundary", "光伏发电"])
    assert v.shape == (3, e.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[1] @ v[2]  # the Chinese term is nearer its English name than an unrelated word


def test_sentence_transformers_backend_with_the_shipped_minilm():
    e = get_embedder("minilm")
    v = e.encode(["greenhouse gas emissions", "GHG emissions", "cement clinker"])
    assert e.dim == 384 and v[0] @ v[1] > v[0] @ v[2]


def test_unknown_embedder_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("no-such-model")


def test_embeddings_are_cached_by_model_and_content(tmp_path):
    class Counting:
        name, dim = "counting", 4
        calls = 0

        def encode(self, texts, progress=False):
            Counting.calls += len(texts)
            return np.ones((len(texts), 4), np.float32) / 2

    cache = EmbeddingCache(tmp_path / "e.sqlite")
    embed_cached(Counting(), cache, ["a", "b", "a"])
    assert Counting.calls == 2
    out = embed_cached(Counting(), cache, ["a", "b", "c"])
    assert Counting.calls == 3 and out.shape == (3, 4)


def test_ann_agrees_with_exact_search():
    v = unit_vectors(2000, 32, seed=0)
    keys = [f"{i}:0" for i in range(2000)]
    exact = vec.make_snapshot(keys, list(range(2000)), v, ann=False)
    ann = vec.make_snapshot(keys, list(range(2000)), v, ann=True)
    q = v[17] + 0.1 * v[18]
    q /= np.linalg.norm(q)
    top_exact = [k for k, _s in exact.search(q, 10)]
    top_ann = [k for k, _s in ann.search(q, 10)]
    assert top_exact[0] == "17:0" and len(set(top_exact) & set(top_ann)) >= 8
    # updates: document 17 removed, a new row added; the HNSW graph is updated in place
    new = vec.updated(ann, {17}, ["5000:0"], [5000], q[None, :])
    assert [k for k, _s in new.search(q, 1)] == ["5000:0"] and "17:0" not in [k for k, _s in new.search(q, 20)]
    assert all(k != "5000:0" for k, _s in ann.search(q, 20))  # the old snapshot never sees the new row


def test_semantic_finds_meaning_without_shared_words(semantic):
    _store, _ids, s = semantic
    r = s.search("企业应当怎样划定统计温室气体的范围", mode="semantic", top=5)
    assert r.mode == "semantic" and r.hits
    assert "GB/T 32150-2015" in {h.number for h in r.hits[:3]}
    assert all("semantic" in h.why for h in r.hits)


def test_cross_lingual_queries(semantic):
    _store, _ids, s = semantic
    r = s.search("accounting boundary of an enterprise", mode="hybrid", top=5)
    assert r.hits[0].number in ("GB/T 32150-2015", "GB/T 32151.8-2015")
    r = s.search("组织边界 控制权法", mode="semantic", top=3)  # Chinese query, English clause
    assert "ISO 14064-1:2018" in {h.number for h in r.hits}


def test_hybrid_keeps_keyword_quality_and_number_lookups(semantic):
    _store, _ids, s = semantic
    kw = s.search("水泥熟料", mode="keyword", top=3)
    hy = s.search("水泥熟料", mode="hybrid", top=3)
    assert hy.hits[0].number == kw.hits[0].number == "GB/T 32151.8-2015"
    r = s.search("GB/T 32151.8", mode="hybrid")
    assert r.resolved_number == "GB/T 32151.8-2015" and r.hits[0].clause is None


def test_semantic_respects_filters_and_counts_facets(semantic):
    _store, _ids, s = semantic
    r = s.search("温室气体排放", mode="semantic", filters={"doc_type": "international"}, top=10)
    assert r.hits and {h.doc_type for h in r.hits} == {"international"}
    assert dict(r.facets["doc_type"]) == {"international": r.total}


def test_similar_clauses_across_standards(semantic):
    _store, ids, s = semantic
    hits = s.similar_clauses(ids["GB-T-32151.8-2015.pdf"], "5")
    assert hits[0].number == "GB/T 32150-2015" and hits[0].heading and "核算边界" in hits[0].heading
    assert all(h.doc_id != ids["GB-T-32151.8-2015.pdf"] for h in hits)


def test_applicable_standards_with_reasons(semantic):
    _store, _ids, s = semantic
    cement = s.applicable("水泥")
    assert cement[0]["number"] == "GB/T 32151.8-2015" and "水泥" in cement[0]["reason"]
    assert cement[0]["group"] == "行业专用"
    assert "GB/T 32150-2015" in {d["number"] for d in cement if d["group"] == "通用"}
    assert s.applicable("C3011")[0]["number"] == "GB/T 32151.8-2015"  # GB/T 4754 class of cement
    grid = s.applicable("电网企业")
    assert grid[0]["number"] == "DB51/T 2987-2022"


def test_vectors_from_another_embedder_fall_back_to_keyword(store, db_path):
    from index.search import QueryError, Searcher
    from index.settings import Settings
    from tests.search import corpus

    corpus.build(store)
    Searcher(store, Settings(db=db_path, embedder="minilm")).reindex()
    other = Searcher(store, Settings(db=db_path, embedder="use-m3"))
    r = other.search("核算边界", mode="hybrid")
    assert r.hits and any("reindex" in n for n in r.notes)
    with pytest.raises(QueryError, match="reindex"):
        other.search("核算边界", mode="semantic")
    other.reindex()
    assert other.search("核算边界", mode="semantic").hits


def test_saved_snapshots_keep_their_hnsw_graph(tmp_path):
    v = unit_vectors(500, 16, seed=1)
    snap = vec.make_snapshot([f"{i}:0" for i in range(500)], list(range(500)), v, ann=True)
    snap = vec.updated(snap, {3}, ["900:0"], [900], v[3][None, :])
    vec.save(snap, tmp_path / "v.npz")
    loaded = vec.load(tmp_path / "v.npz")
    assert loaded.ann is not None and len(loaded) == 501
    assert loaded.search(v[3], 1)[0][0] == "900:0" and loaded.vector("3:0") is None
    exact = vec.make_snapshot([f"{i}:0" for i in range(10)], list(range(10)), v[:10], ann=False)
    vec.save(exact, tmp_path / "v.npz")
    assert vec.load(tmp_path / "v.npz").ann is None and not (tmp_path / "v.npz.hnsw").exists()


def test_updates_share_the_vectors_already_held(tmp_path, monkeypatch):
    """A new document appends a chunk; the rows held before are never copied (a million
    rows would cost seconds), and the old snapshot still reads only its own rows."""
    v = unit_vectors(300, 8, seed=2)
    snap = vec.make_snapshot([f"{i}:0" for i in range(200)], list(range(200)), v[:200], ann=True)
    new = vec.updated(snap, {5}, ["500:0", "500:1"], [500, 500], v[200:202])
    assert new.chunks[0] is snap.chunks[0] and len(new.chunks) == 2
    assert np.allclose(new.vector("500:1"), v[201]) and snap.vector("500:1") is None
    assert new.vector("5:0") is None and np.allclose(new.vector("6:0"), v[6])
    # document 5 comes back under the same key: the live row is found, the tombstone is not
    again = vec.updated(new, {5}, ["5:0"], [5], v[202][None, :])
    assert np.allclose(again.vector("5:0"), v[202])
    vec.save(again, tmp_path / "v.npz")
    loaded = vec.load(tmp_path / "v.npz")
    assert len(loaded.chunks) == 3 and np.allclose(loaded.vector("5:0"), v[202])
    assert loaded.search(v[202], 1)[0][0] == "5:0"
    # many small updates are merged, but never into the first (large) chunk
    monkeypatch.setattr(vec, "MAX_CHUNKS", 4)
    for i in range(6):
        again = vec.updated(again, set(), [f"{600 + i}:0"], [600 + i], v[210 + i][None, :])
    assert len(again.chunks) <= 4 and again.chunks[0] is snap.chunks[0]
    assert [k for k, _s in again.search(v[213], 1)] == ["603:0"] and np.allclose(again.vector("605:0"), v[215])


def test_large_collections_save_updates_as_deltas(tmp_path):
    """An update of a large (HNSW) collection is written as a small delta file, not a new base;
    a reader loading the base applies the deltas; a new base absorbs them."""
    v = unit_vectors(400, 8, seed=3)
    path = tmp_path / "vectors.npz"
    base = vec.make_snapshot([f"{i}:0" for i in range(300)], list(range(300)), v[:300], ann=True)
    vec.save(base, path)
    one = vec.updated(base, {7}, ["700:0", "700:1"], [700, 700], v[300:302])
    vec.save_delta(one, path, {7}, ["700:0", "700:1"], [700, 700], v[300:302])
    two = vec.updated(one, set(), ["701:0"], [701], v[302][None, :])
    vec.save_delta(two, path, set(), ["701:0"], [701], v[302][None, :])
    assert vec.disk_state(path)[1] == 2 == two.generation
    reader = vec.load(path)
    assert reader.generation == 2 and len(reader) == 303 and reader.vector("7:0") is None
    assert reader.search(v[302], 1)[0][0] == "701:0" and np.allclose(reader.vector("700:1"), v[301])
    # a reader holding the base catches up with only the deltas it has not seen
    stale = vec.load(path)
    three = vec.updated(two, {701}, ["702:0"], [702], v[303][None, :])
    vec.save_delta(three, path, {701}, ["702:0"], [702], v[303][None, :])
    caught = vec.catch_up(stale, path)
    assert caught.generation == 3 and caught.vector("701:0") is None and caught.search(v[303], 1)[0][0] == "702:0"
    vec.save(three, path)
    assert vec.disk_state(path)[1] == 0 and vec.load(path).generation == 3 and len(vec.load(path)) == 304


def test_a_second_searcher_sees_the_first_ones_new_document(semantic, tmp_path, monkeypatch):
    """Two processes on one database (two Searchers here): the one that indexes a new document
    writes a delta, the other applies it at its next search without reloading everything."""
    from index.search import Searcher
    from index.settings import Settings
    from index.store import Store
    from tests.search import corpus

    monkeypatch.setattr(vec, "ANN_THRESHOLD", 10)  # the HNSW path with a small corpus
    _store, _ids, loaded = semantic
    db = tmp_path / "stdkb.db"
    store = Store(db)
    corpus.build(store)
    writer = Searcher(store, Settings(db=db), embedder=loaded.embedder)
    writer.reindex()
    reader = Searcher(Store(db), Settings(db=db), embedder=loaded.embedder)
    assert reader.vectors.ann is not None
    parsed = ParsedDocument(record=Record(number="T/NEW 9-2026", title_zh="氢基竖炉直接还原碳排放核算"),
                            clauses=[Clause(number="1", heading="范围", text="本文件规定了氢基竖炉直接还原铁的碳排放核算方法。")])
    store.add(Document(source_name="new.pdf", content_hash="delta-test", media_type="application/pdf"), parsed,
              "new.pdf")
    assert writer.search("氢基竖炉", mode="semantic", top=3).hits[0].number == "T/NEW 9-2026"
    assert list((tmp_path / "stdkb.db.index").glob("vectors.npz.delta-*"))
    base_before = reader.vectors.chunks[0]
    r = reader.search("氢基竖炉直接还原", mode="semantic", top=3)
    assert r.hits[0].number == "T/NEW 9-2026"
    assert reader.vectors.chunks[0] is base_before  # caught up from the delta, base not reloaded


def test_a_reader_caught_between_graph_and_arrays_keeps_the_graph(tmp_path):
    """A new base is written graph first, arrays second. A reader that loads the old arrays and
    the new graph uses that graph (rebuilding it takes minutes at a million rows) and reaches
    the same rows through the deltas."""
    v = unit_vectors(320, 8, seed=4)
    path = tmp_path / "vectors.npz"
    base = vec.make_snapshot([f"{i}:0" for i in range(300)], list(range(300)), v[:300], ann=True)
    vec.save(base, path)
    newer = vec.updated(base, {4}, [f"{900 + i}:0" for i in range(20)], [900 + i for i in range(20)], v[300:])
    vec.save_delta(newer, path, {4}, [f"{900 + i}:0" for i in range(20)], [900 + i for i in range(20)], v[300:])
    newer.ann.save_index(str(tmp_path / "vectors.npz.hnsw"))  # the next base's graph, arrays not yet
    loaded = vec.load(path)
    assert loaded.ann is not None and loaded.ann.get_current_count() == 320  # kept, not rebuilt
    assert len(loaded) == 320 and loaded.vector("4:0") is None
    assert loaded.search(v[310], 1)[0][0] == "910:0" and loaded.search(v[7], 1)[0][0] == "7:0"
