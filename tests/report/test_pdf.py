"""The PDFs: A4, numbered pages, and pages that are not blank (rendered with pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="pdftoppm missing: apt-get install -y poppler-utils")


def pdfs(built):
    found = [p for p in built.written if p.suffix == ".pdf"]
    assert {p.name for p in found} == {"annual-report-2025.pdf", "committee-report-2025.pdf"}
    return found


def test_pages_are_a4_and_numbered(built):
    for pdf in pdfs(built):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 2, pdf.name
        assert "(A4)" in info, info
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_every_page_renders_and_is_not_blank(built, tmp_path):
    for pdf in pdfs(built):
        prefix = tmp_path / pdf.stem
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(prefix)], check=True)
        pngs = sorted(tmp_path.glob(pdf.stem + "-*.png"))
        assert len(pngs) >= 2
        for png in pngs:
            grey = Image.open(png).convert("L")
            inked = sum(1 for v in grey.getdata() if v < 200)
            assert inked / (grey.width * grey.height) > 0.002, f"{png.name} is blank"
