"""How current a dataset is: the newest observation it holds, computed from the data.

Each resource in ``datapackage.json`` names the column that dates its observations
(``"observed": "as_of"``). A column may have a sibling ``<column>_precision`` (``day``, ``month``
or ``year``) where some rows are dated only by month; an integer year column is precise to the
year. Pages and charts say "Data to …" from here, never from a typed date.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .data import DataError, resource_descriptor
from .dates import long_date


class DataTo(NamedTuple):
    date: pd.Timestamp
    precision: str

    def __str__(self) -> str:
        return long_date(self.date, self.precision)


def observed_column(name: str) -> str | None:
    """The column dating the observations of dataset ``name`` (None: it has no time dimension)."""
    return resource_descriptor(name).get("observed")


def _newest(frame: pd.DataFrame, column: str) -> DataTo | None:
    values = frame[column].dropna()
    if values.empty:
        return None
    if pd.api.types.is_integer_dtype(values):
        return DataTo(pd.Timestamp(year=int(values.max()), month=12, day=31), "year")
    row = values.idxmax()
    precision_column = f"{column}_precision"
    precision = frame.at[row, precision_column] if precision_column in frame else "day"
    return DataTo(pd.Timestamp(values[row]), str(precision) if pd.notna(precision) else "day")


def data_to(*frames: pd.DataFrame) -> DataTo | None:
    """The newest observation across ``frames`` (each from ``load()``, or derived from one and
    keeping ``.attrs['resource']``). None when none of them has a time dimension."""
    newest = []
    for frame in frames:
        name = frame.attrs.get("resource")
        if not name:
            raise DataError("data_to() needs frames from load() (they carry .attrs['resource'])")
        column = observed_column(name)
        if column is None:
            continue
        if column not in frame:
            raise DataError(f"dataset {name!r}: its observed column {column!r} is not in this frame")
        found = _newest(frame, column)
        if found is not None:
            newest.append(found)
    return max(newest, key=lambda d: d.date) if newest else None
