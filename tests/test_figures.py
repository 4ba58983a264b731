"""What each figure offers a reader (bookkit.figure, static/figure.js), on the built site in
headless Chromium: its data as a table that opens and closes by keyboard, "Data to …", its
sources, a citation whose link resolves, an export named after it, and maps that draw, on screen
and in the PDF. Plus the formats the table borrows from the tooltips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookkit import figure
from test_browser import PHONE_WIDTH, axe_blocking_violations, relative

MAPS = ("fig-envoy-contacts", "fig-clock-map")  # the venue map shares a figure with the timeline
DATA_TO = re.compile(r"^Data to (\d{1,2} [A-Z][a-z]+ )?([A-Z][a-z]+ )?\d{4}\b")


def chart_pages(pages, built_html) -> list[str]:
    return [relative(p, built_html) for p in pages if 'class="bookkit-chart"' in p.read_text(encoding="utf-8")]


# --- formats, without a browser -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, fmt, expected",
    [
        (1234.5, ",", "1,234.5"),
        (1234, ",.0f", "1,234"),
        (12.3456, ",.2~f", "12.35"),
        (12.5, ",.2~f", "12.5"),
        (-3.2, "+.0f", "-3"),
        (3.2, "+.0f", "+3"),
        (0.25, ".0%", "25%"),
        (45000, "~s", "45k"),
        (2_500_000_000, "~s", "2.5G"),
        (7.0, "d", "7"),
        (474, "", "474"),
    ],
)
def test_numbers_are_formatted_as_the_tooltips_format_them(value, fmt, expected):
    assert figure.number(value, fmt) == expected


def test_dates_are_formatted_as_the_tooltips_format_them():
    assert figure.time("2025-02-01T00:00:00", "%-d %B %Y") == "1 February 2025"
    assert figure.time("2025-02-01T00:00:00", "%b %Y") == "Feb 2025"
    assert figure.time("2025-02-01T00:00:00", "%d/%m/%y") == "01/02/25"


def test_a_month_dated_row_is_shown_by_month():
    column = figure.Column("date", "Date", "temporal", "%-d %B %Y")
    assert figure.cell("2025-01-01T00:00:00", column, {"date_precision": "month"}) == "January 2025"


def test_table_headers_are_the_tooltip_titles_and_computed_fields_are_left_out():
    spec = {
        "datasets": {"d": [{"as_of": "2025-01-01T00:00:00", "persons": 5, "until": 1}]},
        "data": {"name": "d"},
        "encoding": {
            "x": {"field": "as_of", "type": "temporal", "title": None},
            "x2": {"field": "until"},
            "y": {"field": "persons", "type": "quantitative", "axis": {"title": "People"}},
            "tooltip": [
                {"field": "as_of", "type": "temporal", "title": "As of", "format": "%-d %B %Y"},
                {"field": "persons", "type": "quantitative", "title": "Civilians", "format": ","},
                {"field": "computed", "type": "nominal", "title": "Made by a transform"},
            ],
        },
        "mark": "point",
    }
    name, columns = figure.table_columns(spec)
    assert name == "d"
    assert [(c.title, c.format) for c in columns] == [("As of", "%-d %B %Y"), ("Civilians", ",")]


def test_data_text_is_escaped_in_the_table():
    spec = {
        "datasets": {"d": [{"who": "<script>x</script>"}, {"who": "A & B"}]},
        "data": {"name": "d"},
        "encoding": {"tooltip": [{"field": "who", "type": "nominal", "title": "Who <b>"}]},
        "mark": "point",
    }
    table = figure.table_html(spec, "Caption <i>")
    assert "<script>x" not in table and "&lt;script&gt;x&lt;/script&gt;" in table
    assert "A &amp; B" in table and "Who &lt;b&gt;" in table and "Caption &lt;i&gt;" in table


def _layered(*layers) -> dict:
    rows = [{"kind": "talks", "n": 3, "hidden": False}, {"kind": "summit", "n": 1, "hidden": False}, {"kind": "call", "n": 2, "hidden": True}]
    return {
        "datasets": {"d": rows},
        "data": {"name": "d"},
        "encoding": {"tooltip": [{"field": "kind", "type": "nominal", "title": "Kind"}]},
        "layer": [{"mark": "point", "transform": t} if t else {"mark": "point"} for t in layers],
    }


def _table_kinds(spec) -> list[str]:
    return re.findall(r'<td class="text">(\w+)</td>', figure.table_html(spec, "Caption"))


def test_the_table_lists_the_rows_the_chart_draws_not_those_its_filters_hide():
    shown = _layered([{"filter": "datum.kind === 'talks'"}], [{"filter": {"field": "kind", "oneOf": ["summit"]}}])
    assert _table_kinds(shown) == ["talks", "summit"]
    # A view with no filter draws every row; so does one filtered by a reader's selection.
    assert _table_kinds(_layered([{"filter": "datum.n >= 2 && !datum.hidden"}], None)) == ["talks", "summit", "call"]
    assert _table_kinds(_layered([{"filter": {"param": "pick"}}])) == ["talks", "summit", "call"]
    assert _table_kinds(_layered([{"filter": "datum.n >= 2 || datum.kind == \"summit\""}])) == ["talks", "summit", "call"]
    assert _table_kinds(_layered([{"filter": "datum.n >= 2"}, {"filter": "datum.kind != 'call'"}])) == ["talks"]
    assert _table_kinds(_layered([{"filter": "datum.n >= 2 && !datum.hidden"}])) == ["talks"]


def test_a_filter_the_table_cannot_read_shows_every_row_rather_than_hiding_one():
    computed = _layered([{"window": [{"op": "row_number", "as": "order"}]}, {"filter": "datum.order == 1"}])
    assert _table_kinds(computed) == ["talks", "summit", "call"]
    assert _table_kinds(_layered([{"filter": "test(/t/, datum.kind)"}])) == ["talks", "summit", "call"]
    with pytest.raises(figure.Unreadable):
        figure._python("!(datum.n > 1)")  # JavaScript's ! binds tighter than Python's not


def test_a_map_draws_each_outline_from_the_data_package():
    import altair as alt
    import vl_convert

    from bookkit import load, maps, render

    ukraine = load("ukraine_oblasts")
    chart = maps.basemap(ukraine, name="oblast").properties(projection=alt.Projection(type="mercator", fit=maps.bounds(ukraine)))
    svg = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=render.VEGALITE_VERSION)
    shapes = re.findall(r'<path [^>]*d="(M[^"]+)"', svg)[1:]  # the first is the view's background
    assert len(shapes) == len(ukraine) and all("NaN" not in d and len(d) > 200 for d in shapes)
    assert "[object Object]" not in svg  # land is not read out to screen readers


# --- the built site ------------------------------------------------------------------------------


@pytest.mark.browser
def test_every_chart_has_a_table_that_opens_and_closes_by_keyboard(offline_page, pages, built_html):
    checked = 0
    for path in chart_pages(pages, built_html):
        page = offline_page.open(path)
        charts = page.locator(".bookkit-chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            table = chart.locator("details.bookkit-figure-table")
            assert table.count() == 1, f"{path}: chart {index} has no table view"
            summary = table.locator("summary")
            summary.focus()
            page.keyboard.press("Enter")
            assert table.evaluate("d => d.open"), f"{path}: chart {index}: Enter did not open the table"
            rows = table.locator("tbody tr")
            assert rows.count() >= 2, f"{path}: chart {index}: table has {rows.count()} rows"
            assert rows.first.is_visible(), f"{path}: chart {index}: table rows are not shown"
            headers = table.locator("thead th").all_inner_texts()
            assert headers and all(h.strip() for h in headers), f"{path}: chart {index}: empty header"
            page.keyboard.press("Enter")
            assert not table.evaluate("d => d.open"), f"{path}: chart {index}: Enter did not close the table"
            assert not rows.first.is_visible()
            checked += 1
        assert offline_page.errors == [], f"{path}: {offline_page.errors}"
    assert checked >= 27


@pytest.mark.browser
def test_every_chart_says_how_current_its_data_are_and_links_its_sources(offline_page, pages, built_html):
    for path in chart_pages(pages, built_html):
        page = offline_page.open(path)
        charts = page.locator(".bookkit-chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            line = chart.locator(".bookkit-figure-data-to")
            assert line.count() == 1 and line.is_visible(), f"{path}: chart {index} does not say 'Data to'"
            assert DATA_TO.match(line.inner_text()), f"{path}: chart {index}: {line.inner_text()!r}"
            sources = chart.locator("details.bookkit-figure-sources")
            assert sources.locator("summary").inner_text().startswith("Source"), f"{path}: chart {index}"
            links = sources.locator("li a")
            assert links.count() >= 1, f"{path}: chart {index} links no source"
            assert all(h.startswith("http") for h in links.evaluate_all("as => as.map(a => a.href)"))


@pytest.mark.browser
def test_every_figure_can_be_cited_and_its_link_resolves(make_offline_page, pages, built_html):
    checked = make_offline_page(viewport={"width": 1280, "height": 900})
    checked.context.grant_permissions(["clipboard-read", "clipboard-write"])
    for path in chart_pages(pages, built_html):
        page = checked.open(path)
        book = page.evaluate("document.querySelector('.bookkit-cite-text cite').textContent")
        furniture = page.locator(".bookkit-figure-furniture")
        for index in range(furniture.count()):
            item = furniture.nth(index)
            name = item.get_attribute("data-figure")
            # The permalink is the figure's own anchor, on this page, around this chart.
            assert page.locator(f"[id='{name}'] .bookkit-figure-furniture[data-figure='{name}']").count() == 1, name
            cite = item.locator(".bookkit-cite-text")
            text = cite.text_content()
            url = cite.locator("a").first.get_attribute("href")
            assert url.endswith(f"/{path}#{name}"), (name, url)
            assert book and book in text and "CC BY 4.0" in text and "Accessed [date]" not in text, text
            title = page.locator(f"[id='{name}'] .bookkit-chart-spec").first.text_content()
            assert name in title  # the spec records which figure it is
            item.locator("summary", has_text="Cite").click()
            item.locator(".bookkit-copy-link").click()
            page.wait_for_function(
                "el => el.textContent.trim() !== ''", arg=item.locator(".bookkit-copy-status").element_handle()
            )
            assert page.evaluate("navigator.clipboard.readText()") == url
            # Following the permalink lands on the figure.
            page.evaluate(f"location.hash = {('#' + name)!r}")
            assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == name
    assert checked.errors == []


@pytest.mark.browser
def test_a_saved_picture_is_named_after_its_figure_and_carries_its_credit(offline_page):
    page = offline_page.open("chapters/envoy-and-kremlin.html")
    chart = page.locator("[id='fig-envoy-contacts'] .bookkit-chart")
    chart.locator(".vega-embed details > summary").click()
    page.wait_for_function(
        "document.querySelector(\"[id='fig-envoy-contacts'] .vega-actions a[data-ready]\") !== null"
    )
    for label, suffix in (("SVG", ".svg"), ("PNG", ".png")):
        with page.expect_download() as download:
            chart.locator(".vega-actions a", has_text=label).click()
        assert download.value.suggested_filename == "fig-envoy-contacts" + suffix
    with page.expect_download() as download:
        chart.locator(".vega-actions a", has_text="SVG").click()
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert "CC BY 4.0" in svg and "envoy-and-kremlin.html#fig-envoy-contacts" in svg and ".github.io/" in svg
    assert "Sources:" in svg and "other source" not in svg


@pytest.mark.browser
def test_maps_are_drawn(offline_page):
    for path, name in (("chapters/envoy-and-kremlin.html", MAPS[0]), ("chapters/battlefield-clock.html", MAPS[1])):
        page = offline_page.open(path)
        chart = page.locator(f"[id='{name}'] .bookkit-chart")
        assert chart.get_attribute("data-drawn") == "true", name
        shapes = chart.locator("svg.marks .mark-shape path")
        assert shapes.count() >= 2, f"{name}: {shapes.count()} country shapes drawn"
        dots = chart.locator("svg.marks .mark-symbol path")
        assert dots.count() >= 4, f"{name}: {dots.count()} places drawn"


@pytest.mark.browser
def test_choosing_a_venue_by_keyboard_lights_up_its_meetings_in_the_timeline(offline_page):
    from bookkit import load

    page = offline_page.open("chapters/envoy-and-kremlin.html")
    chart = page.locator("[id='fig-envoy-contacts'] .bookkit-chart")
    lit = "els => els.filter(e => Number(e.getAttribute('opacity') ?? 1) > 0.5).length"
    symbols = chart.locator("svg.marks .mark-symbol.role-mark path")  # not the legends' symbols
    everything = symbols.evaluate_all(lit)
    venue = chart.locator(".vega-bindings select")
    venue.focus()
    page.keyboard.press("ArrowDown")  # the first city after "All cities"
    city = venue.evaluate("s => s.options[s.selectedIndex].text")
    venues = load("talks_venues")
    contacts = load("diplomatic_timeline").merge(venues, on="place")
    kinds = ["envoy_meeting", "talks", "summit"]  # what the chapter draws
    held = contacts[contacts["city"].eq(city) & contacts["start_date"].ge("2025-01-01") & contacts["event_type"].isin(kinds)]
    page.wait_for_function("n => [...document.querySelectorAll(\"[id='fig-envoy-contacts'] svg.marks .mark-symbol path\")]"
                           ".filter(e => Number(e.getAttribute('opacity') ?? 1) > 0.5).length < n", arg=everything)
    # Its meetings stay lit in the timeline, and on the map its dot (one per kind of meeting held there).
    assert len(held) and symbols.evaluate_all(lit) == len(held) + held["event_type"].nunique(), city


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_furniture_passes_axe_and_fits_a_phone(make_offline_page, built_html, scheme, tmp_path):
    desktop = make_offline_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    phone = make_offline_page(viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True, color_scheme=scheme)
    for path in ("chapters/human-cost.html", "chapters/envoy-and-kremlin.html", "chapters/battlefield-clock.html"):
        for reader in (desktop, phone):
            page = reader.open(path)
            page.evaluate("document.querySelectorAll('.bookkit-figure-furniture details').forEach(d => d.open = true)")
            assert axe_blocking_violations(page) == [], (path, scheme, reader is phone)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_WIDTH or reader is desktop, f"{path} scrolls sideways on a phone ({width} px)"
            # Nothing pokes out of the furniture's box (a wide table scrolls inside its own).
            for right, overflow in page.locator(".bookkit-figure-furniture").evaluate_all(
                "els => els.map(e => [e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth])"
            ):
                assert right <= page.viewport_size["width"] + 1 and overflow <= 1, (path, scheme, right, overflow)
