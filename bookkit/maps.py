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
        raise ValueError("outlines(): the frame has no 'geometry' column (load 'country_outlines' or 'ukraine_oblasts')")
    return frame.assign(geometry=frame["geometry"].map(json.loads))


def basemap(frame: pd.DataFrame, *, fill: str = LAND, name: str = "country", title: str = "Country") -> alt.Chart:
    """Land, one shape per row (a country, an oblast), for a map's bottom layer; hovering a shape
    names it from column ``name``."""
    return (
        alt.Chart(outlines(frame))
        # Clipped to the view: the projection shows only the area a map is fitted to. Land is
        # scenery, not data: hidden from screen readers (its label would read "[object Object]").
        .mark_geoshape(fill=fill, stroke=BORDER, strokeWidth=0.5, clip=True, aria=False)
        .encode(shape=alt.Shape("geometry", type="geojson"), tooltip=alt.Tooltip(f"{name}:N", title=title))
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


def label_points(frame: pd.DataFrame, name: str, within: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
    """Where to write each outline's name: the centre of its largest polygon, or of the part of it
    inside ``within`` (west, south, east, north) for a map that shows only that area. One row per
    outline that reaches the area, with ``name``, ``longitude`` and ``latitude``."""
    out = []
    for label, geometry in zip(frame[name], outlines(frame)["geometry"]):
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [_clip(polygon[0], within) if within else polygon[0] for polygon in polygons]
        centres = [c for c in map(_centroid, rings) if c is not None]
        if centres:
            (longitude, latitude), _ = max(centres, key=lambda c: c[1])
            out.append({name: label, "longitude": longitude, "latitude": latitude})
    return pd.DataFrame(out, columns=[name, "longitude", "latitude"])


def _centroid(ring: list) -> tuple[tuple[float, float], float] | None:
    """A ring's centre of area and its area (in square degrees: enough to compare neighbours)."""
    area = x = y = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area, x, y = area + cross, x + (x0 + x1) * cross, y + (y0 + y1) * cross
    if abs(area) < 1e-12:
        return None
    return (x / (3 * area), y / (3 * area)), abs(area) / 2


def _clip(ring: list, box: tuple[float, float, float, float]) -> list:
    """A ring cut to a box (Sutherland–Hodgman: one edge of the box at a time)."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross(a, b, 0, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross(a, b, 0, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross(a, b, 1, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross(a, b, 1, north)),
    ]
    for inside, crossing in edges:
        kept = []
        for a, b in zip(ring[-1:] + ring[:-1], ring):
            if inside(b):
                if not inside(a):
                    kept.append(crossing(a, b))
                kept.append(b)
            elif inside(a):
                kept.append(crossing(a, b))
        ring = kept
        if not ring:
            break
    return ring


def _cross(a, b, axis: int, value: float) -> list[float]:
    t = (value - a[axis]) / (b[axis] - a[axis])
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
