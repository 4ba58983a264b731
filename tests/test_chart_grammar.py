"""Every chart on the built site, in a real browser, read the way a reader meets it: on a phone,
with the mouse wheel, by hovering its marks, and in dark mode."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bookkit import theme

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MIN_FILL = 0.85  # a chart is drawn across at least this share of the width laid out for it
MIN_TEXT_PX = 10
MARKS = "svg.marks .role-mark path, svg.marks .role-mark rect, svg.marks .role-mark line"

# Per chart: the width the page gave it, the width its picture is drawn at, and every visible
# text with its rendered size and box. Vega hides labels it drops for overlap with opacity 0.
MEASURE = """() => Array.from(document.querySelectorAll('.bookkit-chart')).map((chart) => {
  const svg = chart.querySelector('svg.marks');
  const laidOut = chart.querySelector('.bookkit-chart-view').getBoundingClientRect().width;
  const box = svg.getBoundingClientRect();
  const scale = box.width / (Number(svg.getAttribute('width')) || box.width);
  const hidden = (el) => {
    for (let node = el; node && node !== svg; node = node.parentElement) {
      if (node.getAttribute('opacity') === '0' || getComputedStyle(node).opacity === '0') return true;
    }
    return false;
  };
  const texts = Array.from(svg.querySelectorAll('text'))
    .filter((el) => el.textContent.trim() && !hidden(el))
    .map((el) => {
      const r = el.getBoundingClientRect();
      return {text: el.textContent.trim(), px: parseFloat(getComputedStyle(el).fontSize) * scale,
              box: [r.left, r.top, r.right, r.bottom], role: (el.closest('[class*=role-]') || {}).className?.baseVal || ''};
    });
  return {id: chart.id, laidOut, drawn: box.width, texts};
})"""


def chart_pages(pages, built_html):
    """The site's pages that hold charts, as paths relative to the site."""
    return [
        page.relative_to(built_html).as_posix()
        for page in pages
        if 'class="bookkit-chart"' in page.read_text(encoding="utf-8")
    ]


@pytest.fixture(scope="module")
def with_charts(pages, built_html):
    found = chart_pages(pages, built_html)
    assert found, "no page of the built site has a chart"
    return found


def test_charts_fill_a_phone_screen_with_legible_text(make_offline_page, with_charts):
    phone = make_offline_page(**PHONE)
    problems = []
    for path in with_charts:
        page = phone.open(path)
        for chart in page.evaluate(MEASURE):
            share = chart["drawn"] / chart["laidOut"]
            if share < MIN_FILL:
                problems.append(f"{path} {chart['id']}: drawn at {share:.0%} of its {chart['laidOut']:.0f} px")
            small = [t for t in chart["texts"] if t["px"] < MIN_TEXT_PX - 0.05]
            if small:
                worst = min(small, key=lambda t: t["px"])
                problems.append(f"{path} {chart['id']}: text {worst['text']!r} at {worst['px']:.1f} px")
    assert problems == [], "\n".join(problems)


def overlaps(first, second, slack=1.0) -> bool:
    a, b = first["box"], second["box"]
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_no_two_chart_labels_overlap(make_offline_page, with_charts, device):
    browser_page = make_offline_page(**(PHONE if device == "phone" else DESKTOP))
    problems = []
    for path in with_charts:
        page = browser_page.open(path)
        for chart in page.evaluate(MEASURE):
            texts = chart["texts"]
            for i, first in enumerate(texts):
                for second in texts[i + 1 :]:
                    if overlaps(first, second):
                        problems.append(f"{path} {chart['id']}: {first['text']!r} overlaps {second['text']!r}")
    assert problems == [], "\n".join(problems)


def test_a_wheel_turn_over_any_chart_scrolls_the_page(make_offline_page, with_charts):
    desktop = make_offline_page(**DESKTOP)
    stuck = []
    for path in with_charts:
        page = desktop.open(path)
        charts = page.locator(".bookkit-chart svg.marks")
        for index in range(charts.count()):
            chart = charts.nth(index)
            # Put the chart's middle in the middle of the screen, with page left to scroll below.
            page.evaluate(
                "(el) => { const r = el.getBoundingClientRect(); window.scrollBy(0, r.top + r.height / 2 - innerHeight / 2); }",
                chart.element_handle(),
            )
            box = chart.bounding_box()
            before = page.evaluate("scrollY")
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.wheel(0, 240)
            try:
                page.wait_for_function(f"scrollY !== {before}", timeout=2_000)
            except PlaywrightTimeout:
                stuck.append(f"{path}: chart {index}")
    assert stuck == [], stuck


BAD_VALUE = re.compile(r"^(?:null|nan|undefined|none|)$", re.I)
CODE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
HOVERS_PER_CHART = 12


def tooltip_rows(page) -> list[tuple[str, str]]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#vg-tooltip-element.visible tr'))
             .map((tr) => [tr.querySelector('.key')?.textContent ?? '', tr.querySelector('.value')?.textContent ?? ''])"""
    )


def test_tooltips_show_only_plain_values(make_offline_page, with_charts):
    desktop = make_offline_page(**DESKTOP)
    problems = []
    for path in with_charts:
        page = desktop.open(path)
        for index in range(page.locator(".bookkit-chart").count()):
            marks = page.locator(".bookkit-chart").nth(index).locator(MARKS)
            count = marks.count()
            step = max(1, count // HOVERS_PER_CHART)
            for mark_index in range(0, count, step):
                mark = marks.nth(mark_index)
                mark.scroll_into_view_if_needed()
                box = mark.bounding_box()
                if not box or box["width"] + box["height"] < 2:
                    continue
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(60)  # vega-tooltip shows on the next animation frame
                for key, value in tooltip_rows(page):
                    if BAD_VALUE.match(value.strip()) or CODE.match(value.strip()) or not key.strip():
                        problems.append(f"{path}: chart {index}: tooltip row {key!r}: {value!r}")
            page.mouse.move(0, 0)
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))


# In dark mode, every chart text and every mark stands out from the page; the quiet neutrals
# (gridlines, background bars, tile gaps) carry no data and are meant to recede.
QUIET = {theme.INKS["grid"].dark.lower(), theme.INKS["tile_edge"].dark.lower()}
INKS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((el) => el.getAttribute('opacity') !== '0' && getComputedStyle(el).opacity !== '0')
  .flatMap((el) => {
    const style = getComputedStyle(el);
    const out = [];
    for (const [paint, opacity] of [[style.fill, style.fillOpacity], [style.stroke, style.strokeOpacity]]) {
      if (paint && paint.startsWith('rgb') && !paint.startsWith('rgba(0, 0, 0, 0)') && parseFloat(opacity) >= 0.5) out.push([el.textContent || el.tagName, paint]);
    }
    return out;
  })"""


def hex_colour(css: str) -> str:
    channels = [int(float(part)) for part in css[css.index("(") + 1 : -1].split(",")[:3]]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def test_dark_mode_charts_stand_out_from_the_page(make_offline_page, with_charts):
    dark = make_offline_page(color_scheme="dark", **DESKTOP)
    problems = []
    for path in with_charts:
        page = dark.open(path)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark", path
        background = hex_colour(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        for selector in ("svg.marks text", "svg.marks .role-mark path, svg.marks .role-mark rect, svg.marks .role-mark line"):
            for what, paint in page.evaluate(INKS, selector):
                colour = hex_colour(paint)
                if colour in QUIET or colour == background:
                    continue
                ratio = theme.contrast(colour, background)
                if ratio < theme.MIN_GRAPHIC_CONTRAST:
                    problems.append(f"{path}: {what.strip()[:30]!r} in {colour} ({ratio:.1f}:1)")
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))
