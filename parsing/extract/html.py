"""HTML pages: visible text only (no scripts, styles, navigation chrome), tables as rows."""

from __future__ import annotations

from parsing.detect import HTML
from parsing.extract.base import Extracted, Extractor, table_marker
from parsing.textdecode import decode_text

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "dt", "dd", "pre"}


class HtmlExtractor(Extractor):
    media_types = (HTML,)

    def extract(self, data: bytes, name: str) -> Extracted:
        from bs4 import BeautifulSoup

        text = decode_text(data)
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "head", "nav", "iframe", "svg"]):
            tag.decompose()
        out = Extracted(pages=[])
        title = soup.find("title")
        if title and title.get_text(strip=True):
            out.metadata["Title"] = title.get_text(strip=True)
        for table in soup.find_all("table"):
            if table.find_parent("table"):
                continue
            rows = []
            for tr in table.find_all("tr"):
                cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
                if any(cells):
                    rows.append(cells)
            if rows and _is_field_table(rows):
                # a record page lays out `标准编号： | GB/T …` as a table: keep it as labelled lines
                text = "\n".join(_field_lines(rows))
                table.replace_with(soup.new_string(f"\n{text}\n"))
            elif rows:
                out.tables.append(rows)
                table.replace_with(soup.new_string(f"\n{table_marker(len(out.tables) - 1)}\n"))
        for tag in soup.find_all(_BLOCK):
            tag.insert_before("\n")
            tag.insert_after("\n")
        lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
        out.pages = ["\n".join(ln for ln in lines if ln)]
        return out


def _is_field_table(rows: list[list[str]]) -> bool:
    labels = [row[k] for row in rows for k in range(0, len(row) - 1, 2)]
    return bool(labels) and sum(lab.rstrip().endswith(("：", ":")) for lab in labels) >= 0.8 * len(labels)


def _field_lines(rows: list[list[str]]) -> list[str]:
    out = []
    for row in rows:
        pairs = [f"{row[k].strip()}{row[k + 1].strip()}" for k in range(0, len(row) - 1, 2)]
        out.append("  ".join(pairs))
    return out
