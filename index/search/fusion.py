"""Hybrid fusion: keyword-led, with the dense score added at a weight per query type.

Naive reciprocal-rank fusion let a weaker dense model pull good keyword hits down; here the
keyword score (normalised by the best one) leads and the semantic similarity (normalised over
the candidates) is added with a weight tuned on the dev set per query type. Number lookups are
keyword-only (the number field decides); English queries lean on meaning the most.
"""

from __future__ import annotations

# Tuned on corpus/eval/search-dev.jsonl (see docs/quality.md, ## Search).
WEIGHTS = {"number": 0.0, "short": 0.2, "natural": 0.6, "english": 1.0, "empty": 0.0}
CANDIDATES = 100  # per list


def fuse(keyword: list[tuple[str, float]], semantic: list[tuple[str, float]], qtype: str,
         weights: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """(key, fused score) best first, from (key, bm25) and (key, cosine) lists."""
    w = (weights or WEIGHTS).get(qtype, 0.3)
    if w <= 0 or not semantic:
        return list(keyword)
    if not keyword:
        return list(semantic)
    kw_max = max(s for _k, s in keyword) or 1.0
    cos = dict(semantic)
    lo, hi = min(cos.values()), max(cos.values())
    span = (hi - lo) or 1.0
    scores: dict[str, float] = {}
    for key, s in keyword:
        scores[key] = s / kw_max
    for key in set(scores) | set(cos):
        dense = (cos[key] - lo) / span if key in cos else 0.0
        scores[key] = scores.get(key, 0.0) + w * dense
    return sorted(scores.items(), key=lambda kv: -kv[1])
