"""A standard laid out by reportlab platypus (flowing, justified paragraphs; header and page number
drawn before the body; Unicode Roman page numbers; a letter-spaced issuer; 部分代替), not by the
project renderer: the parser must not depend on one layout engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from parsing import parse_file

GENERATOR = Path(__file__).resolve().parents[1] / "fixtures" / "parsing" / "platypus_standard.py"


def test_platypus_layout(tmp_path):
    pdf = tmp_path / "platypus.pdf"
    subprocess.run([sys.executable, str(GENERATOR), str(pdf)], check=True)
    doc = parse_file(pdf)
    r = doc.record
    assert r.number == "GB/T 30000.7-2022"
    assert r.title_zh == "示例能源管理体系 实施指南"
    assert r.title_en == "Sample energy management systems—Guidance for implementation"
    assert (r.publish_date, r.implement_date) == ("2022-12-30", "2023-07-01")
    assert r.ics == ["27.010"] and r.ccs == ["F01"]
    assert r.issuers == ["国家市场监督管理总局", "国家标准化管理委员会"]  # 国 家 标 准 化 … letter-spaced
    assert r.replaces == ["GB/T 30000.7-2013"]  # 部分代替
    assert r.technical_committee == "全国能源基础与管理标准化技术委员会（SAC/TC 20）"
    assert [(c.number, c.heading) for c in doc.clauses] == [
        ("前言", "前言"), ("1", "范围"), ("2", "规范性引用文件"), ("3", "术语和定义"), ("4", "能源评审"),
        ("4.1", "总则"), ("4.2", "主要能源使用的识别"), ("附录A", "示例清单"), ("A.1", "清单格式"),
    ]
    by = {c.number: c for c in doc.clauses}
    assert by["4.2"].tables == [[["能源种类", "年消耗量", "占比"], ["电力", "1 200 万kWh", "62%"],
                                 ["天然气", "80 万m³", "30%"]]]
    assert "\n" not in by["1"].text  # one justified paragraph, wrapped lines joined
    assert not any(line.strip() in ("1", "2", "Ⅱ") for c in doc.clauses for line in c.text.split("\n"))
    assert doc.warnings == []
