"""Bytes of a text file to str: UTF-8 (with or without BOM), UTF-16, GB18030 or Big5.

Chinese files come in all three; Big5 bytes often also decode as GB18030 (into rare
characters), so the candidates are scored by how common their CJK characters are.
"""

from __future__ import annotations

import codecs

# Very frequent characters in Chinese standards and policies, in both scripts. A right
# decoding is full of them; a wrong one (Big5 read as GB18030 or the reverse) has almost none.
_COMMON = set(
    "的一是在不了有和人中大为上个国以要时来用们生到作地于出分对成会可主发年动同工也能下过子产种面而方后多定"
    "行法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开合还因"
    "由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
    "流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处府研标准规范术语定义"
    "碳排放核算报告要求能源温室企业"
    "為個國來們時對會發動過產種麵後多經實加兩體製機當點從業應開還與關線內數問車書長頭資邊區強決戰則據處標準規範術語義"
)


def decode_text(data: bytes, *, strict: bool = True) -> str | None:
    """The text in `data`; None (or, with strict, a ParseError) when it is not text."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    if b"\x00" in data[:4096]:
        return _fail(strict, "binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), enc, text))
    if not candidates:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return _fail(strict, "not text in any encoding tried (UTF-8, GB18030, Big5)")
        return str(best)
    return max(candidates)[2]


def _score(text: str) -> float:
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def _fail(strict: bool, reason: str) -> None:
    if strict:
        from parsing.errors import ParseError

        raise ParseError(reason)
    return None
