"""UI fixtures: a real database filled with the sample collection, and the app under AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import accounts
from index.store import Store
from tests.ui import sample_docs

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
LIBRARIAN = ("librarian1", "a long test password")


@pytest.fixture
def ui_db(tmp_path, monkeypatch):
    """(db path, ids of the sample documents); the app reads the path from STDKB_DB."""
    import streamlit as st

    db = tmp_path / "ui.db"
    with Store(db) as store:
        ids = sample_docs.fill(store)
        accounts.create_user(store, *LIBRARIAN, "librarian")
    monkeypatch.setenv("STDKB_DB", str(db))
    # page tests check the pages, not ranking: keyword search only, no model to load
    monkeypatch.setenv("STDKB_EMBEDDER", "none")
    st.cache_resource.clear()  # AppTest runs in this process: no Store from another test's db
    yield db, ids
    st.cache_resource.clear()


@pytest.fixture
def app(ui_db):
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, **params):
        at = AppTest.from_file(str(APP), default_timeout=60)
        if page:
            at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = str(value)
        return at

    return make
