"""统计 Dashboard: the published collection by year, type, status, topic and issuer."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from ui import state

t, lbl = state.t, state.lbl
store = state.store()

st.title(t("nav_dashboard"))
pairs = store.records(public=True)
if not pairs:
    st.info(t("empty_collection"))
    st.stop()

counts = store.counts()
cols = st.columns(3)
cols[0].metric(t("documents"), counts["documents"])
cols[1].metric(t("clauses"), counts["clauses"])
cols[2].metric(t("terms"), counts["terms"])


def frame(counter: Counter, name: str, sort_by_value: bool = False) -> pd.DataFrame:
    items = sorted(counter.items(), key=(lambda kv: kv[0]) if sort_by_value else (lambda kv: -kv[1]))
    return pd.DataFrame(items, columns=[name, t("count")])


records = [r for _, r in pairs]
years = Counter(r.publish_date[:4] for r in records if r.publish_date)
types = Counter(lbl(r.doc_type) for r in records if r.doc_type)
statuses = Counter(lbl(r.status) for r in records if r.status)
topics = Counter(x for r in records for x in r.topics)
issuers = Counter(x for r in records for x in r.issuers)

left, right = st.columns(2)
with left:
    st.subheader(t("by_year"))
    st.bar_chart(frame(years, t("by_year"), sort_by_value=True), x=t("by_year"), y=t("count"))
    st.subheader(t("by_status"))
    st.bar_chart(frame(statuses, t("by_status")), x=t("by_status"), y=t("count"), horizontal=True)
with right:
    st.subheader(t("by_type"))
    st.bar_chart(frame(types, t("by_type")), x=t("by_type"), y=t("count"), horizontal=True)
    st.subheader(t("by_topic"))
    if topics:
        st.bar_chart(frame(topics, t("by_topic")), x=t("by_topic"), y=t("count"), horizontal=True)
    else:
        st.caption(t("none"))
st.subheader(t("by_issuer"))
st.bar_chart(frame(Counter(dict(issuers.most_common(15))), t("by_issuer")), x=t("by_issuer"), y=t("count"),
             horizontal=True)
