"""What a search returns: hits, the total, facet counts. `to_dict()` is the `--json` contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class QueryError(ValueError):
    """A query the searcher will not run, with a message a user can act on (CLI exit 2)."""


@dataclass
class Hit:
    rank: int
    score: float
    doc_id: int
    number: str | None
    title: str | None
    clause: str | None  # clause number; None for a record-level hit
    heading: str | None
    snippet: str  # HTML-escaped text with the matched words in <mark>…</mark>
    source: str  # the file name the document was ingested from (catalogue rows: the catalogue)
    kind: str | None = None
    doc_type: str | None = None
    status: str | None = None
    path: str | None = None  # "GB/T 32150-2015 › 5.2 核算边界"
    why: list[str] = field(default_factory=list)  # "keyword", "semantic", "number": what found it

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "doc_id": self.doc_id,
            "number": self.number,
            "title": self.title,
            "clause": self.clause,
            "heading": self.heading,
            "snippet": self.snippet,
            "source": self.source,
            "kind": self.kind,
            "doc_type": self.doc_type,
            "status": self.status,
            "path": self.path,
            "why": list(self.why),
        }


@dataclass
class SearchResult:
    query: str
    mode: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    resolved_number: str | None = None
    query_type: str | None = None  # number / natural / english / short: how the query was read
    notes: list[str] = field(default_factory=list)  # e.g. "query cut to 1000 characters"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "total": self.total,
            "resolved_number": self.resolved_number,
            "query_type": self.query_type,
            "notes": list(self.notes),
            "facets": {k: [[v, n] for v, n in counts] for k, counts in self.facets.items()},
            "hits": [h.to_dict() for h in self.hits],
        }
