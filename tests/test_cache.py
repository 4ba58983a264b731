"""The execution cache is keyed on what each chapter reads: an edit re-executes the chapters
that depend on it and no other, and every rebuilt page shows the new value (never a stale one).
Bad data stops the build even when every chapter could come from the warm cache."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import build_copy
from test_data import BAD_INPUTS, RESOURCES, edit

EXECUTED = re.compile(r"/chapters/([\w-]+)\.md: Executing notebook")
CACHED = re.compile(r"/chapters/([\w-]+)\.md: Using cached notebook")
AHEAD = re.compile(r"/chapters/([\w-]+)\.md: Executing notebook \(\d+ at a time\)")


@pytest.fixture(scope="module")
def book_copy(warm_copy) -> Path:
    """A copy of the repository with the warm cache, so edits never touch the real one."""
    return warm_copy.path


def run_build(copy: Path) -> subprocess.CompletedProcess:
    return build_copy(copy)


def build_log(copy: Path) -> str:
    """Build the copy, which must succeed; return what the build printed."""
    result = run_build(copy)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout + result.stderr


def executed_in(log: str) -> set[str]:
    """The chapters a build executed; none may have been executed twice."""
    executed = Counter(EXECUTED.findall(log))
    assert all(times == 1 for times in executed.values()), executed
    return set(executed)


def build(copy: Path) -> set[str]:
    return executed_in(build_log(copy))


def chapters(copy: Path) -> set[str]:
    return {p.stem for p in (copy / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")}


def pages_showing(copy: Path, text: str) -> set[str]:
    return {p.stem for p in (copy / "_build/html/chapters").glob("*.html") if text in p.read_text(encoding="utf-8")}


def latest_killed_row(path: Path) -> tuple[list[list[str]], int]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    killed = [i for i, row in enumerate(rows[1:], 1) if row[header.index("measure")] == "killed"]
    return rows, max(killed, key=lambda i: rows[i][header.index("as_of")])


def test_warm_cache_reads_and_executes_nothing(warm_copy, book_copy):
    assert executed_in(warm_copy.log) == set()
    log = build_log(book_copy)
    assert re.search(r"updating environment: \S*\s*0 added, 0 changed, 0 removed", log), log[-3000:]


def test_prose_edit_executes_nothing(book_copy):
    page = book_copy / "chapters" / "introduction.md"
    page.write_text(page.read_text(encoding="utf-8").replace("A news article set", "A news report set"), encoding="utf-8")
    assert build(book_copy) == set()
    assert "A news report set" in (book_copy / "_build/html/chapters/introduction.html").read_text(encoding="utf-8")
    # Only that page was written again; the sitemap still lists every page.
    sitemap = (book_copy / "_build/html/sitemap.xml").read_text(encoding="utf-8")
    for page in (book_copy / "chapters").glob("*.md"):
        assert f"chapters/{page.stem}.html</loc>" in sitemap, page.stem


def test_a_stylesheet_edit_alone_reaches_the_site(book_copy):
    sheet = book_copy / "bookkit" / "static" / "page.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "/* edited */\n", encoding="utf-8")
    assert build(book_copy) == set()
    assert (book_copy / "_build/html/_static/page.css").read_text(encoding="utf-8").endswith("/* edited */\n")


# Pages that print the newest verified toll (computed from the data, not typed).
SHOW_THE_LATEST_TOLL = {"introduction", "human-cost", "what-to-watch"}


def test_a_dataset_description_edit_shows_on_the_data_page(book_copy):
    path = book_copy / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "reconstruction_needs")
    resource["description"] += " An edited description."
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    executed = build(book_copy)
    assert "data-and-sources" in executed and "talks-before" not in executed
    assert "An edited description." in (book_copy / "_build/html/chapters/data-and-sources.html").read_text(encoding="utf-8")


def test_build_only_modules_execute_nothing(book_copy):
    for module in ("sphinxext.py", "cache_keys.py", "execution.py", "bib.py", "repo.py"):
        with (book_copy / "bookkit" / module).open("a", encoding="utf-8") as handle:
            handle.write("# an edit to a module no kernel imports\n")
    assert build(book_copy) == set()


def test_an_edit_to_the_build_code_rewrites_every_page(book_copy):
    """A page's furniture comes from the package: a changed footer link reaches every page."""
    footer = book_copy / "bookkit" / "footer.py"
    text = footer.read_text(encoding="utf-8")
    assert '+ "/issues"' in text
    footer.write_text(text.replace('+ "/issues"', '+ "/issues/new"', 1), encoding="utf-8")
    assert build(book_copy) == set()
    pages = sorted((book_copy / "_build/html/chapters").glob("*.html"))
    stale = [p.stem for p in pages if "/issues/new" not in p.read_text(encoding="utf-8")]
    footer.write_text(text, encoding="utf-8")
    assert pages and not stale, f"pages still written by the old code: {stale}"


def test_a_library_upgrade_executes_every_chapter(book_copy):
    """A different installed altair (simulated: its metadata, first on the build's path) can
    change every chart, so every chapter runs again: side by side ahead of Sphinx's reading,
    which then takes each one from the cache."""
    fake = book_copy / "altair-99.0.dist-info"
    fake.mkdir()
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: altair\nVersion: 99.0\n", encoding="utf-8")
    log = build_log(book_copy)
    assert executed_in(log) == chapters(book_copy)
    assert set(AHEAD.findall(log)) == chapters(book_copy)
    assert set(CACHED.findall(log)) == chapters(book_copy)


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_data_stops_the_build_with_a_warm_cache(book_copy, case):
    """The build validates the whole package before it executes or reuses anything, even when
    the last build passed (its stamp is there) and every chapter is in the cache."""
    name, change, message = BAD_INPUTS[case]
    assert (book_copy / "_build/.doctrees/bookkit-data-valid.json").is_file(), "the cache is not warm"
    path = book_copy / "data" / RESOURCES[name]["path"]
    original = path.read_bytes()
    try:
        change(path)
        result = run_build(book_copy)
    finally:
        path.write_bytes(original)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(rf"data/{re.escape(path.name)}(, |: ){message}", log), log[-3000:]
    assert not EXECUTED.search(log) and not CACHED.search(log)


def test_a_failing_chapter_stops_the_build_and_names_itself(book_copy):
    """A chapter that fails while running beside another is reported by myst-nb as usual,
    the build stops, and the other chapter's fresh outputs are kept in the cache."""
    failing, edited = book_copy / "chapters" / "the-bill.md", book_copy / "chapters" / "what-to-watch.md"
    originals = {path: path.read_text(encoding="utf-8") for path in (failing, edited)}
    first_line = "from bookkit.preamble import *\n"  # of each chapter's (hidden) setup cell
    failing.write_text(originals[failing].replace(first_line, "raise RuntimeError('seeded failure')\n", 1), encoding="utf-8")
    edited.write_text(originals[edited].replace(first_line, first_line + "edited = True\n", 1), encoding="utf-8")
    result = run_build(book_copy)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the-bill.md" in log and "seeded failure" in log
    failing.write_text(originals[failing], encoding="utf-8")
    assert build(book_copy) == set()
