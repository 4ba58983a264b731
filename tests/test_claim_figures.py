"""The ledger's reasons take their figures from the data (bookkit.claim_figures)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bookkit import claim_figures, data
from bookkit.data import DataError
from bookkit.dates import short_date
from bookkit.prose import count_word
from conftest import rewrite_csv

ROOT = Path(__file__).resolve().parent.parent


def reason(claims, claim_id: str) -> str:
    return claims.set_index("claim_id").loc[claim_id, "sources_say"]


def test_every_name_the_ledger_uses_is_filled_in():
    claims = claim_figures.filled(data.load("claims"))
    for column in claim_figures.TEXT_COLUMNS:
        left = claims[column].dropna().str.extract(claim_figures.PLACEHOLDER.pattern, expand=False).dropna()
        assert left.empty, left


def test_a_figure_follows_its_data(data_copy):
    """Drop the last envoy meeting from a copy of the timeline: the ledger's count and its last
    date follow."""
    meetings = [r for r in csv.DictReader((data_copy / "diplomatic_timeline.csv").open(encoding="utf-8"))
                if r["event_type"] == "envoy_meeting" and "Putin" in r["event"]]
    last = max(meetings, key=lambda r: r["start_date"])
    before = reason(claim_figures.filled(data.load("claims")), "rare-direct-engagement")
    rewrite_csv(data_copy / "diplomatic_timeline.csv", lambda rows: rows.remove(next(r for r in rows if r["event_id"] == last["event_id"])))
    after = reason(claim_figures.filled(data.load("claims")), "rare-direct-engagement")
    assert before.startswith(f"Witkoff met Putin {count_word(len(meetings))} times"), before
    assert after.startswith(f"Witkoff met Putin {count_word(len(meetings) - 1)} times"), after
    assert short_date(last["start_date"]) in before and short_date(last["start_date"]) not in after


def test_an_unknown_name_stops_with_file_column_and_line(data_copy):
    rewrite_csv(data_copy / "claims.csv", lambda rows: rows[3].update(note="Rounded from {no_such_figure}."))
    with pytest.raises(DataError, match=r"data/claims\.csv, column 'note', line 5 \(claim '[\w-]+'\): unknown figure \{no_such_figure\}"):
        claim_figures.filled(data.load("claims"))


def test_a_filled_figure_is_text_and_markup_in_the_row_stays_text(data_copy):
    """The figures go in before the ledger escapes the row, so a payload beside one stays inert."""
    from bookkit import ledger

    rewrite_csv(data_copy / "claims.csv",
            lambda rows: rows[0].update(sources_say="{envoy_meetings} meetings <script>alert(1)</script> **bold**"))
    claims = claim_figures.filled(data.load("claims"))
    entry = ledger.claim_entry(next(claims.itertuples()), data.sources(), [])
    assert "seven meetings" in entry and "<script>" not in entry and "**bold**" not in entry


def test_pages_that_fill_the_ledgers_figures_are_keyed_on_their_datasets():
    """The ledger and the front page re-execute when a dataset the figures come from changes;
    a chapter that does not import bookkit.claim_figures is not keyed on them."""
    from bookkit import cache_keys

    descriptor = data.package_descriptor(ROOT / "data")
    read = {page: cache_keys.datasets_read((ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8"), descriptor)
            for page in ("claims-ledger", "about", "support-at-home")}
    for page in ("claims-ledger", "about"):
        assert {"diplomatic_timeline", "russia_oil_gas_revenue", "dprk_troop_estimates"} <= set(read[page]), read[page]
    assert "dprk_troop_estimates" not in read["support-at-home"]
