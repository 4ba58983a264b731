"""Two clean builds of the same commit give byte-identical chapter pages and chart specs: one
executing every chapter afresh, one taking its outputs from the cache an earlier run filled."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bookkit.repo import copy_tracked_files
from conftest import ROOT

SPEC = re.compile(r'class="bookkit-chart-spec">(.*?)</script>', re.S)


def build(copy: Path) -> Path:
    env = {**os.environ, "BOOKKIT_DATA": str(copy / "data"), "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(copy), "--warningiserror", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return copy / "_build" / "html"


def test_two_clean_builds_are_byte_identical(built_html, tmp_path):
    fresh = build(copy_tracked_files(tmp_path / "fresh"))
    cached_copy = copy_tracked_files(tmp_path / "cached")
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", cached_copy / "_build" / ".jupyter_cache")
    cached = build(cached_copy)

    pages = sorted((fresh / "chapters").glob("*.html"))
    assert pages
    for page in pages:
        ours = page.read_text(encoding="utf-8")
        theirs = (cached / "chapters" / page.name).read_text(encoding="utf-8")
        assert SPEC.findall(ours) == SPEC.findall(theirs), f"{page.name}: chart specs differ"
        assert ours == theirs, f"{page.name} differs between two clean builds of the same commit"
