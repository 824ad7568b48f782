"""Regenerate the shipped sample standards from their sources in `src/`.

Each sample is shipped in ONE form so that search does not show it twice: the samples listed in
`TEXT_FORM` are copied to `text/`, the others are rendered to `pdf/` with the parsing engineer's
renderer (`corpus/tools/render_pdf.py`). `--check` regenerates nothing and exits 1 when a shipped
file is missing or its text copy differs from its source.

    python corpus/samples/render_all.py [--check]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SRC, TEXT_DIR, PDF_DIR = HERE / "src", HERE / "text", HERE / "pdf"

# Shipped as plain text; every other source in src/ is shipped as PDF.
TEXT_FORM = (
    "T-STDKB-001-2026-cement-ghg-accounting",
    "T-STDKB-003-2026-near-zero-carbon-park",
    "T-STDKB-005-2026-building-operation-carbon",
)


def targets() -> list[tuple[Path, Path]]:
    """(source, shipped file) for every sample source."""
    out = []
    for src in sorted(SRC.glob("*.txt")):
        if src.stem in TEXT_FORM:
            out.append((src, TEXT_DIR / src.name))
        else:
            out.append((src, PDF_DIR / f"{src.stem}.pdf"))
    return out


def check() -> list[str]:
    problems = []
    for src, shipped in targets():
        if not shipped.is_file():
            problems.append(f"{shipped}: missing (run render_all.py)")
        elif shipped.suffix == ".txt" and shipped.read_bytes() != src.read_bytes():
            problems.append(f"{shipped}: differs from {src} (run render_all.py)")
    for folder, suffix in ((TEXT_DIR, ".txt"), (PDF_DIR, ".pdf")):
        expected = {shipped.name for _, shipped in targets() if shipped.suffix == suffix}
        for stray in sorted(p.name for p in folder.glob(f"*{suffix}") if p.name not in expected):
            problems.append(f"{folder / stray}: no source in src/ (a sample would appear twice or stale)")
    return problems


def render() -> None:
    sys.path.insert(0, str(ROOT))
    from corpus.tools.render_pdf import render_standard_pdf

    TEXT_DIR.mkdir(exist_ok=True)
    PDF_DIR.mkdir(exist_ok=True)
    for src, shipped in targets():
        if shipped.suffix == ".txt":
            shutil.copyfile(src, shipped)
        else:
            render_standard_pdf(src.read_text(encoding="utf-8"), shipped)
        print(shipped.relative_to(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only verify the shipped files")
    args = ap.parse_args(argv)
    if not args.check:
        render()
    problems = check()
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
