"""Every page's dated line and footer: computed, reproducible, and on every page of the site."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone

import pytest

from bookkit.dateline import dateline_text, glued_data_to, last_revised
from bookkit.footer import issues_url
from bookkit.prose import count_word, join_words
from conftest import ROOT

DATELINE = re.compile(r'<p class="bookkit-dateline">Last revised (\d{1,2} \w+ \d{4})(?: · Data to ([^<]+))?</p>')


def test_outside_git_the_files_modification_time_dates_the_page(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A page\n", encoding="utf-8")
    stamp = datetime(2025, 2, 11, 12, tzinfo=timezone.utc).timestamp()
    os.utime(page, (stamp, stamp))
    assert last_revised([page]) == datetime(2025, 2, 11, 12, tzinfo=timezone.utc)
    assert dateline_text(page) == "Last revised 11 February 2025"


def test_in_git_the_newest_commit_dates_the_page():
    page = ROOT / "chapters" / "glossary.md"
    assert last_revised([page]).year >= 2026


def test_a_page_says_how_current_what_it_shows_is(tmp_path):
    glue = tmp_path / "page.glue.json"
    glue.write_text(json.dumps({"page_data_to": {"data": {"text/plain": "'31 December 2025'"}}}), encoding="utf-8")
    assert glued_data_to(glue) == "31 December 2025"
    page = tmp_path / "page.md"
    page.write_text('# A page\n\n```{code-cell} ipython3\nload("claims")\n```\n', encoding="utf-8")
    assert dateline_text(page, glue).endswith(" · Data to 31 December 2025")
    assert " · Data to" not in dateline_text(page, tmp_path / "none.glue.json"), "claims have no dates"


def test_the_contact_route_is_the_repositorys_issue_tracker():
    assert issues_url("https://github.com/o/r.git") == "https://github.com/o/r/issues"


def test_counts_and_lists_in_words():
    assert [count_word(n) for n in (0, 3, 12)] == ["no", "three", "12"]
    assert count_word(0, "none") == "none"
    assert join_words(["a", "b", "c"]) == "a, b and c" and join_words(["a"]) == "a"
    with pytest.raises(ValueError):
        join_words([])


def test_every_page_has_its_dated_line_and_the_correction_links(pages):
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert DATELINE.search(text), f"{page.name}: no dated line"
        # On the corrections page itself, Sphinx links the page to its own top ("#").
        assert re.search(r'<a href="(?:[^"]*corrections\.html|#)">Corrections and updates</a>', text), f"{page.name}: no corrections link"
        assert 'href="https://github.com/explainer-desk/witkoff-putin-explainer/issues">Report an error' in text, page.name


def test_chapter_pages_say_how_current_their_data_are(built_html):
    for name in ("human-cost", "introduction", "about"):
        found = DATELINE.search((built_html / "chapters" / f"{name}.html").read_text(encoding="utf-8"))
        assert found and found.group(2), f"{name}: no 'Data to' date"
