"""Plain text and Markdown, in UTF-8, GB18030 or Big5. A form feed starts a new page."""

from __future__ import annotations

import re

from parsing.detect import MARKDOWN, TEXT
from parsing.extract.base import Extracted, Extractor, table_marker
from parsing.textdecode import decode_text


class TextExtractor(Extractor):
    media_types = (TEXT, MARKDOWN)

    def extract(self, data: bytes, name: str) -> Extracted:
        text = decode_text(data)
        assert text is not None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if name.lower().endswith((".md", ".markdown")) or re.search(r"(?m)^#{1,6} \S", text[:5000]):
            text = _strip_markdown(text)
        out = Extracted(pages=[])
        out.pages = [_pipe_tables(p, out.tables) for p in text.split("\f")]
        return out


def _strip_markdown(text: str) -> str:
    """Headings lose their #, emphasis its stars; the words stay as written."""
    text = re.sub(r"(?m)^#{1,6}\s+", "", text)
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return text


def _pipe_tables(text: str, tables: list) -> str:
    """Runs of `|a|b|` lines become a table (markdown rule rows dropped) and a marker line."""
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            tables.append(list(rows))
            out.append(table_marker(len(tables) - 1))
            rows.clear()

    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
            cells = [c.strip() for c in s.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                rows.append(cells)
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out)
