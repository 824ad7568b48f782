"""Lay out a sample standard's plain text as a real-looking GB standard PDF (reportlab, STSong-Light).

The text reads as a standard does: a cover block (ICS/CCS lines, 中华人民共和国国家标准 or 团体标准 ...,
the number, 代替 ..., Chinese and English titles, 一致性程度, `2024-03-15 发布`, `2024-10-01 实施`,
issuing bodies ending in `发布`), then 前言, 引言, `1 范围`, `2 规范性引用文件`, `3.1` ... annexes
(`附录A（资料性）` then its title) and 参考文献. Every other line is one paragraph.
A run of `|a|b|c|` lines becomes a drawn table (ruled grid, or 三线表 with `table_style`).

The PDF has what real ones have and parsers trip on: a cover page, a 目次 page with dot leaders
and page numbers, Roman page numbers on the front matter, the title repeated on the first body
page, a running header (the standard number) and a page-number footer on every page after the
cover. `stop_after_toc=True` cuts the document after its contents, as free previews do.

    python corpus/tools/render_pdf.py IN.txt OUT.pdf
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN_L, MARGIN_R = 70.0, 60.0
TOP, BOTTOM = PAGE_H - 80.0, 80.0
BODY_SIZE = 10.5
LEADING = 17.0
TOC_LINES_PER_PAGE = int((TOP - 50 - BOTTOM) // (LEADING + 2))

_DATE_LINE = re.compile(r"^\s*(\d{4}\s*[-.年]\s*\d{1,2}\s*[-.月]\s*\d{1,2}\s*日?)\s*(发布|發布|实施|實施)\s*$")
_DOC_CLASS = re.compile(r"^(中华人民共和国|中華人民共和國).*标准$|^.{0,12}(行业|地方|团体|企业)标准$|^团体标准$")
_STD_NUMBER = re.compile(r"^(GB|DB|T/|[A-Z]{2,4}(/[TZ])?\s*\d|ISO|IEC)")
_CHAPTER = re.compile(r"^(\d{1,2})\s+\S")
_SUBCLAUSE = re.compile(r"^(\d{1,2}(?:\.\d{1,3})+|[A-Z]\.\d{1,3}(?:\.\d{1,3})*)(?:\s+\S|$)")
_ANNEX = re.compile(r"^附\s*录\s*([A-Z])")
_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)")
_FRONT = ("前言", "前　言", "引言", "引　言")
_BACK = ("参考文献", "参 考 文 献", "索引")
_ENGLISH_FRONT = ("Foreword", "Introduction", "Bibliography")


@dataclass
class Cover:
    ics: str | None = None
    ccs: str | None = None
    filing: str | None = None  # 备案号
    doc_class: str | None = None  # 中华人民共和国国家标准 ...
    number: str | None = None
    replaces: list[str] = field(default_factory=list)
    title_zh: list[str] = field(default_factory=list)
    title_en: list[str] = field(default_factory=list)
    adoption: str | None = None
    publish: str | None = None
    implement: str | None = None
    issuers: list[str] = field(default_factory=list)


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def split_cover(text: str) -> tuple[list[str], list[str]]:
    """The cover block (lines before 前言 / 引言 / chapter 1) and the body lines."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    for i, line in enumerate(lines):
        s = line.strip()
        if s in _FRONT or s in _ENGLISH_FRONT or s in ("目次", "目　次", "Contents") or re.match(r"^1\s+\S", s):
            return lines[:i], lines[i:]
    return [], lines


def parse_cover(lines: list[str]) -> Cover:
    cover = Cover()
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if s.startswith("ICS"):
            cover.ics = s
        elif s.startswith("CCS") or re.fullmatch(r"[A-Z]\s?\d{2}", s):
            cover.ccs = s
        elif s.startswith(("备案号", "備案號")):
            cover.filing = s
        elif _DOC_CLASS.match(s):
            cover.doc_class = s
        elif s.startswith(("代替", "代　替")):
            cover.replaces.append(s)
        elif m := _DATE_LINE.match(s):
            if m.group(2) in ("发布", "發布"):
                cover.publish = s
            else:
                cover.implement = s
        elif s.endswith(("发布", "發布")):
            cover.issuers.append(s)
        elif re.match(r"^[（(].*(IDT|MOD|NEQ)\s*[)）]$", s):
            cover.adoption = s
        elif cover.number is None and _STD_NUMBER.match(s):
            cover.number = s
        elif re.search(r"[\u4e00-\u9fff]", s):
            if cover.title_en:  # issuers written without 发布 on their own lines
                cover.issuers.append(s)
            else:
                cover.title_zh.append(s)
        else:
            cover.title_en.append(s)
    return cover


# ---------------------------------------------------------------------------- layout model
@dataclass
class Block:
    """One thing to draw in the body: a line of text (wrapped later), a table, or a page break."""

    kind: str  # "heading-center", "heading", "para", "list", "note", "table", "pagebreak", "title"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    toc_label: str | None = None  # shown in 目次 when set


def _classify(body: list[str]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    in_front = True
    while i < len(body):
        s = body[i].strip()
        if not s or s in ("目次", "目　次", "Contents"):
            i += 1
            continue
        if s.startswith("|"):
            rows = []
            while i < len(body) and body[i].strip().startswith("|"):
                row = body[i].strip()
                # one pipe off each end, so that `||b|c|` keeps its empty first cell
                cells = [c.strip() for c in row[1 : -1 if row.endswith("|") else None].split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):  # markdown rule rows
                    rows.append(cells)
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        plain = s.replace("　", "").replace(" ", "")
        if plain in ("前言", "引言") or s in ("Foreword", "Introduction"):
            blocks += [Block("pagebreak"), Block("heading-center", s, toc_label=s)]
        elif plain == "参考文献" or s == "Bibliography":
            in_front = False
            blocks += [Block("pagebreak"), Block("heading-center", s, toc_label=s)]
        elif _ANNEX.match(s):
            in_front = False
            # `附录A（资料性）` alone on its line: the annex title is the next non-empty line
            title, j = None, i + 1
            if re.fullmatch(r"附\s*录\s*[A-Z]\s*[（(][^）)]*[)）]", s):
                while j < len(body) and not body[j].strip():
                    j += 1
                if j < len(body):
                    title = body[j].strip()
            blocks += [Block("pagebreak"), Block("heading-center", s, toc_label=f"{s}　{title}" if title else s)]
            if title:
                blocks.append(Block("heading-center", title))
                i = j
        elif _CHAPTER.match(s) and not _SUBCLAUSE.match(s):
            if in_front:
                in_front = False
                blocks += [Block("pagebreak"), Block("title")]
            blocks.append(Block("heading", s, toc_label=s))
        elif _SUBCLAUSE.match(s) and len(s) < 60:
            blocks.append(Block("heading", s))
        elif s.startswith(("——", "—", "a)", "b)", "c)", "d)", "e)", "f)", "g)", "h)")) or re.match(r"^\d{1,2}\)", s):
            blocks.append(Block("list", s))
        elif re.match(r"^(注\s*\d*\s*[：:]|注\s*\d|示例|NOTE|EXAMPLE)", s):
            blocks.append(Block("note", s))
        else:
            blocks.append(Block("para", s))
        i += 1
    return blocks


def _wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break text into lines that fit `width`, keeping ASCII words whole."""
    tokens = re.findall(r"[A-Za-z0-9.,:;/\-—()'%]+ ?|.", text)
    lines: list[str] = []
    cur, cur_w, avail = "", 0.0, width - first_indent
    for tok in tokens:
        w = pdfmetrics.stringWidth(tok, FONT, size)
        # closing punctuation never starts a line (GB typesetting): let it overhang instead
        if cur and cur_w + w > avail and tok not in _NO_LINE_START:
            lines.append(cur.rstrip())
            cur, cur_w, avail = "", 0.0, width
            if tok == " ":
                continue
        cur += tok
        cur_w += w
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [""]


class _Pager:
    """Draws body blocks onto pages, or only counts pages when `c` is None (first pass)."""

    def __init__(self, c: canvas.Canvas | None, header: str, title: list[str], first_page_no: int,
                 style: dict | None = None):
        self.c = c
        self.style = style or {}
        self.header = header
        self.title = title
        self.page_no = first_page_no  # physical page number (1-based) of the current page
        self.roman_start: int | None = None
        self.arabic_start: int | None = None
        self.y = TOP
        self.started = False
        self.toc: list[tuple[str, int]] = []  # label, physical page
        self.width = PAGE_W - MARGIN_L - MARGIN_R

    # page numbering: front matter roman from the 目次 on, body arabic from chapter 1
    def label(self, physical: int) -> str:
        if self.arabic_start is not None and physical >= self.arabic_start:
            return str(physical - self.arabic_start + 1)
        start = self.roman_start or physical
        return _roman(physical - start + 1)

    def shown_label(self, physical: int) -> str:
        n = self.label(physical)
        form = self.style.get("page_label", "plain")
        return {"dash": f"- {n} -", "chinese": f"第 {n} 页"}.get(form, n)

    def new_page(self) -> None:
        if self.started:
            self._finish_page()
            self.page_no += 1
        self.started = True
        self.y = TOP
        if self.c is not None and self.style.get("header_first"):
            self._header()  # drawn before the body: extraction order puts it first

    def _header(self) -> None:
        c = self.c
        c.setFont(FONT, 9)
        c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 50, self.header)
        c.setLineWidth(0.5)
        c.line(MARGIN_L, PAGE_H - 56, PAGE_W - MARGIN_R, PAGE_H - 56)

    def _finish_page(self) -> None:
        if self.c is None:
            return
        c = self.c
        if not self.style.get("header_first"):
            self._header()
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, 45, self.shown_label(self.page_no))
        c.showPage()

    def finish(self) -> None:
        if self.started:
            self._finish_page()

    def need(self, height: float) -> None:
        if not self.started or self.y - height < BOTTOM:
            self.new_page()

    def text_line(self, x: float, s: str, size: float = BODY_SIZE, center: bool = False) -> None:
        self.need(LEADING)
        if self.c is not None:
            self.c.setFont(FONT, size)
            if center:
                self.c.drawCentredString(PAGE_W / 2, self.y - size, s)
            else:
                self.c.drawString(x, self.y - size, s)
        self.y -= max(LEADING, size * 1.6)

    def block(self, b: Block) -> None:
        if b.kind == "pagebreak":
            self.new_page()
            return
        if b.kind == "title":
            if self.arabic_start is None:
                self.arabic_start = self.page_no
            self.y -= 10
            for t in self.title:
                self.text_line(0, t, size=16, center=True)
            self.y -= 14
            return
        if b.toc_label:
            self.need(LEADING * 2)
            self.toc.append((b.toc_label, self.page_no))
        if b.kind == "heading-center":
            self.y -= 6
            for shown in _gb_heading(b.text) if self.style.get("gb_spacing") else [b.text]:
                self.text_line(0, shown, size=14, center=True)
            self.y -= 6
        elif b.kind == "heading":
            self.y -= 4
            for ln in _wrap(b.text, self.width, BODY_SIZE + 0.5):
                self.text_line(MARGIN_L, ln, size=BODY_SIZE + 0.5)
        elif b.kind in ("para", "list", "note"):
            size = 9.0 if b.kind == "note" else BODY_SIZE
            indent = 2 * size if b.kind in ("para", "note") else size
            lines = _wrap(b.text, self.width, size, first_indent=indent)
            for k, ln in enumerate(lines):
                self.text_line(MARGIN_L + (indent if k == 0 else 0), ln, size=size)
        elif b.kind == "table":
            self._table(b.rows)

    def _table(self, rows: list[list[str]]) -> None:
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        col_w = self.width / ncols
        size = 9.0
        if self.style.get("table_style") == "three-line":
            self._three_line_table(rows, ncols, col_w, size)
            return
        for r, row in enumerate(rows):
            cells = [_wrap(c, col_w - 8, size) for c in row] + [[""]] * (ncols - len(row))
            height = max(len(c) for c in cells) * 13 + 8
            self.need(height)
            if self.c is not None:
                c = self.c
                c.setLineWidth(1.0 if r == 0 else 0.5)
                top = self.y
                for k in range(ncols):
                    x = MARGIN_L + k * col_w
                    c.rect(x, top - height, col_w, height, stroke=1, fill=0)
                    c.setFont(FONT, size)
                    for n, ln in enumerate(cells[k]):
                        c.drawString(x + 4, top - 13 - n * 13, ln)
            self.y -= height
        self.y -= 8

    def _three_line_table(self, rows: list[list[str]], ncols: int, col_w: float, size: float) -> None:
        """A 三线表: a thick rule above the header row, a thin one under it, a thick one under the
        last row, no vertical rules. The table is kept on one page when it fits on one."""
        wrapped = [[_wrap(c, col_w - 8, size) for c in row] + [[""]] * (ncols - len(row)) for row in rows]
        heights = [max(len(c) for c in cells) * 13 + 8 for cells in wrapped]
        self.need(min(sum(heights), TOP - BOTTOM))
        c = self.c
        if c is not None:
            c.setLineWidth(1.5)
            c.line(MARGIN_L, self.y, MARGIN_L + self.width, self.y)
        for r, cells in enumerate(wrapped):
            self.need(heights[r])
            if c is not None:
                top = self.y
                c.setFont(FONT, size)
                for k in range(ncols):
                    for n, ln in enumerate(cells[k]):
                        c.drawString(MARGIN_L + k * col_w + 4, top - 13 - n * 13, ln)
                bottom = top - heights[r]
                if r == 0 or r == len(wrapped) - 1:
                    c.setLineWidth(0.75 if r == 0 else 1.5)
                    c.line(MARGIN_L, bottom, MARGIN_L + self.width, bottom)
            self.y -= heights[r]
        self.y -= 8


def _gb_heading(text: str) -> list[str]:
    """How GB covers set these headings: 前　　言, and 附　录　A over （规范性）."""
    flat = text.replace(" ", "").replace("　", "")
    if flat in ("前言", "引言"):
        return [flat[0] + "　　" + flat[1]]
    if flat == "参考文献":
        return ["参　考　文　献"]
    m = re.fullmatch(r"附录([A-Z])([（(].*[)）])", flat)
    if m:
        return [f"附　录　{m.group(1)}", m.group(2)]
    return [text]


def _roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _draw_cover(c: canvas.Canvas, cv: Cover) -> None:
    right = PAGE_W - MARGIN_R
    c.setFont(FONT, 10.5)
    y = PAGE_H - 70
    if cv.ics:
        c.drawString(MARGIN_L, y, cv.ics)
    if cv.ccs:
        c.drawString(MARGIN_L, y - 16, cv.ccs)
    if cv.filing:
        c.drawRightString(right, y - 16, cv.filing)
    if cv.doc_class:
        c.setFont(FONT, 24)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 170, cv.doc_class)
    y = PAGE_H - 215
    if cv.number:
        c.setFont(FONT, 14)
        c.drawRightString(right, y, cv.number)
        y -= 20
    c.setFont(FONT, 10.5)
    for rep in cv.replaces:
        c.drawRightString(right, y, rep)
        y -= 16
    c.setLineWidth(1)
    c.line(MARGIN_L, PAGE_H - 270, right, PAGE_H - 270)
    y = PAGE_H - 350
    for t in cv.title_zh:
        c.setFont(FONT, 24)
        c.drawCentredString(PAGE_W / 2, y, t)
        y -= 36
    y -= 10
    for t in cv.title_en:
        c.setFont(FONT, 13)
        for ln in _wrap(t, PAGE_W - 2 * MARGIN_L - 20, 13):
            c.drawCentredString(PAGE_W / 2, y, ln)
            y -= 20
    if cv.adoption:
        y -= 12
        c.setFont(FONT, 12)
        c.drawCentredString(PAGE_W / 2, y, cv.adoption)
    c.setFont(FONT, 12)
    if cv.publish:
        c.drawString(MARGIN_L, 160, cv.publish)
    if cv.implement:
        c.drawRightString(right, 160, cv.implement)
    c.line(MARGIN_L, 150, right, 150)
    y = 120
    c.setFont(FONT, 15)
    for iss in cv.issuers:
        c.drawCentredString(PAGE_W / 2, y, iss)
        y -= 22
    c.showPage()


def _draw_toc(c: canvas.Canvas, entries: list[tuple[str, str]], header: str) -> int:
    """The 目次 page(s): label, dot leaders, page label. Returns pages drawn."""
    pages = 1
    right = PAGE_W - MARGIN_R
    y = TOP

    def footer(label: str) -> None:
        c.setFont(FONT, 9)
        c.drawRightString(right, PAGE_H - 50, header)
        c.line(MARGIN_L, PAGE_H - 56, right, PAGE_H - 56)
        c.drawCentredString(PAGE_W / 2, 45, label)

    c.setFont(FONT, 14)
    c.drawCentredString(PAGE_W / 2, y - 14, "目　　次")
    y -= 50
    c.setFont(FONT, BODY_SIZE)
    for k, (label, page) in enumerate(entries):
        if k and k % TOC_LINES_PER_PAGE == 0:
            footer(_roman(pages))
            c.showPage()
            pages += 1
            y = TOP
            c.setFont(FONT, BODY_SIZE)
        lw = pdfmetrics.stringWidth(label, FONT, BODY_SIZE)
        pw = pdfmetrics.stringWidth(page, FONT, BODY_SIZE)
        dot_w = pdfmetrics.stringWidth(".", FONT, BODY_SIZE)
        n = max(3, int((right - MARGIN_L - lw - pw - 8) / dot_w))
        c.drawString(MARGIN_L, y, label + " " + "." * n)
        c.drawRightString(right, y, page)
        y -= LEADING + 2
    footer(_roman(pages))
    c.showPage()
    return pages


def render_standard_pdf(
    text: str,
    out: Path,
    *,
    header: str | None = None,
    cover: bool = True,
    toc: bool = True,
    stop_after_toc: bool = False,
    header_first: bool = False,
    page_label: str = "plain",
    gb_spacing: bool = False,
    table_style: str = "grid",
) -> Path:
    """Write `text` (a sample standard, as plain text) to `out` as a GB-style PDF; returns `out`.

    `header` overrides the running header (default: the number on the cover). `cover=False`
    or `toc=False` leave those pages out; `stop_after_toc=True` keeps only cover and 目次.
    Layout variants seen in real files: `header_first` draws the running header before the
    body (so text extraction meets it first), `page_label` "dash" (- 3 -) or "chinese"
    (第 3 页), `gb_spacing` sets 前　　言 and 附　录　A / （规范性） as GB covers do.
    `table_style` "grid" rules every cell; "three-line" draws 三线表 (three horizontal rules, no
    vertical ones), as many Chinese standards print their tables.
    """
    if table_style not in ("grid", "three-line"):
        raise ValueError(f"table_style must be 'grid' or 'three-line', not {table_style!r}")
    style = {"header_first": header_first, "page_label": page_label, "gb_spacing": gb_spacing,
             "table_style": table_style}
    _register_font()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cover_lines, body = split_cover(text)
    cv = parse_cover(cover_lines)
    header = header if header is not None else (cv.number or "")
    blocks = _classify(body)

    # Pass 1: paginate the body without drawing, to learn each 目次 entry's page.
    toc_pages = 1
    while True:
        front = (1 if cover else 0) + (toc_pages if toc else 0)
        dry = _Pager(None, header, cv.title_zh, front + 1)
        dry.roman_start = 2 if cover else 1
        for b in blocks:
            dry.block(b)
        dry.finish()
        needed = max(1, -(-len(dry.toc) // TOC_LINES_PER_PAGE))
        if not toc or needed == toc_pages:
            break
        toc_pages = needed
    toc_entries = [(label, dry.label(page)) for label, page in dry.toc]

    c = canvas.Canvas(str(out), pagesize=A4)
    title = "".join(cv.title_zh) or out.stem
    c.setTitle(title)
    c.setAuthor("stdkb sample")
    if cover:
        _draw_cover(c, cv)
    if toc:
        _draw_toc(c, toc_entries, header)
    if not stop_after_toc:
        pager = _Pager(c, header, cv.title_zh, front + 1, style)
        pager.roman_start = dry.roman_start
        for b in blocks:
            pager.block(b)
        pager.finish()
    c.save()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", type=Path, help="sample standard as plain text (UTF-8)")
    ap.add_argument("output", type=Path, help="PDF to write")
    ap.add_argument("--header", help="running header (default: the number on the cover)")
    ap.add_argument("--no-cover", action="store_true")
    ap.add_argument("--no-toc", action="store_true")
    ap.add_argument("--stop-after-toc", action="store_true", help="cover and contents only, as a free preview")
    ap.add_argument("--header-first", action="store_true", help="draw the running header before the body")
    ap.add_argument("--page-label", choices=("plain", "dash", "chinese"), default="plain")
    ap.add_argument("--gb-spacing", action="store_true", help="前　　言, 附　录　A over （规范性）")
    ap.add_argument("--table-style", choices=("grid", "three-line"), default="grid",
                    help="rule every cell, or draw 三线表 (three horizontal rules)")
    args = ap.parse_args(argv)
    try:
        text = args.input.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{args.input}: cannot read: {e}", file=sys.stderr)
        return 1
    out = render_standard_pdf(
        text, args.output, header=args.header, cover=not args.no_cover, toc=not args.no_toc,
        stop_after_toc=args.stop_after_toc, header_first=args.header_first, page_label=args.page_label,
        gb_spacing=args.gb_spacing, table_style=args.table_style,
    )
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
