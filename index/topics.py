"""The four first-level categories of the national carbon-peak / carbon-neutrality standard-system
guide (碳达峰碳中和标准体系建设指南): 基础通用 / 碳减排 / 碳清除 / 市场化机制.

A record's own `topics` win; otherwise the category is inferred from the title and scope by
the guide's second-level headings, so the facet is never empty for a standard on carbon.
"""

from __future__ import annotations

TOPICS = ("基础通用", "碳减排", "碳清除", "市场化机制")

# Words of the guide's second-level sub-systems, in order of precedence.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("碳清除", ("碳汇", "固碳", "碳捕集", "碳封存", "ccus", "碳清除", "二氧化碳利用", "生态系统碳")),
    ("市场化机制", ("碳交易", "排放权交易", "碳市场", "绿色金融", "碳金融", "绿色债券", "合同能源管理",
                "生态产品价值", "碳普惠", "自愿减排", "碳信用", "配额", "碳资产")),
    ("基础通用", ("术语", "分类", "核算", "核查", "监测", "报告", "碳足迹", "信息披露", "温室气体管理",
              "清单", "碳标签", "碳中和", "评价通则", "量化")),
    ("碳减排", ("节能", "能耗", "能效", "可再生", "光伏", "风电", "氢", "储能", "电力系统", "低碳", "减排",
             "清洁", "循环", "余热", "电能替代", "绿色建筑", "超低能耗", "近零", "新能源", "能源管理")),
]


def topics_of(title: str | None, scope: str | None = None, given: list[str] | None = None) -> list[str]:
    """The guide categories of a record: given ones, else inferred (possibly several)."""
    if given:
        return [t for t in given if t]
    text = f"{title or ''} {scope or ''}".lower()
    found = [topic for topic, words in _RULES if any(w in text for w in words)]
    return found[:2]
