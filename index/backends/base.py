"""The keyword backend interface: what the query layer asks of any search engine.

The query layer (index.search) does understanding, fusion, snippets and the semantic part; a
backend stores rows and answers boosted term queries with filters and facet counts. The
embedded backend (tantivy) is the default; an Elasticsearch backend implements the same
methods with the same field names and boosts, so results stay the same.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from index.rows import Row

# BM25 field boosts, tuned on the dev set (corpus/eval/search-dev.jsonl).
FIELD_BOOSTS = {"number": 3.0, "title": 2.0, "term": 2.0, "heading": 1.0, "body": 1.0}
NUMBER_BOOSTS = {"number": 30.0, "body": 2.0}  # a number typed in a query
FACET_FIELDS = ("doc_type", "status", "kind", "ics", "ccs", "issuer", "tc", "topic")
PAYLOAD = ("key", "doc_id", "seq", "number", "title", "clause", "heading", "path", "source", "kind", "text")
MAX_NUMBER_TOKENS = 8  # number tokens kept from a query
MAX_TERMS = 64  # query terms kept from a long query: enough for meaning, bounded cost


def payload_of(row: Row) -> dict[str, Any]:
    """What a hit shows without a database read (every backend stores the same)."""
    payload = {name: getattr(row, name) for name in PAYLOAD}
    payload.update(doc_type=(row.facets.get("doc_type") or [None])[0],
                   status=(row.facets.get("status") or [None])[0])
    return payload


def weighted_terms(number_tokens: list[str], words: list[str],
                   fields: tuple[str, ...] | None = None) -> list[tuple[str, str, float]]:
    """(field, token, boost) of every term query a keyword search sums: each number token in the
    number fields, each word in every text field (or only `fields`). Backends build their
    queries from this one list, so they ask the same thing."""
    out = [(name, tok, boost) for tok in number_tokens[:MAX_NUMBER_TOKENS] for name, boost in NUMBER_BOOSTS.items()]
    boosts = {k: v for k, v in FIELD_BOOSTS.items() if fields is None or k in fields}
    out += [(name, tok, boost) for tok in words[:MAX_TERMS] for name, boost in boosts.items()]
    return out


class BackendUnavailable(RuntimeError):
    """The search backend cannot be used (a server unreachable, credentials refused): the
    message names the setting to check."""


class WriterBusy(RuntimeError):
    """Another process holds the index writer (it is updating the same index)."""


@dataclass
class Filters:
    """Validated filters: exact facet values (any of) per field, a year range, a number."""

    terms: dict[str, list[str]] = field(default_factory=dict)
    year: tuple[int, int] | None = None
    number_tokens: list[str] = field(default_factory=list)
    keys: list[str] | None = None  # only these rows (the semantic part asks this way)

    def __bool__(self) -> bool:
        return bool(self.terms or self.year or self.number_tokens or self.keys is not None)


@dataclass
class KeywordHit:
    score: float
    stored: dict[str, Any]  # what the row shows: key, doc_id, seq, number, title, clause ...


class KeywordBackend(ABC):
    """Rows in, ranked rows out. Writes become visible to readers only at `commit`."""

    stale = False  # True when the stored rows were written by an older format: rebuild them

    @abstractmethod
    def add(self, rows: list[Row], analyze) -> None:
        """Queue rows; `analyze(text) -> list[str]` is the project's analyzer."""

    @abstractmethod
    def delete_docs(self, doc_ids: list[int]) -> None:
        """Queue deletion of every row of these documents."""

    @abstractmethod
    def clear(self) -> None:
        """Queue deletion of everything."""

    def plan(self, rows: int) -> None:  # noqa: B027 (optional hook, nothing to do by default)
        """Told before a full rebuild how many rows will come (a backend may lay itself out
        for that size); the rebuild follows with clear, add and commit."""

    @abstractmethod
    def commit(self) -> None:
        """Make queued writes visible, atomically."""

    @abstractmethod
    def rollback(self) -> None:
        """Drop queued writes."""

    @abstractmethod
    def reload(self) -> None:
        """See commits made by other processes."""

    @abstractmethod
    def search(self, number_tokens: list[str], words: list[str], filters: Filters, level: str,
               limit: int, *, facets: bool = False, fields: tuple[str, ...] | None = None,
               ) -> tuple[list[KeywordHit], int, dict[str, list[tuple[str, int]]]]:
        """(hits best first, total matches, facet counts over all matches); `fields` limits
        which text fields the words are looked for in (default: all, with FIELD_BOOSTS)."""

    @abstractmethod
    def doc_count(self) -> int:
        """Rows in the index."""

    def size_bytes(self) -> int:
        return 0
