"""Parsing quality on a fixture set with expected JSON: per-field accuracy of the record and
clause-heading recall / precision, per fixture and overall (`stdkb eval parsing`).

A fixture is `NAME.expected.json` beside its source file:

    {"source": "sample_gbt.txt",          # file in the same folder
     "render": "pdf",                      # optional: lay the text out as a GB-style PDF first
     "render_options": {"stop_after_toc": true},
     "encoding": "big5",                   # optional: re-encode a UTF-8 source before parsing
     "record": {"number": "...", "title_zh": "...", "ics": [...], ...},
     "clauses": [["1", "范围"], ["3.1", "温室气体 greenhouse gas"], ...]}

Only the record fields an expected file names are scored (null means "must be absent"); a
fixture without "clauses" scores the record only.
Headings are compared in Simplified script with spaces removed; a clause counts as found
when its number and heading both match.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

FIELDS = ("number", "title_zh", "title_en", "publish_date", "implement_date", "ics", "ccs", "replaces")
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "parsing" / "eval"


def evaluate(fixtures_dir: Path | None = None) -> dict[str, Any]:
    from parsing import ParseError, parse_bytes

    folder = Path(fixtures_dir) if fixtures_dir else DEFAULT_DIR
    specs = sorted(folder.glob("*.expected.json"))
    if not specs:
        raise FileNotFoundError(f"no *.expected.json fixtures in {folder}")
    per_fixture = []
    totals = {f: [0, 0] for f in FIELDS}  # right, scored
    found_all = expected_all = matched_all = 0
    with tempfile.TemporaryDirectory() as tmp:
        for spec_path in specs:
            spec = json.loads(spec_path.read_text(encoding="utf-8"))
            name = spec_path.name.removesuffix(".expected.json")
            try:
                data, file_name = _input_bytes(folder, spec, Path(tmp))
                doc = parse_bytes(data, file_name)
            except (ParseError, OSError) as e:
                per_fixture.append({"fixture": name, "error": str(e)})
                for f in FIELDS:
                    if f in spec.get("record", {}):
                        totals[f][1] += 1
                expected_all += len(spec.get("clauses", []))
                continue
            row: dict[str, Any] = {"fixture": name, "fields": {}, "mismatches": []}
            record = doc.record.to_dict()
            for f in FIELDS:
                if f not in spec.get("record", {}):
                    continue
                want, got = spec["record"][f], record.get(f)
                ok = _same(want, got)
                totals[f][0] += ok
                totals[f][1] += 1
                row["fields"][f] = ok
                if not ok:
                    row["mismatches"].append({"field": f, "expected": want, "got": got})
            if "clauses" not in spec:  # a record-only fixture: the clause tree is not scored
                per_fixture.append(row | {"clauses": {"expected": 0, "found": 0, "matched": 0, "recall": None,
                                                      "precision": None, "missing": [], "extra": []}})
                continue
            expected = {(_key(n), _key(h)) for n, h in spec.get("clauses", [])}
            found = {(_key(c.number), _key(c.heading or "")) for c in doc.clauses}
            matched = expected & found
            row["clauses"] = {
                "expected": len(expected), "found": len(found), "matched": len(matched),
                "recall": _ratio(len(matched), len(expected)), "precision": _ratio(len(matched), len(found)),
                "missing": sorted("/".join(k) for k in expected - found)[:20],
                "extra": sorted("/".join(k) for k in found - expected)[:20],
            }
            found_all += len(found)
            expected_all += len(expected)
            matched_all += len(matched)
            per_fixture.append(row)
    overall = {f: _ratio(r, n) for f, (r, n) in totals.items()}
    overall["clause_recall"] = _ratio(matched_all, expected_all)
    overall["clause_precision"] = _ratio(matched_all, found_all)
    return {"fixtures_dir": str(folder), "fixtures": len(specs), "overall": overall, "per_fixture": per_fixture}


def format_report(result: dict[str, Any]) -> str:
    lines = [f"Parsing quality on {result['fixtures']} fixtures ({result['fixtures_dir']})", ""]
    lines.append(f"{'measure':<18} {'score':>6}")
    for key, value in result["overall"].items():
        lines.append(f"{key:<18} {'n/a' if value is None else f'{value:.3f}':>6}")
    lines.append("")
    for row in result["per_fixture"]:
        if "error" in row:
            lines.append(f"{row['fixture']}: ERROR {row['error']}")
            continue
        c = row["clauses"]
        fields_ok = sum(row["fields"].values())
        lines.append(
            f"{row['fixture']}: fields {fields_ok}/{len(row['fields'])}, clauses recall "
            f"{_fmt(c['recall'])} precision {_fmt(c['precision'])} ({c['matched']}/{c['expected']} expected, "
            f"{c['found']} found)"
        )
        for m in row["mismatches"]:
            lines.append(f"    {m['field']}: expected {m['expected']!r}, got {m['got']!r}")
        for k in c["missing"][:5]:
            lines.append(f"    missing clause {k}")
        for k in c["extra"][:5]:
            lines.append(f"    extra clause {k}")
    return "\n".join(lines)


def _input_bytes(folder: Path, spec: dict, tmp: Path) -> tuple[bytes, str]:
    source = folder / spec["source"]
    if spec.get("render") == "pdf":
        render = _renderer()
        out = tmp / (source.stem + ".pdf")
        render(source.read_text(encoding="utf-8"), out, **spec.get("render_options", {}))
        return out.read_bytes(), out.name
    data = source.read_bytes()
    if spec.get("encoding"):
        data = data.decode("utf-8").encode(spec["encoding"])
    return data, source.name


def _renderer():
    path = Path(__file__).resolve().parents[1] / "corpus" / "tools" / "render_pdf.py"
    name = "stdkb_render_pdf"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name].render_standard_pdf


def _key(value: str) -> str:
    from parsing.script import to_simplified

    return to_simplified(re.sub(r"\s+", "", value or ""), force=True)


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, list):
        return sorted(_key(str(x)) for x in want) == sorted(_key(str(x)) for x in (got or []))
    if want is None:
        return got in (None, "", [])
    return got is not None and _key(str(want)) == _key(str(got))


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"
