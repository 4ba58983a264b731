"""The shared chart shapes chapters build from: direct end labels, tooltips, the year axis."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import bookkit
from bookkit import ChartError, theme
from bookkit.charts import LABEL_GAP, _dodge, date_ticks, end_labels, panel_rows, tooltips, year_axis

LINES = pd.DataFrame(
    {
        "date": pd.to_datetime(["2022-01-01", "2023-01-01"] * 3),
        "value": [10.0, 100.0, 5.0, 98.0, 1.0, 40.0],
        "who": ["United States"] * 2 + ["Russia"] * 2 + ["A third party"] * 2,
    }
)


@pytest.fixture(autouse=True)
def enabled():
    bookkit.use()


def labels(chart: alt.Chart) -> pd.DataFrame:
    return pd.DataFrame(chart.data)


def test_each_series_is_named_once_at_its_last_point():
    ends = labels(end_labels(LINES, "date", "value", "who"))
    assert sorted(ends["who"]) == ["A third party", "Russia", "United States"]
    assert (ends["date"] == pd.Timestamp("2023-01-01")).all()


def test_labels_take_the_theme_colour_of_what_they_name_and_leave_no_legend():
    encoding = end_labels(LINES, "date", "value", "who").to_dict()["encoding"]
    scale = dict(zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"]))
    assert scale["Russia"] == theme.ENTITIES["Russia"].light
    assert encoding["color"]["legend"] is None
    assert encoding["text"]["field"] == "label"


def test_long_names_take_two_lines_and_keep_their_neighbours_clear():
    long = LINES.replace({"United States": "Europe (European donors + EU institutions)"})
    ends = labels(end_labels(long, "date", "value", "who", height=320, wrap=14)).set_index("who")
    assert "\n" in ends.loc["Europe (European donors + EU institutions)", "label"]
    assert all(len(line) <= 14 for line in ends["label"].str.split("\n").sum())
    px = 320 * (1 - ends["label_at"] / 100)
    assert abs(px.iloc[0] - px.iloc[1]) >= 3 * 15  # three lines of the long name, then Russia


def test_labels_that_would_overprint_are_moved_apart_on_the_plot():
    height = 320
    ends = labels(end_labels(LINES, "date", "value", "who", height=height)).set_index("who")
    px = height * (1 - ends["label_at"] / 100)
    assert abs(px["United States"] - px["Russia"]) >= LABEL_GAP - 1e-9
    # A label with room of its own stays at its value.
    assert ends.loc["A third party", "label_at"] == 40.0


def test_labels_ending_at_different_dates_are_left_where_they_are():
    staggered = LINES.assign(date=pd.to_datetime(["2022-01-01", "2023-01-01", "2022-01-01", "2022-06-01", "2022-01-01", "2022-03-01"]))
    ends = labels(end_labels(staggered, "date", "value", "who")).set_index("who")
    assert (ends["label_at"] == ends["value"]).all()


def test_dodging_keeps_labels_inside_the_plot_and_in_order():
    placed = _dodge([318.0, 319.0, 320.0], 15, 0.0, 320.0)
    assert placed == sorted(placed) and placed[-1] <= 320.0
    assert all(b - a >= 15 for a, b in zip(placed, placed[1:]))


def test_end_labels_name_a_missing_column():
    with pytest.raises(ChartError, match="'donor'"):
        end_labels(LINES, "date", "value", "donor")


def test_tooltips_give_every_field_a_title_and_keep_formats():
    tips = [tip.to_dict() for tip in tooltips({"who:N": "Actor", "value:Q": ("US$ billion", ",.0f")})]
    assert tips == [
        {"field": "who", "type": "nominal", "title": "Actor"},
        {"field": "value", "type": "quantitative", "title": "US$ billion", "format": ",.0f"},
    ]


def test_year_axis_ticks_once_a_year():
    axis = year_axis("Year").to_dict()
    assert axis["format"] == "%Y" and axis["tickCount"] == "year"


def test_panel_rows_name_each_panel_above_its_top_left_corner():
    row = panel_rows("agency", sort=["b", "a"]).to_dict()
    assert row["field"] == "agency" and row["sort"] == ["b", "a"] and row["title"] is None
    assert row["header"]["labelOrient"] == "top" and row["header"]["labelAnchor"] == "start"
    assert row["header"]["labelAngle"] == 0


def test_date_ticks_name_only_the_given_dates_in_the_books_format():
    axis = date_ticks(pd.to_datetime(["2024-02-29", "2025-02-28"]), "Data up to").to_dict()
    assert axis["values"] == ["2024-02-29T00:00:00", "2025-02-28T00:00:00"]
    assert axis["format"] == bookkit.dates.VL_AXIS and axis["title"] == "Data up to"
    # The last label ends at its tick (it would run past the axis and be dropped).
    assert axis["labelAlign"] == {"condition": {"test": "datum.index === 1", "value": "right"}, "value": "left"}
