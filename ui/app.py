"""The stdkb web app (Streamlit): `stdkb ui [--port PORT]`, or
`streamlit run ui/app.py -- --db data/stdkb.db`.

This file sets the page up (title, language, shared CSS) and routes to the pages in
`ui/views/`; each page is a small script of its own.
"""

from __future__ import annotations

import streamlit as st

from ui import i18n, state
from ui.render import CSS

st.set_page_config(page_title="碳达峰碳中和标准知识库", page_icon=":material/eco:", layout="wide")

if "lang" not in st.session_state:
    # ?lang=en opens the English interface directly (links, screenshots)
    st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "zh"

with st.sidebar:
    st.selectbox(i18n.tr("language", state.lang()), i18n.LANGS, key="lang",
                 format_func=lambda code: i18n.LANG_LABELS[code])

t = state.t
pages = {
    t("section_public"): [
        st.Page(state.PAGES["search"], title=t("nav_search"), icon=":material/search:", url_path="search",
                default=True),
        st.Page(state.PAGES["standard"], title=t("nav_standard"), icon=":material/description:",
                url_path="standard"),
        st.Page(state.PAGES["glossary"], title=t("nav_glossary"), icon=":material/translate:", url_path="glossary"),
        st.Page(state.PAGES["applicable"], title=t("nav_applicable"), icon=":material/factory:",
                url_path="applicable"),
        st.Page(state.PAGES["dashboard"], title=t("nav_dashboard"), icon=":material/bar_chart:",
                url_path="dashboard"),
        st.Page(state.PAGES["graph"], title=t("nav_graph"), icon=":material/hub:", url_path="graph"),
    ],
    t("section_staff"): [
        st.Page(state.PAGES["workspace"], title=t("nav_workspace"), icon=":material/lock:", url_path="workspace"),
    ],
}
page = st.navigation(pages)
st.html(CSS)

db = state.settings().db
if not db.exists():
    st.warning(t("db_missing", path=str(db)))
with st.sidebar:
    counts = state.store().counts()
    st.caption(t("collection_size", **counts))
    if state.user():
        name, role = state.user()
        st.caption(t("signed_in_as", name=name, role=role))

page.run()
