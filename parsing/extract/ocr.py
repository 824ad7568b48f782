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

import contextlib
import functools
import os
import re
import shutil

OCR_LANG = "chi_sim+eng"
DEFAULT_MAX_PAGES = 200
DEFAULT_DPI = 200
DEFAULT_TIMEOUT = 60.0
MIN_LINE_CONFIDENCE = 50.0  # real lines score 60-95 on our samples, junk from specks 10-40
REREAD_BELOW = 70.0
WORD_GAP = 0.2  # a gap wider than this share of the line height is a space
MAX_REREADS_PER_PAGE = 20  # bounds the extra Tesseract runs on a bad page
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-chi-sim for OCR"

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_IS_CJK = re.compile(rf"[{_CJK}]")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
# Tesseract reads the GB dash "—" in "32150—2015" and the "——" of list items as "一" (one).
_DASH_IN_NUMBER = re.compile(r"(?<=\d)\s*一\s*(?=\d)")
_LIST_DASH = re.compile(r"^\s*一一\s*", re.MULTILINE)
_DASH_AFTER_WORD = re.compile(r"(?<=[A-Za-z])\s*一$")  # "reporting—" wrapped: the dash ends the line
_CJK_COLON = re.compile(rf"(?<=[{_CJK}])\s*:\s*(?=[{_CJK}])")  # 第99部分：示例 read as "部分 : 示例"
# A clause heading as Tesseract may read it: "4.1 一般要求", "41 一般要求", "AI 实测方法".
_HEADING = re.compile(rf"^[0-9A-Z][0-9A-Za-z.]{{0,7}}\s*[{_CJK}]")
# An annex's kind, GB style "附录A（资料性）", read with any bracket: 《资料性) 〈规范性)
_ANNEX_KIND = re.compile(r"[《〈<(（]\s*(规范性|资料性)\s*[)）》〉>]")
_WORDISH = re.compile(rf"[0-9A-Za-z{_CJK}]")
# A 目次 line: Tesseract reads the dot leaders as "ee", ".pe", "cssesssecss..." or a wide gap.
_TOC_LINE = re.compile(
    rf"[{_CJK}].*?(?:\s*[.·…]{{2,}}[a-z.·…]*\s*|(?:\s+|\.)[ecosuvnmaiptr]{{2,}}[.·…]*\s*|[{_CJK}]\s{{3,}})"
    r"(?:[IVXl]{1,4}|\d{1,3})$"
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
    dpi = dpi or ocr_dpi()
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return clean_ocr_text(read_image(image, timeout=timeout or page_timeout()))


@contextlib.contextmanager
def _one_thread():
    """Tesseract's OpenMP threads make it ~4x slower on 2 cores (5.9 against 1.4 s/page here).
    The limit is set only while Tesseract starts (it inherits the environment), so that a
    library loaded later in this process (torch, for the embedder) keeps its threads."""
    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["OMP_THREAD_LIMIT"]
        else:
            os.environ["OMP_THREAD_LIMIT"] = old


def read_image(image, *, timeout: float) -> str:
    """Tesseract's lines of `image`, a blank line between its blocks; weak lines read again.

    A line Tesseract is unsure of (mean word confidence under REREAD_BELOW, or one word under
    30) is cut out and read again as a single line at 1, 3/4 and 1/2 size; the most confident
    reading wins. Large title glyphs (22 pt at 200 dpi) come out as Latin junk at full size
    ("Tint 28 UAE BOK SAR", confidence 38) and right at half size (温室气体排放核算与报告要求,
    85); spaced headings (引　言) and first characters of indented lines come back the same way.
    A line still under MIN_LINE_CONFIDENCE is dropped.
    """
    import pytesseract

    with _one_thread():
        data = pytesseract.image_to_data(image, lang=OCR_LANG, timeout=timeout, output_type=pytesseract.Output.DICT)
    out: list[str] = []
    last_block = None
    lines = _lines(data)
    toc = sum(1 for ks in lines.values() if _TOC_LINE.search(_CJK_GAP.sub("", _join(data, ks))))
    # On a 目次 page nothing is read again: its entries, shorn of their leaders, would pass
    # for headings (see clean_ocr_text).
    rereads = MAX_REREADS_PER_PAGE if toc >= 3 else 0
    for (block, _, _), ks in lines.items():
        words = [data["text"][k] for k in ks]
        confs = [float(data["conf"][k]) for k in ks]
        text, conf = _join(data, ks), sum(confs) / len(confs)
        if _TOC_LINE.search(_CJK_GAP.sub("", text)):
            continue
        heading = bool(_HEADING.match(text)) and len(text) <= 30
        if (conf < REREAD_BELOW or min(confs) < 30 or heading) and rereads < MAX_REREADS_PER_PAGE:
            rereads += 1
            box = (min(data["left"][k] for k in ks), min(data["top"][k] for k in ks),
                   max(data["left"][k] + data["width"][k] for k in ks),
                   max(data["top"][k] + data["height"][k] for k in ks))
            # A clause number's dot (4.1, A.1) is 3 pixels at 200 dpi: headings are read again
            # enlarged, where it survives; weak lines reduced (large title glyphs).
            if heading:  # a heading's last words are sometimes left out of its line: look further right
                box = (box[0], box[1], min(image.width, box[2] + 10 * (box[3] - box[1])), box[3])
            better = _reread(image, box, timeout, (1.5, 2.0) if heading and conf >= REREAD_BELOW else (1.0, 0.75, 0.5))
            if better and better[1] > conf:
                text, conf = better
        if conf < MIN_LINE_CONFIDENCE or not words:
            continue
        if last_block is not None and block != last_block:
            out.append("")
        last_block = block
        out.append(text)
    return "\n".join(out)


def _lines(data: dict) -> dict[tuple[int, int, int], list[int]]:
    lines: dict[tuple[int, int, int], list[int]] = {}
    for k, word in enumerate(data["text"]):
        if word and word.strip():
            lines.setdefault((data["block_num"][k], data["par_num"][k], data["line_num"][k]), []).append(k)
    return lines


def _join(data: dict, ks: list[int]) -> str:
    """Words of one line; a wide gap (a cover's "2024-03-15 发布 ... 实施") stays wide, as a text
    layer has it."""
    parts = [data["text"][ks[0]]]
    for a, b in zip(ks, ks[1:], strict=False):
        gap = data["left"][b] - (data["left"][a] + data["width"][a])
        height = max(data["height"][a], data["height"][b])
        # Tesseract cuts CJK text into "words" with no gap between them (第 99 部分): a space
        # only where the page has one.
        before, after = parts[-1][-1], data["text"][b][0]
        left, right = bool(_IS_CJK.match(before)), bool(_IS_CJK.match(after))
        if gap > 2 * height:
            parts.append("    ")
        elif left and right:
            pass
        elif left == right or (before + after).isalpha() or gap > WORD_GAP * height:
            # between Latin words, and between CJK and a Latin word (温室气体 greenhouse gas);
            # next to a digit or a sign only where the page has a gap (第99部分, 5.2 核算边界)
            parts.append(" ")
        parts.append(data["text"][b])
    return "".join(parts)


def _reread(image, box: tuple[int, int, int, int], timeout: float,
            factors: tuple[float, ...] = (1.0, 0.75, 0.5)) -> tuple[str, float] | None:
    """The most confident single-line reading of `box` at each size in `factors`, or None."""
    import pytesseract
    from PIL import Image

    x0, y0, x1, y1 = box
    pad = max(8, (y1 - y0) // 3)
    crop = image.crop((max(0, x0 - pad), max(0, y0 - pad), min(image.width, x1 + pad), min(image.height, y1 + pad)))
    best = None
    for factor in factors:
        part = crop if factor == 1.0 else crop.resize(
            (max(1, int(crop.width * factor)), max(1, int(crop.height * factor))), Image.LANCZOS)
        try:
            with _one_thread():
                data = pytesseract.image_to_data(part, lang=OCR_LANG, config="--psm 7", timeout=min(timeout, 10),
                                                 output_type=pytesseract.Output.DICT)
        except RuntimeError:  # a timeout on one size: keep what the others found
            continue
        ks = [k for k, w in enumerate(data["text"]) if w and w.strip()]
        if not ks:
            continue
        conf = sum(float(data["conf"][k]) for k in ks) / len(ks)
        if best is None or conf > best[1]:
            best = (_join(data, ks), conf)
    return best


def clean_ocr_text(text: str) -> str:
    """Tesseract's text made to read like a text layer.

    Spaces between two CJK characters go (keep them between Latin words and numbers); a "一"
    between digits or ending a line after a word becomes the GB dash "—" (GB/T 32150—2015); "一一"
    opening a line becomes "——"; " : " between CJK becomes "："; an annex's kind gets its GB brackets （资料性）; lines with no letter, digit or CJK (specks, rules) and 目次 entries are dropped.
    """
    text = text.replace("\f", "\n").replace("\r", "")
    lines = []
    for line in text.split("\n"):
        line = _CJK_GAP.sub("", line.rstrip())
        line = _DASH_IN_NUMBER.sub("—", line)
        line = _CJK_COLON.sub("：", _DASH_AFTER_WORD.sub("—", line))
        line = _ANNEX_KIND.sub(r"（\1）", line)
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
