"""Requirement language: every sentence of the provisions tagged requirement (应/不应),
recommendation (宜/不宜), permission (可/不必) or possibility (能/不能), per GB/T 1.1-2020 Annex C.

The spaCy pipeline (parsing.nlp) finds the modal verbs; a sentence takes the strongest one it
holds (requirement > recommendation > permission > possibility).
"""

from __future__ import annotations

import re

from parsing.model import Clause, Requirement
from parsing.nlp import get_nlp, may_have_modal

_ORDER = ("requirement", "recommendation", "permission", "possibility")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_SKIP_KINDS = ("foreword", "introduction", "bibliography")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 1]


def tag_requirements(clauses: list[Clause], simple: dict[str, str]) -> list[Requirement]:
    """Requirements of the provisions (not 前言, 引言, 参考文献, nor term definitions)."""
    terms_top = {c.number for c in clauses if c.level == 1 and c.heading and re.search(r"术语|術語|Terms", c.heading)}
    jobs: list[tuple[str, str, str]] = []  # clause, original sentence, simplified sentence
    for c in clauses:
        if c.kind in _SKIP_KINDS or c.number.split(".")[0] in terms_top:
            continue
        orig = sentences(c.text)
        simp = sentences(simple.get(c.number, c.text))
        if len(orig) != len(simp):  # conversion changed punctuation: tag the simplified text
            orig = simp
        jobs += [(c.number, o, s) for o, s in zip(orig, simp, strict=True) if may_have_modal(s)]
    return tag_sentences(jobs)


def tag_sentences(jobs: list[tuple[str | None, str, str]]) -> list[Requirement]:
    nlp = get_nlp()
    out: list[Requirement] = []
    for (clause, original, _), doc in zip(jobs, nlp.pipe(s for _, _, s in jobs), strict=True):
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
    found = tag_sentences([(None, sentence, sentence)]) if may_have_modal(sentence) else []
    return (found[0].modality, found[0].negated, found[0].keyword or "") if found else None
