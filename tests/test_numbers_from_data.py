"""Numbers come from the data: no chapter types a figure the data hold, and a data update
reaches every page that showed the old figure."""

from __future__ import annotations

import csv
import re

import pytest

import numbers_lint as lint
from conftest import ROOT
from test_cache import book_copy, build, latest_killed_row  # noqa: F401  (book_copy is a fixture)

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
VALUES = lint.data_values(ROOT / "data")
ARTICLE = lint.article_figures(ROOT / "data")


def findings(where: str) -> list[str]:
    return [str(f) for page in CHAPTERS for f in lint.lint(page, VALUES, ARTICLE) if f.where == where]


def test_no_prose_restates_a_data_value():
    assert findings("prose") == []


def test_no_chart_title_or_description_restates_a_data_value():
    assert findings("chart text") == []


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
        "See {glue:text}`killed_latest:,.0f` and {cite:p}`ohchr-2026`.",  # computed
    ],
)
def test_the_lint_leaves_dates_small_counts_and_the_articles_words_alone(tmp_path, sentence):
    page = tmp_path / "page.md"
    page.write_text(f"# A page\n\n{sentence}\n", encoding="utf-8")
    assert lint.lint(page, VALUES, ARTICLE) == []


def test_a_new_death_toll_reaches_every_page_that_showed_the_old_one(built_html, book_copy):
    """Edit the newest verified death toll in a copy of the book and rebuild it: every page that
    printed the old figure prints the new one, and none still prints the old."""
    path = book_copy / "data" / "civilian_casualties.csv"
    rows, index = latest_killed_row(path)
    persons = rows[0].index("persons")
    old = int(rows[index][persons])
    new = old + 2345
    shown_old = re.compile(rf"(?<![\d,]){old:,}(?![\d,])")
    before = {page.relative_to(built_html): page.read_text(encoding="utf-8") for page in built_html.rglob("*.html")}
    showing = sorted(str(name) for name, text in before.items() if shown_old.search(text))
    assert showing, f"no page shows the newest toll {old:,}: nothing to test"

    rows[index][persons] = str(new)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    build(book_copy)

    html = book_copy / "_build" / "html"
    stale = [name for name in showing if shown_old.search((html / name).read_text(encoding="utf-8"))]
    missing = [name for name in showing if f"{new:,}" not in (html / name).read_text(encoding="utf-8")]
    assert stale == [] and missing == [], f"still {old:,}: {stale}; without {new:,}: {missing}"
