"""The "run it locally" path: each chapter, read by jupytext, runs top to bottom with nbclient
outside the book, as a reader's Jupyter would run it."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")[:600])
VEGALITE = "application/vnd.vegalite.v5+json"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_outside_the_book(chapter):
    notebook = jupytext.read(chapter)
    # execute() raises CellExecutionError at the first failing cell: that is the "runs" check.
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(chapter.parent)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    charts = [out for out in outputs if VEGALITE in out.get("data", {})]
    glued = [out for out in outputs if any(VEGALITE in key for key in out.get("data", {}))]
    # Each published chart is shown in the notebook itself (JupyterLab draws the Vega-Lite
    # mime type offline), as well as glued for the book's numbered figure.
    assert len(charts) == len([out for out in glued if out not in charts])
