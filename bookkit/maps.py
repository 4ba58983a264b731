"""Maps: the data package's country outlines drawn with Altair's ``geoshape``.

The outlines travel inside each chart's spec (no tile server, no fetched TopoJSON), so a map
draws offline in the site, in JupyterLab and in the PDF's PNG alike. Land and borders use the
theme's neutral inks, which the site swaps for dark mode; data colours stay the palette's.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import theme

LAND = theme.GRID  # the pale grey of gridlines: land recedes behind the data drawn on it
BORDER = "#ffffff"  # borders as gaps between countries (the page colour in dark mode too)


def outlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Outline rows with each GeoJSON geometry parsed, ready for ``shape=`` (keeps ``attrs``)."""
    if "geometry" not in frame:
        raise ValueError("outlines(): the frame has no 'geometry' column (load 'country_outlines' or 'ukraine_outline')")
    return frame.assign(geometry=frame["geometry"].map(json.loads))


def basemap(frame: pd.DataFrame, *, fill: str = LAND) -> alt.Chart:
    """Land, one shape per country, for a map's bottom layer; hovering a country names it."""
    return (
        alt.Chart(outlines(frame))
        # Clipped to the view: the projection shows only the area a map is fitted to. Land is
        # scenery, not data: hidden from screen readers (its label would read "[object Object]").
        .mark_geoshape(fill=fill, stroke=BORDER, strokeWidth=0.5, clip=True, aria=False)
        .encode(shape=alt.Shape("geometry", type="geojson"), tooltip=alt.Tooltip("country:N", title="Country"))
    )


def extent(west: float, south: float, east: float, north: float) -> dict:
    """A box to fit a map's projection to (``alt.Projection(fit=...)``): the map shows this area."""
    # Corner points, not a polygon: d3 reads a ring's winding on the sphere, and the wrong one
    # would mean "everything but this box".
    corners = [[west, south], [east, south], [east, north], [west, north]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}


def bounds(frame: pd.DataFrame) -> dict:
    """The extent of some outlines, to fit a projection to. Left to fit itself to the outlines
    of a concatenated map, the page's Vega drew them as NaN paths (vl-convert's PNG did not)."""
    points = [point for geometry in outlines(frame)["geometry"] for point in _points(geometry["coordinates"])]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return extent(min(xs), min(ys), max(xs), max(ys))


def _points(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for inner in coordinates:
        yield from _points(inner)


def box(west: float, south: float, east: float, north: float) -> dict:
    """A rectangle to outline an area (an inset's frame), as a GeoJSON polygon d3 reads the right
    way round: its ring runs clockwise."""
    ring = [[west, south], [west, north], [east, north], [east, south], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}
