"""The build keys each chapter on exactly the data it loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bookkit import sphinxext

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = 'x = load("civilian_casualties")\ny = load(\'displacement\')\n'


@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def test_inputs_are_the_loaded_files_sources_and_package(data_copy):
    names = {p.name for p in sphinxext.chapter_inputs(CHAPTER, data_copy)}
    assert {"civilian_casualties.csv", "displacement.csv", "sources.csv", "datapackage.json"} <= names
    assert "reconstruction_needs.csv" not in names
    assert {"data.py", "render.py"} <= names


def test_fingerprint_follows_used_data_only(data_copy):
    before = sphinxext.fingerprint(CHAPTER, data_copy)
    (data_copy / "reconstruction_needs.csv").write_text("changed")
    assert sphinxext.fingerprint(CHAPTER, data_copy) == before
    with (data_copy / "displacement.csv").open("a") as handle:
        handle.write("\n")
    assert sphinxext.fingerprint(CHAPTER, data_copy) != before


def test_unknown_dataset_in_a_chapter_stops_the_build(data_copy):
    with pytest.raises(Exception, match="unknown dataset"):
        sphinxext.chapter_inputs('load("nope")', data_copy)
