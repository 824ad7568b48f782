"""A STAND-IN for an Elasticsearch server, for tests on machines where none can run.

No Elasticsearch server can run on the development machine (no container engine, no download
site for the server reachable), so the backend's tests talk over real HTTP, through the real
`elasticsearch` client, to this small in-process server. It implements only what
`index.backends.elasticsearch` uses, the way Elasticsearch documents it:

  HEAD/PUT/DELETE /{index}, GET /{index}/_mapping and /_settings, POST /_bulk (index, delete),
  /{index}/_refresh, /_delete_by_query, /_search, /_count, GET /{index}/_stats.
  Queries: bool (filter, must, should, must_not), term (with boost), terms, range, match_all;
  term, terms and range on keyword or numeric fields score a constant (they are filters here).
  Aggregations: terms (ordered by count, then key). Text: whitespace tokens; Lucene's BM25
  (k1 1.2, b 0.75; N and avgdl per field over the documents that have the field; document
  lengths through Lucene's 1-byte norm, exact up to 40 tokens); strict mappings refuse unknown
  fields; from + size beyond index.max_result_window (default 10,000) is refused.
  Writes become visible only at _refresh (the index's refresh_interval is ignored: never auto).

It does NOT implement: shards, replicas, segments and merges (statistics never count deleted
documents, a real index counts them until a merge), float32 arithmetic (scores agree to ~1e-6),
any other query, aggregation or analyzer, scroll, versions and conflicts, security, and any
response field the backend does not read. Run the same tests against a real server by setting
STDKB_ELASTICSEARCH_URL.
"""

from __future__ import annotations

import json
import math
import operator
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

K1, B = 1.2, 0.75


def _int4(i: int) -> int:  # Lucene SmallFloat.longToInt4 / int4ToLong: the 1-byte length norm
    bits = i.bit_length()
    if bits < 4:
        return i
    shift = bits - 4
    return ((i >> shift) & 0x07) | ((shift + 1) << 3)


def _from_int4(i: int) -> int:
    bits, shift = i & 0x07, (i >> 3) - 1
    return bits if shift == -1 else (bits | 0x08) << shift


FREE = 255 - _int4(2**31 - 1)  # lengths below this are stored exactly


def norm_length(length: int) -> int:
    """The document length Lucene's BM25 sees after the norm's lossy encoding."""
    byte = length if length < FREE else FREE + _int4(length - FREE)
    return byte if byte < FREE else FREE + _from_int4(byte - FREE)


class ApiError(Exception):
    def __init__(self, status: int, kind: str, reason: str):
        super().__init__(reason)
        self.status, self.kind, self.reason = status, kind, reason


class Index:
    def __init__(self, name: str, body: dict[str, Any]):
        self.name = name
        self.settings = body.get("settings") or {}
        self.mappings = body.get("mappings") or {}
        self.latest: dict[str, dict] = {}  # every write so far
        self.visible: dict[str, dict] = {}  # what searches see: `latest` as of the last refresh
        self.stats: dict[str, Any] = {}

    def field_type(self, name: str) -> str | None:
        return (self.mappings.get("properties", {}).get(name) or {}).get("type")

    def check(self, source: dict) -> None:
        if self.mappings.get("dynamic") == "strict":
            for name in source:
                if name not in self.mappings.get("properties", {}):
                    raise ApiError(400, "strict_dynamic_mapping_exception",
                                   f"mapping set to strict, dynamic introduction of [{name}] is not allowed")

    def tokens(self, source: dict, name: str) -> list[str]:
        value = source.get(name)
        values = value if isinstance(value, list) else [] if value is None else [value]
        if self.field_type(name) == "text":
            return [t for v in values for t in str(v).split()]
        return [str(v) for v in values]

    def refresh(self) -> None:
        self.visible = dict(self.latest)
        fields = [n for n, p in self.mappings.get("properties", {}).items() if p.get("type") == "text"]
        self.stats = {}
        for name in fields:
            docs = [self.tokens(src, name) for src in self.visible.values()]
            docs = [d for d in docs if d]
            df: dict[str, int] = {}
            for d in docs:
                for t in set(d):
                    df[t] = df.get(t, 0) + 1
            self.stats[name] = (len(docs), sum(len(d) for d in docs), df)

    def bm25(self, name: str, term: str, source: dict, boost: float) -> float:
        toks = self.tokens(source, name)
        freq = toks.count(term)
        if self.field_type(name) != "text":  # keyword terms are only filters here: no score model
            return boost
        n_docs, total, df = self.stats.get(name, (0, 0, {}))
        n = df.get(term, 0)
        idf = math.log(1 + (n_docs - n + 0.5) / (n + 0.5))
        avgdl = total / n_docs
        return boost * idf * freq / (freq + K1 * (1 - B + B * norm_length(len(toks)) / avgdl))

    def match(self, q: dict, src: dict) -> float | None:
        """The score of `src` for query `q`, or None when it does not match."""
        (kind, body), = q.items()
        if kind == "match_all":
            return float(body.get("boost", 1.0))
        if kind == "bool":
            score = 0.0
            for clause in _list(body.get("filter")):
                if self.match(clause, src) is None:
                    return None
            for clause in _list(body.get("must_not")):
                if self.match(clause, src) is not None:
                    return None
            for clause in _list(body.get("must")):
                s = self.match(clause, src)
                if s is None:
                    return None
                score += s
            should = [s for s in (self.match(c, src) for c in _list(body.get("should"))) if s is not None]
            if body.get("should") and not should and not (body.get("must") or body.get("filter")):
                return None
            return score + sum(should)
        (name, spec), = body.items()
        if kind == "term":
            value, boost = (spec["value"], spec.get("boost", 1.0)) if isinstance(spec, dict) else (spec, 1.0)
            if str(value) not in self.tokens(src, name):
                return None
            return self.bm25(name, str(value), src, float(boost))
        if kind == "terms":
            return 1.0 if {str(v) for v in spec} & set(self.tokens(src, name)) else None
        if kind == "range":
            value = src.get(name)
            ops = {"gte": operator.ge, "lte": operator.le, "gt": operator.gt, "lt": operator.lt}
            ok = value is not None and all(op(float(value), float(spec[k])) for k, op in ops.items() if k in spec)
            return 1.0 if ok else None
        raise ApiError(400, "parsing_exception", f"unknown query [{kind}] (not in the stand-in)")

    def search(self, body: dict) -> dict:
        window = int(self.settings.get("max_result_window", 10_000))
        if int(body.get("from", 0)) + int(body.get("size", 10)) > window:
            raise ApiError(400, "illegal_argument_exception", f"Result window is too large, from + size must be "
                           f"less than or equal to: [{window}]")
        query = body.get("query") or {"match_all": {}}
        matched = [(s, key, src) for key, src in self.visible.items()
                   if (s := self.match(query, src)) is not None]
        ranked = sorted(matched, key=lambda m: -m[0])  # stable: ties in index order, as Lucene's doc ids
        keep = body.get("_source")
        hits = [{"_index": self.name, "_id": key, "_score": s,
                 "_source": {k: v for k, v in src.items() if keep is None or k in keep}}
                for s, key, src in ranked[:int(body.get("size", 10))]]
        out: dict[str, Any] = {"took": 1, "timed_out": False,
                               "hits": {"total": {"value": len(matched), "relation": "eq"}, "hits": hits}}
        if body.get("aggs"):
            out["aggregations"] = {name: self.terms_agg(spec["terms"], [src for _s, _k, src in matched])
                                   for name, spec in body["aggs"].items()}
        return out

    def terms_agg(self, spec: dict, docs: list[dict]) -> dict:
        counts: dict[Any, int] = {}
        for src in docs:
            value = src.get(spec["field"])
            for v in set(value if isinstance(value, list) else [] if value is None else [value]):
                counts[v] = counts.get(v, 0) + 1
        buckets = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        size = int(spec.get("size", 10))
        return {"doc_count_error_upper_bound": 0, "sum_other_doc_count": sum(n for _v, n in buckets[size:]),
                "buckets": [{"key": v, "doc_count": n} for v, n in buckets[:size]]}


def _list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _flat_settings(settings: dict) -> dict:
    """Settings as GET /_settings shows them: under "index", scalars as strings."""
    def strings(v):
        return {k: strings(x) for k, x in v.items()} if isinstance(v, dict) else str(v)
    return {"index": {k.removeprefix("index."): strings(v) for k, v in settings.items()}}


class StandIn:
    """Start with `StandIn().start()`; `url` is where the client connects; `stop()` ends it."""

    def __init__(self, api_key: str | None = None):
        self.api_key = api_key  # when set, every request must carry `Authorization: ApiKey <it>`
        self.indices: dict[str, Index] = {}
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str, str | None]] = []  # (method, path, query, Authorization)
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                url = urlsplit(self.path)
                path = url.path
                try:
                    with standin.lock:
                        auth = self.headers.get("Authorization")
                        standin.requests.append((method, path, url.query, auth))
                        if standin.api_key and auth != f"ApiKey {standin.api_key}":
                            raise ApiError(401, "security_exception", "unable to authenticate request")
                        status, body = standin.handle(method, [p for p in path.split("/") if p], raw)
                except ApiError as e:
                    status, body = e.status, {"error": {"root_cause": [{"type": e.kind, "reason": e.reason}],
                                                        "type": e.kind, "reason": e.reason}, "status": e.status}
                data = b"" if method == "HEAD" else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_PUT(self):
                self._serve("PUT")

            def do_DELETE(self):
                self._serve("DELETE")

            def do_HEAD(self):
                self._serve("HEAD")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> StandIn:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _index(self, name: str) -> Index:
        if name not in self.indices:
            raise ApiError(404, "index_not_found_exception", f"no such index [{name}]")
        return self.indices[name]

    def handle(self, method: str, parts: list[str], raw: str) -> tuple[int, dict]:
        body = json.loads(raw) if raw and not (parts and parts[-1] == "_bulk") else {}
        if not parts:
            return 200, {"name": "stand-in", "cluster_name": "stdkb-tests", "tagline": "You Know, for Search",
                         "version": {"number": "9.0.0", "build_flavor": "default"}}
        if parts[-1] == "_bulk":
            return 200, self.bulk(raw, parts[0] if len(parts) == 2 else None)
        name, action = parts[0], parts[1] if len(parts) > 1 else None
        if action is None:
            if method == "HEAD":
                return (200 if name in self.indices else 404), {}
            if method == "PUT":
                if name in self.indices:
                    raise ApiError(400, "resource_already_exists_exception", f"index [{name}] already exists")
                self.indices[name] = Index(name, body)
                return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
            if method == "DELETE":
                self.indices.pop(name, None)
                return 200, {"acknowledged": True}
        index = self._index(name)
        if action == "_refresh":
            index.refresh()
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if action == "_search":
            return 200, index.search(body)
        if action == "_count":
            n = sum(1 for src in index.visible.values() if index.match(body.get("query") or {"match_all": {}}, src)
                    is not None)
            return 200, {"count": n}
        if action == "_delete_by_query":  # finds what searches see; the deletion shows at the next refresh
            gone = [k for k, src in index.visible.items() if index.match(body["query"], src) is not None]
            for key in gone:
                index.latest.pop(key, None)
            return 200, {"deleted": len(gone), "failures": []}
        if action == "_mapping":
            return 200, {name: {"mappings": index.mappings}}
        if action == "_settings":
            return 200, {name: {"settings": _flat_settings(index.settings)}}
        if action == "_stats":
            size = len(json.dumps(index.visible).encode("utf-8"))
            part = {"docs": {"count": len(index.visible)}, "store": {"size_in_bytes": size}}
            return 200, {"_all": {"primaries": part, "total": part}, "indices": {name: {"primaries": part}}}
        raise ApiError(400, "illegal_argument_exception", f"{method} /{'/'.join(parts)} is not in the stand-in")

    def bulk(self, raw: str, default_index: str | None) -> dict:
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        items, errors, i = [], False, 0
        while i < len(lines):
            (op, meta), = lines[i].items()
            source = lines[i + 1] if op in ("index", "create") else None
            i += 2 if source is not None else 1
            key = meta.get("_id")
            try:
                index = self._index(meta.get("_index") or default_index)
                if op == "delete":
                    found = index.latest.pop(key, None) is not None
                    items.append({op: {"_index": index.name, "_id": key, "status": 200 if found else 404,
                                       "result": "deleted" if found else "not_found"}})
                    continue
                index.check(source)
                existed = index.latest.pop(key, None) is not None  # an update re-appends, as in Lucene
                index.latest[key] = source
                items.append({op: {"_index": index.name, "_id": key, "status": 200 if existed else 201,
                                   "result": "updated" if existed else "created"}})
            except ApiError as e:
                errors = True
                items.append({op: {"_index": meta.get("_index"), "_id": key, "status": e.status,
                                   "error": {"type": e.kind, "reason": e.reason}}})
        return {"took": 1, "errors": errors, "items": items}
