"""The embedded keyword backend: tantivy (BM25), in a folder beside the database.

Text is pre-tokenised by the project's analyzer and indexed with a whitespace tokenizer, so
tantivy never decides what a Chinese word is. Queries are built as term queries (never parsed
from the user's string), so query syntax characters cannot break or widen a search.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tantivy

from index.backends.base import (
    FACET_FIELDS,
    FIELD_BOOSTS,
    NUMBER_BOOSTS,
    Filters,
    KeywordBackend,
    KeywordHit,
)
from index.rows import Row

TOKENIZER = "stdkb_ws"
PAYLOAD = ("key", "doc_id", "seq", "number", "title", "clause", "heading", "path", "source", "kind", "text")
MAX_TERMS = 64  # query terms kept from a long query: enough for meaning, bounded cost
# Clause-level searches exclude the rows marked with this rather than require "clause": nearly
# every row is a clause, and intersecting the text matches with a near-complete posting list
# doubled the time of a common-term search at a million rows (docs/benchmarks.md).
DOCUMENT_ONLY = "document-only"
FORMAT = "2"  # what the rows hold; an index written in another format is rebuilt (Searcher)


class WriterBusy(RuntimeError):
    """Another process holds the index writer (it is updating the same index)."""


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=False, tokenizer_name="raw")
    sb.add_integer_field("doc_id", stored=True, indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)  # JSON of what a hit shows; not indexed
    for name in FIELD_BOOSTS:
        sb.add_text_field(f"f_{name}", stored=False, tokenizer_name=TOKENIZER, index_option="freq")
    for name in (*FACET_FIELDS, "levels"):
        sb.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", stored=False, indexed=True, fast=True)
    return sb.build()


class EmbeddedBackend(KeywordBackend):
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        fresh = not tantivy.Index.exists(str(self.path))
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=not fresh)
        self.index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self._writer = None
        self._cleared = False
        if fresh:
            self._write_format()
        # rows written by an older version of this backend: the Searcher rebuilds them
        self.stale = self._read_format() != FORMAT

    @property
    def _format_path(self) -> Path:
        return self.path / "stdkb-format"

    def _read_format(self) -> str | None:
        try:
            return self._format_path.read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def _write_format(self) -> None:
        self._format_path.write_text(FORMAT, encoding="utf-8")

    # -- writing ------------------------------------------------------------------------------

    def _w(self):
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
            except ValueError as e:  # tantivy's LockBusy
                raise WriterBusy(str(e)) from e
        return self._writer

    def add(self, rows: list[Row], analyze) -> None:
        w = self._w()
        for row in rows:
            doc = tantivy.Document()
            doc.add_text("key", row.key)
            doc.add_integer("doc_id", row.doc_id)
            payload = {name: getattr(row, name) for name in PAYLOAD}
            payload.update(doc_type=(row.facets.get("doc_type") or [None])[0],
                           status=(row.facets.get("status") or [None])[0])
            doc.add_bytes("payload", json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            for name in FIELD_BOOSTS:
                tokens = analyze(row.fields.get(name) or "")
                if tokens:
                    doc.add_text(f"f_{name}", " ".join(tokens))
            for name in FACET_FIELDS:
                for value in row.facets.get(name, []):
                    if value:
                        doc.add_text(name, value)
            for level in row.levels:
                doc.add_text("levels", level)
            if "clause" not in row.levels:
                doc.add_text("levels", DOCUMENT_ONLY)
            if row.year:
                doc.add_integer("year", row.year)
            w.add_document(doc)

    def delete_docs(self, doc_ids: list[int]) -> None:
        w = self._w()
        for doc_id in doc_ids:
            w.delete_documents_by_term("doc_id", int(doc_id))

    def clear(self) -> None:
        self._w().delete_all_documents()
        self._cleared = True

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()  # releases the writer lock for other processes
            self._writer = None
        if self._cleared:
            self._write_format()
            self._cleared, self.stale = False, False
        self.index.reload()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
        self._cleared = False

    def reload(self) -> None:
        self.index.reload()

    # -- reading ------------------------------------------------------------------------------

    def _filter_query(self, filters: Filters, level: str) -> list[tuple[Any, Any]]:
        s = self.schema
        parts = [] if level == "clause" else [tantivy.Query.term_query(s, "levels", level)]
        for name, values in filters.terms.items():
            qs = [tantivy.Query.term_query(s, name, v) for v in values]
            parts.append(qs[0] if len(qs) == 1 else
                         tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in qs]))
        if filters.year:
            lo, hi = filters.year
            parts.append(tantivy.Query.range_query(s, "year", tantivy.FieldType.Integer, lo, hi))
        if filters.keys is not None:
            parts.append(tantivy.Query.term_set_query(s, "key", list(filters.keys)))
        if filters.number_tokens:
            qs = [tantivy.Query.term_query(s, "f_number", t) for t in filters.number_tokens]
            parts.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in qs]))
        return [(tantivy.Occur.Must, tantivy.Query.const_score_query(p, 0.0)) for p in parts]

    def _text_query(self, number_tokens: list[str], words: list[str], fields=None):
        s = self.schema
        should = []
        for tok in number_tokens[:8]:
            for name, boost in NUMBER_BOOSTS.items():
                should.append(tantivy.Query.boost_query(tantivy.Query.term_query(s, f"f_{name}", tok), boost))
        boosts = {k: v for k, v in FIELD_BOOSTS.items() if fields is None or k in fields}
        for tok in words[:MAX_TERMS]:
            for name, boost in boosts.items():
                should.append(tantivy.Query.boost_query(tantivy.Query.term_query(s, f"f_{name}", tok), boost))
        if not should:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in should])

    def _stored(self, searcher, address) -> dict[str, Any]:
        return json.loads(bytes(searcher.doc(address).get_first("payload")))

    def search(self, number_tokens, words, filters, level, limit, *, facets=False, fields=None):
        text_q = self._text_query(number_tokens, words, fields)
        must = self._filter_query(filters, level)
        must.append((tantivy.Occur.Must, text_q if text_q is not None else tantivy.Query.all_query()))
        if level == "clause":
            must.append((tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "levels", DOCUMENT_ONLY)))
        query = tantivy.Query.boolean_query(must)
        searcher = self.index.searcher()
        result = searcher.search(query, max(1, limit), count=True)
        hits = [KeywordHit(score, self._stored(searcher, addr)) for score, addr in result.hits] if limit else []
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            aggs = {name: {"terms": {"field": name, "size": 30}} for name in FACET_FIELDS}
            aggs["year"] = {"terms": {"field": "year", "size": 60}}
            raw = searcher.aggregate(query, aggs)
            for name in (*FACET_FIELDS, "year"):
                buckets = raw.get(name, {}).get("buckets", [])
                counts[name] = [(str(int(b["key"]) if isinstance(b["key"], float) else b["key"]), b["doc_count"])
                                for b in buckets if b["key"] != ""]
        return hits, result.count, counts

    def doc_count(self) -> int:
        return self.index.searcher().num_docs

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.glob("*") if p.is_file())

    def describe(self) -> str:
        return json.dumps({"path": str(self.path), "docs": self.doc_count()})
