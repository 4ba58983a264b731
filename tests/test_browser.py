"""Every page in Debian's headless Chromium, with every request to another host blocked:
charts drawn as SVG with marks, tooltips on hover, no console errors (search: test_search.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

MARKS = "svg.marks .role-mark path, svg.marks .role-mark rect"


def relative(page, built_html) -> str:
    return page.relative_to(built_html).as_posix()


def test_every_page_draws_its_charts_offline(offline_page, pages, built_html):
    for page_file in pages:
        path = relative(page_file, built_html)
        page = offline_page.open(path)
        expected = page.locator(".bookkit-chart").count()
        drawn = page.evaluate("document.documentElement.dataset.chartsDrawn")
        assert drawn == (str(expected) if expected else None), path
        for index in range(expected):
            chart = page.locator(".bookkit-chart").nth(index)
            assert chart.get_attribute("data-drawn") == "true", f"{path}: chart {index} failed to draw"
            assert chart.locator("svg.marks").count() == 1, f"{path}: chart {index} has no SVG"
            assert chart.locator(".role-mark").count() > 0, f"{path}: chart {index} has no marks"
            label = chart.locator("svg.marks [aria-label]").first.get_attribute("aria-label") or ""
            assert len(label) > 40 and not label.startswith("Source"), f"{path}: chart {index} has no text description"
        assert offline_page.errors == [], f"{path}: {offline_page.errors}"
        assert offline_page.blocked == [], f"{path} tried to reach {offline_page.blocked}"


def tooltip_shown(page) -> bool:
    """Whether vega-tooltip shows its box for the mark under the mouse (it does so on a later
    animation frame: wait for it, up to a second, rather than sleep a fixed time)."""
    try:
        page.locator("#vg-tooltip-element.visible").wait_for(state="visible", timeout=1_000)
    except PlaywrightTimeout:
        return False
    return True


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
                if tooltip_shown(page):
                    shown = True
                    break
            assert shown, f"{path}: chart {index} shows no tooltip on hover"
            page.mouse.move(0, 0)


# --- Accessibility, dark mode, phones -------------------------------------------------------

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_blocking_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (axe ships inside the package)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(make_offline_page, pages, built_html, scheme):
    checked = make_offline_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    for page_file in pages:
        path = relative(page_file, built_html)
        page = checked.open(path)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme, path
        assert axe_blocking_violations(page) == [], path


def rgb_hex(css_colour: str) -> str:
    channels = [int(float(part)) for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


CHART_TEXT = "svg.marks .role-axis-label text, svg.marks .role-legend-label text, svg.marks .role-title-text text"


def chart_text_contrasts(page) -> list[tuple[str, float]]:
    """Each chart text's fill against the page background, as (text, contrast ratio)."""
    from bookkit import theme

    background = rgb_hex(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    fills = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
             .filter((el) => el.getAttribute('opacity') !== '0' && el.textContent.trim())
             .map((el) => [el.textContent, getComputedStyle(el).fill])""",
        CHART_TEXT,
    )
    return [(text, theme.contrast(rgb_hex(fill), background)) for text, fill in fills]


def test_charts_follow_the_theme_into_dark_mode(offline_page, tmp_path):
    page = offline_page.open("chapters/human-cost.html")
    figure = page.locator("figure:has(.bookkit-chart)").first
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=tmp_path / "human-cost-light.png")
    light = chart_text_contrasts(page)
    assert light and min(ratio for _, ratio in light) >= 4.5, light

    # What the theme's own switch does: set the mode on <html>; charts.js watches it.
    page.evaluate("document.documentElement.dataset.mode = 'dark'; document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function("document.documentElement.dataset.chartsMode === 'dark'", timeout=20_000)
    assert page.locator(".bookkit-chart[data-mode=dark]").count() == page.locator(".bookkit-chart").count()
    figure.screenshot(path=tmp_path / "human-cost-dark.png")
    dark = chart_text_contrasts(page)
    assert len(dark) == len(light)
    worst = min(dark, key=lambda item: item[1])
    assert worst[1] >= 4.5, f"chart text {worst[0]!r} is hard to read on the dark page ({worst[1]:.1f}:1)"
    # Gridlines stay visible but quiet: no light-mode grey left on the dark page.
    grid = page.evaluate("getComputedStyle(document.querySelector('svg.marks .role-axis-grid line')).stroke")
    assert rgb_hex(grid) != "#d0d7de"

    # The tooltip switches too.
    marks = page.locator(".bookkit-chart").first.locator(MARKS)
    for index in range(min(marks.count(), 25)):
        box = marks.nth(index).bounding_box()
        if box and box["width"] + box["height"] >= 2:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            if tooltip_shown(page):
                break
    assert "dark-theme" in (page.locator("#vg-tooltip-element").get_attribute("class") or "")
    assert offline_page.errors == [], offline_page.errors


def test_chart_menu_is_reachable_by_keyboard_and_exports_offline(offline_page):
    page = offline_page.open("chapters/introduction.html")
    summary = page.locator(".bookkit-chart .vega-embed details > summary").first
    assert summary.get_attribute("aria-label")
    summary.focus()
    page.keyboard.press("Enter")
    save_png = page.locator(".bookkit-chart .vega-actions a", has_text="PNG").first
    save_png.wait_for(state="visible")
    page.wait_for_function("document.querySelector('.bookkit-chart .vega-actions a[data-ready]') !== null")
    with page.expect_download() as download:
        save_png.focus()
        page.keyboard.press("Enter")
    picture = download.value.path().read_bytes()
    assert picture.startswith(b"\x89PNG")
    assert download.value.suggested_filename.endswith(".png")
    assert offline_page.blocked == []


PHONE_WIDTH = 390


def test_pages_do_not_scroll_sideways_on_a_phone(make_offline_page, pages, built_html):
    """The page itself fits a phone; how each chart fits it is tests/test_chart_grammar.py's job."""
    phone = make_offline_page(viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True)
    for page_file in pages:
        path = relative(page_file, built_html)
        page = phone.open(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{path} scrolls sideways on a phone ({width} px)"
        assert phone.errors == [], f"{path}: {phone.errors}"
