"""PDFs with a text layer: pypdfium2 for the text of every page, pdfplumber only for tables.

pdfium's text extraction is ~40x faster than pdfplumber's and gives the same characters
(bench/parsing.py compares them). Ruled tables are read from pdfium's vector paths
(pdf_tables.py), three-line tables (三线表) from their three rules and the text's columns
(pdf_three_line.py); pdfplumber is opened only for pages whose ruling that reader cannot resolve.
Pages without text (scans) are read by OCR (ocr.py, Tesseract) when it is installed and on, and
reported otherwise; pages whose text is garbled by a wrong font encoding are reported.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from parsing.detect import PDF
from parsing.errors import ParseError
from parsing.extract.base import Extracted, Extractor, table_marker

# A ruled table has a rectangle or line per cell; a running header rule or a cover rule is
# one or two paths. Pages with at least this many path objects are searched for ruled tables,
# pages with at least three (a three-line table's rules) for three-line tables.
TABLE_PATHS_MIN = 6
THREE_LINE_PATHS_MIN = 3


@functools.cache
def text_only_pdfium():
    """pypdfium2, told not to map system fonts, once per process.

    For a font a PDF does not embed (CJK standards often use STSong/SimSun this way) pdfium loads
    a substitute from the system's font folders on every page, only to draw glyphs we never
    draw. With Debian's fonts-noto-cjk installed that made text extraction 13x slower (146 against
    1 883 pages/s, the same text). Nothing in stdkb renders pages with pdfium.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdfium_c.FPDF_SetSystemFontInfo(None)
    return pdfium


class PdfExtractor(Extractor):
    media_types = (PDF,)

    def extract(self, data: bytes, name: str) -> Extracted:
        pdfium = text_only_pdfium()
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            msg = str(e)
            if "password" in msg.lower():
                raise ParseError("encrypted PDF: a password is needed to read it") from None
            raise ParseError(f"corrupt PDF: {msg}") from None
        try:
            return self._extract(doc, data)
        finally:
            doc.close()

    def _extract(self, doc, data: bytes) -> Extracted:
        import pypdfium2.raw as pdfium_c

        n = len(doc)
        if n == 0:
            raise ParseError("corrupt PDF: no pages")
        out = Extracted(pages=[], paged=True)
        meta = {k: v for k, v in (doc.get_metadata_dict() or {}).items() if v}
        out.metadata = meta
        empty, garbled, table_pages = [], [], []
        for i in range(n):
            try:
                page = doc[i]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
            except Exception as e:  # a broken page: report it, keep the others
                out.warnings.append(f"page {i + 1}: unreadable ({type(e).__name__}: {e})")
                out.pages.append("")
                continue
            text = _clean(text)
            if not text.strip():
                empty.append(i + 1)
            elif is_garbled(text):
                garbled.append(i + 1)
                text = ""
            else:
                paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)
                count = 0
                for count, _ in enumerate(paths, start=1):
                    if count >= TABLE_PATHS_MIN:
                        break
                if count >= THREE_LINE_PATHS_MIN:
                    text = self._pdfium_tables(page, textpage, text, out, i, table_pages, count >= TABLE_PATHS_MIN)
            out.pages.append(text)
        note = ""
        if empty:
            empty, note = self._ocr(doc, empty, out)
        if len(empty) == n:
            raise ParseError(f"image-only PDF: no text layer on any of its {n} pages ({note})")
        if len(garbled) + len(empty) == n:
            raise ParseError(
                f"garbled PDF: the text layer of {len(garbled)} of its {n} pages is unreadable "
                "(wrong font encoding?)"
            )
        if empty:
            out.warnings.append(f"no text layer (image-only) on page(s) {_ranges(empty)}: {note}")
        if garbled:
            out.warnings.append(f"garbled text (wrong font encoding?) skipped on page(s) {_ranges(garbled)}")
        if table_pages:
            self._tables(data, table_pages, out)
        return out

    def _ocr(self, doc, empty: list[int], out: Extracted) -> tuple[list[int], str]:
        """OCR the pages (1-based) in `empty` that draw something; their text goes into `out.pages`.

        Returns the pages still without text and why (for the warning or the refusal). Raises
        ParseError when more pages need OCR than STDKB_OCR_MAX_PAGES allows.
        """
        import pypdfium2.raw as pdfium_c

        from parsing.extract import ocr

        try:
            ocr.check_ocr()
        except ocr.OcrError as e:
            return empty, str(e)
        # A page with no object at all is blank paper: nothing to read, no OCR cost.
        drawn = [p for p in empty if _draws_something(doc[p - 1], pdfium_c)]
        if len(drawn) > ocr.max_pages():
            raise ParseError(
                f"image-only PDF: {len(drawn)} pages without a text layer, more than the OCR limit of "
                f"{ocr.max_pages()} pages (STDKB_OCR_MAX_PAGES)"
            )
        dpi, timeout = ocr.ocr_dpi(), ocr.page_timeout()
        read, failed = [], []
        for p in drawn:
            try:
                text = ocr.ocr_page(doc[p - 1], dpi=dpi, timeout=timeout)
            except RuntimeError as e:  # pytesseract's timeout, or Tesseract failing on this image
                reason = f"stopped after {timeout:g} s (STDKB_OCR_TIMEOUT)" if "timeout" in str(e).lower() else str(e)
                out.warnings.append(f"page {p}: OCR {reason}")
                failed.append(p)
                continue
            if ocr.has_words(text):
                out.pages[p - 1] = text
                read.append(p)
        if read:
            out.warnings.append(
                f"OCR: page(s) {_ranges(read)} had no text layer and were read by OCR "
                f"(Tesseract {ocr.OCR_LANG}, {dpi} dpi); check the record and clauses"
            )
        left = [p for p in empty if p not in read]
        return left, "OCR found no text on them" if not failed else "OCR found no text or failed on them"

    def _pdfium_tables(self, page, textpage, text: str, out: Extracted, i: int, fallback: list[int],
                       grid: bool = True) -> str:
        from parsing.extract.pdf_tables import extract_tables
        from parsing.extract.pdf_three_line import cut_tables, find_three_line_tables

        try:
            three = find_three_line_tables(page, textpage)
        except Exception as e:  # an odd path or character box: leave the page as text, say so
            out.warnings.append(f"page {i + 1}: three-line tables not read ({type(e).__name__})")
            three = []
        if three:
            markers = [table_marker(len(out.tables) + k) for k in range(len(three))]
            out.tables += [t.rows for t in three]
            cut = cut_tables(textpage, three, markers)
            if cut is not None:
                text = _clean(cut)
            else:
                for t, marker in zip(three, markers, strict=True):
                    text = place_table(text, t.rows, marker)
        if not grid:
            return text
        try:
            tables, unresolved = extract_tables(page, textpage)
        except Exception:  # an odd path object: let pdfplumber try this page
            tables, unresolved = [], True
        if unresolved and not tables and not three:
            fallback.append(i)
        for rows in tables:
            out.tables.append(rows)
            text = place_table(text, rows, table_marker(len(out.tables) - 1))
        return text

    def _tables(self, data: bytes, page_indexes: list[int], out: Extracted) -> None:
        import io

        import pdfplumber

        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as e:
            out.warnings.append(f"tables not read: {type(e).__name__}: {e}")
            return
        with pdf:
            for i in page_indexes:
                try:
                    found = pdf.pages[i].extract_tables()
                except Exception as e:
                    out.warnings.append(f"page {i + 1}: tables not read ({type(e).__name__})")
                    continue
                for rows in found:
                    rows = [[_cell(c) for c in row] for row in rows if any(c for c in row)]
                    if len(rows) < 2 and (not rows or len(rows[0]) < 2):
                        continue  # a boxed note or frame, not a table
                    out.tables.append(rows)
                    out.pages[i] = place_table(out.pages[i], rows, table_marker(len(out.tables) - 1))


def _draws_something(page, pdfium_c) -> bool:
    # `page` is held in this frame: a page freed before the call would leave a dangling handle.
    return pdfium_c.FPDFPage_CountObjects(page.raw) > 0


def _cell(value: str | None) -> str:
    return re.sub(r"\s*\n\s*", "", value or "").strip()


def place_table(page_text: str, rows: list[list[str]], marker: str) -> str:
    """Put `marker` where the table's first row is and drop the lines that repeat its cells."""
    keys = {re.sub(r"\s+", "", "".join(r)) for r in rows}
    cells = {re.sub(r"\s+", "", c) for r in rows for c in r if c}
    lines = page_text.split("\n")
    kept: list[str] = []
    placed = False
    for line in lines:
        key = re.sub(r"\s+", "", line)
        # a row line, or a line made only of cell texts (wrapped cells)
        if key and (key in keys or all(tok in cells for tok in line.split())):
            if not placed:
                kept.append(marker)
                placed = True
            continue
        kept.append(line)
    if not placed:
        kept.append(marker)
    return "\n".join(kept)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "")
    return text.replace("\ufffe", "").replace("\x00", "")


def is_garbled(text: str) -> bool:
    """Text of a wrong font encoding: mostly Latin-1 accented letters, controls, private-use or
    unmapped characters, where a Chinese or English text would have letters and CJK."""
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < 20:
        return False
    bad = 0
    for ch in chars:
        o = ord(ch)
        if 0x80 <= o <= 0xFF or 0xE000 <= o <= 0xF8FF or ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn"):
            bad += 1
    return bad / len(chars) > 0.3


def _ranges(pages: list[int]) -> str:
    out, start, prev = [], pages[0], pages[0]
    for p in pages[1:] + [None]:  # type: ignore[list-item]
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if p is not None:
            start = prev = p
    return ", ".join(out)
