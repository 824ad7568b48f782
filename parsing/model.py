"""The data model of stdkb, defined once and shared by every stage.

ingest builds a `Document` (what came in, from where), parsing builds a `ParsedDocument`
(record, clause tree, terms, references, requirements, targets), index stores both and
searches them, ui shows them. Every type converts to and from plain JSON-ready dicts; those
dicts are the public JSON contract of `stdkb parse/show --json`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Closed vocabularies. Kept as plain strings so the JSON stays readable.
DOC_KINDS = ("standard", "policy", "record-only")
DOC_TYPES = ("national", "industry", "local", "group", "international", "policy")
NATURES = ("强制", "推荐", "指导")
STATUSES = ("现行", "即将实施", "废止", "被代替")
ADOPTION_DEGREES = ("IDT", "MOD", "NEQ")
REFERENCE_KINDS = ("normative", "informative", "mentioned")
REFERENCE_TARGET_TYPES = ("standard", "annex", "clause", "table", "figure", "policy")
MODALITIES = ("requirement", "recommendation", "permission", "possibility")
CLAUSE_KINDS = (
    "foreword",  # 前言 / Foreword
    "introduction",  # 引言 / Introduction
    "chapter",  # numbered top-level chapter: 1, 2, 3 ...
    "clause",  # numbered sub-clause: 4.1, 4.1.2 ...
    "heading",  # unnumbered heading inside a chapter
    "annex",  # 附录A（规范性）
    "bibliography",  # 参考文献
    "section",  # policy hierarchy: 一、 / （一） / 1. / (1)
)


class _Serializable:
    """to_dict/from_dict for the dataclasses below (nested types declared in `_nested`).

    Every field is always present in the dict: a fact the source does not show is null
    (or an empty list), never invented, and the JSON keys stay stable for other tools.
    """

    _nested: dict[str, type] = {}
    _nested_lists: dict[str, type] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, _Serializable):
                value = value.to_dict()
            elif isinstance(value, list):
                value = [v.to_dict() if isinstance(v, _Serializable) else v for v in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None):
        if data is None:
            return None
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                continue  # tolerate fields added by newer versions
            if key in cls._nested and isinstance(value, dict):
                value = cls._nested[key].from_dict(value)
            elif key in cls._nested_lists and isinstance(value, list):
                value = [cls._nested_lists[key].from_dict(v) for v in value]
            kwargs[key] = value
        return cls(**kwargs)


@dataclass
class Adoption(_Serializable):
    """The international standard a domestic one adopts, and how closely (GB/T 20000.2)."""

    number: str  # normalised, e.g. "ISO 14064-1:2018"
    degree: str | None = None  # IDT / MOD / NEQ


@dataclass
class Record(_Serializable):
    """A bibliographic record (题录), with the fields the national platform and ISO carry."""

    number: str | None = None  # normalised: "GB/T 32151.31-2024", "ISO 14064-1:2018"
    doc_type: str | None = None  # one of DOC_TYPES
    nature: str | None = None  # one of NATURES
    title_zh: str | None = None
    title_en: str | None = None
    status: str | None = None  # one of STATUSES; see `derive_status`
    status_source: str | None = None  # "given" (document/catalogue), "derived", "override"
    publish_date: str | None = None  # YYYY-MM-DD
    implement_date: str | None = None
    withdraw_date: str | None = None
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    technical_committee: str | None = None  # e.g. "全国碳排放管理标准化技术委员会（SAC/TC 548）"
    proposer: str | None = None
    drafting_orgs: list[str] = field(default_factory=list)
    drafters: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    adopts: Adoption | None = None
    scope: str | None = None
    language: str | None = None  # "zh", "en"
    source_url: str | None = None
    filing_number: str | None = None  # 备案号 of industry/local standards
    edition: str | None = None  # ISO edition, e.g. "2"
    topics: list[str] = field(default_factory=list)  # 基础通用 / 碳减排 / 碳清除 / 市场化机制
    note: str | None = None  # e.g. what a catalogue could not confirm

    _nested = {"adopts": Adoption}

    def derive_status(self, today: date | None = None) -> str | None:
        """Status from replacement and dates, as the national platform shows it."""
        today = today or date.today()
        if self.replaced_by:
            return "被代替"
        if self.withdraw_date and self.withdraw_date <= today.isoformat():
            return "废止"
        if self.implement_date:
            return "即将实施" if self.implement_date > today.isoformat() else "现行"
        return None

    def with_status(self, today: date | None = None) -> Record:
        """Fill `status` where the source did not give one; a given status is kept as given."""
        if self.status:
            if not self.status_source:
                self.status_source = "given"
            return self
        derived = self.derive_status(today)
        if derived:
            self.status, self.status_source = derived, "derived"
        return self


@dataclass
class Clause(_Serializable):
    """One node of the clause tree. `number` is the key within its document."""

    number: str  # "4.1.2", "A.1", "前言", "一", "（一）"; unique within a document
    heading: str | None = None
    level: int = 1  # depth: chapter 1, clause 4.1 -> 2 ...
    kind: str = "clause"  # one of CLAUSE_KINDS
    text: str = ""  # the clause's own text (not its children's), original script
    parent: str | None = None  # number of the parent clause
    page: int | None = None  # 1-based page where it starts
    tables: list[list[list[str]]] = field(default_factory=list)  # tables as rows of cells
    responsible: list[str] = field(default_factory=list)  # policy tasks: 责任单位
    from_toc: bool = False  # taken from the table of contents only (no body text seen)


@dataclass
class Term(_Serializable):
    """A term entry from 术语和定义, feeding the bilingual glossary."""

    number: str | None  # "3.1"
    term_zh: str | None
    term_en: str | None = None
    definition: str | None = None
    notes: list[str] = field(default_factory=list)
    source: str | None = None  # the [来源：…] text
    clause: str | None = None  # the clause that holds it (usually == number)


@dataclass
class Reference(_Serializable):
    """A link from a clause (or the record) to another document or to a part of this one."""

    target: str  # normalised number ("GB/T 32150-2015"), or "附录A", "5.2", "表1"
    kind: str = "mentioned"  # one of REFERENCE_KINDS
    clause: str | None = None  # the clause it is made from; None for record-level
    target_type: str = "standard"  # one of REFERENCE_TARGET_TYPES
    dated: bool | None = None  # a dated reference names one edition (GB/T 1.1 8.5)
    text: str | None = None  # the words as written


@dataclass
class Requirement(_Serializable):
    """A sentence tagged with its requirement language (GB/T 1.1-2020 Annex C)."""

    clause: str | None
    text: str
    modality: str  # one of MODALITIES
    negated: bool = False  # 不应 / 不宜 / 不必 / 不能
    keyword: str | None = None  # the modal verb as written: 应, 宜, 可, 不应 ...


@dataclass
class Target(_Serializable):
    """A quantified target in a policy text: 到2030年 … 电能占终端用能的比重达55%."""

    year: int | None
    indicator: str
    value: float | None
    unit: str | None = None
    text: str = ""  # the sentence it comes from
    clause: str | None = None
    comparator: str | None = None  # "达", "≥", "力争", "以上" ... as written


@dataclass
class ParsedDocument(_Serializable):
    """What parsing makes of one file: the `stdkb parse FILE --json` contract."""

    kind: str = "standard"  # one of DOC_KINDS
    record: Record = field(default_factory=Record)
    clauses: list[Clause] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # full text after extraction, original script
    pages: int | None = None
    media_type: str | None = None

    _nested = {"record": Record}
    _nested_lists = {
        "clauses": Clause,
        "terms": Term,
        "references": Reference,
        "requirements": Requirement,
        "targets": Target,
    }


@dataclass
class Provenance(_Serializable):
    """Where a document came from: a file, or a catalogue row and its URL."""

    source: str  # the file path as given, or the catalogue file
    added_by: str | None = None  # user name; the OS user for the CLI
    added_at: str | None = None  # ISO timestamp, UTC
    row: int | None = None  # line number in a catalogue file
    url: str | None = None  # where the file or the facts were published


@dataclass
class Document(_Serializable):
    """One stored version of one input: a file, or one catalogue row."""

    source_name: str  # file name shown to users (catalogue rows: the catalogue file)
    content_hash: str  # sha256 of the bytes (catalogue rows: of the row)
    media_type: str  # "application/pdf", "text/plain", "application/x-stdkb-catalogue-row" ...
    kind: str = "standard"  # one of DOC_KINDS
    provenance: Provenance | None = None
    id: int | None = None  # assigned by the store
    version: int = 1
    state: str = "published"  # "draft", "published", "rejected"
    is_current: bool = True

    _nested = {"provenance": Provenance}
