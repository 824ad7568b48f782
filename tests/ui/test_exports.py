"""Exports: each format read back by a real reader, and GB/T 7714-2015 citations."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from parsing.model import Record
from tests.ui import sample_docs
from ui import exports


@pytest.fixture
def records() -> list[Record]:
    return [sample_docs.accounting_standard().record, sample_docs.energy_standard().record,
            sample_docs.iso_standard().record]


def test_csv_reads_back(records):
    data = exports.to_csv(records)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == ["GB/T 32150-2015", "GB/T 2589-2020", "ISO 14064-1:2018"]
    assert rows[0]["issuers"] == "国家市场监督管理总局; 国家标准化管理委员会"
    assert rows[0]["adopts"] == "ISO 14064-1:2018 NEQ"
    assert rows[1]["replaces"] == "GB/T 2589-2008"


def test_csv_and_excel_neutralise_formulas():
    record = Record(number="GB/T 1-2020", title_zh="=HYPERLINK(\"http://x\")")
    row = next(csv.DictReader(io.StringIO(exports.to_csv([record]).decode("utf-8-sig"))))
    assert row["title_zh"].startswith("'=")
    ws = load_workbook(io.BytesIO(exports.to_xlsx([record]))).active
    assert ws.cell(2, 2).value.startswith("'=")


def test_excel_reads_back(records):
    ws = load_workbook(io.BytesIO(exports.to_xlsx(records))).active
    header = [c.value for c in ws[1]]
    assert header == list(exports.COLUMNS)
    assert ws.cell(2, 1).value == "GB/T 32150-2015"
    assert ws.cell(3, 2).value == "综合能耗计算通则"
    assert ws.max_row == 4


def test_json_round_trips(records):
    back = [Record.from_dict(d) for d in json.loads(exports.to_json(records))]
    assert back == records


def test_gbt7714_standard():
    record = sample_docs.accounting_standard().record
    assert exports.gbt7714(record) == (
        "国家市场监督管理总局, 国家标准化管理委员会. 工业企业温室气体排放核算和报告通则: "
        "GB/T 32150—2015[S]. 北京: 中国标准出版社, 2015.")


def test_gbt7714_unknown_publisher_and_international():
    local = Record(number="DB51/T 2987-2022", title_zh="样例地方标准", issuers=["四川省市场监督管理局"],
                   publish_date="2022-12-01")
    assert exports.gbt7714(local) == "四川省市场监督管理局. 样例地方标准: DB51/T 2987—2022[S]. [出版地不详]: [出版者不详], 2022."
    iso = sample_docs.iso_standard().record
    assert exports.gbt7714(iso) == "ISO. Greenhouse gases — Part 1: ISO 14064-1:2018[S]. Geneva: ISO, 2018."


def test_gbt7714_policy_and_list():
    policy = sample_docs.policy().record
    assert exports.gbt7714(policy, kind="policy") == "成都市发展和改革委员会. 成都市碳达峰试点建设方案: 成发改〔2024〕12号[Z], 2024."
    text = exports.to_gbt7714([sample_docs.energy_standard().record, policy], ["standard", "policy"])
    lines = text.splitlines()
    assert lines[0].startswith("[1] 国家市场监督管理总局") and lines[1].startswith("[2] 成都市")


def test_ris(records):
    text = exports.to_ris(records)
    entries = [e for e in text.split("ER  - ") if e.strip()]
    assert len(entries) == 3
    first = entries[0].splitlines()
    assert "TY  - STAND" in first and "M1  - GB/T 32150-2015" in first
    assert "AU  - 国家市场监督管理总局" in first and "PY  - 2015" in first and "DA  - 2015/11/19" in first
    assert all(len(line) >= 6 and line[2:6] == "  - " for e in entries for line in e.splitlines() if line)


def test_bibtex(records):
    records.append(Record(number="GB/T 32150-2015", title_zh="重复_编号 & 50%"))
    text = exports.to_bibtex(records)
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@misc{")]
    assert keys == ["GBT32150_2015", "GBT2589_2020", "ISO_14064_1_2018", "GBT32150_2015_2"]
    assert "title = {重复\\_编号 \\& 50\\%}" in text
    assert text.count("{") == text.count("}")


def test_export_by_name(records):
    for name, spec in exports.FORMATS.items():
        data = exports.export(records, name)
        assert isinstance(data, bytes) and data, name
        assert spec.extension
    with pytest.raises(ValueError, match="unknown export format"):
        exports.export(records, "PDF")
