"""Site search with Pagefind, indexed after Sphinx has written the site.

Sphinx's own index ranks whole pages by word counts over everything on them, hidden code
included, and the theme loads it (with its search scripts) on every page. Pagefind indexes the
written pages, returns sections (one sub-result per heading) with the matching sentence marked,
and weighs headings above body text; its index is fetched in small pieces, only on the search
page. Measured on this book, it puts the chapter that treats a subject first where Sphinx's
index put it last or nearly (tests/test_search.py holds the queries; README, "Search").

* Only the article is indexed (``data-pagefind-body`` around each content page's body): not the
  header, sidebars or footer. Inside it, ``EXCLUDE`` drops what a reader does not read as prose.
* A chapter's title weighs more than any section heading (``TITLE_WEIGHT``), and each section
  with a heading is its own sub-result, linked to its anchor.
* ``search.html`` (the theme's search box and its Ctrl+K dialog submit to it) shows Pagefind's
  results; ``search.html?q=WORD`` opens the results for WORD, as before.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .assets import add_templates

BUNDLE_DIR = "pagefind"
# Pagefind's own heading weights run from 7 (h1) to 2 (h6), and a page whose title (its h1)
# holds the query is boosted; a chapter's title names its subject, so it weighs most.
TITLE_WEIGHT = 10
# Inside the article, what is not prose: code cells' source and their show/hide toggles, the
# charts' drawing area (their spec and menu) and data links, the permalink marks after headings,
# the reading time, and each chapter's folded list of source documents and its source notes (the
# references page holds them all, and their titles would make every chapter match every
# organisation's name).
EXCLUDE = (
    ".cell_input",
    ".cell details > summary",
    ".bookkit-chart-view",
    ".bookkit-chart-evidence",
    ".headerlink",
    ".bookkit-reading-time",
    ".bookkit-source-list",
    "aside.footnote-list",
    "script",
    "style",
)
NOT_INDEXED = {"search", "genindex"}
# The chapters of the story are the first part of _toc.yml; the front page (the book's title,
# a summary of everything) and the appendices (glossary, references, data lists) weigh less, so
# a chapter that treats a subject comes before the pages that list or define it.
REFERENCE_WEIGHT = 0.5
# A chapter's "In brief" box states what it finds: it weighs more than the body.
IN_BRIEF = re.compile(r'(<div class="[^"]*\bbookkit-in-brief\b[^"]*")')
IN_BRIEF_WEIGHT = 3
FIRST_H1 = re.compile(r"<h1\b")
# Sphinx puts a section's id on <section>; Pagefind makes a sub-result only of a heading that
# carries an id itself (Pagefind issue #818). Moving it keeps every #link landing in place.
SECTION_ID = re.compile(r'<section id="([^"]+)">(\s*)<(h[1-6])\b')
# A chart is drawn in the browser, so its words are not in the page Pagefind reads: its text
# description (what a screen reader says) is indexed from an attribute, as an image's alt would be.
CHART = re.compile(r'<div class="bookkit-chart"(?P<rest>[^>]*>.*?class="bookkit-chart-spec">(?P<spec>.*?)</script>)', re.S)


def story_chapters(app: Sphinx) -> set[str]:
    site_map = getattr(app.env, "external_site_map", None) or app.config.external_site_map
    return {str(item) for item in site_map.root.subtrees[0].items} if site_map.root.subtrees else set()


def with_chart_text(match: re.Match) -> str:
    description = json.loads(match["spec"]).get("description", "")
    return (
        f'<div class="bookkit-chart" data-pagefind-index-attrs="data-description" '
        f'data-description="{html.escape(description)}"{match["rest"]}'
    )


def mark_searchable(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Tell Pagefind which part of the page is the article, and how much its parts weigh."""
    body = context.get("body")
    if not body or pagename in NOT_INDEXED:
        return
    body = SECTION_ID.sub(r'<section>\2<\3 id="\1"', body)
    body = CHART.sub(with_chart_text, body)
    if pagename in story_chapters(app):
        body = FIRST_H1.sub(f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', body, count=1)
        body = IN_BRIEF.sub(rf'\1 data-pagefind-weight="{IN_BRIEF_WEIGHT}"', body)
        context["body"] = f"<div data-pagefind-body>{body}</div>"
    else:
        context["body"] = f'<div data-pagefind-body data-pagefind-weight="{REFERENCE_WEIGHT}">{body}</div>'


def pagefind_command(site: Path) -> list[str]:
    from pagefind_bin import get_executable

    # Every page of the book is under chapters/ (the root index.html only redirects).
    command = [str(get_executable()), "--site", str(site), "--glob", "chapters/*.html", "--output-subdir", BUNDLE_DIR, "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    return command


def index_site(app: Sphinx, exception) -> None:
    """Index every page of the written site (a rebuild re-indexes it all: a few tenths of a
    second, and no page's results can go stale)."""
    if exception or app.builder.format != "html":
        return
    result = subprocess.run(pagefind_command(Path(app.outdir)), capture_output=True, text=True)
    if result.returncode != 0:
        raise ExtensionError(f"bookkit: Pagefind failed to index the site:\n{result.stdout}\n{result.stderr}")


def no_sphinx_index(app: Sphinx) -> None:
    """Sphinx's own index (``searchindex.js``, built from every page on every build) is read by
    nothing here: with the builder's search off it is neither built nor written, and the search
    page, which Sphinx then leaves out, is written from our template like any extra page."""
    if getattr(app.builder, "search", False) and app.builder.format == "html":
        app.builder.search = False
        app.config.html_additional_pages.setdefault("search", "search.html")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", no_sphinx_index)
    app.connect("html-page-context", mark_searchable)
    app.connect("build-finished", index_site)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
