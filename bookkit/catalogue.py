"""Readers' views of the data package: dataset cards, a chapter's sources, the claims ledger.

Each returns MyST Markdown (rendered by myst-nb in both the site and the PDF), so the data
page and every chapter's source list are written from ``datapackage.json`` and
``sources.csv`` rather than retyped.

Text from the data is text, never markup: a cell reading ``<img onerror=...>`` or
``{raw}`...``` must be shown as those characters. So markup is written only here, as
:class:`MyST` strings, and every other string (anything read from a data file) passes through
:func:`text`, the one place where data text becomes Markdown. Links take their URL only after
:func:`bookkit.data.check_url` has passed it.
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from .data import SOURCES, check_url, load, package_descriptor, resource_descriptor, sources
from .dates import long_date

# Marks a chapter's folded list of source documents (reference matter, not reading matter).
SOURCE_LIST_CLASS = "bookkit-source-list"
# The data folder seen from a page in chapters/.
DATA_LINK = "../data"


class MyST(str):
    """Markup the book's own code wrote: passed to MyST as it is. Any other string is text."""


# CommonMark shows any backslash-escaped ASCII punctuation as itself, so escaping every
# character that can open markup (HTML, roles, links, emphasis, code, lists, tables, entities)
# leaves nothing for MyST to interpret. Quotes and apostrophes stay: they carry no markup, and
# escaping them would stop their typographic (curly) rendering.
_MARKUP_CHARACTERS = re.compile(r"""([\\`*_{}\[\]<>()#+\-.!|$&~:^=])""")


def text(value) -> MyST:
    """``value`` (any text from the data) as MyST that shows exactly its characters."""
    if isinstance(value, MyST):
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MyST("")
    return MyST(_MARKUP_CHARACTERS.sub(r"\\\1", " ".join(str(value).split())))


def code(value) -> MyST:
    """``value`` as inline code (a code span shows its content literally): the fence is one
    backtick longer than any run of backticks inside it."""
    value = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return MyST(f"{fence} {value} {fence}" if value.startswith("`") or value.endswith("`") else f"{fence}{value}{fence}")


def link(label, url: str, where: str = "") -> MyST:
    """A link to a source document; its URL must be a plain http(s) URL (checked again here:
    a URL reaching the page unchecked would be markup, not text)."""
    return MyST(f"[{text(label)}]({check_url(url, where)})")


def numref(label: str) -> MyST:
    """A cross-reference to a numbered figure, for a table cell."""
    return MyST(f"{{numref}}`{label}`")


def list_table(header: list, rows: list[list], widths: list[int], css_class: str = "") -> str:
    """A MyST list-table: readable in the site, and sized to the page in the PDF. Each cell is
    text unless it is :class:`MyST`."""
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}"]
    if css_class:
        lines.append(f":class: {css_class}")
    lines.append("")
    for row in [header, *rows]:
        lines += [f"{'*' if i == 0 else ' '} - {text(cell)}" for i, cell in enumerate(row)]
    lines.append("```")
    return "\n".join(lines)


def download(name: str) -> MyST:
    # The path is a plain file name: the data contract refuses any other (data.SAFE_PATH).
    path = resource_descriptor(name)["path"]
    return MyST(f"{{download}}`{path} <{DATA_LINK}/{path}>`")


def confidence_mix(frame: pd.DataFrame) -> str:
    counts = frame["confidence"].value_counts()
    return ", ".join(f"{count} {level}" for level, count in counts.items())


def dataset_card(name: str) -> str:
    resource = resource_descriptor(name)
    frame = load(name)
    lines = [
        f"### {text(resource['title'])}",
        "",
        text(resource["description"]),
        "",
        f"**Download:** {download(name)} ({len(frame)} rows). "
        + (f"**Confidence:** {text(confidence_mix(frame))}. " if "confidence" in frame else "")
        + (f"**Sources:** {frame['source_id'].nunique()} documents." if "source_id" in frame else ""),
        "",
        list_table(
            ["Column", "Type", "Unit", "Meaning"],
            [
                [code(field["name"]), field["type"], field.get("unit", ""), field.get("description", "")]
                for field in resource["schema"]["fields"]
            ],
            widths=[28, 9, 13, 50],
        ),
    ]
    looked = [f"**Last checked for updates:** {long_date(resource['checked'])}." if resource.get("checked") else ""]
    looked += [f"**Publisher's rhythm:** {text(resource['update_rhythm'])}" if resource.get("update_rhythm") else ""]
    if any(looked):
        lines += ["", " ".join(filter(None, looked))]
    for heading, key in (("Caveats", "caveats"), ("Looked for, not found", "missing")):
        if resource.get(key):
            lines += ["", f"**{heading}:**", ""] + [f"- {text(item)}" for item in resource[key]]
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
        f"- {text(row.organisation)}, {link(row.document, row.url, f'sources.csv, source {row.Index!r}')}, "
        f"{text(long_date(row.published, row.published_precision))} "
        f"(seen via {text(row.seen_via)}; {text(row.kind)})"
        for row in table.itertuples()
    ]
    lines.append("::::")
    return Markdown("\n".join(lines))


VERDICT_ORDER = ["confirmed", "outdated", "differs", "unverified", "not_found"]
