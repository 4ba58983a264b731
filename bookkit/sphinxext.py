"""Sphinx extension: the build-time half of the book's plumbing, one module per job.

* :mod:`bookkit.data_gate` validates the data package before anything executes.
* :mod:`bookkit.cache_keys` keys each chapter's execution on its inputs, and gives the chapters
  the cache lacks a head start (:mod:`bookkit.execution`).
* :mod:`bookkit.site_assets` ships the Vega bundle, the chart script and the datasets, and
  keeps sphinx-thebe's CDN scripts out.
* :mod:`bookkit.site_url` sets the published address and completes the sitemap.
* :mod:`bookkit.page_furniture` adds reading times, drops web-only text in print, and fixes
  bibliography roles.

``setup()`` below is the whole list of hooks, in the order the build meets them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import cache_keys, data_gate, page_furniture, site_assets, site_url


def setup(app: Sphinx) -> dict:
    # Configuration, before anything is read.
    app.connect("config-inited", data_gate.validate_data)
    app.connect("config-inited", site_assets.add_static_path)
    app.connect("config-inited", site_assets.disable_thebe)
    app.connect("config-inited", site_url.set_site_url)
    app.connect("builder-inited", site_assets.add_chart_assets)
    # Reading: which chapters are stale, and their execution keyed on their inputs.
    app.connect("env-get-outdated", cache_keys.outdated_by_inputs)
    app.connect("env-get-outdated", site_assets.static_outdated)
    app.connect("env-get-outdated", site_assets.package_outdated)
    app.connect("env-purge-doc", cache_keys.forget_fingerprint)
    app.connect("env-merge-info", cache_keys.merge_fingerprints)
    app.connect("env-before-read-docs", cache_keys.execute_ahead)
    app.connect("source-read", cache_keys.key_on_inputs)
    # Writing pages.
    app.connect("doctree-resolved", page_furniture.add_reading_time)
    app.connect("doctree-resolved", page_furniture.drop_web_only)
    app.connect("html-page-context", page_furniture.fix_citation_roles)
    app.connect("html-page-context", site_url.note_page_written)
    # After the pages: the sitemap's missing pages (before sphinx-sitemap writes it), the data.
    app.connect("build-finished", site_url.complete_sitemap, priority=400)
    app.connect("build-finished", site_assets.write_datasets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
