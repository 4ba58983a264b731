"""Sphinx extension: a dated line under every page's title, and the footer's correction routes.

"Last revised 1 December 2026 · Data to 31 December 2025": the first date is the newest git
commit touching the page or a dataset it loads (a page is revised when its data are), the
second the newest observation the page shows: what it glues as ``page_data_to`` (computed with
:func:`bookkit.freshness.data_to` from the frames it charts), or else the newest observation in
the datasets it loads. Both are
read from the repository, never typed, and a build of one commit always prints the same line:
outside a git checkout (a test's copy of the tracked files) the files' modification times,
which that copy keeps, stand in for the commit dates.

The line is a docutils node written when the page is read, so the site and the PDF both show
it, and a page re-read because its data changed gets a new line.
"""

from __future__ import annotations

import ast
import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ext import OUTPUT_FOLDER
from sphinx.application import Sphinx

from . import data, freshness
from .dates import long_date

DATELINE_CLASS = "bookkit-dateline"
DATA_TO_KEY = "page_data_to"  # the glue key a page sets to say how current what it shows is


def datasets_read(source: str) -> list[str]:
    """The datasets a page's code loads, in order of first use."""
    return list(dict.fromkeys(data.LOAD_CALL.findall(source)))


def last_revised(paths: list[Path]) -> datetime:
    """The newest commit date of ``paths`` (UTC); their newest modification time outside git."""
    paths = [path for path in paths if path.exists()]
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *map(str, paths)],
            cwd=paths[0].parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        stamp = ""
    if not stamp:  # not a git checkout, or the files are not committed yet
        stamp = max(path.stat().st_mtime for path in paths)
    return datetime.fromtimestamp(int(float(stamp)), tz=timezone.utc)


def glued_data_to(glue_file: Path) -> str | None:
    """The 'data to' date a page glued under ``page_data_to`` (a string, so its repr)."""
    if not glue_file.exists():
        return None
    output = json.loads(glue_file.read_text(encoding="utf-8")).get(DATA_TO_KEY)
    text = ((output or {}).get("data") or {}).get("text/plain")
    return ast.literal_eval(text) if text else None


def dateline_text(source_path: Path, glue_file: Path | None = None) -> str:
    """'Last revised …' and, for a page that shows data, '· Data to …'."""
    source = source_path.read_text(encoding="utf-8")
    names = datasets_read(source)
    root = data.data_dir()
    files = [root / data.resource_descriptor(name, root)["path"] for name in names]
    text = f"Last revised {long_date(last_revised([source_path, *files]))}"
    newest = glued_data_to(glue_file) if glue_file else None
    if newest is None and names:
        found = freshness.data_to(*[data.load(name) for name in names])
        newest = str(found) if found is not None else None
    if newest is not None:
        text += f" · Data to {newest}"
    return text


def add_dateline(app: Sphinx, doctree: nodes.document) -> None:
    """Put the dated line right under the page's title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    docname = app.env.docname
    glue_file = Path(app.outdir).parent / OUTPUT_FOLDER / f"{docname}.glue.json"
    text = dateline_text(Path(app.env.doc2path(docname)), glue_file)
    section.insert(1, nodes.paragraph(text, text, classes=[DATELINE_CLASS]))


def add_styles(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("page.css")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_styles)
    app.connect("doctree-read", add_dateline)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
