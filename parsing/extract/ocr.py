"""OCR for PDF pages without a text layer (scans): pypdfium2 renders the page, Tesseract reads it.

Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-chi-sim`) is called through pytesseract.
Settings come from the environment, read on every call so a test or a server can change them:

    STDKB_OCR=0                 no OCR: an image-only PDF is refused as before
    STDKB_OCR_MAX_PAGES=200     more pages to OCR than this: the file is refused (a 500-page
                                scan must not hold an upload for half an hour)
    STDKB_OCR_DPI=200           render resolution; 200 read our samples' headings best (150
                                misses small text, 300 reads large CJK title glyphs as Latin junk)
    STDKB_OCR_TIMEOUT=60        seconds per page before Tesseract is stopped
"""

from __future__ import annotations

import functools
import os
import re
import shutil

OCR_LANG = "chi_sim+eng"
DEFAULT_MAX_PAGES = 200
DEFAULT_DPI = 200
DEFAULT_TIMEOUT = 60.0
MIN_LINE_CONFIDENCE = 50.0
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-chi-sim for OCR"

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
# Tesseract reads the GB dash "—" in "32150—2015" and the "——" of list items as "一" (one).
_DASH_IN_NUMBER = re.compile(r"(?<=\d)\s*一\s*(?=\d)")
_LIST_DASH = re.compile(r"^\s*一一\s*", re.MULTILINE)
_WORDISH = re.compile(rf"[0-9A-Za-z{_CJK}]")
# A 目次 line: Tesseract reads the dot leaders as "ee", ".pe", "cssesssecss..." or a wide gap.
_TOC_LINE = re.compile(
    rf"[{_CJK}].*?(?:\s+[.·…]*[ecosuvnmai.·…]{{2,}}[\s.]*|[{_CJK}]\s{{3,}})(?:[IVXl]{{1,4}}|\d{{1,3}})$"
)


class OcrError(Exception):
    """OCR cannot run here (off, or Tesseract or its Chinese data missing); the message says why."""


def ocr_enabled() -> bool:
    return os.environ.get("STDKB_OCR", "1").strip().lower() not in ("0", "false", "no", "off")


def max_pages() -> int:
    return _env_number("STDKB_OCR_MAX_PAGES", DEFAULT_MAX_PAGES, int)


def ocr_dpi() -> int:
    return _env_number("STDKB_OCR_DPI", DEFAULT_DPI, int)


def page_timeout() -> float:
    return _env_number("STDKB_OCR_TIMEOUT", DEFAULT_TIMEOUT, float)


def _env_number(name: str, default, kind):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        return default
    return value if value > 0 else default


@functools.cache
def tesseract_problem() -> str | None:
    """None when Tesseract with chi_sim and eng can run, else why not (for the error message)."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed"
    try:
        import pytesseract
    except ImportError:
        return "the pytesseract package is not installed"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as e:  # a broken install: say so rather than fail later on every page
        return f"tesseract does not run ({type(e).__name__}: {e})"
    missing = [lang for lang in OCR_LANG.split("+") if lang not in langs]
    if missing:
        return f"tesseract has no language data for {', '.join(missing)}"
    return None


def check_ocr() -> None:
    """Raise OcrError when OCR is turned off or cannot run on this machine."""
    if not ocr_enabled():
        raise OcrError("OCR is turned off: STDKB_OCR=0")
    problem = tesseract_problem()
    if problem:
        raise OcrError(f"{problem}; {INSTALL_HINT}")


def ocr_page(page, *, dpi: int | None = None, timeout: float | None = None) -> str:
    """The text of one pypdfium2 page read by Tesseract, cleaned (see `clean_ocr_text`).

    Raises RuntimeError("Tesseract process timeout") when the page takes longer than `timeout`.
    """
    import pytesseract

    dpi = dpi or ocr_dpi()
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    # Tesseract's OpenMP threads make it ~4x slower on 2 cores (5.9 against 1.4 s/page here).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=OCR_LANG, timeout=timeout or page_timeout(),
                                     output_type=pytesseract.Output.DICT)
    return clean_ocr_text(text_from_data(data))


def text_from_data(data: dict, min_line_conf: float = MIN_LINE_CONFIDENCE) -> str:
    """Lines of Tesseract's word table (image_to_data), a blank line between its blocks.

    A line whose mean word confidence is below `min_line_conf` is dropped: on our samples those
    are large title glyphs misread as Latin junk ("Tint 28 UAE BOK SAR", confidence 38), while
    real lines score 60-95. A wide gap between two words (a cover's "2024-03-15 发布 ... 实施")
    is kept as several spaces, as a text layer has it.
    """
    lines: dict[tuple[int, int, int], list[int]] = {}
    for k, word in enumerate(data["text"]):
        if word and word.strip():
            lines.setdefault((data["block_num"][k], data["par_num"][k], data["line_num"][k]), []).append(k)
    out: list[str] = []
    last_block = None
    for (block, _, _), ks in lines.items():
        confs = [float(data["conf"][k]) for k in ks]
        if sum(confs) / len(confs) < min_line_conf:
            continue
        if last_block is not None and block != last_block:
            out.append("")
        last_block = block
        parts = [data["text"][ks[0]]]
        for a, b in zip(ks, ks[1:], strict=False):
            gap = data["left"][b] - (data["left"][a] + data["width"][a])
            parts.append("    " if gap > 2 * max(data["height"][a], data["height"][b]) else " ")
            parts.append(data["text"][b])
        out.append("".join(parts))
    return "\n".join(out)


def clean_ocr_text(text: str) -> str:
    """Tesseract's text made to read like a text layer.

    Spaces between two CJK characters go (keep them between Latin words and numbers); a "一"
    between digits becomes the GB dash "—" (GB/T 32150—2015); "一一" opening a line becomes
    "——"; lines with no letter, digit or CJK (specks, rules) and 目次 entries are dropped.
    """
    text = text.replace("\f", "\n").replace("\r", "")
    lines = []
    for line in text.split("\n"):
        line = _CJK_GAP.sub("", line.rstrip())
        line = _DASH_IN_NUMBER.sub("—", line)
        if line.strip() and not _WORDISH.search(line):
            continue
        if _TOC_LINE.search(line):
            # An OCRed contents entry is unreliable (its misread labels would be taken for
            # clauses); the body's own headings carry the structure.
            continue
        lines.append(line)
    text = _LIST_DASH.sub("——", "\n".join(lines))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def has_words(text: str, least: int = 4) -> bool:
    """True when OCR found some text: a white or speckled page gives none or a stray letter."""
    return len(_WORDISH.findall(text)) >= least
