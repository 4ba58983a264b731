"""Small changes to each page as it is written: a reading time under a chapter's title (web
only), no web-only text in print, and bibliography markup screen readers read correctly.
"""

from __future__ import annotations

import math

from docutils import nodes
from sphinx.application import Sphinx

from .catalogue import SOURCE_LIST_CLASS

WEB_ONLY = "web-only"  # class of text that only makes sense on the website (see drop_web_only)
WORDS_PER_MINUTE = 230  # an adult's silent reading speed for non-fiction (Brysbaert 2019: ~238)
# Text inside these is not read as prose: code, raw HTML, comments, maths and data tables.
NOT_PROSE = (nodes.literal_block, nodes.raw, nodes.comment, nodes.math_block, nodes.table, nodes.FixedTextElement)


def prose_words(doctree: nodes.Node) -> int:
    """Words a reader reads on a page: its text outside code, raw HTML, maths, tables and the
    folded list of source documents."""
    count = 0
    for text in doctree.findall(nodes.Text):
        parent, skip = text.parent, False
        while parent is not None:
            if isinstance(parent, NOT_PROSE) or SOURCE_LIST_CLASS in parent.get("classes", []):
                skip = True
                break
            parent = parent.parent
        if not skip:
            count += len(text.astext().split())
    return count


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_time_html(words: int) -> str:
    minutes = reading_minutes(words)
    return f'<p class="bookkit-reading-time">{minutes} min read <span>({words:,} words)</span></p>'


def add_reading_time(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the chapter's reading time under its title. A raw HTML node: the PDF never shows it."""
    if app.builder.format != "html" or "kernelspec" not in app.env.metadata.get(docname, {}):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    section.insert(1, nodes.raw("", reading_time_html(prose_words(doctree)), format="html"))


def drop_web_only(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove ``[…]{.web-only}`` text (how to hover, click or zoom a chart) outside the website:
    a printed caption cannot be clicked."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and WEB_ONLY in n.get("classes", []))):
        node.parent.remove(node)


def fix_citation_roles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """docutils marks each bibliography entry role="doc-biblioentry", a DPUB-ARIA role deprecated
    in 1.1 that is no list item, so assistive tech (and axe: aria-required-children) sees its
    list ("citation-list", role="list") holding bare links. role="listitem" is what it means."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
