"""Catalogue files: CSV, XLSX or JSON lists of bibliographic records, one record a row.

Columns are named as the Record fields (`number`, `title_zh`, `publish_date`, `ics` ...; the
adoption as `adopts` = "ISO 14064-1:2018 IDT", or `adopts` + `adopts_degree`); list fields are
separated by `;`. Unknown columns are ignored. What `stdkb export --format csv` writes
(ui.exports.to_csv) reads back unchanged. A bad row (missing number, bad date, bad ICS code ...)
is rejected with its line number and the reason; the other rows are kept.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from parsing.model import Record
from parsing.validation import FieldError, record_from_fields

CATALOGUE_MEDIA_TYPES = (
    "text/csv",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


class CatalogueError(ValueError):
    """The file as a whole cannot be read as a catalogue."""


@dataclass
class CatalogueRow:
    line: int  # 1-based line (CSV/XLSX: the header is line 1; JSON: the item's position)
    record: Record | None
    error: str | None = None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueError("not UTF-8 or GB18030 text")


def _csv_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if not reader.fieldnames or "number" not in [f.strip() for f in reader.fieldnames]:
        raise CatalogueError("no 'number' column in the header row")
    for row in reader:
        yield reader.line_num, {(k or "").strip(): v for k, v in row.items()}


def _json_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    try:
        items = json.loads(_decode(data))
    except json.JSONDecodeError as e:
        raise CatalogueError(f"invalid JSON: {e}") from None
    if isinstance(items, dict):
        items = items.get("records", items.get("rows"))
    if not isinstance(items, list):
        raise CatalogueError("JSON catalogue must be a list of records (or {\"records\": [...]})")
    for i, item in enumerate(items, start=1):
        yield i, item if isinstance(item, dict) else {"__invalid__": item}


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise CatalogueError(f"unreadable Excel file: {e}") from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    if "number" not in header:
        raise CatalogueError("no 'number' column in the header row")
    for line, values in enumerate(rows, start=2):
        if all(v is None for v in values):
            continue
        yield line, {h: ("" if v is None else str(v.date() if hasattr(v, "date") else v))
                     for h, v in zip(header, values, strict=False) if h}


def read_catalogue(data: bytes, media_type: str) -> list[CatalogueRow]:
    """Every row of a catalogue file, each a checked Record or the reason it was rejected."""
    readers = {"text/csv": _csv_rows, "application/json": _json_rows}
    reader = readers.get(media_type, _xlsx_rows)
    out = []
    for line, fields in reader(data):
        if "__invalid__" in fields:
            out.append(CatalogueRow(line, None, "not an object"))
            continue
        try:
            out.append(CatalogueRow(line, record_from_fields(fields)))
        except FieldError as e:
            out.append(CatalogueRow(line, None, str(e)))
    return out
