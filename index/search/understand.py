"""Query understanding: clean the query, read its type, check the filters, translate English.

Independent of the backend: the embedded and a future Elasticsearch backend get the same
tokens, the same filters and the same query type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from index.analyzer import Analyzer, query_number_token
from index.backends.base import Filters
from index.rows import tc_keys
from index.search.results import QueryError
from parsing.numbers import find_numbers, parse_number

MAX_QUERY_CHARS = 1000  # a longer query is cut (and the result says so), never rejected
FILTER_KEYS = ("doc_type", "status", "ics", "ccs", "year", "issuer", "tc", "topic", "kind", "number")
GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "glossary_en_zh.tsv"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class Understood:
    text: str  # the cleaned query
    numbers: list[str]  # number tokens
    words: list[str]  # word tokens (after translation, for English queries)
    qtype: str  # number | english | natural | short
    number: str | None = None  # the normalised number when the query is (mostly) one
    notes: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)  # Chinese terms an English query maps to


def clean(query: str) -> tuple[str, list[str]]:
    notes = []
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", query))
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    return text, notes


def query_type(text: str, numbers: list[str]) -> str:
    """number: the query is a standard number (maybe with a few words); english: mostly
    Latin script; short: one or two words (a term lookup); natural: a sentence or question."""
    text = text.upper() if len(text.upper()) == len(text) else text
    found = find_numbers(text) or ([parse_number(text)] if parse_number(text) else [])
    if numbers and found:
        covered = sum(len(getattr(m, "raw", text)) for m in found)
        if covered >= 0.5 * len(text.replace(" ", "")) or len(text) <= 30:
            return "number"
    if len(_LATIN_WORD.findall(text)) >= 1 and not _CJK.search(text):
        return "english"
    if len(text) <= 6:
        return "short"
    return "natural"


class Glossary:
    """English -> Chinese terms: the curated file plus terms harvested from 术语和定义 entries."""

    def __init__(self):
        self.en_zh: dict[str, set[str]] = {}
        if GLOSSARY_FILE.exists():
            for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#") and "\t" in line:
                    en, zh = line.split("\t", 1)
                    self.add(en, zh)

    def add(self, en: str | None, zh: str | None) -> None:
        if not en or not zh:
            return
        key = re.sub(r"\s+", " ", en.strip().lower())
        if 2 <= len(key) <= 80:
            self.en_zh.setdefault(key, set()).add(zh.strip())

    def translate(self, text: str) -> list[str]:
        """Chinese terms for the English phrases in `text`, longest phrases first."""
        words = re.findall(r"[a-z0-9][a-z0-9\-]*", text.lower())
        out: list[str] = []
        used = [False] * len(words)
        for size in range(min(6, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(used[i:i + size]):
                    continue
                phrase = " ".join(words[i:i + size])
                zh = self.en_zh.get(phrase) or (self.en_zh.get(phrase[:-1]) if phrase.endswith("s") else None)
                if zh:
                    out.extend(sorted(zh))
                    used[i:i + size] = [True] * size
        return list(dict.fromkeys(out))


def understand(query: str, analyzer: Analyzer, glossary: Glossary) -> Understood:
    text, notes = clean(query)
    numbers, words = analyzer.query_tokens(text)
    qtype = query_type(text, numbers) if (numbers or words) else "empty"
    number = None
    upper = text.upper() if len(text.upper()) == len(text) else text  # `gbt32150` typed in lower case
    found = find_numbers(upper)
    if found:
        number = found[0].number
    elif parse_number(upper):
        number = parse_number(upper).number
    translated: list[str] = []
    if qtype == "english":
        translated = glossary.translate(text)
        for zh in translated:
            _nums, zh_words = analyzer.query_tokens(zh)
            words.extend(w for w in zh_words if w not in words)
    return Understood(text, numbers, words, qtype, number, notes, translated)


def parse_filters(filters: dict | None, analyzer: Analyzer) -> Filters:
    """Check and normalise user filters; an unknown key or a bad value is a QueryError."""
    out = Filters()
    if not filters:
        return out
    if not isinstance(filters, dict):
        raise QueryError("filters must be KEY=VALUE pairs")
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise QueryError(f"unknown filter field {key!r}; known fields: {', '.join(FILTER_KEYS)}")
        values = [value] if isinstance(value, str | int) else list(value or [])
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            continue
        if key == "year":
            out.year = _year_range(values[0])
        elif key == "number":
            for v in values:
                parts = parse_number(v)
                if not parts:
                    raise QueryError(f"filter number={v!r} is not a standard number")
                out.number_tokens.append(query_number_token(parts))
        elif key == "tc":
            out.terms[key] = [k for v in values for k in (tc_keys(v)[1:] or tc_keys(v))]
        elif key in ("doc_type", "status", "kind", "topic", "issuer"):
            out.terms[key] = [analyzer.to_simplified(v) if key in ("status", "topic") else v for v in values]
        else:  # ics, ccs: codes
            out.terms[key] = [v.upper() if key == "ccs" else v for v in values]
    return out


def _year_range(value: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})?\s*(?:(-|–|~|\.\.)\s*(\d{4})?)?\s*", value)
    if not m or not (m.group(1) or m.group(3)):
        raise QueryError(f"filter year={value!r}: use a year (2015) or a range (2010-2020)")
    lo = int(m.group(1)) if m.group(1) else 1900
    hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 2100)
    if lo > hi:
        raise QueryError(f"filter year={value!r}: the range is empty")
    return lo, hi
