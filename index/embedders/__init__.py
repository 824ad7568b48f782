"""Embedders: a base class, one file per backend, and `get_embedder(name)`.

Names: "default" (the best measured on the dev set, see docs/quality.md), "use-m3" (multilingual
USE, numpy), "minilm" (all-MiniLM-L6-v2, shipped), "st:<model name or path>" (any
sentence-transformers model), or a bare local path to a sentence-transformers model.
"""

from __future__ import annotations

import threading
from pathlib import Path

from index.embedders.base import Embedder

DEFAULT = "use-m3"  # measured best on corpus/eval/search-dev.jsonl (docs/quality.md)

_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


def get_embedder(name: str = "default") -> Embedder:
    """The embedder called `name`, loaded once per process."""
    name = (name or "default").strip()
    if name == "default":
        name = DEFAULT
    with _lock:
        if name not in _cache:
            _cache[name] = _load(name)
        return _cache[name]


def _load(name: str) -> Embedder:
    if name in ("use-m3", "use", "usem3"):
        from index.embedders.use import UseEmbedder

        return UseEmbedder()
    from index.embedders.sentence_transformers import SentenceTransformerEmbedder, shipped_path

    model = name[3:] if name.startswith("st:") else name
    if shipped_path(model) or Path(model).exists() or name.startswith("st:"):
        return SentenceTransformerEmbedder(model)
    raise ValueError(f"unknown embedder {name!r}: use default, use-m3, minilm, st:<model> or a model path")


__all__ = ["DEFAULT", "Embedder", "get_embedder"]
