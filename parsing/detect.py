"""Media type from content, not from the file name (a .txt may hold a PDF; a .pdf may be HTML).

The name only breaks ties among text formats (CSV vs plain text, Markdown vs plain text).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
CSV = "text/csv"
JSON = "application/json"
EMPTY = "application/x-empty"

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG image"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG image"),
    (b"GIF8", "image/gif", "GIF image"),
    (b"II*\x00", "image/tiff", "TIFF image"),
    (b"MM\x00*", "image/tiff", "TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", "old Microsoft Office (OLE) file"),
    (b"\x1f\x8b", "application/gzip", "gzip archive"),
    (b"Rar!", "application/vnd.rar", "RAR archive"),
    (b"7z\xbc\xaf", "application/x-7z-compressed", "7-Zip archive"),
    (b"{\\rtf", "application/rtf", "RTF document"),
]

# What a media type "looks like", for error messages about types we do not parse.
DESCRIPTIONS = {mt: desc for _, mt, desc in _MAGIC} | {
    "application/zip": "ZIP archive",
    "application/octet-stream": "binary data",
    XLSX: "Excel workbook",
    CSV: "CSV table",
    JSON: "JSON data",
    EMPTY: "nothing (empty file)",
}


def media_type(data: bytes, name: str = "") -> str:
    """The media type of `data`, e.g. "application/pdf", "text/plain", "text/html"."""
    if not data.strip():
        return EMPTY
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    for magic, mt, _ in _MAGIC:
        if data.startswith(magic):
            return mt
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    from parsing.textdecode import decode_text  # local: keeps detect importable cheaply

    text = decode_text(data, strict=False)
    if text is None:
        return "application/octet-stream"
    return _text_type(text, name.lower())


def describe(media: str) -> str:
    return DESCRIPTIONS.get(media, media)


def _zip_type(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return "application/zip"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return "application/zip"


def _text_type(text: str, name: str) -> str:
    stripped = text.lstrip("\ufeff \t\r\n")
    low = stripped[:2000].lower()
    if low.startswith(("<!doctype html", "<html", "<?xml")) and ("<html" in low or "<body" in low):
        return HTML
    if re.search(r"<(html|body|div|p|table|head)[\s>]", low) and low.startswith("<"):
        return HTML
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
            return JSON
        except ValueError:
            pass
    if name.endswith((".csv", ".tsv")) or _looks_like_csv(stripped):
        return CSV
    if name.endswith((".md", ".markdown")) or re.search(r"(?m)^#{1,6} \S", stripped[:5000]):
        return MARKDOWN
    return TEXT


def _looks_like_csv(text: str) -> bool:
    """Every one of the first lines has the same number (>= 2) of ASCII commas or tabs."""
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if len(lines) < 3:
        return False
    for sep in (",", "\t"):
        counts = {ln.count(sep) for ln in lines}
        if len(counts) == 1 and counts.pop() >= 2:
            return True
    return False
