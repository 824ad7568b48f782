"""检索 Search: one box, keyword / semantic / hybrid, facets in the sidebar, pages of results."""

from __future__ import annotations

import math

import streamlit as st

from parsing.numbers import find_numbers
from ui import state
from ui.render import clause_path, esc, snippet_html, status_badge

t, lbl = state.t, state.lbl
store = state.store()

FACETS = ("doc_type", "status", "ics", "ccs", "year", "issuer", "topic")
LABELLED_FACETS = ("doc_type", "status", "kind")  # values that have a display label
PAGE_SIZE = 10
MODES = ("hybrid", "keyword", "semantic")
EXAMPLES = ("温室气体排放核算边界", "GB/T 32150-2015", "碳足迹 产品", "carbon footprint", "能源管理体系")


def whole_number(query: str) -> str | None:
    """The normalised number when the whole query is one standard number."""
    text = query.strip()
    found = find_numbers(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
        return found[0].number
    return None


def filters() -> dict[str, list[str]]:
    return {f: st.session_state[f"flt_{f}"] for f in FACETS if st.session_state.get(f"flt_{f}")}


def reset_page() -> None:
    st.session_state["page"] = 0


def set_query(text: str) -> None:
    st.session_state["q"] = text
    reset_page()


if "q" not in st.session_state:
    st.session_state["q"] = st.query_params.get("q", "")
st.session_state.setdefault("page", 0)

st.title(t("app_title"))
st.caption(t("app_subtitle"))

st.text_input(t("search_button"), key="q", placeholder=t("search_placeholder"), on_change=reset_page,
              label_visibility="collapsed")
mode_col, level_col, _rest = st.columns([2, 2, 3])  # one row of options under the box
mode = mode_col.segmented_control(t("mode"), MODES, default="hybrid", key="mode",
                                  format_func=lambda m: t(f"mode_{m}"), on_change=reset_page) or "hybrid"
level = level_col.segmented_control(t("level"), ("clause", "document"), default="clause", key="level",
                                    format_func=lambda v: t(f"level_{v}"), on_change=reset_page) or "clause"

query = st.session_state["q"].strip()
if not query:
    st.write(t("welcome"))
    st.caption(t("examples"))
    cols = st.columns(len(EXAMPLES))
    for col, example in zip(cols, EXAMPLES, strict=True):
        col.button(example, on_click=set_query, args=(example,), key=f"ex_{example}")
    st.stop()

st.query_params["q"] = query

# a query that is exactly one standard number opens that standard
number = whole_number(query)
if number and st.session_state.get("opened_number") != query:
    ids = store.resolve(number, public=True)
    if ids:
        st.session_state["opened_number"] = query
        st.switch_page(state.PAGES["standard"], query_params={"doc": str(ids[0])})
elif not number:
    st.session_state.pop("opened_number", None)

from index.search import QueryError  # noqa: E402  (after the page shell has rendered)

try:
    searcher = state.searcher()
except Exception as e:  # a broken or locked index: say so, the rest of the site still works
    st.error(t("search_unavailable", error=f"{type(e).__name__}: {e}"))
    st.stop()
try:
    result = searcher.search(query, mode=mode, top=PAGE_SIZE, offset=st.session_state["page"] * PAGE_SIZE,
                             filters=filters(), level=level)
except QueryError as e:
    st.error(t("search_error", error=str(e)))
    st.stop()

with st.sidebar:
    st.subheader(t("filters"))
    for field in FACETS:
        values = dict(result.facets.get(field, []))
        chosen = st.session_state.get(f"flt_{field}") or []
        chosen = [chosen] if isinstance(chosen, str) else chosen
        options = list(values) + [v for v in chosen if v not in values]
        if not options:
            continue

        def fmt(value, field=field, values=values):
            shown = lbl(value) if field in LABELLED_FACETS else str(value)
            return f"{shown} ({values[value]})" if value in values else shown

        if field == "year":  # the engine takes one year (or range) per query
            st.selectbox(t(f"facet_{field}"), ["", *sorted(options, reverse=True)], key="flt_year",
                         format_func=lambda v, fmt=fmt: fmt(v) if v else "—", on_change=reset_page)
        else:
            st.multiselect(t(f"facet_{field}"), options, key=f"flt_{field}", format_func=fmt, on_change=reset_page,
                           placeholder=t("choose"))
    if filters() and st.button(t("clear_filters")):
        for field in FACETS:
            st.session_state.pop(f"flt_{field}", None)
        reset_page()
        st.rerun()

st.caption(t("results_total", total=result.total, query=query))
if not result.hits:
    st.info(t("no_results"))

for hit in result.hits:
    with st.container():
        path = clause_path(hit.number, hit.title, hit.clause, hit.heading)
        state.open_standard_link(hit.doc_id, path, clause=hit.clause)
        badges = status_badge(hit.status, state.lang())
        if hit.doc_type:
            badges += f'<span class="kb-badge kb-type">{esc(lbl(hit.doc_type))}</span>'
        title = esc(hit.title) if hit.clause else ""
        st.html(f'<div class="kb-hit"><div class="kb-path">{badges} {title}</div>'
                f'<div class="kb-snippet">{snippet_html(hit.snippet)}</div></div>')

pages = max(1, math.ceil(result.total / PAGE_SIZE))
if pages > 1:
    prev_col, info_col, next_col = st.columns([1, 2, 1])
    if prev_col.button(t("prev"), disabled=st.session_state["page"] == 0, width="stretch"):
        st.session_state["page"] -= 1
        st.rerun()
    info_col.markdown(f"<div style='text-align:center'>{esc(t('page_of', page=st.session_state['page'] + 1, pages=pages))}</div>",
                      unsafe_allow_html=True)
    if next_col.button(t("next"), disabled=st.session_state["page"] >= pages - 1, width="stretch"):
        st.session_state["page"] += 1
        st.rerun()

if result.hits:
    doc_ids = list(dict.fromkeys(h.doc_id for h in result.hits))
    records = [store.get(i).record for i in doc_ids if store.is_public(i)]
    with st.expander(t("export_results")):
        state.download_buttons(records, "stdkb-results", "results")
