"""Highlighted snippets: the part of a text where the query's words are densest, HTML-escaped,
the matched words wrapped in <mark>…</mark>.

Matching is done on the folded text (simplified, half-width, lowercase), so a simplified query
marks the words of a traditional-script clause; the original characters are what is shown.
"""

from __future__ import annotations

import html
import re

from index.analyzer import Analyzer, number_tokens
from parsing.numbers import find_numbers

WIDTH = 160


def _spans(folded: str, words: list[str], number_toks: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        if len(word) == 1 and not word.isalnum():
            continue
        start = folded.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    if number_toks:
        for m in find_numbers(folded.upper()):
            if number_toks & set(number_tokens(m.parts)):
                spans.append((m.start, m.end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def snippet(text: str | None, words: list[str], numbers: list[str], analyzer: Analyzer,
            width: int = WIDTH) -> str:
    if not text:
        return ""
    folded = analyzer.normalize(text)
    shown = text if len(folded) == len(text) else folded  # keep offsets aligned
    shown = re.sub(r"\s", " ", shown)  # one line; same length, offsets unchanged
    spans = _spans(folded, words, set(numbers))
    if not spans:
        cut = shown[:width]
        return html.escape(cut) + ("…" if len(shown) > width else "")
    # the window with the most marked characters, starting a little before a mark
    best, best_start = -1, 0
    for s, _e in spans:
        start = max(0, s - 20)
        covered = sum(min(e2, start + width) - max(s2, start) for s2, e2 in spans if e2 > start and s2 < start + width)
        if covered > best:
            best, best_start = covered, start
    end = min(len(shown), best_start + width)
    out = ["…" if best_start > 0 else ""]
    pos = best_start
    for s, e in spans:
        if e <= best_start or s >= end:
            continue
        s, e = max(s, best_start), min(e, end)
        out.append(html.escape(shown[pos:s]))
        out.append("<mark>" + html.escape(shown[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(shown[pos:end]))
    if end < len(shown):
        out.append("…")
    return "".join(out)
