"""The book on paper, both ways.

* Browser print: ``bookkit-print.css`` (``media="print"``) hides the web's chrome (header,
  sidebars, buttons, code toggles, chart menus, reading time, web-only hints) and keeps each
  figure on one page with its caption.
* The PDF edition: each chapter's folded list of source documents is dropped, since the PDF's
  references chapter lists them all once, and printed it ran to two or three pages a chapter.
  The float settings that keep pages from being left half empty live in ``_config.yml``
  (``latex_elements``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .catalogue import SOURCE_LIST_CLASS

PRINT_CSS = "bookkit-print.css"


def add_print_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file(PRINT_CSS, media="print")


def drop_source_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Outside the website, a chapter's source list gives way to the references chapter."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(is_source_list)):
        node.parent.remove(node)


def is_source_list(node: nodes.Node) -> bool:
    # sphinx-design keeps a dropdown's :class-container: in "container_classes" until it writes HTML.
    return isinstance(node, nodes.Element) and SOURCE_LIST_CLASS in [*node.get("classes", []), *node.get("container_classes", [])]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_print_css)
    app.connect("doctree-resolved", drop_source_lists)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
