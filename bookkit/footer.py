"""Sphinx extension: every page's footer links the corrections page and the issue tracker.

``html.extra_footer`` in _config.yml is one template for all pages; its ``{corrections}`` and
``{issues}`` fields are filled here per page, so the link to the corrections page is relative
to wherever the page sits (the search page is at the site's root, chapters one level down) and
the contact route is the repository's own issue tracker (``repository.url`` + ``/issues``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

CORRECTIONS = "chapters/corrections"
OPTION = "extra_footer"


def issues_url(repository_url: str) -> str:
    if not repository_url:
        raise ExtensionError("bookkit: repository.url in _config.yml is needed for the footer's contact link")
    return repository_url.rstrip("/").removesuffix(".git") + "/issues"


def fill_footer(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    template = context.get(f"theme_{OPTION}")
    if not template or "{corrections}" not in template:
        return
    options = app.config.html_theme_options or {}
    context[f"theme_{OPTION}"] = template.format(
        corrections=context["pathto"](CORRECTIONS), issues=issues_url(options.get("repository_url", ""))
    )


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", fill_footer)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
