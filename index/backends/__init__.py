"""Search backends behind one interface (index.backends.base): `make_backend(settings, index_dir)`."""

from __future__ import annotations

from pathlib import Path

from index.backends.base import KeywordBackend


def make_backend(settings, index_dir: Path) -> KeywordBackend:
    name = (settings.backend or "embedded").lower()
    if name == "embedded":
        from index.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(Path(index_dir) / "keyword")
    raise ValueError(f"search backend {name!r} is not available yet; use 'embedded'")


__all__ = ["KeywordBackend", "make_backend"]
