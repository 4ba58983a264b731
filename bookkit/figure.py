"""What the website puts around a published chart: its data as a table, how current they are,
its sources as links, and how to cite and share it.

Everything here is made at build time from the published spec (``bookkit.publish`` records the
figure's name, its source ids and its "data to" date in ``usermeta``), so it works without
JavaScript, is found by the site's search, and never reaches the PDF (which prints the PNG, and
its source line, only). ``static/figure.js`` adds what needs a browser: copy the link, and the
reader's own date in the citation.
"""

from __future__ import annotations

import html
import json
import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import freshness
from .data import SOURCES, DataError, data_dir, load, sources
from .dates import VL_DAY, long_date

# Above this many rows a table stops being read and starts being scrolled: the CSV is linked.
MAX_TABLE_ROWS = 400
URL_LINE_WIDTH = 45  # characters: fits a 390 px phone at the credit line's 11 px
CREDIT_LINE_WIDTH = 60  # characters: a phone's chart width at 11 px, like the address lines
NAMED_SOURCES = 3  # organisations named in the credit line an exported picture carries
# Encoding channels whose fields a reader sees drawn, in the order a table lists them.
CHANNELS = ("tooltip", "x", "x2", "y", "y2", "theta", "color", "fill", "size", "shape", "text", "row", "column", "facet")


# --- at publish time ---------------------------------------------------------------------------


def _newest(frames: Iterable[pd.DataFrame]) -> freshness.DataTo | None:
    dated = []
    for frame in frames:
        name = frame.attrs.get("resource") if isinstance(frame, pd.DataFrame) else None
        column = name and freshness.observed_column(name)
        if column and column in frame:
            found = freshness.data_to(frame)
            if found is not None:
                dated.append(found)
    return max(dated, key=lambda d: d.date) if dated else None


def figure_meta(name: str, drawn: Iterable[pd.DataFrame], given: Iterable, source_ids: list[str]) -> dict:
    """What ``publish`` records about figure ``name`` for the page: its source ids and the newest
    observation it draws (from the frames the chart itself holds; else from those passed as
    its sources, when the chart's own frames were reshaped past their dated column)."""
    given = [item for item in given if isinstance(item, pd.DataFrame)]
    newest, basis = _newest(drawn) or _newest(given), "observed"
    if newest is None:
        # Data with no time of their own (the article's claims, a breakdown by sector) are as
        # current as the newest document they come from.
        table = load(SOURCES)
        newest, basis = freshness.data_to(table[table["id"].isin(source_ids)]), "sources"
    data_to = {"date": newest.date.date().isoformat(), "precision": newest.precision, "basis": basis}
    return {"figure": name, "sources": list(source_ids), "data_to": data_to}


# --- formats, as Vega writes them in a tooltip --------------------------------------------------

_NUMBER = re.compile(r"^(?P<sign>[-+ ]?)(?P<symbol>\$?)(?P<comma>,?)(?:\.(?P<precision>\d+))?(?P<trim>~?)(?P<type>[%dfegrs]?)$")
_SI = {-12: "p", -9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T"}


def _trim(text: str) -> str:
    if "." not in text:
        return text
    head, _, tail = text.partition(".")
    digits = re.match(r"\d*", tail).group(0)
    rest = tail[len(digits) :]
    digits = digits.rstrip("0")
    return head + ("." + digits if digits else "") + rest


def number(value, fmt: str = "") -> str:
    """A number as d3-format writes it, for the formats the book's charts use ("," ",.1f" "~s"
    "+.0f" ".0%" "d"); an unknown format falls back to a plain thousands-separated number."""
    match = _NUMBER.match(fmt or "")
    if match is None:
        match = _NUMBER.match(",")
    sign = "+" if match["sign"] == "+" else ""
    comma = "," if match["comma"] else ""
    precision = int(match["precision"]) if match["precision"] is not None else None
    kind = match["type"]
    value = float(value)
    if kind == "%":
        text = f"{value * 100:{sign}{comma}.{0 if precision is None else precision}f}%"
    elif kind == "d":
        text = f"{round(value):{sign}{comma}d}"
    elif kind == "f":
        text = f"{value:{sign}{comma}.{6 if precision is None else precision}f}"
    elif kind == "s":
        digits = 6 if precision is None else max(1, precision)
        exponent = 0 if value == 0 else min(12, max(-12, 3 * math.floor(math.log10(abs(value)) / 3)))
        scaled = value / 10**exponent
        text = f"{scaled:{sign}.{max(0, digits - len(str(int(abs(scaled)))))}f}"
        text = (_trim(text) if match["trim"] else text) + _SI.get(exponent, "")
        return f"${text}" if match["symbol"] else text
    else:  # d3's default: up to 12 significant digits
        text = f"{value:{sign}{comma}.12g}"
    if match["trim"]:
        text = _trim(text)
    return f"${text}" if match["symbol"] else text


_TIME_TOKEN = re.compile(r"%(-?)([a-zA-Z%])")


def time(value, fmt: str = VL_DAY) -> str:
    """A date as d3-time-format writes it (the directives the book uses: %-d %d %e %B %b %Y %y %m)."""
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return ""

    def token(match: re.Match) -> str:
        pad, code = match.group(1) != "-", match.group(2)
        parts = {
            "d": (stamp.day, 2),
            "e": (stamp.day, 0),
            "m": (stamp.month, 2),
            "Y": (stamp.year, 0),
            "y": (stamp.year % 100, 2),
            "H": (stamp.hour, 2),
            "M": (stamp.minute, 2),
        }
        if code in parts:
            number_, width = parts[code]
            return f"{number_:0{width}d}" if pad and width else str(number_)
        return {"B": f"{stamp:%B}", "b": f"{stamp:%b}", "A": f"{stamp:%A}", "a": f"{stamp:%a}", "%": "%"}.get(code, match.group(0))

    return _TIME_TOKEN.sub(token, fmt)


# --- the chart's own data, as a table -----------------------------------------------------------


@dataclass
class Column:
    field: str
    title: str
    type: str
    format: str | None


def _definitions(encoding: dict):
    for channel in CHANNELS:
        value = encoding.get(channel)
        for definition in value if isinstance(value, list) else [value]:
            if isinstance(definition, dict) and isinstance(definition.get("field"), str):
                yield channel, definition


def _title(definition: dict) -> str | None:
    for holder in (definition, definition.get("axis") or {}, definition.get("legend") or {}):
        title = holder.get("title") if isinstance(holder, dict) else None
        if isinstance(title, list):
            title = " ".join(title)
        if title:
            return str(title)
    return None


def _views(spec: dict, data: str | None = None):
    """(dataset name, encoding) for every drawn view in a layered/concatenated/faceted spec."""
    own = spec.get("data")
    if isinstance(own, dict) and own.get("name"):
        data = own["name"]
    if isinstance(spec.get("encoding"), dict) and data:
        yield data, spec["encoding"]
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []) or []:
            yield from _views(part, data)
    if isinstance(spec.get("spec"), dict):
        yield from _views(spec["spec"], data)


def table_columns(spec: dict) -> tuple[str | None, list[Column]]:
    """The dataset a chart draws most of, and its columns: each field a view encodes, headed with
    the tooltip's title (else the axis or legend title) and formatted as the tooltip formats it."""
    datasets = spec.get("datasets", {})
    by_data: dict[str, dict[str, Column]] = {}
    tooltips: dict[str, set[str]] = {}
    for name, encoding in _views(spec):
        rows = datasets.get(name) or []
        present = set(rows[0]) if rows else set()
        columns = by_data.setdefault(name, {})
        for channel, definition in _definitions(encoding):
            field = definition["field"]
            if field not in present:
                continue  # computed in the chart (a transform): not in the data as shipped
            title, known = _title(definition), columns.get(field)
            if known is None:
                columns[field] = Column(field, title or field, definition.get("type", "nominal"), definition.get("format"))
            if channel == "tooltip":
                tooltips.setdefault(name, set()).add(field)
            if known is not None and channel == "tooltip":  # the tooltip's wording and format are the reader's
                known.title = title or known.title
                known.format = definition.get("format") or known.format
    if not by_data:
        return None, []
    best = max(by_data, key=lambda name: (len(by_data[name]), len(datasets.get(name) or [])))
    columns = list(by_data[best].values())
    # Where the chart has tooltips, they are the reader's columns (the others are the marks'
    # plumbing: a bar's end, a label's text); a chart without them shows what it encodes.
    told = [c for c in columns if c.field in tooltips.get(best, set())]
    return best, told or columns


# --- the rows a chart draws: its filter transforms, evaluated here ------------------------------


class Unreadable(ValueError):
    """A filter this module cannot evaluate (a function call, a field computed in the chart)."""


_TOKEN = re.compile(
    r"""\s*(?:(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<number>\d+(?:\.\d+)?)"""
    r"""|datum\.(?P<field>[A-Za-z_]\w*)|datum\[(?P<quoted>'[^']*'|"[^"]*")\]"""
    r"""|(?P<op>===|!==|==|!=|>=|<=|&&|\|\||[<>!()])|(?P<word>null|true|false))"""
)
_PYTHON = {"===": "==", "!==": "!=", "&&": " and ", "||": " or ", "null": "None", "true": "True", "false": "False"}


def _python(expression: str) -> str:
    """A Vega filter expression of comparisons on ``datum`` fields, as Python over a row ``r``.
    Anything else (a function, another variable) is Unreadable."""
    out, at, negate = [], 0, False
    while at < len(expression.rstrip()):
        match = _TOKEN.match(expression, at)
        if match is None:
            raise Unreadable(f"cannot read filter {expression!r} at {expression[at:]!r}")
        at = match.end()
        kind, text = match.lastgroup, match.group(match.lastgroup)
        if negate and kind not in ("field", "quoted"):
            # JavaScript's ! binds tighter than Python's not: read it only on a single field.
            raise Unreadable(f"cannot read filter {expression!r}: ! before something other than a field")
        if kind in ("field", "quoted"):
            field = f"r[{text!r}]" if kind == "field" else f"r[{text}]"
            out.append(f"(not {field})" if negate else field)
            negate = False
        elif text == "!":
            negate = True
        else:
            out.append(_PYTHON.get(text, text))
    if negate:
        raise Unreadable(f"cannot read filter {expression!r}")
    return "".join(out)


def _passes(predicate, row: dict) -> bool:
    """Whether a row passes one filter (an expression, a field predicate, or a selection)."""
    if isinstance(predicate, str):
        code = _python(predicate)
        present = set(re.findall(r"r\[['\"]([^'\"]+)['\"]\]", code))
        if present - set(row):
            raise Unreadable(f"filter {predicate!r} reads a field the data do not hold (computed in the chart)")
        try:
            return bool(eval(code, {"__builtins__": {}}, {"r": row}))  # noqa: S307 - tokens checked above
        except TypeError:  # null compared with a number: Vega treats it as never true
            return False
    if "param" in predicate:
        return True  # a reader's selection: empty at first, and an empty selection keeps every row
    for key, combine in (("and", all), ("or", any)):
        if key in predicate:
            return combine(_passes(p, row) for p in predicate[key])
    if "not" in predicate:
        return not _passes(predicate["not"], row)
    if "field" in predicate and "timeUnit" not in predicate:
        value = row.get(predicate["field"])
        tests = {
            "equal": lambda v: value == v,
            "oneOf": lambda v: value in v,
            "lt": lambda v: value is not None and value < v,
            "lte": lambda v: value is not None and value <= v,
            "gt": lambda v: value is not None and value > v,
            "gte": lambda v: value is not None and value >= v,
            "valid": lambda v: (value is not None) == v,
        }
        known = [test(predicate[key]) for key, test in tests.items() if key in predicate]
        if known:
            return all(known)
    raise Unreadable(f"cannot read filter {predicate!r}")


def _marks(spec: dict, data: str | None = None, transforms: tuple = ()):
    """(dataset name, transforms on the way to it) for every view that draws a mark. A view with
    data of its own starts afresh; otherwise it inherits its parent's data and transforms."""
    own = spec.get("data")
    if isinstance(own, dict) and own.get("name"):
        data, transforms = own["name"], ()
    transforms = (*transforms, *(spec.get("transform") or []))
    if "mark" in spec and data:
        yield data, transforms
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []) or []:
            yield from _marks(part, data, transforms)
    if isinstance(spec.get("spec"), dict):
        yield from _marks(spec["spec"], data, transforms)


def drawn_rows(spec: dict, name: str) -> list[dict]:
    """The rows of dataset ``name`` that some view of the chart draws: those that pass every
    filter transform of at least one view (a view that filters nothing draws them all). A view
    whose filters cannot be read here, or that filters after reshaping its rows, counts as
    drawing them all: the table may then list a row too many, never hide one the chart shows."""
    rows = (spec.get("datasets") or {}).get(name) or []
    shown = [False] * len(rows)
    for data, transforms in _marks(spec):
        if data != name:
            continue
        filters = []
        for transform in transforms:
            if "filter" not in transform:
                filters = None  # reshaped (a window, an aggregate): its rows are not the data's
                break
            filters.append(transform["filter"])
        for index, row in enumerate(rows):
            if shown[index]:
                continue
            try:
                shown[index] = filters is None or all(_passes(f, row) for f in filters)
            except Unreadable:
                shown[index] = True
    return [row for row, drawn in zip(rows, shown) if drawn]


def cell(value, column: Column, row: dict) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if column.type == "temporal":
        precision = row.get(f"{column.field}_precision")
        if precision in ("day", "month", "year") and column.format in (None, VL_DAY):
            return long_date(value, precision)
        return time(value, column.format or VL_DAY)
    if column.type == "quantitative" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, column.format or "")
    return str(value)


def table_html(spec: dict, caption: str) -> str:
    name, columns = table_columns(spec)
    rows = drawn_rows(spec, name) if name else []
    if len(columns) < 1 or not rows or len(rows) > MAX_TABLE_ROWS:
        return ""
    # Numbers line up on the right, as in any printed table.
    kinds = ["num" if c.type == "quantitative" else "text" for c in columns]
    head = "".join(f'<th scope="col" class="{k}">{html.escape(c.title)}</th>' for c, k in zip(columns, kinds))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{k}">{html.escape(cell(row.get(c.field), c, row))}</td>' for c, k in zip(columns, kinds))
        + "</tr>"
        for row in rows
    )
    return (
        '<details class="bookkit-figure-table">'
        "<summary>Table</summary>"
        # A wide table scrolls inside its own box (focusable, so the keyboard can scroll it too).
        f'<div class="bookkit-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f'<table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        "</details>"
    )


# --- sources, date, citation ---------------------------------------------------------------------


@dataclass
class Page:
    """Where a chart is being written: the path up to the site's root, the page's published
    address (None outside Sphinx) and the book's title."""

    site_root: str = ""
    url: str | None = None
    book_title: str = ""


def licence(root: Path | None = None) -> dict:
    descriptor = json.loads(((root or data_dir()) / "datapackage.json").read_text(encoding="utf-8"))
    licences = descriptor.get("licenses") or []
    if not licences:
        raise DataError("datapackage.json: no 'licenses' entry; figures cannot state their licence")
    return licences[0]


def _meta(spec: dict) -> dict:
    return (spec.get("usermeta") or {}).get("bookkit") or {}


def _source_rows(ids: list[str]) -> pd.DataFrame:
    table = sources()
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise DataError(f"sources.csv: no source with id {', '.join(map(repr, unknown))}")
    return table.loc[ids]


def _source_item(row: pd.Series) -> str:
    """Producer first, then where it was read (seen_via), linked to the page read."""
    producer = html.escape(str(row["organisation"]))
    document = html.escape(str(row["document"]))
    url = html.escape(str(row["url"]))
    via = row.get("seen_via")
    via = f" (read at {html.escape(str(via))})" if isinstance(via, str) and via.strip() else ""
    return f'<li>{producer}: <a href="{url}">{document}</a>{via}</li>'


def organisations(ids: list[str]) -> list[str]:
    """The producers behind a figure, the most-cited first."""
    counts = _source_rows(ids)["organisation"].value_counts(sort=True)
    return list(counts.index)


def sources_html(ids: list[str]) -> str:
    rows = _source_rows(ids)
    names = organisations(ids)
    shown = ", ".join(html.escape(n) for n in names[:NAMED_SOURCES])
    more = len(names) - NAMED_SOURCES
    summary = f"Sources: {shown}" + (f" and {more} more" if more > 0 else "")
    items = "".join(_source_item(row) for _, row in rows.iterrows())
    return f'<details class="bookkit-figure-sources"><summary>{summary}</summary><ul>{items}</ul></details>'


def figure_title(spec: dict) -> str:
    from .render import chart_title

    return chart_title(spec)


def figure_url(spec: dict, page: Page) -> str | None:
    name = _meta(spec).get("figure")
    return f"{page.url}#{name}" if page.url and name else None


def cite_html(spec: dict, page: Page) -> str:
    url = figure_url(spec, page)
    if url is None:
        return ""
    terms = licence()
    title = figure_title(spec)
    name = _meta(spec)["figure"]
    return (
        '<details class="bookkit-figure-cite">'
        "<summary>Cite this figure</summary>"
        f'<p class="bookkit-cite-text">“{html.escape(title)}”. In <cite>{html.escape(page.book_title)}</cite>. '
        f'<a href="{html.escape(url)}">{html.escape(url)}</a>. '
        # The reader's own date: figure.js writes it; a page without scripts asks for it.
        'Accessed <span class="bookkit-cite-accessed">[date]</span>. '
        f'Licence: <a href="{html.escape(terms["path"])}" rel="license">{html.escape(terms["name"].replace("-", " "))}</a>.</p>'
        f'<button type="button" class="bookkit-copy-link" data-url="{html.escape(url)}" hidden>Copy link</button>'
        '<span class="bookkit-copy-status" role="status"></span>'
        f' <a class="bookkit-permalink" href="#{html.escape(name)}">Permalink</a>'
        "</details>"
    )


def data_to_text(spec: dict) -> str | None:
    data_to = _meta(spec).get("data_to")
    return long_date(data_to["date"], data_to["precision"]) if data_to else None


def figure_html(spec: dict, page: Page) -> str:
    """The reader's furniture under a chart: "Data to …", its sources, the table, the citation."""
    meta = _meta(spec)
    if not meta.get("figure"):
        return ""  # a bare chart (not published): nothing to say about it
    parts = []
    newest = data_to_text(spec)
    if newest:
        basis = "" if meta["data_to"].get("basis") == "observed" else ", the date of the newest source behind it"
        parts.append(f'<p class="bookkit-figure-data-to">Data to {html.escape(newest)}{basis}</p>')
    if meta.get("sources"):
        parts.append(sources_html(meta["sources"]))
    title = figure_title(spec) or meta["figure"]
    parts.append(table_html(spec, f"Data in the chart: {title}"))
    parts.append(cite_html(spec, page))
    return f'<div class="bookkit-figure-furniture" data-figure="{html.escape(meta["figure"])}">{"".join(parts)}</div>'


def credit_line(spec: dict, page: Page) -> list[str] | None:
    """What a picture saved from the page carries at its foot instead of the print edition's
    source line (the page lists the sources above): producers, the figure's address, licence."""
    meta = _meta(spec)
    url = figure_url(spec, page)
    if not meta.get("sources") or url is None:
        return None
    names = organisations(meta["sources"])
    shown = "; ".join(names[:NAMED_SOURCES]) + (f" and {len(names) - NAMED_SOURCES} more" if len(names) > NAMED_SOURCES else "")
    newest = data_to_text(spec)
    first = f"Source{'s' if len(names) > 1 else ''}: {shown}." + (f" Data to {newest}." if newest else "")
    return [*textwrap.wrap(first, CREDIT_LINE_WIDTH), *_url_lines(url), licence()["name"].replace("-", " ")]


def _url_lines(url: str) -> list[str]:
    """A long address broken after its slashes into lines a phone-width picture holds (a line
    wider than the chart would shrink the whole picture to fit the screen)."""
    lines = [""]
    for part in re.split(r"(?<=/)", url.removeprefix("https://")):
        if lines[-1] and len(lines[-1]) + len(part) > URL_LINE_WIDTH:
            lines.append("")
        lines[-1] += part
    return lines


def web_spec(spec: dict, page: Page) -> dict:
    """The spec the page draws: the print source line (bottom title of publish()'s frame) gives
    way to the credit line, since the sources are listed as links under the chart."""
    credit = credit_line(spec, page)
    title = spec.get("title")
    if credit is None or not (isinstance(title, dict) and title.get("orient") == "bottom"):
        return spec
    return {**spec, "title": {**title, "text": credit}}


def page_of(renderer) -> Page:
    """The page a myst-nb renderer is writing (its depth, its address on the published site)."""
    from .render import _site_root

    env = getattr(getattr(renderer, "renderer", None), "sphinx_env", None)
    if env is None:
        return Page()
    base = env.config.html_baseurl or ""
    url = f"{base.rstrip('/')}/{env.docname}.html" if base else None
    return Page(_site_root(renderer), url, env.config.html_title or env.config.project)
