"""The clause tree of a standard per GB/T 1.1-2020: 前言, 引言, chapters and clauses to any depth,
附录A（规范性）with A.1 ..., 参考文献; the end sections of engineering-construction standards
(本标准用词说明, 引用标准名录); English-language standards (Foreword, 1 Scope, Annex A).

Numbers are believed only in sequence (chapter n follows n-1, a clause's parent exists, a
sibling follows a smaller sibling): a line that starts with "2 个" or "5.2 的规定" is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsing.extract.base import TABLE_MARK
from parsing.layout import Line, TocEntry
from parsing.model import Clause

_FRONT = {"前言": ("前言", "foreword"), "引言": ("引言", "introduction"),
          "Foreword": ("Foreword", "foreword"), "Introduction": ("Introduction", "introduction")}
_BACK = {"参考文献": "参考文献", "Bibliography": "Bibliography"}
_END_SECTIONS = ("本标准用词说明", "本规范用词说明", "本规程用词说明", "本文件用词说明", "引用标准名录", "条文说明")
_TERMINAL = tuple("。；;，,：:.")

_ANNEX = re.compile(
    r"^(?:附\s*录\s*(?P<zh>[A-Z])|Annex\s+(?P<en>[A-Z]))(?![A-Za-z0-9.])\s*"
    r"(?P<kind>[（(]\s*(?:规范性|资料性|规范性附录|资料性附录|标准的附录|提示的附录|normative|informative)\s*[)）])?"
    r"\s*(?P<title>.*)$"
)
_ANNEX_KIND_LINE = re.compile(r"^[（(]\s*(规范性|资料性|规范性附录|资料性附录|标准的附录|提示的附录|normative|informative)\s*[)）]$")
_CHAPTER = re.compile(r"^(?P<n>\d{1,2})(?:\s+|(?=[\u4e00-\u9fff]))(?P<title>\S.{0,60})$")
_CLAUSE = re.compile(
    r"^(?P<n>(?:\d{1,2}|[A-Z])(?:\.\d{1,3}){1,6})(?![\d.])(?:\s+|(?=[\u4e00-\u9fff（(\[])|$)(?P<rest>.*)$"
)


def _despace(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass
class _State:
    clauses: list[Clause] = field(default_factory=list)
    by_number: dict[str, Clause] = field(default_factory=dict)
    chapter: int = 0
    annex: str | None = None  # current annex letter
    annex_seen: str = ""  # last annex letter, annexes come in order
    current: Clause | None = None
    text: dict[str, list[str]] = field(default_factory=dict)
    terms_chapter: str | None = None
    pending_heading: Clause | None = None  # a number alone on its line: the heading follows


def parse_clauses(lines: list[Line], tables: list[list[list[str]]], *, skip: set[str] | None = None,
                  ) -> tuple[list[Clause], list[str]]:
    """The clause tree from body lines; returns (clauses in document order, warnings).

    `skip` holds despaced lines not to keep as text (the title repeated on the first body page).
    """
    st = _State()
    skip = skip or set()
    warnings: list[str] = []
    skipped: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        s = ln.simple.strip()
        flat = _despace(s)
        if s.startswith(TABLE_MARK):
            idx = int(s[len(TABLE_MARK):])
            if st.current is not None and idx < len(tables):
                st.current.tables.append(tables[idx])
            i += 1
            continue
        if st.pending_heading is not None:
            c, st.pending_heading = st.pending_heading, None
            if len(s) <= 80 and not s.endswith(_TERMINAL):
                c.heading = ln.text.strip()
                i += 1
                continue
        if flat in ("前言", "引言") or s in ("Foreword", "Introduction"):
            key = flat if flat in _FRONT else s
            number, kind = _FRONT[key]
            if number not in st.by_number and st.chapter == 0:
                _open(st, Clause(number=number, heading=_despace(ln.text), level=1, kind=kind, page=ln.page))
                i += 1
                continue
        if flat in _BACK or s in _BACK:
            number = _BACK.get(flat) or _BACK[s]
            if number not in st.by_number:
                _open(st, Clause(number=number, heading=_despace(ln.text), level=1, kind="bibliography", page=ln.page))
                st.annex = None
                i += 1
                continue
        if flat in _END_SECTIONS and flat not in st.by_number:
            _open(st, Clause(number=flat, heading=ln.text.strip(), level=1, kind="heading", page=ln.page))
            st.annex = None
            i += 1
            continue
        m = _ANNEX.match(s)
        if m and _annex_ok(st, m):
            letter = m.group("zh") or m.group("en")
            title = m.group("title").strip()
            j = i + 1
            if not m.group("kind") and j < n and _ANNEX_KIND_LINE.match(lines[j].simple.strip()):
                j += 1
            if not title and j < n and _heading_like(lines[j].simple, 60):
                title = lines[j].text.strip()
                j += 1
            number = f"附录{letter}" if m.group("zh") else f"Annex {letter}"
            _open(st, Clause(number=number, heading=title or None, level=1, kind="annex", page=ln.page))
            st.annex, st.annex_seen = letter, letter
            i = j
            continue
        m = _CHAPTER.match(s)
        if m and st.annex is None and _heading_like(m.group("title"), 40) and int(m.group("n")) > st.chapter + 1 \
                and st.chapter > 0 and not re.match(r"^\d", m.group("title")):
            skipped.append(s)  # looks like chapter n, but chapter n-1 was not seen: kept as text
        if m and st.annex is None and int(m.group("n")) == st.chapter + 1 and _heading_like(m.group("title"), 40):
            st.chapter += 1
            number = m.group("n")
            heading = _strip_number(ln.text, number)
            _open(st, Clause(number=number, heading=heading, level=1, kind="chapter", page=ln.page))
            if re.search(r"术语|Terms", m.group("title")):
                st.terms_chapter = number
            else:
                st.terms_chapter = st.terms_chapter if st.terms_chapter == number else None
            i += 1
            continue
        m = _CLAUSE.match(s)
        if m and _clause_ok(st, m.group("n")):
            number = m.group("n")
            rest = m.group("rest").strip()
            parent = _parent_of(st, number)
            c = Clause(number=number, level=number.count(".") + 1, kind="clause", parent=parent, page=ln.page)
            if not rest:
                st.pending_heading = c  # 3.1 on its own line: the term (or title) is the next line
            elif _heading_like(rest, 40):
                c.heading = _strip_number(ln.text, number)
            else:
                st.text.setdefault(number, []).append(_strip_number(ln.text, number))
            _open(st, c, keep_text=True)
            i += 1
            continue
        if flat in skip and st.chapter == 0:
            i += 1
            continue
        if st.current is None:
            if flat not in skip:
                st.text.setdefault("", []).append(ln.text)
        else:
            st.text.setdefault(st.current.number, []).append(ln.text)
        i += 1
    for c in st.clauses:
        c.text = "\n".join(st.text.get(c.number, []))
    if skipped:
        warnings.append(f"{len(skipped)} line(s) look like chapter headings out of sequence and were kept as "
                        f"text, e.g. {skipped[0][:40]!r}")
    return st.clauses, warnings


def _open(st: _State, c: Clause, keep_text: bool = False) -> None:
    if c.kind in ("chapter", "foreword", "introduction", "bibliography", "heading"):
        st.annex = None if c.kind != "chapter" else st.annex
    if c.parent is None and c.kind == "clause":
        c.parent = _parent_of(st, c.number)
    st.clauses.append(c)
    st.by_number[c.number] = c
    st.current = c


def _annex_ok(st: _State, m: re.Match) -> bool:
    letter = m.group("zh") or m.group("en")
    title = m.group("title").strip()
    if title and (title.endswith(_TERMINAL) or len(title) > 60 or re.match(r"^(给出|规定|中|的|所|和|、|，)", title)):
        return False
    return letter > st.annex_seen


def _heading_like(s: str, max_len: int) -> bool:
    s = s.strip()
    return 0 < len(s) <= max_len and not s.endswith(_TERMINAL) and "。" not in s and TABLE_MARK not in s


def _strip_number(text: str, number: str) -> str:
    t = text.strip()
    # the original may be Traditional or full-width; drop the leading number by length
    m = re.match(r"^[\dA-Z.．]+\s*", t)
    return t[m.end():].strip() if m else t[len(number):].strip()


def _parent_of(st: _State, number: str) -> str | None:
    head = number.rpartition(".")[0]
    if head.endswith(".0"):  # engineering standards: 1.0.1 sits directly under chapter 1
        head = head[:-2]
    if re.fullmatch(r"[A-Z]", head):
        return f"附录{head}" if f"附录{head}" in st.by_number else f"Annex {head}"
    return head or None


def _clause_ok(st: _State, number: str) -> bool:
    if number in st.by_number:
        return False
    first = number.split(".")[0]
    if first.isalpha():
        if st.annex != first:
            return False
    elif st.annex is not None or int(first) != st.chapter:
        return False
    head = number.rpartition(".")[0]
    if "." in head and not head.endswith(".0") and head not in st.by_number:
        return False
    # a sibling follows a smaller sibling; a first child is numbered 1 (or a little more)
    last = int(number.rpartition(".")[2])
    for c in reversed(st.clauses[-60:]):
        if c.kind == "clause" and c.number.rpartition(".")[0] == head:
            prev = int(c.number.rpartition(".")[2])
            return prev < last <= prev + 3
    return 1 <= last <= 3


def outline_from_toc(entries: list[TocEntry]) -> list[Clause]:
    """A clause outline from the table of contents (for documents that stop after it)."""
    out: list[Clause] = []
    seen: set[str] = set()
    for e in entries:
        label = e.label.strip()
        flat = _despace(label)
        c: Clause | None = None
        if flat in _FRONT:
            c = Clause(number=flat, heading=label, level=1, kind=_FRONT[flat][1])
        elif flat in _BACK:
            c = Clause(number=_BACK[flat], heading=label, level=1, kind="bibliography")
        elif m := _ANNEX.match(label):
            letter = m.group("zh") or m.group("en")
            c = Clause(number=f"附录{letter}" if m.group("zh") else f"Annex {letter}",
                       heading=m.group("title").strip(" 　") or None, level=1, kind="annex")
        elif m := re.match(r"^((?:\d{1,2}|[A-Z])(?:\.\d{1,3})*)\s*(.*)$", label):
            number = m.group(1)
            level = number.count(".") + 1
            head = number.rpartition(".")[0] or None
            if head and re.fullmatch(r"[A-Z]", head):
                head = f"附录{head}"
            c = Clause(number=number, heading=m.group(2).strip() or None, level=level,
                       kind="chapter" if level == 1 else "clause", parent=head)
        if c and c.number not in seen:
            c.from_toc = True
            seen.add(c.number)
            out.append(c)
    return out
