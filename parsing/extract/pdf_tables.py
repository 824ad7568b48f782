"""Ruled tables read with pdfium alone: the grid from the page's vector paths, each cell's text
from the text layer inside the cell's box. About 50x faster than opening the page in
pdfplumber, which parses every character of the page in Python; pdfplumber stays the fallback
for pages whose ruling this grid reader cannot make out (bench/parsing.py compares the two).
"""

from __future__ import annotations

import re

TOL = 2.0  # points: edges closer than this are one edge


def _cluster(values: list[float]) -> list[float]:
    """Positions closer than TOL to their neighbour are one edge (stroke widths blur them)."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= TOL:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def page_edges(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """(horizontal edges as (y, x0, x1), vertical edges as (x, y0, y1)) from the page's paths."""
    import pypdfium2.raw as pdfium_c

    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w, ht = right - left, top - bottom
        if ht <= TOL * 1.5 and w > 4:
            h.append(((bottom + top) / 2, left, right))
        elif w <= TOL * 1.5 and ht > 4:
            v.append(((left + right) / 2, bottom, top))
        elif w > 4 and ht > 4:  # a rectangle: its four sides
            h += [(bottom, left, right), (top, left, right)]
            v += [(left, bottom, top), (right, bottom, top)]
    return h, v


def _groups(h, v) -> list[tuple[list, list]]:
    """Edges that touch each other form one table (union-find over their boxes)."""
    edges = [("h", e) for e in h] + [("v", e) for e in v]
    boxes = []
    for kind, (c, a, b) in edges:
        boxes.append((a, c, b, c) if kind == "h" else (c, a, c, b))
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(boxes)):
        x0, y0, x1, y1 = boxes[i]
        for j in range(i + 1, len(boxes)):
            a0, b0, a1, b1 = boxes[j]
            if x0 - TOL <= a1 and a0 - TOL <= x1 and y0 - TOL <= b1 and b0 - TOL <= y1:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, e) in enumerate(edges):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if kind == "h" else g[1]).append(e)
    return list(groups.values())


def extract_tables(page, textpage) -> tuple[list[list[list[str]]], bool]:
    """Tables on the page as rows of cell texts, and whether the page has a grid this reader
    could not make into a table (then the caller may ask pdfplumber)."""
    h, v = page_edges(page)
    tables: list[list[list[str]]] = []
    unresolved = False
    for gh, gv in _groups(h, v):
        ys = _cluster([e[0] for e in gh])
        xs = _cluster([e[0] for e in gv])
        if len(ys) < 2 or len(xs) < 2:
            if len(ys) >= 3 and not gv:
                unresolved = True  # rules without columns (a three-line table): not a grid
            continue
        rows = []
        for top, bottom in zip(reversed(ys[1:]), reversed(ys[:-1]), strict=True):
            row, k = [], 0
            while k < len(xs) - 1:
                left, right = xs[k], xs[k + 1]
                # merge across a column line that is missing in this row (a spanning cell)
                while k + 2 < len(xs) and not _has_vertical(gv, xs[k + 1], bottom, top):
                    k += 1
                    right = xs[k + 1]
                text = textpage.get_text_bounded(left + 0.5, bottom + 0.5, right - 0.5, top - 0.5)
                row.append(_cell_text(text))
                k += 1
            if any(row):
                rows.append(row)
        if len(rows) >= 2 or (rows and len(rows[0]) >= 2):
            tables.append(rows)
    return tables, unresolved


def _has_vertical(gv, x: float, bottom: float, top: float) -> bool:
    mid = (bottom + top) / 2
    return any(abs(e[0] - x) <= TOL and e[1] - TOL <= mid <= e[2] + TOL for e in gv)


def _cell_text(text: str) -> str:
    """Lines of a wrapped cell joined; no space left between two Chinese characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
