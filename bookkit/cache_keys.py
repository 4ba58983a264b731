"""What each chapter's execution is keyed on, and the head start that runs the missing ones.

A chapter's outputs depend on (its inputs, worked out from its source by :func:`chapter_inputs`):

* the datasets it reads: each ``load("name")`` in it or in a ``bookkit`` module its kernel
  imports (``bookkit.claim_figures`` loads the datasets its figures come from), and every dataset (with the whole
  ``datapackage.json``) when it reads the package as a whole (``data_catalogue()``,
  ``package_descriptor()``) or loads a name this cannot read (``load(variable)``); always the
  sources table; each with its part of ``datapackage.json``;
* the ``bookkit`` modules its kernel imports (those it names, and what they import in turn):
  build-only modules (this one, ``execution``, ``bib``, ``repo`` ...) are not among them; and
  what those modules read besides the data (``bookkit.ledger``: which chapters cite each claim);
* the installed versions of the libraries that shape its outputs (:data:`OUTPUT_LIBRARIES`).

Sphinx re-reads the chapter when one of those files changes (``note_dependency``), a check of
the fingerprint catches what mtimes miss (a library upgrade), and a hidden cell carrying the
fingerprint changes myst-nb's cache key, so that chapter is re-executed and no other. Chapters
the cache lacks are executed side by side before Sphinx reads them (:mod:`bookkit.execution`).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import re
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import data, execution

PACKAGE = Path(__file__).parent
ANY_LOAD = re.compile(r"\bload\(")
READS_PACKAGE = re.compile(r"\b(?:data_catalogue|package_descriptor)\(")
# Imports in a chapter's code (a mention of ``bookkit.x`` in a comment imports nothing).
NAMED_MODULE = re.compile(r"^[ \t]*(?:from[ \t]+|import[ \t]+)bookkit\.(\w+)|^[ \t]*from[ \t]+bookkit[ \t]+import[ \t]+(\([^)]*\)|[\w \t,]+)", re.M)
# Libraries whose version changes what a chapter outputs: chart specs and PNGs, the tables,
# and how myst-nb stores the outputs.
OUTPUT_LIBRARIES = ("altair", "vl-convert-python", "pandas", "myst-nb")


@lru_cache(maxsize=None)
def _imported_modules(path: Path, mtime: float) -> frozenset[str]:
    """The bookkit modules one module imports (anywhere in it: some imports sit in functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == "bookkit" or base.startswith("bookkit."):
                name = base.removeprefix("bookkit").lstrip(".")
                found |= {name.split(".")[0]} if name else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("bookkit.")}
    return frozenset(found)


def kernel_modules(source: str) -> list[Path]:
    """The bookkit module files a chapter's kernel imports: the package, the modules the
    chapter names, and everything those import."""
    if "bookkit" not in source:
        return []
    wanted = {"__init__"}
    for dotted, imported in NAMED_MODULE.findall(source):
        wanted |= {dotted} if dotted else set(re.findall(r"\w+", imported))
    seen: set[str] = set()
    while wanted:
        name = wanted.pop()
        path = PACKAGE / f"{name}.py"
        if name in seen or not path.is_file():
            continue  # a name imported from the package (load, publish ...), not a module
        seen.add(name)
        wanted |= _imported_modules(path, path.stat().st_mtime) - seen
    return sorted(PACKAGE / f"{name}.py" for name in seen)


@lru_cache(maxsize=None)
def _module_loads(path: Path, mtime: float) -> frozenset[str]:
    """The datasets a bookkit module loads by name: each ``load("name")`` call in its code (not
    in its comments or docstrings, which mention the form)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "load" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return frozenset(found)


def datasets_read(source: str, descriptor: dict) -> list[str]:
    """The datasets a chapter reads (see the module's docstring), the sources table last."""
    names = [r["name"] for r in descriptor["resources"]]
    in_modules = {name for path in kernel_modules(source) for name in _module_loads(path, path.stat().st_mtime)}
    named = sorted(set(data.LOAD_CALL.findall(source)) | in_modules)
    unknown = [name for name in named if name not in names]
    if unknown:
        raise ExtensionError(f"bookkit: chapter loads unknown dataset(s) {unknown}")
    if READS_PACKAGE.search(source) or len(ANY_LOAD.findall(source)) > len(data.LOAD_CALL.findall(source)):
        return [name for name in names if name != data.SOURCES] + [data.SOURCES]
    return [name for name in named if name != data.SOURCES] + [data.SOURCES]


def chapter_inputs(source: str, root: Path, descriptor: dict | None = None) -> list[Path]:
    """Files whose content a chapter's outputs depend on."""
    descriptor = descriptor or data.package_descriptor(root)
    paths = {r["name"]: root / r["path"] for r in descriptor["resources"]}
    return [paths[name] for name in datasets_read(source, descriptor)] + [root / data.PACKAGE_FILE, *kernel_modules(source)]


def library_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in OUTPUT_LIBRARIES}


def fingerprint(source: str, root: Path, descriptor: dict | None = None) -> str:
    """A digest of everything a chapter's outputs depend on."""
    descriptor = descriptor or data.package_descriptor(root)
    resources = {r["name"]: r for r in descriptor["resources"]}
    read = datasets_read(source, descriptor)
    digest = hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode())
    # The package's own metadata (title, licence ...), and all of it when the chapter shows it.
    whole = READS_PACKAGE.search(source) is not None
    digest.update(json.dumps(descriptor if whole else {k: v for k, v in descriptor.items() if k != "resources"}, sort_keys=True).encode())
    for name in read:
        digest.update(json.dumps(resources[name], sort_keys=True).encode())
        digest.update((root / resources[name]["path"]).read_bytes())
    modules = kernel_modules(source)
    for path in modules:
        digest.update(path.name.encode() + path.read_bytes())
    if PACKAGE / "ledger.py" in modules:
        digest.update(ledger_links(root.parent / "chapters").encode())
    return digest.hexdigest()[:16]


def ledger_links(chapters: Path) -> str:
    """What :mod:`bookkit.ledger` reads from the chapters (each one's title and the ledger
    entries it links to), so the ledger is re-executed when a chapter starts or stops citing an
    entry, and not for any other edit."""
    from .ledger import ANCHOR_PREFIX

    anchor = re.compile(rf"<({re.escape(ANCHOR_PREFIX)}[^>\s]+)>")
    found = []
    for path in sorted(chapters.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.M)
        found.append([path.stem, title.group(1) if title else "", sorted(set(anchor.findall(text)))])
    return json.dumps(found)


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
    """Chapters whose inputs changed in a way file mtimes miss: an upgraded library changes
    every fingerprint without touching any file a chapter noted."""
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
