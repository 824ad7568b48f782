"""The spaCy pipeline of stdkb: a blank `zh` pipeline with the jieba segmenter plus two rule
components, built once per process.

- `std_numbers` marks standard numbers (parsing.numbers grammar) and pointers such as 附录A
  as entities (STD_NUMBER, INTERNAL_REF);
- `modal_verbs` (a spaCy Matcher) marks the verbal forms of GB/T 1.1-2020 Annex C in
  `doc.spans["modal"]`, labelled requirement / recommendation / permission / possibility,
  negated forms with a NEG_ prefix.

Words such as 应用, 可再生能源, 能源, 能力, 相应 are not modal verbs: they are added to jieba's
dictionary so they come out as single tokens, which the Matcher does not match.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Compounds that begin or end with a modal character but are ordinary words.
_NON_MODAL_TEXT = (
    "应用 应急 应对 应变 相应 供应 响应 适应 效应 反应 对应 呼应 感应 回应 理应 应力 应收 应付 应届 "
    "可再生能源 可再生 可持续 可持续发展 可行 可行性 可靠 可靠性 可追溯 可追溯性 可比 可比性 可操作性 可复制 "
    "可推广 可能性 可视化 可回收 可降解 可燃 可燃物 可吸入 可控 可调 可信 可测 可量化 可核查 认可 许可 "
    "能源 能效 能耗 能力 能量 能级 能碳 节能 性能 功能 智能 动能 势能 热能 电能 核能 风能 太阳能 氢能 储能 "
    "产能 效能 赋能 新能源 用能 耗能 化学能 生物质能 宜居 适宜 事宜 便宜"
)
NON_MODAL_WORDS = tuple(_NON_MODAL_TEXT.split())

MODAL_FORMS = {
    "requirement": (["应", "应当", "应该", "必须", "须", "只准许"], ["不应", "不得", "不准许", "不应该", "严禁"]),
    "recommendation": (["宜", "推荐", "建议"], ["不宜", "不推荐", "不建议"]),
    "permission": (["可", "可以", "允许"], ["不必", "无须", "无需", "不需要"]),
    "possibility": (["能", "能够", "可能", "有可能"], ["不能", "不可能", "无法"]),
}
# What a sentence must contain (outside the non-modal words) to be worth tagging.
MODAL_CHARS = re.compile("应|宜|可|能|须|不必|不得|准许|推荐|建议|允许|无需|不需要|无法|严禁")
_NON_MODAL_RE = re.compile("|".join(sorted(NON_MODAL_WORDS, key=len, reverse=True)))


@lru_cache(maxsize=1)
def get_nlp():
    import logging

    import jieba
    import spacy
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    jieba.setLogLevel(logging.WARNING)
    for word in NON_MODAL_WORDS:
        jieba.add_word(word, freq=200000)
    for forms in MODAL_FORMS.values():
        for word in forms[0] + forms[1]:
            if len(word) > 1:
                jieba.add_word(word, freq=100000)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = _JiebaNoHmm(nlp.vocab)

    @Language.component("std_numbers")
    def std_numbers(doc):
        from parsing.numbers import find_numbers

        spans = []
        # standard numbers need a capital letter and a digit: skip the search in plain prose
        has_number = re.search(r"[A-ZＡ-Ｚ]", doc.text) and re.search(r"[0-9０-９]", doc.text)
        for m in find_numbers(doc.text) if has_number else []:
            span = doc.char_span(m.start, m.end, label="STD_NUMBER", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for m in re.finditer(r"附\s*录\s*[A-Z]|表\s*[A-Z]?\.?\d+|图\s*[A-Z]?\.?\d+", doc.text):
            span = doc.char_span(m.start(), m.end(), label="INTERNAL_REF", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    matcher = Matcher(nlp.vocab)
    for modality, (positive, negative) in MODAL_FORMS.items():
        matcher.add(modality, [[{"TEXT": w}] for w in positive])
        neg = [[{"TEXT": w}] for w in negative]
        # jieba may cut 不应 / 不能 / 不宜 into 不 + 应
        neg += [[{"TEXT": "不"}, {"TEXT": w[1:]}] for w in negative if w.startswith("不") and len(w) == 2]
        matcher.add("NEG_" + modality, neg)

    @Language.component("modal_verbs")
    def modal_verbs(doc):
        found = []
        for match_id, start, end in matcher(doc):
            if any(t.ent_type_ for t in doc[start:end]):
                continue  # inside a standard number or a pointer
            found.append(Span(doc, start, end, label=nlp.vocab.strings[match_id]))
        doc.spans["modal"] = filter_spans(found)
        return doc

    nlp.add_pipe("std_numbers")
    nlp.add_pipe("modal_verbs")
    return nlp


class _JiebaNoHmm:
    """spaCy's jieba segmenter without jieba's HMM guessing of unknown words (about twice as
    fast; the modal verbs and the words that contain them are all in the dictionary)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        import jieba
        from spacy.tokens import Doc

        words = [w for w in jieba.cut(text, cut_all=False, HMM=False) if w]
        spaces = [False] * len(words)
        return Doc(self.vocab, words=words, spaces=spaces)


def modal_windows(sentence: str, pad: int = 4) -> str:
    """The parts of a sentence around its candidate modal words, `pad` characters each side,
    joined by "，". jieba's cost grows with the text; the tags depend only on the words next
    to each candidate, so segmenting these windows gives the same tags at a third of the cost
    (tests/parsing compare both on every sentence of the fixtures). A window never cuts an
    ordinary word that holds a modal character (相应, 可再生能源 ...)."""
    spans = [(m.start(), m.end()) for m in _NON_MODAL_RE.finditer(sentence)]
    masked = list(sentence)
    for a, b in spans:
        masked[a:b] = "\0" * (b - a)
    windows: list[tuple[int, int]] = []
    for m in MODAL_CHARS.finditer("".join(masked)):
        a, b = max(0, m.start() - pad), min(len(sentence), m.end() + pad)
        for x, y in spans:
            if x < a < y:
                a = x
            if x < b < y:
                b = y
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
    return "，".join(sentence[a:b] for a, b in windows)


def may_have_modal(sentence: str) -> bool:
    """Cheap pre-filter: a modal character left once ordinary words are removed."""
    return bool(MODAL_CHARS.search(_NON_MODAL_RE.sub("", sentence)))
