"""术语 Glossary: find terms in Chinese or English; one term's definitions side by side."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.render import esc, md

t = state.t
store = state.store()


def definitions(term: str) -> list[dict]:
    """Every published definition of exactly this term (Chinese or English name)."""
    rows = store.query(
        "SELECT t.doc_id, t.number AS clause, t.term_zh, t.term_en, t.definition, t.data, r.number, r.title_zh "
        "FROM terms t JOIN documents d ON d.id = t.doc_id JOIN records r ON r.doc_id = t.doc_id "
        "WHERE d.is_current = 1 AND d.state = 'published' AND (t.term_zh = ? OR t.term_en = ? COLLATE NOCASE) "
        "ORDER BY r.number",
        (term, term),
    )
    return [dict(r) for r in rows]


st.title(t("nav_glossary"))
st.caption(t("glossary_intro"))
if "gq" not in st.session_state:
    st.session_state["gq"] = st.query_params.get("term", "")
query = st.text_input(t("nav_glossary"), key="gq", placeholder=t("glossary_placeholder"),
                      label_visibility="collapsed").strip()

if not query:
    rows = store.query(
        "SELECT t.term_zh, t.term_en, COUNT(*) AS n FROM terms t JOIN documents d ON d.id = t.doc_id "
        "WHERE d.is_current = 1 AND d.state = 'published' GROUP BY t.term_zh, t.term_en "
        "ORDER BY n DESC, t.term_zh LIMIT 500")
    st.subheader(t("all_terms"))
    st.dataframe([{"术语 Term": r["term_zh"], "English": r["term_en"], t("documents"): r["n"]} for r in rows],
                 hide_index=True, width="stretch")
    st.stop()

st.query_params["term"] = query
found = state.searcher().glossary(query, top=50)
names = list(dict.fromkeys((g.get("term_zh") or g.get("term_en")) for g in found if g.get("term_zh") or g.get("term_en")))
if not names:
    st.info(t("no_results"))
    st.stop()
english = {g.get("term_zh") or g.get("term_en"): g.get("term_en") for g in found}
chosen = st.radio(t("nav_glossary"), names, horizontal=True, label_visibility="collapsed",
                  format_func=lambda n: f"{n} / {english[n]}" if english.get(n) and english[n] != n else n)
defs = definitions(chosen)
st.subheader(t("definitions_of", term=chosen, n=len(defs)))
for start in range(0, len(defs), 3):
    cols = st.columns(3)
    for col, d in zip(cols, defs[start:start + 3], strict=False):
        with col.container(border=True):
            state.open_standard_link(d["doc_id"], f"{d['number'] or ''} › {d['clause'] or ''}", clause=d["clause"])
            st.caption(md(d["title_zh"] or ""))
            st.html(f"<div><b>{esc(d['term_zh'] or '')}</b> {esc(d['term_en'] or '')}</div>"
                    f"<div class='kb-clause'>{esc(d['definition'] or '')}</div>")
