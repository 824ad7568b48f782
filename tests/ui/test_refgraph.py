"""The reference graph: citations both ways, replacements, adoptions; drafts stay out."""

from __future__ import annotations

from tests.ui import sample_docs
from ui import refgraph


def test_graph_around_a_standard(store):
    ids = sample_docs.fill(store)
    graph = refgraph.build(store, ids["energy"], depth=1)
    assert graph.nodes["GB/T 2589-2020"].center
    assert ("GB/T 2589-2020", "GB/T 32150-2015", "cites") in graph.edges
    assert ("GB/T 32150-2015", "GB/T 2589-2020", "cites") in graph.edges  # cited by, the other way
    assert ("GB/T 2589-2020", "GB/T 2589-2008", "replaces") in graph.edges
    assert graph.nodes["GB/T 2589-2008"].doc_id == ids["old_energy"]
    assert "ISO 14064-1:2018" not in graph.nodes  # two steps away
    deeper = refgraph.build(store, ids["energy"], depth=2)
    assert ("GB/T 32150-2015", "ISO 14064-1:2018", "adopts") in deeper.edges
    dot = refgraph.to_dot(deeper, {"cites": "引用"})
    assert dot.startswith("digraph") and '"GB/T 2589-2020" -> "GB/T 32150-2015"' in dot and "引用" in dot


def test_drafts_and_unknown_documents_have_no_graph(store):
    ids = sample_docs.fill(store)
    assert not refgraph.build(store, ids["draft"]).nodes
    assert not refgraph.build(store, 12345).nodes


def test_numbers_not_held_are_grey_leaves(store):
    ids = sample_docs.fill(store)
    store.set_state(ids["energy"], "draft", "test")
    graph = refgraph.build(store, ids["accounting"], depth=2)
    assert graph.nodes["GB/T 2589-2020"].doc_id is None  # cited, but no longer public
    assert ("GB/T 32150-2015", "GB/T 2589-2020", "cites") in graph.edges


def test_replacement_chain_both_ways(store):
    sample_docs.fill(store)
    assert refgraph.replacement_chain(store, "GB/T 2589-2020") == ["GB/T 2589-2008", "GB/T 2589-2020"]
    assert refgraph.replacement_chain(store, "GB/T 2589-2008") == ["GB/T 2589-2008", "GB/T 2589-2020"]
    assert refgraph.replacement_chain(store, "GB/T 32150-2015") == ["GB/T 32150-2015"]
