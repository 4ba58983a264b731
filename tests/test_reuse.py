"""Reuse: the licences are stated where a reader looks, the book can be cited (text and BibTeX,
from CITATION.cff), the whole data package downloads as one archive, each chapter's executed
notebook downloads with its charts, and saving a chapter through jupytext changes nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pybtex.database
import pytest
import yaml
from jupytext.config import load_jupytext_config

from bookkit import citation, data_archive, render
from bookkit.site_url import pages_url
from conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
NOTEBOOKS = [p for p in CHAPTERS if "kernelspec:" in p.read_text(encoding="utf-8")[:600]]


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda p: p.stem)
def test_saving_a_chapter_through_jupytext_leaves_it_byte_identical(chapter):
    """What JupyterLab's save does (jupytext's contents manager, with jupytext.toml's filter)."""
    config = load_jupytext_config(str(chapter))
    assert config is not None, "jupytext.toml not found from the chapters"
    notebook = jupytext.read(chapter)
    # The kernel JupyterLab starts writes its own spec into the notebook before a save.
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    text = jupytext.writes(notebook, fmt=config.default_formats(str(chapter)) or "md:myst", config=config)
    assert text == chapter.read_text(encoding="utf-8")


def test_citation_file_matches_the_site_and_prints_as_text_and_bibtex():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    site = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["url"] == cff["preferred-citation"]["url"] == pages_url(site["repository"]["url"])
    assert cff["title"] == site["title"] == cff["preferred-citation"]["title"]
    entry = citation.citation(ROOT)
    assert entry["title"] in citation.text(entry) and "CC BY 4.0" in citation.text(entry)
    parsed = pybtex.database.parse_string(citation.bibtex(entry), "bibtex")
    (fields,) = [e.fields for e in parsed.entries.values()]
    assert fields["title"] == entry["title"] and fields["year"] == str(entry["year"]) and fields["url"] == entry["url"]


def test_licences_are_stated():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in package["licenses"]] == ["CC-BY-4.0"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT licence" in readme and "CC BY 4.0" in readme


def test_data_archive_holds_the_package_and_is_reproducible(tmp_path):
    from frictionless import Package

    first = data_archive.write_archive(ROOT / "data", tmp_path / "a")
    second = data_archive.write_archive(ROOT / "data", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        archive.extractall(tmp_path / "unzipped")
    (folder,) = (tmp_path / "unzipped").iterdir()
    assert Package(str(folder / "datapackage.json")).validate().valid


def test_site_offers_citation_archive_licence_and_executed_notebooks(built_html):
    appendix = (built_html / "chapters" / "data-and-sources.html").read_text(encoding="utf-8")
    assert "Cite this book" in appendix and 'class="highlight-bibtex' in appendix
    assert citation.bibtex(citation.citation(ROOT)).split("{")[1].split(",")[0] in appendix  # the BibTeX key
    archive = data_archive.archive_name(json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8")))
    assert f'href="../data/{archive}"' in appendix
    assert (built_html / "data" / archive).is_file()
    charts = 0
    for chapter in NOTEBOOKS:
        page = (built_html / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        assert "CC BY 4.0" in page, f"{chapter.stem}: no licence in the footer"
        assert f"_sources/chapters/{chapter.stem}.ipynb" in page, f"{chapter.stem}: no executed notebook offered"
        notebook = nbformat.read(built_html / "_sources" / "chapters" / f"{chapter.stem}.ipynb", as_version=4)
        outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
        shown = [out for out in outputs if render.VEGA_MIME in out.get("data", {})]
        glued = [out for out in outputs if f"application/papermill.record/{render.VEGALITE_MIME}" in out.get("data", {})]
        assert len(shown) == len(glued), f"{chapter.stem}: a figure's chart is missing from the download"
        charts += len(shown)
        assert all("image/png" in out["data"] for out in shown)
    # As many charts as the site draws: the downloads are not empty notebooks that agree trivially.
    assert charts == site_charts(built_html) > 0


def site_charts(built_html: Path) -> int:
    """The charts the site's chapter pages draw."""
    return sum(page.read_text(encoding="utf-8").count('<div class="bookkit-chart"') for page in (built_html / "chapters").glob("*.html"))
