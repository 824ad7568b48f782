"""Search fixtures: a real SQLite store holding the test corpus, and searchers over it."""

from __future__ import annotations

import pytest

from index.search import Searcher
from index.settings import Settings
from index.store import Store
from tests.search import corpus


@pytest.fixture
def built(store, db_path):
    """(store, ids, keyword-only searcher): fast, no model loaded."""
    ids = corpus.build(store)
    searcher = Searcher(store, Settings(db=db_path, embedder="none"))
    searcher.reindex()
    return store, ids, searcher


@pytest.fixture(scope="module")
def semantic(tmp_path_factory):
    """(store, ids, searcher with the default embedder): built once per module."""
    db = tmp_path_factory.mktemp("semantic") / "stdkb.db"
    store = Store(db)
    ids = corpus.build(store)
    searcher = Searcher(store, Settings(db=db))
    searcher.reindex()
    yield store, ids, searcher
    store.close()
