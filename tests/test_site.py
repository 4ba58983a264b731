"""Checks on the built HTML: every figure has its chart, nothing leaves the site, no tracebacks."""

from __future__ import annotations

import re

import pytest

# Hosts a page must never load from: the book has to work with no network beyond itself.
# (Binder and Colab appear only as launch links, which load nothing: LOADED below checks that.)
THIRD_PARTY = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|googleapis|require\.js|thebe@")
# src/href attributes that load something (links in prose to sources are fine).
LOADED = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=["'](?P<url>[^"']+)""", re.I)
SPEC = re.compile(r'<script type="application/json" class="bookkit-chart-spec">')


def test_each_chart_has_a_container_and_spec(pages):
    charted = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        containers = html.count('class="bookkit-chart"')
        assert containers == len(SPEC.findall(html)), page.name
        assert "alt.Chart(" not in html and "VConcatChart(" not in html, f"{page.name} shows a chart's repr"
        charted += containers
    assert charted >= 1


def test_every_glued_figure_holds_a_chart(pages):
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="[^"]*".*?</figure>', html, re.S):
            if "bookkit-chart" not in figure and "<img" not in figure:
                pytest.fail(f"{page.name}: a figure with no chart: {figure[:200]}")


def test_no_page_loads_from_another_host(built_html):
    for page in built_html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(built_html)
        assert not THIRD_PARTY.search(html), f"{name} names a CDN"
        for match in LOADED.finditer(html):
            tag, url = match.group(0), match.group("url")
            loads = not tag.lower().startswith("<link") or re.search(r'rel="(stylesheet|preload|icon|modulepreload)"', tag)
            assert not (loads and url.startswith(("http://", "https://", "//"))), f"{name} loads {url}"


def test_no_tracebacks_or_errors_published(built_html):
    for page in built_html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ("Traceback (most recent call last)", "DataError", "ChartError", 'class="output traceback'):
            assert marker not in html, f"{page.name} contains {marker!r}"


EVIDENCE = re.compile(r'<p class="bookkit-chart-evidence">(.*?)</p>', re.S)


def test_every_chart_links_to_csvs_shipped_in_the_site(pages, built_html):
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lines = EVIDENCE.findall(html)
        assert len(lines) == html.count('class="bookkit-chart"'), f"{page.name}: a chart without its data links"
        for line in lines:
            links = re.findall(r'href="([^"]+\.csv)"', line)
            assert links and links[-1].endswith("data/sources.csv"), line
            for link in links:
                target = (page.parent / link).resolve()
                assert target.is_file() and target.stat().st_size > 0, f"{page.name} links to missing {link}"


def test_open_graph_canonical_and_sitemap_use_the_pages_url(built_html, pages):
    from bookkit import site_url

    import yaml

    config = yaml.safe_load((built_html.parent.parent / "_config.yml").read_text(encoding="utf-8"))
    site = site_url.pages_url(config["repository"]["url"])
    sitemap = (built_html / "sitemap.xml").read_text(encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        url = site + page.relative_to(built_html).as_posix()
        assert f'<meta property="og:url" content="{url}"' in html, page.name
        assert '<meta property="og:title"' in html and '<meta property="og:description"' in html, page.name
        assert f'<link rel="canonical" href="{url}"' in html, page.name
        assert f"<loc>{url}</loc>" in sitemap, page.name


def test_chapters_show_a_reading_time_and_launch_links(built_html):
    page = (built_html / "chapters" / "human-cost.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="bookkit-reading-time">\d+ min read', page)
    assert "https://mybinder.org/v2/gh/" in page
    # Colab opens only .ipynb files; the chapters are MyST Markdown, so it is not offered.
    assert "colab.research.google.com" not in page
