"""What every page shares: settings, the cached Store and Searcher, language and the signed-in user."""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from index.settings import Settings
from index.store import Store
from ui import i18n

PAGES = {
    "search": "views/search.py",
    "standard": "views/standard.py",
    "glossary": "views/glossary.py",
    "applicable": "views/applicable.py",
    "dashboard": "views/dashboard.py",
    "graph": "views/graph.py",
    "workspace": "views/workspace.py",
}


def _db_argument() -> str | None:
    """`--db DB` after `--` on the streamlit command line (`stdkb ui` passes it there)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.db


@st.cache_resource
def settings() -> Settings:
    return Settings.load(_db_argument())


@st.cache_resource
def store() -> Store:
    return Store(settings().db)


@st.cache_resource
def searcher():
    """The search engine, built once per server; new documents reach it through refresh()."""
    from index.search import Searcher

    return Searcher(store(), settings())


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **values) -> str:
    return i18n.tr(key, lang(), **values)


def lbl(value) -> str:
    return i18n.label(value, lang())


def user() -> tuple[str, str] | None:
    """(name, role) of the signed-in librarian, or None for a visitor."""
    return st.session_state.get("user")


def download_buttons(records, stem: str, key: str) -> None:
    """One download button per export format, side by side."""
    from ui import exports

    cols = st.columns(len(exports.FORMATS))
    for col, (name, spec) in zip(cols, exports.FORMATS.items(), strict=True):
        col.download_button(f"⬇ {name}", exports.export(records, name), file_name=f"{stem}.{spec.extension}",
                            mime=spec.mime, key=f"export_{key}_{spec.extension}_{name}", width="stretch")


def open_standard_link(doc_id: int, text: str, clause: str | None = None) -> None:
    """A link to the standard page at one document (and clause)."""
    params = {"doc": str(doc_id)}
    if clause:
        params["clause"] = clause
    from ui.render import md

    st.page_link(PAGES["standard"], label=md(text), query_params=params, icon=":material/description:")
