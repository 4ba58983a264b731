"""What each page loads: no FontAwesome script (the theme's icons are drawn from one small
stylesheet), the Vega bundle and the chart scripts only on pages that draw a chart, code tools only
where code is shown, and the print stylesheet."""

from __future__ import annotations

import re

from bookkit import assets

ICON_CLASS = re.compile(r'class="[^"]*\b(fa-[a-z-]+)')
STYLE_ONLY = {"fa-solid", "fa-brands", "fa-regular", "fa-lg", "fa-fw", "fa-2x"}


def test_no_fontawesome_script(pages):
    for page in pages:
        assert "fontawesome.js" not in page.read_text(encoding="utf-8"), page.name


def test_every_icon_the_pages_use_is_drawn(built_html, pages):
    css = (built_html / "_static" / assets.ICON_CSS).read_text(encoding="utf-8")
    used = {name for page in pages for name in ICON_CLASS.findall(page.read_text(encoding="utf-8"))} - STYLE_ONLY
    assert used
    missing = sorted(name for name in used if f".{name}{{--bookkit-icon:" not in css)
    assert not missing, f"icons with no drawing in {assets.ICON_CSS}: {missing}"


def test_print_stylesheet_on_every_page(pages):
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<link media="print"[^>]+bookkit-print\.css', html), page.name


def test_vega_bundle_only_where_a_chart_is(pages):
    charted = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = len(re.findall(r'src="[./]*_static/vega-bundle\.js', html))
        has_chart = 'class="bookkit-chart"' in html
        assert links == (1 if has_chart else 0), f"{page.name}: {links} bundle links, chart: {has_chart}"
        charted += has_chart
        if has_chart:  # drawn by charts.js, which must come after it
            assert html.index("vega-bundle.js") < html.index("charts.js"), page.name
    assert charted


def test_page_tools_only_where_the_page_uses_them(pages):
    lean = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html[html.index("<body"):]
        for name, marker in assets.NEEDED_FOR.items():
            linked = bool(re.search(rf'(src|href)="[^"]*_static/{re.escape(name)}', html))
            assert linked == (marker in body), f"{page.name}: {name} linked: {linked}, needed: {marker in body}"
        lean += 'class="bookkit-chart"' not in body
    assert lean, "no chart-less page to check"
