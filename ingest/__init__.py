"""ingest: files and catalogues in, provenance kept, one transaction per document."""

from ingest.pipeline import (
    FileOutcome,
    IngestReport,
    ingest_bytes,
    ingest_paths,
    ingest_upload,
    sanitize_filename,
)

__all__ = ["FileOutcome", "IngestReport", "ingest_bytes", "ingest_paths", "ingest_upload", "sanitize_filename"]
