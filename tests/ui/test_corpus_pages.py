"""Every document of the shipped corpus opens on the standard page and the graph page without error."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def corpus_db(tmp_path, monkeypatch):
    import streamlit as st

    from ingest import ingest_paths

    if not (CORPUS / "catalogue").is_dir():
        pytest.skip("the shipped corpus (corpus/catalogue) is not in this checkout")
    db = tmp_path / "corpus.db"
    with Store(db) as store:
        report = ingest_paths(store, [CORPUS], user="test")
        assert report.counts()["added"] > 0
        ids = [d.id for d, _r in store.records(public=True)]
    monkeypatch.setenv("STDKB_DB", str(db))
    monkeypatch.setenv("STDKB_EMBEDDER", "none")
    st.cache_resource.clear()
    yield ids
    st.cache_resource.clear()


def test_every_corpus_document_renders(corpus_db):
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import APP

    failures = []
    for doc_id in corpus_db:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.switch_page("views/standard.py")
        at.query_params["doc"] = str(doc_id)
        at.run()
        if at.exception or at.warning:
            failures.append((doc_id, [e.message for e in at.exception], [w.value for w in at.warning]))
    assert not failures, failures[:5]
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("views/dashboard.py")
    at.run()
    assert not at.exception


def test_every_corpus_document_has_a_reference_graph(corpus_db, tmp_path):
    from ui import refgraph

    with Store(tmp_path / "corpus.db") as store:
        linked = 0
        for doc_id in corpus_db:
            graph = refgraph.build(store, doc_id, depth=2)
            assert [n.doc_id for n in graph.nodes.values() if n.center] == [doc_id]
            assert all(a in graph.nodes and b in graph.nodes for a, b, _k in graph.edges)
            assert refgraph.to_dot(graph).count("->") == len(graph.edges)
            linked += bool(graph.edges)
    assert linked > len(corpus_db) // 4  # the corpus's standards cite and replace one another
