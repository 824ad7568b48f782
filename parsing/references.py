"""References: clause 2's normative references (dated, undated), the bibliography, standard
numbers mentioned in clause text, and pointers inside the document (见附录A, 见5.3, 表1)."""

from __future__ import annotations

import re

from parsing.model import Clause, Record, Reference
from parsing.numbers import find_numbers

_NORMATIVE_HEAD = re.compile(r"规范性引用文件|規範性引用文件|Normative references", re.I)
_INTERNAL = re.compile(
    r"(?:见|按|按照|依据|根据|符合|参见|参照|采用|满足|见于|如)\s*"
    r"(?P<target>附\s*录\s*[A-Z]|表\s*[A-Z]?\.?\d+|图\s*[A-Z]?\.?\d+|第?\s*\d{1,2}(?:\.\d{1,3})+\s*条?|第\s*\d{1,2}\s*章)"
)


def extract_references(clauses: list[Clause], simple: dict[str, str], record: Record) -> list[Reference]:
    """`simple` maps clause number -> simplified text (matching runs on it)."""
    out: list[Reference] = []
    seen: set[tuple[str, str | None, str]] = set()
    own = record.number

    def add(ref: Reference) -> None:
        key = (ref.target, ref.clause, ref.kind)
        if key in seen or (own and ref.target == own):
            return
        seen.add(key)
        out.append(ref)

    normative = {c.number for c in clauses if c.level == 1 and c.heading and _NORMATIVE_HEAD.search(c.heading)}
    for c in clauses:
        text = simple.get(c.number, c.text)
        if c.number in normative:
            for line in text.split("\n"):
                nums = find_numbers(line)
                if nums and nums[0].start <= 2:  # an entry of the list starts with its number
                    n = nums[0]
                    add(Reference(n.number, "normative", c.number, "standard", dated=n.parts.year is not None,
                                  text=line.strip()))
            continue
        kind = "informative" if c.kind == "bibliography" else "mentioned"
        for n in find_numbers(text):
            add(Reference(n.number, kind, c.number, "standard", dated=n.parts.year is not None, text=n.raw))
        for m in _INTERNAL.finditer(text):
            target, ttype = _internal_target(m.group("target"))
            if target != c.number:
                add(Reference(target, "mentioned", c.number, ttype, text=m.group(0)))
    for number in record.replaces:
        add(Reference(number, "mentioned", None, "standard", dated=True, text="代替 (replaces)"))
    if record.adopts:
        add(Reference(record.adopts.number, "normative", None, "standard", dated=":" in record.adopts.number,
                      text=f"采用 (adopts, {record.adopts.degree or '?'})"))
    return out


def _internal_target(raw: str) -> tuple[str, str]:
    t = re.sub(r"\s+", "", raw)
    if t.startswith("附录"):
        return t, "annex"
    if t.startswith("表"):
        return t, "table"
    if t.startswith("图"):
        return t, "figure"
    return t.strip("第条章"), "clause"
