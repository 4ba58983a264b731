"""Two clean builds of the same commit give byte-identical chapter pages and chart specs: one
executing every chapter afresh, one taking its outputs from the cache an earlier run filled (the
shared warm-cache build, before any test edits it)."""

from __future__ import annotations

import re

from bookkit.repo import copy_tracked_files
from conftest import build_copy

SPEC = re.compile(r'class="bookkit-chart-spec">(.*?)</script>', re.S)


def test_two_clean_builds_are_byte_identical(warm_copy, tmp_path):
    fresh = copy_tracked_files(tmp_path / "fresh")
    result = build_copy(fresh)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Executing notebook" in result.stdout + result.stderr  # no cache: every chapter ran

    pages = sorted((fresh / "_build" / "html" / "chapters").glob("*.html"))
    assert pages
    for page in pages:
        ours = page.read_text(encoding="utf-8")
        theirs = (warm_copy.pages / page.name).read_text(encoding="utf-8")
        assert SPEC.findall(ours) == SPEC.findall(theirs), f"{page.name}: chart specs differ"
        assert ours == theirs, f"{page.name} differs between two clean builds of the same commit"
