"""Country outlines for the book's maps, made from the world-atlas npm package's TopoJSON
(Natural Earth, public domain) and stored in ``data/`` as tidy CSV: one country a row, its
outline a GeoJSON geometry in a text column. The maps then draw offline, from the data package,
in the site and in the PDF alike.

Regenerate (after ``npm pack world-atlas@2.0.2`` and unpacking it)::

    python -m bookkit.geometry package/countries-110m.json data/country_outlines.csv
    python -m bookkit.geometry package/countries-50m.json data/ukraine_outline.csv --only 804
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

SOURCE_ID = {"110m": "geo-world-atlas-110m", "50m": "geo-world-atlas-50m"}
DECIMALS = 3  # about 100 m: finer than either resolution draws


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


def _ring(indexes: list[int], arcs: list) -> list[list[float]]:
    ring: list = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)  # consecutive arcs share their end point
    return [list(p) for p in ring]


def geometry(shape: dict, arcs: list) -> dict | None:
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in shape["arcs"]]}
    if shape["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[_ring(r, arcs) for r in p] for p in shape["arcs"]]}
    return None


def rows(topology: dict, source_id: str, only: set[str] | None = None) -> list[dict]:
    arcs = _arcs(topology)
    out = []
    for shape in topology["objects"]["countries"]["geometries"]:
        if only and shape.get("id") not in only | {"643"}:  # Russia: Crimea is cut from it
            continue
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
    parser.add_argument("--only", nargs="*", help="ISO 3166-1 numeric codes to keep")
    args = parser.parse_args(argv)
    resolution = "50m" if "50m" in args.topojson.name else "110m"
    only = set(args.only or []) or None
    table = rows(json.loads(args.topojson.read_text()), SOURCE_ID[resolution], only)
    if only:  # Russia was read only to take Crimea from it
        table = [row for row in table if row["iso_n3"] in only or row["country"] == "Crimea"]
    with args.csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{args.csv}: {len(table)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
