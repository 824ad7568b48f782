"""标准详情 Standard page: the record, the clause tree as a navigator, terms, references both ways."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from parsing.model import Record
from ui import exports, refgraph, state
from ui.render import (
    clause_html,
    clause_path,
    esc,
    legend_html,
    md,
    record_badges,
    snippet_html,
    subtree,
    timeline_html,
    tree_labels,
)

t, lbl = state.t, state.lbl
store = state.store()

RECORD_FIELDS = (
    "number", "title_zh", "title_en", "doc_type", "nature", "status", "status_source", "publish_date",
    "implement_date", "withdraw_date", "ics", "ccs", "issuers", "technical_committee", "proposer",
    "drafting_orgs", "drafters", "replaces", "replaced_by", "adopts", "scope", "language", "filing_number",
    "edition", "topics", "source_url", "note",
)
LINKED_FIELDS = ("replaces", "replaced_by")
LABELLED_FIELDS = ("doc_type", "nature", "status")


def choose_document() -> int | None:
    records = store.records(public=True)
    if not records:
        st.info(t("empty_collection"))
        return None
    options = {d.id: f"{r.number or ''} {r.title_zh or r.title_en or d.source_name}".strip() for d, r in records}
    picked = st.selectbox(t("choose_standard"), list(options), format_func=options.get, index=None,
                          placeholder=t("choose_standard"))
    return picked


def requested_document() -> int | None:
    doc = st.query_params.get("doc")
    if doc and doc.isdigit():
        return int(doc)
    number = st.query_params.get("n")
    if number:
        ids = store.resolve(number, public=True)
        return ids[0] if ids else -1
    return None


def link_or_text(number: str, clause: str | None = None) -> None:
    """A link to `number` when we hold it, else the number marked as not in the collection."""
    ids = store.resolve(number, public=True)
    if ids:
        state.open_standard_link(ids[0], number + (f" › {clause}" if clause else ""), clause=None)
    else:
        st.markdown(f"{md(number)} <span class='kb-field'>（{esc(t('not_in_collection'))}）</span>",
                    unsafe_allow_html=True)


def show_record(record: Record, stored) -> None:
    data = record.to_dict()
    rows = []
    for name in RECORD_FIELDS:
        value = data.get(name)
        if value in (None, "", []) or name in LINKED_FIELDS or name == "adopts":
            continue
        if name in LABELLED_FIELDS:
            value = lbl(value)
        elif isinstance(value, list):
            value = "；".join(map(str, value))
        rows.append(f"<tr><td class='kb-field'>{esc(t('f_' + name))}</td><td>{esc(value)}</td></tr>")
    st.html(f"<table class='kb-table' style='width:100%'>{''.join(rows)}</table>")
    chain = refgraph.replacement_chain(store, record.number) if record.number else []
    if len(chain) > 1:
        st.markdown(f"**{t('edition_chain')}**")
        cols = st.columns(min(len(chain), 6))
        for col, number in zip(cols, chain[-6:], strict=False):
            with col:
                if number == record.number:
                    st.markdown(f"**{md(number)}**")
                else:
                    link_or_text(number)
    for name in LINKED_FIELDS:
        if record.__dict__[name]:
            st.markdown(f"**{t(name)}**")
            for number in record.__dict__[name]:
                link_or_text(number)
    if record.adopts:
        st.markdown(f"**{t('adopts')}**" + (f" （{md(record.adopts.degree)}）" if record.adopts.degree else ""))
        link_or_text(record.adopts.number)
    doc = stored.document
    source = doc.provenance.source if doc.provenance else doc.source_name
    st.caption(f"{t('source_file')}: {md(source)} · {md(doc.media_type)}" + (f" · {stored.parsed.pages} p." if stored.parsed.pages else ""))


def show_clauses(stored) -> None:
    clauses = stored.parsed.clauses
    if not clauses:
        if stored.parsed.text:
            st.html(f"<div class='kb-doc-text'>{esc(stored.parsed.text)}</div>")
        else:
            st.caption(t("none"))
        return
    by_clause = defaultdict(list)
    for req in stored.parsed.requirements:
        by_clause[req.clause].append(req)
    labels = dict(tree_labels(clauses))
    options = ["__all__", *labels]
    wanted = st.query_params.get("clause")
    index = options.index(wanted) if wanted in labels else 0
    nav, body = st.columns([1, 3])
    with nav:
        st.markdown(f"**{t('clause_tree')}**")
        chosen = st.radio(t("clause_tree"), options, index=index, key=f"nav_{stored.document.id}",
                          format_func=lambda n: t("whole_document") if n == "__all__" else labels[n],
                          label_visibility="collapsed")
    if chosen != "__all__":
        st.query_params["clause"] = chosen
    elif "clause" in st.query_params:
        del st.query_params["clause"]
    shown = clauses if chosen == "__all__" else subtree(clauses, chosen)
    with body:
        st.html(legend_html(state.lang()))
        parts = []
        for c in shown:
            parts.append(clause_html(c, by_clause.get(c.number, [])))
            if c.responsible:
                parts.append(f"<div class='kb-field'>{esc(t('responsible'))}：{esc('、'.join(c.responsible))}</div>")
        st.html("".join(parts))
        if chosen != "__all__":
            similar(stored.document.id, chosen)


def similar(doc_id: int, clause: str) -> None:
    """The corresponding clauses of other standards, on request (it runs a search)."""
    key = f"similar_{doc_id}_{clause}"
    if st.button(t("similar_clauses"), key=f"btn_{key}", icon=":material/compare_arrows:"):
        from index.search import QueryError

        try:
            st.session_state[key] = state.searcher().similar_clauses(doc_id, clause, top=8)
        except QueryError as e:
            st.session_state[key] = []
            st.caption(str(e))
    hits = st.session_state.get(key)
    if hits is None:
        return
    if not hits:
        st.caption(t("no_results"))
    for hit in hits:
        state.open_standard_link(hit.doc_id, clause_path(hit.number, hit.title, hit.clause, hit.heading),
                                 clause=hit.clause)
        st.html(f"<div class='kb-snippet'>{snippet_html(hit.snippet)}</div>")


def show_references(stored, record: Record) -> None:
    refs = [r for r in stored.parsed.references if r.target_type in ("standard", "policy")]
    groups = defaultdict(list)
    for ref in refs:
        groups[ref.kind].append(ref)
    out_col, in_col = st.columns(2)
    with out_col:
        st.markdown(f"#### {t('references')}")
        if not refs:
            st.caption(t("none"))
        for kind in ("normative", "informative", "mentioned"):
            if groups.get(kind):
                st.markdown(f"**{t(kind)}**")
                seen = set()
                for ref in groups[kind]:
                    if ref.target in seen:
                        continue
                    seen.add(ref.target)
                    link_or_text(ref.target)
    with in_col:
        st.markdown(f"#### {t('cited_by')}")
        cited = [c for c in (store.cited_by(record.number) if record.number else []) if c["doc_id"] != stored.document.id]
        if not cited:
            st.caption(t("none"))
        for c in cited:
            text = f"{c['number'] or ''} {c['title_zh'] or ''}" + (f" › {c['clause']}" if c["clause"] else "")
            state.open_standard_link(c["doc_id"], text.strip(), clause=c["clause"])


def show_terms(stored) -> None:
    terms = stored.parsed.terms
    if not terms:
        st.caption(t("none"))
        return
    st.dataframe(
        [{"#": x.number, "术语 Term": x.term_zh, "English": x.term_en, t("definition"): x.definition,
          t("term_source"): x.source} for x in terms],
        hide_index=True, width="stretch",
    )


def show_export(record: Record, kind: str) -> None:
    st.markdown(f"**{t('citation')}**")
    st.code(exports.gbt7714(record, kind=kind), language=None, wrap_lines=True)
    st.markdown(f"**{t('export_record')}**")
    stem = "".join(ch if ch.isalnum() else "_" for ch in (record.number or "record"))
    state.download_buttons([record], stem, "record")


doc_id = requested_document()
if doc_id is None:
    st.title(t("nav_standard"))
    doc_id = choose_document()
    if doc_id is None:
        st.stop()
    st.query_params["doc"] = str(doc_id)

stored = store.get(doc_id) if doc_id > 0 and store.is_public(doc_id) else None
if stored is None:
    st.title(t("nav_standard"))
    st.warning(t("not_found"))
    st.stop()

record = stored.record
title = record.title_zh or record.title_en or stored.document.source_name
st.markdown(f"## {md(record.number or '')} {md(title)}")
if record.title_en and record.title_zh:
    st.caption(md(record.title_en))
st.html(record_badges(record, state.lang(), stored.document.kind) + timeline_html(record, state.lang()))

tabs = st.tabs([t("clauses"), t("record"), t("terms"), f"{t('references')} / {t('cited_by')}",
                t("targets") if stored.parsed.targets else t("versions"), t("export_record")])
with tabs[0]:
    show_clauses(stored)
with tabs[1]:
    show_record(record, stored)
with tabs[2]:
    show_terms(stored)
with tabs[3]:
    show_references(stored, record)
with tabs[4]:
    if stored.parsed.targets:
        st.dataframe([{"year": g.year, "indicator": g.indicator, "value": g.value, "unit": g.unit,
                       "clause": g.clause, "text": g.text} for g in stored.parsed.targets],
                     hide_index=True, width="stretch")
    st.dataframe(store.versions(doc_id), hide_index=True, width="stretch")
with tabs[5]:
    show_export(record, stored.document.kind if stored.document.kind == "policy" else "standard")
