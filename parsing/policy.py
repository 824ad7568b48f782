"""Policy documents (通知, 方案, 意见 ...): 发文字号, issuing body and date, the hierarchy 一、 /
（一） / 1. / (1), each task's 责任单位, and quantified targets as data
(`到2030年 … 电能占终端用能的比重达55%` -> year 2030, indicator, 55, %).
"""

from __future__ import annotations

import re

from parsing.layout import Layout, Line
from parsing.model import Clause, ParsedDocument, Record, Target
from parsing.numbers import find_numbers, find_policy_numbers
from parsing.record import iso_date

_CN_NUM = "一二三四五六七八九十"
_PATTERNS = {
    "chapter": re.compile(rf"^第\s*(?P<n>[{_CN_NUM}百零]{{1,4}})\s*章\s*(?P<rest>.*)$"),
    "article": re.compile(rf"^第\s*(?P<n>[{_CN_NUM}百零]{{1,5}})\s*条\s*(?P<rest>.*)$"),
    "cn": re.compile(rf"^(?P<n>[{_CN_NUM}]{{1,3}})\s*、\s*(?P<rest>.*)$"),
    "cn_paren": re.compile(rf"^[（(]\s*(?P<n>[{_CN_NUM}]{{1,3}})\s*[)）]\s*(?P<rest>.*)$"),
    "num": re.compile(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)\s*(?P<rest>.*)$"),
    "num_paren": re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*(?P<rest>.*)$"),
}
_LABELS = {"chapter": "第{}章", "article": "第{}条", "cn": "{}", "cn_paren": "（{}）", "num": "{}.", "num_paren": "({})"}
# Numbers of these kinds run on across their parents (tasks 1-33 across （一）…（八）; articles).
_RUN_ON = ("article", "num")
_DEFAULT_SCHEME = ("cn", "cn_paren", "num", "num_paren")
_ARTICLE_SCHEME = ("article", "cn_paren", "num", "num_paren")
_CHAPTER_SCHEME = ("chapter", "article", "cn", "cn_paren", "num", "num_paren")
_LEVELS = [(i + 1, _PATTERNS[k]) for i, k in enumerate(_DEFAULT_SCHEME)]
_TITLE_END = re.compile(
    r"(通知|方案|意见|办法|规划|计划|决定|纲要|细则|规定|指南|公告|通告|批复|函|要点|措施|行动|条例)([（(][^）)]{1,12}[)）])?$"
)
_ORDER_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,16}令\s*第\s*\d{1,4}\s*号")
_DATE_ANY = r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"
_CN_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ISSUER_END = re.compile(r"(人民政府|办公厅|办公室|委员会|局|厅|部|院|委|政府|中心)$")
_RESPONSIBLE = re.compile(r"[(（\[【]\s*(?:责任单位|責任單位|牵头单位|牽頭單位)\s*[：:]")
_YEAR = re.compile(r"(?:到|至|在)?\s*(\d{4})\s*年(?:底|末|前)?")
_UNITS = (
    "个百分点|万千瓦时|亿千瓦时|千瓦时|万千瓦|千瓦|万吨标准煤|吨标准煤|万吨|吨|万标准立方米|立方米|亿元|万元|元|"
    "万个|万辆|辆|万平方米|平方米|公顷|亩|公里|千米|万户|户|万人|人|家|个|座|项|条|所|处|套|台|%|％"
)
_VALUE = re.compile(
    r"(?P<cmp>达到|达|大于|高于|超过|超|提高到|提升至|提高至|提升到|降低到|降至|下降|减少|不低于|不少于|不超过|控制在|力争|保持|突破|增至|增加到)?"
    r"\s*(?P<val>\d+(?:\.\d+)?)\s*(?P<unit>" + _UNITS + r")(?P<post>以上|以内|以下|左右)?"
)


def looks_like_policy(layout: Layout) -> bool:
    head = [ln.simple for ln in layout.lines[:300]]
    text = "\n".join(head)
    if layout.cover and any(find_numbers(s) for s in layout.cover_simple):
        return False  # a standard's cover
    if re.search(r"(?m)^1\s*(范围|总则|Scope)\s*$", text):
        return False
    has_number = bool(find_policy_numbers(text)) or bool(_ORDER_NUMBER.search(text.replace("\n", "")))
    sections = sum(1 for s in head if _LEVELS[0][1].match(s) or _PATTERNS["chapter"].match(s)
                   or _PATTERNS["article"].match(s))
    kinds = r"(通知|方案|意见|政府|规划|办法|条例|规定|细则|决定|计划|纲要|公告)"
    # a short notice has no sections: its document number and a 关于…的通知 / 公告 title tell
    titled = any(_is_title(s) and "关于" in s for s in _with_wrapped(head[:60]))
    return (has_number and (sections >= 1 or titled)) or (sections >= 2 and bool(re.search(kinds, text))) or (
        titled and bool(re.search(r"(?m)^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$", text))
    )


def parse_policy(layout: Layout, doc: ParsedDocument) -> None:
    lines = layout.cover and [Line(t, None, s) for t, s in zip(layout.cover, layout.cover_simple, strict=True)] or []
    lines = lines + layout.lines
    doc.kind = "policy"
    r = Record(doc_type="policy")
    start = _record(lines, r)
    if start:
        doc.warnings.append(f"{start} line(s) before the document title ignored (page navigation or notes)")
    doc.record = r
    doc.clauses = _sections(lines[start + (1 if r.title_zh else 0):])  # the title is not body text
    doc.targets = extract_targets(doc.clauses, layout.traditional)
    if not r.number:
        doc.warnings.append("no document number (发文字号) found")


def _record(lines: list[Line], r: Record) -> int:
    """Fill the record; return the index of the title line (where the document starts)."""
    simple = [ln.simple for ln in lines]
    head = range(min(len(simple), 400))
    number_lines = []
    for i in head:
        found = find_policy_numbers(simple[i])
        if found:
            r.number = r.number or found[0].number
            if len(simple[i]) <= len(found[0].number) + 10:
                number_lines.append(i)
    if r.number is None:
        for i in head:
            joined = simple[i] + (simple[i + 1] if i + 1 < len(simple) and simple[i].endswith("令") else "")
            if m := _ORDER_NUMBER.search(joined):  # 生态环境部令第19号, or 国务院令 / 第775号 on two lines
                r.number = re.sub(r"\s+", "", m.group(0))
                break
            if (m := re.match(r"^发文字号\s*[:：]\s*(\S+号)$", simple[i])) and not r.number:
                r.number = m.group(1)  # a web copy's labelled field
                break
    title_idx = None
    for n in number_lines:  # the title stands just above the 发文字号
        for i in range(n - 1, max(-1, n - 4), -1):
            if _is_title(simple[i]):
                title_idx = i - 1 if i > 0 and _wrapped_title(simple, i - 1) else i
                break
        if title_idx is not None:
            break
    if title_idx is None:
        candidates = [i for i in head if _is_title(simple[i]) or _wrapped_title(simple, i)]
        with_about = [i for i in candidates if "关于" in simple[i]]
        title_idx = (with_about or candidates or [None])[0]
    if title_idx is not None:
        r.title_zh = lines[title_idx].text.strip()
        if _wrapped_title(simple, title_idx):  # a long title set on two lines
            r.title_zh += lines[title_idx + 1].text.strip()
        if m := re.match(r"^(.{2,30}?)关于", simple[title_idx]):
            r.issuers = [lines[title_idx].text.strip()[: len(m.group(1))]]
    # labelled fields of a web page (发布机关：… 发布日期：…)
    for i in head:
        if m := re.match(r"^(?:发布机关|发文机关|发布单位|发文单位)\s*[:：]\s*(.+)$", simple[i]):
            issuer = lines[i].text.strip()[len(simple[i]) - len(m.group(1)):] if len(lines[i].text.strip()) == len(simple[i]) else m.group(1)
            r.issuers = r.issuers or [issuer.strip()]
        elif (m := re.match(r"^(?:发布日期|成文日期|发文日期)\s*[:：]\s*" + _DATE_ANY, simple[i])) and not r.publish_date:
            r.publish_date = iso_date(*m.groups())
    # issuer and date: a Chinese date line, with the issuing body just before it
    after = number_lines[0] if number_lines else (title_idx or 0)
    for i in range(after, min(len(simple), after + 40)):
        m = _CN_DATE.match(simple[i])
        if m:
            r.publish_date = iso_date(*m.groups())
            if i > 0 and _ISSUER_END.search(simple[i - 1]) and len(simple[i - 1]) <= 30:
                issuer = lines[i - 1].text.strip()
                if issuer not in r.issuers:
                    r.issuers = [issuer] + [x for x in r.issuers if x != issuer]
            break
    r.issuers = _dedupe(r.issuers)
    return title_idx or 0


def _dedupe(names: list[str]) -> list[str]:
    """Issuers met twice (title prefix, labelled field, signature), in either script: keep the first."""
    from parsing.script import to_simplified

    seen: set[str] = set()
    out = []
    for name in names:
        key = to_simplified(name, force=True)
        if key not in seen and not any(key in s or s in key for s in seen):
            seen.add(key)
            out.append(name)
    return out


def _wrapped_title(simple: list[str], i: int) -> bool:
    """`…关于执行国民经济行业分类` + `第1号修改单的通知`: one title on two lines."""
    return (i + 1 < len(simple) and "关于" in simple[i] and not _is_title(simple[i])
            and _is_title(simple[i] + simple[i + 1]) and len(simple[i + 1]) <= 30)


def _with_wrapped(head: list[str]) -> list[str]:
    return head + [head[i] + head[i + 1] for i in range(len(head) - 1) if _wrapped_title(head, i)]


def _is_title(s: str) -> bool:
    return 4 <= len(s) <= 80 and bool(_TITLE_END.search(s)) and not s.endswith("。") and ":" not in s and "：" not in s


def _sections(lines: list[Line]) -> list[Clause]:
    chapters = sum(1 for ln in lines if _PATTERNS["chapter"].match(ln.simple))
    articles = sum(1 for ln in lines if _PATTERNS["article"].match(ln.simple))
    scheme = _CHAPTER_SCHEME if chapters >= 2 else _ARTICLE_SCHEME if articles >= 2 else _DEFAULT_SCHEME
    levels = [(i + 1, kind, _PATTERNS[kind]) for i, kind in enumerate(scheme)]
    clauses: list[Clause] = []
    path: list[tuple[int, str, int]] = []  # (level, number, numeric value) of open sections
    texts: dict[str, list[str]] = {}
    current = None
    last_value: dict[int, int] = {}
    last_of_kind: dict[str, int] = {}  # never reset: numbering that runs on across parents
    for ln in lines:
        s = ln.simple
        hit = None
        for level, kind, rx in levels:
            m = rx.match(s)
            if m:
                value = _value(m.group("n"))
                if _in_sequence(level, value, path, last_value, kind in _RUN_ON, last_of_kind.get(kind, 0)):
                    hit = (level, m, value, kind)
                break
        if hit is None:
            key = current.number if current else "引言"
            if current is None and "引言" not in texts:
                current = Clause(number="引言", heading=None, level=1, kind="introduction", page=ln.page)
                clauses.append(current)
            texts.setdefault(key, []).append(ln.text)
            _responsible(current, ln.text)
            continue
        level, m, value, kind = hit
        while path and path[-1][0] >= level:
            path.pop()
        for deeper in [k for k in last_value if k > level]:
            del last_value[deeper]
        last_value[level] = value
        last_of_kind[kind] = value
        label = _LABELS[kind].format(m.group("n"))
        number = "/".join([p[1] for p in path] + [label])
        parent = "/".join(p[1] for p in path) or None
        path.append((level, label, value))
        rest_orig = ln.text[len(ln.text) - len(m.group("rest")):] if len(ln.text) == len(s) else m.group("rest")
        # an article (第三条 …) is text, not a heading
        in_article = any("条" in p[1] for p in path[:-1])
        heading, body = (None, rest_orig.strip()) if kind == "article" else _split_heading(rest_orig, in_article)
        current = Clause(number=number, heading=heading, level=level, kind="section", parent=parent, page=ln.page)
        clauses.append(current)
        if body:
            texts.setdefault(number, []).append(body)
            _responsible(current, body)
    for c in clauses:
        c.text = "\n".join(texts.get(c.number, []))
    return clauses


def _value(n: str) -> int:
    if n.isdigit():
        return int(n)
    digits = {c: i + 1 for i, c in enumerate(_CN_NUM)}
    if "百" in n or "零" in n:  # 第一百零一条
        h, _, rest = n.partition("百")
        return digits.get(h, 1) * 100 + _value(rest.lstrip("零") or "0") if rest.lstrip("零") else digits.get(h, 1) * 100
    if n == "0":
        return 0
    if n == "十":
        return 10
    if n.startswith("十"):
        return 10 + digits[n[1]]
    if "十" in n:
        a, _, b = n.partition("十")
        return digits[a] * 10 + (digits[b] if b else 0)
    return digits.get(n, 0)


def _in_sequence(level: int, value: int, path, last_value: dict[int, int], run_on: bool, last_of_kind: int) -> bool:
    """A section number is believed when it follows its predecessor at that level; a deeper
    level needs an open parent, except kinds whose numbers run on across parents. Under a new
    parent, numbering restarts at 1 or continues from the previous parent's last number."""
    if level > 1 and not any(p[0] < level for p in path) and not run_on:
        return False
    prev = last_value.get(level)
    if prev is None:
        return value == 1 or value == last_of_kind + 1
    return prev < value <= prev + 2


def _split_heading(rest: str, in_article: bool = False) -> tuple[str | None, str]:
    """`加快构建新型电力系统。落实…` -> heading, body. A short line with no full stop is all heading."""
    rest = rest.strip()
    if not rest:
        return None, ""
    if in_article:  # 第八条 …（二）…: the items of an article are its text
        return None, rest
    m = re.match(r"^([^。；，,：:]{2,40}?)[。．](.*)$", rest)
    if m and m.group(2).strip():
        return m.group(1), m.group(2).strip()
    if m:  # one short sentence alone on its line: a heading
        return m.group(1), ""
    if len(rest) <= 40 and not re.search(r"[。；，,]", rest):
        return rest, ""
    return None, rest


def _responsible(clause: Clause | None, text: str) -> None:
    """`[责任单位:市经信局,市发改委、各区(市)县政府(管委会)]` -> the units, in order."""
    if clause is None:
        return
    for m in _RESPONSIBLE.finditer(text):
        opener = text[m.start()]
        closer = {"[": "]", "【": "】"}.get(opener)
        depth, i = 0, m.end()
        while i < len(text):
            ch = text[i]
            if closer and ch == closer:
                break
            if not closer:
                if ch in "(（":
                    depth += 1
                elif ch in ")）":
                    if depth == 0:
                        break
                    depth -= 1
            i += 1
        for unit in re.split(r"[,，、;；]", text[m.end():i]):
            unit = unit.strip()
            if unit and unit not in clause.responsible:
                clause.responsible.append(unit)


def extract_targets(clauses: list[Clause], traditional: bool) -> list[Target]:
    from parsing.script import to_simplified

    out: list[Target] = []
    for c in clauses:
        for sentence in re.findall(r"[^。；;\n]+[。；;]?", c.text):
            simple = to_simplified(sentence, force=True) if traditional else sentence
            if not _YEAR.search(simple):
                continue
            same = len(simple) == len(sentence)
            out += _targets_in(sentence if same else simple, simple, c.number)
    return out


def _targets_in(orig: str, simple: str, clause: str) -> list[Target]:
    out = []
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(simple) if "到" in m.group(0) or "年前" in m.group(0)
             or "年底" in m.group(0) or "年末" in m.group(0) or "至" in m.group(0)]
    if not years:
        return out
    prev_end = 0
    for m in _VALUE.finditer(simple):
        if _YEAR.match(simple, m.start("val")) or simple[m.end("val"):m.end("val") + 1] == "年":
            continue
        before = simple[m.start("val") - 1] if m.start("val") else ""
        if before.isdigit() or "\ue000" <= before <= "\uf8ff":
            continue  # the tail of a number broken by an unmapped glyph (39\ue010 5%): no value to trust
        year = next((y for pos, y in reversed(years) if pos < m.start()), None)
        if year is None:
            continue
        seg_start = max([prev_end] + [simple.rfind(p, 0, m.start()) + 1 for p in "，,、："])
        indicator = orig[seg_start:m.start()]
        indicator = re.sub(r"^\s*(力争|争取|确保)?\s*(到|至)?\s*\d{4}\s*年(底|末|前)?\s*[，,]?", "", indicator).strip(" ，,")
        indicator = re.sub(r"^(力争|争取|确保|力爭|確保)", "", indicator).strip()
        indicator = re.sub(r"(力争|争取|力爭|达到|達到)$", "", indicator).strip()
        prev_end = m.end()
        if not indicator:
            continue
        cmp_ = (m.group("cmp") or "") + (m.group("post") or "")
        out.append(Target(year=year, indicator=indicator, value=float(m.group("val")), unit=m.group("unit"),
                          text=orig.strip(), clause=clause, comparator=cmp_ or None))
    return out
