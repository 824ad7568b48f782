"""Check the shipped catalogue CSVs before they are ingested (run by hand or in CI).

    python corpus/check_catalogue.py                 # every CSV in corpus/catalogue/
    python corpus/check_catalogue.py FILE.csv ...

A row passes when it carries a number or a title and a source URL, its number (and every number
in replaces / replaced_by / adopts) parses with the project's one number grammar, its dates are
real days in YYYY-MM-DD form, and the record validation the ingest uses accepts it. A number that
is not a standard number is allowed only as a plain label for a document that has none (the GHG
Protocol) or as a policy document number (发文字号). Exit status 1 on any problem, listing each
one as FILE:LINE: reason. Without arguments it also checks `reference/industries.csv`: GB/T 4754
codes, and every related standard listed there must be in the catalogue (or be a team sample).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsing.numbers import find_policy_numbers, normalize_number  # noqa: E402
from parsing.validation import FieldError, record_from_fields  # noqa: E402

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
INDUSTRIES = Path(__file__).resolve().parent / "reference" / "industries.csv"
SAMPLE_PREFIX = "T/STDKB "  # the team-written samples in corpus/samples/
COLUMNS = [
    "number", "doc_type", "nature", "title_zh", "title_en", "status", "publish_date", "implement_date",
    "withdraw_date", "ics", "ccs", "issuers", "technical_committee", "replaces", "replaced_by", "adopts",
    "adopts_degree", "scope", "language", "source_url", "topics", "note",
]
TOPICS = ("基础通用", "碳减排", "碳清除", "市场化机制")
MIN_STANDARD_ROWS = 80
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Documents that have no formal number are catalogued under a clear label.
_LABELS = ("GHG Protocol",)


def _number_ok(number: str, doc_type: str) -> str | None:
    """None when the number is acceptable, else the reason."""
    if normalize_number(number):
        return None
    if doc_type == "policy" and find_policy_numbers(number):
        return None
    if number.startswith(_LABELS):
        return None
    return f"number does not parse: {number!r}"


def check_row(row: dict[str, str]) -> list[str]:
    problems = []
    number = (row.get("number") or "").strip()
    doc_type = (row.get("doc_type") or "").strip()
    if not (number or row.get("title_zh") or row.get("title_en")):
        problems.append("neither number nor title")
    url = (row.get("source_url") or "").strip()
    if not re.match(r"https?://\S+$", url):
        problems.append(f"source_url missing or not a URL: {url!r}")
    if number and (reason := _number_ok(number, doc_type)):
        problems.append(reason)
    for column in ("replaces", "replaced_by"):
        for other in filter(None, (v.strip() for v in (row.get(column) or "").split(";"))):
            if not normalize_number(other):
                problems.append(f"{column}: number does not parse: {other!r}")
    adopts = (row.get("adopts") or "").strip()
    if adopts and not normalize_number(adopts):
        problems.append(f"adopts: number does not parse: {adopts!r}")
    for column in ("publish_date", "implement_date", "withdraw_date"):
        value = (row.get(column) or "").strip()
        if value and not _ISO_DATE.fullmatch(value):
            problems.append(f"{column}: YYYY-MM-DD expected: {value!r}")
    pub, imp = row.get("publish_date") or "", row.get("implement_date") or ""
    if pub and imp and imp < pub:
        problems.append(f"implement_date {imp} before publish_date {pub}")
    for topic in filter(None, (t.strip() for t in (row.get("topics") or "").split(";"))):
        if topic not in TOPICS:
            problems.append(f"topics: unknown category {topic!r} (one of {' / '.join(TOPICS)})")
    if not (row.get("topics") or "").strip() and doc_type != "policy":
        problems.append("topics: empty")
    try:
        record_from_fields(row)  # the same checks the ingest and the librarians' edits use
    except FieldError as e:
        problems.append(str(e))
    return problems


def check_file(path: Path) -> tuple[int, list[str]]:
    """Rows read and the problems found, each as 'FILE:LINE: reason'."""
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return 0, [f"{path}: unreadable: {e}"]
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        problems.append(f"{path}:1: header differs from the catalogue columns (missing {missing}, extra {extra})")
    seen: dict[str, int] = {}
    count = 0
    for row in reader:
        count += 1
        line = reader.line_num
        number = (row.get("number") or "").strip()
        if number:
            key = normalize_number(number) or number
            if key in seen:
                problems.append(f"{path}:{line}: duplicate number {key} (first on line {seen[key]})")
            seen.setdefault(key, line)
        problems += [f"{path}:{line}: {p}" for p in check_row(row)]
    return count, problems


def check_industries(path: Path, catalogued: set[str]) -> list[str]:
    """Every industry row has a code and names, and each related standard is catalogued (or a sample)."""
    problems = []
    reader = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if not re.fullmatch(r"[A-T](\d{2,4})?", (row.get("code") or "").strip()):
            problems.append(f"{where}: not a GB/T 4754 code: {row.get('code')!r}")
        if not (row.get("name_zh") and row.get("name_en") and row.get("keywords") and row.get("source_note")):
            problems.append(f"{where}: name_zh, name_en, keywords and source_note are required")
        for number in filter(None, (n.strip() for n in (row.get("related_standards") or "").split(";"))):
            normal = normalize_number(number)
            if not normal:
                problems.append(f"{where}: related standard does not parse: {number!r}")
            elif normal not in catalogued and not normal.startswith(SAMPLE_PREFIX):
                problems.append(f"{where}: related standard not in the catalogue: {normal}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    paths = [Path(a) for a in args] or sorted(CATALOGUE_DIR.glob("*.csv"))
    if not paths:
        print(f"no catalogue CSV found in {CATALOGUE_DIR}", file=sys.stderr)
        return 1
    problems: list[str] = []
    standards = 0
    for path in paths:
        count, found = check_file(path)
        problems += found
        if path.name == "carbon-standards.csv":
            standards = count
        print(f"{path}: {count} rows, {len(found)} problems")
    if not args:
        if standards < MIN_STANDARD_ROWS:
            problems.append(f"carbon-standards.csv: {standards} rows, at least {MIN_STANDARD_ROWS} expected")
        catalogued = set()
        for path in paths:
            for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
                number = (row.get("number") or "").strip()
                catalogued.add(normalize_number(number) or number)
        found = check_industries(INDUSTRIES, catalogued)
        print(f"{INDUSTRIES}: {len(found)} problems")
        problems += found
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
