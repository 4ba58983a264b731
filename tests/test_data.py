"""The data package: complete, sourced, and guarded. Each seeded bad input must stop with an
error naming the file, the column, the row and the rule."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import bookkit
from bookkit import data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


def test_every_csv_is_a_resource_and_every_resource_has_its_file():
    on_disk = {p.name for p in DATA.glob("*.csv")}
    described = {r["path"] for r in RESOURCES.values()}
    assert on_disk == described


def test_every_resource_is_documented():
    for name, resource in RESOURCES.items():
        assert resource.get("title") and resource.get("description"), name
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{name}.{field['name']} has no description"
        if name != data.SOURCES:
            assert resource.get("caveats"), f"{name} lists no caveats"


def test_every_row_points_to_a_source_with_a_url():
    data.validate()  # includes the foreign keys into sources
    sources = bookkit.sources()
    assert sources["url"].str.match(r"https?://").all()
    assert sources[["organisation", "document", "published", "seen_via", "kind"]].notna().all().all()
    for name, resource in RESOURCES.items():
        fields = {f["name"] for f in resource["schema"]["fields"]}
        if name in (data.SOURCES, "claims"):
            continue
        assert {"source_id", "confidence", "note"} <= fields, name


def test_load_returns_typed_frames():
    casualties = bookkit.load("civilian_casualties")
    assert pd.api.types.is_datetime64_any_dtype(casualties["as_of"])
    assert str(casualties["persons"].dtype) == "Int64"
    assert str(casualties["measure"].dtype) == "string"
    assert casualties.attrs["resource"] == "civilian_casualties"


def test_unknown_dataset_is_named():
    with pytest.raises(data.DataError, match="no dataset named 'nope'"):
        bookkit.load("nope")


# --- seeded bad input -------------------------------------------------------------------


def edit(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(column: str, value: str, row: int = 1):
    def change(rows):
        rows[row][rows[0].index(column)] = value

    return change


def rows(change):
    """A change to a CSV file's rows, as a change to the file."""
    return lambda path: edit(path, change)


def truncate(keep: int):
    def change(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:keep]), encoding="utf-8")

    return change


def ragged(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\r\n") + ",an extra cell\n"
    path.write_text("".join(lines), encoding="utf-8")


# Each seeded bad input: the dataset, the change, and what the error must say after the file name.
BAD_INPUTS = {
    "text in a numeric column": ("civilian_casualties", rows(set_cell("persons", "many")), r"column 'persons', row at line 2: .*\[rule: type-error\]"),
    "a renamed column": ("civilian_casualties", rows(set_cell("persons", "people", row=0)), r"column 'persons'.*\[rule: incorrect-label\]"),
    "a missing column": ("civilian_casualties", rows(lambda rows: [r.pop() for r in rows]), r"column 'note'.*\[rule: missing-label\]"),
    "a negative count": ("civilian_casualties", rows(set_cell("persons", "-3")), r"column 'persons', row at line 2: .*minimum.*\[rule: constraint-error\]"),
    "a share over 100": ("russian_crude_buyers", rows(set_cell("share_pct", "140")), r"column 'share_pct', row at line 2: .*maximum.*\[rule: constraint-error\]"),
    "a duplicate key": ("civilian_casualties", rows(lambda rows: rows.append(list(rows[1]))), r"column .*row at line \d+: .*\[rule: primary-key\]"),
    "an unparseable date": ("civilian_casualties", rows(set_cell("as_of", "31/12/2024")), r"column 'as_of', row at line 2: .*\[rule: type-error\]"),
    "an impossible date": ("civilian_casualties", rows(set_cell("as_of", "2025-02-30")), r"column 'as_of', row at line 2: .*\[rule: type-error\]"),
    "a source id that does not exist": ("civilian_casualties", rows(set_cell("source_id", "no-such-source")), r"column 'source_id', row at line 2: .*no-such-source.*\[rule: foreign-key\]"),
    "a ragged row": ("civilian_casualties", ragged, r"column \d+ \(past the header's last column\), row at line 2: .*\[rule: extra-cell\]"),
    "a header only": ("civilian_casualties", truncate(1), r"header: the file has a header but no data rows \[rule: non-empty\]"),
    "an empty file": ("civilian_casualties", truncate(0), r"file is empty \[rule: non-empty\]"),
    "a missing file": ("civilian_casualties", lambda path: path.unlink(), r"file missing .*\[rule: file-exists\]"),
    "a day the source never gave": ("sources", rows(lambda rows: (set_cell("published", "2025-02-11")(rows), set_cell("published_precision", "month")(rows))), r"column 'published', row at line 2: published_precision is 'month'.*\(value '2025-02-11'\) \[rule: date-precision\]"),
    "an unknown date precision": ("sources", rows(set_cell("published_precision", "week")), r"column 'published_precision', row at line 2: .*\[rule: constraint-error\]"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_named(data_copy, case):
    name, change, message = BAD_INPUTS[case]
    path = data_copy / RESOURCES[name]["path"]
    change(path)
    with pytest.raises(data.DataError, match=rf"data/{path.name}(, |: ){message}"):
        bookkit.load(name)
    with pytest.raises(data.DataError, match=rf"data/{path.name}(, |: ){message}"):
        data.validate()


def test_bibliography_matches_sources():
    from bookkit import bib

    assert bib.BIB_FILE.read_text(encoding="utf-8") == bib.render(), "run: python -m bookkit.bib"


def test_ledger_covers_the_headline_numbers_and_every_named_person():
    claims = bookkit.load("claims")
    said = " ".join(claims["article_text"]).lower()
    for needle in ("10,000", "486 billion", "73%", "48%", "77%", "vasylyuk", "shevchenko", "hertling", "kovalenko", "witkoff"):
        assert needle in said, f"the claims ledger has no row for {needle!r}"
    people = claims.query("category == 'person'")
    assert set(people["verdict"]) <= {"confirmed", "outdated", "differs", "unverified", "not_found"}
