"""Sphinx extension: the build-time half of the book's plumbing.

* Validates the whole data package before anything executes, so a bad file stops the build
  even when every notebook would come from the cache.
* Keys each chapter's execution on its inputs: the data files it ``load()``s, the sources
  table and this package. Sphinx re-reads the chapter when one of them changes
  (``note_dependency``, plus a fingerprint check for what mtimes miss, such as a new module),
  and a hidden cell carrying the fingerprint changes the cache key, so myst-nb re-executes
  that chapter and no other.
* Executes the chapters the cache lacks side by side, one kernel per core, before Sphinx
  reads them (``bookkit.execution``): a cold build no longer runs them one at a time.
* Ships the Vega / Vega-Lite / vega-embed bundle inside the site (``_static/vega-bundle.js``,
  one URL for every page) and the script that draws the charts with it.
* Ships the datasets themselves at ``data/<file>.csv``, where each chart's download links point.
* Derives the published site's URL (canonical links, sitemap, Open Graph) from the repository
  URL in ``_config.yml``, so the address is set in one place.
* Writes a reading time under each chapter's title (web only).
* Fixes markup the theme's writers emit that screen readers misread (see ``fix_citation_roles``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import data, execution, render
from .catalogue import SOURCE_LIST_CLASS

STATIC = Path(__file__).parent / "static"
BUNDLE = "vega-bundle.js"
LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_.-]+)["']""")
PACKAGE_FILES = sorted(Path(__file__).parent.glob("*.py"))
WEB_ONLY = "web-only"  # class of text that only makes sense on the website (see drop_web_only)
WORDS_PER_MINUTE = 230  # an adult's silent reading speed for non-fiction (Brysbaert 2019: ~238)
# Text inside these is not read as prose: code, raw HTML, comments, maths and data tables.
NOT_PROSE = (nodes.literal_block, nodes.raw, nodes.comment, nodes.math_block, nodes.table, nodes.FixedTextElement)


def data_digest(root: Path) -> str:
    """A digest of every file in the data package and of the code that validates it."""
    digest = hashlib.sha256(importlib.metadata.version("frictionless").encode())
    for path in [*PACKAGE_FILES, *sorted(root.glob("*"))]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def validate_data(app: Sphinx, config) -> None:
    """Validate the package unless these exact files already passed (a no-change rebuild
    should not pay seconds for a check whose answer cannot have changed)."""
    config.html_static_path.append(str(STATIC))
    stamp = Path(app.doctreedir) / "bookkit-data-valid.json"
    digest = data_digest(data.data_dir())
    known = json.loads(stamp.read_text()) if stamp.exists() else {}
    if known.get("digest") != digest:
        try:
            data.validate()
        except data.DataError as err:
            raise ExtensionError(f"bookkit: the data package is invalid, nothing was built.\n{err}") from None
        # The edition's date (PDF title page) is the data's cut-off, read from the sources table.
        newest = data.load(data.SOURCES)["published"].max()
        known = {"digest": digest, "today": f"Sources published up to {newest:%-d %B %Y}"}
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(known))
    config.today = known["today"]


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


def disable_thebe(app: Sphinx, config) -> None:
    """Unhook the part of sphinx-thebe (always loaded by Jupyter Book 1) that injects scripts.

    With live code off it still writes a script naming a CDN, and declares THEBE_JS_URL twice
    (a console error on every page). The book works offline and has no live code.
    """
    injectors = {"init_thebe_core", "update_thebe_context"}
    for event, listeners in app.events.listeners.items():
        app.events.listeners[event] = [
            listener
            for listener in listeners
            if not (listener.handler.__module__ == "sphinx_thebe" and listener.handler.__name__ in injectors)
        ]


def chapter_inputs(source: str, root: Path, descriptor: dict | None = None) -> list[Path]:
    """Files whose content a chapter's outputs depend on."""
    descriptor = descriptor or data.package_descriptor(root)
    paths = {r["name"]: root / r["path"] for r in descriptor["resources"]}
    used = sorted(set(LOAD_CALL.findall(source)))
    unknown = [name for name in used if name not in paths]
    if unknown:
        raise ExtensionError(f"bookkit: chapter loads unknown dataset(s) {unknown}")
    return [paths[name] for name in used] + [paths[data.SOURCES], root / data.PACKAGE_FILE, *PACKAGE_FILES]


def fingerprint(source: str, root: Path, descriptor: dict | None = None) -> str:
    descriptor = descriptor or data.package_descriptor(root)
    by_path = {str(root / r["path"]): r for r in descriptor["resources"]}
    digest = hashlib.sha256()
    for path in chapter_inputs(source, root, descriptor):
        if path.name == data.PACKAGE_FILE:
            continue  # its relevant part, each resource's own descriptor, is hashed below
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        if str(path) in by_path:
            digest.update(json.dumps(by_path[str(path)], sort_keys=True).encode())
    return digest.hexdigest()[:16]


def is_notebook(text: str) -> bool:
    return text.startswith("---") and "kernelspec:" in text.split("\n---", 1)[0]


def with_fingerprint(text: str, digest: str | None = None) -> str:
    """A chapter's source with a hidden cell carrying its inputs' fingerprint appended, so the
    execution cache key changes when they do."""
    if not is_notebook(text):
        return text
    digest = digest or fingerprint(text, data.data_dir())
    return (
        text.rstrip("\n")
        + "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        + f"# inputs fingerprint {digest}: re-executes this page when its data change\n"
        + "```\n"
    )


def key_on_inputs(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if not is_notebook(text):
        return
    root = data.data_dir()
    for path in chapter_inputs(text, root):
        app.env.note_dependency(str(path))
    digest = fingerprints(app.env)[docname] = fingerprint(text, root)
    source[0] = with_fingerprint(text, digest)


def fingerprints(env) -> dict[str, str]:
    """Each chapter's inputs fingerprint when it was last read (kept in the pickled environment)."""
    if not hasattr(env, "bookkit_fingerprints"):
        env.bookkit_fingerprints = {}
    return env.bookkit_fingerprints


def outdated_by_inputs(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Chapters whose inputs changed in a way file mtimes miss: a module added to this package
    changes every fingerprint without touching any file a chapter noted."""
    root = data.data_dir()
    descriptor = data.package_descriptor(root)
    stale = []
    for docname, known in fingerprints(env).items():
        path = Path(env.doc2path(docname))
        if docname in changed | removed or not path.is_file():
            continue
        if fingerprint(path.read_text(encoding="utf-8"), root, descriptor) != known:
            stale.append(docname)
    return stale


def forget_fingerprint(app: Sphinx, env, docname: str) -> None:
    fingerprints(env).pop(docname, None)


def merge_fingerprints(app: Sphinx, env, docnames: set, other) -> None:
    fingerprints(env).update({name: fingerprints(other)[name] for name in docnames if name in fingerprints(other)})


def execute_ahead(app: Sphinx, env, docnames: list[str]) -> None:
    execution.execute_missing(app, env, docnames, with_fingerprint)


def prose_words(doctree: nodes.Node) -> int:
    """Words a reader reads on a page: its text outside code, raw HTML, maths, tables and the
    folded list of source documents."""
    count = 0
    for text in doctree.findall(nodes.Text):
        parent, skip = text.parent, False
        while parent is not None:
            if isinstance(parent, NOT_PROSE) or SOURCE_LIST_CLASS in parent.get("classes", []):
                skip = True
                break
            parent = parent.parent
        if not skip:
            count += len(text.astext().split())
    return count


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_time_html(words: int) -> str:
    minutes = reading_minutes(words)
    return f'<p class="bookkit-reading-time">{minutes} min read <span>({words:,} words)</span></p>'


def add_reading_time(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the chapter's reading time under its title. A raw HTML node: the PDF never shows it."""
    if app.builder.format != "html" or "kernelspec" not in app.env.metadata.get(docname, {}):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    section.insert(1, nodes.raw("", reading_time_html(prose_words(doctree)), format="html"))


def drop_web_only(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove ``[…]{.web-only}`` text (how to hover, click or zoom a chart) outside the website:
    a printed caption cannot be clicked."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and WEB_ONLY in n.get("classes", []))):
        node.parent.remove(node)


def fix_citation_roles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """docutils marks each bibliography entry role="doc-biblioentry", a DPUB-ARIA role deprecated
    in 1.1 that is no list item, so assistive tech (and axe: aria-required-children) sees its
    list ("citation-list", role="list") holding bare links. role="listitem" is what it means."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


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


def ship_datasets(root: Path, target: Path) -> list[Path]:
    """Copy every dataset of the package (and its descriptor) to ``target``: the site's
    ``data/`` folder, where each chart's download links point."""
    target.mkdir(parents=True, exist_ok=True)
    descriptor = data.package_descriptor(root)
    shipped = []
    for path in [root / r["path"] for r in descriptor["resources"]] + [root / data.PACKAGE_FILE]:
        destination = target / path.name
        if not destination.exists() or destination.read_bytes() != path.read_bytes():
            shutil.copyfile(path, destination)
        shipped.append(destination)
    return shipped


def write_datasets(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    ship_datasets(data.data_dir(), Path(app.outdir) / render.SITE_DATA_DIR)


def add_chart_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    write_bundle(Path(app.outdir) / "_static" / BUNDLE, Path(app.doctreedir) / "bookkit-bundle-version")
    app.add_js_file(BUNDLE, loading_method="defer")
    app.add_js_file("charts.js", loading_method="defer")
    app.add_css_file("charts.css")
    app.add_js_file("figure.js", loading_method="defer")  # bookkit.figure's table, sources, citation
    app.add_css_file("figure.css")


def write_bundle(target: Path, stamp: Path) -> None:
    """Write the Vega bundle before any page is written, so every page links it with the same
    content checksum (``?v=``) on a clean build as on a rebuild. Making it takes seconds, so it
    is remade only when the vl-convert release or the Vega-Lite version changes."""
    import vl_convert

    version = f"{vl_convert.__version__} {render.VEGALITE_VERSION}"
    if target.exists() and stamp.exists() and stamp.read_text() == version:
        return
    # Wrapped in a function: the bundle's top-level names must not clash with the theme's.
    script = "(function () {\n" + vl_convert.javascript_bundle(vl_version=render.VEGALITE_VERSION) + "\n})();\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script, encoding="utf-8")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(version)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", validate_data)
    app.connect("config-inited", disable_thebe)
    app.connect("config-inited", set_site_url)
    app.connect("builder-inited", add_chart_assets)
    app.connect("source-read", key_on_inputs)
    app.connect("env-get-outdated", outdated_by_inputs)
    app.connect("env-purge-doc", forget_fingerprint)
    app.connect("env-merge-info", merge_fingerprints)
    app.connect("env-before-read-docs", execute_ahead)
    app.connect("doctree-resolved", add_reading_time)
    app.connect("doctree-resolved", drop_web_only)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", note_page_written)
    app.connect("build-finished", complete_sitemap, priority=400)
    app.connect("build-finished", write_datasets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
