"""Traditional and Simplified Chinese: the original text is stored, a simplified form is searched.

OpenCC's t2s converter is built once; conversion is per line so line structure is kept.
"""

from __future__ import annotations

from functools import lru_cache

# Characters that exist only in Traditional script and are common in standards and policies.
_TRADITIONAL_ONLY = set("國試實為與關於發條範圍標準規應計劃們個會這時產過動術語義體業據數報門環節氣電煉導圖團區縣廳鄉價")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str, *, force: bool = False) -> str:
    """`text` in Simplified script (unchanged when it already is; `force` skips that check,
    for short pieces of a document known to be Traditional)."""
    if not text or not (force or is_traditional(text)):
        return text
    return _t2s().convert(text)


def is_traditional(text: str, sample: int = 20000) -> bool:
    """True when the text uses Traditional-only characters (looks at the first `sample` chars)."""
    head = text[:sample]
    return sum(ch in _TRADITIONAL_ONLY for ch in head) >= 3


def simplify_lines(lines: list[str]) -> list[str]:
    """Line-by-line simplified copy; same number of lines as the input."""
    if not is_traditional("\n".join(lines[:2000])):
        return list(lines)
    conv = _t2s()
    return [conv.convert(line) if line else line for line in lines]
