"""What one stored document becomes in the search indexes: a record row plus one row per clause.

Rows carry the text to index (per boosted field), the facet values to filter and count by, and
what a hit shows (number, title, heading, path, source), so a hit never needs a database read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.store import StoredDocument
from index.topics import topics_of
from parsing.numbers import parse_number

RECORD_SEQ = -1  # the seq of a document's record-level row


@dataclass
class Row:
    doc_id: int
    seq: int  # clause seq in document order; RECORD_SEQ for the record row
    levels: list[str]  # "clause" and/or "document": the search levels this row answers
    number: str | None
    title: str | None
    clause: str | None
    heading: str | None
    path: str
    source: str
    kind: str
    text: str  # the shown text (snippets are cut from it), original script
    fields: dict[str, str] = field(default_factory=dict)  # field name -> text to analyze
    facets: dict[str, list[str]] = field(default_factory=dict)
    year: int | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.seq}"


def _year(record) -> int | None:
    for value in (record.publish_date, record.implement_date):
        if value and re.match(r"\d{4}", value):
            return int(value[:4])
    parts = parse_number(record.number) if record.number else None
    return int(parts.year) if parts and parts.year else None


def ics_prefixes(codes: list[str]) -> list[str]:
    """`13.020.40` -> `13`, `13.020`, `13.020.40`: an ICS filter matches by prefix."""
    out: list[str] = []
    for code in codes:
        bits = code.strip().split(".")
        out.extend(".".join(bits[: i + 1]) for i in range(len(bits)))
    return list(dict.fromkeys(out))


def tc_keys(tc: str | None) -> list[str]:
    """A committee as written, plus its code (`SAC/TC 548` -> `tc548`) so either finds it."""
    if not tc:
        return []
    out = [tc.strip()]
    out.extend("tc" + m.group(1) for m in re.finditer(r"TC\s*(\d+)", tc, re.IGNORECASE))
    return list(dict.fromkeys(out))


def facet_values(stored: StoredDocument) -> dict[str, list[str]]:
    r = stored.record
    kind = stored.document.kind
    return {
        "doc_type": [r.doc_type or ("policy" if kind == "policy" else "")],
        "status": [r.status or ""],
        "kind": [kind],
        "ics": ics_prefixes(r.ics),
        "ccs": list(dict.fromkeys([c.strip() for c in r.ccs] + [c.strip()[:1] for c in r.ccs if c.strip()])),
        "issuer": [i.strip() for i in r.issuers if i.strip()],
        "tc": tc_keys(r.technical_committee),
        "topic": topics_of(r.title_zh or r.title_en, r.scope, r.topics),
    }


def rows_of(stored: StoredDocument) -> list[Row]:
    """The record row and the clause rows of one stored document."""
    doc = stored.document
    r = stored.record
    title = r.title_zh or r.title_en
    titles = " ".join(filter(None, [r.title_zh, r.title_en]))
    facets = facet_values(stored)
    year = _year(r)
    has_text = bool(stored.parsed.clauses)
    terms_by_clause: dict[str, list[str]] = {}
    for t in stored.parsed.terms:
        names = " ".join(filter(None, [t.term_zh, t.term_en]))
        terms_by_clause.setdefault(t.clause or t.number or "", []).append(names)
    all_terms = " ".join(" ".join(v) for v in terms_by_clause.values())
    headings = " ".join(filter(None, (c.heading for c in stored.parsed.clauses)))
    record_text = r.scope or ""  # not `note`: a curator's remark is not the document's content
    rows = [
        Row(
            doc_id=doc.id, seq=RECORD_SEQ, levels=["document"] if has_text else ["document", "clause"],
            number=r.number, title=title, clause=None, heading=None, path=r.number or title or doc.source_name,
            source=doc.source_name, kind=doc.kind, text=record_text or titles,
            fields={"number": r.number or "", "title": titles, "term": all_terms,
                    "heading": headings,
                    "body": " ".join(filter(None, [record_text, " ".join(r.issuers),
                                                   r.technical_committee or "",
                                                   r.adopts.number if r.adopts else ""]))},
            facets=facets, year=year,
        )
    ]
    by_number = {c.number: c for c in stored.parsed.clauses}
    for seq, c in enumerate(stored.parsed.clauses):
        chain = []
        parent = by_number.get(c.parent) if c.parent else None
        seen = 0
        while parent is not None and seen < 8:
            chain.append(parent)
            parent = by_number.get(parent.parent) if parent.parent else None
            seen += 1
        chain.reverse()
        label = " ".join(filter(None, [c.number, c.heading]))
        path = " › ".join(filter(None, [r.number or title or doc.source_name, label]))
        tables = " ".join(" ".join(cell for cell in row if cell) for t in c.tables for row in t)
        body = " ".join(filter(None, [c.text, tables]))
        rows.append(Row(
            doc_id=doc.id, seq=seq, levels=["clause"], number=r.number, title=title, clause=c.number,
            heading=c.heading, path=path, source=doc.source_name, kind=doc.kind, text=body or c.heading or "",
            fields={"number": r.number or "", "title": titles,
                    "term": " ".join(terms_by_clause.get(c.number, [])),
                    "heading": " ".join(filter(None, [c.heading] + [p.heading for p in chain])),
                    "body": body},
            facets=facets, year=year,
        ))
    return rows
