import pandas as pd
import pytest

from bookkit.dates import long_date, short_date


@pytest.mark.parametrize(
    ("precision", "long", "short"),
    [("day", "1 February 2025", "1 Feb 2025"), ("month", "February 2025", "Feb 2025"), ("year", "2025", "2025")],
)
def test_a_date_shows_only_the_precision_its_source_gave(precision, long, short):
    assert long_date(pd.Timestamp("2025-02-01"), precision) == long
    assert short_date("2025-02-01", precision) == short


def test_unknown_precision_and_missing_dates_are_refused():
    with pytest.raises(ValueError, match="precision"):
        long_date("2025-02-01", "week")
    with pytest.raises(ValueError, match="not a date"):
        long_date(pd.NaT)
