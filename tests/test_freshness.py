import pandas as pd
import pytest

from bookkit import load
from bookkit.data import DataError
from bookkit.freshness import data_to


def test_data_to_is_the_newest_observation_drawn():
    casualties = load("civilian_casualties")
    newest = data_to(casualties)
    assert newest.date == casualties["as_of"].max()
    assert str(newest) == f"{newest.date.day} {newest.date:%B} {newest.date.year}"


def test_a_year_column_is_precise_to_the_year_and_the_newest_frame_wins():
    gas = load("eu_gas_imports_russia")
    newest = data_to(gas)
    assert (newest.precision, str(newest)) == ("year", str(int(gas["year"].max())))
    both = data_to(gas, load("civilian_casualties"))
    assert both.date == max(newest.date, load("civilian_casualties")["as_of"].max())


def test_a_month_precision_column_is_honoured():
    frame = load("civilian_casualties").head(1)
    frame = frame.assign(as_of=pd.Timestamp("2026-02-01"), as_of_precision="month")
    assert str(data_to(frame)) == "February 2026"


def test_frames_not_from_load_are_refused():
    with pytest.raises(DataError, match="load"):
        data_to(pd.DataFrame({"as_of": [pd.Timestamp("2025-01-01")]}))
