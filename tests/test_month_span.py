"""The period a chart's description gives, from its dates."""

import pandas as pd
import pytest

from bookkit.dates import month_span


def test_a_span_runs_from_the_first_month_to_the_last_whatever_the_order():
    assert month_span(pd.to_datetime(["2023-07-17", "2022-07-22", "2022-11-01"])) == "July 2022 to July 2023"


def test_dates_in_one_month_give_that_month_once():
    assert month_span(["2025-05-16", "2025-05-02"]) == "May 2025"


def test_no_dates_is_an_error():
    with pytest.raises(ValueError, match="no dates"):
        month_span([])
