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
# A chapter naming a dataset: ``load("name")`` (the build keys its execution on these).
LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_.-]+)["']\s*\)""")
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


def data_dir(start: Path | None = None) -> Path:
    """The data folder of the book being built or run: ``BOOKKIT_DATA`` if set (the Sphinx
    build sets it to its source folder's ``data/``), else the first ``data/datapackage.json``
    found from ``start`` (default: the working folder, where a chapter's kernel runs) upwards.

    Never the folder this package is installed from: two copies of the book sharing one
    environment must each read their own data.
    """
    override = os.environ.get("BOOKKIT_DATA")
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / PACKAGE_FILE).is_file():
            return folder / "data"
    raise DataError(
        f"no data/{PACKAGE_FILE} in {here} or any folder above it: run from inside the book, "
        "or set BOOKKIT_DATA to its data folder"
    )


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


def _describe(error, path: str, key: list[str] | None = None) -> str:
    """One line per frictionless error: file, column, row and rule (a duplicated key names the
    key's columns, which frictionless leaves out)."""
    where = [path]
    field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []) or [])
    if not field and error.type == "primary-key" and key:
        field = ", ".join(key)
    if field:
        where.append(f"column {field!r}")
    elif getattr(error, "field_number", None):
        where.append(f"column {error.field_number} (past the header's last column)")
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


def _errors(report, package, root: Path) -> list[str]:
    lines = []
    for task in report.tasks:
        path = _shown(root / task.place) if task.place else task.name
        key = package.get_resource(task.name).schema.primary_key if package.has_resource(task.name) else None
        lines.extend(_describe(error, path, key) for error in task.errors)
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


def _invented_days(package, root: Path) -> list[str]:
    """A date whose ``<column>_precision`` is ``month`` (or ``year``) must be the first of its
    month (or year): any other day would be one the source never gave. Table Schema cannot tie
    one column's value to another's, so the rule is checked here."""
    first = {"month": lambda d: d.day == 1, "year": lambda d: (d.month, d.day) == (1, 1)}
    lines = []
    for resource in package.resources:
        pairs = [
            (field.name, f"{field.name}_precision")
            for field in resource.schema.fields
            if field.type == "date" and resource.schema.has_field(f"{field.name}_precision")
        ]
        if not pairs:
            continue
        for row in resource.read_rows():
            for column, precision_column in pairs:
                value, precision = row[column], row[precision_column]
                if value is not None and precision in first and not first[precision](value):
                    lines.append(
                        f"{_shown(root / resource.path)}, column {column!r}, row at line {row.row_number}: "
                        f"{precision_column} is {precision!r}, so the date must be the first of the {precision} "
                        f"(value '{value.isoformat()}') [rule: date-precision]"
                    )
    return lines


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
    lines = _errors(report, package, root) if not report.valid else []
    lines += _empty_resources(report, root)
    lines += _unknown_listed_sources(package, root)
    lines += _unsafe_urls(package, root)
    lines += _invented_days(package, root)
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


# The datasets this process has loaded, in order: what a chapter's kernel actually read. The
# charts trace a chart's rows back to these when pandas has dropped a frame's attrs.
_READ: dict[str, None] = {}


def load(name: str) -> pd.DataFrame:
    """The dataset ``name`` as a typed DataFrame, after validating it against its schema."""
    root = data_dir()
    path = root / resource_descriptor(name, root)["path"]
    stamp = path.stat().st_mtime if path.exists() else 0.0
    frame = _load(name, root, stamp).copy()
    _READ[name] = None
    return frame


def datasets_read() -> list[str]:
    """The names of the datasets this process has loaded, in the order it first loaded them."""
    return list(_READ)


def sources() -> pd.DataFrame:
    """The table of sources every dataset row points to, indexed by ``id``."""
    return load(SOURCES).set_index("id")
