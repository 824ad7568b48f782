"""Search quality on the dev set: nDCG@10, Recall@20 and MRR per mode and per query type.

Judgments are graded (3 the answer, 2 highly relevant, 1 related) and keyed by standard
number, optionally a clause (a hit in that clause or one of its sub-clauses counts), or by
source file name or title fragment (policies). Each judged unit counts once, at its first hit.
With no store given (or an empty one) the shipped corpus is ingested into a temporary one.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO / "corpus" / "eval" / "search-dev.jsonl"
MODES = ("keyword", "semantic", "hybrid")


def corpus_paths() -> list[Path]:
    """What the shipped corpus is: catalogues, sample standards, policies (and the seed policy)."""
    paths = [REPO / "corpus" / "catalogue", REPO / "corpus" / "samples" / "src", REPO / "corpus" / "policies"]
    seed = REPO.parent / "shared" / "seeds" / "chengdu-carbon-peak-pilot-plan-2025.txt"
    policies = REPO / "corpus" / "policies"
    has_seed = policies.exists() and any("chengdu" in p.name for p in policies.iterdir())
    if seed.exists() and not has_seed:
        paths.append(seed)
    return [p for p in paths if p.exists()]


def load_dev(path: Path | None = None) -> list[dict[str, Any]]:
    path = Path(path or DEV_SET)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: not a JSON line ({e})") from e
    return out


def _unit(hit: dict, judgments: list[dict], fold) -> int | None:
    """Index of the judgment a hit satisfies (the most specific one), or None."""
    best = None
    for i, j in enumerate(judgments):
        if "number" in j:
            if hit.get("number") != j["number"]:
                continue
            clause = j.get("clause")
            if clause is not None:
                c = hit.get("clause") or ""
                if c != clause and not c.startswith(clause + "."):
                    continue
                return i  # clause judgments are the most specific
            best = i if best is None else best
        elif _other_match(hit, j, fold):
            best = i if best is None else best
    return best


def _other_match(hit: dict, j: dict, fold) -> bool:
    """A judgment by source file name or by a fragment of the title (policies)."""
    if "source" in j:
        return hit.get("source") == j["source"]
    return "title" in j and fold(j["title"]) in fold(hit.get("title") or "")


def score_query(hits: list[dict], judgments: list[dict], fold) -> dict[str, float]:
    gains: list[int] = []
    seen: set[int] = set()
    found: set[int] = set()
    first_relevant = None
    for rank, hit in enumerate(hits, start=1):
        i = _unit(hit, judgments, fold)
        if i is None or i in seen:
            gains.append(0)
            continue
        seen.add(i)
        g = int(judgments[i]["grade"])
        gains.append(g)
        if rank <= 20 and g > 0:
            found.add(i)
        if first_relevant is None and g >= 2:
            first_relevant = rank
    dcg = sum((2 ** g - 1) / math.log2(r + 1) for r, g in enumerate(gains[:10], start=1))
    ideal = sorted((int(j["grade"]) for j in judgments), reverse=True)
    idcg = sum((2 ** g - 1) / math.log2(r + 1) for r, g in enumerate(ideal[:10], start=1))
    relevant = sum(1 for j in judgments if int(j["grade"]) > 0)
    return {"ndcg@10": dcg / idcg if idcg else 0.0, "recall@20": len(found) / relevant if relevant else 0.0,
            "mrr": 1.0 / first_relevant if first_relevant else 0.0}


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("ndcg@10", "recall@20", "mrr")
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) if rows else 0.0 for k in keys} | {"queries": len(rows)}


def evaluate_search(store=None, settings=None, dev_path: Path | None = None,
                    modes: tuple[str, ...] = MODES, *, searcher=None) -> dict[str, Any]:
    """Run every dev query in every mode; figures overall and per query type."""
    from index.search import Searcher
    from index.settings import Settings

    dev = load_dev(dev_path)
    tmp = None
    if searcher is None:
        if store is None or store.counts()["documents"] == 0:
            from index.store import Store
            from ingest import ingest_paths

            tmp = tempfile.TemporaryDirectory(prefix="stdkb-eval-")
            db = Path(tmp.name) / "eval.db"
            store = Store(db)
            ingest_paths(store, corpus_paths())
            settings = Settings(db=db, embedder=settings.embedder if settings else "default")
        settings = settings or Settings.load(store.path)
        searcher = Searcher(store, settings)
        if tmp is not None:
            searcher.reindex()
        else:
            searcher.refresh()  # the user's own index: catch up, never rebuild it
    try:
        fold = searcher.analyzer.normalize
        result: dict[str, Any] = {"queries": len(dev), "documents": searcher.store.counts()["documents"],
                                  "embedder": None, "modes": {}, "per_query": []}
        for mode in modes:
            rows: list[dict[str, float]] = []
            by_type: dict[str, list[dict[str, float]]] = defaultdict(list)
            t0 = time.perf_counter()
            for item in dev:
                try:
                    hits = [h.to_dict() for h in searcher.search(item["query"], mode=mode, top=20, facets=False).hits]
                except ValueError:
                    hits = []
                s = score_query(hits, item["judgments"], fold)
                rows.append(s)
                by_type[item["type"]].append(s)
                result["per_query"].append({"id": item["id"], "mode": mode, **{k: round(v, 4) for k, v in s.items()}})
            result["modes"][mode] = {"all": _mean(rows), "by_type": {t: _mean(r) for t, r in sorted(by_type.items())},
                                     "seconds": round(time.perf_counter() - t0, 2)}
        if searcher.semantic_enabled and "semantic" in modes:
            result["embedder"] = searcher.embedder.name
        return result
    finally:
        if tmp is not None:
            searcher.store.close()
            tmp.cleanup()


def format_report(result: dict[str, Any]) -> str:
    lines = [f"search dev set: {result['queries']} queries over {result['documents']} documents"
             + (f" (embedder {result['embedder']})" if result.get("embedder") else "")]
    header = f"{'mode':<9} {'type':<14} {'n':>3} {'nDCG@10':>8} {'R@20':>6} {'MRR':>6}"
    lines.append(header)
    for mode, figures in result["modes"].items():
        rows = [("all", figures["all"])] + list(figures["by_type"].items())
        for qtype, f in rows:
            lines.append(f"{mode:<9} {qtype:<14} {f['queries']:>3} {f['ndcg@10']:>8.3f} {f['recall@20']:>6.3f} "
                         f"{f['mrr']:>6.3f}")
    return "\n".join(lines)
