"""The Searcher: keyword, semantic and hybrid search over clauses and records.

Derived indexes live in `settings.index_dir` (rebuildable from the database at any time):
  keyword/        the keyword backend (tantivy by default)
  vectors.npz     dense vectors of every row (one snapshot, replaced atomically)
  embeddings.sqlite  embedding cache by (model, text hash)
  terms.txt       domain terms harvested from 术语和定义 entries (the analyzer's dictionary)
  meta.json       the store change sequence the indexes are up to date with
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from index import vectors as vec
from index.analyzer import Analyzer
from index.backends import make_backend
from index.backends.base import Filters, KeywordHit, WriterBusy
from index.embedding_cache import EmbeddingCache, embed_cached
from index.rows import RECORD_SEQ, Row, rows_of
from index.search.fusion import CANDIDATES, WEIGHTS, fuse
from index.search.results import Hit, QueryError, SearchResult
from index.search.snippets import snippet
from index.search.understand import Glossary, Understood, clean, parse_filters, understand
from index.settings import Settings
from index.store import Store

MODES = ("keyword", "semantic", "hybrid")
LEVELS = ("clause", "document")
MAX_TOP = 200
EMBED_CHARS = 400


def embed_text(row: Row) -> str:
    """What a row's vector is made of: where it sits, then what it says."""
    head = " ".join(filter(None, [row.title, row.heading]))
    return f"{head}：{row.text}"[:EMBED_CHARS] if row.text else head


class Searcher:
    def __init__(self, store: Store, settings: Settings, *, embedder=None):
        self.store = store
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.analyzer = Analyzer()
        self.bilingual = Glossary()
        self._load_terms()
        self.backend = make_backend(settings, self.dir)
        self._embedder = embedder
        self.semantic_enabled = embedder is not None or (settings.embedder or "default").lower() != "none"
        self._cache: EmbeddingCache | None = None
        self.vectors: vec.VectorSnapshot | None = vec.load(self._vectors_path) if self.semantic_enabled else None
        self.seq = self._read_meta().get("seq", 0)
        self.weights = dict(WEIGHTS)
        self._save_lock = threading.Lock()
        self._saver: threading.Thread | None = None
        self.last_embed_s = 0.0
        self._vectors_state = vec.disk_state(self._vectors_path)
        if self.backend.stale:  # written by an older version: derived data, so rebuilt
            with contextlib.suppress(WriterBusy):  # another process holds the writer, rebuilding it
                self.reindex()

    # -- files --------------------------------------------------------------------------------

    @property
    def _vectors_path(self) -> Path:
        return self.dir / "vectors.npz"

    def _read_meta(self) -> dict[str, Any]:
        try:
            return json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_meta(self, **extra) -> None:
        meta = {"seq": self.seq, "embedder": self.embedder.name if self._embedder else None, **extra}
        tmp = self.dir / f"meta.json.tmp{os.getpid()}"
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, self.dir / "meta.json")

    def _load_terms(self) -> None:
        path = self.dir / "terms.txt"
        if path.exists():
            self.analyzer.add_terms(path.read_text(encoding="utf-8").splitlines())
        for row in self.store.query("SELECT DISTINCT term_en, term_zh FROM terms WHERE term_en IS NOT NULL"):
            self.bilingual.add(row["term_en"], row["term_zh"])

    def _save_terms(self, terms: set[str]) -> None:
        path = self.dir / "terms.txt"
        known = set(path.read_text(encoding="utf-8").splitlines()) if path.exists() else set()
        if terms - known:
            tmp = path.with_name(f"terms.txt.tmp{os.getpid()}")
            tmp.write_text("\n".join(sorted(known | terms)), encoding="utf-8")
            os.replace(tmp, path)

    # -- embedder -----------------------------------------------------------------------------

    @property
    def embedder(self):
        if self._embedder is None:
            if not self.semantic_enabled:
                raise QueryError("semantic search is off (embedder 'none'); use --mode keyword")
            from index.embedders import get_embedder

            self._embedder = get_embedder(self.settings.embedder)
        return self._embedder

    def _embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self._cache is None:
            self._cache = EmbeddingCache(self.dir / "embeddings.sqlite")
        return embed_cached(self.embedder, self._cache, texts, progress=progress)

    # -- building -----------------------------------------------------------------------------

    def _index_docs(self, doc_ids: list[int], *, progress: bool = False) -> tuple[int, int]:
        """Replace these documents' rows (public ones re-added). Returns (documents, rows) added."""
        remove: set[int] = set()
        for doc_id in doc_ids:
            remove.update(v["id"] for v in self.store.versions(doc_id))
            remove.add(doc_id)
        rows: list[Row] = []
        terms: set[str] = set()
        docs = 0
        for doc_id in sorted(remove):
            if not self.store.is_public(doc_id):
                continue
            stored = self.store.get(doc_id)
            if stored is None:
                continue
            docs += 1
            for t in stored.parsed.terms:
                if t.term_zh:
                    terms.add(t.term_zh.strip())
                self.bilingual.add(t.term_en, t.term_zh)
            rows.extend(rows_of(stored))
        if terms:
            self.analyzer.add_terms(terms)
            self._save_terms({self.analyzer.normalize(t) for t in terms})
        new_vectors = None
        t0 = time.perf_counter()
        if self.semantic_enabled and rows:
            new_vectors = self._embed([embed_text(r) for r in rows], progress=progress)
        self.last_embed_s = time.perf_counter() - t0  # benchmarks report indexing "embeddings aside"
        self.backend.delete_docs(sorted(remove))
        self.backend.add(rows, self.analyzer.tokens)
        self.backend.commit()
        if self.semantic_enabled:
            dim = new_vectors.shape[1] if new_vectors is not None else (
                self.vectors.dim if self.vectors is not None else 0)
            keys, doc_ids = [r.key for r in rows], [r.doc_id for r in rows]
            added = new_vectors if new_vectors is not None else np.zeros((0, dim), np.float32)
            snap = vec.updated(self.vectors, remove, keys, doc_ids, added)
            self.vectors = snap  # one reference swap: readers see the old or the new snapshot
            self._save_vectors(snap, (remove, keys, doc_ids, added))
        return docs, len(rows)

    def _save_vectors(self, snap, change) -> None:
        """Write the update for other processes and restarts. A large collection writes it as a
        delta (milliseconds) and rewrites its base only now and then, in the background: that
        takes seconds at a million rows, so a new document is searchable here at once."""
        def save_base() -> None:
            with self._save_lock:
                latest = self.vectors  # the newest snapshot holds every update before it
                if latest is not None:
                    vec.save(latest, self._vectors_path)
                    self._vectors_state = vec.disk_state(self._vectors_path)

        if snap.ann is not None and self._vectors_path.exists():  # (a rebuild writes only its base)
            vec.save_delta(snap, self._vectors_path, *change)
            self._vectors_state = vec.disk_state(self._vectors_path)
        if not vec.needs_base(snap, self._vectors_path) or (self._saver is not None and self._saver.is_alive()):
            return
        if snap.ann is None:
            save_base()
        else:
            self._saver = threading.Thread(target=save_base, daemon=True)
            self._saver.start()

    def _load_vectors_saved_elsewhere(self) -> None:
        """Another process updated the vectors: load its new base, or only its new deltas."""
        state = vec.disk_state(self._vectors_path)
        if state == self._vectors_state:
            return
        if state[0] != self._vectors_state[0] or self.vectors is None:
            self.vectors = vec.load(self._vectors_path)
        else:
            self.vectors = vec.catch_up(self.vectors, self._vectors_path)
        self._vectors_state = state

    def wait_saved(self) -> None:
        """Wait for a background vector save (tests, benchmarks, shutdown)."""
        if self._saver is not None:
            self._saver.join()

    def reindex(self, progress: bool = False) -> dict:
        """Rebuild every derived index from the store."""
        with self._lock:
            t0 = time.perf_counter()
            last = self.store.last_change()
            ids = [r["id"] for r in self.store.query(
                "SELECT id FROM documents WHERE is_current = 1 AND state = 'published' ORDER BY id")]
            self.backend.plan(len(ids) + self.store.query(
                "SELECT COUNT(*) AS n FROM clauses c JOIN documents d ON d.id = c.doc_id "
                "WHERE d.is_current = 1 AND d.state = 'published'")[0]["n"])
            self.backend.clear()
            self.wait_saved()
            self.vectors = None
            vec.remove(self._vectors_path)
            try:
                docs, rows = self._index_docs(ids, progress=progress)
            except BaseException:
                self.backend.rollback()
                raise
            self.wait_saved()
            self.seq = last
            self._write_meta()
            return {"documents": docs, "rows": rows, "vectors": len(self.vectors) if self.vectors else 0,
                    "seconds": round(time.perf_counter() - t0, 3)}

    def refresh(self) -> int:
        """Catch up with documents added, changed or published since the last look."""
        with self._lock:
            meta_seq = self._read_meta().get("seq", 0)
            if meta_seq > self.seq:  # another process updated the indexes: load its work
                self.backend.reload()
                self.seq = meta_seq
            if self.semantic_enabled and not self._save_lock.locked():
                self._load_vectors_saved_elsewhere()
            last = self.store.last_change()
            if last <= self.seq:
                return 0
            changed = self.store.changed_since(self.seq)
            try:
                docs, _rows = self._index_docs(changed)
            except WriterBusy:
                self.backend.rollback()  # drop what was queued in the shards whose writer we got
                return 0  # another process is indexing these right now; we load its work next time
            except BaseException:
                self.backend.rollback()
                raise
            self.seq = last
            self._write_meta()
            return docs

    # -- searching ----------------------------------------------------------------------------

    def _check(self, mode: str, level: str, top: int, offset: int) -> tuple[int, int]:
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if level not in LEVELS:
            raise QueryError(f"unknown level {level!r}; use clause or document")
        try:
            top, offset = int(top), int(offset)
        except (TypeError, ValueError) as e:
            raise QueryError("top and offset must be whole numbers") from e
        if top < 1 or offset < 0:
            raise QueryError("top must be at least 1 and offset at least 0")
        return min(top, MAX_TOP), min(offset, 10_000)

    def search(self, query: str, *, mode: str = "hybrid", top: int = 10, offset: int = 0,
               filters: dict[str, str | list[str]] | None = None, level: str = "clause",
               facets: bool = True) -> SearchResult:
        top, offset = self._check(mode, level, top, offset)
        flt = parse_filters(filters, self.analyzer)
        u = understand(query if query is not None else "", self.analyzer, self.bilingual)
        if u.qtype == "empty" and not flt:
            raise QueryError("empty query: type words or a standard number, or give a filter")
        if mode != "keyword" and not self.semantic_enabled:
            if mode == "semantic":
                raise QueryError("semantic search is off (embedder 'none'); use --mode keyword")
            mode = "keyword"
        self.refresh()
        want = offset + top
        result = SearchResult(query=u.text, mode=mode, query_type=u.qtype, notes=list(u.notes))
        if u.translated:
            result.notes.append("English terms read as: " + "、".join(u.translated))
        pinned = self._resolve(u, flt, level) if u.number else None
        if pinned:
            result.resolved_number = pinned.stored["number"]

        kw_hits: list[KeywordHit] = []
        total = 0
        counts: dict[str, list[tuple[str, int]]] = {}
        if mode in ("keyword", "hybrid") or u.qtype == "empty":
            limit = max(want, CANDIDATES) if mode == "hybrid" else want
            kw_hits, total, counts = self.backend.search(u.numbers, u.words, flt, level, limit, facets=facets)
            if level == "document" and u.qtype != "empty":
                kw_hits, total = self._roll_up(u, flt, kw_hits, total, limit)
        payloads = {h.stored["key"]: h.stored for h in kw_hits}
        ranked: list[tuple[str, float]] = [(h.stored["key"], h.score) for h in kw_hits]
        why = {k: ["keyword"] for k, _s in ranked}
        if mode != "keyword" and self.vectors is not None and len(self.vectors) and (
                self.vectors.dim != self.embedder.dim):
            result.notes.append("the vector index was built with another embedder: run `stdkb reindex`; "
                                "keyword results only")
            if mode == "semantic":
                raise QueryError("the vector index was built with another embedder: run `stdkb reindex`")
        elif (mode == "semantic" or (mode == "hybrid" and self.weights.get(u.qtype, 0.3) > 0)) and (
                u.qtype != "empty" and self.vectors is not None and len(self.vectors)):
            sem = self._semantic(u, flt, level, max(want, CANDIDATES) if mode == "hybrid" else want * 3 + 20)
            for key, _s, payload in sem:
                payloads.setdefault(key, payload)
                why.setdefault(key, []).append("semantic")
            sem_ranked = [(k, s) for k, s, _p in sem]
            if mode == "semantic":
                ranked = sem_ranked
                total = len(sem_ranked)
                if facets and sem_ranked:
                    _h, _t, counts = self.backend.search([], [], Filters(flt.terms, flt.year, flt.number_tokens,
                                                                         keys=[k for k, _s in sem_ranked]),
                                                         level, 0, facets=True)
            else:
                ranked = fuse(ranked, sem_ranked, u.qtype, self.weights)
                total = max(total, len(ranked))
        if pinned is not None:
            key = pinned.stored["key"]
            payloads[key] = pinned.stored
            top_score = (ranked[0][1] if ranked else 1.0) + 1.0
            ranked = [(key, top_score)] + [(k, s) for k, s in ranked if k != key]
            why.setdefault(key, []).insert(0, "number")
            total = max(total, 1)
        result.total = total
        result.facets = counts
        for rank, (key, score) in enumerate(ranked[offset:offset + top], start=offset + 1):
            p = payloads[key]
            result.hits.append(Hit(
                rank=rank, score=float(score), doc_id=int(p["doc_id"]), number=p.get("number"),
                title=p.get("title"), clause=p.get("clause"), heading=p.get("heading"),
                snippet=snippet(p.get("text"), u.words, u.numbers, self.analyzer),
                source=p.get("source") or "", kind=p.get("kind"), doc_type=p.get("doc_type") or None,
                status=p.get("status") or None, path=p.get("path"), why=why.get(key, []),
            ))
        return result

    def _roll_up(self, u: Understood, flt: Filters, record_hits: list[KeywordHit], total: int,
                 limit: int) -> tuple[list[KeywordHit], int]:
        """Document level: a document also matches through its clauses (the record row holds
        only title, scope, terms and headings), scored by its best clause."""
        clause_hits = self.backend.search(u.numbers, u.words, flt, "clause", max(limit, 200))[0]
        best: dict[int, float] = {}
        for h in clause_hits:
            doc = int(h.stored["doc_id"])
            best[doc] = max(best.get(doc, 0.0), h.score)
        scores = {int(h.stored["doc_id"]): h.score for h in record_hits}
        payloads = {int(h.stored["doc_id"]): h.stored for h in record_hits}
        missing = [f"{d}:{RECORD_SEQ}" for d in best if d not in payloads]
        if missing:
            for h in self.backend.search([], [], Filters(flt.terms, flt.year, flt.number_tokens, keys=missing),
                                         "document", len(missing))[0]:
                payloads[int(h.stored["doc_id"])] = h.stored
        for doc, score in best.items():
            if doc in payloads:
                scores[doc] = max(scores.get(doc, 0.0), score)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:limit]
        return [KeywordHit(score, payloads[doc]) for doc, score in ranked], max(total, len(scores))

    def _resolve(self, u: Understood, flt: Filters, level: str) -> KeywordHit | None:
        """The record a number-like query names, when it passes the filters."""
        if u.qtype != "number":
            return None
        ids = self.store.resolve(u.number)
        for doc_id in ids[:3]:
            key = f"{doc_id}:{RECORD_SEQ}"
            found = self.backend.search([], [], Filters(flt.terms, flt.year, flt.number_tokens, keys=[key]),
                                        "document", 1)[0]
            if found:
                return found[0]
        return None

    def _semantic(self, u: Understood, flt: Filters, level: str, k: int) -> list[tuple[str, float, dict]]:
        """(key, cosine, payload) of the nearest rows that pass the filters and the level."""
        text = u.text if not u.translated else f"{u.text} {' '.join(u.translated)}"
        qv = self._embed_query(text)
        snap = self.vectors
        if snap is None:
            return []
        near = snap.search(qv, min(len(snap), k * 3 if flt else k * 2))
        keys = [key for key, _s in near]
        passing: dict[str, dict] = {}
        for i in range(0, len(keys), 1000):
            chunk = keys[i:i + 1000]
            hits = self.backend.search([], [], Filters(flt.terms, flt.year, flt.number_tokens, keys=chunk),
                                       level, len(chunk))[0]
            passing.update({h.stored["key"]: h.stored for h in hits})
        return [(key, s, passing[key]) for key, s in near if key in passing][:k]

    def _embed_query(self, text: str) -> np.ndarray:
        return self.embedder.encode_query(text)

    # -- beyond ranked search -----------------------------------------------------------------

    def applicable(self, industry_or_product: str, top: int = 20) -> list[dict]:
        """Standards that apply to an industry (GB/T 4754 code or words) or product, with why."""
        from index.applicable import applicable

        return applicable(self, industry_or_product, top)

    def similar_clauses(self, doc_id: int, clause: str, top: int = 10) -> list[Hit]:
        """The corresponding clauses of other documents: same heading words, similar meaning;
        the best clause per document."""
        self.refresh()
        rows = self.store.query("SELECT seq, heading, text FROM clauses WHERE doc_id = ? AND number = ?",
                                (int(doc_id), str(clause)))
        if not rows:
            raise QueryError(f"document {doc_id} has no clause {clause!r}")
        seq, heading, text = rows[0]["seq"], rows[0]["heading"] or "", rows[0]["text"] or ""
        _n, head_words = self.analyzer.query_tokens(heading)
        _n, body_words = self.analyzer.query_tokens(text[:300])
        flt = Filters()
        kw = self.backend.search([], head_words, flt, "clause", 200, fields=("heading", "term"))[0] if head_words \
            else []
        if not kw:
            kw = self.backend.search([], body_words, flt, "clause", 200)[0]
        kw_max = max((h.score for h in kw), default=1.0) or 1.0
        scores: dict[str, float] = {h.stored["key"]: 0.6 * h.score / kw_max for h in kw}
        payloads = {h.stored["key"]: h.stored for h in kw}
        own = f"{doc_id}:{seq}"
        if self.semantic_enabled and self.vectors is not None and self.vectors.vector(own) is not None:
            near = self.vectors.search(self.vectors.vector(own), 200)
            fetched = self.backend.search([], [], Filters(keys=[k for k, _s in near]), "clause", len(near))[0]
            payloads.update({h.stored["key"]: h.stored for h in fetched})
            for key, cos in near:
                if key in payloads:
                    scores[key] = scores.get(key, 0.0) + 0.4 * max(cos, 0.0)
        best: dict[int, tuple[str, float]] = {}
        for key, score in scores.items():
            p = payloads[key]
            other = int(p["doc_id"])
            if other == int(doc_id) or p.get("clause") is None:
                continue
            if other not in best or score > best[other][1]:
                best[other] = (key, score)
        ranked = sorted(best.values(), key=lambda kv: -kv[1])[:top]
        words = head_words or body_words
        return [Hit(rank=i, score=s, doc_id=int(payloads[k]["doc_id"]), number=payloads[k].get("number"),
                    title=payloads[k].get("title"), clause=payloads[k].get("clause"),
                    heading=payloads[k].get("heading"),
                    snippet=snippet(payloads[k].get("text"), words, [], self.analyzer),
                    source=payloads[k].get("source") or "", kind=payloads[k].get("kind"),
                    doc_type=payloads[k].get("doc_type") or None, status=payloads[k].get("status") or None,
                    path=payloads[k].get("path"), why=["similar"])
                for i, (k, s) in enumerate(ranked, start=1)]

    def glossary(self, query: str, top: int = 50) -> list[dict]:
        """Term entries across published standards matching `query` in Chinese or English
        (either script): exact matches first, then terms containing it, then definitions."""
        q, _notes = clean(query or "")
        if not q:
            raise QueryError("empty glossary query: type a term in Chinese or English")
        simple = self.analyzer.to_simplified(q)
        variants = list(dict.fromkeys([q, simple]))
        rows = self.store.query(
            "SELECT t.doc_id, t.number, t.term_zh, t.term_en, t.definition, r.number AS std, d.source_name "
            "FROM terms t JOIN documents d ON d.id = t.doc_id JOIN records r ON r.doc_id = t.doc_id "
            "WHERE d.is_current = 1 AND d.state = 'published' AND (" +
            " OR ".join(["t.term_zh LIKE ? OR t.term_en LIKE ? OR t.definition LIKE ?"] * len(variants)) +
            ") LIMIT 2000",
            tuple(p for v in variants for p in (f"%{_like(v)}%",) * 3),
        )
        fold = self.analyzer.normalize
        target = fold(q)

        def rank(r) -> tuple:
            zh, en = fold(r["term_zh"] or ""), fold(r["term_en"] or "")
            exact = target in (zh, en)
            in_term = target in zh or target in en
            return (not exact, not in_term, len(zh or en), r["std"] or "")

        out = []
        for r in sorted(rows, key=rank)[:top]:
            out.append({"term_zh": r["term_zh"], "term_en": r["term_en"], "definition": r["definition"],
                        "number": r["std"], "doc_id": r["doc_id"], "clause": r["number"], "source": r["source_name"]})
        return out


def _like(text: str) -> str:
    """A LIKE pattern matching `text` literally (no % or _ wildcards from the user)."""
    return text.replace("%", "").replace("_", "")
