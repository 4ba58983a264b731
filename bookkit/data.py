"""Load the book's datasets by name, validated against ``data/datapackage.json``.

Every dataset is a resource of one Frictionless Data Package. ``load(name)`` validates that
resource (types, constraints, keys, and its links into ``sources``) with frictionless and
returns a typed DataFrame; any breach raises :class:`DataError`, whose message names the
file, the column, the row and the rule, so a bad file stops the build instead of drawing
a wrong or empty chart.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

PACKAGE_FILE = "datapackage.json"
SOURCES = "sources"
MAX_ERRORS = 12
# A URL the book links to: http(s), a host, and none of the characters that could end a link in
# Markdown or an attribute in HTML (spaces, brackets, quotes, angle brackets, backslashes).
SAFE_URL = re.compile(r"""https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^\s<>()\[\]{}"'`\\|^]*)?""")
# A resource's file: a plain name in the data folder (pages link to it inside markup).
SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.csv")

# Frictionless field types -> pandas dtypes. Nullable dtypes keep a missing optional
# integer as <NA> instead of silently turning the whole column into floats.
_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "year": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


class DataError(ValueError):
    """A data file breaks the data package's rules."""


def data_dir() -> Path:
    """The folder holding ``datapackage.json``; ``BOOKKIT_DATA`` overrides it (tests)."""
    override = os.environ.get("BOOKKIT_DATA")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent / "data"


def package_descriptor(root: Path | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    path = (root or data_dir()) / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: the data package descriptor is missing") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path}: not valid JSON ({err})") from None


def resource_descriptor(name: str, root: Path | None = None) -> dict:
    """One resource's descriptor, by name."""
    resources = {r["name"]: r for r in package_descriptor(root)["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise DataError(f"no dataset named {name!r} in {PACKAGE_FILE}; known: {known}")
    return resources[name]


def check_url(url, where: str = "") -> str:
    """``url`` if it is a plain http(s) URL the pages can link to; else a DataError naming ``where``."""
    if not isinstance(url, str) or not SAFE_URL.fullmatch(url):
        raise DataError(
            f"{where or 'a URL'}: {url!r} is not a plain http(s) URL "
            "(no spaces, brackets, quotes or other schemes) [rule: safe-url]"
        )
    return url


def _describe(error, path: str) -> str:
    """One line per frictionless error: file, column, row and rule."""
    where = [path]
    field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []) or [])
    if field:
        where.append(f"column {field!r}")
    row = getattr(error, "row_number", None)
    where.append(f"row at line {row}" if row else "header")
    cell = getattr(error, "cell", None)
    value = f" (value {cell!r})" if cell not in (None, "") else ""
    return f"{', '.join(where)}: {error.note or error.message}{value} [rule: {error.type}]"


def _shown(path: Path) -> str:
    """``data/x.csv`` rather than an absolute path, when the file is in the data folder."""
    try:
        return str(path.resolve().relative_to(data_dir().parent))
    except ValueError:
        return str(path)


def _errors(report, root: Path) -> list[str]:
    lines = []
    for task in report.tasks:
        path = _shown(root / task.place) if task.place else task.name
        lines.extend(_describe(error, path) for error in task.errors)
    lines.extend(_describe(error, PACKAGE_FILE) for error in report.errors)
    return lines


def _unknown_listed_sources(package, root: Path) -> list[str]:
    """Check ``source_ids`` lists (``a;b;c``), which Table Schema foreign keys cannot express."""
    if not package.has_resource(SOURCES):
        return []
    known = {row["id"] for row in package.get_resource(SOURCES).read_rows()}
    lines = []
    for resource in package.resources:
        if not resource.schema.has_field("source_ids"):
            continue
        for row in resource.read_rows():
            for source_id in filter(None, (row["source_ids"] or "").split(";")):
                if source_id.strip() not in known:
                    lines.append(
                        f"{_shown(root / resource.path)}, column 'source_ids', row at line {row.row_number}: "
                        f"no source with id {source_id.strip()!r} in sources.csv [rule: foreign-key]"
                    )
    return lines


def _unsafe_urls(package, root: Path) -> list[str]:
    """Every ``format: uri`` cell must be a URL a page can link to as it is (see SAFE_URL): the
    schema's own pattern cannot say "no brackets" without becoming unreadable."""
    lines = []
    for resource in package.resources:
        fields = [field.name for field in resource.schema.fields if getattr(field, "format", None) == "uri"]
        if not fields:
            continue
        for row in resource.read_rows():
            for field in fields:
                value = row[field]
                if value is None:
                    continue
                try:
                    check_url(value, f"{_shown(root / resource.path)}, column {field!r}, row at line {row.row_number}")
                except DataError as err:
                    lines.append(str(err))
    return lines


def _empty_resources(report, root: Path) -> list[str]:
    """A file holding only its header passes every row rule, and then draws an empty chart."""
    return [
        f"{_shown(root / task.place)}, header: the file has a header but no data rows [rule: non-empty]"
        for task in report.tasks
        if task.place and not task.errors and task.stats.get("rows", 0) == 0
    ]


def validate(names: Iterable[str] | None = None, root: Path | None = None) -> None:
    """Validate the named resources (default: all) and their source links; raise DataError."""
    from frictionless import FrictionlessException, Package  # slow import: only when validating

    root = root or data_dir()
    descriptor = package_descriptor(root)
    wanted = set(names) if names is not None else {r["name"] for r in descriptor["resources"]}
    for name in wanted:
        relative = resource_descriptor(name, root)["path"]
        if not isinstance(relative, str) or not SAFE_PATH.fullmatch(relative):
            raise DataError(f"{PACKAGE_FILE}: dataset {name!r} has path {relative!r}, not a plain .csv file name [rule: safe-path]")
        path = root / relative
        if not path.is_file():
            raise DataError(f"{_shown(path)}: file missing for dataset {name!r} [rule: file-exists]")
        if path.stat().st_size == 0:
            raise DataError(f"{_shown(path)}: file is empty [rule: non-empty]")
    try:
        package = Package(descriptor, basepath=str(root))
    except FrictionlessException as err:
        reasons = "\n  ".join(reason.message for reason in err.reasons) or err.error.message
        raise DataError(f"{_shown(root / PACKAGE_FILE)}: invalid descriptor:\n  {reasons}") from None
    if names is not None:
        # Keep what the wanted resources link to, so foreign keys are still checked.
        keep = wanted | {SOURCES}
        for resource in list(package.resources):
            if resource.name not in keep:
                package.remove_resource(resource.name)
    report = package.validate()
    lines = _errors(report, root) if not report.valid else []
    lines += _empty_resources(report, root)
    lines += _unknown_listed_sources(package, root)
    lines += _unsafe_urls(package, root)
    if lines:
        shown = lines[:MAX_ERRORS] + ([f"... and {len(lines) - MAX_ERRORS} more"] if len(lines) > MAX_ERRORS else [])
        raise DataError("invalid data:\n  " + "\n  ".join(shown))


@lru_cache(maxsize=None)
def _load(name: str, root: Path, stamp: float) -> pd.DataFrame:
    validate([name], root)
    descriptor = resource_descriptor(name, root)
    fields = descriptor["schema"]["fields"]
    dates = [f["name"] for f in fields if f["type"] == "date"]
    dtypes = {f["name"]: _DTYPES[f["type"]] for f in fields if f["type"] in _DTYPES}
    frame = pd.read_csv(
        root / descriptor["path"],
        dtype=dtypes,
        parse_dates=dates,
        date_format="%Y-%m-%d",
        keep_default_na=False,
        na_values=[""],
    )
    frame.attrs["resource"] = name
    return frame


def load(name: str) -> pd.DataFrame:
    """The dataset ``name`` as a typed DataFrame, after validating it against its schema."""
    root = data_dir()
    path = root / resource_descriptor(name, root)["path"]
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _load(name, root, stamp).copy()


def sources() -> pd.DataFrame:
    """The table of sources every dataset row points to, indexed by ``id``."""
    return load(SOURCES).set_index("id")
