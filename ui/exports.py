"""Exports of records: CSV, Excel, JSON, RIS, BibTeX and GB/T 7714-2015 citations.

Pure functions from `Record`s to bytes or text, free of Streamlit, so the app (results and
the standard page) and the `stdkb export` command share them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from parsing.model import Record
from parsing.numbers import parse_number

# The columns of the tabular exports, in the order the national platform shows them.
COLUMNS = (
    "number", "title_zh", "title_en", "doc_type", "nature", "status", "publish_date", "implement_date",
    "withdraw_date", "ics", "ccs", "issuers", "technical_committee", "proposer", "drafting_orgs",
    "drafters", "replaces", "replaced_by", "adopts", "scope", "language", "filing_number", "edition",
    "topics", "source_url", "note",
)

# Who publishes a standard's text, by the issuing body: GB/T 7714 wants place and publisher.
_PUBLISHERS = (
    (("GB", "GB/T", "GB/Z"), "北京", "中国标准出版社"),
    (("ISO",), "Geneva", "ISO"),
    (("IEC",), "Geneva", "IEC"),
    (("BS", "PAS", "EN"), "London", "BSI"),
)


def _cell(value) -> str:
    """One field as text: lists joined with '; ', an adoption as 'ISO 14064-1:2018 IDT'."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in (value.get("number"), value.get("degree")) if v)
    return str(value)


def record_row(record: Record) -> dict[str, str]:
    data = record.to_dict()
    return {name: _cell(data.get(name)) for name in COLUMNS}


def to_csv(records: Iterable[Record]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it in the right encoding."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _safe_cell(v) for k, v in record_row(record).items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @ at the start) that a document could carry."""
    if value and value[0] in "=+-@\t\r" and not re.match(r"-?\d", value):
        return "'" + value
    return value


def to_xlsx(records: Iterable[Record]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for record in records:
        ws.append([_safe_cell(v) for v in record_row(record).values()])
    ws.freeze_panes = "A2"
    for letter, width in (("A", 24), ("B", 40), ("C", 40)):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_json(records: Iterable[Record]) -> str:
    """Every field of every record, in the `stdkb show --json` record shape."""
    return json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2) + "\n"


def _year(record: Record) -> str | None:
    if record.publish_date:
        return record.publish_date[:4]
    parts = parse_number(record.number) if record.number else None
    return parts.year if parts else None


def _publisher(record: Record) -> tuple[str | None, str | None]:
    """(place, publisher) of a standard's text; None where we do not know it."""
    parts = parse_number(record.number) if record.number else None
    if parts is None:
        return None, None
    head = parts.prefix.split()[0]
    for prefixes, place, publisher in _PUBLISHERS:
        if head in prefixes or head.split("/")[0] in prefixes:
            return place, publisher
    return None, None


def _author(record: Record) -> str | None:
    """The responsible bodies: the issuers, else the technical committee or proposer."""
    if record.issuers:
        return ", ".join(record.issuers)
    return record.technical_committee or record.proposer


def gbt7714(record: Record, *, kind: str = "standard") -> str:
    """A citation in GB/T 7714-2015 form (standards are monographs with the code [S]).

    `主要责任者. 题名: 标准号[S]. 出版地: 出版者, 出版年.` — the number takes the em dash
    before the year as printed on standards; an unknown place or publisher is written
    [出版地不详] / [出版者不详] as the rule asks. Policies (no standard number) take [Z].
    """
    title = record.title_zh or record.title_en or record.number or ""
    author = _author(record)
    year = _year(record)
    head = f"{author}. " if author else ""
    if kind == "policy" or not record.number or parse_number(record.number) is None:
        label = f": {record.number}" if record.number else ""
        tail = f", {year}" if year else ""
        url = f". {record.source_url}" if record.source_url else ""
        return f"{head}{title}{label}[Z]{tail}{url}."
    number = re.sub(r"-(\d{4})$", r"—\1", record.number)
    place, publisher = _publisher(record)
    place = place or "[出版地不详]"
    publisher = publisher or "[出版者不详]"
    year_part = f", {year}" if year else ""
    return f"{head}{title}: {number}[S]. {place}: {publisher}{year_part}."


def to_gbt7714(records: Iterable[Record], kinds: Iterable[str] | None = None) -> str:
    """A numbered reference list: `[1] ...` one per line."""
    records = list(records)
    kinds = list(kinds) if kinds is not None else ["standard"] * len(records)
    lines = [f"[{i}] {gbt7714(r, kind=k)}" for i, (r, k) in enumerate(zip(records, kinds, strict=True), 1)]
    return "\n".join(lines) + ("\n" if lines else "")


def _ris_line(tag: str, value: str | None) -> str | None:
    if not value:
        return None
    return f"{tag}  - {' '.join(str(value).split())}"


def to_ris(records: Iterable[Record]) -> str:
    """RIS, type STAND; the standard number in M1, the English title in TT."""
    out: list[str] = []
    for r in records:
        place, publisher = _publisher(r)
        lines = [
            "TY  - STAND",
            _ris_line("TI", r.title_zh or r.title_en),
            _ris_line("TT", r.title_en if r.title_zh else None),
            *[_ris_line("AU", a) for a in r.issuers],
            _ris_line("PY", _year(r)),
            _ris_line("DA", r.publish_date.replace("-", "/") if r.publish_date else None),
            _ris_line("M1", r.number),
            _ris_line("CY", place),
            _ris_line("PB", publisher),
            _ris_line("AB", r.scope),
            *[_ris_line("KW", t) for t in r.topics],
            _ris_line("LA", r.language),
            _ris_line("UR", r.source_url),
            _ris_line("N1", r.status),
            "ER  - ",
        ]
        out.extend(line for line in lines if line)
        out.append("")
    return "\n".join(out)


def _bib_escape(value: str) -> str:
    value = " ".join(value.split())
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", value)


def cite_key(record: Record, seen: set[str] | None = None) -> str:
    """`GBT32150_2015` from `GB/T 32150-2015`; made unique within one export."""
    key = re.sub(r"[^A-Za-z0-9]+", "_", record.number or record.title_en or "record").strip("_")
    key = key.replace("GB_T_", "GBT").replace("GB_Z_", "GBZ").replace("GB_", "GB") or "record"
    if seen is not None:
        base, i = key, 2
        while key in seen:
            key, i = f"{base}_{i}", i + 1
        seen.add(key)
    return key


def to_bibtex(records: Iterable[Record]) -> str:
    """BibTeX `@misc` entries (classic BibTeX has no standard type); biblatex reads them too."""
    seen: set[str] = set()
    entries = []
    for r in records:
        place, publisher = _publisher(r)
        fields = [
            ("title", r.title_zh or r.title_en),
            ("author", "{" + _bib_escape(_author(r)) + "}" if _author(r) else None),
            ("number", r.number),
            ("year", _year(r)),
            ("date", r.publish_date),
            ("publisher", publisher),
            ("address", place),
            ("note", " ".join(filter(None, [r.title_en if r.title_zh else None, r.status]))),
            ("url", r.source_url),
            ("language", r.language),
        ]
        body = ",\n".join(
            f"  {name} = {{{value if name == 'author' else _bib_escape(value)}}}"
            for name, value in fields if value)
        entries.append(f"@misc{{{cite_key(r, seen)},\n{body}\n}}\n")
    return "\n".join(entries)


@dataclass(frozen=True)
class ExportFormat:
    name: str  # key and label
    extension: str
    mime: str
    write: Callable[[list[Record]], bytes]


def _text(fn: Callable[[list[Record]], str]) -> Callable[[list[Record]], bytes]:
    return lambda records: fn(records).encode("utf-8")


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("CSV", "csv", "text/csv", to_csv),
        ExportFormat("Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
        ExportFormat("JSON", "json", "application/json", _text(to_json)),
        ExportFormat("RIS", "ris", "application/x-research-info-systems", _text(to_ris)),
        ExportFormat("BibTeX", "bib", "application/x-bibtex", _text(to_bibtex)),
        ExportFormat("GB/T 7714", "txt", "text/plain", _text(to_gbt7714)),
    )
}


def export(records: Iterable[Record], fmt: str) -> bytes:
    """Records in one of FORMATS (by name: 'CSV', 'Excel', 'JSON', 'RIS', 'BibTeX', 'GB/T 7714')."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(list(records))
