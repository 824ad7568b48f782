""""Which standards apply": an industry (GB/T 4754 code or plain words) or a product in, the
standards that apply out, each with the reason and a group.

Groups, most specific first:
  行业专用  the title names the industry or product (a part of an accounting series for it, ...)
  范围涉及  the scope (适用范围) mentions it
  系列通用  the general part of a series one of the above belongs to
  通用      general rules that apply to every industry (通则 / organisation-level standards)
"""

from __future__ import annotations

import re

from parsing.numbers import parse_number

# GB/T 4754-2017 classes (门类/大类/中类/小类 prefixes) most carbon standards are written for.
GBT4754 = {
    "B06": ["煤炭"], "B07": ["石油", "天然气"], "C17": ["纺织"], "C22": ["造纸"], "C25": ["石油化工", "炼油"],
    "C26": ["化工"], "C2611": ["化工"], "C261": ["化工"], "C30": ["建材"], "C301": ["水泥", "石灰"],
    "C3011": ["水泥"], "C3012": ["石灰"], "C304": ["玻璃"], "C3041": ["平板玻璃"], "C307": ["陶瓷"],
    "C31": ["钢铁"], "C311": ["钢铁"], "C312": ["钢铁"], "C32": ["有色金属", "铝"], "C3216": ["电解铝", "铝冶炼"],
    "C33": ["金属制品"], "C36": ["汽车"], "C38": ["电气机械"], "C39": ["电子"], "D44": ["电力", "发电", "电网"],
    "D441": ["发电"], "D4411": ["火力发电", "发电"], "D4420": ["电网", "供电"], "D442": ["电网", "供电"],
    "D45": ["燃气"], "E47": ["建筑"], "E48": ["建筑"], "G53": ["铁路"], "G54": ["道路运输"], "G55": ["水运"],
    "G56": ["民航", "航空"], "I65": ["数据中心", "信息技术"], "N77": ["生态保护"], "A02": ["林业"], "A01": ["农业"],
}
# Plain words people type, widened to the words standards use in their titles.
SYNONYMS = {
    "电网": ["电网", "供电", "输配电"], "电力": ["电力", "发电", "电网"], "钢铁": ["钢铁", "钢"],
    "水泥": ["水泥", "熟料"], "铝": ["铝", "电解铝"], "玻璃": ["玻璃", "平板玻璃"], "化工": ["化工", "化学"],
    "航空": ["民航", "航空"], "民航": ["民航", "航空"], "建筑": ["建筑", "建筑物"], "煤炭": ["煤炭", "煤矿"],
    "数据中心": ["数据中心"], "汽车": ["汽车", "机动车"],
}
GENERAL_MARKERS = ("通则", "通用", "组织层次", "organization level", "总则")


def industry_words(query: str, to_simplified=lambda s: s) -> list[str]:
    """The words to look for: from a GB/T 4754 code, or the query's own words widened."""
    q = to_simplified(query.strip())
    code = re.fullmatch(r"([A-Ta-t])\s*(\d{2,4})?", q)
    if code:
        key = code.group(1).upper() + (code.group(2) or "")
        for size in range(len(key), 0, -1):
            if key[:size] in GBT4754:
                return GBT4754[key[:size]]
        return []
    words = [w for w in re.split(r"[\s,，、/]+", q) if w]
    out: list[str] = []
    for w in words:
        out.extend(SYNONYMS.get(w, [w]))
        for short in ("企业", "行业", "生产", "产品"):  # 水泥企业 -> 水泥
            if w.endswith(short) and len(w) > len(short) + 1:
                out.extend(SYNONYMS.get(w[: -len(short)], [w[: -len(short)]]))
    return list(dict.fromkeys(out))


def applicable(searcher, industry_or_product: str, top: int = 20) -> list[dict]:
    from index.search.results import QueryError

    if not industry_or_product or not industry_or_product.strip():
        raise QueryError("name an industry (水泥, 电网, 钢铁 …, or a GB/T 4754 code such as C3011) or a product")
    words = industry_words(industry_or_product[:200], searcher.analyzer.to_simplified)
    if not words:
        raise QueryError(f"{industry_or_product!r} is not a GB/T 4754 class this tool knows; type the industry in words")
    out: dict[int, dict] = {}
    searcher.refresh()
    records = [(d, r) for d, r in searcher.store.records(public=True)
               if r.status in (None, "现行", "即将实施")]  # withdrawn or replaced ones no longer apply
    by_series: dict[str, list] = {}
    for doc, record in records:
        parts = parse_number(record.number) if record.number else None
        if parts:
            by_series.setdefault(parts.series, []).append((doc, record, parts))

    def add(doc, record, reason: str, group: str) -> None:
        if doc.id not in out:
            out[doc.id] = {"number": record.number, "title": record.title_zh or record.title_en, "doc_id": doc.id,
                           "reason": reason, "group": group, "status": record.status}

    fold = searcher.analyzer.normalize
    for doc, record in records:
        title = fold(" ".join(filter(None, [record.title_zh, record.title_en])))
        hit = next((w for w in words if fold(w) in title), None)
        if hit:
            parts = parse_number(record.number) if record.number else None
            series = f"，属 {parts.series} 系列第 {parts.part} 部分" if parts and parts.part else ""
            add(doc, record, f"标题含“{hit}”{series}", "行业专用")
    for doc, record in records:
        scope = fold(record.scope or "")
        hit = next((w for w in words if fold(w) in scope), None)
        if hit:
            add(doc, record, f"适用范围提及“{hit}”", "范围涉及")
    specific = list(out.values())
    for item in specific:
        parts = parse_number(item["number"]) if item["number"] else None
        if not parts or not parts.part:
            continue
        for doc, record, p in by_series.get(parts.series, []):
            if p.part in ("1", None) or (p.part and p.part.split(".")[0] == "1"):
                add(doc, record, f"{parts.series} 系列的通用部分（{item['number']} 与之配套使用）", "系列通用")
    for doc, record in records:
        title = " ".join(filter(None, [record.title_zh, record.title_en])).lower()
        if any(m.lower() in title for m in GENERAL_MARKERS):
            add(doc, record, "通则类标准，适用于各行业", "通用")
    order = {"行业专用": 0, "范围涉及": 1, "系列通用": 2, "通用": 3}
    return sorted(out.values(), key=lambda d: (order[d["group"]], d["number"] or ""))[:top]
