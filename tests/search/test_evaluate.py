"""The search evaluation: metric arithmetic, and a run over a small dev file on the test corpus."""

from __future__ import annotations

import json
import math

import pytest

from index.evaluate import evaluate_search, format_report, load_dev, score_query

FOLD = str.lower


def test_perfect_ranking_scores_one():
    judgments = [{"number": "A", "grade": 3}, {"number": "B", "clause": "5", "grade": 2}]
    hits = [{"number": "A", "clause": None}, {"number": "B", "clause": "5.1"}]
    s = score_query(hits, judgments, FOLD)
    assert s == {"ndcg@10": 1.0, "recall@20": 1.0, "mrr": 1.0}


def test_each_judged_unit_counts_once_and_order_matters():
    judgments = [{"number": "A", "grade": 3}, {"number": "B", "grade": 1}]
    swapped = score_query([{"number": "B"}, {"number": "A"}], judgments, FOLD)
    repeated = score_query([{"number": "A"}, {"number": "A"}, {"number": "B"}], judgments, FOLD)
    assert swapped["ndcg@10"] < 1.0 and swapped["mrr"] == 0.5
    ideal = 7 + 1 / math.log2(3)
    assert repeated["ndcg@10"] == pytest.approx((7 + 1 / math.log2(4)) / ideal)
    assert score_query([], judgments, FOLD) == {"ndcg@10": 0.0, "recall@20": 0.0, "mrr": 0.0}


def test_clause_judgments_match_sub_clauses_not_siblings():
    judgments = [{"number": "A", "clause": "5.1", "grade": 3}]
    assert score_query([{"number": "A", "clause": "5.1.2"}], judgments, FOLD)["mrr"] == 1.0
    assert score_query([{"number": "A", "clause": "5.10"}], judgments, FOLD)["mrr"] == 0.0


def test_source_and_title_judgments():
    assert score_query([{"source": "p.txt"}], [{"source": "p.txt", "grade": 3}], FOLD)["mrr"] == 1.0
    assert score_query([{"title": "成都市实施方案"}], [{"title": "成都", "grade": 2}], FOLD)["mrr"] == 1.0


def test_evaluate_over_the_test_corpus(built, tmp_path):
    _store, _ids, searcher = built
    dev = tmp_path / "dev.jsonl"
    rows = [
        {"id": "a", "type": "number", "query": "GBT32150", "judgments": [{"number": "GB/T 32150-2015", "grade": 3}]},
        {"id": "b", "type": "researcher", "query": "水泥熟料",
         "judgments": [{"number": "GB/T 32151.8-2015", "clause": "6.2", "grade": 3}]},
        {"id": "c", "type": "traditional", "query": "光伏 氫能",
         "judgments": [{"source": "chengdu-pilot-plan.txt", "grade": 3}]},
    ]
    dev.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = evaluate_search(dev_path=dev, modes=("keyword",), searcher=searcher)
    assert result["queries"] == 3
    assert result["modes"]["keyword"]["all"]["mrr"] == 1.0
    assert set(result["modes"]["keyword"]["by_type"]) == {"number", "researcher", "traditional"}
    report = format_report(result)
    assert "nDCG@10" in report and "traditional" in report


def test_shipped_dev_set_is_well_formed():
    dev = load_dev()
    assert len(dev) >= 80
    assert {"number", "researcher", "enterprise", "librarian", "english", "cross-lingual", "traditional"} <= {
        d["type"] for d in dev}
    for d in dev:
        assert d["query"] and d["judgments"], d["id"]
        assert all(j["grade"] in (1, 2, 3) and ({"number", "source", "title"} & set(j)) for j in d["judgments"])
    assert len({d["id"] for d in dev}) == len(dev)
