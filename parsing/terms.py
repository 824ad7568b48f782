"""Term entries of 术语和定义 (GB/T 1.1-2020 8.6): number, term, English equivalent, definition,
notes, [来源：…] source. They feed the bilingual glossary."""

from __future__ import annotations

import re

from parsing.model import Clause, Term

_SOURCE = re.compile(r"^\s*[\[［【]\s*(?:来源|來源|SOURCE)\s*[：:]\s*(?P<v>.*?)\s*[\]］】]\s*$", re.I)
_NOTE = re.compile(r"^\s*(?:示例\s*\d*\s*[：:]?|EXAMPLE|注\s*\d*\s*[：:]|Note\s*\d*\s*to entry\s*[：:]|NOTE\s*\d*)")
# "温室气体 greenhouse gas", "温室气体；GHG greenhouse gas", "碳足迹 carbon footprint; CFP"
_TERM_LINE = re.compile(r"^(?P<zh>[^A-Za-z]*?[\u4e00-\u9fff][^A-Za-z]*?)\s*(?P<en>[A-Za-z].*)?$")

_TERM_LINE_EN_FIRST = re.compile(r"^(?P<en>[A-Za-z][A-Za-z0-9 ,;()/'\-–]*?)\s+(?P<zh>[\u4e00-\u9fff][^A-Za-z]*)$")


def extract_terms(clauses: list[Clause]) -> list[Term]:
    """Terms from the clauses under a chapter titled 术语 / Terms (entries are its sub-clauses)."""
    term_chapters = {c.number for c in clauses if c.level == 1 and c.heading and re.search(r"术语|術語|Terms", c.heading)}
    out: list[Term] = []
    for c in clauses:
        top = c.number.split(".")[0]
        if c.kind != "clause" or top not in term_chapters or not c.heading:
            continue
        if c.text == "" and any(o.parent == c.number for o in clauses):
            continue  # a grouping clause (2.1 术语) above the entries
        zh, en = split_term(c.heading)
        if zh is None and en is None:
            continue
        definition: list[str] = []
        notes: list[str] = []
        source = None
        lines = c.text.split("\n")
        # the English term set on its own line under the Chinese one
        if zh and not en and lines and re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,;()/'\-–]{1,80}", lines[0].strip()):
            en = lines.pop(0).strip()
        for line in lines:
            if not line.strip():
                continue
            if m := _SOURCE.match(line):
                source = m.group("v")
            elif _NOTE.match(line) or (notes and not definition):
                notes.append(line.strip())
            elif notes:
                notes[-1] += line.strip()
            else:
                definition.append(line.strip())
        out.append(Term(number=c.number, term_zh=zh, term_en=en, definition="".join(definition) or None,
                        notes=notes, source=source, clause=c.number))
    return out


def split_term(heading: str) -> tuple[str | None, str | None]:
    """`温室气体 greenhouse gas` -> ("温室气体", "greenhouse gas")."""
    h = heading.strip()
    m = _TERM_LINE_EN_FIRST.match(h)
    if m:  # English-language standards give the English term first
        return m.group("zh").strip(), m.group("en").strip()
    m = _TERM_LINE.match(h)
    if m:
        zh = m.group("zh").strip(" ；;，,")
        return zh or None, (m.group("en") or "").replace("；", "; ").strip(" ;") or None
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,;()/'\-–]*", h):  # an English-language standard
        return None, h
    return h, None
