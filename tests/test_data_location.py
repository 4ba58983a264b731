"""The book being built or run reads its own data/, never the one beside the installed package:
two copies of the book sharing one environment (this one, whose bookkit is installed from the
checkout under test) each see their own data."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bookkit import book_data, data
from bookkit.repo import copy_tracked_files

READ_FIRST_DOCUMENT = "from bookkit import load; print(load('sources')['document'].iloc[0])"


def copy_of_the_book(target: Path, document: str) -> Path:
    """A copy of the book whose first source document is renamed (still valid data)."""
    copy_tracked_files(target)
    sources = target / "data" / "sources.csv"
    with sources.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["document"] = document
    with sources.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_two_copies_sharing_one_venv_each_read_their_own_data(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BOOKKIT_DATA"}
    for name in ("copy-a", "copy-b"):
        book = copy_of_the_book(tmp_path / name, f"Document of {name}")
        # A chapter's kernel runs in the chapter's folder.
        shown = subprocess.run(
            [sys.executable, "-c", READ_FIRST_DOCUMENT], cwd=book / "chapters", env=env, capture_output=True, text=True, check=True
        )
        assert shown.stdout.strip() == f"Document of {name}"


def test_the_sphinx_build_points_at_its_source_folder(tmp_path, monkeypatch):
    book = copy_of_the_book(tmp_path / "book", "Document of the book")
    monkeypatch.setenv("BOOKKIT_DATA", "")  # so the variable the hook sets is undone after the test
    monkeypatch.delenv("BOOKKIT_DATA")
    monkeypatch.chdir(tmp_path)  # a build started from outside the book
    book_data.point_at_book_data(SimpleNamespace(srcdir=str(book)), config=None)
    assert data.data_dir() == book / "data"


def test_an_explicit_setting_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOKKIT_DATA", str(tmp_path))
    book_data.point_at_book_data(SimpleNamespace(srcdir=str(Path(data.__file__).parent.parent)), config=None)
    assert data.data_dir() == tmp_path


def test_outside_any_book_the_error_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv("BOOKKIT_DATA", raising=False)
    with pytest.raises(data.DataError, match=re.escape(f"no data/datapackage.json in {tmp_path} or any folder above it")):
        data.data_dir(tmp_path)
