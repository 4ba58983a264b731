"""Sphinx extension: how the chapters' source notes are marked in the text.

The chapters cite with sphinxcontrib-bibtex's footnote citations (``{footcite}``), one numbered
note per document, listed under each chapter's Sources heading on the web and at the foot of
the page in the PDF. Its ``foot`` style sets the marks of a citation naming several documents
side by side, which in print reads as one number ("Berlin.⁹¹⁰¹¹"); this style is the same with
a comma between them ("Berlin.⁹,¹⁰,¹¹").
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing.basic_foot import BasicFootParentheticalReferenceStyle
from sphinxcontrib.bibtex.style.referencing.foot import FootReferenceStyle
from sphinxcontrib.bibtex.style.template import join

STYLE = "bookkit-notes"


@dataclass
class _CommaSeparated(BasicFootParentheticalReferenceStyle):
    def outer(self, role_name, children):
        return join(sep=",")[children]


@dataclass
class NotesStyle(FootReferenceStyle):
    def __post_init__(self):
        super().__post_init__()
        parenthetical = _CommaSeparated()
        self.role_style.update((name, parenthetical) for name in parenthetical.role_names())


def setup(app: Sphinx) -> dict:
    register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE, NotesStyle)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
