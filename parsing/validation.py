"""Checking and normalising record fields typed by people: catalogue rows and librarians' edits.

One set of rules for both, so a value a librarian may type is exactly a value a catalogue
may carry. Each check returns the normal form or raises `FieldError` naming the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from parsing.model import ADOPTION_DEGREES, DOC_TYPES, NATURES, STATUSES, Adoption, Record
from parsing.numbers import doc_type_of, nature_of, normalize_number

LIST_FIELDS = tuple(
    name for name, f in Record.__dataclass_fields__.items() if str(f.type).startswith("list")
)
DATE_FIELDS = ("publish_date", "implement_date", "withdraw_date")

_ICS = re.compile(r"\d{2}(?:\.\d{3}(?:\.\d{2})?)?")
_CCS = re.compile(r"[A-Z]\d{2}")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


class FieldError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def normalize_date(value: str, field: str = "date") -> str:
    """`2015-5-15`, `2015/05/15`, `2015.05.15`, `2015年5月15日` -> `2015-05-15`."""
    m = _DATE.fullmatch(value.strip())
    if not m:
        raise FieldError(field, f"not a date (YYYY-MM-DD expected): {value!r}")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise FieldError(field, f"no such day: {value!r}") from None


def check_ics(code: str) -> str:
    code = code.strip()
    if not _ICS.fullmatch(code):
        raise FieldError("ics", f"not an ICS code (e.g. 13.020.40): {code!r}")
    return code


def check_ccs(code: str) -> str:
    code = code.strip().upper()
    if not _CCS.fullmatch(code):
        raise FieldError("ccs", f"not a CCS code (e.g. Z04): {code!r}")
    return code


def split_list(value: Any) -> list[str]:
    """A list field from a list, or from text separated by ; ； , 、 or new lines."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[;；,，、\n]", str(value))
    return [str(v).strip() for v in items if str(v).strip()]


def record_from_fields(fields: dict[str, Any], *, require_number: bool = True) -> Record:
    """A checked, normalised Record from loosely typed fields (strings, lists, None).

    Raises FieldError at the first bad field; empty strings mean "not given".
    """
    data: dict[str, Any] = {}
    for name in Record.__dataclass_fields__:
        value = fields.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            continue
        data[name] = value

    number = data.get("number")
    if not number:
        if require_number:
            raise FieldError("number", "missing")
    else:
        # keep a label that is not a standard number (e.g. "GHG Protocol Corporate Standard") as written
        data["number"] = normalize_number(str(number)) or str(number)

    for name in LIST_FIELDS:
        if name in data:
            data[name] = split_list(data[name])
    data["ics"] = [check_ics(c) for c in data.get("ics", [])]
    data["ccs"] = [check_ccs(c) for c in data.get("ccs", [])]
    for name in ("replaces", "replaced_by"):
        data[name] = [normalize_number(n) or n for n in data.get(name, [])]
    for name in DATE_FIELDS:
        if name in data:
            data[name] = normalize_date(str(data[name]), name)

    adopts = data.get("adopts")
    degree = fields.get("adopts_degree")
    if isinstance(adopts, dict):
        adopts, degree = adopts.get("number"), adopts.get("degree")
    elif isinstance(adopts, str) and not degree:
        # one cell, as the exports write it: "ISO 14064-1:2018 IDT"
        number, _, last = adopts.rpartition(" ")
        if number and last.upper() in ADOPTION_DEGREES:
            adopts, degree = number, last
    if adopts:
        degree = (str(degree).strip().upper() or None) if degree else None
        if degree and degree not in ADOPTION_DEGREES:
            raise FieldError("adopts_degree", f"one of {', '.join(ADOPTION_DEGREES)} expected: {degree!r}")
        data["adopts"] = Adoption(number=normalize_number(str(adopts)) or str(adopts), degree=degree)

    for name, allowed in (("doc_type", DOC_TYPES), ("nature", NATURES), ("status", STATUSES)):
        if name in data and data[name] not in allowed:
            raise FieldError(name, f"one of {' / '.join(allowed)} expected: {data[name]!r}")

    if data.get("number"):
        data.setdefault("doc_type", doc_type_of(data["number"]))
        data.setdefault("nature", nature_of(data["number"]))
    data = {k: v for k, v in data.items() if v is not None}
    return Record(**data)
