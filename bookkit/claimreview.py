"""Sphinx extension: the claims ledger's verdicts as schema.org ClaimReview JSON-LD.

Fact-checkers publish this markup so that search engines can show a claim beside its verdict.
One ClaimReview per judged claim in ``claims.csv``, each pointing at the claim's own anchor on
the ledger page (``#claim-<claim_id>``), dated by the ledger's last revision. The JSON is
written with jinja2's ``htmlsafe_json_dumps``, so no claim text can close the script element.
"""

from __future__ import annotations

from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from sphinx.application import Sphinx

from . import claim_figures, data
from .dateline import last_revised
from .ledger import ANCHOR_PREFIX, verdict_words

LEDGER = "chapters/claims-ledger"
CLAIMS = "claims"

def claim_reviews(claims, page_url: str, author: dict, published: str) -> list[dict]:
    """One schema.org ClaimReview per row of ``claims``."""
    reviews = []
    for row in claims.itertuples():
        explanation = row.sources_say + (f" {row.note}" if isinstance(row.note, str) and row.note else "")
        reviews.append(
            {
                "@type": "ClaimReview",
                "url": f"{page_url}#{ANCHOR_PREFIX}{row.claim_id}",
                "claimReviewed": row.article_text,
                "itemReviewed": {"@type": "Claim", "name": row.article_text},
                "author": author,
                "datePublished": published,
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": verdict_words(row.verdict),
                    "ratingExplanation": explanation,
                },
            }
        )
    return reviews


def json_ld(reviews: list[dict]) -> str:
    graph = {"@context": "https://schema.org", "@graph": reviews}
    return f'<script type="application/ld+json">{htmlsafe_json_dumps(graph, sort_keys=True)}</script>'


def add_claim_reviews(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename != LEDGER or app.builder.format != "html":
        return
    root = data.data_dir()
    claims_file = root / data.resource_descriptor(CLAIMS, root)["path"]
    source = Path(app.env.doc2path(LEDGER))
    published = last_revised([source, claims_file]).date().isoformat()
    base = app.config.html_baseurl or ""
    page_url = base.rstrip("/") + "/" + app.builder.get_target_uri(pagename) if base else app.builder.get_target_uri(pagename)
    author = {"@type": "Organization", "name": app.config.author}
    if base:
        author["url"] = base
    reviews = claim_reviews(claim_figures.filled(data.load(CLAIMS)), page_url, author, published)
    context["metatags"] = context.get("metatags", "") + "\n" + json_ld(reviews)


def add_styles(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("ledger.css")  # the ledger's verdict badges (bookkit.ledger)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_styles)
    app.connect("html-page-context", add_claim_reviews)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
