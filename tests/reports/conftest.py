"""A real encrypted profile for the report tests (the review tests' workspace and seed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.review.conftest import PASSPHRASE, workspace  # noqa: F401  (fixtures)

__all__ = ["PASSPHRASE", "pdf_text", "signature_png"]


def pdf_text(path: Path) -> str:
    """The text a reader copies out of ``path`` (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def signature_png() -> bytes:
    """A hand-drawn-looking stroke in black on white, as the signature pad saves it."""
    image = Image.new("RGB", (400, 140), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(20, 110), (80, 30), (140, 100), (210, 40), (300, 90), (380, 35)],
              fill="black", width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _poppler():
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed: ./dev setup")
