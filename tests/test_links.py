"""No broken local link: every link and anchor between the built site's pages (and to the
files it ships) points at something the site holds."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    """The ids a page defines and the local URLs it links to or loads."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            url = attrs.get(name)
            if url and not urlsplit(url).scheme and not url.startswith("//"):
                self.urls.append(url)


def parsed(path: Path, cache: dict[Path, Links]) -> Links:
    if path not in cache:
        cache[path] = Links()
        cache[path].feed(path.read_text(encoding="utf-8"))
    return cache[path]


def broken_links(site: Path) -> list[str]:
    cache: dict[Path, Links] = {}
    broken = []
    # Pages, not the themes' Jinja macro files they copy into _static (never served as pages).
    for page in sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts):
        for url in parsed(page, cache).urls:
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)} -> {url}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target, cache).ids:
                broken.append(f"{where}: no element with that id")
    return broken


def test_every_local_link_and_anchor_resolves(built_html):
    assert broken_links(built_html) == []


def test_the_crawl_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#there">b</a> <a href="c.pdf">c</a> <a id="top" href="#top">top</a>')
    (tmp_path / "b.html").write_text('<p id="here">b</p> <a href="https://example.org/x">out</a>')
    assert broken_links(tmp_path) == ["a.html -> b.html#there: no element with that id", "a.html -> c.pdf: no such file"]


def test_the_site_links_to_the_pdf_only_when_it_carries_it(built_html):
    about = (built_html / "chapters" / "about.html").read_text(encoding="utf-8")
    assert ("book.pdf" in about) == (built_html / "book.pdf").is_file()
