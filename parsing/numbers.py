"""The grammar of standard numbers: find them in text, normalise them, split them into parts.

A standard number is the key users type, so one grammar serves parsing (cover pages,
references), the search analyzer (numbers findable by their parts), lookups and the UI.

Normal form: prefix, one space, code with `.` parts (domestic) or `-` parts (international),
then an ASCII hyphen before the year (domestic) or a colon (ISO/IEC/EN/PAS):
`GB/T 32151.31-2024`, `DB51/T 2987-2022`, `T/CSES 128-2023`, `ISO 14064-1:2018`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Dashes seen between number and year in real documents (GB texts use the em dash).
DASHES = "-‐‑‒–—―－﹣−"
_DASH = "[" + re.escape(DASHES) + "]"

# Industry standard codes (行业标准代号) and engineering / association codes we recognise.
INDUSTRY_CODES = ["AQ", "BB", "CB", "CH", "CJ", "CJJ", "CY", "DA", "DL", "DZ", "EJ", "FZ", "GA", "GH", "GM", "GY", "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JGJ", "JR", "JT", "JY", "LB", "LD", "LS", "LY", "MH", "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "RB", "SB", "SC", "SH", "SJ", "SL", "SN", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "YB", "YC", "YD", "YS", "YY", "YZ", "ZY", "CECS"]
_INDUSTRY = "|".join(sorted(INDUSTRY_CODES, key=len, reverse=True))

_YEAR = r"(?:19|20)\d{2}(?!\d)"

_DOMESTIC = re.compile(
    r"(?<![A-Za-z])(?P<prefix>"
    r"GB\s*/?\s*[TZ](?![A-Za-z])|GB"
    r"|DB\s*\d{2,4}\s*(?:/\s*T(?![A-Za-z])|/)?"
    r"|T\s*/\s*[A-Z][A-Z0-9]{1,11}"
    rf"|(?:{_INDUSTRY})(?:\s*/\s*[TZ](?![A-Za-z]))?"
    r")\s*(?P<code>\d{1,6})(?:\.(?P<part>\d{1,3}(?:\.\d{1,3})*))?(?![\d])"
    rf"(?:\s*{_DASH}{{1,2}}\s*(?P<year>{_YEAR}))?"
)

_INTERNATIONAL = re.compile(
    r"(?<![A-Za-z])(?P<prefix>"
    r"(?:BS\s+)?(?:EN\s+)?(?:ISO|IEC)(?:\s*/\s*(?:IEC|TS|TR|PAS|DIS|FDIS|IEEE|ASTM))*"
    r"|(?:BS\s+)?EN|(?:BSI\s+)?PAS"
    r")\s*(?P<code>\d{1,6})(?:-(?P<part>\d{1,3}(?:-\d{1,3})*)(?!\d))?(?![\d])"
    rf"(?:\s*(?:[:：]|{_DASH}{{1,2}})\s*(?P<year>{_YEAR}))?"
)

_POLICY = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12})\s*[〔\[【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】)）]"
    r"\s*(?P<seq>\d{1,4})\s*[号號]"
)

INTERNATIONAL_PREFIXES = ("ISO", "IEC", "EN", "PAS", "BS")


@dataclass(frozen=True)
class NumberParts:
    """A normalised standard number split into what users search by."""

    number: str  # "GB/T 32151.31-2024"
    prefix: str  # "GB/T"
    code: str  # "32151"
    part: str | None  # "31"
    year: str | None  # "2024"

    @property
    def international(self) -> bool:
        return self.prefix.split()[0].split("/")[0] in INTERNATIONAL_PREFIXES

    @property
    def undated(self) -> str:
        """The number without its year: "GB/T 32151.31"."""
        sep = "-" if self.international else "."
        return f"{self.prefix} {self.code}" + (f"{sep}{self.part}" if self.part else "")

    @property
    def series(self) -> str:
        """The series a part belongs to: "GB/T 32151"."""
        return f"{self.prefix} {self.code}"


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    raw: str
    parts: NumberParts

    @property
    def number(self) -> str:
        return self.parts.number


def _fold(text: str) -> str:
    """Full-width to half-width, keep everything else; the string keeps its length."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def _norm_prefix(raw: str, international: bool) -> str:
    p = re.sub(r"\s+", " ", raw.strip().upper())
    p = re.sub(r"\s*/\s*", "/", p)
    if international:
        return "PAS" if p in ("BSI PAS",) else p
    if re.fullmatch(r"GB ?[TZ]", p):  # "GBT", "GB T"
        p = "GB/" + p[-1]
    p = p.replace(" ", "")
    m = re.fullmatch(r"DB(\d+)(/T?)?", p)
    if m:
        return f"DB{m.group(1)}" + {"/T": "/T", "/": "/"}.get(m.group(2) or "", "")
    return p


def _parts(m: re.Match, international: bool) -> NumberParts:
    prefix = _norm_prefix(m.group("prefix"), international)
    code, part, year = m.group("code"), m.group("part"), m.group("year")
    if international:
        number = f"{prefix} {code}" + (f"-{part}" if part else "") + (f":{year}" if year else "")
    else:
        number = f"{prefix} {code}" + (f".{part}" if part else "") + (f"-{year}" if year else "")
    return NumberParts(number=number, prefix=prefix, code=code, part=part, year=year)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every standard number in `text`, in order, with spans into the original text."""
    folded = _fold(text)
    found: list[NumberMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern, international in ((_INTERNATIONAL, True), (_DOMESTIC, False)):
        for m in pattern.finditer(folded):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if not international and not _plausible_domestic(m):
                continue
            taken.append((m.start(), m.end()))
            found.append(NumberMatch(m.start(), m.end(), text[m.start() : m.end()], _parts(m, international)))
    return sorted(found, key=lambda x: x.start)


def _plausible_domestic(m: re.Match) -> bool:
    """Industry codes are short capitals that occur in prose (e.g. "JT 2"): ask for a year,
    a /T, or a GB/DB/T prefix before believing one."""
    prefix = m.group("prefix").replace(" ", "")
    if prefix.startswith(("GB", "DB", "T/")) or "/" in prefix:
        return True
    return m.group("year") is not None


def parse_number(text: str) -> NumberParts | None:
    """The number `text` is (whole string, tolerant of spacing, dashes and width)."""
    text = text.strip()
    for m in find_numbers(text):
        if m.start == 0 and m.end == len(text):
            return m.parts
    return None


def normalize_number(text: str) -> str | None:
    """`GB/T32151.31—2024` -> `GB/T 32151.31-2024`; None when `text` is not a number."""
    parts = parse_number(text)
    return parts.number if parts else None


def doc_type_of(number: str) -> str | None:
    """national / industry / local / group / international, from the prefix alone."""
    parts = parse_number(number)
    if parts is None:
        return None
    if parts.international:
        return "international"
    p = parts.prefix
    if p.startswith("GB"):
        return "national"
    if p.startswith("DB"):
        return "local"
    if p.startswith("T/"):
        return "group"
    return "industry"


def nature_of(number: str) -> str | None:
    """强制 / 推荐 / 指导 from the prefix (GB = mandatory, /T = recommended, /Z = guidance)."""
    parts = parse_number(number)
    if parts is None or parts.international or parts.prefix.startswith("T/"):
        return None
    if parts.prefix.endswith("/T"):
        return "推荐"
    if parts.prefix.endswith("/Z"):
        return "指导"
    return "强制"


@dataclass(frozen=True)
class PolicyNumberMatch:
    start: int
    end: int
    number: str  # normal form with 〔〕: "成府发〔2025〕15号"


def find_policy_numbers(text: str) -> list[PolicyNumberMatch]:
    """Document numbers of policy texts (发文字号), e.g. 成府发〔2025〕15号, 国发〔2021〕23号."""
    out = []
    for m in _POLICY.finditer(_fold(text)):
        org = m.group("org")
        # keep the issuing-body abbreviation only: the last run ending in 发/办/函/字 etc.
        short = re.search(r"[\u4e00-\u9fff]{1,6}$", org).group(0)  # type: ignore[union-attr]
        number = f"{short}〔{m.group('year')}〕{int(m.group('seq'))}号"
        start = m.end("org") - len(short)
        out.append(PolicyNumberMatch(start, m.end(), number))
    return out
