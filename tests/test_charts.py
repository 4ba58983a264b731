"""The publishing gate: a chart without a title, a description, data or a source never ships."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import bookkit
from bookkit import ChartError

FRAME = pd.DataFrame({"x": [1, 2], "y": [3, 4]})


def chart(frame=FRAME, **properties):
    return alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q").properties(**properties)


@pytest.fixture(autouse=True)
def enabled():
    bookkit.use()


def test_source_line_names_organisations_and_years():
    casualties = bookkit.load("civilian_casualties")
    lines = bookkit.source_line(casualties)
    text = " ".join(lines)
    assert text.startswith("Source")
    assert "OHCHR" in text and "Data and sources" in text
    assert all(len(line) <= 100 for line in lines)


def test_long_source_lists_name_the_main_organisations():
    text = " ".join(bookkit.source_line(*bookkit.sources().index))
    assert "other sources" in text
    assert text.count(";") == 4


def test_source_line_rejects_unknown_ids():
    with pytest.raises(bookkit.DataError, match="no-such-id"):
        bookkit.source_line("no-such-id")


@pytest.mark.parametrize(
    "bad, message",
    [
        (chart(title="A title"), "no description"),
        (chart(description="A description of the chart."), "no title"),
        (chart(FRAME.iloc[0:0], title="T", description="D"), "no data"),
    ],
)
def test_publish_refuses_unfit_charts(bad, message):
    casualties = bookkit.load("civilian_casualties")
    with pytest.raises(ChartError, match=message):
        bookkit.publish("fig-test", bad, sources=[casualties])


def test_publish_refuses_more_colour_categories_than_the_palette_has():
    casualties = bookkit.load("civilian_casualties")
    many = pd.DataFrame({"x": range(9), "y": range(9), "group": list("abcdefghi")})
    crowded = chart(many, title="T", description="D").encode(color="group:N")
    with pytest.raises(ChartError, match="9 categories of 'group'"):
        bookkit.publish("fig-test", crowded, sources=[casualties])
    own_colours = crowded.encode(color=alt.Color("group:N", scale=alt.Scale(range=["#000000"] * 9)))
    bookkit.publish("fig-test", own_colours, sources=[casualties])


def test_publish_adds_the_source_line_below():
    casualties = bookkit.load("civilian_casualties")
    framed = bookkit.publish("fig-test", chart(title="T", description="D d d"), sources=[casualties])
    spec = framed.to_dict()
    assert spec["title"]["orient"] == "bottom"
    assert spec["title"]["text"][0].startswith("Source")
    assert spec["description"] == "D d d"


def test_long_titles_are_wrapped_to_the_chart_width():
    long = "A title that is far too long to fit on one line above a chart that is only three hundred pixels wide"
    wrapped = bookkit.charts.wrap_title(chart(title=alt.Title(long, subtitle="short"), description="D").properties(width=300))
    text = wrapped.to_dict()["title"]["text"]
    assert isinstance(text, list) and len(text) > 1
    assert all(len(line) <= 300 / bookkit.charts.TITLE_PX_PER_CHAR for line in text)
    assert " ".join(text) == long
    assert wrapped.to_dict()["title"]["subtitle"] == "short"


def test_publish_records_the_datasets_behind_the_chart():
    casualties = bookkit.load("civilian_casualties")
    claims = bookkit.load("claims")
    # claims only reaches the chart as its data; the Series of ids has lost its attrs.
    drawn = alt.Chart(claims).mark_bar().encode(x="count():Q").properties(title="T", description="D")
    framed = bookkit.publish("fig-test", drawn, sources=[claims["source_ids"].str.split(";").explode(), casualties])
    datasets = framed.to_dict()["usermeta"]["bookkit"]["datasets"]
    assert [d["name"] for d in datasets] == ["civilian_casualties", "claims", "sources"]
    assert [d["path"] for d in datasets] == ["civilian_casualties.csv", "claims.csv", "sources.csv"]


def test_datasets_are_found_in_layers_and_derived_frames():
    casualties = bookkit.load("civilian_casualties")
    derived = casualties.query("measure == 'killed'").assign(year=lambda d: d["as_of"].dt.year)
    layered = alt.Chart(derived).mark_line().encode(x="as_of:T", y="persons:Q") + alt.Chart(FRAME).mark_point()
    names = [d["name"] for d in bookkit.charts.datasets_used(alt.vconcat(layered), [])]
    assert names == ["civilian_casualties", "sources"]


def test_publish_refuses_a_chart_whose_data_is_unknown():
    with pytest.raises(ChartError, match="no dataset"):
        bookkit.publish("fig-test", chart(title="T", description="D"), sources=["ohchr-2026-01-dicarlo-aa"])


def test_datasets_are_traced_through_a_concat_that_dropped_attrs():
    casualties = bookkit.load("civilian_casualties")
    needs = bookkit.load("reconstruction_needs")
    timeline = bookkit.load("diplomatic_timeline")
    tidy = lambda frame, date, value: frame.assign(date=frame[date], value=frame[value].astype(float))[["date", "value", "source_id"]]
    together = pd.concat([tidy(casualties, "as_of", "persons"), tidy(needs, "released", "usd_bn")])
    assert "resource" not in together.attrs  # what pandas does: the premise of this test
    drawn = alt.Chart(together).mark_point().encode(x="date:T", y="value:Q") + alt.Chart(timeline).mark_rule()
    names = [d["name"] for d in bookkit.charts.datasets_used(drawn, [together])]
    assert names == ["civilian_casualties", "reconstruction_needs", "diplomatic_timeline", "sources"]


def test_publish_refuses_rows_it_cannot_trace():
    bookkit.load("civilian_casualties")
    untraceable = pd.DataFrame({"x": [1], "y": [2], "source_id": ["not-in-any-dataset"]})
    with pytest.raises(ChartError, match="not-in-any-dataset"):
        bookkit.publish("fig-test", chart(untraceable, title="T", description="D"), sources=["ohchr-2026-01-dicarlo-aa"])


def test_a_published_spec_carries_only_the_columns_its_chart_names():
    from bookkit.charts import only_used_columns

    spec = {
        "datasets": {"d": [{"year": 2024, "value": 1, "note": "long unread text", "source_id": "s", "flag": 1}]},
        "data": {"name": "d"},
        "mark": "bar",
        "encoding": {"x": {"field": "year"}, "y": {"field": "value"}},
        "transform": [{"filter": "datum['flag'] == 1"}],
    }
    lean = only_used_columns(spec)
    assert lean["datasets"]["d"] == [{"year": 2024, "value": 1, "source_id": "s", "flag": 1}]
    assert only_used_columns(lean) is lean  # nothing left to drop
