"""Every page in Debian's headless Chromium, with every request to another host blocked:
charts drawn as SVG with marks, tooltips on hover, no console errors, search works."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MARKS = "svg.marks .role-mark path, svg.marks .role-mark rect"


def relative(page, built_html) -> str:
    return page.relative_to(built_html).as_posix()


def test_every_page_draws_its_charts_offline(offline_page, pages, built_html):
    for page_file in pages:
        path = relative(page_file, built_html)
        page = offline_page.open(path)
        expected = page.locator(".bookkit-chart").count()
        assert page.evaluate("document.documentElement.dataset.chartsDrawn") == str(expected), path
        for index in range(expected):
            chart = page.locator(".bookkit-chart").nth(index)
            assert chart.get_attribute("data-drawn") == "true", f"{path}: chart {index} failed to draw"
            assert chart.locator("svg.marks").count() == 1, f"{path}: chart {index} has no SVG"
            assert chart.locator(".role-mark").count() > 0, f"{path}: chart {index} has no marks"
            label = chart.locator("svg.marks [aria-label]").first.get_attribute("aria-label") or ""
            assert len(label) > 40 and not label.startswith("Source"), f"{path}: chart {index} has no text description"
        assert offline_page.errors == [], f"{path}: {offline_page.errors}"
        assert offline_page.blocked == [], f"{path} tried to reach {offline_page.blocked}"


def test_every_chart_shows_a_tooltip_on_hover(offline_page, pages, built_html):
    for page_file in pages:
        path = relative(page_file, built_html)
        page = offline_page.open(path)
        for index in range(page.locator(".bookkit-chart").count()):
            chart = page.locator(".bookkit-chart").nth(index)
            chart.scroll_into_view_if_needed()
            marks = chart.locator(MARKS)
            shown = False
            for mark_index in range(min(marks.count(), 25)):
                mark = marks.nth(mark_index)
                box = mark.bounding_box()
                if not box or box["width"] + box["height"] < 2:
                    continue
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(100)  # vega-tooltip shows on the next animation frame
                if page.locator("#vg-tooltip-element.visible").count():
                    shown = True
                    break
            assert shown, f"{path}: chart {index} shows no tooltip on hover"
            page.mouse.move(0, 0)


def test_search_finds_witkoff(offline_page):
    page = offline_page.page
    page.goto(offline_page.base_url + "search.html?q=Witkoff")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("envoy" in text.lower() or "witkoff" in text.lower() for text in results), results
    assert offline_page.errors == []
    assert offline_page.blocked == []
