"""Fixtures shared by every test: a real SQLite store in a temporary folder, real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "stdkb.db"


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as s:
        yield s


def write_pdf(path: Path, pages: list[str], *, encrypt: str | None = None, shapes_only: bool = False) -> Path:
    """A real PDF with one page per string (CJK text in reportlab's built-in STSong-Light).

    `shapes_only` draws boxes and no text at all: a PDF with no text layer, as a scan is.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for page in pages:
        if shapes_only:
            for i in range(8):
                c.rect(60 + i * 20, 700 - i * 40, 300, 20, fill=1)
        else:
            c.setFont("STSong-Light", 11)
            y = 800
            for line in page.splitlines():
                c.drawString(60, y, line)
                y -= 18
        c.showPage()
    c.save()
    return path
