"""The head start never stops the build: a notebook whose kernel dies, whose kernelspec is
missing or whose cell fails is left to myst-nb (with a log line), and the others still run."""

from __future__ import annotations

import logging

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from bookkit import execution


def notebook(source: str, kernel: str = "python3") -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    return nb


def test_failures_fall_back_to_myst_nb_and_the_rest_still_run(tmp_path, caplog):
    notebooks = {
        "dead-kernel": (notebook("import os\nos._exit(1)"), str(tmp_path)),
        "missing-kernelspec": (notebook("1 + 1", kernel="no-such-kernel"), str(tmp_path)),
        "cell-error": (notebook("raise RuntimeError('seeded')"), str(tmp_path)),
        "fine": (notebook("print('ran')"), str(tmp_path)),
    }
    with caplog.at_level(logging.INFO):
        results = execution.execute_side_by_side(notebooks, timeout=60, allow_errors=False)
    assert set(results) == {"fine"}
    assert results["fine"].nb.cells[0].outputs[0]["text"] == "ran\n"
    skipped = {getattr(record, "location", None) for record in caplog.records if "Head start skipped" in record.getMessage()}
    assert skipped == {"dead-kernel", "missing-kernelspec", "cell-error"}, [r.getMessage() for r in caplog.records]
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "DeadKernelError" in messages and "NoSuchKernel" in messages
