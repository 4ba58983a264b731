"""Sphinx extension: the whole data package as one download, ``data/<package name>.zip``.

The archive holds ``datapackage.json`` and every file it lists, under one folder, so that
frictionless (or any Data Package reader) opens it as it is. Entries carry a fixed date, so two
builds of one commit give byte-identical archives.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sphinx.application import Sphinx

from . import data, render

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def archive_name(descriptor: dict) -> str:
    return f"{descriptor['name']}.zip"


def write_archive(root: Path, target_dir: Path) -> Path:
    descriptor = data.package_descriptor(root)
    files = [data.PACKAGE_FILE, *(resource["path"] for resource in descriptor["resources"])]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in files:
            entry = zipfile.ZipInfo(f"{descriptor['name']}/{name}", date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, (root / name).read_bytes())
    target = target_dir / archive_name(descriptor)
    # Rewritten only when its content changes: a no-change rebuild leaves the site as it was.
    if not target.exists() or target.read_bytes() != buffer.getvalue():
        target_dir.mkdir(parents=True, exist_ok=True)
        target.write_bytes(buffer.getvalue())
    return target


def add_archive(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    write_archive(data.data_dir(), Path(app.outdir) / render.SITE_DATA_DIR)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", add_archive)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
