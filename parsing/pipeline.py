"""parse_bytes: detect the type, extract text, then record, clause tree, terms, references,
requirement language and (for policies) targets. Bad input raises ParseError."""

from __future__ import annotations

import re
from pathlib import Path

from parsing.clauses import outline_from_toc, parse_clauses
from parsing.detect import EMPTY, describe, media_type
from parsing.errors import ParseError
from parsing.extract.base import Extracted, get_extractor
from parsing.layout import Layout, build_layout
from parsing.model import ParsedDocument, Record
from parsing.numbers import find_numbers
from parsing.record import apply_foreword, record_from_cover, record_from_iso, record_from_labels
from parsing.references import extract_references
from parsing.terms import extract_terms


def parse_file(path: str | Path) -> ParsedDocument:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name)


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    media = media_type(data, name)
    if media == EMPTY:
        raise ParseError("empty file")
    extractor = get_extractor(media)
    if extractor is None:
        raise ParseError(f"unknown file type (content looks like: {describe(media)})")
    ex = extractor.extract(data, name)
    doc = parse_extracted(ex)
    doc.media_type = media
    return doc


def parse_text(text: str) -> ParsedDocument:
    """Parse text that is already decoded (tests, catalogue notes, pasted text)."""
    from parsing.extract.text import TextExtractor

    doc = parse_extracted(TextExtractor().extract(text.encode("utf-8"), "text.txt"))
    doc.media_type = "text/plain"
    return doc


def parse_extracted(ex: Extracted) -> ParsedDocument:
    layout = build_layout(ex)
    doc = ParsedDocument(warnings=list(ex.warnings), pages=len(ex.pages) if ex.paged else None)
    doc.text = "\n".join(layout.cover + [ln.text for ln in layout.lines])
    if not doc.text.strip():
        raise ParseError("no text found in the file")

    from parsing.policy import looks_like_policy, parse_policy

    if looks_like_policy(layout):
        parse_policy(layout, doc)
        from parsing.requirements import tag_requirements

        simple = _simple_texts(layout, doc.clauses)
        doc.requirements = tag_requirements(doc.clauses, simple)
        doc.references = extract_references(doc.clauses, simple, doc.record)
        return _finish(doc, layout)

    record = _record(layout, ex)
    skip = {re.sub(r"\s+", "", t) for t in layout.cover_simple}
    clauses, warns = parse_clauses(layout.lines, ex.tables, skip=skip)
    doc.warnings += warns
    if layout.toc:
        clauses = _complete_from_toc(clauses, outline_from_toc(layout.toc), doc.warnings)
    doc.clauses = clauses
    simple = _simple_texts(layout, clauses)
    foreword = next((c for c in clauses if c.kind == "foreword"), None)
    if foreword is not None:
        apply_foreword(record, simple.get(foreword.number, ""))
    elif not _has_body(clauses):  # a record page or abstract states 代替 / "cancels and replaces" in prose
        apply_foreword(record, "\n".join(ln.simple for ln in layout.lines[:200]))
    scope = next((c for c in clauses if c.kind == "chapter" and c.heading
                  and re.sub(r"\s+", "", c.heading) in ("范围", "範圍", "Scope")), None)
    if scope is not None and scope.text and not record.scope:
        record.scope = scope.text[:1000]
    doc.record = record
    numbered = [c for c in clauses if c.kind in ("chapter", "clause", "annex")]
    if not numbered:
        doc.kind = "record-only"
        if record.number:
            doc.warnings.append("no clause structure found: only the record is kept")
        else:
            doc.warnings.append("not a standard: no standard number and no numbered clauses found")
    elif not record.number:
        doc.warnings.append("no standard number found on the cover or in the record fields")
    doc.terms = extract_terms(clauses)
    doc.references = extract_references(clauses, simple, record)
    from parsing.requirements import tag_requirements

    doc.requirements = tag_requirements(clauses, simple)
    return _finish(doc, layout)


def _finish(doc: ParsedDocument, layout: Layout) -> ParsedDocument:
    r = doc.record
    if r.language is None:
        cjk = len(re.findall(r"[\u4e00-\u9fff]", doc.text[:20000]))
        latin = len(re.findall(r"[A-Za-z]", doc.text[:20000]))
        r.language = "zh" if cjk * 2 >= latin else "en"
    if r.publish_date or r.implement_date:
        r.with_status()
    if layout.traditional:
        doc.warnings.append("Traditional script: text kept as written; search uses its Simplified form")
    return doc


def _complete_from_toc(clauses, outline, warnings: list[str]):
    """A document that stops early (a free preview: cover, 目次, 前言 …) keeps the clauses it
    shows; the ones its contents list after the last of them are added from the contents."""
    have = {c.number for c in clauses}
    last = max((i for i, c in enumerate(outline) if c.number in have), default=-1)
    missing = [c for c in outline[last + 1:] if c.number not in have]
    if not missing:
        return clauses
    if not clauses:
        warnings.append("the document stops after its table of contents (a preview?): the clause outline "
                        "is taken from the contents, without clause text")
    else:
        warnings.append(f"the document stops before its end (a preview?): {len(missing)} clause(s) taken "
                        "from the contents, without clause text")
    return clauses + missing


def _has_body(clauses) -> bool:
    return any(c.kind in ("chapter", "clause") for c in clauses)


def _record(layout: Layout, ex: Extracted) -> Record:
    """Cover first; a record page of labelled fields or ISO front matter where there is no cover."""
    head = layout.cover_simple + [ln.simple for ln in layout.lines[:80]]
    cover = record_from_cover(layout.cover, layout.cover_simple) if layout.cover else Record()
    labelled, found = record_from_labels(head)
    if found >= 2:
        _merge_labelled(cover, labelled)
    if not cover.number:
        first = head[:20]
        if any(re.match(r"^(INTERNATIONAL STANDARD|Reference number)", s) for s in head[:200]) or any(
            (n := find_numbers(s)) and n[0].parts.international and n[0].start == 0 for s in first
        ):
            iso = record_from_iso(head)
            if iso.number:
                iso.title_en = cover.title_en or _iso_title(layout)
                if found >= 1:
                    _merge_labelled(iso, labelled)
                return iso
    if not cover.number:
        _title_line(layout, cover)
    if not cover.title_zh and not cover.title_en and ex.metadata.get("Title"):
        title = ex.metadata["Title"].strip()
        if re.search(r"[\u4e00-\u9fff]", title):
            cover.title_zh = title
    return cover


def _title_line(layout: Layout, r: Record) -> None:
    """A web copy or a draft often opens with one line `GB/T 32150—2015 工业企业温室气体排放核算和报告通则`:
    the number (and the title after it) when nothing else gave one."""
    from parsing.numbers import doc_type_of, nature_of

    for ln in layout.lines[:5]:
        nums = find_numbers(ln.simple)
        if nums and nums[0].start == 0 and (nums[0].parts.year or nums[0].parts.international):
            r.number = nums[0].number
            r.doc_type, r.nature = r.doc_type or doc_type_of(r.number), r.nature or nature_of(r.number)
            rest = ln.text[nums[0].end:].strip(" 　《》") if len(ln.text) == len(ln.simple) else ""
            if rest and re.search(r"[\u4e00-\u9fff]", rest) and len(rest) <= 80 and not r.title_zh:
                r.title_zh = rest
            return


def _merge_labelled(target: Record, labelled: Record) -> None:
    """Fill what the target record lacks from a record page's labelled fields."""
    for name in ("number", "title_zh", "title_en", "publish_date", "implement_date", "withdraw_date",
                 "technical_committee", "filing_number", "status", "status_source", "adopts", "doc_type",
                 "nature", "edition"):
        if getattr(target, name) in (None, "") and getattr(labelled, name):
            setattr(target, name, getattr(labelled, name))
    for name in ("ics", "ccs", "issuers", "drafting_orgs", "drafters", "replaces", "replaced_by"):
        if not getattr(target, name) and getattr(labelled, name):
            setattr(target, name, getattr(labelled, name))


def _iso_title(layout: Layout) -> str | None:
    """The English title of ISO front matter: the lines between the number / edition and the
    body (Reference number, Foreword, Contents ...)."""
    title: list[str] = []
    for ln in layout.lines[:40]:
        s = ln.simple
        if re.match(r"^(Foreword|Contents|Introduction|Reference number|©|COPYRIGHT|1\s+Scope|Abstract)", s) \
                or re.match(r"^[A-Z][A-Za-z ]{1,30}:\s", s):  # the body, or a labelled field
            break
        if re.match(r"^(ICS|INTERNATIONAL STANDARD|TECHNICAL SPECIFICATION|\d{4}-\d{2})", s) or find_numbers(s) \
                or re.search(r"\bedition\b", s, re.I):
            continue
        if re.search(r"[A-Za-z]{3}", s) and not re.search(r"[\u4e00-\u9fff]", s):
            title.append(s)
    from parsing.record import join_english

    return join_english(title) if title else None


def _simple_texts(layout: Layout, clauses) -> dict[str, str]:
    """Clause number -> simplified text (the same as text unless the document is Traditional)."""
    if not layout.traditional:
        return {c.number: c.text for c in clauses}
    from parsing.script import to_simplified

    return {c.number: to_simplified(c.text, force=True) for c in clauses}
