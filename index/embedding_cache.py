"""Embeddings cached by (model, content hash) in a SQLite file beside the index.

Re-indexing, a new version of a document that keeps most clauses, or a rebuilt index never
re-embeds text it has seen: only new text costs model time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class EmbeddingCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, hash TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (model, hash)) WITHOUT ROWID"
        )

    def get_many(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for i in range(0, len(unique), 500):
                chunk = unique[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for h, blob in self.conn.execute(
                    f"SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN ({marks})", (model, *chunk)
                ):
                    out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, model: str, items: list[tuple[str, np.ndarray]]) -> None:
        with self._lock:
            self.conn.execute("BEGIN")
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model, hash, vector) VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
            )
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def embed_cached(embedder, cache: EmbeddingCache | None, texts: list[str], *, progress: bool = False) -> np.ndarray:
    """Vectors for `texts`, computing only those the cache does not hold (in batches)."""
    hashes = [text_hash(t) for t in texts]
    known = cache.get_many(embedder.name, hashes) if cache else {}
    missing = list(dict.fromkeys(h for h in hashes if h not in known))
    if missing:
        first = {}
        for h, t in zip(hashes, texts, strict=True):
            first.setdefault(h, t)
        vecs = embedder.encode([first[h] for h in missing], progress=progress)
        fresh = list(zip(missing, vecs, strict=True))
        if cache:
            cache.put_many(embedder.name, fresh)
        known.update(fresh)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = known[h]
    return out
