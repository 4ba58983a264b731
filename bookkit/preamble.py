"""What a chapter needs, in one hidden line: ``from bookkit.preamble import *``.

Importing it enables the book's renderer and theme (so every chart renders for the page, the PDF
and a local Jupyter session alike) and exposes the names the chapters' visible cells use.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
from IPython.display import Markdown
from myst_nb import glue

from . import theme
from .catalogue import VERDICT_ORDER, chapter_sources, list_table, numref
from .charts import break_at_gaps, date_rules, date_ticks, date_tooltip, end_labels, entity_scale, legend_highlight, panel_rows, publish, tooltips, wide_only, year_axis
from .data import load, sources
from .dates import long_date, month_span, short_date
from .freshness import data_to
from .ledger import claims_in_article_order
from .prose import count_word, join_words
from .render import enable

enable()

__all__ = [
    "Markdown",
    "VERDICT_ORDER",
    "alt",
    "break_at_gaps",
    "chapter_sources",
    "claims_in_article_order",
    "count_word",
    "data_to",
    "date_rules",
    "date_ticks",
    "date_tooltip",
    "end_labels",
    "entity_scale",
    "glue",
    "join_words",
    "legend_highlight",
    "wide_only",
    "list_table",
    "load",
    "numref",
    "panel_rows",
    "long_date",
    "month_span",
    "pd",
    "publish",
    "re",
    "short_date",
    "sources",
    "theme",
    "tooltips",
    "year_axis",
]
