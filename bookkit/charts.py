"""Chart helpers the chapters share: the publishing gate, source lines and annotations."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path

import altair as alt
import pandas as pd
from myst_nb import glue

from . import dates, theme
from .data import SOURCES, DataError, data_dir, datasets_read, load, resource_descriptor, sources
from .figure import figure_meta


MAX_NAMED_SOURCES = 4
SOURCE_LINE_WIDTH = 100  # characters; about the chart's width at the source line's size
TITLE_PX_PER_CHAR = 9.0  # average width of a character in the theme's bold 16 px title
SUBTITLE_PX_PER_CHAR = 6.8  # ... and in its 13 px subtitle


# Legends stay with the chart (under its title), not above the frame that holds the source line.
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


class ChartError(ValueError):
    """A chart is not fit to publish (no title, no description, no data, or colours that repeat)."""


def _source_ids(items: Iterable) -> list[str]:
    ids: list[str] = []
    for item in items:
        if isinstance(item, pd.DataFrame):
            if "source_id" not in item.columns:
                raise ChartError("a DataFrame passed as a source has no 'source_id' column")
            ids.extend(item["source_id"].dropna().astype(str))
        elif isinstance(item, pd.Series):
            ids.extend(item.dropna().astype(str).str.strip())
        else:
            ids.append(str(item))
    return list(dict.fromkeys(ids))


def source_line(*items) -> list[str]:
    """'Source: Org (years); Org (year).' from DataFrames with a source_id column, or ids,
    wrapped into lines that fit under a chart; long lists name the main organisations."""
    ids = _source_ids(items)
    if not ids:
        raise ChartError("a chart needs at least one source")
    table = sources()
    unknown = sorted(set(ids) - set(table.index))
    if unknown:
        raise DataError(f"sources.csv: no source with id {', '.join(map(repr, unknown))}")
    by_organisation = (
        table.loc[ids]
        .assign(year=lambda t: t["published"].dt.year)
        .groupby("organisation", sort=False)["year"]
        .agg(["min", "max", "size"])
        .sort_values("size", ascending=False, kind="stable")
    )
    parts = [
        f"{org} ({lo}–{hi})" if lo != hi else f"{org} ({lo})"
        for org, (lo, hi, _) in by_organisation.head(MAX_NAMED_SOURCES).iterrows()
    ]
    others = len(by_organisation) - len(parts)
    if others:
        parts.append(f"and {others} other source{'s' if others > 1 else ''}")
    label = "Source" if len(by_organisation) == 1 else "Sources"
    text = f"{label}: {'; '.join(parts)}. Full list: Data and sources appendix."
    return textwrap.wrap(text, SOURCE_LINE_WIDTH)


def _frames(chart) -> Iterable[pd.DataFrame]:
    """Every DataFrame a chart (or any chart inside it) was built from."""
    if isinstance(chart, pd.DataFrame):
        yield chart
        return
    if isinstance(chart, (list, tuple)):
        for part in chart:
            yield from _frames(part)
        return
    if not isinstance(chart, alt.TopLevelMixin | alt.SchemaBase):
        return
    for attribute in ("data", "layer", "vconcat", "hconcat", "concat", "spec"):
        part = getattr(chart, "_kwds", {}).get(attribute, alt.Undefined)
        if part is not alt.Undefined:
            yield from _frames(part)


def _ids(frame: pd.DataFrame) -> set[str]:
    return set(frame.get("source_id", pd.Series(dtype=str)).dropna().astype(str).str.strip())


def _traced(frame: pd.DataFrame | pd.Series) -> tuple[list[str], set[str]]:
    """The datasets a frame's rows come from, and the source ids none of them holds.

    ``load()`` stamps ``attrs['resource']``, but pandas keeps attrs through ``concat`` or
    ``merge`` only when every input has the same ones. Rows keep their ``source_id`` though, so
    an unstamped frame is traced to the fewest datasets this kernel read that hold all its ids
    (greedily: the dataset holding most of the ids still unexplained, first)."""
    name = frame.attrs.get("resource")
    if name:
        return [name], set()
    if isinstance(frame, pd.Series):
        return [], set()  # a list of source ids for the source line: evidence from sources.csv
    remaining = _ids(frame)
    holders = {}
    for dataset in datasets_read():
        if dataset != SOURCES:
            table = load(dataset)
            if "source_id" in table:
                holders[dataset] = _ids(table)
    chosen = []
    while remaining:
        best = max(holders, key=lambda d: len(holders[d] & remaining), default=None)
        if best is None or not holders[best] & remaining:
            break
        chosen.append(best)
        remaining -= holders.pop(best)
    return chosen, remaining


def datasets_used(chart: alt.TopLevelMixin, source_items: Iterable) -> list[dict]:
    """The book's datasets behind a chart, from the ``resource`` that ``load()`` stamps on each
    DataFrame (in the sources given and in the chart's own data) or, where pandas dropped that
    stamp, from the source ids of its rows; each with its CSV file.

    A frame with source ids that no dataset read in this kernel holds cannot be traced: a
    ChartError. (A frame without source ids is an annotation: a label, or a value computed
    from traced data.) The sources table comes last: every chart names its sources.
    """
    frames = [item for item in source_items if isinstance(item, pd.DataFrame | pd.Series)]
    names = []
    for frame in [*frames, *_frames(chart)]:
        found, untraced = _traced(frame)
        if untraced:
            raise ChartError(
                f"chart data hold source ids no dataset read here holds ({', '.join(sorted(untraced)[:3])}): "
                "draw rows from load(), so the chart can name the CSV files behind it"
            )
        names += found
    names = [name for name in dict.fromkeys(names) if name != SOURCES] + [SOURCES]
    root = data_dir()
    used = []
    for name in names:
        descriptor = resource_descriptor(name, root)
        used.append({"name": name, "path": Path(descriptor["path"]).name, "title": descriptor.get("title", name)})
    return used


COLOUR_CHANNELS = ("color", "fill", "stroke")


def _encodings(spec):
    """Every encoding block in a (possibly layered or concatenated) spec."""
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            yield spec["encoding"]
        for value in spec.values():
            yield from _encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _encodings(value)


def _palette_overflow(spec: dict) -> list[tuple[str, int]]:
    """Nominal colour fields with more categories than the theme's palette has colours, where the
    chart sets no colours of its own: Vega would silently reuse colours for different things."""
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    overflow = []
    for encoding in _encodings(spec):
        for channel in COLOUR_CHANNELS:
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or definition.get("type") != "nominal" or "field" not in definition:
                continue
            scale = definition.get("scale") or {}
            if "range" in scale or "scheme" in scale:
                continue
            categories = {row.get(definition["field"]) for row in rows if definition["field"] in row}
            if len(categories) > len(theme.OKABE_ITO):
                overflow.append((definition["field"], len(categories)))
    return overflow


def _check(spec: dict, name: str) -> None:
    try:
        json.dumps(spec, allow_nan=False)
    except ValueError:
        # NaN is not JSON: Jupyter warns into the notebook and the page's JSON.parse would fail.
        raise ChartError(f"chart {name!r} holds NaN or infinite values: use None (or a nullable dtype) for a gap") from None
    if not spec.get("description"):
        raise ChartError(f"chart {name!r} has no description (screen readers read it)")
    title = spec.get("title")
    if not title or (isinstance(title, dict) and not title.get("text")):
        raise ChartError(f"chart {name!r} has no title saying what it shows")
    datasets = spec.get("datasets", {})
    if datasets and not any(len(rows) for rows in datasets.values()):
        raise ChartError(f"chart {name!r} has no data to draw")
    problems = [*_semantic_colour_errors(spec), *_tooltip_errors(spec)]
    problems += [f"uses {colour}, under 3:1 on the page: pick from bookkit.theme" for colour in _faint_colours(spec)]
    problems += [
        f"binds selection {name!r} to the scales (wheel zoom), so the page stops scrolling over it"
        for name in _wheel_params(spec)
    ]
    if problems:
        raise ChartError(f"chart {name!r}: " + "; ".join(problems))
    for field, count in _palette_overflow(spec):
        raise ChartError(
            f"chart {name!r} colours {count} categories of {field!r} with the theme's "
            f"{len(theme.OKABE_ITO)} colours, so some would share one: group them, or set the scale's range"
        )


def _colour_fields(spec: dict):
    """(encoding definition, categories it colours) for every nominal/ordinal colour channel."""
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    for encoding in _encodings(spec):
        for channel in COLOUR_CHANNELS:
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or definition.get("type") not in ("nominal", "ordinal"):
                continue
            if "field" not in definition:
                continue
            scale = definition.get("scale") or {}
            domain = scale.get("domain") if isinstance(scale.get("domain"), list) else None
            categories = domain or list(dict.fromkeys(row.get(definition["field"]) for row in rows if definition["field"] in row))
            yield definition, categories


def _semantic_values(categories) -> list:
    """The categories that stand for one table entry each. Two that name the same entry (the
    Pentagon's and the White House's estimates, both "US (...)") are parts of it, told apart by
    the series palette instead."""
    names = [theme.semantic_name(value) for value in categories]
    return [value for value, name in zip(categories, names) if name and names.count(name) == 1]


def _semantic_colour_errors(spec: dict) -> list[str]:
    """A known actor or verdict drawn in any colour but the theme's table's, or left to the
    automatic palette (which would give it whatever colour its position happens to get)."""
    errors = []
    for definition, categories in _colour_fields(spec):
        known = _semantic_values(categories)
        if not known:
            continue
        scale = definition.get("scale") or {}
        domain, colours = scale.get("domain"), scale.get("range")
        if not isinstance(domain, list) or not isinstance(colours, list):
            errors.append(
                f"colours {known[:3]} of {definition['field']!r} from the automatic palette: "
                "use scale=bookkit.charts.entity_scale(values)"
            )
            continue
        for value, colour in zip(domain, colours):
            ink = theme.semantic_ink(value) if value in known else None
            if ink and str(colour).lower() != ink.light.lower():
                errors.append(f"draws {value!r} in {colour}, not the theme's {ink.light} ({theme.semantic_name(value)})")
    return errors


HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
NEUTRAL_INKS = {ink.light.lower() for name, ink in theme.INKS.items() if name in ("grid", "tile_edge")}


def _colours_in(value):
    """Every #rrggbb colour written into a mark or an encoding (not the data)."""
    if isinstance(value, str):
        if HEX.match(value):
            yield value.lower()
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in ("data", "datasets", "values", "description", "title", "usermeta", "config"):
                yield from _colours_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _colours_in(inner)


def _faint_colours(spec: dict) -> list[str]:
    """Colours under 3:1 on the light page (WCAG 1.4.11), other than the quiet neutrals
    (gridlines, background bars, tile edges) that carry no data."""
    faint = {
        colour
        for colour in _colours_in(spec)
        if colour not in NEUTRAL_INKS and theme.contrast(colour, theme.LIGHT_BACKGROUND) < theme.MIN_GRAPHIC_CONTRAST
    }
    return sorted(faint)


def _wheel_params(spec) -> list[str]:
    """Selections bound to the scales: they take the mouse wheel, so the page stops scrolling."""
    found = []
    if isinstance(spec, dict):
        for param in spec.get("params", []) or []:
            if isinstance(param, dict) and param.get("bind") == "scales":
                found.append(param.get("name", "?"))
        for key, value in spec.items():
            if key != "params":
                found.extend(_wheel_params(value))
    elif isinstance(spec, list):
        for value in spec:
            found.extend(_wheel_params(value))
    return found


# A value a reader should never be shown: kebab- or snake-case codes ("seen-in-source", "at_least").
CODE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")


def _tooltip_fields(spec: dict):
    for encoding in _encodings(spec):
        tooltip = encoding.get("tooltip")
        for item in tooltip if isinstance(tooltip, list) else [tooltip] if isinstance(tooltip, dict) else []:
            if isinstance(item, dict) and "field" in item:
                yield item


# The datasets' codes, in the words a tooltip shows (datapackage.json describes each code).
PLAIN_WORDS = {
    "seen-in-source": "read in the producer's own document",
    "co-author": "in a document the producer co-wrote",
    "verbatim-copy": "the producer's text, reposted word for word",
    "secondary": "a news report citing the producer",
    "derived": "computed by us (see the note)",
    "exact": "exact",
    "at-least": "at least",
    "at-most": "at most",
    "less-than": "less than",
    "about": "about",
    "year-to-date": "year to date",
    "not_found": "not found",
}


def _used_elsewhere(spec: dict, field: str) -> bool:
    """Whether a field drives anything but a tooltip (an axis, a filter, a sort, a label)."""
    stripped = {key: value for key, value in spec.items() if key not in ("datasets", "usermeta")}
    text = json.dumps(stripped, ensure_ascii=False)
    in_tooltips = sum(1 for item in _tooltip_fields(spec) if item["field"] == field)
    return text.count(f'"field": "{field}"') > in_tooltips or f"datum.{field}" in text or f"datum['{field}']" in text or f'datum[\\"{field}\\"]' in text


def plain_tooltips(spec: dict) -> dict:
    """The spec with coded values in tooltip-only fields written in words (PLAIN_WORDS)."""
    fields = {item["field"] for item in _tooltip_fields(spec) if item.get("type") in ("nominal", "ordinal")}
    fields = {field for field in fields if not _used_elsewhere(spec, field)}
    if not fields:
        return spec
    datasets = {
        name: [{key: PLAIN_WORDS.get(value, value) if key in fields and isinstance(value, str) else value for key, value in row.items()} for row in rows]
        for name, rows in spec.get("datasets", {}).items()
    }
    return {**spec, "datasets": datasets}


def _tooltip_errors(spec: dict) -> list[str]:
    """Tooltip fields without a plain-English title, or whose values are codes or source ids.
    (Empty values are fine: the page's tooltip leaves them out.)"""
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    errors = []
    for item in _tooltip_fields(spec):
        field = item["field"]
        if not item.get("title"):
            errors.append(f"tooltip field {field!r} has no title")
        if "source_id" in field:
            errors.append(f"tooltip field {field!r} shows source ids; name the source in words")
        if item.get("type") in ("nominal", "ordinal"):
            codes = sorted({str(row[field]) for row in rows if isinstance(row.get(field), str) and CODE.match(row[field])})
            if codes:
                errors.append(f"tooltip field {field!r} shows codes {codes[:3]}: map them to words")
    return errors


def _wrap(text, width_px: float, px_per_char: float):
    if not isinstance(text, str):
        return text
    lines = textwrap.wrap(text, max(30, int(width_px / px_per_char)))
    return lines if len(lines) > 1 else text


def wrap_title(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Break a long title and subtitle into lines that fit the chart's width.

    Vega never wraps titles: a long one is clipped in the page (whose fonts differ from the
    PNG renderer's), so lines are broken here, by an average character width.
    """
    spec = chart.to_dict(validate=False)
    title = spec.get("title")
    if not title:
        return chart
    title = {"text": title} if isinstance(title, (str, list)) else dict(title)
    width = spec.get("width") if isinstance(spec.get("width"), (int, float)) else theme.WIDTH
    title["text"] = _wrap(title["text"], width, TITLE_PX_PER_CHAR)
    if "subtitle" in title:
        title["subtitle"] = _wrap(title["subtitle"], width, SUBTITLE_PX_PER_CHAR)
    return chart.properties(title=alt.Title(**title))


def only_used_columns(spec: dict) -> dict:
    """The spec with each inline dataset cut to the columns the chart names somewhere (an
    encoding, a tooltip, a transform, an expression: any whole-word mention) plus ``source_id``: the data travel in the
    page, and a chart drawn from a wide table carried its notes and ids unread (a tenth of the
    envoy chapter's first visit). The figure's table and sources are made before this, from the
    chart's frames. A name is kept if it appears anywhere outside the data, so no column a
    chart reads can be dropped; at worst an unread one stays."""
    datasets = spec.get("datasets") or {}
    named = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    trimmed, changed = {}, False
    for key, rows in datasets.items():
        columns = {column for row in rows if isinstance(row, dict) for column in row}
        unread = {c for c in columns if c != "source_id" and not re.search(rf"(?<!\w){re.escape(c)}(?!\w)", named)}
        trimmed[key] = [{k: v for k, v in row.items() if k not in unread} if isinstance(row, dict) else row for row in rows] if unread else rows
        changed |= bool(unread)
    return {**spec, "datasets": trimmed} if changed else spec


def publish(name: str, chart: alt.TopLevelMixin, *, sources: Iterable) -> alt.VConcatChart:
    """Check a chart, put its source line under it, and glue it as figure ``name``.

    The returned chart is what the figure shows; display it to see it in Jupyter.
    """
    sources = list(sources)
    datasets = datasets_used(chart, sources)
    _check(plain_tooltips(chart.to_dict()), name)
    if len(datasets) < 2:
        raise ChartError(
            f"chart {name!r}: no dataset behind it is known; pass a DataFrame from load() "
            "(or one derived from it that keeps .attrs['resource']) in sources=[...]"
        )
    chart = wrap_title(chart)
    framed = alt.vconcat(
        chart,
        title=alt.Title(
            source_line(*sources),
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color=theme.MUTED,
            offset=10,
        ),
        description=chart.to_dict(validate=False).get("description", alt.Undefined),
        # Top-level metadata Vega-Lite carries but does not draw: the page lists these files
        # under the chart as downloads (render.chart_html), so every chart carries its evidence.
        # The colour table's dark-page editions go with the spec: the page redraws from them. The
        # figure's furniture (table, "data to", sources, citation) is read from here too.
        usermeta={"bookkit": {"datasets": datasets, "dark_inks": theme.dark_inks(), **figure_meta(name, _frames(chart), sources, _source_ids(sources))}},
    ).resolve_legend(**{channel: "independent" for channel in LEGEND_CHANNELS})
    spec = framed.to_dict()
    final = only_used_columns(plain_tooltips(spec))
    if final is not spec:
        # Rebuilt from the spec whose tooltips speak in words; the theme re-applies its config.
        framed = alt.VConcatChart.from_dict({k: v for k, v in final.items() if k not in ("config", "$schema")}, validate=False)
    glue(name, framed, display=False)
    return framed


# Heights (px above the plot) that labels of close dates take in turn, a 12 px label's box (about
# 15 px tall) apart.
LABEL_LEVELS = (-2, -18, -34)


def date_rules(events: pd.DataFrame, date: str, label: str) -> alt.LayerChart:
    """Dashed vertical rules at the given dates (e.g. the envoy's meetings), each with a tooltip.

    Distinct labels (1, 2, 3 …) are written at every rule, at three heights in turn so that
    close dates do not overprint each other; a label shared by all the rules is not written (the
    chart's subtitle says what the dashed lines are, and each rule's tooltip names its event).
    """
    base = alt.Chart(events).encode(x=alt.X(f"{date}:T"))
    rules = base.mark_rule(strokeDash=[4, 3]).encode(
        tooltip=[alt.Tooltip(f"{date}:T", title="Date", format=dates.VL_DAY), alt.Tooltip(f"{label}:N", title="Event")]
    )
    if events[label].nunique() < len(events):
        return alt.layer(rules)
    numbered = base.transform_window(order="row_number()", sort=[alt.SortField(date)])
    levels = [
        numbered.transform_filter(f"datum.order % {len(LABEL_LEVELS)} == {level}").mark_text(baseline="bottom", dy=dy)
        for level, dy in enumerate(LABEL_LEVELS)
    ]
    labels = alt.layer(*(part.encode(text=f"{label}:N", y=alt.value(0)) for part in levels))
    return rules + labels


def _close(first: str, second: str, distance: float = 50) -> bool:
    """Two colours a reader could mistake for each other (a plain RGB distance is enough here)."""
    a, b = (tuple(int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)) for c in (first, second))
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5 < distance


def entity_scale(values: Iterable[str]) -> alt.Scale:
    """A colour scale for the given labels in the theme's table: the United States is always
    the same blue, a verdict always its colour. Labels the table does not know get the series
    palette's colours in order, skipping any the table's labels already use."""
    values = list(dict.fromkeys(values))
    known = _semantic_values(values)
    taken = {theme.semantic_ink(value).light.lower() for value in known}
    spare = iter(colour for colour in theme.OKABE_ITO if not any(_close(colour, other) for other in taken))
    colours = []
    for value in values:
        ink = theme.semantic_ink(value) if value in known else None
        if ink is None:
            try:
                colours.append(next(spare))
            except StopIteration:
                raise ChartError(f"entity_scale: no colour left for {value!r}; add it to bookkit.theme.ENTITIES") from None
        else:
            colours.append(ink.light)
    return alt.Scale(domain=values, range=colours)


# A layer named with this ending is drawn on a wide screen only: charts.js leaves it out when it
# narrows a chart for a phone (place names on a world map shrunk to a phone's width overprint).
WIDE_ONLY = "_wide_only"


def wide_only(layer: alt.TopLevelMixin, name: str) -> alt.TopLevelMixin:
    """``layer``, drawn on a wide screen only (charts.js drops it on a phone); the figure's
    caption should say where a phone reader finds what it shows."""
    return layer.properties(name=name + WIDE_ONLY)


def legend_highlight(field: str, *, dim: float = 0.15) -> tuple[alt.Parameter, alt.Opacity]:
    """A legend the reader can click (or tap) to pick out one series, as (param, opacity):
    ``chart.add_params(param).encode(opacity=opacity)``."""
    pick = alt.selection_point(fields=[field], bind="legend")
    return pick, alt.condition(pick, alt.value(1), alt.value(dim))


def date_tooltip(field: str, title: str = "Date") -> alt.Tooltip:
    """A date in a tooltip, written the book's way (the theme's config.timeFormat)."""
    return alt.Tooltip(f"{field}:T", title=title)


def break_at_gaps(frame: pd.DataFrame, date: str, value: str, *, by: str | list[str] | None = None,
                  longer_than: str = "365D") -> pd.DataFrame:
    """The frame with a row of no value inside each gap between observations longer than
    ``longer_than`` (per ``by`` group): a line drawn from it breaks there rather than drawing a
    straight line across a year nobody measured."""
    groups = frame.groupby(by, sort=False) if by else [(None, frame)]
    pieces = []
    for _, group in groups:
        group = group.sort_values(date)
        gaps = group[date].diff() > pd.Timedelta(longer_than)
        blanks = group.loc[gaps].assign(**{date: lambda d: d[date] - pd.Timedelta(days=1), value: None})
        pieces.extend([group, blanks])
    broken = pd.concat(pieces).sort_values(date, kind="stable")
    # A nullable float column: a mixed (object) column would carry the blanks as NaN, which is
    # not JSON, where <NA> reaches the spec as null.
    broken[value] = pd.to_numeric(broken[value], errors="coerce").astype("Float64")
    broken.attrs = frame.attrs
    return broken


# Room (px) a direct label's 12 px text needs so that two labels do not touch.
LABEL_GAP = 15


def _dodge(positions: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Positions (px, top down) moved apart as little as possible so that neighbours are at least
    ``gap`` apart, kept between ``top`` and ``bottom`` where there is room for all of them."""
    order = sorted(range(len(positions)), key=positions.__getitem__)
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - bottom if placed else 0
    if overflow > 0:  # pushed below the plot: shift the run up, but not above the top
        placed = [max(top, p - overflow) for p in placed]
        for i in range(1, len(placed)):
            placed[i] = max(placed[i], placed[i - 1] + gap)
    moved = [0.0] * len(positions)
    for rank, i in enumerate(order):
        moved[i] = placed[rank]
    return moved


def end_labels(frame: pd.DataFrame, x: str, y: str, series: str, *, scale: alt.Scale | None = None,
               height: float = theme.HEIGHT, domain: tuple[float, float] | None = None,
               gap: float = LABEL_GAP, wrap: int = 14) -> alt.Chart:
    """Each series named at its last point, in its line's colour: a direct label in place of a
    legend (give the lines' colour ``legend=None``).

    Labels that end at the same x and would overprint each other are moved apart vertically,
    by as many pixels as a plot ``height`` px tall over the y ``domain`` (by default zero to the
    largest value) needs; the label's position is written back in data units, so it rides the
    chart's own y scale. Only the height matters: a phone narrows a chart, it does
    not shorten it, so labels clear of each other on a desktop stay clear on a phone.
    """
    for column in (x, y, series):
        if column not in frame.columns:
            raise ChartError(f"end_labels: the frame has no column {column!r}")
    ends = frame.dropna(subset=[y]).sort_values(x, kind="stable").groupby(series, sort=False).tail(1).copy()
    lo, hi = domain or (min(0.0, float(frame[y].min())), float(frame[y].max()))
    span = (hi - lo) or 1.0
    ends["_px"] = height * (1 - (ends[y].astype(float) - lo) / span)
    ends["label_at"] = ends[y].astype(float)
    ends["label"] = ends[series].astype(str).map(lambda name: "\n".join(textwrap.wrap(name, wrap)) or name)
    for _, group in ends.groupby(x):
        lines = int(group["label"].str.count("\n").max()) + 1
        placed = _dodge(group["_px"].tolist(), gap * lines, 0.0, float(height))
        ends.loc[group.index, "label_at"] = [hi - p / height * span for p in placed]
    ends = ends.drop(columns="_px")
    ends.attrs = frame.attrs
    colour = alt.Color(f"{series}:N", scale=scale if scale is not None else entity_scale(frame[series]), legend=None)
    return (
        alt.Chart(ends)
        .mark_text(align="left", baseline="middle", dx=7, fontWeight=600, lineBreak="\n")
        .encode(x=f"{x}:T" if pd.api.types.is_datetime64_any_dtype(frame[x]) else f"{x}:Q",
                y="label_at:Q", text="label:N", color=colour)
    )


def tooltips(fields: dict) -> list[alt.Tooltip]:
    """Tooltip fields one a line: ``tooltips({"edition:N": "Edition", "usd_bn:Q": ("US$ billion",
    ",.0f")})``, each shorthand to its plain-English title, or to (title, format)."""
    tips = []
    for shorthand, title in fields.items():
        title, fmt = (title, alt.Undefined) if isinstance(title, str) else title
        tips.append(alt.Tooltip(shorthand, title=title, format=fmt))
    return tips


def year_axis(title: str | None = None) -> alt.Axis:
    """A date axis for a series that runs over several years: one tick a year, written "2023",
    so a phone's narrow axis is not left with a single "Jan 2023"."""
    return alt.Axis(title=title, format="%Y", tickCount="year")


def panel_rows(field: str, *, sort=alt.Undefined, bold: bool = True) -> alt.Row:
    """Small multiples one above another, each panel's name over its top-left corner: beside
    the panel it would take the width a phone needs for the plot."""
    header = alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                        labelFontWeight="bold" if bold else "normal", labelPadding=4)
    return alt.Row(f"{field}:N", title=None, sort=sort, header=header)


def date_ticks(values, title: str | None = None) -> alt.Axis:
    """A date axis with a tick at each of the given dates only ("Feb 2024"), for a few
    irregular observations (survey waves, releases) that automatic ticks would miss; labels
    that would touch are thinned by the theme. The last label ends at its tick, so that it
    stays inside the axis (the theme starts every date label at its tick)."""
    stamps = sorted(pd.Timestamp(value) for value in values)
    return alt.Axis(title=title, values=[stamp.isoformat() for stamp in stamps], format=dates.VL_AXIS,
                    labelAlign={"condition": {"test": "datum.index === 1", "value": "right"}, "value": "left"})
