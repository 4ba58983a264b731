"""Search in Debian's headless Chromium: search.html?q=WORD lists the chapter that treats WORD
first, section by section, with the matching words marked and never a line of code; the theme's
search box and its Ctrl+K shortcut lead there; it fits a phone; its scripts load nowhere else."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# Query -> the chapter that treats it (its subject, not the page that mentions it most).
FIRST = {
    "Shahed": "many-hands",
    "Witkoff": "envoy-and-kremlin",
    "Kiel": "support-at-home",
    "Hertling": "battlefield-clock",
    "gas": "energy-and-sanctions",
    "casualties": "human-cost",
    "refugees": "human-cost",
    "sanctions": "energy-and-sanctions",
    "NATO": "envoy-and-kremlin",
}
RESULT = ".pagefind-ui__result"
# What hidden code cells and their plumbing look like when they leak into an excerpt.
CODE = re.compile(r"\bglue\(|\bload\(|\bimport \w|Show code cell|alt\.Chart|bookkit\.|\.query\(|\{\s*\"|=\s*\(")


def results(page) -> list[dict]:
    page.wait_for_selector(RESULT, timeout=20_000)
    # Pagefind draws each result's shell first and fills it when that page's data arrives.
    page.wait_for_function(
        """() => { const all = document.querySelectorAll('.pagefind-ui__results > .pagefind-ui__result');
                   return all.length > 0 && Array.from(all).every(r =>
                     r.querySelector('.pagefind-ui__result-link') && r.querySelector('.pagefind-ui__result-excerpt')); }"""
    )
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.pagefind-ui__results > .pagefind-ui__result')).map(r => ({
             href: r.querySelector('.pagefind-ui__result-link').getAttribute('href'),
             sections: Array.from(r.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link'),
                                  a => a.getAttribute('href')),
             excerpts: Array.from(r.querySelectorAll('.pagefind-ui__result-excerpt'), e => e.textContent),
             marked: Array.from(r.querySelectorAll('.pagefind-ui__result-excerpt mark'), m => m.textContent),
           }))"""
    )


def search(offline_page, query: str) -> list[dict]:
    offline_page.page.goto(offline_page.base_url + f"search.html?q={query}")
    return results(offline_page.page)


@pytest.mark.parametrize("query", FIRST)
def test_the_chapter_that_treats_a_subject_comes_first(offline_page, query):
    found = search(offline_page, query)
    pages = [re.sub(r"\.html.*", "", r["href"].rsplit("/", 1)[-1]) for r in found]
    assert pages and pages[0] == FIRST[query], f"{query}: {pages}"
    # Results are sections: the first links into the chapter's headings, with the words marked.
    assert found[0]["sections"] and all("#" in href for href in found[0]["sections"]), found[0]
    assert any(query.lower() in word.lower() for word in found[0]["marked"]), found[0]["marked"]
    for result in found:
        for excerpt in result["excerpts"]:
            assert not CODE.search(excerpt), f"{query}: code in a snippet: {excerpt!r}"
            # Source notes and lists are the references page's: a chapter's never answer a search.
            if "references.html" not in result["href"]:
                assert "URL: http" not in excerpt, f"{query}: a source note in a snippet: {excerpt!r}"
    assert offline_page.errors == [] and offline_page.blocked == []


def test_the_theme_search_box_and_shortcut_lead_to_the_results(offline_page):
    page = offline_page.open("chapters/glossary.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("Kiel")
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Kiel"))
    pages = [r["href"] for r in results(page)]
    assert "support-at-home" in pages[0], pages
    assert offline_page.errors == [] and offline_page.blocked == []


def test_search_fits_a_phone(make_offline_page, tmp_path):
    phone = make_offline_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.page.goto(phone.base_url + "search.html?q=Hertling")
    assert results(phone.page)
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"search results scroll sideways on a phone ({width} px)"
    phone.page.screenshot(path=tmp_path / "search-390.png", full_page=True)
    assert phone.errors == [] and phone.blocked == []


def test_search_scripts_load_only_on_the_search_page(pages, built_html):
    assert not (built_html / "searchindex.js").exists(), "Sphinx's unused index is still written"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for script in ("pagefind", "searchindex.js", "searchtools.js"):
            assert not re.search(rf'<script[^>]+src="[^"]*{script}', html), f"{page.name} loads {script}"
