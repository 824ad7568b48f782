"""Bad input: a clear ParseError with the reason, or a record-only document with warnings."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsing import ParseError, parse_bytes, parse_file
from tests.conftest import write_pdf


def _garbled_pdf(path, pages: int = 2):
    """Text drawn through a font whose encoding does not match: GBK bytes shown as Latin-1,
    as a PDF with a broken font encoding extracts."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    junk = "温室气体排放核算与报告要求第一部分发电企业核算边界".encode("gbk").decode("latin-1")
    for _ in range(pages):
        c.setFont("Helvetica", 11)
        for k in range(10):
            c.drawString(60, 780 - 20 * k, junk)
        c.showPage()
    c.save()
    return path


def test_garbled_pdf_is_refused_with_reason(tmp_path):
    with pytest.raises(ParseError, match=r"^garbled PDF: .*2 of its 2 pages.*wrong font encoding"):
        parse_file(_garbled_pdf(tmp_path / "garbled.pdf"))


def test_image_only_pdf(tmp_path, monkeypatch):
    """With OCR off (STDKB_OCR=0) a scan is refused as before; OCR itself: test_ocr.py."""
    monkeypatch.setenv("STDKB_OCR", "0")
    pdf = write_pdf(tmp_path / "scan.pdf", ["", "", ""], shapes_only=True)
    with pytest.raises(ParseError) as e:
        parse_file(pdf)
    assert str(e.value) == "image-only PDF: no text layer on any of its 3 pages (OCR is turned off: STDKB_OCR=0)"


def test_drawing_only_pdf_gives_no_ocr_text(tmp_path):
    """Boxes and no text: OCR (when installed) finds nothing, and the refusal says so."""
    from parsing.extract.ocr import tesseract_problem

    pdf = write_pdf(tmp_path / "scan.pdf", ["", "", ""], shapes_only=True)
    with pytest.raises(ParseError) as e:
        parse_file(pdf)
    reason = "OCR found no text on them" if tesseract_problem() is None else "install tesseract-ocr"
    assert str(e.value).startswith("image-only PDF: no text layer on any of its 3 pages (")
    assert reason in str(e.value)


def test_one_image_only_page_is_reported(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in (1, 2, 3):
        if page == 2:
            c.rect(100, 100, 300, 500, fill=1)  # a scanned page: no text
        else:
            c.setFont("STSong-Light", 11)
            c.drawString(60, 780, f"1 范围 第{page}页正文" if page == 1 else "2 规范性引用文件")
        c.showPage()
    c.save()
    doc = parse_file(path)
    assert doc.pages == 3
    assert any("no text layer" in w and "page(s) 2" in w for w in doc.warnings)


def test_encrypted_pdf(tmp_path):
    pdf = write_pdf(tmp_path / "locked.pdf", ["1 范围"], encrypt="secret")
    with pytest.raises(ParseError, match="^encrypted PDF: a password is needed to read it$"):
        parse_file(pdf)


def test_corrupt_pdf(tmp_path, sample_pdf):
    data = sample_pdf.read_bytes()
    with pytest.raises(ParseError, match="^corrupt PDF"):
        parse_bytes(data[:300], "cut.pdf")


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ParseError, match="^empty file$"):
        parse_file(tmp_path / "empty.txt")
    with pytest.raises(ParseError, match="^empty file$"):
        parse_bytes(b"  \n\n ", "blank.pdf")


def test_unknown_type_names_what_it_looks_like():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.bin", b"\x00\x01")
    with pytest.raises(ParseError, match=r"^unknown file type \(content looks like: ZIP archive\)$"):
        parse_bytes(buf.getvalue(), "standard.pdf")  # the name lies; the content decides
    with pytest.raises(ParseError, match=r"PNG image"):
        parse_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png")


def test_not_a_standard_is_record_only():
    text = "会议通知\n定于下周三下午召开项目例会，请各位准时参加。\n会议室：三楼东侧。\n"
    doc = parse_bytes(text.encode("utf-8"), "memo.txt")
    assert doc.kind == "record-only"
    assert doc.record.number is None and doc.clauses == []
    assert any("not a standard" in w for w in doc.warnings)


def test_pdf_named_txt_is_read_as_pdf(sample_pdf):
    doc = parse_bytes(sample_pdf.read_bytes(), "misnamed.txt")
    assert doc.media_type == "application/pdf"
    assert doc.record.number == "GB/T 32151.99-2024"
