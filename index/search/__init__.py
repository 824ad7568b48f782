"""Search over clauses and records: `Searcher(store, settings).search(query, mode=..., ...)`."""

from index.search.results import Hit, QueryError, SearchResult
from index.search.searcher import Searcher

__all__ = ["Hit", "QueryError", "SearchResult", "Searcher"]
