"""The embedded keyword backend: tantivy (BM25), in a folder beside the database.

Text is pre-tokenised by the project's analyzer and indexed with a whitespace tokenizer, so
tantivy never decides what a Chinese word is. Queries are built as term queries (never parsed
from the user's string), so query syntax characters cannot break or widen a search.

A large collection is split into shards (one tantivy index each, a document's rows all in one
shard) searched in parallel threads: tantivy searches one index on one core, and a million
rows on one core missed the latency target. Small collections keep one shard, where scores
are exact BM25 over the whole collection (with several shards each computes its own term
statistics, which at that size differ by a hair).

Layout: `keyword/stdkb-format` (JSON: format, generation, shards) names the live generation,
`keyword/g<generation>-s<shard>/` hold the shards. A full rebuild writes a new generation and
switches the file at commit, so readers in other processes never see it half-built.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from index.backends.base import (
    FACET_FIELDS,
    FIELD_BOOSTS,
    Filters,
    KeywordBackend,
    KeywordHit,
    WriterBusy,
    payload_of,
    weighted_terms,
)
from index.rows import Row

TOKENIZER = "stdkb_ws"
# Clause-level searches exclude the rows marked with this rather than require "clause": nearly
# every row is a clause, and intersecting the text matches with a near-complete posting list
# doubled the time of a common-term search at a million rows (docs/benchmarks.md).
DOCUMENT_ONLY = "document-only"
FORMAT = "3"  # what the rows and the layout hold; an index in another format is rebuilt (Searcher)
SHARD_ROWS = 250_000  # a rebuild of more rows than this is split into shards ...
MAX_SHARDS = max(1, os.cpu_count() or 1)  # ... at most one per core
_SHARD_DIR = re.compile(r"g(\d+)-s\d+")  # g<generation>-s<shard>
FACET_SIZES = {**{name: 30 for name in FACET_FIELDS}, "year": 60}

__all__ = ["EmbeddedBackend", "WriterBusy"]


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


class _Shard:
    """One tantivy index and, while writing, its writer."""

    def __init__(self, path: Path, schema: tantivy.Schema):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(schema, path=str(path), reuse=tantivy.Index.exists(str(path)))
        self.index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self.writer = None

    def w(self):
        if self.writer is None:
            try:
                self.writer = self.index.writer(heap_size=128_000_000, num_threads=1)
            except ValueError as e:  # tantivy's LockBusy
                raise WriterBusy(str(e)) from e
        return self.writer

    def commit(self) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer.wait_merging_threads()  # releases the writer lock for other processes
            self.writer = None
        self.index.reload()

    def rollback(self) -> None:
        if self.writer is not None:
            self.writer.rollback()
            self.writer = None


class EmbeddedBackend(KeywordBackend):
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        self._planned: int | None = None
        self._pending: tuple[int, list[_Shard]] | None = None  # a rebuild's new generation
        self._pool: ThreadPoolExecutor | None = None
        layout = self._read_layout()
        if layout is not None and layout.get("format") == FORMAT:
            self._open(int(layout["generation"]), int(layout["shards"]))
        else:
            # rows written by an older version of this backend: the Searcher rebuilds them
            self.stale = layout is not None or (self.path / "meta.json").exists()
            self._open(self._free_generation(), 1)
            if not self.stale:
                self._write_layout()

    # -- layout -------------------------------------------------------------------------------

    @property
    def _format_path(self) -> Path:
        return self.path / "stdkb-format"

    def _read_layout(self) -> dict | None:
        try:
            text = self._format_path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        try:
            layout = json.loads(text)
        except ValueError:
            return {"format": text}  # format 2 and before: a bare version
        return layout if isinstance(layout, dict) else {"format": text}

    def _write_layout(self) -> None:
        tmp = self.path / f"stdkb-format.tmp{os.getpid()}"
        tmp.write_text(json.dumps({"format": FORMAT, "generation": self.generation, "shards": len(self.shards)}),
                       encoding="utf-8")
        os.replace(tmp, self._format_path)

    def _shard_paths(self, generation: int, n: int) -> list[Path]:
        return [self.path / f"g{generation}-s{i}" for i in range(n)]

    def _open(self, generation: int, n: int) -> None:
        self.generation = generation
        self.shards = [_Shard(p, self.schema) for p in self._shard_paths(generation, n)]

    def _free_generation(self) -> int:
        used = [int(m[1]) for p in self.path.iterdir() if (m := _SHARD_DIR.fullmatch(p.name))]
        return max(used, default=-1) + 1

    def _remove_other_generations(self) -> None:
        live = {p.name for p in self._shard_paths(self.generation, len(self.shards))}
        for p in self.path.iterdir():
            if p.is_dir() and _SHARD_DIR.fullmatch(p.name) and p.name not in live:
                shutil.rmtree(p, ignore_errors=True)  # open files stay readable until closed
            elif p.is_file() and p != self._format_path and not p.name.startswith("stdkb-format"):
                p.unlink(missing_ok=True)  # an older format's single index lived here

    # -- writing ------------------------------------------------------------------------------

    def _writing(self) -> list[_Shard]:
        return self._pending[1] if self._pending else self.shards

    def plan(self, rows: int) -> None:
        self._planned = max(1, min(MAX_SHARDS, -(-int(rows) // SHARD_ROWS)))

    def add(self, rows: list[Row], analyze) -> None:
        shards = self._writing()
        writers = [shard.w() for shard in shards]
        for row in rows:
            doc = tantivy.Document()
            doc.add_text("key", row.key)
            doc.add_integer("doc_id", row.doc_id)
            doc.add_bytes("payload", json.dumps(payload_of(row), ensure_ascii=False).encode("utf-8"))
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
            writers[row.doc_id % len(writers)].add_document(doc)

    def delete_docs(self, doc_ids: list[int]) -> None:
        shards = self._writing()
        for doc_id in doc_ids:
            shards[int(doc_id) % len(shards)].w().delete_documents_by_term("doc_id", int(doc_id))

    def clear(self) -> None:
        """Start a new generation (the planned number of shards, else as many as now); the
        live one keeps answering until commit."""
        self.rollback()
        generation = self._free_generation()
        n = self._planned or len(self.shards)
        paths = self._shard_paths(generation, n)
        for p in paths:
            shutil.rmtree(p, ignore_errors=True)
        self._pending = (generation, [_Shard(p, self.schema) for p in paths])

    def commit(self) -> None:
        for shard in self._writing():
            shard.commit()
        if self._pending:
            self.generation, self.shards = self._pending
            self._pending, self._planned = None, None
            self._write_layout()
            self._remove_other_generations()
            self.stale = False

    def rollback(self) -> None:
        for shard in self.shards:
            shard.rollback()
        if self._pending:
            for shard in self._pending[1]:
                shard.rollback()
                shutil.rmtree(shard.path, ignore_errors=True)
            self._pending = None

    def reload(self) -> None:
        layout = self._read_layout()
        if layout and layout.get("format") == FORMAT and int(layout["generation"]) != self.generation:
            self._open(int(layout["generation"]), int(layout["shards"]))  # rebuilt by another process
            self.stale = False
        for shard in self.shards:
            shard.index.reload()

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
        terms = weighted_terms(number_tokens, words, fields)
        if not terms:
            return None
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should,
             tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, f"f_{name}", tok), boost))
            for name, tok, boost in terms])

    def _stored(self, searcher, address) -> dict[str, Any]:
        return json.loads(bytes(searcher.doc(address).get_first("payload")))

    def search(self, number_tokens, words, filters, level, limit, *, facets=False, fields=None):
        text_q = self._text_query(number_tokens, words, fields)
        must = self._filter_query(filters, level)
        must.append((tantivy.Occur.Must, text_q if text_q is not None else tantivy.Query.all_query()))
        if level == "clause":
            must.append((tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "levels", DOCUMENT_ONLY)))
        query = tantivy.Query.boolean_query(must)
        shards = self.shards
        if len(shards) == 1:
            parts = [self._search_shard(shards[0], query, limit, facets, 1)]
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=MAX_SHARDS, thread_name_prefix="stdkb-shard")
            # tantivy releases the GIL while it searches: the shards run on separate cores
            # each shard counts more facet values than are shown, so that a value just below one
            # shard's cut still adds up right (Elasticsearch's shard_size, in the same spirit)
            futures = [self._pool.submit(self._search_shard, shard, query, limit, facets, 10)
                       for shard in shards[1:]]
            parts = [self._search_shard(shards[0], query, limit, facets, 10)] + [f.result() for f in futures]
        hits = sorted((h for part in parts for h in part[0]), key=lambda h: -h.score)[:limit]
        total = sum(part[1] for part in parts)
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            for name, size in FACET_SIZES.items():
                merged: dict[str, int] = {}
                for part in parts:
                    for value, n in part[2].get(name, []):
                        merged[value] = merged.get(value, 0) + n
                counts[name] = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
        return hits, total, counts

    def _search_shard(self, shard: _Shard, query, limit: int, facets: bool, facet_factor: int = 1):
        searcher = shard.index.searcher()
        result = searcher.search(query, max(1, limit), count=True)
        hits = [KeywordHit(score, self._stored(searcher, addr)) for score, addr in result.hits] if limit else []
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            aggs = {name: {"terms": {"field": name, "size": size * facet_factor}}
                    for name, size in FACET_SIZES.items()}
            raw = searcher.aggregate(query, aggs)
            for name in FACET_SIZES:
                buckets = raw.get(name, {}).get("buckets", [])
                counts[name] = [(str(int(b["key"]) if isinstance(b["key"], float) else b["key"]), b["doc_count"])
                                for b in buckets if b["key"] != ""]
        return hits, result.count, counts

    def doc_count(self) -> int:
        return sum(shard.index.searcher().num_docs for shard in self.shards)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for shard in self.shards for p in shard.path.glob("*") if p.is_file())

    def describe(self) -> str:
        return json.dumps({"path": str(self.path), "shards": len(self.shards), "docs": self.doc_count()})
