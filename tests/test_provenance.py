"""Provenance of the data package: every listed document backs something, dates are honest, and
each dataset says when we last looked for updates."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR_TEXT = (DATA / "datapackage.json").read_text(encoding="utf-8")
RESOURCES = {r["name"]: r for r in json.loads(DESCRIPTOR_TEXT)["resources"]}
SOURCES = pd.read_csv(DATA / "sources.csv", keep_default_na=False)

# Hosts the December 2026 audit found to be low-provenance copies (a wiki summary, a dead
# aggregator listing, a repost site, a truncated repost URL): the documents moved to better copies.
RETIRED_HOSTS = {
    "wikisum.wiki", "universalrights.net", "usmuslims.com", "frontnews.ge",
    # December 2026, second pass: repost farms and aggregators replaced by producers or papers.
    "thegaze.media", "datedbrent.com", "escuchaloaca.com.ar", "newsr.in", "pledgetimes.com",
}
# December 2026, third pass (diplomacy datasets): aggregators, blogs and repost sites whose
# documents moved to the producer, a wire or a paper of record.
RETIRED_HOSTS |= {
    "newsneural.com", "latestly.com", "zerohedge.com", "mangalorean.com", "newser.com",
    "aquafeed.com", "republicworld.com", "jagonews24.com", "oulla.cy", "chattythat.news",
    "moneycontrol.com", "newsgram.com", "moldova1.md", "rawstory.com",
}


def _ids_used_by_rows() -> set[str]:
    used = set()
    for resource in RESOURCES.values():
        if resource["name"] == "sources":
            continue
        frame = pd.read_csv(DATA / resource["path"], dtype=str, keep_default_na=False)
        for column in ("source_id", "source_ids"):
            if column in frame:
                used |= {i.strip() for cell in frame[column] for i in cell.split(";") if i.strip()}
    return used


def _ids_cited_in_chapters() -> set[str]:
    cited = set()
    for page in (ROOT / "chapters").glob("*.md"):
        for keys in re.findall(r"\{(?:foot)?cite(?::[pt])?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            cited |= {key.strip() for key in keys.split(",")}
    return cited


def test_every_document_backs_a_row_a_citation_or_a_stated_gap():
    """sources.csv lists the documents numbers come from; a leftover lead is not one."""
    known = _ids_used_by_rows() | _ids_cited_in_chapters()
    # A note or caveat may name a corroborating document by id.
    named = DESCRIPTOR_TEXT + "".join(p.read_text(encoding="utf-8") for p in DATA.glob("*.csv") if p.name != "sources.csv")
    idle = [i for i in SOURCES["id"] if i not in known and i not in named]
    assert not idle, f"documents in sources.csv that nothing uses: {idle}"


def test_no_document_is_read_on_a_retired_host():
    hosts = SOURCES["url"].map(lambda url: urlparse(url).netloc.removeprefix("www."))
    assert not set(hosts) & RETIRED_HOSTS, SOURCES.loc[hosts.isin(RETIRED_HOSTS), ["id", "url"]].to_string()


def test_month_and_year_dates_are_firsts():
    """The contract enforces it at build time; this keeps the committed file honest too."""
    published = pd.to_datetime(SOURCES["published"])
    month = SOURCES["published_precision"].eq("month")
    year = SOURCES["published_precision"].eq("year")
    assert (published[month].dt.day == 1).all()
    assert ((published[year].dt.month == 1) & (published[year].dt.day == 1)).all()
    assert not SOURCES["document"].str.contains("day not given").any(), "the precision column says it now"


def test_every_dataset_says_when_it_was_last_checked():
    for name, resource in RESOURCES.items():
        assert date.fromisoformat(resource["checked"]), name
        if "update_rhythm" in resource:
            assert resource["update_rhythm"].strip(), name


def test_audited_datasets_record_what_was_checked():
    for name in ("civilian_casualties", "western_support", "us_opinion_ukraine_aid"):
        audit = RESOURCES[name]["audit"]
        assert date.fromisoformat(audit["date"]) and audit["checked"].strip(), name
