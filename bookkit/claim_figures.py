"""The figures the claims ledger gives in its own words, computed from the data.

Where a claim's reasons in ``claims.csv`` (``sources_say``, ``note``) give a figure that a
dataset holds, they name it in braces instead of typing it: "Witkoff met Putin
{envoy_meetings} times". :func:`filled` puts in the figure, so an update to the dataset reaches
the ledger, its ClaimReview markup and the front page's tooltips. A name this module does not
define stops the build with the file, column and line. The figures are plain text, and the
ledger escapes them with the rest of the row.

Each figure loads its dataset by name here, so the build keys the pages that use this module
on those datasets too (``bookkit.cache_keys``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from .data import DataError, load, resource_descriptor
from .dates import short_date
from .prose import count_word

TEXT_COLUMNS = ("sources_say", "note")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
FIGURES: dict[str, Callable[[], str]] = {}


def figure(function: Callable[[], str]) -> Callable[[], str]:
    FIGURES[function.__name__] = function
    return function


def _envoy_meetings() -> pd.DataFrame:
    timeline = load("diplomatic_timeline")
    meetings = timeline["event_type"].eq("envoy_meeting") & timeline["event"].str.contains("Putin")
    return timeline[meetings].sort_values("start_date")


@figure
def envoy_meetings() -> str:
    return count_word(len(_envoy_meetings()))


@figure
def first_envoy_meeting() -> str:
    return short_date(_envoy_meetings()["start_date"].iloc[0])


@figure
def last_envoy_meeting() -> str:
    return short_date(_envoy_meetings()["start_date"].iloc[-1])


@figure
def killed_end_2024() -> str:
    casualties = load("civilian_casualties")
    row = casualties[casualties["measure"].eq("killed") & casualties["as_of"].eq(pd.Timestamp("2024-12-31"))]
    return f"{int(row['persons'].iloc[0]):,}"


def _needs(edition: str) -> str:
    needs = load("reconstruction_needs").query("measure == 'needs'").set_index("edition")["usd_bn"]
    return f"${needs[edition]:,.0f}bn"


@figure
def rdna4_needs() -> str:
    return _needs("RDNA4")


@figure
def rdna5_needs() -> str:
    return _needs("RDNA5")


def _revenue_change(year: int) -> str:
    revenue = load("russia_oil_gas_revenue").set_index("year")["rub_trn"]
    change = revenue[year] / revenue[year - 1] - 1
    return f"{'rose' if change > 0 else 'fell'} {abs(change):.0%}"


@figure
def oil_gas_revenue_2023() -> str:
    return _revenue_change(2023)


@figure
def oil_gas_revenue_2024() -> str:
    return _revenue_change(2024)


@figure
def oil_gas_revenue_2025() -> str:
    return _revenue_change(2025)


def _eu_gas(year: int, metric: str) -> float:
    gas = load("eu_gas_imports_russia")
    rows = gas[gas["year"].eq(year) & gas["route"].eq("total") & gas["metric"].eq(metric) & gas["period"].eq("full year")]
    return float(rows["value"].iloc[0])


@figure
def eu_gas_bcm_2021() -> str:
    return f"{_eu_gas(2021, 'volume_bcm'):,.0f} bcm"


@figure
def eu_gas_bcm_2024() -> str:
    return f"{_eu_gas(2024, 'volume_bcm'):,.0f} bcm"


@figure
def eu_gas_fall_2021_2024() -> str:
    return f"{1 - _eu_gas(2024, 'volume_bcm') / _eu_gas(2021, 'volume_bcm'):.0%}"


@figure
def eu_pipeline_gas_fall_2021_2024() -> str:
    gas = load("eu_gas_imports_russia").query("metric == 'volume_bcm' and period == 'full year'")
    volume = gas.set_index(["year", "route"])["value"]
    pipeline_2024 = volume[2024, "total"] - volume[2024, "lng"]
    return f"{1 - pipeline_2024 / volume[2021, 'pipeline']:.0%}"


@figure
def eu_gas_share_2021() -> str:
    return f"{_eu_gas(2021, 'share_of_eu_imports_pct'):.0f}%"


@figure
def eu_gas_share_2024() -> str:
    return f"{_eu_gas(2024, 'share_of_eu_imports_pct'):.0f}%"


def _crude_share(buyer: str) -> str:
    buyers = load("russian_crude_buyers").set_index("buyer")["share_pct"]
    return f"{buyers[buyer]:.0f}%"


@figure
def crude_share_china() -> str:
    return _crude_share("China")


@figure
def crude_share_india() -> str:
    return _crude_share("India")


def _dod_troops(location: str) -> str:
    estimates = load("dprk_troop_estimates")
    dod = estimates[estimates["estimator"].eq("US Department of Defense") & estimates["location"].eq(location)
                    & estimates["measure"].eq("deployed") & estimates["as_of"].dt.month.eq(11)].sort_values("as_of")
    low, high = int(dod["troops_low"].iloc[-1]), int(dod["troops_high"].iloc[-1])
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


@figure
def dprk_troops_russia_nov_2024() -> str:
    return _dod_troops("Russia")


@figure
def dprk_troops_kursk_nov_2024() -> str:
    return _dod_troops("Kursk region")


def filled(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with every ``{name}`` in its reasons replaced by the figure."""
    path = resource_descriptor("claims")["path"]
    cache: dict[str, str] = {}

    def fill(value, column: str, line: int, claim_id: str):
        if not isinstance(value, str):
            return value

        def figure_for(found: re.Match) -> str:
            name = found[1]
            if name not in FIGURES:
                raise DataError(
                    f"data/{path}, column {column!r}, line {line} (claim {claim_id!r}): unknown figure {{{name}}}; "
                    f"the figures bookkit.claim_figures computes are: {', '.join(sorted(FIGURES))}"
                )
            if name not in cache:
                cache[name] = FIGURES[name]()
            return cache[name]

        return PLACEHOLDER.sub(figure_for, value)

    out = claims.copy()
    for column in TEXT_COLUMNS:
        # Line numbers as in the file: the header is line 1.
        out[column] = [fill(value, column, int(i) + 2, claim_id) for i, value, claim_id in
                       zip(claims.index, claims[column], claims["claim_id"])]
    return out
