"""Sphinx extension: the build-time half of the book's plumbing.

* Validates the whole data package before anything executes, so a bad file stops the build
  even when every notebook would come from the cache.
* Keys each chapter's execution on its inputs: the data files it ``load()``s, the sources
  table and this package. Sphinx re-reads the chapter when one of them changes
  (``note_dependency``), and a hidden cell carrying their fingerprint changes the cache key,
  so myst-nb re-executes that chapter and no other.
* Ships the Vega / Vega-Lite / vega-embed bundle inside the site (``_static/vega-bundle.js``,
  one URL for every page) and the script that draws the charts with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import data, render

STATIC = Path(__file__).parent / "static"
BUNDLE = "vega-bundle.js"
LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_.-]+)["']""")
PACKAGE_FILES = sorted(Path(__file__).parent.glob("*.py"))


def validate_data(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
    try:
        data.validate()
    except data.DataError as err:
        raise ExtensionError(f"bookkit: the data package is invalid, nothing was built.\n{err}") from None
    # The edition's date (PDF title page) is the data's cut-off, read from the sources table.
    newest = data.load(data.SOURCES)["published"].max()
    config.today = f"Sources published up to {newest:%-d %B %Y}"


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


def chapter_inputs(source: str, root: Path) -> list[Path]:
    """Files whose content a chapter's outputs depend on."""
    descriptor = data.package_descriptor(root)
    paths = {r["name"]: root / r["path"] for r in descriptor["resources"]}
    used = sorted(set(LOAD_CALL.findall(source)))
    unknown = [name for name in used if name not in paths]
    if unknown:
        raise ExtensionError(f"bookkit: chapter loads unknown dataset(s) {unknown}")
    return [paths[name] for name in used] + [paths[data.SOURCES], root / data.PACKAGE_FILE, *PACKAGE_FILES]


def fingerprint(source: str, root: Path) -> str:
    descriptor = data.package_descriptor(root)
    by_path = {str(root / r["path"]): r for r in descriptor["resources"]}
    digest = hashlib.sha256()
    for path in chapter_inputs(source, root):
        if path.name == data.PACKAGE_FILE:
            continue  # its relevant part, each resource's own descriptor, is hashed below
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        if str(path) in by_path:
            digest.update(json.dumps(by_path[str(path)], sort_keys=True).encode())
    return digest.hexdigest()[:16]


def key_on_inputs(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if not (text.startswith("---") and "kernelspec:" in text.split("\n---", 1)[0]):
        return
    root = data.data_dir()
    for path in chapter_inputs(text, root):
        app.env.note_dependency(str(path))
    source[0] = (
        text.rstrip("\n")
        + "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        + f"# inputs fingerprint {fingerprint(text, root)}: re-executes this page when its data change\n"
        + "```\n"
    )


def add_chart_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    write_bundle(Path(app.outdir) / "_static" / BUNDLE)
    app.add_js_file(BUNDLE, loading_method="defer")
    app.add_js_file("charts.js", loading_method="defer")
    app.add_css_file("charts.css")


def write_bundle(target: Path) -> None:
    """Write the Vega bundle before any page is written, so every page links it with the same
    content checksum (``?v=``) on a clean build as on a rebuild."""
    import vl_convert

    # Wrapped in a function: the bundle's top-level names must not clash with the theme's.
    script = "(function () {\n" + vl_convert.javascript_bundle(vl_version=render.VEGALITE_VERSION) + "\n})();\n"
    if not target.exists() or target.read_text(encoding="utf-8") != script:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(script, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", validate_data)
    app.connect("config-inited", disable_thebe)
    app.connect("builder-inited", add_chart_assets)
    app.connect("source-read", key_on_inputs)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
