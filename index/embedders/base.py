"""The embedder interface: texts in, L2-normalised float32 vectors out, in batches."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Embedder(ABC):
    """One sentence-embedding model. `name` identifies it in the embedding cache."""

    name: str = "embedder"
    dim: int = 0
    batch_size: int = 64

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """One batch of texts -> (n, dim) float32, not necessarily normalised."""

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """(len(texts), dim) L2-normalised float32, computed `batch_size` texts at a time."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        batches = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc=f"embedding ({self.name})", unit="batch")
        for start in batches:
            chunk = texts[start:start + self.batch_size]
            vecs = np.asarray(self._encode(chunk), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            out[start:start + len(chunk)] = vecs / np.maximum(norms, 1e-12)
        return out

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
