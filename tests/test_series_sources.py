"""The numeric series' second re-sourcing pass (December 2026): the repost, mirror and file-sharing
hosts whose documents moved to a producer, a wire or a paper stay gone, and Kiel's month-only
cut-offs stay months."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

DATA = Path(__file__).resolve().parent.parent / "data"

# Every document once read on these hosts now cites a better copy; a row that comes back to one of
# them has gone back to a repost.
MOVED_OFF = {
    "biddetail.com",  # tender listings reposting a Commission text
    "devdiscourse.com",  # repost of UN News
    "gesetze.legal", "lexaris.ch",  # legal-database copies of the Official Journal
    "pulsewaveglobal.com",  # repost of CNN
    "scribd.com",  # file-sharing copy of an IOM report
    "tiatira.com",  # blog mirror of a Pew short read
    "translation1.mil-osi.com",  # machine translation of UN News
    "vigilantnews.net",  # repost of an OHCHR update
}


def test_no_document_is_read_on_a_host_the_series_moved_off():
    sources = pd.read_csv(DATA / "sources.csv", keep_default_na=False)
    hosts = sources["url"].map(lambda url: urlparse(url).netloc.removeprefix("www."))
    back = sources.loc[hosts.isin(MOVED_OFF), ["id", "url"]]
    assert back.empty, back.to_string()


def test_kiel_cut_offs_given_as_months_are_stored_as_months():
    """Kiel states these vintages' cut-offs only as a month ('up to October 2024'); a month-end day
    would be one the release never gave."""
    support = pd.read_csv(DATA / "western_support.csv", parse_dates=["data_to"])
    months = support.loc[support["data_to_precision"].eq("month"), "data_to"]
    assert set(months.dt.strftime("%Y-%m")) >= {"2024-10", "2024-12", "2025-02", "2025-10"}
    assert (months.dt.day == 1).all()
