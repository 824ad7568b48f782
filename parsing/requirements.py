"""Requirement language: every sentence of the provisions tagged requirement (应/不应),
recommendation (宜/不宜), permission (可/不必) or possibility (能/不能), per GB/T 1.1-2020 Annex C.

The spaCy pipeline (parsing.nlp) finds the modal verbs; a sentence takes the strongest one it
holds (requirement > recommendation > permission > possibility).
"""

from __future__ import annotations

import re

from parsing.model import Clause, Requirement
from parsing.nlp import get_nlp, may_have_modal, modal_windows

_ORDER = ("requirement", "recommendation", "permission", "possibility")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_SKIP_KINDS = ("foreword", "introduction", "bibliography")


# ISO/IEC Directives Part 2, clause 7: the English verbal forms.
_ENGLISH = [
    (re.compile(r"\bshall not\b", re.I), "requirement", True),
    (re.compile(r"\bshall\b", re.I), "requirement", False),
    (re.compile(r"\bshould not\b", re.I), "recommendation", True),
    (re.compile(r"\bshould\b", re.I), "recommendation", False),
    (re.compile(r"\bneed not\b", re.I), "permission", True),
    (re.compile(r"\bmay\b", re.I), "permission", False),
    (re.compile(r"\b(?:cannot|can not)\b", re.I), "possibility", True),
    (re.compile(r"\bcan\b", re.I), "possibility", False),
]
_ENGLISH_STOP = re.compile(r"(?<=[a-z0-9)\]]\.)\s+(?=[A-Z])")


def sentences(text: str) -> list[str]:
    out = []
    for s in _SENTENCE.findall(text):
        out += _ENGLISH_STOP.split(s) if not re.search(r"[\u4e00-\u9fff]", s) else [s]
    return [s.strip() for s in out if len(s.strip()) > 1]


def _english(clause: str | None, sentence: str) -> Requirement | None:
    for rx, modality, negated in _ENGLISH:
        if m := rx.search(sentence):
            return Requirement(clause=clause, text=sentence, modality=modality, negated=negated, keyword=m.group(0))
    return None


def tag_requirements(clauses: list[Clause], simple: dict[str, str]) -> list[Requirement]:
    """Requirements of the provisions (not 前言, 引言, 参考文献, nor term definitions)."""
    terms_top = {c.number for c in clauses if c.level == 1 and c.heading and re.search(r"术语|術語|Terms", c.heading)}
    jobs: list[tuple[str, str, str]] = []  # clause, original sentence, simplified sentence
    english: list[Requirement] = []
    for c in clauses:
        if c.kind in _SKIP_KINDS or c.number.split(".")[0] in terms_top:
            continue
        orig = sentences(c.text)
        simp = sentences(simple.get(c.number, c.text))
        if len(orig) != len(simp):  # conversion changed punctuation: tag the simplified text
            orig = simp
        for o, s in zip(orig, simp, strict=True):
            if not re.search(r"[\u4e00-\u9fff]", s):
                if req := _english(c.number, o):
                    english.append(req)
            elif may_have_modal(s):
                jobs.append((c.number, o, s))
    out = tag_sentences(jobs) + english
    order = {c.number: i for i, c in enumerate(clauses)}
    return sorted(out, key=lambda r: order.get(r.clause or "", 0))


def tag_sentences(jobs: list[tuple[str | None, str, str]], *, windowed: bool = True) -> list[Requirement]:
    """Tag (clause, original sentence, simplified sentence) jobs; `windowed` segments only the
    words around candidate modal verbs (same tags, a third of the time: see modal_windows)."""
    nlp = get_nlp()
    out: list[Requirement] = []
    texts = (modal_windows(s) if windowed else s for _, _, s in jobs)
    for (clause, original, _), doc in zip(jobs, nlp.pipe(texts), strict=True):
        best = None
        for span in doc.spans["modal"]:
            label = span.label_
            negated = label.startswith("NEG_")
            modality = label[4:] if negated else label
            rank = _ORDER.index(modality)
            if best is None or rank < best[0]:
                best = (rank, modality, negated, span.text)
        if best:
            out.append(Requirement(clause=clause, text=original, modality=best[1], negated=best[2], keyword=best[3]))
    return out


def modality_of(sentence: str) -> tuple[str, bool, str] | None:
    """(modality, negated, keyword) of one sentence, or None: for tests and the UI."""
    if not re.search(r"[\u4e00-\u9fff]", sentence):
        req = _english(None, sentence)
        return (req.modality, req.negated, req.keyword or "") if req else None
    found = tag_sentences([(None, sentence, sentence)]) if may_have_modal(sentence) else []
    return (found[0].modality, found[0].negated, found[0].keyword or "") if found else None
