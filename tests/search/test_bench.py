"""The search benchmark runs end to end on a small synthetic corpus (figures are not asserted:
speed is reported in docs/benchmarks.md, never tested by timing)."""

from bench.search import run, sentence, synthetic_rows


def test_synthetic_corpus_uses_the_common_carbon_vocabulary():
    import random

    rows = synthetic_rows(7, 100, random.Random(1), ["碳排放", "温室气体"])
    assert len(rows) == 100 and len({r.clause for r in rows}) == 100
    assert sum("排放" in r.text for r in rows) > 80
    assert sentence(random.Random(2), ["碳排放"]).endswith("。")


def test_bench_run_reports_every_figure(tmp_path):
    result = run(300, queries=20, workdir=str(tmp_path))
    for key in ("keyword_build_s", "keyword_index_mb", "peak_rss_mb", "keyword_p50_ms", "keyword_p95_ms",
                "semantic_p95_ms", "hybrid_p95_ms", "new_document_searchable_s", "embedding_clauses_per_s"):
        assert key in result and result[key] >= 0, key
    assert result["new_document_found_clauses"] == 100
    assert result["vectors"] == "real"
