"""Word documents (DOCX): paragraphs and tables in body order."""

from __future__ import annotations

import io

from parsing.detect import DOCX
from parsing.errors import ParseError
from parsing.extract.base import Extracted, Extractor, table_marker


class DocxExtractor(Extractor):
    media_types = (DOCX,)

    def extract(self, data: bytes, name: str) -> Extracted:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as e:  # python-docx raises several types for broken packages
            raise ParseError(f"corrupt DOCX: {type(e).__name__}: {e}") from None
        out = Extracted(pages=[])
        lines: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                lines.append(item.text)
            elif isinstance(item, Table):
                rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
                out.tables.append(rows)
                lines.append(table_marker(len(out.tables) - 1))
        out.pages = ["\n".join(lines)]
        if document.core_properties.title:
            out.metadata["Title"] = document.core_properties.title
        return out
