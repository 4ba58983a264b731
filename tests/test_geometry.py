"""The maps' geometry (bookkit.geometry, bookkit.maps): oblasts converted from a package's
TopoJSON keep their shared borders shared when simplified, carry the book's spelling, and get
their names written inside them, or inside the part a close-up map shows."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bookkit import geometry, maps


def test_simplifying_drops_only_the_points_within_the_tolerance_and_keeps_the_ends():
    wiggle = [(0.0, 0.0), (1.0, 0.004), (2.0, -0.004), (3.0, 0.0)]
    assert geometry.simplify(wiggle, 0.01) == [(0.0, 0.0), (3.0, 0.0)]
    spike = [(0.0, 0.0), (0.75, 0.252), (1.5, 0.5), (2.25, 0.248), (3.0, 0.0)]  # near its two sides
    assert geometry.simplify(spike, 0.01) == [(0.0, 0.0), (1.5, 0.5), (3.0, 0.0)]


def _two_oblasts(west_name="Donets'k", east_name="Luhans'k"):
    """Two unit squares side by side; their shared border (arc 0) wiggles by less than the
    tolerance. Arcs are delta-coded in a grid of 0.001°."""
    arcs = [
        [[1000, 0], [2, 500], [-2, 500]],  # the shared border, x = 1, from y = 0 to y = 1
        [[1000, 1000], [-1000, 0], [0, -1000], [1000, 0]],  # the west square's other three sides
        [[1000, 0], [1000, 0], [0, 1000], [-1000, 0]],  # the east square's other three sides
    ]
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.001, 0.001], "translate": [30, 45]},
        "arcs": arcs,
        "objects": {"ukr": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": west_name}},
            {"type": "Polygon", "arcs": [[~0, 2]], "properties": {"name": east_name}},
        ]}},
    }
    features = {"type": "FeatureCollection", "features": [
        {"properties": {"name": west_name, "adm1_code": "UKR-1"}},
        {"properties": {"name": east_name, "adm1_code": "UKR-2"}},
    ]}
    return topology, features


def test_oblasts_are_spelled_the_books_way_and_still_meet_after_simplifying():
    rows = geometry.admin1_rows(*_two_oblasts(), "geo-test")
    assert [(r["adm1_code"], r["name"], r["oblast"]) for r in rows] == [("UKR-1", "Donets'k", "Donetsk"), ("UKR-2", "Luhans'k", "Luhansk")]
    west, east = (json.loads(r["geometry"])["coordinates"][0] for r in rows)
    border = {tuple(p) for p in west if p[0] == 31.0}
    assert len(west) == len(east) == 5  # four corners, closed: the wiggle is gone from the border...
    assert border == {(31.0, 45.0), (31.0, 46.0)}
    assert border <= {tuple(p) for p in east}  # ...and from both sides of it alike
    assert all(r["confidence"] == "derived" for r in rows)


def test_an_oblast_the_spelling_table_does_not_know_stops_the_conversion():
    with pytest.raises(ValueError, match="Kyivska"):
        geometry.admin1_rows(*_two_oblasts(east_name="Kyivska"), "geo-test")


def test_a_name_is_written_inside_its_outline_or_inside_the_part_a_map_shows():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]}
    frame = pd.DataFrame({"oblast": ["Square"], "geometry": [json.dumps(square)]})
    whole = maps.label_points(frame, "oblast")
    assert whole[["longitude", "latitude"]].round(6).values.tolist() == [[1.0, 1.0]]
    half = maps.label_points(frame, "oblast", within=(0, 0, 1, 3))
    assert half[["longitude", "latitude"]].round(6).values.tolist() == [[0.5, 1.0]]
    assert maps.label_points(frame, "oblast", within=(5, 5, 6, 6)).empty  # not on this map
