"""Documents added or published while a Searcher serves become searchable without a restart."""

from __future__ import annotations

import json

from index.backends.embedded import FORMAT
from index.search import Searcher
from index.settings import Settings
from parsing.model import Clause, Document, ParsedDocument, Record


def _doc(number: str, text: str, content: str) -> tuple[Document, ParsedDocument]:
    parsed = ParsedDocument(record=Record(number=number, title_zh="零碳园区评价", doc_type="group", status="现行"),
                            clauses=[Clause(number=str(i + 1), heading=f"条款{i + 1}", text=text) for i in range(100)])
    return Document(source_name=f"{number}.pdf", content_hash=content, media_type="application/pdf"), parsed


def test_new_document_searchable_without_restart(built):
    store, _ids, s = built
    assert s.search("零碳园区", mode="keyword").total == 0
    doc, parsed = _doc("T/CECS 100-2024", "零碳园区的能源供给应以可再生能源为主。", "v1")
    store.add(doc, parsed, "zero.pdf")
    r = s.search("零碳园区", mode="keyword")
    assert r.total >= 100 and r.hits[0].number == "T/CECS 100-2024"


def test_new_version_replaces_the_old_one(built):
    store, _ids, s = built
    doc, parsed = _doc("T/CECS 100-2024", "旧版条文 甲烷回收", "v1")
    store.add(doc, parsed, "zero.pdf")
    assert s.search("甲烷回收", mode="keyword").total == 100
    doc, parsed = _doc("T/CECS 100-2024", "新版条文 余热利用", "v2")
    store.add(doc, parsed, "zero.pdf")
    assert s.search("甲烷回收", mode="keyword").total == 0
    assert s.search("余热利用", mode="keyword").total == 100


def test_publishing_a_draft_and_rejecting_it(built):
    store, ids, s = built
    assert s.search("秘密草稿", mode="keyword").total == 0
    store.set_state(ids["draft.pdf"], "published")
    assert s.search("秘密草稿", mode="keyword").total >= 1
    store.set_state(ids["draft.pdf"], "rejected")
    assert s.search("秘密草稿", mode="keyword").total == 0


def test_record_corrections_are_picked_up(built):
    store, ids, s = built
    store.update_record(ids["GB-T-32151.8-2015.pdf"], {"status": "废止"}, user="librarian")
    r = s.search("水泥", mode="keyword", filters={"status": "废止"})
    assert r.total >= 1 and {h.number for h in r.hits} == {"GB/T 32151.8-2015"}


def test_a_second_searcher_on_the_same_index_sees_updates(built, db_path):
    store, _ids, s = built
    other = Searcher(store, Settings(db=db_path, embedder="none"))  # as the UI process would hold
    doc, parsed = _doc("T/CECS 101-2024", "储能电站的碳排放核算", "v9")
    store.add(doc, parsed, "storage.pdf")
    assert s.refresh() == 1  # the ingesting process updates the index
    assert other.search("储能电站", mode="keyword").total == 100  # the other process loads it
    assert other.refresh() == 0


def test_reindex_rebuilds_from_the_store(built, db_path):
    store, _ids, s = built
    before = s.search("排放", mode="keyword").total
    stats = s.reindex()
    assert stats["documents"] == 5 and stats["rows"] == 19
    assert s.search("排放", mode="keyword").total == before


def test_refresh_while_another_process_holds_the_writer(built, db_path):
    store, _ids, s = built
    other = Searcher(store, Settings(db=db_path, embedder="none"))
    doc, parsed = _doc("T/CECS 102-2024", "地源热泵系统的运行能耗", "v10")
    store.add(doc, parsed, "heat.pdf")
    other.backend.shards[0].w()  # the other process is writing right now
    assert s.refresh() == 0  # no wait, no error: that process will publish its work
    other.backend.rollback()
    assert s.search("地源热泵", mode="keyword").total == 100  # the next look catches up


def test_an_index_written_in_an_older_format_is_rebuilt(built, db_path):
    """The keyword index is derived data: one written by an older version (here: format "2",
    whose rows lack the document-only marker) is rebuilt when a Searcher opens it."""
    store, _ids, s = built
    clause_hits = s.search("核算边界", mode="keyword", facets=False).total
    fmt = s.backend.path / "stdkb-format"
    fmt.write_text("2", encoding="utf-8")
    s.backend.delete_docs([r["id"] for r in store.query("SELECT id FROM documents")])
    s.backend.commit()  # an emptied index in the old format: only a rebuild brings rows back
    again = Searcher(store, Settings(db=db_path, embedder="none"))
    assert json.loads(fmt.read_text(encoding="utf-8"))["format"] == FORMAT and not again.backend.stale
    assert again.search("核算边界", mode="keyword", facets=False).total == clause_hits > 0


def test_clause_level_never_returns_a_record_only_row(built):
    store, ids, s = built
    r = s.search("温室气体 排放 核算", mode="keyword", top=50, facets=False)
    with_text = {row["doc_id"] for row in store.query("SELECT DISTINCT doc_id FROM clauses")}
    assert r.hits and not [h for h in r.hits if h.clause is None and h.doc_id in with_text]
    d = s.search("温室气体 排放 核算", mode="keyword", level="document", top=50, facets=False)
    assert d.hits and all(h.clause is None for h in d.hits)
