"""Search speed at scale: `python -m bench.search --clauses N --json` (`stdkb bench search`).

Builds a synthetic corpus of N clauses in documents of 100 clauses, from sentences recombined
out of the carbon vocabulary (common words such as 排放 / 碳 / 温室气体 occur in most clauses,
as in real standards), indexes it with the real analyzer and keyword backend, and measures
build time, index size, peak RSS, p50/p95 latency per mode, the time for one new 100-clause
document to become searchable, and embedding throughput.

Vectors: up to `real_embeddings_max` clauses every clause is embedded with the real model; above
that, embedding throughput is measured on a sample and the vector index holds random unit
vectors of the model's dimension (search cost depends on the count and dimension only). The
result says which was used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import print_result
from index.analyzer import VOCAB_FILE, shared_analyzer
from index.rows import Row

SUBJECTS = ["报告主体", "重点排放单位", "企业", "园区", "运营单位", "核查机构", "生产企业", "用能单位", "组织"]
VERBS = ["应核算", "宜监测", "可采用", "应报告", "应记录", "不应重复计算", "宜统计", "应确定", "应评价", "可参照"]
NOUNS = ["排放量", "排放因子", "活动数据", "核算边界", "能源消费量", "碳排放强度", "数据质量", "监测计划",
         "温室气体排放", "二氧化碳排放", "碳足迹", "节能量", "减排量", "综合能耗", "购入电力", "化石燃料燃烧排放"]
QUALIFIERS = ["按月", "按年度", "分别", "按工序", "在报告期内", "按设施", "按产品", "在核算边界内"]
NUMBERS = ["GB/T 32150—2015", "GB/T 32151.8—2023", "GB/T 2589—2020", "GB 17167", "ISO 14064-1:2018",
           "GB/T 24067—2024", "GB/T 23331—2020", "DB51/T 2987—2022"]
ENGLISH = ["greenhouse gas emissions", "activity data", "emission factor", "carbon footprint", "energy management"]


def _vocab() -> list[str]:
    return [w for w in VOCAB_FILE.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]


def sentence(rng: random.Random, vocab: list[str]) -> str:
    s = (f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(vocab)}的{rng.choice(NOUNS)}，"
         f"{rng.choice(QUALIFIERS)}{rng.choice(VERBS)}{rng.choice(vocab)}{rng.choice(NOUNS)}")
    if rng.random() < 0.15:
        s += f"，并符合{rng.choice(NUMBERS)}的规定"
    if rng.random() < 0.05:
        s += f"（{rng.choice(ENGLISH)}）"
    return s + "。"


def synthetic_rows(doc_id: int, n: int, rng: random.Random, vocab: list[str]) -> list[Row]:
    """One synthetic standard of `n` clauses (a record row is the caller's business)."""
    number = f"T/SYN {doc_id}-{2000 + doc_id % 25}"
    title = f"{rng.choice(vocab)}{rng.choice(NOUNS)}核算与报告要求"
    rows = []
    doc_type = rng.choice(["national", "industry", "local", "group", "international"])
    facets = {"doc_type": [doc_type], "status": [rng.choice(["现行", "现行", "现行", "废止", "被代替"])],
              "kind": ["standard"], "ics": ["13", "13.020"], "topic": [rng.choice(["基础通用", "碳减排"])]}
    for seq in range(n):
        chapter = seq // 10 + 1
        clause = f"{chapter}.{seq % 10 + 1}"
        heading = f"{rng.choice(vocab)}{rng.choice(NOUNS)}"
        text = "".join(sentence(rng, vocab) for _ in range(rng.randint(1, 3)))
        rows.append(Row(doc_id=doc_id, seq=seq, levels=["clause"], number=number, title=title, clause=clause,
                        heading=heading, path=f"{number} › {clause} {heading}", source=f"syn-{doc_id}.pdf",
                        kind="standard", text=text,
                        fields={"number": number, "title": title, "term": "", "heading": heading, "body": text},
                        facets=facets, year=2000 + doc_id % 25))
    return rows


def _queries(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append(rng.choice(["排放", "碳", "温室气体", "核算", "排放因子"]))  # the common terms
        elif kind == 1:
            out.append(f"{rng.choice(vocab)} {rng.choice(NOUNS)}")
        elif kind == 2:
            out.append(f"{rng.choice(SUBJECTS)}如何{rng.choice(VERBS)[1:]}{rng.choice(vocab)}的{rng.choice(NOUNS)}")
        elif kind == 3:
            out.append(rng.choice(NUMBERS).replace("—", "-"))
        else:
            out.append(rng.choice(ENGLISH))
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 2)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(clauses: int = 10_000, modes: tuple[str, ...] = ("keyword", "semantic", "hybrid"), queries: int = 200,
        *, real_embeddings_max: int = 10_000, embedder: str = "default", workdir: str | None = None,
        seed: int = 7, hnsw_ef_construction: int | None = None, hnsw_m: int | None = None) -> dict:
    from index import vectors as vec
    from index.backends.embedded import EmbeddedBackend
    from index.embedders import get_embedder
    from index.search import Searcher
    from index.settings import Settings
    from index.store import Store
    from parsing.model import Clause, Document, ParsedDocument, Record

    if hnsw_ef_construction:
        vec.HNSW_EF_CONSTRUCTION = hnsw_ef_construction
    if hnsw_m:
        vec.HNSW_M = hnsw_m
    rng = random.Random(seed)
    vocab = _vocab()
    analyzer = shared_analyzer()
    tmp = tempfile.TemporaryDirectory(prefix="stdkb-bench-", dir=workdir)
    db = Path(tmp.name) / "bench.db"
    settings = Settings(db=db, embedder=embedder)
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    out: dict = {"clauses": clauses, "documents": (clauses + 99) // 100, "queries": queries,
                 "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    # keyword index, built in documents of 100 clauses
    backend = EmbeddedBackend(index_dir / "keyword")
    backend.plan(clauses)  # as `stdkb reindex` does: a large collection is split into shards
    backend.clear()
    t0 = time.perf_counter()
    made = 0
    doc_id = 1_000_000  # away from the ids the store gives real documents
    keys: list[str] = []
    ids: list[int] = []
    texts: list[str] = []
    while made < clauses:
        rows = synthetic_rows(doc_id, min(100, clauses - made), rng, vocab)
        backend.add(rows, analyzer.tokens)
        keys.extend(r.key for r in rows)
        ids.extend(r.doc_id for r in rows)
        if clauses <= real_embeddings_max:
            texts.extend(f"{r.title} {r.heading}：{r.text}"[:400] for r in rows)
        made += len(rows)
        doc_id += 1
        if made % 100_000 == 0:
            backend.commit()
    backend.commit()
    out["keyword_build_s"] = round(time.perf_counter() - t0, 2)
    out["keyword_index_mb"] = round(backend.size_bytes() / 1e6, 1)
    out["keyword_shards"] = len(backend.shards)
    _progress(out)

    # vectors
    model = get_embedder(embedder)
    # throughput on clause texts as the index embeds them (title, heading, text; 400 chars at most)
    sample = texts[:512] or [f"{r.title} {r.heading}：{r.text}"[:400]
                             for r in synthetic_rows(1, 512, random.Random(seed + 1), vocab)]
    model.encode(sample[:16])
    t0 = time.perf_counter()
    model.encode(sample)
    out["embedder"] = model.name
    out["embedding_clauses_per_s"] = round(len(sample) / (time.perf_counter() - t0), 1)
    t0 = time.perf_counter()
    if texts:
        vectors = model.encode(texts)
        out["vectors"] = "real"
        out["embedding_clauses_per_s"] = round(len(texts) / (time.perf_counter() - t0), 1)
    else:
        gen = np.random.default_rng(seed)
        vectors = np.empty((clauses, model.dim), dtype=np.float32)
        for i in range(0, clauses, 100_000):
            chunk = gen.standard_normal((min(100_000, clauses - i), model.dim)).astype(np.float32)
            vectors[i:i + len(chunk)] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
        out["vectors"] = "random unit vectors (embedding throughput measured on a sample)"
    out["embed_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    snap = vec.make_snapshot(keys, ids, vectors)
    vec.save(snap, index_dir / "vectors.npz")
    out["vector_index_build_s"] = round(time.perf_counter() - t0, 2)
    out["vector_index"] = (f"hnsw (M={vec.HNSW_M}, ef_construction={vec.HNSW_EF_CONSTRUCTION})"
                           if snap.ann is not None else "exact numpy")
    _progress(out)
    out["vectors_mb"] = round(vectors.nbytes / 1e6, 1)
    del vectors, snap
    backend = None

    store = Store(db)
    searcher = Searcher(store, settings)
    searcher.refresh()
    qs = _queries(rng, vocab, queries)
    out["load_average_before_queries"] = round(os.getloadavg()[0], 2)  # the cores may be shared
    for mode in modes:  # warm-up: caches, the model, jieba
        for q in qs[:10]:
            searcher.search(q, mode=mode, facets=False)
    for mode in modes:
        times = []
        for q in qs:
            t = time.perf_counter()
            searcher.search(q, mode=mode, top=10, facets=False)
            times.append(time.perf_counter() - t)
        out[f"{mode}_p50_ms"] = _pct(times, 0.50)
        out[f"{mode}_p95_ms"] = _pct(times, 0.95)
        _progress(out)
    times = []
    for q in qs[:50]:
        t = time.perf_counter()
        searcher.search(q, mode="keyword", top=10, facets=True)
        times.append(time.perf_counter() - t)
    out["keyword_with_facets_p95_ms"] = _pct(times, 0.95)

    # one new 100-clause document, through the store, until a search finds it
    parsed = ParsedDocument(
        record=Record(number="T/NEW 1-2026", title_zh="新到标准 氢能炼钢碳排放核算"),
        clauses=[Clause(number=str(i + 1), heading="氢能炼钢", text=sentence(rng, vocab) + "氢基竖炉直接还原。")
                 for i in range(100)])
    t0 = time.perf_counter()
    store.add(Document(source_name="new.pdf", content_hash="bench-new", media_type="application/pdf"), parsed,
              "bench-new.pdf")
    found = searcher.search("氢基竖炉", mode="keyword", facets=False).total
    out["new_document_searchable_s"] = round(time.perf_counter() - t0, 3)
    out["new_document_embedding_s"] = round(searcher.last_embed_s, 3)
    out["new_document_searchable_without_embedding_s"] = round(
        out["new_document_searchable_s"] - searcher.last_embed_s, 3)
    out["new_document_found_clauses"] = found
    out["peak_rss_mb"] = _rss_mb()
    searcher.wait_saved()  # the vector snapshot is written in the background at this size
    store.close()
    tmp.cleanup()
    return out


def _progress(out: dict) -> None:
    """Figures so far, to stderr: a long run that dies late still leaves its numbers."""
    print(json.dumps(out, ensure_ascii=False), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clauses", type=int, default=10_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--modes", default="keyword,semantic,hybrid")
    p.add_argument("--real-embeddings-max", type=int, default=10_000)
    p.add_argument("--embedder", default="default")
    p.add_argument("--hnsw-ef-construction", type=int, default=None)
    p.add_argument("--hnsw-m", type=int, default=None)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    result = run(args.clauses, tuple(args.modes.split(",")), args.queries,
                 real_embeddings_max=args.real_embeddings_max, embedder=args.embedder,
                 hnsw_ef_construction=args.hnsw_ef_construction, hnsw_m=args.hnsw_m)
    print_result(result, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
