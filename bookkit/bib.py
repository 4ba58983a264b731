"""``references.bib`` is derived from ``data/sources.csv``, the one list of sources.

Run ``python -m bookkit.bib`` after editing sources.csv; a test fails while the two differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data import data_dir, sources

BIB_FILE = Path(__file__).resolve().parent.parent / "references.bib"
HEADER = "% Generated from data/sources.csv by `python -m bookkit.bib`; edit sources.csv, not this file.\n"


def _escape(text: str) -> str:
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def entry(source_id: str, row) -> str:
    published = row["published"]
    fields = {
        # Double braces keep an organisation's name whole rather than parsed as a person.
        "author": "{" + _escape(row["organisation"]) + "}",
        "title": "{" + _escape(row["document"]) + "}",
        "year": str(published.year),
        "month": published.strftime("%b").lower(),
        # biblatex dates carry only the precision the source gave: 2025-02 for a month-only page.
        "date": published.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[row["published_precision"]]),
        "url": row["url"],
        "note": _escape(f"Seen via {row['seen_via']}; {row['kind']} source."),
    }
    if row["published_precision"] == "year":
        del fields["month"]  # a year-only document has no month to print
    body = ",\n".join(f"  {name} = {{{value}}}" if name not in ("month",) else f"  {name} = {value}" for name, value in fields.items())
    return f"@misc{{{source_id},\n{body}\n}}\n"


def render() -> str:
    table = sources()
    return HEADER + "\n".join(entry(source_id, row) for source_id, row in table.sort_index().iterrows())


def main() -> int:
    BIB_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {BIB_FILE} from {data_dir() / 'sources.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
