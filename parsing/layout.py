"""From extracted pages to body lines: cover split off, running headers, footers and page
numbers removed, the table of contents recognised, wrapped lines of one paragraph joined.

All of it is linear in the number of lines: header detection counts line shapes once per
page, joining is one pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from parsing.extract.base import TABLE_MARK, Extracted
from parsing.script import simplify_lines

_PAGE_NO = re.compile(
    r"^[\s\-—–·•]*(?:\d{1,4}|[IVXLC]{1,6}|[ivxlc]{1,6}|[\u2160-\u217f]{1,3})[\s\-—–·•]*$"
    r"|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}$",
    re.IGNORECASE,
)
_TOC_TITLE = re.compile(r"^(目\s*次|目\s*录|contents|table of contents)$", re.IGNORECASE)
_TOC_ENTRY = re.compile(
    r"^(?P<label>.*?\S)\s*(?:[.．·…⋯・﹒]{3,}|\s{2,}|\s)\s*(?P<page>[IVXivx]{1,6}|[\u2160-\u217f]{1,3}|\d{1,4})$"
)
_LEADERS = re.compile(r"[.．·…⋯・﹒]{2,}|…|⋯")
_TERMINAL = tuple("。；：！？;:!?")

# Lines that start a new structural unit and are never the tail of a wrapped paragraph.
_STRONG_START = re.compile(
    r"^(?:前\s*言|引\s*言|参\s*考\s*文\s*献|附\s*录\s*[A-Z]|Annex\s+[A-Z]|Foreword|Introduction|Bibliography"
    r"|——|—|[a-z]\)|\d{1,2}\)|[（(]\d{1,2}[)）]|注\s*\d*\s*[：:]|注\s*\d|示例|NOTE|EXAMPLE|\[来源|\[SOURCE"
    r"|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d)"
    + "|" + re.escape(TABLE_MARK) + r")"
)
# A clause number opening a line: a heading, unless what follows reads like a cross-reference.
_NUMBER_START = re.compile(r"^(?:\d{1,2}(?:\.\d{1,3})*|[A-Z]\.\d{1,3}(?:\.\d{1,3})*)(?:\s+|$)(?P<rest>.?)")
_REFERENCE_TAIL = set("的中和或及与、，。）)规条章所")


@dataclass
class Line:
    text: str  # original script
    page: int | None  # 1-based page, None for unpaged input
    simple: str = ""  # simplified script, for matching


@dataclass
class TocEntry:
    label: str
    page: str


@dataclass
class Layout:
    cover: list[str] = field(default_factory=list)  # cover lines (original script)
    cover_simple: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # body lines after cleanup
    toc: list[TocEntry] = field(default_factory=list)
    headers_removed: list[str] = field(default_factory=list)
    traditional: bool = False


def build_layout(ex: Extracted) -> Layout:
    pages = [p.split("\n") for p in ex.pages]
    out = Layout()
    if ex.paged:
        out.headers_removed = _strip_running_lines(pages)
    flat: list[tuple[str, int | None]] = []
    for i, page in enumerate(pages):
        for line in page:
            s = _unspace(line.strip())
            if s:
                flat.append((s, i + 1 if ex.paged else None))
    simple = simplify_lines([s for s, _ in flat])
    out.traditional = any(a != b for a, b in zip(simple[:2000], [s for s, _ in flat[:2000]], strict=False))
    lines = [Line(s, p, sm) for (s, p), sm in zip(flat, simple, strict=True)]
    cover_end = _cover_end(lines, ex.paged)
    out.cover = [ln.text for ln in lines[:cover_end]]
    out.cover_simple = [ln.simple for ln in lines[:cover_end]]
    lines = lines[cover_end:]
    lines, out.toc = _strip_toc(lines)
    out.lines = _join_wrapped(lines) if ex.paged else lines
    return out


_SPACED_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]{1,2}(?=[\u4e00-\u9fff])")


def _unspace(line: str) -> str:
    """`温 室 气 体 排 放` (letter-spaced or justified text) -> `温室气体排放`; a single space
    between title elements (`温室气体 产品碳足迹`) stays."""
    spaced = len(_SPACED_PAIR.findall(line))
    if spaced >= 2:
        cjk = len(re.findall(r"[\u4e00-\u9fff]", line))
        if spaced >= 0.5 * (cjk - 1):
            return _SPACED_PAIR.sub("", line)
    return line


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _strip_running_lines(pages: list[list[str]]) -> list[str]:
    """Remove running headers/footers (the same line shape at the edge of many pages) and page
    numbers at page edges. Returns the header shapes removed."""
    n = len(pages)
    counts: Counter[str] = Counter()
    for page in pages:
        edges = _edge_indexes(page)
        counts.update({_shape(page[i]) for i in edges})
    need = max(2, int(0.4 * n + 0.5))
    running = {k for k, c in counts.items() if c >= need and k and k != "#"}
    for p, page in enumerate(pages):
        if p == 0 and sum(bool(_COVER_HINT.search(ln.strip())) for ln in page) >= 2:
            continue  # a cover page prints the number the running header repeats: keep it
        drop = set()
        for i in _edge_indexes(page):
            s = page[i].strip()
            if _shape(s) in running or _PAGE_NO.match(s):
                drop.add(i)
        if drop:
            pages[p] = [ln for i, ln in enumerate(page) if i not in drop]
    return sorted(running)


def _edge_indexes(page: list[str], top: int = 2, bottom: int = 3) -> list[int]:
    idx = [i for i, ln in enumerate(page) if ln.strip()]
    return idx[:top] + idx[-bottom:] if len(idx) > top + bottom else idx


_COVER_HINT = re.compile(r"^(ICS|CCS|备案号)|标准$|发\s*布$|实\s*施$")
_BODY_START = re.compile(r"^(前\s*言|引\s*言|目\s*次|目\s*录|Foreword|Introduction|Contents|1\s+\S|1\.0\.1\s)")


def _cover_end(lines: list[Line], paged: bool) -> int:
    """Index of the first body line: the cover is what comes before 前言 / 目次 / chapter 1,
    when it looks like a cover (ICS, 标准 class line, 发布/实施 dates)."""
    limit = min(len(lines), 60)
    for i in range(limit):
        s = lines[i].simple
        if paged and lines[i].page and lines[i].page > 2:
            break
        if _BODY_START.match(s):
            head = lines[:i]
            if sum(bool(_COVER_HINT.search(ln.simple)) for ln in head) >= 2:
                return i
            break
    if paged and lines and lines[0].page == 1:
        first = [ln for ln in lines if ln.page == 1]
        if sum(bool(_COVER_HINT.search(ln.simple)) for ln in first) >= 2:
            return len(first)
    return 0


def _strip_toc(lines: list[Line]) -> tuple[list[Line], list[TocEntry]]:
    """Find 目次 near the start and take its entries out of the body."""
    for i, ln in enumerate(lines[:200]):
        if _TOC_TITLE.match(re.sub(r"\s+", " ", ln.simple).strip()):
            entries: list[TocEntry] = []
            j = i + 1
            pending = ""  # a long label wrapped onto the next line
            while j < len(lines):
                s = lines[j].simple
                m = _TOC_ENTRY.match(s)
                if m:
                    label = _LEADERS.sub("", m.group("label")).strip(" .．·…")
                    if _LEADERS.search(s) or _looks_like_toc_label(pending + label):
                        entries.append(TocEntry(re.sub(r"\s+", " ", pending + label), m.group("page")))
                        pending = ""
                        j += 1
                        continue
                nxt = lines[j + 1].simple if j + 1 < len(lines) else ""
                if not pending and entries and _LEADERS.search(nxt) and not _LEADERS.search(s):
                    pending = s
                    j += 1
                    continue
                break
            if pending:
                j -= 1
            if entries:
                return lines[:i] + lines[j:], entries
            return _strip_plain_toc(lines, i)
    return lines, []


def _strip_plain_toc(lines: list[Line], i: int) -> tuple[list[Line], list[TocEntry]]:
    """A contents list without page numbers (web copies): its labels run until the first one
    comes round again as the body's own heading."""
    labels: list[str] = []
    j = i + 1
    while j < len(lines) and j - i <= 200:
        flat = re.sub(r"\s+", "", lines[j].simple)
        if labels and flat == labels[0]:
            entries = [TocEntry(re.sub(r"\s+", " ", ln.simple).strip(), "") for ln in lines[i + 1 : j]]
            return lines[:i] + lines[j:], entries
        if not _looks_like_toc_label(lines[j].simple.strip() + " "):
            break
        labels.append(flat)
        j += 1
    return lines, []


def _looks_like_toc_label(label: str) -> bool:
    return bool(re.match(r"^(前\s*言|引\s*言|参考文献|附\s*录|索\s*引|\d{1,2}(\.\d+)*\s|[A-Z]\.\d|Annex|Foreword|Introduction|Bibliography)", label))


def _width(s: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in s)


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Join the lines of a paragraph a PDF wrapped: a full-width line that does not end a
    sentence continues on the next line, unless that line starts a new unit."""
    if not lines:
        return lines
    widths = sorted(_width(ln.text) for ln in lines)
    full = widths[int(0.9 * (len(widths) - 1))] * 0.88
    out: list[Line] = [lines[0]]
    for ln in lines[1:]:
        prev = out[-1]
        if _continues(prev, ln, full):
            sep = " " if (prev.text[-1:].isascii() and prev.text[-1:].isalnum() and ln.text[:1].isascii()) else ""
            if prev.text.endswith("-") and ln.text[:1].isalpha():
                sep = ""
            out[-1] = Line(prev.text + sep + ln.text, prev.page, prev.simple + sep + ln.simple)
        else:
            out.append(ln)
    return out


def _continues(prev: Line, ln: Line, full: float) -> bool:
    if TABLE_MARK in prev.text or TABLE_MARK in ln.text:
        return False
    if _width(prev.text) < full or prev.simple.endswith(_TERMINAL):
        return False
    s = ln.simple
    # a closing punctuation mark never starts a line of its own
    if s[:1] in "，。、；：）》」』”’,.;:)":
        return True
    if _STRONG_START.match(s):
        return False
    m = _NUMBER_START.match(s)
    if m:
        return m.group("rest") in _REFERENCE_TAIL and m.group("rest") != ""
    if s[:1].isupper():  # a standard number opening the line: a new reference entry, unless the
        from parsing.numbers import find_numbers  # sentence runs on (…应符合 / GB/T 213的规定)

        nums = find_numbers(s[:40])
        if nums and nums[0].start == 0:
            nxt = s[nums[0].end:nums[0].end + 1]
            return nxt != "" and nxt in _REFERENCE_TAIL
    return True
