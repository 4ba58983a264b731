"""The renderer's bundle serves the web page, the PDF and a local Jupyter session."""

from __future__ import annotations

import base64
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

import bookkit
from bookkit import render, theme


@pytest.fixture
def chart():
    bookkit.use()
    frame = pd.DataFrame({"year": [2022, 2023, 2024], "value": [3, 1, 2]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="year:O", y="value:Q", tooltip=["year:O", "value:Q"])
        .properties(title="Values by year </script>", description="Bars of three values by year.")
    )


def png_width(picture: bytes) -> int:
    return int.from_bytes(picture[16:20], "big")


def test_bundle_holds_spec_png_and_text(chart):
    bundle, metadata = chart._repr_mimebundle_()
    assert set(bundle) == {render.VEGALITE_MIME, render.VEGA_MIME, "image/png", "text/plain"}
    assert bundle[render.VEGALITE_MIME]["$schema"] == alt.SCHEMA_URL
    # JupyterLab draws the Vega spec the site's Vega-Lite compiles, as SVG.
    assert bundle[render.VEGA_MIME] == vl_convert.vegalite_to_vega(bundle[render.VEGALITE_MIME], vl_version=render.VEGALITE_VERSION)
    assert metadata[render.VEGA_MIME]["embed_options"]["renderer"] == "svg"
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    screen = vl_convert.vegalite_to_png(bundle[render.VEGALITE_MIME], vl_version=render.VEGALITE_VERSION, scale=1)
    assert png_width(picture) == render.PNG_SCALE * png_width(screen) >= 3 * png_width(screen), "not print resolution"
    assert bundle["text/plain"].startswith("Values by year")
    assert "alt.Chart" not in bundle["text/plain"]


def test_theme_and_renderer_enabled(chart):
    assert alt.renderers.active == render.RENDERER_NAME
    assert alt.theme.active == theme.THEME_NAME
    config = chart.to_dict()["config"]
    assert config["range"]["category"] == theme.OKABE_ITO


def test_html_container_does_not_depend_on_key_order(chart):
    """A spec read back from the execution cache has its keys sorted; the page must not change."""
    spec = chart.to_dict()
    reordered = dict(reversed(list(spec.items())))
    assert list(reordered) != list(spec)
    assert render.chart_html(reordered) == render.chart_html(spec)


def test_spec_text_cannot_end_the_script_element(chart):
    html = render.chart_html(chart.to_dict())
    assert html.count("</script>") == 1, "the title's '</script>' must be escaped"
    assert "\\u003c/script\\u003e" in html


def test_site_bundle_is_the_vega_lite_release_altair_writes_for(chart):
    """The spec names the release it was written for in its $schema URL; the bundle drawing it
    in the page (and the PNG renderer) must be that release."""
    release = re.search(r"/v(\d+\.\d+\.\d+)\.json$", chart.to_dict()["$schema"]).group(1)
    assert release.startswith(render.VEGALITE_VERSION + ".")
    bundle = vl_convert.javascript_bundle(vl_version=render.VEGALITE_VERSION)
    assert f'"{release}"' in bundle


def test_mime_plugin_only_claims_vega_lite(chart):
    from myst_nb.core.render import MimeData

    spec = chart.to_dict()
    nodes = render.VegaLiteMimeRenderer.handle_mime(None, MimeData(render.VEGALITE_MIME, spec), False)
    assert 'class="bookkit-chart"' in nodes[0].astext()
    assert render.VegaLiteMimeRenderer.handle_mime(None, MimeData("image/png", "xx"), False) is None
    assert render.VegaLiteMimeRenderer.handle_mime(None, MimeData(render.VEGA_MIME, {}), False) == []


def test_chart_links_to_the_csvs_behind_it(chart):
    spec = chart.to_dict()
    spec["usermeta"] = {"bookkit": {"datasets": [{"name": "claims", "path": "claims.csv", "title": 'Claims "ledger"'}]}}
    html = render.chart_html(spec, site_root="../")
    assert '<a href="../data/claims.csv" download' in html
    assert "Claims &quot;ledger&quot;" in html
    assert "PNG or SVG" in html
    assert render.chart_html(spec).count('href="data/claims.csv"') == 1


def test_a_bare_chart_has_no_evidence_line(chart):
    assert "bookkit-chart-evidence" not in render.chart_html(chart.to_dict())
