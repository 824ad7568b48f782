"""适用标准 Which standards apply: an industry or a product in; standards out, grouped, with the reason."""

from __future__ import annotations

import csv
from pathlib import Path

import streamlit as st

from ui import state
from ui.render import esc, md, status_badge

t, lbl = state.t, state.lbl
store = state.store()

# Industries as enterprises name themselves (fallback when the corpus's industry list is absent).
INDUSTRIES = {
    "电力": "Power generation", "钢铁": "Iron and steel", "水泥": "Cement", "平板玻璃": "Flat glass",
    "化工": "Chemicals", "石油化工": "Petrochemicals", "电解铝": "Aluminium", "造纸": "Pulp and paper",
    "民航": "Civil aviation", "建筑": "Buildings", "交通运输": "Transport", "数据中心": "Data centres",
}
INDUSTRY_FILE = Path(__file__).resolve().parents[2] / "corpus" / "reference" / "industries.csv"


@st.cache_data
def industries() -> dict[str, tuple[str, str]]:
    """GB/T 4754 classes: {label_zh: (label_en, words to look for)}."""
    try:
        with INDUSTRY_FILE.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return {zh: (en, zh) for zh, en in INDUSTRIES.items()}
    out = {}
    for row in rows:
        words = " ".join([row["name_zh"].rstrip("业").replace("制造", ""), *row.get("keywords", "").split(";")])
        out[f"{row['code']} {row['name_zh']}"] = (f"{row['code']} {row['name_en']}", words.strip())
    return out


st.title(t("nav_applicable"))
st.caption(t("applicable_intro"))
left, right = st.columns(2)
known = industries()
industry = left.selectbox(t("industry"), ["", *known], format_func=lambda k: (
    t("choose_industry") if not k else (k if state.lang() == "zh" else known[k][0])))
product = right.text_input(t("product"), placeholder=t("product_placeholder"))
text = " ".join(filter(None, [known[industry][1] if industry else "", product.strip()]))
if not text:
    st.stop()

items = state.searcher().applicable(text, top=30)
if not items:
    st.info(t("no_results"))
    st.stop()
groups: dict[str, list[dict]] = {}
for item in items:
    groups.setdefault(item.get("group") or "", []).append(item)
for group, members in groups.items():
    st.subheader(md(group) if group else t("documents"))
    for item in members:
        with st.container(border=True):
            state.open_standard_link(item["doc_id"], f"{item.get('number') or ''} {item.get('title') or ''}".strip())
            record = store.get(item["doc_id"]).record if store.is_public(item["doc_id"]) else None
            badge = status_badge(record.status, state.lang()) if record else ""
            st.html(f"<div class='kb-field'>{badge}{esc(t('reason'))}：{esc(item.get('reason') or '')}</div>")
