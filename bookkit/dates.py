"""The book's one way to write a date, in Python and in Vega-Lite.

strftime's ``%-d`` (day without a leading zero) is a glibc extension that fails on Windows and
macOS's older libcs, so Python dates are formatted here from their parts. Vega-Lite charts use
d3-time-format, where ``%-d`` is standard; its formats are the constants below, set once in the
theme's ``config.timeFormat`` and used by tooltips.

A document dated only by month is shown by month: ``precision`` says what the source gave.
"""

from __future__ import annotations

import pandas as pd

PRECISIONS = ("day", "month", "year")

# d3-time-format strings for charts (tooltips, axes).
VL_DAY = "%-d %B %Y"  # 11 February 2025
VL_MONTH = "%B %Y"  # February 2025
VL_AXIS = "%b %Y"  # Feb 2025


def _timestamp(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise ValueError(f"not a date: {value!r}")
    return stamp


def _written(value, precision: str, month: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"unknown date precision {precision!r}; expected one of {PRECISIONS}")
    stamp = _timestamp(value)
    if precision == "year":
        return f"{stamp.year}"
    if precision == "month":
        return f"{stamp:{month}} {stamp.year}"
    return f"{stamp.day} {stamp:{month}} {stamp.year}"


def long_date(value, precision: str = "day") -> str:
    """'11 February 2025', 'February 2025' or '2025', as the source's precision allows."""
    return _written(value, precision, "%B")


def short_date(value, precision: str = "day") -> str:
    """'11 Feb 2025', 'Feb 2025' or '2025' (tables, where columns are narrow)."""
    return _written(value, precision, "%b")


def month_span(values) -> str:
    """'July 2022 to July 2023' (or 'May 2025' when all fall in one month): the months a set of
    dates runs over, as chart descriptions give a period."""
    stamps = pd.to_datetime(pd.Series(list(values))).dropna()
    if stamps.empty:
        raise ValueError("month_span: no dates")
    first, last = (long_date(stamp, "month") for stamp in (stamps.min(), stamps.max()))
    return first if first == last else f"{first} to {last}"
