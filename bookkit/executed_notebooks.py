"""Sphinx extension: the ``.ipynb`` a chapter's download menu offers is the executed notebook,
every output and chart included.

myst-nb writes ``<build>/jupyter_execute/<page>.ipynb`` and sphinx-book-theme copies it into
``_sources/`` for the download button. But when a page's outputs come from the execution cache,
as they always do here (``bookkit.cache_keys`` runs the chapters ahead into it), myst-nb writes
the notebook as it parsed it, without them. Once a page is read, this rewrites that file with the
cached outputs merged in, matched exactly as myst-nb matches them for the page itself: the same
source text (fingerprint cell included), read by myst-nb's own reader.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from sphinx.application import Sphinx

# Each page's final source text, from source-read to doctree-read (both run in the process that
# reads the page, so parallel reading keeps them together).
_sources: dict[str, str] = {}


def keep_source(app: Sphinx, docname: str, source: list[str]) -> None:
    _sources[docname] = source[0]


def write_executed_notebook(app: Sphinx, doctree) -> None:
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    env = app.env
    text = _sources.pop(env.docname, None)
    config = env.mystnb_config
    if text is None or config.execution_mode != "cache":
        return
    reader = create_nb_reader(str(env.doc2path(env.docname)), env.myst_config, config, text)
    if reader is None:  # a plain Markdown page
        return
    notebook = reader.read(text)
    try:
        _, executed = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:  # nothing cached: myst-nb has already written what it ran, outputs and all
        return
    target = Path(config.output_folder) / f"{env.docname}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(executed), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    # After bookkit.cache_keys adds the fingerprint cell: the text myst-nb hashes.
    app.connect("source-read", keep_source, priority=900)
    app.connect("doctree-read", write_executed_notebook)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
