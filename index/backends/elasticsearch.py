"""The Elasticsearch keyword backend: the same fields, boosts and queries as the embedded one,
on a shared server, for corpora or deployments the embedded index does not suit.

Text arrives pre-tokenised by the project's analyzer and is indexed with the built-in
`whitespace` analyzer, so the server needs no Chinese plugin and never decides what a word is.
Queries are built as DSL objects from tokens (never `query_string`), so query syntax typed by a
user cannot break or widen a search.

Scores: one shard (the default) keeps term statistics in one place. With more shards, each
shard scores with its own statistics unless `dfs=True` (search_type=dfs_query_then_fetch, the
default when shards > 1). tantivy scores BM25 as idf * (k1 + 1) * tf-part; Lucene dropped the
(k1 + 1) factor, so every boost is multiplied by it to keep scores on the embedded scale. One
difference cannot be removed: Lucene counts, per field, only the documents that have the field
(N in idf, and avgdl), tantivy counts all documents. Where every row has a field (number,
title, body almost always) scores agree; where many rows lack it (term, heading) they differ
a little, and so can the order of close hits.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from index.backends.base import (
    FACET_FIELDS,
    FIELD_BOOSTS,
    BackendUnavailable,
    Filters,
    KeywordBackend,
    KeywordHit,
    payload_of,
    weighted_terms,
)
from index.rows import Row

DEFAULT_INDEX = "stdkb"
K1, B = 1.2, 0.75  # BM25 parameters: the defaults of both Lucene and tantivy
SCALE = 1.0 + K1  # tantivy's BM25 keeps the classic (k1 + 1) numerator; Lucene's does not
BULK_CHUNK = 500
DELETE_CHUNK = 10_000
# The Searcher pages up to offset 10,000 plus 200 hits; Elasticsearch refuses a window past
# index.max_result_window (10,000 by default), the embedded index has no such limit.
MAX_RESULT_WINDOW = 20_000


class ElasticsearchUnavailable(BackendUnavailable):
    """The server cannot be reached or refused a request."""


class BulkWriteError(RuntimeError):
    """Some rows of a commit were not stored; `keys` names them."""

    def __init__(self, message: str, keys: list[str]):
        super().__init__(message)
        self.keys = keys


def index_body(shards: int = 1, replicas: int | None = None) -> dict[str, Any]:
    """Settings and mapping of the index: whitespace text fields, keyword facets, no refresh."""
    text = {"type": "text", "analyzer": "whitespace", "index_options": "freqs", "norms": True}
    properties: dict[str, Any] = {f"f_{name}": dict(text) for name in FIELD_BOOSTS}
    properties.update({name: {"type": "keyword"} for name in (*FACET_FIELDS, "levels", "key")})
    properties["year"] = {"type": "integer"}
    properties["doc_id"] = {"type": "long"}
    properties["payload"] = {"type": "object", "enabled": False}  # shown, never searched
    settings: dict[str, Any] = {
        "number_of_shards": shards,
        # readers see writes only at the refresh `commit` asks for: all of a commit or none of it
        "refresh_interval": "-1",
        "similarity": {"default": {"type": "BM25", "k1": K1, "b": B}},
        "max_result_window": MAX_RESULT_WINDOW,
    }
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    return {"settings": settings, "mappings": {"dynamic": "strict", "properties": properties}}


def row_source(row: Row, analyze) -> dict[str, Any]:
    """The document stored for a row: the same fields and payload the embedded backend keeps."""
    src: dict[str, Any] = {"key": row.key, "doc_id": row.doc_id, "payload": payload_of(row),
                           "levels": list(row.levels)}
    for name in FIELD_BOOSTS:
        tokens = analyze(row.fields.get(name) or "")
        if tokens:
            src[f"f_{name}"] = " ".join(tokens)
    for name in FACET_FIELDS:
        values = [v for v in row.facets.get(name, []) if v]
        if values:
            src[name] = values
    if row.year:
        src["year"] = row.year
    return src


def build_query(number_tokens: list[str], words: list[str], filters: Filters, level: str,
                fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The bool query: filters score nothing; each token is a boosted term query per field."""
    flt: list[dict[str, Any]] = [{"term": {"levels": level}}]
    for name, values in filters.terms.items():
        flt.append({"terms": {name: list(values)}})
    if filters.year:
        lo, hi = filters.year
        flt.append({"range": {"year": {"gte": lo, "lte": hi}}})
    if filters.keys is not None:
        flt.append({"terms": {"key": list(filters.keys)}})
    if filters.number_tokens:
        flt.append({"terms": {"f_number": list(filters.number_tokens)}})
    should = [{"term": {f"f_{name}": {"value": tok, "boost": boost * SCALE}}}
              for name, tok, boost in weighted_terms(number_tokens, words, fields)]
    query: dict[str, Any] = {"filter": flt}
    if should:
        query["must"] = [{"bool": {"should": should}}]
    return {"bool": query}


def facet_aggs() -> dict[str, Any]:
    aggs = {name: {"terms": {"field": name, "size": 30}} for name in FACET_FIELDS}
    aggs["year"] = {"terms": {"field": "year", "size": 60}}
    return aggs


class ElasticsearchBackend(KeywordBackend):
    def __init__(self, url: str | None = None, *, index: str = DEFAULT_INDEX, client=None, shards: int = 1,
                 replicas: int | None = None, dfs: bool | None = None, timeout: float = 30.0,
                 api_key: str | None = None, ca_certs: str | None = None):
        if client is None:
            if not url:
                raise ValueError("the Elasticsearch backend needs a server URL: set STDKB_ELASTICSEARCH_URL")
            from elasticsearch import Elasticsearch

            auth = {"api_key": api_key} if api_key else {}
            tls = {"ca_certs": ca_certs} if ca_certs else {}
            client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False,
                                   **auth, **tls)
        self.client = client
        self.url = safe_url(url) if url else _client_url(client)  # for messages: never a password
        self.index = index
        self.shards = shards
        self.replicas = replicas
        self.dfs = shards > 1 if dfs is None else dfs  # equal IDF across shards costs one more round trip
        self._clear = False
        self._deleted: set[int] = set()
        self._adds: dict[str, dict[str, Any]] = {}  # key -> source, in call order
        self._call(self._ensure_index)

    # -- the server ---------------------------------------------------------------------------

    def _call(self, fn, *args, **kwargs):
        """Run a request; an unreachable server becomes one clear error naming the URL."""
        from elastic_transport import ConnectionError as TransportConnectionError
        from elastic_transport import ConnectionTimeout, TlsError
        from elasticsearch import AuthenticationException, AuthorizationException

        try:
            return fn(*args, **kwargs)
        except (TransportConnectionError, ConnectionTimeout) as e:
            tls = " (for a self-signed certificate, STDKB_ELASTICSEARCH_CA_CERTS)" if isinstance(e, TlsError) else ""
            raise ElasticsearchUnavailable(
                f"cannot reach Elasticsearch at {self.url} ({type(e).__name__}); check STDKB_ELASTICSEARCH_URL{tls} "
                "or use the embedded backend (STDKB_BACKEND=embedded)") from e
        except (AuthenticationException, AuthorizationException) as e:
            raise ElasticsearchUnavailable(
                f"Elasticsearch at {self.url} refused the credentials ({e.meta.status}): check "
                "STDKB_ELASTICSEARCH_API_KEY or the user in STDKB_ELASTICSEARCH_URL") from e

    def _ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            from elasticsearch import BadRequestError

            body = index_body(self.shards, self.replicas)
            try:
                self.client.indices.create(index=self.index, settings=body["settings"], mappings=body["mappings"])
            except BadRequestError as e:  # another process created it between our two requests
                if "resource_already_exists" not in str(e):
                    raise

    # -- writing: queued in memory, sent at commit --------------------------------------------

    def add(self, rows: list[Row], analyze) -> None:
        for row in rows:
            self._adds[row.key] = row_source(row, analyze)  # same key: the later row replaces

    def delete_docs(self, doc_ids: list[int]) -> None:
        ids = {int(d) for d in doc_ids}
        self._deleted |= ids
        self._adds = {k: v for k, v in self._adds.items() if v["doc_id"] not in ids}

    def clear(self) -> None:
        self._clear = True
        self._deleted.clear()
        self._adds.clear()

    def rollback(self) -> None:
        self._clear = False
        self._deleted = set()
        self._adds = {}

    def commit(self) -> None:
        """Send deletions and rows, then refresh once: readers see the whole commit or none of it.

        Honest limits: Elasticsearch has no multi-document transaction and no writer lock. If a
        request fails midway, the part already sent is stored but stays invisible (refresh
        interval -1) until the next refresh, which the next successful commit makes; the Searcher
        does not advance its change sequence on a failed commit, so that next commit re-sends the
        same documents. A refresh made meanwhile by another writer (or a node restart) would show
        the part already sent; the embedded backend, by contrast, admits one writer at a time.
        """
        if not (self._clear or self._deleted or self._adds):
            return
        clear, deleted, adds = self._clear, sorted(self._deleted), self._adds
        self.rollback()  # the queue is consumed whether or not the requests succeed
        self._call(self._send, clear, deleted, adds)

    def _send(self, clear: bool, deleted: list[int], adds: dict[str, dict[str, Any]]) -> None:
        from elasticsearch import helpers

        if clear:
            self.client.delete_by_query(index=self.index, query={"match_all": {}}, refresh=False)
        for i in range(0, len(deleted), DELETE_CHUNK):
            self.client.delete_by_query(index=self.index, query={"terms": {"doc_id": deleted[i:i + DELETE_CHUNK]}},
                                        refresh=False)
        actions = ({"_op_type": "index", "_index": self.index, "_id": key, "_source": src}
                   for key, src in adds.items())
        failed: list[str] = []
        reasons: list[str] = []
        for ok, item in helpers.streaming_bulk(self.client, actions, chunk_size=BULK_CHUNK, max_retries=3,
                                               raise_on_error=False, raise_on_exception=True):
            if not ok:
                info = item.get("index", {})
                failed.append(str(info.get("_id")))
                if len(reasons) < 3:
                    reasons.append(str(info.get("error", {}).get("reason") or info.get("error")))
        if failed:
            raise BulkWriteError(f"Elasticsearch index {self.index!r} at {self.url} refused {len(failed)} of "
                                 f"{len(adds)} rows ({', '.join(failed[:10])}"
                                 f"{', ...' if len(failed) > 10 else ''}): {'; '.join(reasons)}", failed)
        self.client.indices.refresh(index=self.index)

    def reload(self) -> None:
        """Nothing to do: every process reads the one server, which shows each commit at once."""

    # -- reading ------------------------------------------------------------------------------

    def search(self, number_tokens, words, filters, level, limit, *, facets=False, fields=None):
        body: dict[str, Any] = {
            "query": build_query(number_tokens, words, filters, level, fields),
            "size": max(0, int(limit)),
            "track_total_hits": True,
            "_source": ["payload"],
        }
        if facets:
            body["aggs"] = facet_aggs()
        extra = {"search_type": "dfs_query_then_fetch"} if self.dfs else {}
        resp = self._call(self.client.search, index=self.index, **body, **extra)
        hits = [KeywordHit(float(h["_score"] or 0.0), h["_source"]["payload"]) for h in resp["hits"]["hits"]]
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            aggs = resp.get("aggregations", {})
            for name in (*FACET_FIELDS, "year"):
                counts[name] = [(str(b["key"]), int(b["doc_count"])) for b in aggs.get(name, {}).get("buckets", [])
                                if b["key"] != ""]
        return hits, int(resp["hits"]["total"]["value"]), counts

    def doc_count(self) -> int:
        return int(self._call(self.client.count, index=self.index)["count"])

    def size_bytes(self) -> int:
        stats = self._call(self.client.indices.stats, index=self.index, metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    def drop_index(self) -> None:
        """Delete the whole index on the server (tests; a reindex does not need it)."""
        self._call(self.client.indices.delete, index=self.index, ignore_unavailable=True)

    def describe(self) -> str:
        import json

        return json.dumps({"url": self.url, "index": self.index, "docs": self.doc_count()})


def safe_url(url: str) -> str:
    """The URL without user name and password."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _client_url(client) -> str:
    try:
        node = client.transport.node_pool.get()
        return node.base_url
    except Exception:  # a client of another shape: the URL is only for messages
        return "the configured Elasticsearch server"
