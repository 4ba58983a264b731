"""The book's one Altair theme: readable type, Okabe–Ito hues that read on light and dark pages,
sizes for the text column."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from . import dates

THEME_NAME = "bookkit"

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


@dataclass(frozen=True)
class Ink:
    """One colour in its two editions: on the light page and on the dark page."""

    light: str
    dark: str


# The theme's neutral inks. Text needs 4.5:1 on its page; gridlines are meant to be quiet.
INKS = {
    "text": Ink("#1f2328", "#e6edf3"),
    "muted": Ink("#57606a", "#a5afba"),  # axis labels, rules, the source line
    "grid": Ink("#d0d7de", "#3d444d"),  # gridlines and background bars (not data)
    "tile_edge": Ink("#ffffff", "#14181e"),  # borders that separate tiles: the page colour
}
TEXT = INKS["text"].light
MUTED = INKS["muted"].light
GRID = INKS["grid"].light
PRINT_GRID = "#e4e8ec"  # paper shows a fine grid well; the PDF's charts use a lighter one

# The book's recurring actors, one colour each in every chart (a reader learns that blue is the
# United States once). Hues are far apart so that any two can share a chart; each passes 3:1 on
# its page (tests/test_theme.py). Keys are what charts write; ENTITY_ALIASES maps other spellings.
ENTITIES = {
    "United States": Ink("#0072B2", "#4FA8E8"),
    "Russia": Ink("#C62828", "#F26D6D"),
    "Ukraine": Ink("#9A7200", "#E5BE3A"),
    "Europe": Ink("#6A51A3", "#A890E6"),
    "China": Ink("#C2407F", "#EE8BBE"),
    "Türkiye": Ink("#2E7D32", "#5FC065"),
    "Gulf mediators": Ink("#8B5A2B", "#CE9C6C"),
    "UN": Ink("#00838F", "#3CC6D2"),
    "Belarus": Ink("#5D6B2F", "#A7B65E"),
    "Peace-formula hosts": Ink("#D55E00", "#F08A3E"),
    "Other": Ink("#6E7781", "#9198A1"),
}
ENTITY_ALIASES = {
    "US": "United States",
    "USA": "United States",
    "United States of America": "United States",
    "Washington": "United States",
    "Russian Federation": "Russia",
    "Moscow": "Russia",
    "Kyiv": "Ukraine",
    "EU": "Europe",
    "European Union": "Europe",
    "EU institutions": "Europe",
    "Europe (EU and member states)": "Europe",
    "Turkey": "Türkiye",
    "UAE": "Gulf mediators",
    "United Arab Emirates": "Gulf mediators",
    "Saudi Arabia": "Gulf mediators",
    "Qatar": "Gulf mediators",
    "United Nations": "UN",
    "European states": "Europe",
    "European donors": "Europe",
    "No third-party mediator": "Other",
    "None": "Other",
    "Others": "Other",
}

# The ledger's verdicts (bookkit.catalogue.VERDICT_ORDER), the same in every chart that shows them.
VERDICTS = {
    "confirmed": Ink("#1A7F37", "#4AC26B"),
    "outdated": Ink("#9A6700", "#D4A72C"),
    "differs": Ink("#CF222E", "#FF7B72"),
    "unverified": Ink("#57606a", "#a5afba"),
    "not_found": Ink("#8250DF", "#C297FF"),
}


# Outcomes of talks and answers to the talks' questions are not actors or verdicts, but they are
# read the same way (held / partly / neither / failed), so they borrow the verdicts' inks.
OUTCOMES = {
    "Agreement": VERDICTS["confirmed"],
    "Partial result": VERDICTS["outdated"],
    "Process only": VERDICTS["unverified"],
    "No deal, or deal ended": VERDICTS["differs"],
}
ANSWERS = {"Yes": VERDICTS["confirmed"], "Conditional": VERDICTS["outdated"], "No": VERDICTS["differs"]}


def scale_for(table: dict[str, Ink]) -> alt.Scale:
    """A colour scale for one of the fixed tables above (OUTCOMES, ANSWERS), in its order."""
    return alt.Scale(domain=list(table), range=[ink.light for ink in table.values()])


def _key(label: str) -> str:
    return " ".join(str(label).replace("_", " ").split()).casefold()


def _lookup() -> dict[str, tuple[str, str, Ink]]:
    """Every spelling a chart may use -> (table, canonical name, ink)."""
    table = {_key(name): ("entity", name, ink) for name, ink in ENTITIES.items()}
    table.update({_key(alias): ("entity", name, ENTITIES[name]) for alias, name in ENTITY_ALIASES.items()})
    table.update({_key(name): ("verdict", name, ink) for name, ink in VERDICTS.items()})
    return table


_LOOKUP = _lookup()


def _find(label):
    if not isinstance(label, str):
        return None
    # "Turkey (with the UN for grain)" and "Europe, incl. EU" name Türkiye and Europe: what
    # follows a parenthesis or a comma only qualifies the name.
    for candidate in (label, label.split(" (")[0], label.split(",")[0]):
        found = _LOOKUP.get(_key(candidate))
        if found:
            return found
    return None


def semantic_ink(label) -> Ink | None:
    """The table's colour for a chart label (an actor or a verdict), or None."""
    found = _find(label)
    return found[2] if found else None


def semantic_name(label) -> str | None:
    """The table entry a chart label stands for, or None."""
    found = _find(label)
    return found[1] if found else None


def dark_inks() -> dict[str, str]:
    """Light colour -> its dark-page edition, for every colour in the tables above. The page's
    chart script reads this (publish() ships it in each spec's usermeta) to redraw in dark mode."""
    inks = [*INKS.values(), *ENTITIES.values(), *VERDICTS.values(), *SERIES]
    return {ink.light.lower(): ink.dark.lower() for ink in inks}


# Series that are not actors or verdicts (measures, routes, kinds of event): Okabe–Ito-like hues
# told apart with the common colour-vision deficiencies, darkened until each passes 3:1 on white,
# with a lighter edition for the dark page.
SERIES = [
    Ink("#0072B2", "#4FA8E8"),  # blue
    Ink("#C27F00", "#E0A23A"),  # orange, darkened (Okabe–Ito #E69F00 is 2.3:1 on white)
    Ink("#009E73", "#3CCB9F"),  # bluish green
    Ink("#D55E00", "#F08A3E"),  # vermillion
    Ink("#B8589A", "#E38CC6"),  # reddish purple, darkened (#CC79A7 is 3.0:1 on white)
    Ink("#2E8FC9", "#6DB9EA"),  # sky blue, darkened (#56B4E9 is 2.3:1 on white)
    Ink("#6E7781", "#9198A1"),  # grey, in place of yellow
]
OKABE_ITO = [ink.light for ink in SERIES]

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
                # Labels closer than this are thinned out, so "80" and "100" never touch.
                "labelSeparation": 6,
            },
            # Vega's default time labels drop the year when ticks crowd ("April, October"):
            # every tick says its month and year. Tooltips and text marks write dates one way.
            # The first and last labels sit inside the axis's ends, clear of the value axis's "0".
            "axisTemporal": {"format": dates.VL_AXIS, "labelOverlap": "greedy", "labelFlush": True},
            "timeFormat": dates.VL_DAY,
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "orient": "top",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": TEXT, "titleColor": TEXT},
            "range": {"category": OKABE_ITO},
            "line": {"strokeWidth": 2.5},
            "point": {"filled": True, "size": 50},
            "text": {"fontSize": 12, "color": TEXT},
            "rule": {"color": MUTED},
        }
    }


def for_print(spec: dict) -> dict:
    """The spec as the PDF prints it: the same grammar, with a finer grid (paper shows one well)."""
    config = dict(spec.get("config") or {})
    config["axis"] = {**config.get("axis", {}), "gridColor": PRINT_GRID}
    return {**spec, "config": config}
