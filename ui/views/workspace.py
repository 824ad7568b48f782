"""馆员工作台 Librarian workspace, behind a login: upload, check, correct, publish, import, history."""

from __future__ import annotations

import json
import re

import streamlit as st

from index import accounts
from parsing.model import STATUSES
from parsing.numbers import find_policy_numbers, parse_number
from parsing.validation import FieldError, record_from_fields
from ui import state
from ui.render import esc, md

t, lbl = state.t, state.lbl
store = state.store()

FORM_FIELDS = (
    "number", "title_zh", "title_en", "doc_type", "nature", "status", "publish_date", "implement_date",
    "withdraw_date", "ics", "ccs", "issuers", "technical_committee", "proposer", "drafting_orgs", "drafters",
    "replaces", "replaced_by", "adopts", "adopts_degree", "scope", "language", "source_url", "filing_number",
    "edition", "topics", "note",
)
LIST_FIELDS = ("ics", "ccs", "issuers", "drafting_orgs", "drafters", "replaces", "replaced_by", "topics")
LONG_FIELDS = ("scope", "note")
CHOICES = {
    "doc_type": ("", "national", "industry", "local", "group", "international", "policy"),
    "nature": ("", "强制", "推荐", "指导"),
    "status": ("", *STATUSES),
    "adopts_degree": ("", "IDT", "MOD", "NEQ"),
}
STATES = ("draft", "published", "rejected")
# A value that starts like a standard number must parse as one; other labels (policy titles,
# "GHG Protocol ...") are kept as written, as catalogues keep them.
_NUMBER_LIKE = re.compile(r"^\s*(GB|DB\s*\d|T\s*/|ISO|IEC|EN\s|BS\s|PAS\s|[A-Z]{2,4}\s*/\s*[TZ]\b|[A-Z]{2,4}\s*\d)")


def number_problem(value: str) -> str | None:
    value = (value or "").strip()
    if not value or parse_number(value) or find_policy_numbers(value) or not _NUMBER_LIKE.match(value):
        return None
    return t("bad_number", value=value)


def login_form() -> None:
    st.title(t("nav_workspace"))
    st.info(t("login_required"))
    with st.form("login"):
        name = st.text_input(t("username"), key="login_name")
        password = st.text_input(t("password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login"), type="primary")
    if submitted:
        try:
            role = accounts.verify(store, name, password)
        except accounts.RateLimited as e:
            st.error(t("rate_limited", minutes=max(1, round(e.retry_after / 60))))
            return
        if role is None:
            st.error(t("login_failed"))
            return
        st.session_state["user"] = (name.strip(), role)
        st.rerun()


def outcome_table(outcomes) -> None:
    counts = {k: sum(o.outcome == k for o in outcomes) for k in ("added", "new_version", "unchanged", "failed")}
    (st.warning if counts["failed"] else st.success)(t("upload_report", **counts))
    for o in outcomes:
        if o.outcome == "failed":
            where = f"{o.source}:{o.row}" if o.row else o.source
            st.error(f"{md(where)} — {md(o.reason)}")
    st.dataframe(
        [{t("file"): o.source, t("row"): o.row, t("f_number"): o.number, t("outcome"): t(f"outcome_{o.outcome}"),
          t("reason"): o.reason, "id": o.doc_id} for o in outcomes],
        hide_index=True, width="stretch")


def refresh_search() -> None:
    """Make published changes searchable now; the store is already complete if this fails."""
    try:
        state.searcher().refresh()
    except Exception as e:  # the index can be rebuilt with `stdkb reindex`
        st.warning(t("search_unavailable", error=f"{type(e).__name__}: {e}"))


def show_in_review(doc_id: int, state_name: str) -> None:
    """Open the review tab's pickers at this document (from a callback, before they are drawn)."""
    st.session_state["review_state"] = state_name
    st.session_state["review_doc"] = doc_id
    st.session_state[f"review_pick_{state_name}"] = doc_id


def do_upload(name: str, key: str, kind: str) -> None:
    """Ingest what the uploader holds (a button callback: runs before the widgets are drawn)."""
    from ingest import ingest_upload

    files = st.session_state.get(key)
    files = files if isinstance(files, list) else [files] if files else []
    limit = state.settings().max_upload_mb * 1024 * 1024
    outcomes = []
    for f in files:
        outcomes.extend(ingest_upload(store, f.getvalue(), f.name, user=name, state="draft", max_bytes=limit))
    st.session_state[f"{kind}_outcomes"] = outcomes
    st.session_state[f"{kind}_gen"] = st.session_state.get(f"{kind}_gen", 0) + 1  # an empty uploader next
    added = [o.doc_id for o in outcomes if o.doc_id and o.outcome != "failed"]
    if added and kind == "upload":
        show_in_review(added[-1], "draft")


def upload_tab(name: str) -> None:
    st.caption(t("upload_limit", mb=state.settings().max_upload_mb))
    key = f"uploader_{st.session_state.get('upload_gen', 0)}"
    files = st.file_uploader(t("upload_files"), accept_multiple_files=True, key=key)
    st.button(t("upload_button"), type="primary", disabled=not files, key="upload_go", on_click=do_upload,
              args=(name, key, "upload"))
    if st.session_state.get("upload_outcomes"):
        outcome_table(st.session_state["upload_outcomes"])


def catalogue_tab(name: str) -> None:
    key = f"catalogue_{st.session_state.get('catalogue_gen', 0)}"
    f = st.file_uploader(t("catalogue_file"), type=["csv", "xlsx", "json"], key=key)
    st.button(t("catalogue_button"), type="primary", disabled=f is None, key="catalogue_go", on_click=do_upload,
              args=(name, key, "catalogue"))
    outcomes = st.session_state.get("catalogue_outcomes")
    if outcomes:
        failed = sum(o.outcome == "failed" for o in outcomes)
        st.markdown(f"**{t('catalogue_report', ok=len(outcomes) - failed, failed=failed)}**")
        outcome_table(outcomes)


def documents_in(state_name: str) -> list[dict]:
    rows = store.query(
        "SELECT d.id, d.source_name, d.kind, r.number, r.title_zh, r.title_en FROM documents d "
        "JOIN records r ON r.doc_id = d.id WHERE d.is_current = 1 AND d.state = ? ORDER BY d.id DESC LIMIT 1000",
        (state_name,))
    return [dict(r) for r in rows]


def form_value(record_data: dict, field: str) -> str:
    if field == "adopts":
        return (record_data.get("adopts") or {}).get("number") or ""
    if field == "adopts_degree":
        return (record_data.get("adopts") or {}).get("degree") or ""
    value = record_data.get(field)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def edit_form(doc_id: int, name: str) -> None:
    stored = store.get(doc_id)
    data = stored.record.to_dict()
    version = st.session_state.setdefault(f"form_version_{doc_id}", 0)
    with st.form(f"edit_{doc_id}_{version}"):
        values = {}
        for field in FORM_FIELDS:
            key = f"e_{doc_id}_{version}_{field}"
            current = form_value(data, field)
            label = t(f"f_{field}") + ("（" + t("list_hint") + "）" if field in LIST_FIELDS else "")
            if field in CHOICES:
                options = list(CHOICES[field])
                if current not in options:
                    options.append(current)
                values[field] = st.selectbox(label, options, index=options.index(current), key=key,
                                             format_func=lambda v: lbl(v) if v else "—")
            elif field in LONG_FIELDS:
                values[field] = st.text_area(label, current, key=key, height=90)
            else:
                values[field] = st.text_input(label, current, key=key)
        submitted = st.form_submit_button(t("save"), type="primary")
    if not submitted:
        return
    problem = number_problem(values["number"])
    if problem:
        st.error(t("invalid_field", field=t("f_number"), reason=problem))
        return
    try:
        checked = record_from_fields(values, require_number=False).to_dict()
    except FieldError as e:
        st.error(t("invalid_field", field=t(f"f_{e.field}"), reason=e.reason))
        return
    changes = {}
    for field in FORM_FIELDS:
        if field in ("adopts_degree", "status"):
            continue
        if checked.get(field) != data.get(field) and form_value(checked, field) != form_value(data, field):
            changes[field] = checked.get(field)
    if values["status"] and values["status"] != (data.get("status") or ""):
        changes["status"] = values["status"]  # a librarian's status is recorded as an override
    if "adopts" not in changes and form_value(checked, "adopts_degree") != form_value(data, "adopts_degree"):
        changes["adopts"] = checked.get("adopts")
    if not changes:
        st.info(t("nothing_changed"))
        return
    store.update_record(doc_id, changes, name)
    if store.is_public(doc_id):
        refresh_search()
    st.session_state[f"form_version_{doc_id}"] = version + 1  # redraw the form with the normalised values
    st.session_state["flash"] = t("saved", n=len(changes))
    st.rerun()


def duplicates_box(doc_id: int) -> None:
    st.markdown(f"**{t('duplicates')}**")
    dups = store.duplicates(doc_id)
    if not dups:
        st.caption(t("no_duplicates"))
        return
    st.warning(t("duplicates") + f": {len(dups)}")
    st.dataframe([{"id": d["id"], t("f_number"): d["number"], t("file"): d["source_name"],
                   t("state_filter"): t(f"state_{d['state']}"),
                   t("reason"): t("same_content") if d["same_content"] else t("same_number")} for d in dups],
                 hide_index=True, width="stretch")


def history_table(rows: list[dict]) -> None:
    if not rows:
        st.caption(t("history_empty"))
        return

    def shown(value):
        if value is None:
            return ""
        try:
            value = json.loads(value)
        except (TypeError, ValueError):
            return str(value)
        return "; ".join(map(str, value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False) \
            if isinstance(value, dict) else str(value)

    st.dataframe([{t("h_at"): r["at"], t("h_user"): r["user"], "id": r["doc_id"], t("h_action"): r["action"],
                   t("h_field"): r["field"], t("h_old"): shown(r["old_value"]), t("h_new"): shown(r["new_value"])}
                  for r in rows], hide_index=True, width="stretch")


def change_state(doc_id: int, new_state: str, name: str, message: str | None) -> None:
    """Publish / reject / send back (a button callback, so the state filter can follow the document)."""
    store.set_state(doc_id, new_state, name)
    refresh_search()
    show_in_review(doc_id, new_state)
    if message:
        st.session_state["flash"] = message


def review_tab(name: str) -> None:
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    st.session_state.setdefault("review_state", "draft")
    state_name = st.segmented_control(t("state_filter"), STATES, key="review_state",
                                      format_func=lambda s: t(f"state_{s}")) or "draft"
    docs = documents_in(state_name)
    if not docs:
        st.caption(t("no_documents"))
        return
    options = {d["id"]: f"#{d['id']} {d['number'] or '—'} {d['title_zh'] or d['title_en'] or ''} · {d['source_name']}"
               for d in docs}
    wanted = st.session_state.get("review_doc")
    ids = list(options)
    doc_id = st.selectbox(t("choose_document"), ids, index=ids.index(wanted) if wanted in options else 0,
                          format_func=options.get, key=f"review_pick_{state_name}")
    st.session_state["review_doc"] = doc_id
    stored = store.get(doc_id)

    actions = st.columns(4)
    if state_name != "published":
        actions[0].button(t("publish"), type="primary", key="do_publish", on_click=change_state,
                          args=(doc_id, "published", name, t("published_ok")))
    if state_name != "rejected":
        actions[1].button(t("reject"), key="do_reject", on_click=change_state,
                          args=(doc_id, "rejected", name, t("rejected_ok")))
    if state_name != "draft":
        actions[2].button(t("to_draft"), key="do_draft", on_click=change_state, args=(doc_id, "draft", name, None))
    duplicates_box(doc_id)

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('extracted_record')}**")
        edit_form(doc_id, name)
    with right:
        st.markdown(f"**{t('document_text')}**")
        text = stored.parsed.text or "\n".join(c.text for c in stored.parsed.clauses)
        st.html(f"<div class='kb-doc-text' data-testid='kb-doc-text'>{esc(text[:200_000])}</div>")
        if stored.parsed.warnings:
            st.markdown(f"**{t('warnings')}**")
            for w in stored.parsed.warnings:
                st.caption(md(w))
        st.markdown(f"**{t('tab_history')}**")
        history_table(list(reversed(store.history(doc_id))))


def recent_history() -> None:
    rows = store.query("SELECT * FROM changes ORDER BY seq DESC LIMIT 300")
    history_table([dict(r) for r in rows])


if state.user() is None:
    login_form()
    st.stop()

user_name, role = state.user()
head, out = st.columns([4, 1], vertical_alignment="bottom")
head.title(t("nav_workspace"))
if out.button(t("logout"), key="logout"):
    st.session_state.pop("user", None)
    st.rerun()
st.caption(t("signed_in_as", name=user_name, role=role))

tab_names = [t("tab_review"), t("tab_upload"), t("tab_catalogue"), t("tab_history")]
if role == "admin":
    tab_names.append(t("tab_users"))
tabs = st.tabs(tab_names)
with tabs[0]:
    review_tab(user_name)
with tabs[1]:
    upload_tab(user_name)
with tabs[2]:
    catalogue_tab(user_name)
with tabs[3]:
    recent_history()
if role == "admin":
    with tabs[4]:
        st.caption(t("users_hint"))
        st.dataframe([{t("username"): u["name"], t("role"): u["role"], t("created"): u["created_at"]}
                      for u in accounts.list_users(store)], hide_index=True, width="stretch")
