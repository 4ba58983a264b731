"""Chart helpers the chapters share: the publishing gate, source lines and annotations."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

import altair as alt
import pandas as pd
from myst_nb import glue

from . import theme
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
    if not spec.get("description"):
        raise ChartError(f"chart {name!r} has no description (screen readers read it)")
    title = spec.get("title")
    if not title or (isinstance(title, dict) and not title.get("text")):
        raise ChartError(f"chart {name!r} has no title saying what it shows")
    datasets = spec.get("datasets", {})
    if datasets and not any(len(rows) for rows in datasets.values()):
        raise ChartError(f"chart {name!r} has no data to draw")
    for field, count in _palette_overflow(spec):
        raise ChartError(
            f"chart {name!r} colours {count} categories of {field!r} with the theme's "
            f"{len(theme.OKABE_ITO)} colours, so some would share one: group them, or set the scale's range"
        )


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


def publish(name: str, chart: alt.TopLevelMixin, *, sources: Iterable) -> alt.VConcatChart:
    """Check a chart, put its source line under it, and glue it as figure ``name``.

    The returned chart is what the figure shows; display it to see it in Jupyter.
    """
    _check(chart.to_dict(), name)
    sources = list(sources)
    datasets = datasets_used(chart, sources)
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
            color="#57606a",
            offset=10,
        ),
        description=chart.to_dict(validate=False).get("description", alt.Undefined),
        # Top-level metadata Vega-Lite carries but does not draw: the page lists these files
        # under the chart as downloads (render.chart_html), so every chart carries its evidence.
        usermeta={"bookkit": {"datasets": datasets, **figure_meta(name, _frames(chart), sources, _source_ids(sources))}},
    ).resolve_legend(**{channel: "independent" for channel in LEGEND_CHANNELS})
    glue(name, framed, display=False)
    return framed


def date_rules(events: pd.DataFrame, date: str, label: str) -> alt.LayerChart:
    """Dashed vertical rules at the given dates (e.g. the envoy's meetings), each with a tooltip.

    Distinct labels (1, 2, 3 …) are written at every rule; a label shared by all the rules is
    written once, at the first, so close dates do not overprint it.
    """
    base = alt.Chart(events).encode(x=alt.X(f"{date}:T"))
    rules = base.mark_rule(strokeDash=[4, 3]).encode(
        tooltip=[alt.Tooltip(f"{date}:T", title="Date", format="%-d %B %Y"), alt.Tooltip(f"{label}:N", title="Event")]
    )
    if events[label].nunique() == len(events):
        labels = base.mark_text(dx=0, baseline="bottom", dy=-2).encode(text=f"{label}:N", y=alt.value(0))
    else:
        first = base.transform_window(order="row_number()", sort=[alt.SortField(date)]).transform_filter("datum.order == 1")
        labels = first.mark_text(align="right", dx=-4, baseline="top", dy=2).encode(text=f"{label}:N", y=alt.value(0))
    return rules + labels
