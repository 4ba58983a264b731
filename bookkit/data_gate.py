"""The build's data gate: the whole data package is validated before anything executes, so a
bad file stops the build even when every notebook would come from the cache.

The check is skipped when these exact files (and the code that checks them) already passed.
It also sets the edition's date (the PDF title page) from the sources table.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import data
from .freshness import data_to

PACKAGE_FILES = sorted(Path(__file__).parent.glob("*.py"))


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
    stamp = Path(app.doctreedir) / "bookkit-data-valid.json"
    digest = data_digest(data.data_dir())
    known = json.loads(stamp.read_text()) if stamp.exists() else {}
    if known.get("digest") != digest:
        try:
            data.validate()
        except data.DataError as err:
            raise ExtensionError(f"bookkit: the data package is invalid, nothing was built.\n{err}") from None
        # The edition's date (PDF title page) is the data's cut-off, read from the sources table.
        newest = data_to(data.load(data.SOURCES))
        known = {"digest": digest, "today": f"Sources published up to {newest}"}
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(known))
    config.today = known["today"]
