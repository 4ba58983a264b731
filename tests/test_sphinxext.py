"""The build keys each chapter on exactly the data it loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bookkit import cache_keys, page_furniture, site_assets, site_url

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = 'x = load("civilian_casualties")\ny = load(\'displacement\')\n'


@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def test_inputs_are_the_loaded_files_sources_and_package(data_copy):
    names = {p.name for p in cache_keys.chapter_inputs(CHAPTER, data_copy)}
    assert {"civilian_casualties.csv", "displacement.csv", "sources.csv", "datapackage.json"} <= names
    assert "reconstruction_needs.csv" not in names
    assert {"data.py", "render.py"} <= names


def test_fingerprint_follows_used_data_only(data_copy):
    before = cache_keys.fingerprint(CHAPTER, data_copy)
    (data_copy / "reconstruction_needs.csv").write_text("changed")
    assert cache_keys.fingerprint(CHAPTER, data_copy) == before
    with (data_copy / "displacement.csv").open("a") as handle:
        handle.write("\n")
    assert cache_keys.fingerprint(CHAPTER, data_copy) != before


def test_unknown_dataset_in_a_chapter_stops_the_build(data_copy):
    with pytest.raises(Exception, match="unknown dataset"):
        cache_keys.chapter_inputs('load("nope")', data_copy)


@pytest.mark.parametrize(
    "repository, site",
    [
        ("https://github.com/explainer-desk/witkoff-putin-explainer", "https://explainer-desk.github.io/witkoff-putin-explainer/"),
        ("https://github.com/Explainer-Desk/Book.git/", "https://explainer-desk.github.io/Book/"),
        ("https://github.com/explainer-desk/explainer-desk.github.io", "https://explainer-desk.github.io/"),
    ],
)
def test_pages_url_is_derived_from_the_repository(repository, site):
    assert site_url.pages_url(repository) == site


def test_pages_url_refuses_other_hosts():
    with pytest.raises(Exception, match="cannot derive"):
        site_url.pages_url("https://gitlab.com/explainer-desk/book")


def test_ship_datasets_copies_every_resource_and_the_descriptor(data_copy, tmp_path):
    shipped = {p.name for p in site_assets.ship_datasets(data_copy, tmp_path / "site" / "data")}
    assert {"civilian_casualties.csv", "sources.csv", "claims.csv", "datapackage.json"} <= shipped
    assert (tmp_path / "site" / "data" / "claims.csv").read_bytes() == (data_copy / "claims.csv").read_bytes()


def test_reading_time_counts_prose_not_code():
    from docutils import nodes

    section = nodes.section("", nodes.title(text="A title"), nodes.paragraph(text="word " * 460))
    section += nodes.literal_block(text="code " * 1000)
    document = nodes.document(None, None)
    document += section
    assert page_furniture.prose_words(document) == 462
    assert page_furniture.reading_minutes(462) == 3
    assert page_furniture.reading_minutes(3) == 1
    assert "3 min read" in page_furniture.reading_time_html(462)


def test_citation_entries_become_list_items():
    context = {"body": '<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>'}
    page_furniture.fix_citation_roles(None, "chapters/references", "page.html", context, None)
    assert 'role="listitem"' in context["body"] and "doc-biblioentry" not in context["body"]
