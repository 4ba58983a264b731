"""Shared plumbing for the explainer book: data, chart theme, renderer and helpers.

A chapter's hidden first cell calls :func:`use`; after that, ``load()`` reads datasets and
every Altair chart renders for the web page, the PDF and a local Jupyter session alike.
"""

from .charts import ChartError, date_rules, publish, source_line
from .data import DataError, load, sources
from .render import enable as use

__all__ = ["ChartError", "DataError", "date_rules", "load", "publish", "source_line", "sources", "use"]
