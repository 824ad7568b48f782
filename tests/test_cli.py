"""The stdkb command line and its JSON outputs: a public interface other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.test_ingest import STANDARD_TEXT
from ui.cli import main

PARSE_KEYS = {"kind", "record", "clauses", "terms", "references", "requirements", "targets", "warnings",
              "text", "pages", "media_type"}
HIT_KEYS = {"rank", "score", "doc_id", "number", "title", "clause", "heading", "snippet", "source"}
CATALOGUE = """number,title_zh,publish_date,implement_date,source_url
GB/T 32150-2015,工业企业温室气体排放核算和报告通则,2015-11-19,2016-06-01,https://openstd.samr.gov.cn/
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "sample.txt").write_text(STANDARD_TEXT, encoding="utf-8")
    (folder / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    return folder


def test_parse_json_contract(capsys, corpus):
    code, out, _ = run(capsys, "parse", str(corpus / "sample.txt"), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == PARSE_KEYS
    assert data["record"]["number"] == "GB/T 99901-2026"
    assert data["record"]["title_zh"] == "碳排放核算测试标准"
    assert {"number", "heading", "level", "kind", "text", "parent"} <= set(data["clauses"][0])
    assert any(c["number"] == "4.1" and c["parent"] == "4" for c in data["clauses"])
    assert any(t["term_zh"] == "温室气体" and t["term_en"] == "greenhouse gas" for t in data["terms"])
    assert any(r["target"] == "GB/T 32150-2015" and r["kind"] == "normative" for r in data["references"])
    assert any(q["modality"] == "requirement" and q["clause"] == "4.1" for q in data["requirements"])


def test_parse_missing_and_bad_files(capsys, tmp_path):
    code, _, err = run(capsys, "parse", str(tmp_path / "nothing.pdf"))
    assert code == 3 and "nothing.pdf" in err
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "parse", str(empty))
    assert code == 1 and "empty.txt" in err and "empty" in err


def test_ingest_show_search_export(capsys, corpus, tmp_path):
    db = str(tmp_path / "kb.db")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7 broken")
    code, out, err = run(capsys, "--db", db, "ingest", str(corpus), "--json")
    assert code == 1  # one file failed; the others are stored
    report = json.loads(out)
    assert report["counts"] == {"added": 2, "new_version": 0, "unchanged": 0, "failed": 1}
    assert report["outcomes"][0]["source"].endswith("broken.pdf") and report["outcomes"][0]["reason"]

    code, out, _ = run(capsys, "--db", db, "show", "GB/T32150—2015", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["record"]["number"] == "GB/T 32150-2015"
    assert shown["document"]["kind"] == "record-only"
    assert {"id", "document", "record", "clauses", "terms", "references", "cited_by", "versions"} <= set(shown)
    # the sample cites it twice: in clause 2 (normative) and in the text of clause 4.1
    assert sorted((c["number"], c["clause"], c["kind"]) for c in shown["cited_by"]) == [
        ("GB/T 99901-2026", "2", "normative"), ("GB/T 99901-2026", "4.1", "mentioned")]

    code, out, _ = run(capsys, "--db", db, "show", "GB/T 1-1999")
    assert code == 3

    code, out, _ = run(capsys, "--db", db, "search", "温室气体排放核算", "--mode", "keyword", "--json")
    assert code == 0
    result = json.loads(out)
    hits = result["hits"]
    assert hits and all(set(h) >= HIT_KEYS for h in hits)
    assert {h["number"] for h in hits} >= {"GB/T 32150-2015", "GB/T 99901-2026"}
    assert {h["source"] for h in hits} >= {"catalogue.csv", "sample.txt"}
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))

    code, _, err = run(capsys, "--db", db, "search", "碳", "--filter", "colour=red")
    assert code == 2 and "colour" in err

    code, out, _ = run(capsys, "--db", db, "export", "--format", "csv")
    assert code == 0 and out.lstrip("\ufeff").startswith("number,") and "GB/T 32150-2015" in out
    code, out, _ = run(capsys, "--db", db, "export", "--format", "json")
    assert {r["number"] for r in json.loads(out)} == {"GB/T 32150-2015", "GB/T 99901-2026"}
    exported = tmp_path / "records.csv"
    code, _, _ = run(capsys, "--db", db, "export", "--format", "csv", "-o", str(exported))
    again = tmp_path / "again.db"
    code, out, _ = run(capsys, "--db", str(again), "ingest", str(exported), "--json", "--no-index")
    assert code == 0 and json.loads(out)["counts"]["added"] == 2


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("stdkb")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "ingest" in done.stdout and "search" in done.stdout


def test_search_json_says_null_for_what_a_record_does_not_show(capsys, tmp_path):
    """A catalogue row without dates has no status: null, not "", and its curator's note is not text."""
    catalogue = tmp_path / "c.csv"
    catalogue.write_text("number,title_zh,scope,note\nGB/T 32150-2015,工业企业温室气体排放核算和报告通则,"
                         "温室气体核算通用原则。,日期未核实 chinesestandard\n", encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert run(capsys, "--db", db, "ingest", str(catalogue), "--json")[0] == 0
    code, out, _ = run(capsys, "--db", db, "search", "温室气体核算", "--mode", "keyword", "--json")
    hit = json.loads(out)["hits"][0]
    assert hit["number"] == "GB/T 32150-2015" and hit["status"] is None
    code, out, _ = run(capsys, "--db", db, "search", "chinesestandard", "--mode", "keyword", "--json")
    assert json.loads(out)["hits"] == []


def test_an_unreachable_search_server_is_a_clear_error(capsys, tmp_path, monkeypatch):
    """With the Elasticsearch backend chosen and no server at the URL (port 9 on this machine
    answers nothing), search says which server and which setting, and exits 1: no traceback."""
    monkeypatch.setenv("STDKB_BACKEND", "elasticsearch")
    monkeypatch.setenv("STDKB_ELASTICSEARCH_URL", "http://127.0.0.1:9")
    code, out, err = run(capsys, "--db", str(tmp_path / "k.db"), "search", "核算边界")
    assert code == 1 and out == ""
    assert "127.0.0.1:9" in err and "STDKB_ELASTICSEARCH_URL" in err and "Traceback" not in err
