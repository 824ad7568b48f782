"""The project's text analyzer: one tokenisation for indexing and for queries.

Steps: full-width -> half-width (NFKC), OpenCC traditional -> simplified, lowercase, standard
numbers pulled out whole (and emitted with their parts, so `GBT32150`, `32151.31` and
`ISO 14064-1` all hit), the rest cut by jieba search mode with a domain dictionary.

Tokens are plain strings without spaces; the keyword backend indexes them with a whitespace
tokenizer, so the analyzer is the only place that decides what a word is.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from parsing.numbers import NumberParts, find_numbers, parse_number

VOCAB_FILE = Path(__file__).with_name("carbon_vocab.txt")

# Words that carry no meaning for retrieval in a query (they stay in the index).
_STOPWORDS_TEXT = (
    "的 了 和 与 及 或 是 在 对 等 中 为 其 之 以 而 并 由 于 有 哪些 什么 如何 怎么 怎样 吗 呢 "
    "关于 有关 规定 我们 我 企业的 the of and a an to in for on is are what which how do does "
    "should with by from be at as it this that"
)
QUERY_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def number_tokens(parts: NumberParts) -> list[str]:
    """Every token a standard number is findable by, most specific first."""
    prefix = parts.prefix.lower().replace(" ", "")
    compact = prefix.replace("/", "")
    sep = "-" if parts.international else "."
    code_part = parts.code + (f"{sep}{parts.part}" if parts.part else "")
    whole = parts.number.lower().replace(" ", "")
    out = [whole, prefix + code_part, compact + code_part, code_part, prefix + parts.code, compact + parts.code,
           parts.code]
    if prefix.endswith(("/t", "/z")):  # users often drop the /T: "GB 32150", "DB51 2987"
        out += [prefix[:-2] + code_part, prefix[:-2] + parts.code]
    return list(dict.fromkeys(out))


def query_number_token(parts: NumberParts) -> str:
    """The one token a number typed in a query must match: as specific as the user was."""
    if parts.year:
        return parts.number.lower().replace(" ", "")
    return parts.undated.lower().replace(" ", "")


def _find_numbers(folded: str):
    """Numbers in folded text, also when typed in lower case (`gbt32150`)."""
    upper = folded.upper()
    return find_numbers(upper if len(upper) == len(folded) else folded)


class Analyzer:
    """Thread-safe, lazily initialised (jieba's dictionary costs about a second to load)."""

    def __init__(self, extra_terms: Iterable[str] = ()):
        self._lock = threading.Lock()
        self._jieba = None
        self._cc = None
        self._pending: set[str] = {t for t in extra_terms if t}
        self.terms: set[str] = set()

    # -- set-up -------------------------------------------------------------------------------

    def _ready(self):
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    self._jieba, self._cc = _base_tools()
        if self._pending:
            with self._lock:
                for term in self._pending:
                    self._add(term)
                self._pending.clear()
        return self._jieba

    def _add(self, term: str) -> None:
        norm = self.normalize(term).strip()
        # only CJK words of a useful length; English terms are split on spaces anyway
        if 2 <= len(norm) <= 16 and re.fullmatch(r"[\u4e00-\u9fff]+", norm) and norm not in self.terms:
            self.terms.add(norm)
            self._jieba.add_word(norm, freq=1000)

    def add_terms(self, terms: Iterable[str]) -> None:
        """Domain terms (e.g. harvested from 术语和定义) to keep whole, besides their parts."""
        self._pending.update(t for t in terms if t)

    # -- text ---------------------------------------------------------------------------------

    def fold(self, text: str) -> str:
        """NFKC fold, traditional -> simplified, control characters to spaces (case kept)."""
        if self._cc is None:
            self._ready()
        return self._cc.convert(_CONTROL.sub(" ", unicodedata.normalize("NFKC", text)))

    def normalize(self, text: str) -> str:
        """`fold`, then lowercase: the form every token is made from."""
        return self.fold(text).lower()

    def to_simplified(self, text: str) -> str:
        if self._cc is None:
            self._ready()
        return self._cc.convert(text)

    def tokens(self, text: str | None) -> list[str]:
        """Index-time tokens of `text` (duplicates kept: they are term frequency)."""
        if not text:
            return []
        self._ready()
        found, rest = _split_numbers(self.fold(text))
        out = [token for parts in found for token in number_tokens(parts)]
        for chunk in rest:
            out.extend(self._search_cut(chunk.lower()))
        return out

    def _search_cut(self, text: str) -> list[str]:
        """jieba precise cut, plus every dictionary word inside a longer word (2..n-1 chars).

        jieba's own search mode only adds 2- and 3-character parts, so 温室气体 inside
        温室气体排放 would be lost.
        """
        jieba = self._jieba
        freq = jieba.FREQ
        out: list[str] = []
        for word in jieba.cut(text):
            word = word.strip()
            if not word or not _WORD.search(word):
                continue
            n = len(word)
            if n > 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                for size in range(2, n):
                    for i in range(n - size + 1):
                        sub = word[i:i + size]
                        if freq.get(sub):
                            out.append(sub)
            out.append(word)
        return out

    def query_tokens(self, query: str) -> tuple[list[str], list[str]]:
        """(number tokens, word tokens) of a query: unique, stopwords dropped."""
        self._ready()
        norm = self.fold(query)
        found, rest = _split_numbers(norm)
        numbers = [query_number_token(parts) for parts in found]
        if not numbers:
            whole = parse_number(norm.strip())
            if whole:
                numbers.append(query_number_token(whole))
                rest = []
        words: list[str] = []
        for chunk in rest:
            words.extend(t for t in self._search_cut(chunk.lower()) if t not in QUERY_STOPWORDS)
        return list(dict.fromkeys(numbers)), list(dict.fromkeys(words))

    def cut(self, text: str) -> list[str]:
        """Precise-mode words of normalised text (snippets use these to find what to mark)."""
        return [t for t in self._ready().cut(self.normalize(text)) if t.strip()]


def _split_numbers(text: str) -> tuple[list, list[str]]:
    """(the standard numbers in `text`, the pieces of text around them)."""
    found, rest, last = [], [], 0
    for m in _find_numbers(text):
        rest.append(text[last:m.start])
        found.append(m.parts)
        last = m.end
    rest.append(text[last:])
    return found, rest


_tools = None
_tools_lock = threading.Lock()


def _base_tools():
    """jieba with the carbon vocabulary, and OpenCC: loaded once per process (about a second).

    Analyzers share the dictionary; domain terms added by one are known to all, which only
    ever adds whole-word tokens beside the parts every analyzer emits anyway.
    """
    global _tools
    with _tools_lock:
        if _tools is None:
            import jieba
            import opencc

            jieba.setLogLevel(60)
            tok = jieba.Tokenizer()
            tok.initialize()
            for line in VOCAB_FILE.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    tok.add_word(line.strip(), freq=2000)
            _tools = (tok, opencc.OpenCC("t2s"))
        return _tools


_shared: Analyzer | None = None


def shared_analyzer() -> Analyzer:
    """The process-wide analyzer (jieba loads once)."""
    global _shared
    if _shared is None:
        _shared = Analyzer()
    return _shared
