"""The book's one Altair theme: readable type, Okabe–Ito colours, sizes for the text column."""

from __future__ import annotations

import altair as alt

THEME_NAME = "bookkit"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Yellow and black come last: weak on white and on the dark theme respectively.
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]

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
