"""How to cite the book: the text and BibTeX the site prints, made from ``CITATION.cff``.

``CITATION.cff`` (at the book's root, beside ``data/``) is the one place the citation is written;
GitHub reads the same file for its "Cite this repository" box.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .data import data_dir

CITATION_FILE = "CITATION.cff"
LICENCE_NAMES = {"CC-BY-4.0": "CC BY 4.0", "MIT": "MIT"}


def citation(root: Path | None = None) -> dict:
    """The preferred citation of ``CITATION.cff``, with the file's version."""
    path = (root or data_dir().parent) / CITATION_FILE
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"version": cff["version"], **cff["preferred-citation"]}


def _authors(entry: dict) -> str:
    return " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in entry["authors"])


def text(entry: dict) -> str:
    """One line, author–year style, as the book cites its own sources."""
    return (
        f"{_authors(entry)} ({entry['year']}). *{entry['title']}* (version {entry['version']}). "
        f"<{entry['url']}>. Licence: {LICENCE_NAMES.get(entry['license'], entry['license'])}."
    )


def bibtex(entry: dict) -> str:
    words = [w for w in _authors(entry).lower().split() if w not in {"the", "and"}]
    key = "".join(ch for ch in "".join(words) if ch.isalnum()) + str(entry["year"])
    # Braces around a corporate author keep BibTeX from reading it as "desk, The explainer".
    fields = {
        "author": "{" + _authors(entry) + "}",
        "title": entry["title"],
        "year": str(entry["year"]),
        "edition": f"Version {entry['version']}",
        "url": entry["url"],
        "note": f"Text and data under {LICENCE_NAMES.get(entry['license'], entry['license'])}",
    }
    lines = [f"  {name} = {{{value}}}," for name, value in fields.items()]
    return "@book{" + key + ",\n" + "\n".join(lines) + "\n}"


def cite_this_book():
    """The citation as Markdown: a line of text and a BibTeX block (shown as text, not code output)."""
    from IPython.display import Markdown

    entry = citation()
    return Markdown(f"{text(entry)}\n\n```bibtex\n{bibtex(entry)}\n```\n")
