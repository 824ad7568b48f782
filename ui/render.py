"""HTML pieces the pages show: every piece of document text is escaped here, once.

Pure functions (no Streamlit), so what a page renders from untrusted text can be tested
directly: a document that carries `<script>` shows it as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from parsing.model import Clause, Record, Requirement
from ui.i18n import label, tr

MODALITY_CLASSES = ("requirement", "recommendation", "permission", "possibility")

CSS = """
<style>
.kb-hit {border-bottom: 1px solid #e5e7eb; padding: .6rem 0 .7rem 0;}
.kb-path {color: #374151; font-size: .92rem;}
.kb-path b {color: #111827;}
.kb-snippet {color: #374151; line-height: 1.7; margin-top: .25rem;}
.kb-snippet mark {background: #fde68a; padding: 0 .1em; border-radius: 2px;}
.kb-badge {display: inline-block; border-radius: 10px; padding: 0 .55em; font-size: .78rem;
  margin-right: .35em; border: 1px solid transparent; line-height: 1.6;}
.kb-status-现行 {background: #dcfce7; color: #166534; border-color: #86efac;}
.kb-status-即将实施 {background: #dbeafe; color: #1e40af; border-color: #93c5fd;}
.kb-status-废止 {background: #fee2e2; color: #991b1b; border-color: #fca5a5;}
.kb-status-被代替 {background: #f3f4f6; color: #4b5563; border-color: #d1d5db;}
.kb-type {background: #eef2ff; color: #3730a3;}
.kb-nature {background: #fff7ed; color: #9a3412;}
.kb-clause {line-height: 1.9; white-space: pre-wrap; margin: .2rem 0 .8rem 0;}
.kb-clause-head {font-weight: 600; margin-top: .8rem;}
.kb-req-requirement {background: #fee2e2; border-bottom: 2px solid #dc2626;}
.kb-req-recommendation {background: #fef3c7; border-bottom: 2px dashed #d97706;}
.kb-req-permission {background: #dcfce7; border-bottom: 2px dotted #16a34a;}
.kb-req-possibility {background: #e0f2fe; border-bottom: 1px solid #0284c7;}
.kb-kw {font-weight: 700;}
.kb-legend span {margin-right: .8em; padding: 0 .3em;}
.kb-timeline {display: flex; gap: 0; align-items: center; margin: .3rem 0 .6rem 0; flex-wrap: wrap;}
.kb-tl-step {text-align: center; min-width: 7.5rem;}
.kb-tl-dot {width: .8rem; height: .8rem; border-radius: 50%; background: #2563eb; margin: 0 auto .2rem auto;}
.kb-tl-future .kb-tl-dot {background: #93c5fd;}
.kb-tl-end .kb-tl-dot {background: #dc2626;}
.kb-tl-line {flex: 1; height: 2px; background: #cbd5e1; min-width: 2rem; margin-bottom: 1.2rem;}
.kb-tl-label {font-size: .78rem; color: #6b7280;}
.kb-tl-date {font-size: .88rem; font-weight: 600;}
.kb-field {color: #6b7280; font-size: .85rem;}
.kb-doc-text {white-space: pre-wrap; font-size: .85rem; max-height: 32rem; overflow-y: auto;
  background: #f9fafb; border: 1px solid #e5e7eb; padding: .6rem; border-radius: 4px;}
table.kb-table {border-collapse: collapse; margin: .4rem 0 1rem 0; font-size: .88rem;}
table.kb-table td {border: 1px solid #d1d5db; padding: .2rem .5rem;}
</style>
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|~#!$])")


def md(value) -> str:
    """Text for a Markdown label (page links, headings, messages): its own markup shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


_MARK = re.compile(r"(</?mark>)")


def snippet_html(snippet: str | None) -> str:
    """A search snippet safe to render: only <mark> survives, everything else is text.

    The searcher already escapes snippets; undoing and redoing the escape here means a
    snippet is safe whichever way it arrives.
    """
    if not snippet:
        return ""
    out = []
    for part in _MARK.split(snippet):
        if part in ("<mark>", "</mark>"):
            out.append(part)
        else:
            out.append(esc(html.unescape(part)))
    text = "".join(out)
    # a <mark> left open by a cut snippet is closed, so it cannot swallow the page
    if text.count("<mark>") > text.count("</mark>"):
        text += "</mark>" * (text.count("<mark>") - text.count("</mark>"))
    return text


def clause_path(number: str | None, title: str | None, clause: str | None = None,
                heading: str | None = None) -> str:
    """`GB/T 32150-2015 › 5.2 核算边界` (plain text)."""
    head = " ".join(filter(None, [number, title if not clause else None])) or (title or "")
    if clause:
        return f"{number or title or ''} › {clause}" + (f" {heading}" if heading and heading != clause else "")
    return head


def status_badge(status: str | None, lang: str = "zh") -> str:
    if not status:
        return ""
    return f'<span class="kb-badge kb-status-{esc(status)}">{esc(label(status, lang))}</span>'


def record_badges(record: Record, lang: str = "zh", kind: str | None = None) -> str:
    parts = [status_badge(record.status, lang)]
    if record.doc_type:
        parts.append(f'<span class="kb-badge kb-type">{esc(label(record.doc_type, lang))}</span>')
    if record.nature:
        parts.append(f'<span class="kb-badge kb-nature">{esc(label(record.nature, lang))}</span>')
    if kind == "record-only":
        parts.append(f'<span class="kb-badge kb-type">{esc(label(kind, lang))}</span>')
    return "".join(p for p in parts if p)


def legend_html(lang: str = "zh") -> str:
    spans = "".join(f'<span class="kb-req-{m}">{esc(tr(m, lang))}</span>' for m in MODALITY_CLASSES)
    return f'<div class="kb-legend"><b>{esc(tr("legend", lang))}</b>：{spans}</div>'


def mark_requirements(text: str, requirements: Iterable[Requirement]) -> str:
    """Clause text as HTML with each tagged sentence styled by its modality.

    The sentences come from the stored `requirements` of the clause; each is found in the
    text in order, and its modal keyword is set in bold. Everything else is escaped text.
    """
    spans: list[tuple[int, int, Requirement]] = []
    pos = 0
    for req in requirements:
        sentence = (req.text or "").strip()
        if not sentence:
            continue
        start = text.find(sentence, pos)
        if start < 0:
            start = text.find(sentence)
            if start < 0 or any(s < start + len(sentence) and start < e for s, e, _ in spans):
                continue
        spans.append((start, start + len(sentence), req))
        pos = start + len(sentence)
    spans.sort(key=lambda s: s[0])
    out, cursor = [], 0
    for start, end, req in spans:
        if start < cursor:
            continue
        out.append(esc(text[cursor:start]))
        out.append(_sentence_html(text[start:end], req))
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


def _sentence_html(sentence: str, req: Requirement) -> str:
    cls = req.modality if req.modality in MODALITY_CLASSES else "requirement"
    body = esc(sentence)
    if req.keyword:
        kw = esc(req.keyword)
        body = body.replace(kw, f'<span class="kb-kw">{kw}</span>', 1)
    title = esc(f"{req.keyword or ''} · {req.modality}")
    return f'<span class="kb-req-{cls}" title="{title}">{body}</span>'


def table_html(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="kb-table">{body}</table>'


def clause_html(clause: Clause, requirements: Iterable[Requirement]) -> str:
    shown_number = clause.number if clause.kind not in ("foreword", "introduction") else None
    head = " ".join(dict.fromkeys(filter(None, [shown_number, clause.heading])))  # "前言 前言" once
    parts = [f'<div class="kb-clause-head" id="clause-{esc(clause.number)}">{esc(head or clause.number)}</div>']
    if clause.text:
        parts.append(f'<div class="kb-clause">{mark_requirements(clause.text, requirements)}</div>')
    parts.extend(table_html(t) for t in clause.tables)
    return "".join(parts)


def timeline_html(record: Record, lang: str = "zh", today: str | None = None) -> str:
    """Publish → implement → withdraw dates as a small horizontal timeline."""
    from datetime import date

    today = today or date.today().isoformat()
    steps = [(k, getattr(record, k)) for k in ("publish_date", "implement_date", "withdraw_date")]
    steps = [(k, v) for k, v in steps if v]
    if not steps:
        return ""
    items = []
    for i, (key, value) in enumerate(steps):
        cls = "kb-tl-end" if key == "withdraw_date" else ("kb-tl-future" if value > today else "")
        if i:
            items.append('<div class="kb-tl-line"></div>')
        items.append(f'<div class="kb-tl-step {cls}"><div class="kb-tl-dot"></div>'
                     f'<div class="kb-tl-date">{esc(value)}</div>'
                     f'<div class="kb-tl-label">{esc(tr("f_" + key, lang))}</div></div>')
    return f'<div class="kb-timeline">{"".join(items)}</div>'


def tree_labels(clauses: list[Clause]) -> list[tuple[str, str]]:
    """(clause number, indented label) in document order: the clause navigator's entries."""
    out = []
    for c in clauses:
        indent = "\u3000" * max(0, c.level - 1)
        shown = c.number if c.kind not in ("foreword", "introduction", "bibliography") else ""
        text = " ".join(filter(None, [shown, c.heading])) or c.number
        out.append((c.number, f"{indent}{text}"))
    return out


def subtree(clauses: list[Clause], number: str) -> list[Clause]:
    """The clause `number` and everything under it, in document order."""
    for i, c in enumerate(clauses):
        if c.number == number:
            out = [c]
            numbers = {c.number}
            for d in clauses[i + 1:]:
                if d.parent in numbers or (d.parent is None and d.level > c.level):
                    out.append(d)
                    numbers.add(d.number)
                elif d.level <= c.level:
                    break
            return out
    return []
