"""The publishing gate's grammar rules: semantic colours, contrast, no wheel zoom, plain tooltips."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import bookkit
from bookkit import ChartError, theme
from bookkit.charts import entity_scale, legend_highlight

ACTORS = pd.DataFrame({"x": [1, 2, 3], "y": [3, 4, 5], "who": ["United States", "Russia", "A third party"]})


@pytest.fixture(autouse=True)
def enabled():
    bookkit.use()


@pytest.fixture
def casualties():
    return bookkit.load("civilian_casualties")


def chart(frame=ACTORS, **encoding):
    return (
        alt.Chart(frame)
        .mark_point()
        .encode(x="x:Q", y="y:Q", **encoding)
        .properties(title="A title", description="A description of the chart.")
    )


def test_entity_scale_gives_each_actor_its_table_colour():
    scale = entity_scale(ACTORS["who"]).to_dict()
    assert scale["domain"] == ["United States", "Russia", "A third party"]
    assert scale["range"][:2] == [theme.ENTITIES["United States"].light, theme.ENTITIES["Russia"].light]
    assert scale["range"][2] not in scale["range"][:2]


def test_publish_accepts_the_table_colours(casualties):
    bookkit.publish("fig-test", chart(color=alt.Color("who:N", scale=entity_scale(ACTORS["who"]))), sources=[casualties])


@pytest.mark.parametrize(
    "colour, message",
    [
        (alt.Color("who:N"), "automatic palette"),
        (alt.Color("who:N", scale=alt.Scale(domain=["United States", "Russia"], range=["#D55E00", "#0072B2"])), "not the theme's"),
        (alt.value("#E69F00"), "under 3:1"),
    ],
)
def test_publish_refuses_colours_off_the_table(casualties, colour, message):
    with pytest.raises(ChartError, match=message):
        bookkit.publish("fig-test", chart(color=colour), sources=[casualties])


def test_publish_refuses_wheel_zoom(casualties):
    with pytest.raises(ChartError, match="wheel"):
        bookkit.publish("fig-test", chart().interactive(), sources=[casualties])


def test_legend_highlight_is_not_a_wheel_binding(casualties):
    pick, opacity = legend_highlight("who")
    shown = chart(color=alt.Color("who:N", scale=entity_scale(ACTORS["who"])), opacity=opacity).add_params(pick)
    bookkit.publish("fig-test", shown, sources=[casualties])


@pytest.mark.parametrize(
    "tooltip, message",
    [
        ([alt.Tooltip("who:N")], "no title"),
        ([alt.Tooltip("kind:N", title="Kind")], "codes"),
        ([alt.Tooltip("source_id:N", title="Source")], "source ids"),
    ],
)
def test_publish_refuses_tooltips_a_reader_cannot_read(casualties, tooltip, message):
    frame = ACTORS.assign(kind=["seen-in-source", "at_least", "at_least"], source_id=casualties["source_id"].iloc[0])  # a traced id: only the tooltip is wrong
    with pytest.raises(ChartError, match=message):
        bookkit.publish("fig-test", chart(frame, tooltip=tooltip), sources=[casualties])


def test_two_labels_for_one_actor_get_colours_of_their_own():
    scale = entity_scale(["US (Pentagon)", "US (White House NSC)", "Ukraine (HUR)"]).to_dict()
    assert scale["range"][2] == theme.ENTITIES["Ukraine"].light
    assert len(set(scale["range"])) == 3


def test_lines_break_across_gaps_of_more_than_a_year():
    from bookkit.charts import break_at_gaps

    frame = pd.DataFrame({"day": pd.to_datetime(["2022-01-01", "2022-06-01", "2024-01-01"]), "n": [1.0, 2.0, 3.0]})
    frame.attrs["resource"] = "x"
    broken = break_at_gaps(frame, "day", "n")
    assert broken["n"].isna().sum() == 1
    assert broken.loc[broken["n"].isna(), "day"].iloc[0] == pd.Timestamp("2023-12-31")
    assert broken.attrs["resource"] == "x"


def test_print_edition_keeps_the_grammar_with_a_finer_grid():
    spec = {"config": {"axis": {"gridColor": theme.GRID, "labelColor": theme.MUTED}}}
    printed = theme.for_print(spec)["config"]["axis"]
    assert printed == {"gridColor": theme.PRINT_GRID, "labelColor": theme.MUTED}


def test_codes_in_tooltips_become_words():
    from bookkit.charts import plain_tooltips

    spec = chart(ACTORS.assign(q="at-least"), tooltip=[alt.Tooltip("q:N", title="Count is")]).to_dict()
    rows = next(iter(plain_tooltips(spec)["datasets"].values()))
    assert {row["q"] for row in rows} == {"at least"}


def test_publish_refuses_values_that_are_not_json(casualties):
    frame = casualties.head(3).astype({"persons": object})
    frame.loc[frame.index[0], "persons"] = float("nan")  # an object column keeps NaN as NaN
    chart = alt.Chart(frame).mark_line().encode(x="as_of:T", y="persons:Q").properties(title="t", description="d")
    with pytest.raises(ChartError, match="NaN"):
        bookkit.publish("fig-test", chart, sources=[casualties])
