"""A lint for hand-typed figures: digits in a chapter's words that restate a value in ``data/``.

A number that lives in the data must be computed where it is shown (glue, an f-string), or a
data update leaves the page stale. This finds the ones typed by hand, in three places:

* the prose of each chapter (Markdown outside code cells, including captions),
* the strings a chart's code types for its title, subtitle and description (read with ``ast``:
  literal text only, so a value an f-string computes is not flagged), and
* the ledger's own words in ``claims.csv`` (``sources_say``, ``note``): a ``{name}`` there is
  a figure ``bookkit.claim_figures`` computes, so it is not flagged.

It is calibrated to be useful rather than noisy. Not flagged: the article's own words in
quotation marks (the thing being checked), years and dates of events ("17 February 2024"),
small counts and numbers with no unit under 100 ("30-day", "12 points"), and anything inside a
MyST role or link target. The article's own figures (as the ledger quotes them) are the claims being checked, not data.
A number is flagged when it matches a data value to the precision it
is written with ("15,000" matches 14,999; "7.9 million" matches 7,870,000), counting the
multiplier words a figure carries (million, billion, bn, trillion).
"""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bookkit.claim_figures import PLACEHOLDER, TEXT_COLUMNS

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "trn": 1e12}
NUMBER = re.compile(
    r"(?P<pre>[$€£]?)(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w,]*\d)"
    r"(?P<post>\s*(?:%|per ?cent|(?:thousand|million|billion|trillion|bn|trn|m)\b))?",
)
DATE_AFTER = re.compile(rf"^\s*(?:{MONTHS}|{MONTHS_SHORT})\b")
DATE_BEFORE = re.compile(rf"(?:{MONTHS}|{MONTHS_SHORT})\.?\s*$")
# Markup whose text is not prose: roles with their argument, link targets, inline code, quotes.
NOT_PROSE = [
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # {glue:text}`key`, {cite:p}`id`, {ref}`…`
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),  # a link's target
    re.compile(r"https?://\S+"),
    re.compile(r"“[^”]{0,400}”"),  # the article's words, quoted (a quote may wrap a line)
    re.compile(r'"[^"]{0,400}"'),
    re.compile(r"^:[\w-]+:.*$", re.M),  # directive options
    re.compile(r"^\(\S+\)=\s*$", re.M),  # targets
]
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.M | re.S)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
TEXT_KEYWORDS = {"title", "subtitle", "description", "text"}
# Columns of codes, not figures: geonameid, iso_n3, source_id ...
IDENTIFIER = re.compile(r"(?:id|iso_n3)$")


@dataclass(frozen=True)
class Finding:
    page: str
    where: str  # "prose" or "chart text"
    figure: str
    context: str

    def __str__(self) -> str:
        return f"{self.page} ({self.where}): {self.figure!r} restates a data value — …{self.context}…"


def article_figures(data_dir: Path) -> set[str]:
    """The figures the article itself gives, as the ledger quotes them ('10,000', '486', '77'):
    the claim being checked, not a value of the data, so naming it is no restatement."""
    with (data_dir / "claims.csv").open(newline="", encoding="utf-8") as handle:
        quoted = " ".join(row["article_text"] for row in csv.DictReader(handle))
    return {found["num"].replace(",", "") for found in NUMBER.finditer(quoted)}


def data_values(data_dir: Path) -> list[float]:
    """Every numeric cell of every dataset (the sources table holds no figures), except codes
    that identify a row (a GeoNames id, an ISO country number): they are not figures anyone
    writes, and one of them matched CSIS's "1.8m" casualties."""
    values = set()
    for path in sorted(data_dir.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            figures = [not IDENTIFIER.search(name) for name in next(reader)]
            for row in reader:
                for cell in (cell for cell, figure in zip(row, figures) if figure):
                    try:
                        values.add(float(cell.replace(",", "")))
                    except ValueError:
                        continue
    return sorted(values)


def _precision(written: str) -> Decimal:
    """The place value of the last significant digit as written: '15,000' -> 1000, '7.9' -> 0.1."""
    digits = written.replace(",", "")
    if "." in digits:
        return Decimal(1).scaleb(-len(digits.split(".")[1]))
    stripped = digits.rstrip("0")
    return Decimal(10) ** (len(digits) - len(stripped)) if stripped else Decimal(1)


def matches(written: str, multiplier: float, values: list[float]) -> bool:
    figure = float(written.replace(",", "")) * multiplier
    tolerance = float(_precision(written)) * multiplier / 2
    if tolerance * 2 > figure / 10:  # one significant figure ("8 million"): too coarse to say
        tolerance = 0.0
    return any(abs(value - figure) <= tolerance or abs(value * 1e9 - figure) <= tolerance for value in values)


def candidates(text: str):
    """(figure as written, multiplier, context) for every number worth checking in ``text``."""
    for found in NUMBER.finditer(text):
        written, post, pre = found["num"], (found["post"] or "").strip(), found["pre"]
        before, after = text[: found.start()], text[found.end() :]
        if DATE_AFTER.match(after) or DATE_BEFORE.search(before):
            continue  # a day of a month, or a month's year
        plain = written.replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", plain) and not post and not pre:
            continue  # a year
        marked = bool(post or pre)
        if float(plain) < 100 and not marked:
            continue  # small counts and ordinals: "30-day", "12 points", "Article 5"
        multiplier = MULTIPLIERS.get(post.lower(), 1.0) if post and "%" not in post and "cent" not in post else 1.0
        context = text[max(0, found.start() - 40) : found.end() + 20].replace("\n", " ")
        yield found.group(0).strip(), written, multiplier, context


def prose(source: str) -> str:
    text = CODE_CELL.sub("", FRONT_MATTER.sub("", source))
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def chart_strings(source: str) -> list[str]:
    """Literal text typed into chart titles, subtitles and descriptions in the code cells."""
    strings = []
    for cell in CODE_CELL.findall(source):
        code = re.sub(r"\A(?:[ \t]*:[\w-]+:.*\n)+", "", cell)  # the cell's options (:tags: …)
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            parts = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
            if getattr(node.func, "attr", None) == "Title":
                parts += node.args[:1]
            for part in parts:
                strings += _literal_text(part)
    return strings


def _literal_text(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):  # f-string: only its typed parts
        return [" ".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [text for item in node.elts for text in _literal_text(item)]
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return []


def lint(page: Path, values: list[float], article: set[str] = frozenset()) -> list[Finding]:
    source = page.read_text(encoding="utf-8")
    findings = []
    for where, texts in (("prose", [prose(source)]), ("chart text", chart_strings(source))):
        for text in texts:
            for shown, written, multiplier, context in candidates(text):
                if written.replace(",", "") not in article and matches(written, multiplier, values):
                    findings.append(Finding(page.name, where, shown, context))
    return findings


def lint_claims(path: Path, values: list[float], article: set[str] = frozenset()) -> list[Finding]:
    """The ledger's reasons in ``claims.csv``, row by row (``page`` names the file and line)."""
    findings = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):  # the header is line 1
            for column in TEXT_COLUMNS:
                typed = PLACEHOLDER.sub(" ", row[column] or "")
                for shown, written, multiplier, context in candidates(typed):
                    if written.replace(",", "") not in article and matches(written, multiplier, values):
                        findings.append(Finding(f"{path.name}, line {line}", f"ledger text, column {column}", shown, context))
    return findings
