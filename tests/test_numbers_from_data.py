"""Numbers come from the data: no chapter types a figure the data hold, and a data update
reaches every page that showed the old figure."""

from __future__ import annotations

import csv
import re

import pytest

import numbers_lint as lint
from bookkit.claim_figures import killed_end_2024
from conftest import ROOT
from test_cache import SHOW_THE_LATEST_TOLL, book_copy, build, latest_killed_row  # noqa: F401  (book_copy is a fixture)

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
VALUES = lint.data_values(ROOT / "data")
ARTICLE = lint.article_figures(ROOT / "data")


def findings(where: str) -> list[str]:
    return [str(f) for page in CHAPTERS for f in lint.lint(page, VALUES, ARTICLE) if f.where == where]


def test_no_prose_restates_a_data_value():
    assert findings("prose") == []


def test_no_chart_title_or_description_restates_a_data_value():
    assert findings("chart text") == []


def test_no_ledger_text_restates_a_data_value():
    assert [str(f) for f in lint.lint_claims(ROOT / "data" / "claims.csv", VALUES, ARTICLE)] == []


def test_the_lint_reads_the_ledgers_words_but_not_its_computed_figures(tmp_path):
    """A typed figure in a claim's reason is found, with its line; the same figure named as
    ``{killed_end_2024}`` (computed by bookkit.claim_figures) is not."""
    source = (ROOT / "data" / "claims.csv").read_text(encoding="utf-8")
    computed = "{killed_end_2024} by 31 Dec 2024"
    assert computed in source
    copy = tmp_path / "claims.csv"
    typed = killed_end_2024()
    copy.write_text(source.replace(computed, f"{typed} by 31 Dec 2024"), encoding="utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), start=1) if computed in text)
    found = lint.lint_claims(copy, VALUES, ARTICLE)
    assert [(f.page, f.where, f.figure) for f in found] == [(f"claims.csv, line {line}", "ledger text, column sources_say", typed)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The toll reached about 15,000 at the end of 2025.",  # rounded from 14,999
        "Europe had allocated €138bn by then.",
        "Needs stood at $588 billion.",
        "Refugees numbered about 6.4 million in Europe.",
    ],
)
def test_the_lint_finds_a_typed_figure(tmp_path, sentence):
    page = tmp_path / "page.md"
    page.write_text(f"# A page\n\nSome prose. {sentence}\n", encoding="utf-8")
    assert [f.where for f in lint.lint(page, VALUES, ARTICLE)] == ["prose"]


def test_the_lint_reads_typed_chart_text_but_not_computed_values(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\n```{code-cell} ipython3\n:tags: [hide-input]\n\n"
        'chart = chart.properties(description=f"Rises to {latest:,} killed, about 15,000 by 2025")\n'
        "```\n",
        encoding="utf-8",
    )
    assert [(f.where, f.figure) for f in lint.lint(page, VALUES, ARTICLE)] == [("chart text", "15,000")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 17 February 2024 the troops left.",  # a date
        "In 2025 the talks went on.",  # a year
        "A 30-day ceasefire and a 12-point plan.",  # small counts and ordinals
        'The article says "over 10,000 civilians confirmed killed".',  # the article's words
        "The article's 77% has no source.",  # the article's own figure
        "See {glue:text}`killed_latest:,.0f` and {footcite}`ohchr-2026`.",  # computed
    ],
)
def test_the_lint_leaves_dates_small_counts_and_the_articles_words_alone(tmp_path, sentence):
    page = tmp_path / "page.md"
    page.write_text(f"# A page\n\n{sentence}\n", encoding="utf-8")
    assert lint.lint(page, VALUES, ARTICLE) == []


def set_latest_toll(copy, persons: int) -> None:
    path = copy / "data" / "civilian_casualties.csv"
    rows, index = latest_killed_row(path)
    rows[index][rows[0].index("persons")] = str(persons)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def pages_showing(html, figure: int) -> set[str]:
    shown = re.compile(rf"(?<![\d,]){figure:,}(?![\d,])")
    return {str(page.relative_to(html)) for page in html.rglob("*.html") if shown.search(page.read_text(encoding="utf-8"))}


def test_a_new_death_toll_reaches_every_page_that_showed_the_old_one(book_copy):
    """Set the newest verified death toll in a copy of the book to a figure no other datum has,
    build, then change it again: every page that printed the first figure prints the second,
    and none still prints the first (a figure typed anywhere, or a page left stale, fails)."""
    rows, index = latest_killed_row(book_copy / "data" / "civilian_casualties.csv")
    first = int(rows[index][rows[0].index("persons")]) + 1357
    second = first + 2468
    html = book_copy / "_build" / "html"

    set_latest_toll(book_copy, first)
    executed = build(book_copy)
    # The edit re-executes the pages that read the dataset, and no other: chapters that never
    # name it (and do not read the whole package) are left alone; the ledger's figures
    # (bookkit.claim_figures) name it for the pages that import them.
    assert SHOW_THE_LATEST_TOLL | {"data-and-sources"} <= executed
    readers = {p.stem for p in (book_copy / "chapters").glob("*.md")
               if {"civilian_casualties", "claim_figures"} & set(re.findall(r"\w+", p.read_text(encoding="utf-8")))}
    assert executed <= readers | {"data-and-sources"}, executed - readers
    showing = pages_showing(html, first)
    assert "chapters/human-cost.html" in showing and "chapters/about.html" in showing, showing

    set_latest_toll(book_copy, second)
    build(book_copy)
    assert pages_showing(html, first) == set(), f"pages still showing {first:,}"
    assert showing <= pages_showing(html, second), f"pages without {second:,}: {showing - pages_showing(html, second)}"
