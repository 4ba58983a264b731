"""How an Altair chart leaves the notebook, and how the book draws it.

One output bundle serves every reader:

* ``application/vnd.vegalite.v5+json`` — the spec. The book's HTML builder turns it, through
  :class:`VegaLiteMimeRenderer` (a myst-nb mime plugin), into a container that
  ``_static/charts.js`` draws with the Vega bundle shipped inside the site. The spec keeps
  Altair's v6 ``$schema`` (no Vega-Lite v6 mime type is defined).
* ``application/vnd.vega.v5+json`` — the same spec compiled to Vega by vl-convert's Vega-Lite,
  the release the site draws with. JupyterLab prefers it to the Vega-Lite spec and draws it with
  the Vega it ships (no network): its own Vega-Lite (5.6) is older than the specs, draws some
  of them wrongly and fails on others (a legend selection on a line with points).
* ``image/png`` — a print-resolution picture rendered by vl-convert, which the PDF picks.
* ``text/plain`` — the chart's title and description, instead of ``alt.Chart(...)``.

Which one each builder uses is set in ``_config.yml`` (``nb_mime_priority_overrides``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

import altair as alt
import vl_convert
from jinja2.utils import htmlsafe_json_dumps

from . import figure

RENDERER_NAME = "bookkit"
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
VEGA_MIME = "application/vnd.vega.v5+json"
# JupyterLab passes these to vega-embed: SVG marks (text a screen reader and a test can find), and
# of the ⋯ menu only the exports (the editor link would leave the machine).
LAB_EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
# The Vega-Lite release Altair writes specs for ("6.4.1" -> "6.4"): the site bundle and the
# PNGs are made with the same release, so what the reader sees matches what Altair meant.
VEGALITE_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
PNG_SCALE = 3  # ~300 dpi at the size a chart prints in the PDF's text block
# Where the site ships the datasets (bookkit.site_assets copies them there), from the site root.
SITE_DATA_DIR = "data"


def _title_text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or "").strip()


def chart_title(spec: dict) -> str:
    """The chart's own title: a source line framed around it sits at the bottom, not first."""
    title = spec.get("title")
    if title and not (isinstance(title, dict) and title.get("orient") == "bottom"):
        return _title_text(title)
    for part in spec.get("vconcat", []):
        if part.get("title"):
            return _title_text(part["title"])
    return ""


def spec_text(spec: dict) -> str:
    """Title and description of a spec, as plain text (for text/plain and screen readers)."""
    parts = [chart_title(spec), str(spec.get("description", "")).strip()]
    return ". ".join(p for p in parts if p) or "Chart"


def vega(spec: dict) -> dict:
    """The Vega spec the site's Vega-Lite release compiles ``spec`` to."""
    return vl_convert.vegalite_to_vega(spec, vl_version=VEGALITE_VERSION)


def bundle(spec: dict, **metadata) -> tuple[dict, dict]:
    """The mime bundle for one chart, and its metadata (the Altair renderer)."""
    from . import theme

    compiled = vega(spec)
    # The PDF's picture: the same grammar with the print edition's finer grid.
    picture = vl_convert.vega_to_png(vega(theme.for_print(spec)), scale=PNG_SCALE)
    data = {
        VEGALITE_MIME: spec,
        VEGA_MIME: compiled,
        "image/png": base64.b64encode(picture).decode("ascii"),
        "text/plain": spec_text(spec),
    }
    return data, {VEGA_MIME: {"embed_options": LAB_EMBED_OPTIONS}}


def _json_for_html(spec: dict) -> str:
    # Sorted keys: a spec read back from the execution cache (nbformat sorts keys) must give
    # the same page as a freshly executed one. htmlsafe_json_dumps writes <, >, & and ' as
    # \u escapes, so no text in the data can end the <script> element or open another.
    return str(htmlsafe_json_dumps(spec, separators=(",", ":"), ensure_ascii=False, sort_keys=True))


def chart_datasets(spec: dict) -> list[dict]:
    """The datasets ``bookkit.publish`` recorded in the spec's ``usermeta`` (none for a bare chart)."""
    usermeta = spec.get("usermeta") or {}
    return list((usermeta.get("bookkit") or {}).get("datasets", []))


def evidence_html(spec: dict, site_root: str = "") -> str:
    """A line under the chart linking to the CSV files behind it, as shipped in the site.

    ``site_root`` is the relative path from the page to the site's root (``"../"`` for a page
    in ``chapters/``), so the links work from a file, a local server or any host path.
    """
    datasets = chart_datasets(spec)
    if not datasets:
        return ""
    links = ", ".join(
        f'<a href="{html.escape(site_root + SITE_DATA_DIR + "/" + d["path"])}" download '
        f'title="{html.escape(d.get("title", d["name"]))}">{html.escape(d["path"])}</a>'
        for d in datasets
    )
    return (
        '<p class="bookkit-chart-evidence">'
        f"Data behind this chart (CSV): {links}. "
        "To save the chart as PNG or SVG, use its ⋯ menu."
        "</p>"
    )


def chart_html(spec: dict, site_root: str = "", page: figure.Page | None = None) -> str:
    """The HTML container ``charts.js`` draws a spec into, with links to its data and the
    figure's furniture (``bookkit.figure``); stable for a given spec and page."""
    page = page or figure.Page(site_root)
    payload = _json_for_html(figure.web_spec(spec, page))
    chart_id = "chart-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    # No ARIA here: Vega labels the drawn SVG with the spec's description itself.
    return (
        f'<div class="bookkit-chart" id="{chart_id}">'
        '<div class="bookkit-chart-view"></div>'
        f'<script type="application/json" class="bookkit-chart-spec">{payload}</script>'
        f"{evidence_html(spec, site_root)}"
        f"{figure.figure_html(spec, page)}"
        "</div>"
    )


def _site_root(renderer) -> str:
    """Relative path from the page being rendered to the site root ('' outside Sphinx)."""
    env = getattr(getattr(renderer, "renderer", None), "sphinx_env", None)
    docname = getattr(env, "docname", "") or ""
    return "../" * docname.count("/")


class VegaLiteMimeRenderer:
    """myst-nb mime plugin: Vega-Lite specs become chart containers in HTML output; the Vega
    copy for JupyterLab becomes nothing (myst-nb would warn about a type it does not know)."""

    mime_priority_overrides = ()  # set in _config.yml, where the other builders' choices live

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == VEGA_MIME:
            return []  # JupyterLab's copy of the chart: the book draws the Vega-Lite spec
        if data.mime_type != VEGALITE_MIME:
            return None
        from docutils import nodes

        spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
        return [nodes.raw("", chart_html(spec, _site_root(renderer), figure.page_of(renderer)), format="html")]


def enable() -> None:
    """Register and enable the renderer and the theme (idempotent)."""
    from . import theme

    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, bundle)
    alt.renderers.enable(RENDERER_NAME)
    alt.theme.enable(theme.THEME_NAME)
