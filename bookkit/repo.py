"""Maintainers' helper: a working copy of the book, for tests and benchmarks that edit or
rebuild it without touching the real checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_tracked_files(target: Path, root: Path = ROOT) -> Path:
    """Copy the files git tracks (as they are in the working tree) to ``target``."""
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        if (root / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target / name)
    return target
