"""What the site ships besides its pages, with nothing loaded from another host.

* The Vega / Vega-Lite / vega-embed bundle (``_static/vega-bundle.js``, one URL for every page
  that has a chart) and the script and styles that draw the charts with it.
* The datasets themselves at ``data/<file>.csv``, where each chart's download links point.
* No sphinx-thebe scripts: they name a CDN, and the book has no live code.
* An edit to those scripts or styles alone still reaches the site (``static_outdated``), and an
  edit to the package's build code re-writes every page (``package_outdated``).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from . import data, render

STATIC = Path(__file__).parent / "static"
BUNDLE = "vega-bundle.js"


def add_static_path(app: Sphinx, config) -> None:
    """The charts' script and styles (``bookkit/static``) are copied into ``_static``."""
    config.html_static_path.append(str(STATIC))


PACKAGE = Path(__file__).parent


def digest_of(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def static_digest() -> str:
    return digest_of(STATIC.iterdir())


def static_outdated(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Sphinx copies ``_static`` only when it writes a page, so a build after editing only a
    script or stylesheet left the site with the old one. A changed ``bookkit/static`` marks the
    front page out of date: that one page is written again, and every static file with it."""
    digest = static_digest()
    if getattr(env, "bookkit_static_digest", None) == digest:
        return []
    env.bookkit_static_digest = digest
    return [app.config.root_doc]


def package_outdated(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Sphinx re-reads a page when its source changes, not when the extension that writes it
    does: after an edit to bookkit's build code (a page's furniture, the assets it links) every
    page was left as the old code wrote it. A changed package re-reads and re-writes every page;
    execution is keyed apart (``cache_keys``), so nothing runs again for it."""
    digest = digest_of(PACKAGE.glob("*.py"))
    if getattr(env, "bookkit_package_digest", None) == digest:
        return []
    env.bookkit_package_digest = digest
    return sorted(env.found_docs)


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


def add_chart_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    write_bundle(Path(app.outdir) / "_static" / BUNDLE, Path(app.doctreedir) / "bookkit-bundle-version")
    # The bundle is linked only from the pages that hold a chart (bookkit/assets.py).
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
