"""Search backends behind one interface (index.backends.base): `make_backend(settings, index_dir)`."""

from __future__ import annotations

import os
from pathlib import Path

from index.backends.base import KeywordBackend


def make_backend(settings, index_dir: Path) -> KeywordBackend:
    name = (settings.backend or "embedded").lower()
    if name == "embedded":
        from index.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(Path(index_dir) / "keyword")
    if name == "elasticsearch":
        from index.backends.elasticsearch import DEFAULT_INDEX, ElasticsearchBackend

        url = getattr(settings, "elasticsearch_url", None)
        if not url:
            raise ValueError("STDKB_BACKEND=elasticsearch needs the server's address in STDKB_ELASTICSEARCH_URL "
                             "(for example http://localhost:9200); or use STDKB_BACKEND=embedded")
        env = os.environ
        return ElasticsearchBackend(url, index=env.get("STDKB_ELASTICSEARCH_INDEX") or DEFAULT_INDEX,
                                    api_key=env.get("STDKB_ELASTICSEARCH_API_KEY") or None,
                                    ca_certs=env.get("STDKB_ELASTICSEARCH_CA_CERTS") or None)
    raise ValueError(f"unknown search backend {name!r}; use 'embedded' or 'elasticsearch'")


__all__ = ["KeywordBackend", "make_backend"]
