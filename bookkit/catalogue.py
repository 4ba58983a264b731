"""Readers' views of the data package: dataset cards, a chapter's sources, the claims ledger.

Each returns MyST Markdown (rendered by myst-nb in both the site and the PDF), so the data
page and every chapter's source list are written from ``datapackage.json`` and
``sources.csv`` rather than retyped.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .data import SOURCES, load, package_descriptor, resource_descriptor, sources
from .dates import long_date

# Marks a chapter's folded list of source documents (reference matter, not reading matter).
SOURCE_LIST_CLASS = "bookkit-source-list"
# The data folder seen from a page in chapters/.
DATA_LINK = "../data"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") if pd.notna(text) else ""


def list_table(header: list[str], rows: list[list[str]], widths: list[int], css_class: str = "") -> str:
    """A MyST list-table: readable in the site, and sized to the page in the PDF."""
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}"]
    if css_class:
        lines.append(f":class: {css_class}")
    lines.append("")
    for row in [header, *rows]:
        lines += [f"{'*' if i == 0 else ' '} - {cell}" for i, cell in enumerate(row)]
    lines.append("```")
    return "\n".join(lines)


def download(name: str) -> str:
    path = resource_descriptor(name)["path"]
    return f"{{download}}`{path} <{DATA_LINK}/{path}>`"


def confidence_mix(frame: pd.DataFrame) -> str:
    counts = frame["confidence"].value_counts()
    return ", ".join(f"{count} {level}" for level, count in counts.items())


def dataset_card(name: str) -> str:
    resource = resource_descriptor(name)
    frame = load(name)
    lines = [
        f"### {resource['title']}",
        "",
        resource["description"],
        "",
        f"**Download:** {download(name)} ({len(frame)} rows). "
        + (f"**Confidence:** {confidence_mix(frame)}. " if "confidence" in frame else "")
        + (f"**Sources:** {frame['source_id'].nunique()} documents." if "source_id" in frame else ""),
        "",
        list_table(
            ["Column", "Type", "Unit", "Meaning"],
            [
                [f"`{field['name']}`", field["type"], _cell(field.get("unit", "")), _cell(field.get("description", ""))]
                for field in resource["schema"]["fields"]
            ],
            widths=[28, 9, 13, 50],
        ),
    ]
    looked = [f"**Last checked for updates:** {long_date(resource['checked'])}." if resource.get("checked") else ""]
    looked += [f"**Publisher's rhythm:** {resource['update_rhythm']}" if resource.get("update_rhythm") else ""]
    if any(looked):
        lines += ["", " ".join(filter(None, looked))]
    for heading, key in (("Caveats", "caveats"), ("Looked for, not found", "missing")):
        if resource.get(key):
            lines += ["", f"**{heading}:**", ""] + [f"- {item}" for item in resource[key]]
    return "\n".join(lines)


def data_catalogue() -> Markdown:
    names = [r["name"] for r in package_descriptor()["resources"] if r["name"] != SOURCES]
    return Markdown("\n\n".join(dataset_card(name) for name in names))


def chapter_sources(*frames: pd.DataFrame) -> Markdown:
    """The closing "Sources" list of a chapter: its datasets and the documents behind them."""
    names = list(dict.fromkeys(frame.attrs["resource"] for frame in frames))
    ids = list(dict.fromkeys(i for frame in frames for i in frame["source_id"].dropna()))
    table = sources().loc[ids].sort_values(["organisation", "published"])
    lines = ["**Data used on this page:** " + ", ".join(download(name) for name in names) + ".", ""]
    lines += [f"::::{{dropdown}} The {len(table)} documents behind these data", f":class-container: {SOURCE_LIST_CLASS}", ""]
    lines += [
        f"- {_cell(row.organisation)}, [{_cell(row.document)}]({row.url}), {long_date(row.published, row.published_precision)} "
        f"(seen via {_cell(row.seen_via)}; {row.kind})"
        for row in table.itertuples()
    ]
    lines.append("::::")
    return Markdown("\n".join(lines))


VERDICT_ORDER = ["confirmed", "outdated", "differs", "unverified", "not_found"]


def _links(ids: str, table: pd.DataFrame) -> str:
    found = [i for i in str(ids).split(";") if i.strip()] if pd.notna(ids) else []
    return "; ".join(f"[{_cell(table.loc[i.strip(), 'organisation'])}]({table.loc[i.strip(), 'url']})" for i in found) or "—"


def claims_table(claims: pd.DataFrame) -> Markdown:
    """The claims ledger as a list-table the site can filter and sort, and the PDF can print."""
    table = sources()
    ordered = claims.assign(rank=claims["verdict"].map(VERDICT_ORDER.index)).sort_values(["rank", "category"])
    rows = [
        [
            f"“{_cell(row.article_text)}”",
            f"**{row.verdict.replace('_', ' ')}**",
            _cell(row.sources_say) + (f" *{_cell(row.note)}*" if pd.notna(row.note) and row.note else ""),
            _links(row.source_ids, table),
        ]
        for row in ordered.itertuples()
    ]
    header = ["The article says", "Verdict", "What the sources say", "Sources"]
    return Markdown(list_table(header, rows, widths=[28, 11, 40, 21], css_class="bookkit-filterable"))
