"""Parsing speed on a synthetic dense CJK standard (`stdkb bench parsing`, `python -m bench.parsing`).

Measures, on one PDF with a text layer laid out by corpus/tools/render_pdf.py:
- pdfplumber's own `extract_text` (on a sample of pages: it is slow),
- pypdfium2 text extraction (what parsing uses for every page),
- the whole parser (`parsing.parse_file`: text, tables, record, clause tree, terms, references,
  spaCy requirement tagging), warm (pipeline loaded) and cold (first call in the process);
and checks that pdfium and pdfplumber give the same text (each page's lines compared without
whitespace, which the two lay out differently) and the same tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

_PARAGRAPHS = [
    "报告主体应以企业法人或视同法人的独立核算单位为边界，核算和报告其生产系统产生的温室气体排放，核算边界宜与企业的能源统计边界一致。",
    "燃料燃烧排放按GB/T 32150—2015的规定计算，燃料的低位发热量宜采用实测值，无法实测时可采用附录A给出的缺省值，缺省值的选取应在报告中说明。",
    "生产过程中碳酸盐分解产生的二氧化碳排放可单独报告，可再生能源的利用不计入排放，能源管理体系的应用不改变核算边界，企业能获得实测数据时不宜采用缺省值。",
    "活动数据应按月收集并建立台账，计量器具的配备和管理应符合GB 17167的要求，数据缺失时不应采用未经核实的估算值代替，确需估算的应说明方法和依据。",
]


def synthetic_text(pages: int) -> str:
    """A sample standard long enough to fill about `pages` A4 pages (about 1 200 characters each)."""
    head = (
        "ICS 13.020.40\nCCS Z 04\n中华人民共和国国家标准\nGB/T 99999.1—2025\n代替 GB/T 99999.1—2015\n"
        "温室气体排放核算基准测试文件\nBenchmark document for greenhouse gas accounting\n"
        "2025-01-01 发布\n2025-07-01 实施\n国家市场监督管理总局\n国家标准化管理委员会  发布\n\n"
        "前言\n本文件由全国碳排放管理标准化技术委员会（SAC/TC 548）提出并归口。\n"
    )
    body: list[str] = []
    chars = 0
    chapter = 0
    target = pages * 1150
    while chars < target:
        chapter += 1
        body.append(f"{chapter} 核算要求第{chapter}部分")
        for clause in range(1, 5):
            body.append(f"{chapter}.{clause} 具体要求{clause}")
            for k in range(3):
                p = _PARAGRAPHS[(chapter + clause + k) % len(_PARAGRAPHS)]
                body.append(p)
                chars += len(p)
        if chapter % 10 == 0:
            body += ["表1 参数", "|燃料品种|计量单位|低位发热量|", "|无烟煤|GJ/t|26.7|", "|柴油|GJ/t|43.3|"]
    return head + "\n".join(body) + "\n"


def make_pdf(pages: int, out: Path) -> Path:
    from parsing.evaluate import _renderer

    return _renderer()(synthetic_text(pages), out)


def run(pages: int = 200) -> dict:
    import pdfplumber

    from parsing import parse_file
    from parsing.extract.pdf import text_only_pdfium

    pdfium = text_only_pdfium()  # as parsing uses it

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        pdf = make_pdf(pages, Path(tmp) / "bench.pdf")
        render_s = time.perf_counter() - t0
        doc = pdfium.PdfDocument(str(pdf))
        n = len(doc)

        t0 = time.perf_counter()
        cold = parse_file(pdf)  # loads spaCy + jieba once
        cold_s = time.perf_counter() - t0
        runs, cpu_runs = [], []
        for _ in range(2):
            t0, c0 = time.perf_counter(), time.process_time()
            parsed = parse_file(pdf)
            runs.append(time.perf_counter() - t0)
            cpu_runs.append(time.process_time() - c0)
        warm_s, warm_cpu = min(runs), min(cpu_runs)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

        t0 = time.perf_counter()
        pdfium_text = [doc[i].get_textpage().get_text_range() for i in range(n)]
        pdfium_s = time.perf_counter() - t0

        sample = min(n, 40)
        t0 = time.perf_counter()
        with pdfplumber.open(str(pdf)) as plumber:
            plumber_text = [plumber.pages[i].extract_text() or "" for i in range(sample)]
        plumber_s = time.perf_counter() - t0
        table_cmp = _compare_tables(doc, pdf, limit=8)
        doc.close()

    def squash(s: str) -> str:
        return "".join(s.split())

    def lines(s: str) -> list[str]:  # the two order a page's header and body differently
        return sorted(squash(x) for x in s.splitlines() if x.strip())

    identical = sum(lines(a) == lines(b) for a, b in zip(pdfium_text, plumber_text, strict=False))
    a, b = Counter(squash("".join(pdfium_text[:sample]))), Counter(squash("".join(plumber_text)))
    ratio = sum((a & b).values()) / max(1, max(sum(a.values()), sum(b.values())))
    return {
        "pages": n,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "render_seconds": round(render_s, 2),
        "parse_pages_per_s": round(n / warm_s, 1),
        "parse_seconds": round(warm_s, 3),
        # CPU time of this process: what the parser costs, whatever else runs on the machine
        "parse_pages_per_cpu_s": round(n / warm_cpu, 1),
        "load_average": round(load, 2) if load is not None else None,
        "parse_cold_seconds": round(cold_s, 3),
        "pdfium_text_pages_per_s": round(n / pdfium_s, 1),
        "pdfplumber_text_pages_per_s": round(sample / plumber_s, 1),
        "pdfplumber_sample_pages": sample,
        "same_text_pages": f"{identical}/{sample}",
        "same_text_char_ratio": round(ratio, 4),
        "tables_compared": table_cmp["compared"],
        "tables_identical": table_cmp["identical"],
        "pdfium_table_pages_per_s": table_cmp["pdfium_pages_per_s"],
        "pdfplumber_table_pages_per_s": table_cmp["pdfplumber_pages_per_s"],
        "clauses": len(parsed.clauses),
        "requirements": len(parsed.requirements),
        "tables": sum(len(c.tables) for c in parsed.clauses),
        "cold_clauses_equal": len(cold.clauses) == len(parsed.clauses),
    }


def _compare_tables(doc, pdf: Path, limit: int) -> dict:
    """pdfium grid tables (what parsing uses) against pdfplumber's on the same table pages."""
    import pdfplumber

    from parsing.extract.pdf_tables import extract_tables

    pages, ours = [], []
    t0 = time.perf_counter()
    for i in range(len(doc)):
        page = doc[i]
        tables, _ = extract_tables(page, page.get_textpage())
        if tables:
            pages.append(i)
            ours.append(tables)
        if len(pages) >= limit:
            break
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = []
    with pdfplumber.open(str(pdf)) as plumber:
        for i in pages:
            found = plumber.pages[i].extract_tables()
            theirs.append([[[" ".join((c or "").split()) for c in row] for row in t] for t in found])
    theirs_s = time.perf_counter() - t0

    def norm(tables):
        return [[["".join(c.split()) for c in row] for row in t] for t in tables]

    same = sum(norm(a) == norm(b) for a, b in zip(ours, theirs, strict=True))
    return {
        "compared": len(pages), "identical": same,
        # pdfium's figure covers scanning every page up to the last table page
        "pdfium_pages_per_s": round((pages[-1] + 1) / ours_s, 1) if pages else None,
        "pdfplumber_pages_per_s": round(len(pages) / theirs_s, 1) if pages else None,
    }


def format_result(r: dict) -> str:
    return "\n".join([
        f"Parsing benchmark: {r['pages']} pages ({r['machine']}, {r['date']}, load average {r['load_average']})",
        f"  full parser (warm):         {r['parse_pages_per_s']:>8} pages/s  ({r['parse_seconds']} s; cold first call "
        f"{r['parse_cold_seconds']} s incl. spaCy/jieba load)",
        f"  full parser per CPU second:  {r['parse_pages_per_cpu_s']:>8} pages/s  (process CPU time)",
        f"  pypdfium2 text only:        {r['pdfium_text_pages_per_s']:>8} pages/s",
        f"  pdfplumber extract_text:    {r['pdfplumber_text_pages_per_s']:>8} pages/s  (on {r['pdfplumber_sample_pages']} pages)",
        f"  same text (no whitespace):  {r['same_text_pages']} pages identical, character ratio {r['same_text_char_ratio']}",
        f"  tables: {r['tables_identical']}/{r['tables_compared']} table pages identical to pdfplumber's; "
        f"pdfium grid reader {r['pdfium_table_pages_per_s']} pages/s, pdfplumber {r['pdfplumber_table_pages_per_s']} pages/s",
        f"  found: {r['clauses']} clauses, {r['requirements']} requirements, {r['tables']} tables",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="parsing speed on a synthetic dense CJK PDF")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = run(args.pages)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
