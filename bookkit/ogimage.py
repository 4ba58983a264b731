"""Sphinx extension: a chapter's social-card image (``og:image``) is its lead chart.

A link to a chapter shared on social media shows the chart the chapter opens with. The picture
is the PNG the chart's own output bundle already carries (``bookkit.render``: rendered by
vl-convert, offline), read from the glue data myst-nb writes for the page, so nothing is drawn
twice and nothing is fetched. Pages without a chart keep the site's text-only card.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

from myst_nb.sphinx_ext import OUTPUT_FOLDER
from sphinx.application import Sphinx

GLUE_FIGURE = re.compile(r"^```\{glue:figure\}\s+(\S+)", re.M)
TARGET = "_static/og"


def lead_figure(source: str) -> str | None:
    """The key of the first glued figure in a page's source: its lead chart."""
    found = GLUE_FIGURE.search(source)
    return found.group(1) if found else None


def glued_png(glue_file: Path, key: str) -> bytes | None:
    if not glue_file.exists():
        return None
    output = json.loads(glue_file.read_text(encoding="utf-8")).get(key) or {}
    picture = (output.get("data") or {}).get("image/png")
    return base64.b64decode(picture) if picture else None


def add_social_image(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    base = app.config.html_baseurl
    if app.builder.format != "html" or not base or doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    key = lead_figure(source.read_text(encoding="utf-8")) if source.suffix == ".md" else None
    if key is None:
        return
    picture = glued_png(Path(app.outdir).parent / OUTPUT_FOLDER / f"{pagename}.glue.json", key)
    if picture is None:
        return
    name = pagename.replace("/", "-") + ".png"
    target = Path(app.outdir) / TARGET / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != picture:
        target.write_bytes(picture)
    url = base.rstrip("/") + f"/{TARGET}/{name}"
    # The theme's title is HTML (entities, sometimes tags): made plain text, then escaped once.
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta property="og:image" content="{html.escape(url)}" />'
        f'\n<meta property="og:image:alt" content="{html.escape("A chart from: " + title)}" />'
        '\n<meta name="twitter:card" content="summary_large_image" />'
    )


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_social_image)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
