"""The execution cache is keyed on what each chapter reads: an edit re-executes exactly the
chapters that depend on it, and the rebuilt page shows the new value (never a stale one)."""

from __future__ import annotations

import csv
import os
from collections import Counter
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookkit.repo import copy_tracked_files
from conftest import ROOT

JB = str(Path(sys.executable).parent / "jupyter-book")
EXECUTED = re.compile(r"/chapters/([\w-]+)\.md: Executing notebook")
CACHED = re.compile(r"/chapters/([\w-]+)\.md: Using cached notebook")
AHEAD = re.compile(r"/chapters/([\w-]+)\.md: Executing notebook \(\d+ at a time\)")


@pytest.fixture(scope="module")
def book_copy(built_html, tmp_path_factory) -> Path:
    """A copy of the repository with the warm cache, so edits never touch the real one."""
    copy = copy_tracked_files(tmp_path_factory.mktemp("book") / "book")
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", copy / "_build" / ".jupyter_cache")
    return copy


def run_build(copy: Path) -> subprocess.CompletedProcess:
    """Build the copy with its own data and bookkit."""
    env = {**os.environ, "BOOKKIT_DATA": str(copy / "data"), "PYTHONPATH": str(copy)}
    return subprocess.run(
        [JB, "build", str(copy), "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
    )


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


def readers_of(copy: Path, dataset: str) -> set[str]:
    call = re.compile(rf"""\bload\(\s*["']{dataset}["']""")
    return {p.stem for p in (copy / "chapters").glob("*.md") if call.search(p.read_text(encoding="utf-8"))}


def latest_killed_row(path: Path) -> tuple[list[list[str]], int]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    killed = [i for i, row in enumerate(rows[1:], 1) if row[header.index("measure")] == "killed"]
    return rows, max(killed, key=lambda i: rows[i][header.index("as_of")])


def test_warm_cache_reads_and_executes_nothing(book_copy):
    log = build_log(book_copy)
    assert executed_in(log) == set()
    log = build_log(book_copy)
    assert re.search(r"updating environment: \S*\s*0 added, 0 changed, 0 removed", log), log[-3000:]


def test_prose_edit_executes_nothing(book_copy):
    page = book_copy / "chapters" / "introduction.md"
    page.write_text(page.read_text(encoding="utf-8").replace("A news article set", "A news report set"), encoding="utf-8")
    assert build(book_copy) == set()
    assert "A news report set" in (book_copy / "_build/html/chapters/introduction.html").read_text(encoding="utf-8")


def test_data_edit_executes_exactly_its_readers_and_shows_the_new_value(book_copy):
    path = book_copy / "data" / "civilian_casualties.csv"
    rows, index = latest_killed_row(path)
    persons = rows[0].index("persons")
    rows[index][persons] = str(int(rows[index][persons]) + 1111)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)

    assert build(book_copy) == readers_of(book_copy, "civilian_casualties")
    intro = (book_copy / "_build/html/chapters/introduction.html").read_text(encoding="utf-8")
    assert f"{int(rows[index][persons]):,}" in intro


def test_new_package_module_executes_every_chapter(book_copy):
    """A new module changes no file any chapter noted, only the package: the fingerprint check
    still finds every chapter stale (edits to existing files are caught by their mtimes too)."""
    (book_copy / "bookkit" / "added_helper.py").write_text('"""A module added to the package."""\n', encoding="utf-8")
    chapters = {p.stem for p in (book_copy / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")}
    log = build_log(book_copy)
    assert executed_in(log) == chapters
    # They ran side by side ahead of Sphinx's reading, which then took every one from the cache.
    assert set(AHEAD.findall(log)) == chapters
    assert set(CACHED.findall(log)) == chapters


def test_a_failing_chapter_stops_the_build_and_names_itself(book_copy):
    """A chapter that fails while running beside another is reported by myst-nb as usual,
    the build stops, and the other chapter's fresh outputs are kept in the cache."""
    failing, edited = book_copy / "chapters" / "the-bill.md", book_copy / "chapters" / "what-to-watch.md"
    originals = {path: path.read_text(encoding="utf-8") for path in (failing, edited)}
    first_line = "import altair as alt\n"  # of each chapter's (hidden) setup cell
    failing.write_text(originals[failing].replace(first_line, "raise RuntimeError('seeded failure')\n", 1), encoding="utf-8")
    edited.write_text(originals[edited].replace(first_line, first_line + "edited = True\n", 1), encoding="utf-8")
    result = run_build(book_copy)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the-bill.md" in log and "seeded failure" in log
    failing.write_text(originals[failing], encoding="utf-8")
    assert build(book_copy) == set()
