"""Text extractors: one small class per media type, picked by a factory.

An extractor turns bytes into pages of plain text (reading order, one line per line),
plus tables found on those pages and the warnings it met. Everything after that is
format-blind: layout cleanup, record, clause tree ... work on `Extracted`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A marker line standing where a table was; `layout` and `clauses` attach the table to the
# clause it falls in. Private-use characters so no real text is mistaken for it.
TABLE_MARK = "\ue000TABLE:"


@dataclass
class Extracted:
    pages: list[str]  # text per page (a text file is one page)
    tables: list[list[list[str]]] = field(default_factory=list)  # referenced by TABLE_MARK<n>
    warnings: list[str] = field(default_factory=list)
    paged: bool = False  # True for PDFs: pages have running headers, footers, page numbers
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. the PDF Title


class Extractor:
    """Base class: `extract(data, name)` -> Extracted, or ParseError for bad input."""

    media_types: tuple[str, ...] = ()

    def extract(self, data: bytes, name: str) -> Extracted:  # pragma: no cover - interface
        raise NotImplementedError


def table_marker(index: int) -> str:
    return f"{TABLE_MARK}{index}"


def get_extractor(media_type: str) -> Extractor | None:
    """The extractor for `media_type`, or None when we do not parse that type."""
    from parsing.extract.docx import DocxExtractor
    from parsing.extract.html import HtmlExtractor
    from parsing.extract.pdf import PdfExtractor
    from parsing.extract.text import TextExtractor

    for cls in (PdfExtractor, TextExtractor, HtmlExtractor, DocxExtractor):
        if media_type in cls.media_types:
            return cls()
    return None
