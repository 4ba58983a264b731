"""The ledger's ClaimReview JSON-LD: one review per judged claim, shaped as schema.org expects."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlparse

import pytest

from bookkit import load
from bookkit.claimreview import claim_reviews, json_ld

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# What schema.org lists for each type used (https://schema.org/ClaimReview, /Rating, /Claim,
# /Organization): the properties we emit must be among them, with the expected value types.
# Google's fact-check guidance requires claimReviewed, reviewRating (with alternateName), url
# and author, and recommends datePublished.
EXPECTED = {
    "ClaimReview": {
        "url": "URL",
        "claimReviewed": "Text",
        "itemReviewed": "Thing",
        "author": "Organization",
        "datePublished": "Date",
        "reviewRating": "Rating",
    },
    "Rating": {"alternateName": "Text", "ratingExplanation": "Text", "ratingValue": "Text", "bestRating": "Text", "worstRating": "Text"},
    "Claim": {"name": "Text", "appearance": "CreativeWork", "author": "Organization"},
    "Organization": {"name": "Text", "url": "URL"},
}
REQUIRED = {"ClaimReview": {"url", "claimReviewed", "author", "datePublished", "reviewRating"}, "Rating": {"alternateName"}}


def check(item: dict, expected_type: str, path: str = "") -> list[str]:
    """Problems with ``item`` as a schema.org ``expected_type`` (empty: none)."""
    kind = item.get("@type")
    if expected_type != "Thing" and kind != expected_type:
        return [f"{path}: @type {kind!r}, expected {expected_type!r}"]
    problems = [f"{path}: missing {name}" for name in sorted(REQUIRED.get(kind, set()) - set(item))]
    for name, value in item.items():
        if name.startswith("@"):
            continue
        if name not in EXPECTED.get(kind, {}):
            problems.append(f"{path}: {kind} has no property {name!r} in schema.org")
            continue
        wanted = EXPECTED[kind][name]
        if wanted in EXPECTED or wanted == "Thing":
            problems += check(value, wanted if wanted != "Thing" else value.get("@type"), f"{path}.{name}") if isinstance(value, dict) else [f"{path}.{name}: not an object"]
        elif wanted == "URL":
            parsed = urlparse(value)
            problems += [] if parsed.scheme in {"http", "https"} and parsed.netloc else [f"{path}.{name}: not an absolute URL: {value!r}"]
        elif wanted == "Date":
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                problems.append(f"{path}.{name}: not an ISO date: {value!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}.{name}: empty")
    return problems


def test_every_judged_claim_has_a_valid_review():
    claims = load("claims")
    reviews = claim_reviews(claims, "https://example.org/chapters/claims-ledger.html", {"@type": "Organization", "name": "Desk"}, "2026-12-01")
    assert len(reviews) == len(claims)
    assert [problem for i, review in enumerate(reviews) for problem in check(review, "ClaimReview", f"[{i}]")] == []
    assert {r["reviewRating"]["alternateName"] for r in reviews} <= {"confirmed", "outdated", "differs", "unverified", "not found"}
    assert len({r["url"] for r in reviews}) == len(reviews), "each review points at its own claim's anchor"


def test_the_validator_can_fail():
    broken = {"@type": "ClaimReview", "url": "claims-ledger.html", "claimReviewed": "x", "reviewRating": {"@type": "Rating"}, "colour": "red"}
    problems = check(broken, "ClaimReview")
    assert any("author" in p for p in problems) and any("alternateName" in p for p in problems)
    assert any("colour" in p for p in problems) and any("absolute URL" in p for p in problems)


def test_claim_text_cannot_close_the_script_element():
    markup = json_ld([{"@type": "ClaimReview", "claimReviewed": "</script><script>alert(1)</script>"}])
    assert markup.count("</script>") == 1


@pytest.fixture(scope="module")
def ledger_reviews(built_html) -> list[dict]:
    page = (built_html / "chapters" / "claims-ledger.html").read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in JSON_LD.findall(page)]
    assert len(blocks) == 1, "the ledger carries one JSON-LD block"
    return blocks[0]["@graph"]


def test_the_ledger_page_publishes_a_review_for_each_claim_at_its_anchor(built_html, ledger_reviews):
    claims = load("claims")
    page = (built_html / "chapters" / "claims-ledger.html").read_text(encoding="utf-8")
    assert len(ledger_reviews) == len(claims)
    assert [p for i, r in enumerate(ledger_reviews) for p in check(r, "ClaimReview", f"[{i}]")] == []
    for review in ledger_reviews:
        anchor = review["url"].split("#", 1)[1]
        assert f'id="{anchor}"' in page, f"no element with id {anchor!r} on the ledger page"


def test_ledger_links_chapters_by_their_short_title(tmp_path):
    from bookkit.ledger import short_title

    for title, short in [("The human cost: what the UN has verified", "The human cost"), ("Time on whose side? Retreats", "Time on whose side?"), ("Glossary", "Glossary")]:
        (tmp_path / "page.md").write_text(f"---\nkernelspec: {{}}\n---\n\n# {title}\n", encoding="utf-8")
        assert short_title(tmp_path / "page.md") == short
