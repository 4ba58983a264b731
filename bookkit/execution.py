"""Run the chapters that are missing from the execution cache side by side, before Sphinx reads them.

myst-nb executes a notebook when Sphinx reads its page, one page after another, so a cold
build runs the chapters' kernels one at a time on one core. Each kernel spends its time in its
own process, so this module starts them together (one per core) and stores the executed
notebooks in the same jupyter-cache that myst-nb then reads.

It is only a head start: myst-nb still looks every notebook up in the cache by its own hash, so
a notebook this module misses, or one that fails here, is executed (and its error reported) by
myst-nb exactly as without it. So nothing here may stop the build: any failure (a cell error, a
dead kernel, a missing kernelspec, an unreadable cache) leaves that notebook to myst-nb, with a
log line saying so. Cache writes stay in the main thread, one at a time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import ExecutionResult, single_nb_execution
from myst_nb.core.read import create_nb_reader
from nbformat import NotebookNode
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def workers() -> int:
    """The cores this process may use (its CPU affinity, which containers narrow)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_notebook(env: BuildEnvironment, docname: str, with_fingerprint) -> NotebookNode | None:
    """The notebook myst-nb will build from this page, or None for a page that is not one, or
    whose execution myst-nb decides differently (excluded by pattern, or its own settings)."""
    nb_config = env.mystnb_config
    path = Path(env.doc2path(docname))
    if any(PurePosixPath(path.as_posix()).match(pattern) for pattern in nb_config.execution_excludepatterns):
        return None
    text = with_fingerprint(path.read_text(encoding=env.config.source_encoding))
    reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    return None if nb_config.metadata_key in notebook.metadata else notebook


def fall_back(docname: str, error: BaseException) -> None:
    # Info, not a warning: the build treats warnings as errors, and myst-nb is about to run this
    # notebook itself and report any real problem in its page's terms.
    logger.info(f"Head start skipped ({type(error).__name__}: {error}); myst-nb executes it", location=docname)


def execute_side_by_side(notebooks: dict[str, tuple[NotebookNode, str]], timeout, allow_errors) -> dict[str, ExecutionResult]:
    """Execute each notebook (with its working folder), one kernel per core; the results of
    those that ran to the end. Never raises: a failure is logged and that notebook left out."""
    n_workers = min(workers(), len(notebooks))

    def execute(docname: str) -> ExecutionResult | None:
        logger.info(f"Executing notebook ({n_workers} at a time)", location=docname)
        notebook, cwd = notebooks[docname]
        try:
            result = single_nb_execution(notebook, cwd=cwd, timeout=timeout, allow_errors=allow_errors, meta_override=True)
        except Exception as error:  # a dead kernel, a missing kernelspec, a port clash ...
            fall_back(docname, error)
            return None
        if result.err is not None:
            fall_back(docname, result.err)
            return None
        return result

    # Biggest first (by code, a proxy for run time), so the last kernel to start is a short one.
    order = sorted(notebooks, key=lambda name: -sum(len(c.source) for c in notebooks[name][0].cells if c.cell_type == "code"))
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        results = dict(zip(order, pool.map(execute, order)))
    return {docname: result for docname, result in results.items() if result is not None}


def execute_missing(app: Sphinx, env: BuildEnvironment, docnames: list[str], with_fingerprint) -> None:
    """``env-before-read-docs``: execute the notebooks among ``docnames`` that the cache lacks."""
    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return
    try:
        cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    except Exception as error:
        fall_back("every notebook", error)
        return
    missing: dict[str, tuple[NotebookNode, str]] = {}
    for docname in docnames:
        try:
            notebook = read_notebook(env, docname, with_fingerprint)
            if notebook is None:
                continue
            try:
                cache.match_cache_notebook(notebook)
            except KeyError:
                missing[docname] = (notebook, str(Path(env.doc2path(docname)).parent))
        except Exception as error:  # a page myst-nb will fail to read, and explain, itself
            fall_back(docname, error)
    if len(missing) < 2:
        return  # nothing to run side by side: myst-nb runs it as usual

    results = execute_side_by_side(missing, nb_config.execution_timeout, nb_config.execution_allow_errors)
    for docname, result in results.items():
        try:
            cache.cache_notebook_bundle(
                CacheBundleIn(result.nb, str(env.doc2path(docname)), data={"execution_seconds": result.time}),
                check_validity=False,
                overwrite=True,
            )
        except Exception as error:
            fall_back(docname, error)
