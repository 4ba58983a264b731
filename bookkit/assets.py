"""What each page loads: a first visit pays only for what that page uses.

* Icons. The theme draws about fifteen header and navigation icons with FontAwesome: a 1.4 MB
  script on every page, which then pulls two webfonts. The theme's markup (``<i class="fa-solid
  fa-moon">``) stays, and its script goes (``templates/layout.html``); ``bookkit-icons.css`` paints
  each of those classes with the matching Octicon (GitHub's MIT-licensed set, which sphinx-design
  already ships) as a CSS mask in the current text colour, so icons follow light and dark mode.
* Charts. The Vega bundle (about 300 KB compressed) is linked only from pages that hold a chart.
* Search. Sphinx's index and scripts, which the theme links from every page, are dropped there;
  the search page loads Pagefind's (``bookkit/search.py``).
* Page tools only where a page uses them: the code tools (highlighting colours, the copy button
  and its clipboard library) where it shows code, the chart scripts and styles (``charts.js``
  draws, ``figure.js`` furnishes) where it holds a chart, sphinx-design's tab script where it
  has tabs.
* The theme's stylesheet keeps FontAwesome's 1,900 glyph rules and font faces, a third of its
  weight, for icons no page draws any more: the copy in the site is written without them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx

from .site_assets import BUNDLE

TEMPLATES = Path(__file__).parent / "templates"
ICON_CSS = "bookkit-icons.css"
# FontAwesome class the theme (pydata-sphinx-theme, sphinx-book-theme) writes -> Octicon drawn.
ICONS = {
    "fa-magnifying-glass": "search",
    "fa-bars": "three-bars",
    "fa-list": "list-unordered",
    "fa-outdent": "sidebar-expand",
    "fa-sun": "sun",
    "fa-moon": "moon",
    "fa-circle-half-stroke": "device-desktop",
    "fa-arrow-up": "arrow-up",
    "fa-angle-left": "chevron-left",
    "fa-angle-right": "chevron-right",
    "fa-chevron-down": "chevron-down",
    "fa-home": "home",
    "fa-expand": "screen-full",
    "fa-github": "mark-github",
    "fa-download": "download",
    "fa-file": "file",
    "fa-file-pdf": "file",
    "fa-code": "code",
    "fa-rocket": "rocket",
    "fa-pencil": "pencil",
    "fa-file-lines": "file",
}
# Icons the theme's stylesheets draw in FontAwesome's font from a pseudo-element: the same
# Octicon masks replace them (selectors as specific as the theme's, so these win by order).
PSEUDO_ICONS = {
    "div.admonition>.admonition-title::after,.admonition>.admonition-title::after": "bell",
    "div.admonition.note>.admonition-title::after,div.admonition.seealso>.admonition-title::after": "info",
    "div.admonition.tip>.admonition-title::after,div.admonition.hint>.admonition-title::after": "light-bulb",
    "div.admonition.attention>.admonition-title::after,div.admonition.caution>.admonition-title::after,"
    "div.admonition.warning>.admonition-title::after,div.admonition.danger>.admonition-title::after,"
    "div.admonition.important>.admonition-title::after": "alert",
    "div.admonition.error>.admonition-title::after": "x-circle",
    "a.reference.download::before": "download",
    ".nav-link.nav-external::after,nav.bd-links li>a.reference.external::after": "link-external",
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home)::before": "chevron-right",
    ".bd-sidebar-secondary.hide:not(:hover) .onthispage::after": "chevron-down",
}
# FontAwesome's style classes: their font is no longer used for anything.
STYLE_CLASSES = (".fa-solid", ".fas", ".fa-brands", ".fab", ".fa-regular", ".far")
CHART_CONTAINER = 'class="bookkit-chart"'
# Static file -> the markup in a page's body that needs it; a page without that markup does not
# load the file.
NEEDED_FOR = {
    **dict.fromkeys(("pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js"), 'class="highlight'),
    **dict.fromkeys(("charts.js", "charts.css", "figure.js", "figure.css"), CHART_CONTAINER),
    "design-tabs.js": "sd-tab-set",
}
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
FA_GLYPHS = re.compile(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}')
FA_FONTS = re.compile(r"@font-face\{[^}]*fontawesome[^}]*\}")
MASK = (
    'content:"";font:inherit;display:inline-block;width:1em;height:1em;vertical-align:-0.125em;'
    "background-color:currentColor;-webkit-mask:var(--bookkit-icon) center/contain no-repeat;"
    "mask:var(--bookkit-icon) center/contain no-repeat"
)


def add_templates(app: Sphinx, config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def without_scripts(html: str, *names: str) -> str:
    """``html`` less each ``<script ... src="...NAME...">`` tag naming one of ``names``."""
    for name in names:
        html = re.sub(rf'<script\b[^>]*\bsrc="[^"]*{re.escape(name)}[^"]*"[^>]*>\s*</script>\s*', "", html)
    return html


def octicon_url(name: str) -> str:
    from sphinx_design.icons import get_octicon

    svg = get_octicon(name).replace('width="1.0em" height="1.0em" ', "")
    svg = re.sub(r' (class|aria-hidden)="[^"]*"', "", svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ')
    return f'url("data:image/svg+xml,{quote(svg, safe=" =:/,.-")}")'


def icon_css() -> str:
    lines = ["/* Generated by bookkit/assets.py: the theme's FontAwesome icons drawn with Octicons. */"]
    lines.append(f"{','.join(STYLE_CLASSES)}{{font-family:inherit}}")
    lines.append(f"{','.join(c + '::before' for c in STYLE_CLASSES)}{{{MASK}}}")
    lines += [f".{fa_class}{{--bookkit-icon:{octicon_url(octicon)}}}" for fa_class, octicon in ICONS.items()]
    lines += [f"{selector}{{{MASK};--bookkit-icon:{octicon_url(octicon)}}}" for selector, octicon in PSEUDO_ICONS.items()]
    return "\n".join(lines) + "\n"


def add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.builder.templates.environment.filters["without_scripts"] = without_scripts
    # Written before any page, so each page links it with its content checksum (?v=).
    target = Path(app.outdir) / "_static" / ICON_CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    css = icon_css()
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    app.add_css_file(ICON_CSS)


def add_chart_bundle(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Link the Vega bundle from this page only if it holds a chart; ahead of charts.js
    (priority below its 500), which draws with it."""
    if CHART_CONTAINER in (context.get("body") or ""):
        app.add_js_file(BUNDLE, loading_method="defer", priority=450)


def drop_unused_tools(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body") or ""
    unused = {name for name, marker in NEEDED_FOR.items() if marker not in body}
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [f for f in context[key] if Path(str(getattr(f, "filename", f) or "")).name not in unused]


def slim_theme_css(app: Sphinx, exception) -> None:
    """Rewrite the theme's stylesheet in the site without FontAwesome's glyphs and fonts (Sphinx
    copies the theme's static files afresh on every build, so this runs on every build)."""
    path = Path(app.outdir) / THEME_CSS
    if exception or app.builder.format != "html" or not path.exists():
        return
    css = path.read_text(encoding="utf-8")
    slim = FA_FONTS.sub("", FA_GLYPHS.sub("", css))
    if slim != css:
        path.write_text(slim, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", add_chart_bundle)
    app.connect("html-page-context", drop_unused_tools)
    app.connect("build-finished", slim_theme_css)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
