"""The bibliographic record (题录) from what a document shows: its cover, its 前言, a record page
of labelled fields (标准编号：… 发布日期：…), or ISO front matter. A field not shown stays empty.

Matching runs on the simplified form of each line; titles and names keep the original script.
"""

from __future__ import annotations

import re
from datetime import date

from parsing.model import Adoption, Record
from parsing.numbers import doc_type_of, find_numbers, nature_of, normalize_number

_DATE = r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
_DATED_EVENT = re.compile(_DATE + r"\s*(发\s*布|实\s*施)")
_ICS_CODE = re.compile(r"\d{2}(?:\.\d{3}(?:\.\d{2})?)?")
_CCS_CODE = re.compile(r"(?<![A-Za-z])([A-Z])\s?(\d{2})(?!\d)")
_DOC_CLASS = re.compile(r"^(中华人民共和国.{0,8}标准|.{1,8}(?:省|市|自治区)地方标准|.{0,12}团体标准|.{0,12}行业标准)$")
_ADOPTION = re.compile(r"[（(]\s*(?P<num>(?:ISO|IEC|EN|BS|PAS)[^，,）)]*?)\s*[，,]\s*(?P<deg>IDT|MOD|NEQ)\s*[)）]")
_ADOPT_SENTENCE = re.compile(r"(?P<how>等同|修改|非等效)采用(?P<rest>[^。]{0,80})")
_DEGREE = {"等同": "IDT", "修改": "MOD", "非等效": "NEQ"}
_TC = re.compile(r"由(?P<tc>[^。，,；由]{2,60}?)(?:提出并)?归口")
_PROPOSER = re.compile(r"由(?P<p>[^。；]{2,60}?)提出")
_DRAFT_ORGS = re.compile(r"(?:起草单位|主编单位|参编单位)[：:]\s*(?P<v>[^。]+)")
_DRAFTERS = re.compile(r"(?:主要)?起草人[：:]\s*(?P<v>[^。]+)")
_REPLACES = re.compile(r"(?:本文件|本标准|本部分|本规范|本规程)(?:部分)?代替(?P<v>[^。]{0,300}?)(?:[，,]\s*与|。|$)")
_FILING = re.compile(r"备案号[：:]?\s*(?P<v>\S.*?)\s*$")
_ORG_END = re.compile(r"(总局|管理局|委员会|部|局|厅|院|协会|学会|联合会|促进会|中心|政府|联盟|研究会)$")
_TITLE_SKIP = re.compile(r"^(ICS|CCS|备案号|(部分)?代\s*替)|^[A-Z]\s?\d{2}$|发\s*布$|实\s*施$|[（(].*(IDT|MOD|NEQ)\s*[)）]$")

# Labelled fields of record pages (the national platform, publishers' web pages).
_LABELS = {
    "number": ["标准编号", "标准号", "标准代号", "编号", "Reference number", "Standard number"],
    "title_zh": ["中文标题", "标准名称", "中文名称", "标准中文名称", "名称"],
    "title_en": ["英文标题", "英文名称", "标准英文名称"],
    "publish_date": ["发布日期", "发布时间", "Publication date"],
    "implement_date": ["实施日期", "实施时间"],
    "withdraw_date": ["废止日期"],
    "ics": ["国际标准分类号", "ICS分类号", "ICS"],
    "ccs": ["中国标准分类号", "CCS分类号", "CCS"],
    "replaces": ["代替标准", "替代标准", "代替"],
    "replaced_by": ["被代替标准", "替代以下标准", "被替代"],
    "adopts": ["采用国际标准", "采标情况"],
    "technical_committee": ["归口单位", "技术归口", "归口", "Technical Committee"],
    "issuers": ["发布单位", "发布机构", "颁布部门"],
    "drafting_orgs": ["起草单位"],
    "drafters": ["起草人"],
    "filing_number": ["备案号"],
    "status": ["标准状态", "状态", "Status"],
    "edition": ["Edition"],
}
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(sorted({lab for labs in _LABELS.values() for lab in labs}, key=len, reverse=True))
    + r")\s*[：:]\s*",
    re.IGNORECASE,
)
_LABEL_FIELD = {lab.lower(): f for f, labs in _LABELS.items() for lab in labs}
_ENGLISH_STATUS = {"published": "现行", "withdrawn": "废止"}


def iso_date(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _split_names(value: str) -> list[str]:
    return [v.strip(" 　;；。") for v in re.split(r"[、，,;；]|\s{2,}", value) if v.strip(" 　;；。")]


def record_from_cover(cover: list[str], cover_simple: list[str]) -> Record:
    """Fields printed on a GB/T 1.1 cover page."""
    r = Record()
    text = "\n".join(cover_simple)
    for line in cover_simple:
        s = line.strip()
        if s.startswith("ICS"):
            r.ics = _ICS_CODE.findall(s[3:])
        elif s.startswith("CCS") or (re.fullmatch(r"[A-Z]\s?\d{2}(\s*[;；]\s*[A-Z]\s?\d{2})*", s) and not r.ccs):
            r.ccs = [a + b for a, b in _CCS_CODE.findall(s)]
        elif m := _FILING.match(s):
            r.filing_number = m.group("v")
    for m in _DATED_EVENT.finditer(text):
        d = iso_date(m.group(1), m.group(2), m.group(3))
        if "发" in m.group(4):
            r.publish_date = r.publish_date or d
        else:
            r.implement_date = r.implement_date or d
    # the number: a line that is a standard number (the first one that is not 代替 ...)
    number_idx = None
    for i, line in enumerate(cover_simple):
        s = line.strip()
        if re.match(r"^(部分)?代\s*替", s) or s.startswith(("ICS", "CCS", "备案号")):
            continue
        nums = find_numbers(s)
        if nums and nums[0].start == 0 and (nums[0].end >= len(s) - 2 or len(s) < 40):
            r.number = nums[0].number
            number_idx = i
            break
    for line in cover_simple:
        s = line.strip()
        if re.match(r"^(部分)?代\s*替", s):
            r.replaces += [m.number for m in find_numbers(s)]
        if m := _ADOPTION.search(s):
            num = normalize_number(m.group("num").strip())
            if num:
                r.adopts = Adoption(number=num, degree=m.group("deg"))
    # titles sit between the number (or the class line) and the dates
    start = (number_idx + 1) if number_idx is not None else 0
    zh: list[str] = []
    en: list[str] = []
    issuers: list[str] = []
    after_dates = any(_DATED_EVENT.search(x) for x in cover_simple[:start])
    for orig, line in zip(cover[start:], cover_simple[start:], strict=False):
        s = line.strip()
        if not s:
            continue
        if _DATED_EVENT.search(s):
            after_dates = True
            continue
        is_cjk = bool(re.search(r"[\u4e00-\u9fff]", s))
        # an issuing body: ends with 发布, or an organisation's name once the dates are past
        # (covers drawn in another order put the dates before the title)
        if is_cjk and not find_numbers(s) and (re.search(r"发\s*布$", s) or (after_dates and _ORG_END.search(s))):
            name = orig.strip()
            tail = re.search(r"\s*(?:联合)?发\s*布$", s)
            if tail and len(name) == len(s):  # cut 发布 / 發佈 from the original by position
                name = name[: tail.start()]
            issuers += [n for n in re.split(r"\s{2,}|、", name) if n.strip()]
            continue
        if _TITLE_SKIP.search(s) or _DOC_CLASS.match(s) or find_numbers(s) and len(s) < 40 and not zh:
            continue
        if is_cjk:
            if en or (after_dates and zh):
                continue
            zh.append(orig.strip())
        elif re.search(r"[A-Za-z]{2}", s) and not (after_dates and en):
            en.append(s)
    r.title_zh = join_title(zh) if zh else None
    r.title_en = join_english(en) if en else None
    r.issuers = issuers
    _finish(r)
    return r


def join_title(parts: list[str]) -> str:
    """Title elements from separate cover lines, joined with one space (GB/T 1.1 6.1); a line
    that ends mid-phrase was wrapped and joins directly."""
    out = parts[0]
    prev = parts[0]
    for p in parts[1:]:
        # a full cover line (16+ characters) was wrapped inside one element
        wrapped = len(prev.strip()) >= 16 and not re.match(r"^第\s*\d+\s*部分", p)
        glued = wrapped or out.endswith(("的", "和", "与", "及", "或", "、", "（", "(")) or p.startswith(("——", "—"))
        prev = p
        out += ("" if glued else " ") + p
    return re.sub(r"\s+", " ", out).strip()


def join_english(parts: list[str]) -> str:
    out = parts[0].strip()
    for p in parts[1:]:
        p = p.strip()
        out += ("" if out.endswith(("—", "-", "–")) or p.startswith(("—", "–")) else " ") + p
    return re.sub(r"\s+", " ", out).strip()


def apply_foreword(r: Record, foreword_simple: str) -> None:
    """Facts stated in 前言: 代替, 采用, 提出, 归口, 起草单位, 主要起草人."""
    text = foreword_simple
    if m := _REPLACES.search(text):
        found = [n.number for n in find_numbers(m.group("v"))]
        r.replaces = _merge(r.replaces, found)
    if m := re.search(r"cancels and replaces (?P<v>[^.]*?(?:\([^)]*\))?)[,.]", text):
        r.replaces = _merge(r.replaces, [n.number for n in find_numbers(m.group("v"))])
    if not r.adopts and (m := _ADOPT_SENTENCE.search(text)):
        nums = find_numbers(m.group("rest"))
        if nums and nums[0].parts.international:
            r.adopts = Adoption(number=nums[0].number, degree=_DEGREE[m.group("how")])
    if m := _TC.search(text):
        r.technical_committee = r.technical_committee or m.group("tc").strip()
    if m := _PROPOSER.search(text):
        p = m.group("p").strip()
        if not p.startswith(("本文件", "本标准")) and len(p) <= 60:
            r.proposer = r.proposer or p
    if m := _DRAFT_ORGS.search(text):
        r.drafting_orgs = r.drafting_orgs or _split_names(m.group("v"))
    if m := re.search(r"主要起草人(?:员)?[：:]\s*(?P<v>[^。]+)", text):
        r.drafters = r.drafters or _split_names(m.group("v"))


def record_from_labels(lines: list[str]) -> tuple[Record, int]:
    """Fields of a record page (`标准编号：GB/T 32150-2015 发布日期：2015-11-19 …`); returns the
    record and how many labelled fields were found."""
    r = Record()
    found = 0
    for line in lines:
        matches = list(_LABEL_RE.finditer(line))
        for k, m in enumerate(matches):
            end = matches[k + 1].start() if k + 1 < len(matches) else len(line)
            value = line[m.end():end].strip(" 　;；|")
            if not value:
                continue
            if _set_labelled(r, _LABEL_FIELD[m.group("label").lower()], value):
                found += 1
    _finish(r)
    return r, found


def _set_labelled(r: Record, name: str, value: str) -> bool:
    if name == "number":
        num = normalize_number(value) or (find_numbers(value)[0].number if find_numbers(value) else None)
        if num and not r.number:
            r.number = num
            return True
        return False
    if name.endswith("_date"):
        m = re.search(_DATE, value)
        if m and not getattr(r, name):
            setattr(r, name, iso_date(*m.groups()))
            return True
        return False
    if name == "ics":
        r.ics = r.ics or _ICS_CODE.findall(value)
        return bool(r.ics)
    if name == "ccs":
        r.ccs = r.ccs or [a + b for a, b in _CCS_CODE.findall(value)]
        return bool(r.ccs)
    if name in ("replaces", "replaced_by"):
        nums = [n.number for n in find_numbers(value)]
        setattr(r, name, _merge(getattr(r, name), nums))
        return bool(nums)
    if name == "adopts":
        nums = find_numbers(value)
        if nums and nums[0].parts.international:
            deg = re.search(r"IDT|MOD|NEQ", value)
            r.adopts = Adoption(number=nums[0].number, degree=deg.group(0) if deg else None)
            return True
        return False
    if name in ("issuers", "drafting_orgs", "drafters"):
        setattr(r, name, getattr(r, name) or _split_names(value))
        return True
    if name == "edition":
        m = re.match(r"\d+", value)
        if m and not r.edition:
            r.edition = m.group(0)
            return True
        return False
    if name == "status":
        value = _ENGLISH_STATUS.get(value.strip().split()[0].lower(), value) if value.strip() else value
        st = re.search(r"现行|即将实施|废止|被代替", value)
        if st:
            r.status, r.status_source = st.group(0), "given"
            return True
        return False
    if not getattr(r, name):
        setattr(r, name, value)
        return True
    return False


_ISO_EDITION = re.compile(r"\b(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth)\s+edition\b\s*(\d{4})?", re.I)
_EDITIONS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8"}
_ISO_TC = re.compile(r"prepared by (?:Technical Committee )?(?P<tc>(?:ISO|IEC)/TC\s*\d+[^.]*?(?:Subcommittee SC\s*\d+[^.]*)?)\.", re.I | re.S)


def record_from_iso(lines: list[str]) -> Record:
    """ISO / IEC front matter: reference number, edition, TC, English title."""
    r = Record(language="en")
    text = "\n".join(lines[:200])
    m = re.search(r"Reference number\s*\n?\s*(?P<num>(?:ISO|IEC)[^\n(]*)", text)
    if m:
        r.number = normalize_number(m.group("num").strip())
    if not r.number:
        for line in lines[:15]:
            nums = find_numbers(line)
            if nums and nums[0].parts.international:
                r.number = nums[0].number
                break
    if m := re.search(r"(?m)^ICS\s*(.+)$", text):
        r.ics = _ICS_CODE.findall(m.group(1))
    if m := _ISO_EDITION.search(text):
        r.edition = _EDITIONS[m.group(1).lower()]
    if m := _ISO_TC.search(text):
        r.technical_committee = re.sub(r"\s+", " ", m.group("tc")).strip(" ,")
    _finish(r)
    return r


def _merge(a: list[str], b: list[str]) -> list[str]:
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def _finish(r: Record) -> None:
    if r.number:
        r.doc_type = r.doc_type or doc_type_of(r.number)
        r.nature = r.nature or nature_of(r.number)
