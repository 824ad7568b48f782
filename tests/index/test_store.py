"""The database of record: links between documents, whatever form the number takes."""

from __future__ import annotations

from parsing.model import Document, ParsedDocument, Provenance, Record, Reference


def add(store, number: str, refs: list[Reference]) -> int:
    parsed = ParsedDocument(record=Record(number=number), references=refs)
    doc = Document(source_name=f"{number}.txt", content_hash=number, media_type="text/plain",
                   provenance=Provenance(source=f"{number}.txt"))
    return store.add(doc, parsed, number).doc_id


def test_cited_by_matches_dated_and_undated_references(store):
    add(store, "GB/T 99001-2026", [Reference(target="ISO 14064-1:2018", kind="normative", clause="2")])
    add(store, "GB/T 99002-2026", [Reference(target="ISO 14064-1", kind="normative", clause="2")])
    add(store, "GB/T 99003-2026", [Reference(target="ISO 14064-2:2019", kind="normative", clause="2"),
                                   Reference(target="ISO 14064", kind="mentioned", clause="4")])
    citing = lambda n: sorted(r["number"] for r in store.cited_by(n))  # noqa: E731
    assert citing("ISO 14064-1:2018") == ["GB/T 99001-2026", "GB/T 99002-2026"]
    assert citing("ISO 14064-1") == ["GB/T 99001-2026", "GB/T 99002-2026"]
    assert citing("ISO 14064-2:2019") == ["GB/T 99003-2026"]


def test_resolve_takes_any_form_of_a_number(store):
    doc_id = add(store, "GB/T 99004-2026", [])
    assert store.resolve("GB/T99004—2026") == [doc_id]
    assert store.resolve("ＧＢ／Ｔ　９９００４－２０２６") == [doc_id]
    assert store.resolve("GB/T 99004") == [doc_id]  # undated: its editions
    assert store.resolve(str(doc_id)) == [doc_id]
    assert store.resolve("GB/T 99005") == []
