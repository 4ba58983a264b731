"""The build keys each chapter on exactly the data it reads, the modules its kernel imports
and the libraries that shape its outputs."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path

import pytest

from bookkit import cache_keys, page_furniture, site_assets, site_url

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = 'import bookkit\nfrom bookkit import load\nx = load("civilian_casualties")\ny = load(\'displacement\')\n'
CATALOGUE = "from bookkit.catalogue import data_catalogue\ndata_catalogue()\n"


@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def test_inputs_are_the_loaded_files_sources_and_package(data_copy):
    names = {p.name for p in cache_keys.chapter_inputs(CHAPTER, data_copy)}
    assert {"civilian_casualties.csv", "displacement.csv", "sources.csv", "datapackage.json"} <= names
    assert "reconstruction_needs.csv" not in names
    assert {"__init__.py", "data.py", "render.py", "charts.py", "theme.py"} <= names


def test_build_only_modules_are_not_inputs(data_copy):
    ledger = "from bookkit.ledger import claims_in_article_order\n# the dated line (bookkit.dateline) ...\n"
    names = {p.name for p in cache_keys.chapter_inputs(CHAPTER + CATALOGUE + ledger, data_copy)}
    assert {"catalogue.py", "ledger.py"} <= names
    assert "dateline.py" not in {p.name for p in cache_keys.chapter_inputs(CHAPTER + "# bookkit.dateline\n", data_copy)}
    assert not names & {"sphinxext.py", "cache_keys.py", "execution.py", "bib.py", "repo.py", "data_gate.py", "site_assets.py"}


def test_a_chapter_reading_the_whole_package_depends_on_every_dataset_and_description(data_copy):
    assert len(cache_keys.chapter_inputs(CATALOGUE, data_copy)) > len(cache_keys.chapter_inputs(CHAPTER, data_copy))
    assert {p.name for p in cache_keys.chapter_inputs("name = 'claims'\nload(name)", data_copy)} >= {"claims.csv", "displacement.csv"}
    before = {text: cache_keys.fingerprint(text, data_copy) for text in (CHAPTER, CATALOGUE)}
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    next(r for r in package["resources"] if r["name"] == "reconstruction_needs")["description"] = "Edited."
    path.write_text(json.dumps(package), encoding="utf-8")
    assert cache_keys.fingerprint(CATALOGUE, data_copy) != before[CATALOGUE]
    assert cache_keys.fingerprint(CHAPTER, data_copy) == before[CHAPTER]


def test_a_library_upgrade_changes_every_fingerprint(data_copy, monkeypatch):
    before = cache_keys.fingerprint(CHAPTER, data_copy)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "vl-convert-python" else real(name))
    assert cache_keys.fingerprint(CHAPTER, data_copy) != before


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


class Stub:
    """Just the attributes of a Sphinx application a hook reads."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def test_web_only_text_is_dropped_outside_the_website():
    from docutils import nodes

    def caption():
        paragraph = nodes.paragraph("", "", nodes.Text("A caption. "), nodes.inline("", "Hover for values.", classes=["web-only"]))
        document = nodes.document(None, None)
        document += paragraph
        return document

    printed, online = caption(), caption()
    page_furniture.drop_web_only(Stub(builder=Stub(format="latex")), printed, "chapters/x")
    page_furniture.drop_web_only(Stub(builder=Stub(format="html")), online, "chapters/x")
    assert printed.astext() == "A caption. "
    assert online.astext() == "A caption. Hover for values."


def test_the_sitemap_lists_the_pages_an_incremental_build_did_not_write(monkeypatch):
    import sphinx_sitemap

    listed = []
    monkeypatch.setattr(sphinx_sitemap, "add_html_link", lambda app, docname, *rest: listed.append(docname))
    env = Stub(found_docs={"a", "b", "c"}, bookkit_pages_written={"b"})
    app = Stub(builder=Stub(format="html"), extensions={"sphinx_sitemap": None}, env=env)
    site_url.complete_sitemap(app, None)
    assert listed == ["a", "c"]
    listed.clear()
    site_url.complete_sitemap(app, RuntimeError("the build failed"))
    assert listed == []


def test_the_ledger_is_keyed_on_which_chapters_cite_each_claim(data_copy):
    chapters = shutil.copytree(ROOT / "chapters", data_copy.parent / "chapters")
    ledger = (chapters / "claims-ledger.md").read_text(encoding="utf-8")
    before = cache_keys.fingerprint(ledger, data_copy)
    page = chapters / "introduction.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA prose edit.\n", encoding="utf-8")
    assert cache_keys.fingerprint(ledger, data_copy) == before
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {ref}`the ledger <claim-third-devastating-year>`.\n", encoding="utf-8")
    assert cache_keys.fingerprint(ledger, data_copy) != before
