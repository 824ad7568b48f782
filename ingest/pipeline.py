"""Files and catalogues in: detect, hash, parse, store; one outcome per file or catalogue row.

Each document is stored in its own transaction, so a failure (bad file, crash, kill) never
leaves anything half-written, everything stored before it stays, and a rerun resumes: what
is already stored with the same content is 'unchanged'. Ingest knows nothing of ranking.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.store import Store
from ingest.catalogue import CATALOGUE_MEDIA_TYPES, CatalogueError, read_catalogue
from ingest.discover import discover
from parsing.model import Document, ParsedDocument, Provenance

CATALOGUE_ROW_MEDIA_TYPE = "application/x-stdkb-catalogue-row"


@dataclass
class FileOutcome:
    """What happened to one file (or one catalogue row)."""

    source: str  # the path as given (uploads: the sanitised file name)
    outcome: str  # added | new_version | unchanged | failed
    doc_id: int | None = None
    reason: str | None = None  # why it failed
    row: int | None = None  # catalogue line number
    number: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        where = f"{self.source}:{self.row}" if self.row else self.source
        return f"{where}: {self.reason}" if self.reason else f"{where}: {self.outcome}"


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome == "failed"]

    def counts(self) -> dict[str, int]:
        c = Counter(o.outcome for o in self.outcomes)
        return {k: c.get(k, 0) for k in ("added", "new_version", "unchanged", "failed")}

    def to_dict(self) -> dict:
        return {"counts": self.counts(), "outcomes": [o.to_dict() for o in self.outcomes]}


def _user(user: str | None) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def ingest_bytes(
    store: Store,
    data: bytes,
    source: str,
    source_key: str,
    *,
    user: str | None = None,
    state: str = "published",
) -> list[FileOutcome]:
    """Detect, parse and store one file's bytes. Never raises for bad input: it reports."""
    from parsing import ParseError, parse_bytes
    from parsing.detect import media_type as detect_media_type

    name = Path(source).name
    if not data:
        return [FileOutcome(source, "failed", reason="empty file")]
    try:
        media_type = detect_media_type(data, name)
        if media_type in CATALOGUE_MEDIA_TYPES and _looks_like_catalogue(data, media_type):
            return _ingest_catalogue(store, data, media_type, source, source_key, user=user, state=state)
        parsed = parse_bytes(data, name)
    except (ParseError, CatalogueError) as e:
        return [FileOutcome(source, "failed", reason=str(e))]
    except Exception as e:  # a parser bug must not stop the batch; say what it was
        return [FileOutcome(source, "failed", reason=f"internal error while parsing: {type(e).__name__}: {e}")]
    document = Document(
        source_name=name,
        content_hash=hashlib.sha256(data).hexdigest(),
        media_type=parsed.media_type or media_type,
        kind=parsed.kind,
        provenance=Provenance(source=source, added_by=_user(user), url=parsed.record.source_url),
        state=state,
    )
    return [_store(store, document, parsed, source_key, source, user)]


def _store(store: Store, document: Document, parsed: ParsedDocument, key: str, source: str,
           user: str | None, row: int | None = None) -> FileOutcome:
    try:
        result = store.add(document, parsed, key, user=_user(user))
    except Exception as e:  # disk full, locked database ...: the transaction rolled back
        return FileOutcome(source, "failed", reason=f"not stored: {type(e).__name__}: {e}", row=row)
    return FileOutcome(source, result.outcome, result.doc_id, row=row, number=parsed.record.number)


def _looks_like_catalogue(data: bytes, media_type: str) -> bool:
    """CSV and Excel files are catalogues; a JSON file only when it holds a list of records."""
    if media_type != "application/json":
        return True
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return True  # let the catalogue reader say what is wrong
    return isinstance(value, list) or (isinstance(value, dict) and ("records" in value or "rows" in value))


def _ingest_catalogue(store: Store, data: bytes, media_type: str, source: str, source_key: str, *,
                      user: str | None, state: str) -> list[FileOutcome]:
    outcomes = []
    seen: dict[str, int] = {}
    name = Path(source).name
    for row in read_catalogue(data, media_type):
        if row.record is None:
            outcomes.append(FileOutcome(source, "failed", reason=row.error, row=row.line))
            continue
        record = row.record
        if record.number in seen:
            outcomes.append(FileOutcome(source, "failed", row=row.line, number=record.number,
                                        reason=f"number {record.number} already on line {seen[record.number]}"))
            continue
        seen[record.number] = row.line
        canonical = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True).encode()
        parsed = ParsedDocument(kind="record-only", record=record, media_type=CATALOGUE_ROW_MEDIA_TYPE,
                                text="\n".join(filter(None, [record.title_zh, record.title_en, record.scope])))
        document = Document(
            source_name=name,
            content_hash=hashlib.sha256(canonical).hexdigest(),
            media_type=CATALOGUE_ROW_MEDIA_TYPE,
            kind="record-only",
            provenance=Provenance(source=source, added_by=_user(user), row=row.line, url=record.source_url),
            state=state,
        )
        outcomes.append(_store(store, document, parsed, f"{source_key}#{record.number}", source, user, row.line))
    return outcomes


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    user: str | None = None,
    state: str = "published",
    progress: bool = False,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    """Ingest files and folders (recursively; a folder's `.stdkbignore` lists what to skip)."""
    from tqdm import tqdm

    report = IngestReport()
    found = list(discover(paths))
    bar = tqdm(found, unit="file", disable=not (progress and sys.stderr.isatty()), file=sys.stderr)
    for item in bar:
        if item.error:
            outcomes = [FileOutcome(item.display, "failed", reason=item.error)]
        else:
            try:
                data = item.path.read_bytes()
            except OSError as e:
                outcomes = [FileOutcome(item.display, "failed", reason=f"unreadable: {e.strerror or e}")]
            else:
                key = str(item.path.resolve())
                outcomes = ingest_bytes(store, data, item.display, key, user=user, state=state)
        for outcome in outcomes:
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    return report


_UNSAFE = re.compile(r"[^\w\u3400-\u9fff.\-()（）\[\] ]+")


def sanitize_filename(name: str) -> str:
    """A file name safe to show and to log: no directories, control characters or markup."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    return name[:120] or "upload"


def ingest_upload(
    store: Store,
    data: bytes,
    filename: str,
    *,
    user: str,
    state: str = "draft",
    max_bytes: int = 50 * 1024 * 1024,
) -> list[FileOutcome]:
    """One uploaded file (the librarian workspace): size-checked, name sanitised, typed by content."""
    name = sanitize_filename(filename)
    if len(data) > max_bytes:
        return [FileOutcome(name, "failed", reason=(
            f"file too large: {len(data) / 1048576:.1f} MB (the limit is {max_bytes / 1048576:.0f} MB)"))]
    return ingest_bytes(store, data, name, f"upload:{name}", user=user, state=state)
