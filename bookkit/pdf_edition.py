"""The site links to the PDF edition only when it carries it.

``make book`` builds no PDF, so a page's link to ``book.pdf`` (inside a ``bookkit-pdf-link``
container) is dropped from the site unless ``_build/latex/book.pdf`` exists; when it does, it is
copied to the site's root, where the link points. A page is re-read when the PDF appears or
goes, so its link follows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

LINK_CLASS = "bookkit-pdf-link"
SITE_NAME = "book.pdf"


def built_pdf(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "latex" / SITE_NAME


def _links(doctree: nodes.Node) -> list[nodes.Element]:
    return list(doctree.findall(lambda n: isinstance(n, nodes.Element) and LINK_CLASS in n.get("classes", [])))


def pages_with_link(env) -> dict[str, bool]:
    """Pages linking to the PDF, each with whether the PDF existed when it was read."""
    if not hasattr(env, "bookkit_pdf_pages"):
        env.bookkit_pdf_pages = {}
    return env.bookkit_pdf_pages


def note_link(app: Sphinx, doctree: nodes.document) -> None:
    if _links(doctree):
        pages_with_link(app.env)[app.env.docname] = built_pdf(app).is_file()


def outdated_by_pdf(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    present = built_pdf(app).is_file()
    return [docname for docname, was in pages_with_link(env).items() if was != present and docname not in removed]


def forget_page(app: Sphinx, env, docname: str) -> None:
    pages_with_link(env).pop(docname, None)


def merge_pages(app: Sphinx, env, docnames: set, other) -> None:
    pages_with_link(env).update({name: was for name, was in pages_with_link(other).items() if name in docnames})


def drop_link_without_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format == "html" and not built_pdf(app).is_file():
        for node in _links(doctree):
            node.parent.remove(node)


def ship_pdf(app: Sphinx, exception) -> None:
    pdf, target = built_pdf(app), Path(app.outdir) / SITE_NAME
    if exception or app.builder.format != "html":
        return
    if not pdf.is_file():
        target.unlink(missing_ok=True)  # a PDF left from an earlier build would be stale
    elif not target.exists() or target.read_bytes() != pdf.read_bytes():
        shutil.copyfile(pdf, target)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", note_link)
    app.connect("env-get-outdated", outdated_by_pdf)
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_pages)
    app.connect("doctree-resolved", drop_link_without_pdf)
    app.connect("build-finished", ship_pdf)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
