"""What each chapter's execution is keyed on, and the head start that runs the missing ones.

A chapter's inputs are the data files it ``load()``s, the sources table and this package.
Sphinx re-reads the chapter when one of them changes (``note_dependency``, plus a fingerprint
check for what mtimes miss, such as a new module), and a hidden cell carrying the fingerprint
changes the cache key, so myst-nb re-executes that chapter and no other. Chapters the cache
lacks are executed side by side before Sphinx reads them (:mod:`bookkit.execution`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import data, execution

LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_.-]+)["']""")
PACKAGE_FILES = sorted(Path(__file__).parent.glob("*.py"))


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
