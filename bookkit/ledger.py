"""The claims ledger read as the article is: each checkable passage in the article's own order,
with its verdict, the reason in one line, the evidence and the chapters that discuss it.

Each entry carries the anchor ``claim-<claim_id>``: chapters link to it with
``{ref}`ledger entry <claim-…>```, the ClaimReview markup (``bookkit.claimreview``) points at
it, and the chapters listed under each entry are found from those links, not typed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from .catalogue import link, text
from .data import data_dir, sources

# The anchor prefix is shared with the ClaimReview markup (bookkit.claimreview), which imports it
# from here: the chapters' kernels import this module, and need nothing of Sphinx's.
ANCHOR_PREFIX = "claim-"
# The words a reader sees for each verdict (the data keep a machine-friendly form).
VERDICT_WORDS = {"not_found": "not found"}
VERDICT_CLASS = "bookkit-verdict"
CLAIM_CLASS = "bookkit-claim"
TITLE = re.compile(r"^# (.+)$", re.M)


def chapters_dir() -> Path:
    return data_dir().parent / "chapters"


def short_title(path: Path) -> str:
    """A chapter's title up to its colon or question mark: short link text ('The human cost',
    'Time on whose side?')."""
    title = TITLE.search(path.read_text(encoding="utf-8")).group(1)
    return re.split(r":\s|(?<=\?)\s", title, maxsplit=1)[0].strip()


def citing_chapters(claim_ids, folder: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    """For each claim, the chapters that link to its ledger entry, as (docname, short title)."""
    folder = folder or chapters_dir()
    found: dict[str, list[tuple[str, str]]] = {claim_id: [] for claim_id in claim_ids}
    for path in sorted(folder.glob("*.md")):
        source = path.read_text(encoding="utf-8")
        for claim_id in found:
            if f"<{ANCHOR_PREFIX}{claim_id}>" in source:
                found[claim_id].append((path.stem, short_title(path)))
    return found


def verdict_words(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, verdict)


def verdict_badge(verdict: str) -> str:
    return f"[{verdict_words(verdict)}]{{.{VERDICT_CLASS} .{VERDICT_CLASS}-{verdict.replace('_', '-')}}}"


def _evidence(ids, table: pd.DataFrame, where: str) -> str:
    found = [i.strip() for i in str(ids).split(";") if i.strip()] if pd.notna(ids) else []
    links = [link(table.loc[i, "organisation"], table.loc[i, "url"], where) for i in found]
    return "; ".join(dict.fromkeys(links))


def claim_entry(row, table: pd.DataFrame, chapters: list[tuple[str, str]]) -> str:
    """One claim's entry. Everything from the data goes through ``catalogue.text``: it is shown
    as text, never read as markup."""
    reason = text(row.note) or text(row.sources_say)
    lines = [
        f"({ANCHOR_PREFIX}{row.claim_id})=",
        f":::{{div}} {CLAIM_CLASS}",
        f"{verdict_badge(row.verdict)} “{text(row.article_text)}”",
        "",
        reason,
    ]
    if reason != text(row.sources_say):
        lines += ["", text(row.sources_say)]
    where = []
    evidence = _evidence(row.source_ids, table, f"claims.csv, claim {row.claim_id!r}")
    if evidence:
        where.append(f"Evidence: {evidence}.")
    if chapters:
        where.append("In the book: " + ", ".join(f"{{doc}}`{text(title)} <{doc}>`" for doc, title in chapters) + ".")
    if where:
        lines += ["", " ".join(where)]
    lines.append(":::")
    return "\n".join(lines)


def claims_in_article_order(claims: pd.DataFrame) -> Markdown:
    """Every claim as an entry, in the order its passage comes in the article."""
    ordered = claims.sort_values("article_order")
    table = sources()
    chapters = citing_chapters(ordered["claim_id"])
    return Markdown("\n\n".join(claim_entry(row, table, chapters[row.claim_id]) for row in ordered.itertuples()))
