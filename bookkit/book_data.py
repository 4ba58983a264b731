"""Sphinx extension: the book being built reads the data beside its own sources.

It points ``BOOKKIT_DATA`` at ``<srcdir>/data`` before anything reads data, so the build's own
checks and every chapter kernel it starts (they inherit the environment) use this book's data,
whichever folder the build was started from and wherever ``bookkit`` is installed. An explicit
``BOOKKIT_DATA`` is kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx

from .data import PACKAGE_FILE


def point_at_book_data(app: Sphinx, config) -> None:
    data = Path(app.srcdir) / "data"
    if (data / PACKAGE_FILE).is_file():
        os.environ.setdefault("BOOKKIT_DATA", str(data))


def setup(app: Sphinx) -> dict:
    # Before bookkit.sphinxext validates the data package on the same event.
    app.connect("config-inited", point_at_book_data, priority=100)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
