"""Catalogue files: every good row kept, every bad row rejected with its line number."""

from __future__ import annotations

import json

from ingest import ingest_paths
from ingest.catalogue import read_catalogue
from ui.exports import to_csv

CSV = """number,title_zh,title_en,publish_date,implement_date,ics,ccs,replaces,adopts,adopts_degree,source_url
GB/T 32150-2015,工业企业温室气体排放核算和报告通则,General guideline of greenhouse gas emissions accounting and reporting for industrial enterprises,2015-11-19,2016-06-01,13.020.40,Z04,,,,https://openstd.samr.gov.cn/
GB/T 24064—2023,温室气体 温室气体排放核查,,2023/5/23,2023-12-01,13.020.40,,GB/T 24064-2009,ISO 14064-3:2019,IDT,https://openstd.samr.gov.cn/
,没有编号的行,,,,,,,,,
GB/T 99999-2020,日期错误,,2020-13-45,,,,,,,
GB/T 99998-2020,ICS 错误,,,,13-020,,,,,
GB 17167-2006,用能单位能源计量器具配备和管理通则,,2006-04-06,2007-01-01,,,GB/T 17167-1997,,,https://openstd.samr.gov.cn/
"""


def test_csv_rows_are_checked_and_normalised():
    rows = read_catalogue(CSV.encode("utf-8"), "text/csv")
    good = {r.record.number: r.record for r in rows if r.record}
    bad = {r.line: r.error for r in rows if r.error}
    assert set(good) == {"GB/T 32150-2015", "GB/T 24064-2023", "GB 17167-2006"}
    assert good["GB/T 24064-2023"].publish_date == "2023-05-23"
    assert good["GB/T 24064-2023"].adopts.number == "ISO 14064-3:2019"
    assert good["GB/T 24064-2023"].adopts.degree == "IDT"
    assert good["GB 17167-2006"].nature == "强制" and good["GB 17167-2006"].doc_type == "national"
    assert good["GB/T 32150-2015"].ccs == ["Z04"]
    assert bad == {4: "number: missing", 5: "publish_date: no such day: '2020-13-45'",
                   6: "ics: not an ICS code (e.g. 13.020.40): '13-020'"}


def test_catalogue_ingest_keeps_good_rows_and_reports_bad_ones(store, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(CSV, encoding="utf-8")
    report = ingest_paths(store, [path])
    assert report.counts()["added"] == 3
    assert sorted(o.row for o in report.failed) == [4, 5, 6]
    assert all(o.source == str(path) for o in report.failed)
    doc_id = store.resolve("GB/T 32150-2015")[0]
    stored = store.get(doc_id)
    assert stored.document.kind == "record-only"
    assert stored.document.provenance.row == 2
    assert stored.document.provenance.url == "https://openstd.samr.gov.cn/"
    assert stored.record.status == "现行" and stored.record.status_source == "derived"
    assert ingest_paths(store, [path]).counts()["unchanged"] == 3


def test_json_catalogue_and_duplicate_numbers(store, tmp_path):
    rows = [{"number": "ISO 14064-1:2018", "title_en": "Greenhouse gases — Part 1"},
            {"number": "ISO 14064-1:2018", "title_en": "again"},
            "not a record"]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    report = ingest_paths(store, [path])
    assert report.counts()["added"] == 1
    reasons = {o.row: o.reason for o in report.failed}
    assert reasons == {2: "number ISO 14064-1:2018 already on line 1", 3: "not an object"}


def test_export_csv_reads_back_the_same_records():
    records = [r.record for r in read_catalogue(CSV.encode("utf-8"), "text/csv") if r.record]
    again = [r.record for r in read_catalogue(to_csv(records), "text/csv")]
    assert [r.to_dict() for r in again] == [r.to_dict() for r in records]
