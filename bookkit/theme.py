"""The book's one Altair theme: readable type, Okabe–Ito hues that read on light and dark pages,
sizes for the text column."""

from __future__ import annotations

import altair as alt

THEME_NAME = "bookkit"

# Okabe & Ito (2008), "Color Universal Design": hues told apart with the common colour-vision
# deficiencies. Every colour must also stand out at 3:1 (WCAG 1.4.11, graphics) on the page in
# light mode (white) AND in dark mode (the theme's #14181e), as tests/test_theme.py checks, so:
# orange and sky blue are darkened until they pass on white, yellow (1.3:1 on white) gives way
# to a mid grey, and black (1.2:1 on dark) is dropped.
OKABE_ITO = [
    "#0072B2",  # blue
    "#C27F00",  # orange, darkened (Okabe–Ito #E69F00 is 2.3:1 on white)
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#2E8FC9",  # sky blue, darkened (#56B4E9 is 2.3:1 on white)
    "#888888",  # grey, in place of yellow
]
# The backgrounds charts are drawn on: the theme's light and dark page colours.
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#14181e"
MIN_GRAPHIC_CONTRAST = 3.0


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#1f2328"
MUTED = "#57606a"
GRID = "#d0d7de"

# The book theme's text column is about 700 px wide; leave room for axis labels.
WIDTH = 600
HEIGHT = 320


@alt.theme.register(THEME_NAME, enable=False)
def book_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "transparent",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "padding": {"left": 4, "right": 12, "top": 8, "bottom": 4},
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleColor": MUTED,
                "subtitleFontSize": 13,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 500,
                "labelColor": MUTED,
                "titleColor": TEXT,
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
            },
            # Vega's default time labels drop the year when ticks crowd ("April, October"):
            # every tick says its month and year.
            "axisTemporal": {"format": "%b %Y", "labelOverlap": "greedy"},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "orient": "top",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": TEXT},
            "range": {"category": OKABE_ITO},
            "line": {"strokeWidth": 2.5},
            "point": {"filled": True, "size": 50},
            "text": {"fontSize": 12, "color": TEXT},
            "rule": {"color": MUTED},
        }
    }
