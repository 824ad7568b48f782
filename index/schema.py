"""The SQLite schema of the database of record, as an ordered list of migrations.

`PRAGMA user_version` holds how many migrations a file has had; opening a file applies the
rest in one transaction each. Never edit a migration that has shipped: append a new one.
"""

MIGRATIONS: list[str] = [
    # 1: documents, their parsed content, the change log the search indexes follow, accounts.
    """
    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        source_key    TEXT NOT NULL,     -- identity across versions: file path or catalogue row key
        source_name   TEXT NOT NULL,     -- file name shown to users
        content_hash  TEXT NOT NULL,     -- sha256 of the bytes (catalogue rows: of the row)
        media_type    TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('standard', 'policy', 'record-only')),
        version       INTEGER NOT NULL DEFAULT 1,
        is_current    INTEGER NOT NULL DEFAULT 1,
        state         TEXT NOT NULL DEFAULT 'published'
                      CHECK (state IN ('draft', 'published', 'rejected')),
        provenance    TEXT NOT NULL,     -- JSON of parsing.model.Provenance
        pages         INTEGER,
        text          TEXT NOT NULL DEFAULT '',
        warnings      TEXT NOT NULL DEFAULT '[]',
        created_at    TEXT NOT NULL,
        UNIQUE (source_key, version)
    );
    CREATE INDEX documents_hash ON documents (content_hash);
    CREATE INDEX documents_current ON documents (is_current, state);

    CREATE TABLE records (
        doc_id         INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        number         TEXT,
        doc_type       TEXT,
        title_zh       TEXT,
        title_en       TEXT,
        status         TEXT,
        publish_date   TEXT,
        implement_date TEXT,
        data           TEXT NOT NULL     -- JSON of parsing.model.Record, every field
    );
    CREATE INDEX records_number ON records (number);

    CREATE TABLE clauses (
        doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq      INTEGER NOT NULL,       -- document order
        number   TEXT NOT NULL,
        heading  TEXT,
        level    INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        parent   TEXT,
        page     INTEGER,
        text     TEXT NOT NULL,
        data     TEXT NOT NULL,          -- JSON of the whole parsing.model.Clause
        PRIMARY KEY (doc_id, seq)
    );

    CREATE TABLE terms (
        doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        number     TEXT,
        term_zh    TEXT,
        term_en    TEXT,
        definition TEXT,
        data       TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE INDEX terms_zh ON terms (term_zh);
    CREATE INDEX terms_en ON terms (term_en COLLATE NOCASE);

    CREATE TABLE refs (
        doc_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        target      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        clause      TEXT,
        target_type TEXT NOT NULL,
        data        TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE INDEX refs_target ON refs (target);

    CREATE TABLE requirements (
        doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq      INTEGER NOT NULL,
        clause   TEXT,
        modality TEXT NOT NULL,
        data     TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );

    CREATE TABLE targets (
        doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq      INTEGER NOT NULL,
        year     INTEGER,
        data     TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );

    -- Every change to a stored document, in order: the derived search indexes replay it to
    -- catch up without a restart, and librarians read it as history.
    CREATE TABLE changes (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id    INTEGER NOT NULL,
        action    TEXT NOT NULL,         -- added, new_version, edited, published, rejected, ...
        user      TEXT,
        at        TEXT NOT NULL,
        field     TEXT,                  -- for edits: the record field
        old_value TEXT,                  -- JSON
        new_value TEXT                   -- JSON
    );
    CREATE INDEX changes_doc ON changes (doc_id);

    CREATE TABLE users (
        name          TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,     -- argon2
        role          TEXT NOT NULL CHECK (role IN ('librarian', 'admin')),
        created_at    TEXT NOT NULL
    );

    CREATE TABLE login_attempts (
        name TEXT NOT NULL,
        at   REAL NOT NULL,              -- unix time
        ok   INTEGER NOT NULL
    );
    CREATE INDEX login_attempts_name ON login_attempts (name, at);
    """,
]
