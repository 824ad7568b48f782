"""Where the data lives and which pluggable parts are used, from flags and the environment.

Precedence: an explicit argument (the CLI's `--db`), then the environment, then the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = Path("data") / "stdkb.db"


@dataclass(frozen=True)
class Settings:
    db: Path  # the SQLite database of record
    backend: str = "embedded"  # search backend: "embedded" or "elasticsearch"
    embedder: str = "default"  # embedder name (see index.embedders) or a model name/path
    elasticsearch_url: str | None = None
    max_upload_mb: int = 50

    @property
    def index_dir(self) -> Path:
        """Derived search indexes live beside the database and are rebuilt from it."""
        return self.db.with_name(self.db.name + ".index")

    @classmethod
    def load(cls, db: str | Path | None = None) -> Settings:
        env = os.environ
        return cls(
            db=Path(db or env.get("STDKB_DB") or DEFAULT_DB),
            backend=env.get("STDKB_BACKEND", "embedded"),
            embedder=env.get("STDKB_EMBEDDER", "default"),
            elasticsearch_url=env.get("STDKB_ELASTICSEARCH_URL"),
            max_upload_mb=int(env.get("STDKB_MAX_UPLOAD_MB", "50")),
        )
