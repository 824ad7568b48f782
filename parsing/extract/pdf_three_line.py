"""Three-line tables (三线表) read with pdfium alone: a top rule, a rule under the header row and
a bottom rule, no vertical rules. Columns come from the x-gaps that run through every text line
between the header rule and the bottom rule, rows from those lines; the table's
characters are then cut out of the page text by their index, so its cells are not also body text.

A band is no table without two columns, two body rows and a header row of two cells, nor when
a caption (表1 ...) sits above its header rule or that rule is thicker than the outer ones: so a
note between two rules, or the page's running-header rule above a table, stays text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from parsing.extract.pdf_tables import TOL, _cell_text

SPAN_TOL = 3.0  # points: rules of one table start and end at the same x, within this
MIN_RULE_WIDTH = 60.0  # shorter rules are underlines or marks, not table rules
MAX_HEADER_LINES = 4  # more text than this above the header rule is body text, not a header
MAX_RULE_HEIGHT = 5.0  # points: pdfium's box of a stroked rule is about twice its line width
CAPTION = re.compile(r"^续?表\s*[A-Z]?\.?\d")  # 表1 / 表 A.1: a caption sits above a table, never inside


@dataclass
class ThreeLineTable:
    rows: list[list[str]]  # header row first
    top: float  # the top rule's y on the page
    chars: set[int] = field(default_factory=set)  # indexes of the table's characters in the text page


@dataclass(slots=True)
class _Char:
    index: int
    ch: str
    x0: float
    x1: float
    y0: float
    y1: float


def find_three_line_tables(page, textpage) -> list[ThreeLineTable]:
    """The page's three-line tables, top to bottom: three horizontal rules of the same extent that
    touch no vertical rule (a thin fourth one inside the body is allowed)."""
    h, v = _rules(page)
    rules = [e for e in h if not _touches_vertical(e, v)]
    if len(rules) < 3:
        return []
    chars: list[_Char] | None = None
    found: list[ThreeLineTable] = []
    for same_span in _by_span(rules):
        k = 0
        while k + 2 < len(same_span):
            top, mid, bottom = same_span[k : k + 3]
            if chars is None:
                chars = _page_chars(textpage)
            table = _read(chars, top, mid, bottom)
            if table is None:
                k += 1
                continue
            # a bottom rule thinner than the top one is a rule inside the body (above a total
            # row, between groups): the table goes on to the next rule
            end = k + 2
            while end + 1 < len(same_span) and same_span[end][3] < top[3] - 0.3:
                longer = _read(chars, top, mid, same_span[end + 1], [r[0] for r in same_span[k + 2 : end + 1]])
                if longer is None:
                    break
                table, end = longer, end + 1
            found.append(table)
            k = end + 1
    return sorted(found, key=lambda t: -t.top)


def _rules(page) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal rules as (y, x0, x1, thickness) and vertical edges as (x, y0, y1), from the
    page's paths; a rectangle gives its two sides (a box's top and bottom are no table rules)."""
    import pypdfium2.raw as pdfium_c

    h: list[tuple[float, float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w, ht = right - left, top - bottom
        if ht <= MAX_RULE_HEIGHT and w >= MIN_RULE_WIDTH:
            h.append(((bottom + top) / 2, left, right, ht))
        elif w <= MAX_RULE_HEIGHT and ht > 4:
            v.append(((left + right) / 2, bottom, top))
        elif w > 4 and ht > 4:
            v += [(left, bottom, top), (right, bottom, top)]
    return h, v


def _touches_vertical(rule, v) -> bool:
    y, x0, x1, _ = rule
    return any(x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL for x, y0, y1 in v)


def _by_span(rules) -> list[list[tuple[float, float, float, float]]]:
    """Rules grouped by their x extent, each group top to bottom (PDF y grows upwards); a rule
    drawn twice (a stroke over a fill) counts once."""
    groups: list[list[tuple[float, float, float, float]]] = []
    for rule in sorted(rules, key=lambda e: -e[0]):
        for g in groups:
            if abs(g[0][1] - rule[1]) <= SPAN_TOL and abs(g[0][2] - rule[2]) <= SPAN_TOL:
                if g[-1][0] - rule[0] > TOL:
                    g.append(rule)
                break
        else:
            groups.append([rule])
    return groups


def _page_chars(textpage) -> list[_Char]:
    """Every character's loose box (font ascent to descent, advance width: the boxes of one word
    abut). pdfium's raw calls with one reused rectangle: about 2x faster than get_charbox."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    rect = pdfium_c.FS_RECTF()
    box, unicode_of, raw = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetUnicode, textpage.raw
    ref = ctypes.byref(rect)
    out = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if box(raw, i, ref):
            out.append(_Char(i, chr(unicode_of(raw, i)), rect.left, rect.right, rect.bottom, rect.top))
    return out


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Visible characters grouped into text lines, top to bottom, each line left to right."""
    lines: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: -(c.y0 + c.y1)):
        mid = (c.y0 + c.y1) / 2
        if lines:
            last = lines[-1]
            last_mid = (last[0].y0 + last[0].y1) / 2
            if abs(last_mid - mid) <= 0.4 * (last[0].y1 - last[0].y0):
                last.append(c)
                continue
        lines.append([c])
    return [sorted(line, key=lambda c: c.x0) for line in lines if not all(c.ch.isspace() for c in line)]


def _read(chars: list[_Char], top, mid, bottom, inner: list[float] | None = None) -> ThreeLineTable | None:
    """The table between these rules, or None when the band does not read as one; `inner` are
    the y positions of thin rules inside the body, each of which ends a row."""
    if mid[3] > min(top[3], bottom[3]) + 0.3:
        return None  # the header rule is never the thick one: this "top" is another rule above a table
    x0, x1 = min(top[1], bottom[1]) - TOL, max(top[2], bottom[2]) + TOL
    inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and bottom[0] < (c.y0 + c.y1) / 2 < top[0]]
    drawn = [c for c in inside if c.x1 > c.x0 and c.ch not in "\r\n"]  # pdfium's own breaks have no width
    header = _lines([c for c in drawn if (c.y0 + c.y1) / 2 > mid[0]])
    body = _lines([c for c in drawn if (c.y0 + c.y1) / 2 < mid[0]])
    if not header or len(header) > MAX_HEADER_LINES or len(body) < 2:
        return None
    bounds, gap = _column_bounds(body)
    if not bounds:
        return None
    if any(CAPTION.match("".join(c.ch for c in line).strip()) for line in header):
        return None
    rows = [_row(header, bounds, gap)]
    if sum(1 for cell in rows[0] if cell) < 2:  # a heading or caption above a rule, not a header row
        return None
    for group in _row_groups(body, bounds, gap, inner or []):
        rows.append(_row(group, bounds, gap))
    if len(rows) < 3:
        return None
    return ThreeLineTable(rows, top[0], {c.index for c in inside})


def _column_bounds(body: list[list[_Char]]) -> tuple[list[float], float]:
    """Where one column ends and the next begins (the middle of each x-gap that runs through
    every body line of two or more cell texts), and the least gap between two cells. A narrower
    gap, less than about half a character, is a space inside a cell. The header is left out (a
    header cell spanning two columns would hide the gap between them), and so are lines of one
    text when enough others remain (a note or a group label across the table)."""
    chars = [c for line in body for c in line if not c.ch.isspace()]
    heights = sorted(c.y1 - c.y0 for c in chars)
    gap = max(4.0, 0.5 * heights[len(heights) // 2])
    several = [line for line in body if len(_runs(line, gap)) > 1]
    if len(several) >= 2:
        chars = [c for line in several for c in line if not c.ch.isspace()]
    chars.sort(key=lambda c: c.x0)
    bounds = []
    right = chars[0].x1
    for c in chars[1:]:
        if c.x0 - right >= gap:
            bounds.append((right + c.x0) / 2)
        right = max(right, c.x1)
    return bounds, gap


def _runs(line: list[_Char], gap: float) -> list[list[_Char]]:
    """A line cut where its characters stand at least `gap` apart: the texts of its cells."""
    runs = [[line[0]]]
    for prev, c in zip(line, line[1:], strict=False):
        if c.x0 - prev.x1 >= gap:
            runs.append([c])
        else:
            runs[-1].append(c)
    return runs


def _column_of(run: list[_Char], bounds: list[float]) -> int:
    """The column a cell text belongs to, by its middle (a centred header wider than its column
    still lands on it, a header spanning two columns on one of them); a text across three or
    more columns (a note, a group label) by its start."""
    start, end = run[0].x0, run[-1].x1
    if sum(1 for b in bounds if start < b < end) >= 2:
        return bisect.bisect(bounds, start)
    return bisect.bisect(bounds, (start + end) / 2)


def _row_groups(body: list[list[_Char]], bounds: list[float], gap: float,
                inner: list[float]) -> list[list[list[_Char]]]:
    """Body lines grouped into rows. When rows are visibly spaced wider than the lines inside a
    cell, the spacing decides (a wrapped first cell, a row under a first cell spanning rows).
    Otherwise a line continues the row above when its first column is empty, unless it fills
    every other column of a table of three or more (a row under a spanning first cell). A rule
    between two lines always ends the row above it (and its spacing is no row spacing)."""
    tops = [max(c.y1 for c in line) for line in body]
    pitches = [a - b for a, b in zip(tops, tops[1:], strict=False)]
    ruled = [any(b < y < a for y in inner) for a, b in zip(tops, tops[1:], strict=False)]
    free = [p for p, r in zip(pitches, ruled, strict=True) if not r]
    split = None
    if free and max(free) >= 1.3 * min(free):
        split = (min(free) + max(free)) / 2
    groups: list[list[list[_Char]]] = []
    for k, line in enumerate(body):
        if not groups or ruled[k - 1]:
            continued = False
        elif split is not None:
            continued = pitches[k - 1] < split
        else:
            filled = {_column_of(run, bounds) for run in _runs(line, gap)}
            continued = 0 not in filled and not (len(bounds) >= 2 and len(filled) == len(bounds))
        if continued:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _row(lines: list[list[_Char]], bounds: list[float], gap: float) -> list[str]:
    cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
    for line in lines:
        parts: list[list[_Char]] = [[] for _ in cells]
        for run in _runs(line, gap):
            parts[_column_of(run, bounds)] += run
        for k, part in enumerate(parts):
            if part:
                cells[k].append(_line_text(part))
    return [_cell_text(" ".join(parts)) for parts in cells]


def _line_text(chars: list[_Char]) -> str:
    """One line of one cell; a space where the characters stand apart without a space character
    between them (words drawn one by one)."""
    out = chars[0].ch
    for prev, c in zip(chars, chars[1:], strict=False):
        if c.x0 - prev.x1 > 0.2 * (c.y1 - c.y0):  # loose boxes of one word abut
            out += " "
        out += c.ch
    return out


def cut_tables(textpage, tables: list[ThreeLineTable], markers: list[str]) -> str | None:
    """The page text with each table's characters replaced by its marker on a line of its own,
    or None when pdfium's text does not line up with its character indexes (then the caller
    places the tables by their cell text instead)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return None
    owner = {i: n for n, t in enumerate(tables) for i in t.chars}
    out: list[str] = []
    placed: set[int] = set()
    for i, ch in enumerate(text):
        n = owner.get(i)
        if n is None:
            out.append(ch)
        elif n not in placed:
            placed.add(n)
            start = "" if not out or out[-1].endswith("\n") else "\n"
            out.append(f"{start}{markers[n]}\n")
    return "".join(out)
