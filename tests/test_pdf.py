"""The PDF edition: builds, holds every chapter and every chart as an image, nothing runs off
the page, and ships inside the site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import HTML, PDF, ROOT, make

pytestmark = pytest.mark.pdf
OVERFULL_LIMIT_PT = 15  # a box this much too wide is visible as text running into the margin


@pytest.fixture(scope="session")
def built_pdf(built_html) -> Path:
    make("pdf")
    return PDF


def chapter_titles() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    titles = []
    for name in re.findall(r"file: (chapters/[\w-]+)", toc):
        heading = re.search(r"^# (.+)$", (ROOT / f"{name}.md").read_text(encoding="utf-8"), re.M)
        titles.append(heading.group(1))
    return titles


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text).lower()


def test_page_count_is_sane(built_pdf):
    pages = len(PdfReader(built_pdf).pages)
    assert 20 <= pages <= 400, pages


def test_every_chapter_title_is_in_the_pdf(built_pdf):
    text = pdf_text(built_pdf)
    for title in chapter_titles():
        words = re.sub(r"[^\w\s]", " ", title.lower()).split()
        # Titles are set in capitals and may break across lines; look for their words in order.
        assert re.search(r"\W+".join(map(re.escape, words)), re.sub(r"[^\w\s]", " ", text)), title


def test_every_chart_is_an_image(built_pdf, pages):
    charts = sum(page.read_text(encoding="utf-8").count('class="bookkit-chart"') for page in pages)
    images = sum(len(page.images) for page in PdfReader(built_pdf).pages)
    assert charts > 0
    assert images >= charts, f"{images} images in the PDF for {charts} charts on the site"


def test_no_web_leftovers(built_pdf):
    text = pdf_text(built_pdf)
    # "min read" and "data behind this chart" are web-only reading aids (raw HTML in the page).
    # "documents behind these data" heads each chapter's folded source list: the references chapter
    # lists them once in print.
    for leftover in ("alt.chart(", "vconcatchart(", "loading", '"$schema"', "traceback", "bookkit.use()", "min read",
                     "data behind this chart", "documents behind these data"):
        assert leftover not in text, leftover


def test_nothing_runs_off_the_page(built_pdf):
    log = (built_pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert not [w for w in widths if w > OVERFULL_LIMIT_PT], sorted(widths)[-5:]


def test_pdf_ships_with_the_site(built_pdf):
    shipped = HTML / "book.pdf"
    assert shipped.read_bytes() == built_pdf.read_bytes()
    about = (HTML / "chapters" / "about.html").read_text(encoding="utf-8")
    assert 'href="../book.pdf"' in about


def test_the_maps_are_printed(built_pdf):
    """Each map's caption is in the PDF, on a page that holds an image (bookkit.maps, #14)."""
    captions = {"fig-envoy-contacts": "cities that hosted them", "fig-clock-map": "the withdrawals on a map"}
    reader = PdfReader(built_pdf)
    text = subprocess.run(["pdftotext", str(built_pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s+", " ", page).lower() for page in text.split("\f")]  # pdftotext ends a page with \f
    for name, words in captions.items():
        found = [number for number, page in enumerate(pages) if words in page]
        assert found, f"{name}: its caption is not in the PDF"
        assert any(reader.pages[number].images for number in found), f"{name}: no image on the page of its caption"
