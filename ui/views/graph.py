"""引用图谱 Reference graph: citations and replacements around one standard, interactive."""

from __future__ import annotations

import streamlit as st

from ui import refgraph, state
from ui.render import md

t = state.t
store = state.store()

st.title(t("nav_graph"))
st.caption(t("graph_intro"))

records = [(d, r) for d, r in store.records(public=True) if r.number]
if not records:
    st.info(t("empty_collection"))
    st.stop()
options = {d.id: f"{r.number} {r.title_zh or r.title_en or ''}".strip() for d, r in records}
wanted = st.query_params.get("doc")
ids = list(options)
index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in options else 0
pick_col, depth_col = st.columns([3, 1])
doc_id = pick_col.selectbox(t("choose_standard"), ids, index=index, format_func=options.get)
depth = depth_col.slider(t("depth"), 1, 3, 1)
st.query_params["doc"] = str(doc_id)

graph = refgraph.build(store, doc_id, depth=depth)
edge_labels = {k: t(f"edge_{k}") for k in refgraph.EDGE_KINDS}
st.caption(t("graph_legend"))

try:
    from streamlit_agraph import Config, Edge, Node, agraph
except ImportError:  # the static chart needs no extra package
    st.graphviz_chart(refgraph.to_dot(graph, edge_labels), width="stretch")
else:
    colours = {"cites": "#64748b", "replaces": "#b91c1c", "adopts": "#2563eb"}
    nodes = [Node(id=n.number, label=refgraph.vis_label(n), shape="box",
                  color="#fde68a" if n.center else ("#bfdbfe" if n.doc_id else "#e5e7eb"))
             for n in graph.nodes.values()]
    for node in nodes:
        # no hover title: agraph puts it into innerHTML (a title with markup would run in the app's page)
        # and a double click window.open()s it as an address; the title is in the label instead
        node.title = None
    edges = [Edge(source=a, target=b, label=edge_labels[k], color=colours[k], width=3 if k == "replaces" else 1,
                  dashes=k == "adopts") for a, b, k in sorted(graph.edges)]
    clicked = agraph(nodes=nodes, edges=edges, config=Config(width=1000, height=520, directed=True, physics=True))
    if clicked and clicked in graph.nodes and graph.nodes[clicked].doc_id not in (None, doc_id):
        st.switch_page(state.PAGES["standard"], query_params={"doc": str(graph.nodes[clicked].doc_id)})

with st.expander(t("references")):
    for n in graph.nodes.values():
        if n.doc_id:
            state.open_standard_link(n.doc_id, f"{n.number} {n.title or ''}".strip())
        else:
            st.markdown(f"{md(n.number)}（{t('not_in_collection')}）")
