"""The published site's address, set in one place: derived from the repository URL in
``_config.yml`` for canonical links, Open Graph and the sitemap, which lists every page.
"""

from __future__ import annotations

from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def pages_url(repository_url: str) -> str:
    """The GitHub Pages address of a GitHub repository: github.com/OWNER/REPO is published
    at OWNER.github.io/REPO/ (a repository named OWNER.github.io at the domain's root)."""
    parsed = urlparse(repository_url.strip())
    parts = [part for part in parsed.path.split("/") if part]
    if parsed.netloc.lower() not in {"github.com", "www.github.com"} or len(parts) < 2:
        raise ExtensionError(f"bookkit: cannot derive a GitHub Pages URL from repository url {repository_url!r}")
    owner, repo = parts[0].lower(), parts[1].removesuffix(".git")
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def set_site_url(app: Sphinx, config) -> None:
    """One address, the repository's (``repository.url`` in _config.yml), decides where the site
    is published; canonical links, the sitemap and Open Graph all read it from here."""
    if config.html_baseurl:
        return  # set explicitly (e.g. a custom domain): keep it
    repository_url = (config.html_theme_options or {}).get("repository_url", "")
    if not repository_url:
        return
    config.html_baseurl = pages_url(repository_url)
    if "ogp_site_url" in config and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def note_page_written(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    app.env.bookkit_pages_written = getattr(app.env, "bookkit_pages_written", set()) | {pagename}


def complete_sitemap(app: Sphinx, exception) -> None:
    """sphinx-sitemap lists only the pages written in this run, so an incremental build would
    publish a sitemap missing every unchanged page. Add those, through its own link maker,
    before it writes the file (this handler runs first: priority 400)."""
    if exception or app.builder.format != "html" or "sphinx_sitemap" not in app.extensions:
        return
    import sphinx_sitemap

    written = getattr(app.env, "bookkit_pages_written", set())
    for docname in sorted(app.env.found_docs - written):
        sphinx_sitemap.add_html_link(app, docname, None, {}, None)
