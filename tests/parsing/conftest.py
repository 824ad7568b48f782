"""Fixtures for parsing tests: real PDFs rendered with corpus/tools/render_pdf.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "parsing"
SEEDS = REPO.parent / "shared" / "seeds"


def _renderer():
    spec = importlib.util.spec_from_file_location("render_pdf", REPO / "corpus" / "tools" / "render_pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_pdf"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


render_pdf = _renderer()


@pytest.fixture(scope="session")
def sample_text() -> str:
    return (FIXTURES / "eval" / "gbt-32151-99.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory, sample_text) -> Path:
    return render_pdf.render_standard_pdf(sample_text, tmp_path_factory.mktemp("pdf") / "sample.pdf")


@pytest.fixture(scope="session")
def parsed_sample(sample_pdf):
    from parsing import parse_file

    return parse_file(sample_pdf)
