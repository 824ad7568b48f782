"""Word documents (DOCX): paragraphs and tables in body order.

Standard drafts written with Word's automatic numbering (the SAC template's 章标题 /
一级条标题 … styles, or Heading 1-n) do not carry their clause numbers in the paragraph
text; where a document numbers none of its headings by hand, the numbers are rebuilt from
the heading levels (1, 1.1, 1.1.1 …; 附录A with A.1 …).
"""

from __future__ import annotations

import io
import re

from parsing.detect import DOCX
from parsing.errors import ParseError
from parsing.extract.base import Extracted, Extractor, table_marker

# Style name -> heading level (1 = chapter). SAC template names first, then Word's own.
_LEVEL_STYLES = [
    (re.compile(r"章标题"), 1),
    (re.compile(r"一级条标题"), 2),
    (re.compile(r"二级条标题"), 3),
    (re.compile(r"三级条标题"), 4),
    (re.compile(r"四级条标题"), 5),
    (re.compile(r"五级条标题"), 6),
    (re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I), None),
]
_ANNEX_STYLE = re.compile(r"附录标识|附录标题|Annex", re.I)
_ANNEX_LEVEL = re.compile(r"附录(一|二|三|四|五)级条标题")
_FRONT = re.compile(r"^(前\s*言|引\s*言|目\s*次|参\s*考\s*文\s*献|附\s*录|Foreword|Introduction|Bibliography)")


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
        items: list[tuple[str, str]] = []  # (text, style name)
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                items.append((item.text, item.style.name if item.style is not None else ""))
            elif isinstance(item, Table):
                rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
                out.tables.append(rows)
                items.append((table_marker(len(out.tables) - 1), ""))
        out.pages = ["\n".join(number_headings(items))]
        if document.core_properties.title:
            out.metadata["Title"] = document.core_properties.title
        return out


def _level(style: str) -> int | None:
    for rx, level in _LEVEL_STYLES:
        m = rx.search(style)
        if m:
            return level if level is not None else int(m.group(1))
    return None


def number_headings(items: list[tuple[str, str]]) -> list[str]:
    """Paragraph texts, with clause numbers put back where Word numbered the headings itself."""
    styled = [(t, _level(s)) for t, s in items]
    headings = [t for t, lv in styled if lv]
    if not headings or any(re.match(r"^\d{1,2}(\.\d+)*\s", t.strip()) for t in headings):
        return [t for t, _ in items]  # numbers are in the text already (or no heading styles)
    counters: list[int] = []
    annex: str | None = None
    out = []
    for (text, style), (_, level) in zip(items, styled, strict=True):
        s = text.strip()
        if _ANNEX_STYLE.search(style) and re.match(r"^附\s*录", s) is None and not _ANNEX_LEVEL.search(style):
            annex = chr(ord(annex) + 1) if annex else "A"
            counters = []
            out.append(f"附录{annex}{s if s.startswith(('（', '(')) else ''}")
            if not s.startswith(("（", "(")):
                out.append(s)
            continue
        if m := _ANNEX_LEVEL.search(style):
            level = "一二三四五".index(m.group(1)) + 2
        if level and s and not _FRONT.match(s):
            depth = level if annex is None else level - 1
            counters = (counters + [0] * depth)[:depth]
            counters[-1] += 1
            prefix = ".".join(str(n) for n in counters) if annex is None else annex + "." + ".".join(
                str(n) for n in counters)
            out.append(f"{prefix} {s}")
        else:
            out.append(text)
    return out
