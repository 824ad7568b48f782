"""The database of record: one SQLite file (WAL, foreign keys on, versioned schema).

Each document is written in one transaction: all of it or none of it. The search indexes
are derived from this file and can be rebuilt from it at any time (`stdkb reindex`); they
follow the `changes` table to catch up with documents added while they are serving.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.schema import MIGRATIONS
from parsing.model import (
    Clause,
    Document,
    ParsedDocument,
    Provenance,
    Record,
    Reference,
    Requirement,
    Target,
    Term,
)
from parsing.numbers import normalize_number, parse_number

# Record fields a librarian may edit (everything but derived bookkeeping).
EDITABLE_FIELDS = tuple(f for f in Record.__dataclass_fields__ if f not in ("status_source",))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class AddOutcome:
    """What `Store.add` did: 'added', 'new_version' or 'unchanged' (same content stored)."""

    outcome: str
    doc_id: int
    version: int


@dataclass
class StoredDocument:
    """A document as stored: what came in, and what parsing made of it."""

    document: Document
    parsed: ParsedDocument

    @property
    def record(self) -> Record:
        return self.parsed.record


class Store:
    """The SQLite database of record. Safe to share between threads (one lock per store)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: all or nothing."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in script.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    # -- writing ----------------------------------------------------------------------------

    def add(
        self,
        document: Document,
        parsed: ParsedDocument,
        source_key: str,
        *,
        user: str | None = None,
        fail_after_rows: int | None = None,
    ) -> AddOutcome:
        """Store one document version in one transaction.

        Same `source_key` and same content hash: 'unchanged', nothing written. Same key,
        other content: a new version, the old one kept but no longer current. The same
        content under another key is stored again (a librarian sees it as a duplicate).
        `fail_after_rows` makes the write fail half-way: tests use it to show nothing
        half-written survives.
        """
        parsed.record.with_status()
        with self.transaction() as conn:
            existing = conn.execute(
                "SELECT id, version, content_hash FROM documents WHERE source_key = ? "
                "ORDER BY version DESC LIMIT 1",
                (source_key,),
            ).fetchone()
            if existing and existing["content_hash"] == document.content_hash:
                return AddOutcome("unchanged", existing["id"], existing["version"])
            version = existing["version"] + 1 if existing else 1
            if existing:
                conn.execute("UPDATE documents SET is_current = 0 WHERE source_key = ?", (source_key,))
            provenance = document.provenance or Provenance(source=document.source_name)
            provenance.added_at = provenance.added_at or now()
            provenance.added_by = provenance.added_by or user
            cur = conn.execute(
                "INSERT INTO documents (source_key, source_name, content_hash, media_type, kind, "
                "version, is_current, state, provenance, pages, text, warnings, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                (
                    source_key,
                    document.source_name,
                    document.content_hash,
                    document.media_type,
                    parsed.kind,
                    version,
                    document.state,
                    _dumps(provenance.to_dict()),
                    parsed.pages,
                    parsed.text,
                    _dumps(parsed.warnings),
                    provenance.added_at,
                ),
            )
            doc_id = cur.lastrowid
            self._write_parsed(conn, doc_id, parsed, fail_after_rows)
            action = "new_version" if existing else "added"
            self._log(conn, doc_id, action, user)
        return AddOutcome(action, doc_id, version)

    def _write_parsed(self, conn, doc_id: int, parsed: ParsedDocument, fail_after_rows: int | None) -> None:
        r = parsed.record
        conn.execute(
            "INSERT INTO records (doc_id, number, doc_type, title_zh, title_en, status, publish_date, "
            "implement_date, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, r.number, r.doc_type, r.title_zh, r.title_en, r.status, r.publish_date,
             r.implement_date, _dumps(r.to_dict())),
        )
        rows = 0

        def tick() -> None:
            nonlocal rows
            rows += 1
            if fail_after_rows is not None and rows > fail_after_rows:
                raise RuntimeError(f"simulated failure after {fail_after_rows} rows")

        for seq, c in enumerate(parsed.clauses):
            tick()
            conn.execute(
                "INSERT INTO clauses (doc_id, seq, number, heading, level, kind, parent, page, text, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, seq, c.number, c.heading, c.level, c.kind, c.parent, c.page, c.text,
                 _dumps(c.to_dict())),
            )
        for seq, t in enumerate(parsed.terms):
            tick()
            conn.execute(
                "INSERT INTO terms (doc_id, seq, number, term_zh, term_en, definition, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, seq, t.number, t.term_zh, t.term_en, t.definition, _dumps(t.to_dict())),
            )
        for seq, ref in enumerate(parsed.references):
            tick()
            conn.execute(
                "INSERT INTO refs (doc_id, seq, target, kind, clause, target_type, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, seq, ref.target, ref.kind, ref.clause, ref.target_type, _dumps(ref.to_dict())),
            )
        for seq, q in enumerate(parsed.requirements):
            tick()
            conn.execute(
                "INSERT INTO requirements (doc_id, seq, clause, modality, data) VALUES (?, ?, ?, ?, ?)",
                (doc_id, seq, q.clause, q.modality, _dumps(q.to_dict())),
            )
        for seq, g in enumerate(parsed.targets):
            tick()
            conn.execute(
                "INSERT INTO targets (doc_id, seq, year, data) VALUES (?, ?, ?, ?)",
                (doc_id, seq, g.year, _dumps(g.to_dict())),
            )

    def _log(self, conn, doc_id: int, action: str, user: str | None, field: str | None = None,
             old: Any = None, new: Any = None) -> None:
        conn.execute(
            "INSERT INTO changes (doc_id, action, user, at, field, old_value, new_value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc_id, action, user, now(), field,
             None if old is None else _dumps(old), None if new is None else _dumps(new)),
        )

    def update_record(self, doc_id: int, changes: dict[str, Any], user: str) -> Record:
        """Correct record fields; each change is logged (who, when, old -> new).

        Setting `status` by hand records it as an override; everything else keeps the
        derived status up to date.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not an editable record field: {', '.join(sorted(unknown))}")
        with self.transaction() as conn:
            row = conn.execute("SELECT data FROM records WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(f"no document {doc_id}")
            data = json.loads(row["data"])
            for name, value in changes.items():
                if data.get(name) == value:
                    continue
                self._log(conn, doc_id, "edited", user, name, data.get(name), value)
                data[name] = value
            record = Record.from_dict(data)
            if "status" in changes and changes["status"]:
                record.status_source = "override"
            elif record.status_source != "override":
                record.status, record.status_source = None, None
                record.with_status()
            conn.execute(
                "UPDATE records SET number = ?, doc_type = ?, title_zh = ?, title_en = ?, status = ?, "
                "publish_date = ?, implement_date = ?, data = ? WHERE doc_id = ?",
                (record.number, record.doc_type, record.title_zh, record.title_en, record.status,
                 record.publish_date, record.implement_date, _dumps(record.to_dict()), doc_id),
            )
        return record

    def set_state(self, doc_id: int, state: str, user: str | None = None) -> None:
        """Publish, reject or send back to draft; logged like any change."""
        with self.transaction() as conn:
            row = conn.execute("SELECT state FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(f"no document {doc_id}")
            if row["state"] == state:
                return
            conn.execute("UPDATE documents SET state = ? WHERE id = ?", (state, doc_id))
            self._log(conn, doc_id, state, user, "state", row["state"], state)

    # -- reading ----------------------------------------------------------------------------

    def _document(self, row: sqlite3.Row) -> Document:
        return Document(
            id=row["id"],
            source_name=row["source_name"],
            content_hash=row["content_hash"],
            media_type=row["media_type"],
            kind=row["kind"],
            provenance=Provenance.from_dict(json.loads(row["provenance"])),
            version=row["version"],
            state=row["state"],
            is_current=bool(row["is_current"]),
        )

    def document(self, doc_id: int) -> Document | None:
        rows = self.query("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return self._document(rows[0]) if rows else None

    def get(self, doc_id: int) -> StoredDocument | None:
        """A whole stored document: record, clauses, terms, references, requirements, targets."""
        rows = self.query("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            return None
        row = rows[0]

        def load(table: str, cls):
            return [cls.from_dict(json.loads(r["data"]))
                    for r in self.query(f"SELECT data FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,))]

        record_row = self.query("SELECT data FROM records WHERE doc_id = ?", (doc_id,))
        parsed = ParsedDocument(
            kind=row["kind"],
            record=Record.from_dict(json.loads(record_row[0]["data"])) if record_row else Record(),
            clauses=load("clauses", Clause),
            terms=load("terms", Term),
            references=load("refs", Reference),
            requirements=load("requirements", Requirement),
            targets=load("targets", Target),
            warnings=json.loads(row["warnings"]),
            text=row["text"],
            pages=row["pages"],
            media_type=row["media_type"],
        )
        return StoredDocument(self._document(row), parsed)

    def resolve(self, number_or_id: str, *, public: bool = True) -> list[int]:
        """Current documents a user means by a number (any spacing, dash or width) or an id.

        Documents with text come before record-only catalogue rows of the same number.
        """
        state = "AND d.state = 'published'" if public else ""
        key = number_or_id.strip()
        if key.isdigit():
            rows = self.query(f"SELECT d.id FROM documents d WHERE d.id = ? {state}", (int(key),))
            if rows:
                return [rows[0]["id"]]
        number = normalize_number(key) or key
        order = "ORDER BY (d.kind = 'record-only'), d.id DESC"
        rows = self.query(
            f"SELECT d.id FROM documents d JOIN records r ON r.doc_id = d.id "
            f"WHERE d.is_current = 1 {state} AND r.number = ? {order}",
            (number,),
        )
        if not rows and normalize_number(key):
            # an undated number ("GB/T 32150") means its editions, newest first
            rows = self.query(
                f"SELECT d.id FROM documents d JOIN records r ON r.doc_id = d.id "
                f"WHERE d.is_current = 1 {state} AND (r.number = ? OR r.number LIKE ? OR r.number LIKE ?) "
                f"ORDER BY r.number DESC, (d.kind = 'record-only'), d.id DESC",
                (number, number + "-%", number + ":%"),
            )
        return [r["id"] for r in rows]

    def iter_current(self, *, public: bool = True) -> Iterator[StoredDocument]:
        """Every current document (published only, unless `public` is False)."""
        state = "AND state = 'published'" if public else ""
        ids = [r["id"] for r in self.query(f"SELECT id FROM documents WHERE is_current = 1 {state} ORDER BY id")]
        for doc_id in ids:
            stored = self.get(doc_id)
            if stored is not None:
                yield stored

    def records(self, *, public: bool = True) -> list[tuple[Document, Record]]:
        """(document, record) of every current document: the export and the dashboard read this."""
        state = "AND d.state = 'published'" if public else ""
        rows = self.query(
            f"SELECT d.*, r.data AS record FROM documents d JOIN records r ON r.doc_id = d.id "
            f"WHERE d.is_current = 1 {state} ORDER BY r.number, d.id"
        )
        return [(self._document(r), Record.from_dict(json.loads(r["record"]))) for r in rows]

    def cited_by(self, number: str) -> list[dict[str, Any]]:
        """Clauses of current public documents that reference `number` (dated or not)."""
        parsed = parse_number(number)
        parts = parsed.number if parsed else number
        undated = parsed.undated if parsed else number
        rows = self.query(
            "SELECT f.doc_id, f.clause, f.kind, f.target, r.number, r.title_zh FROM refs f "
            "JOIN documents d ON d.id = f.doc_id JOIN records r ON r.doc_id = f.doc_id "
            "WHERE d.is_current = 1 AND d.state = 'published' AND f.target_type = 'standard' "
            "AND (f.target = ? OR f.target = ? OR f.target LIKE ? OR f.target LIKE ?) "
            "ORDER BY r.number, f.seq",
            (parts, undated, undated + "-%", undated + ":%"),
        )
        return [dict(r) for r in rows]

    def history(self, doc_id: int) -> list[dict[str, Any]]:
        rows = self.query("SELECT * FROM changes WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [dict(r) for r in rows]

    def versions(self, doc_id: int) -> list[dict[str, Any]]:
        """Every stored version of the input `doc_id` is a version of."""
        rows = self.query(
            "SELECT id, version, is_current, content_hash, created_at FROM documents "
            "WHERE source_key = (SELECT source_key FROM documents WHERE id = ?) ORDER BY version",
            (doc_id,),
        )
        return [dict(r) for r in rows]

    def duplicates(self, doc_id: int) -> list[dict[str, Any]]:
        """Other current documents with the same number or the same content."""
        rows = self.query(
            "SELECT d2.id, d2.source_name, d2.kind, d2.state, r2.number, "
            "(d2.content_hash = d.content_hash) AS same_content "
            "FROM documents d JOIN records r ON r.doc_id = d.id, documents d2 JOIN records r2 "
            "ON r2.doc_id = d2.id WHERE d.id = ? AND d2.id != d.id AND d2.is_current = 1 AND "
            "(d2.content_hash = d.content_hash OR (r.number IS NOT NULL AND r2.number = r.number))",
            (doc_id,),
        )
        return [dict(r) for r in rows]

    def last_change(self) -> int:
        """The sequence number of the newest change: the search indexes compare against it."""
        return self.query("SELECT COALESCE(MAX(seq), 0) AS s FROM changes")[0]["s"]

    def changed_since(self, seq: int) -> list[int]:
        """Documents touched after change `seq` (the search indexes re-read these)."""
        rows = self.query("SELECT DISTINCT doc_id FROM changes WHERE seq > ?", (seq,))
        return [r["doc_id"] for r in rows]

    def is_public(self, doc_id: int) -> bool:
        rows = self.query("SELECT is_current, state FROM documents WHERE id = ?", (doc_id,))
        return bool(rows) and rows[0]["is_current"] == 1 and rows[0]["state"] == "published"

    def counts(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return self.query(sql)[0][0]

        return {
            "documents": one("SELECT COUNT(*) FROM documents WHERE is_current = 1 AND state = 'published'"),
            "clauses": one("SELECT COUNT(*) FROM clauses c JOIN documents d ON d.id = c.doc_id "
                           "WHERE d.is_current = 1 AND d.state = 'published'"),
            "terms": one("SELECT COUNT(*) FROM terms t JOIN documents d ON d.id = t.doc_id "
                         "WHERE d.is_current = 1 AND d.state = 'published'"),
        }
