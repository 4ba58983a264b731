"""The notebooks as Binder and `make lab` give them: a fresh environment made only from the files
in binder/ (as repo2docker makes it), a chapter run from chapters/, and JupyterLab in headless
Chromium with every off-machine request blocked: each chart in the executed notebooks the site
offers for download is drawn, a chapter opens as a notebook, runs, draws its chart, and saving it
leaves its file byte-identical."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from bookkit import render
from bookkit.repo import copy_tracked_files
from conftest import ROOT
from test_reuse import site_charts

TOKEN = "bookkit-lab-test"
LIVE_CHAPTER = "introduction"  # one chart: the shortest chapter that draws one
DRAWN = ".jp-RenderedVega5 svg.marks .role-mark"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def binder(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the repository and a fresh venv holding only what binder/ says: its
    requirements, then its postBuild, run from the repository's root as repo2docker runs them."""
    base = tmp_path_factory.mktemp("binder")
    repo = copy_tracked_files(base / "repo")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    assert (repo / "binder" / "runtime.txt").read_text().strip() == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    # --no-compile changes nothing installed; it saves the byte-compiling of JupyterLab's files.
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt"], cwd=repo)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("BOOKKIT_DATA", None)
    run(["bash", "binder/postBuild"], cwd=repo, env=env)
    return repo, venv


def chart_outputs(notebook) -> list[dict]:
    """Outputs that show a chart in the notebook (not the glued copies the book places)."""
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if render.VEGA_MIME in output.get("data", {})
    ]


def test_a_chapter_runs_from_chapters_in_the_binder_environment(binder, tmp_path):
    repo, venv = binder
    executed = tmp_path / f"{LIVE_CHAPTER}.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "BOOKKIT_DATA"}
    run(
        [str(venv / "bin" / "jupytext"), "--to", "ipynb", "--execute", "--run-path", ".", "--output", str(executed), f"{LIVE_CHAPTER}.md"],
        cwd=repo / "chapters",
        env=env,
    )
    notebook = nbformat.read(executed, as_version=4)
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    glued = [out for out in outputs if f"application/papermill.record/{render.VEGALITE_MIME}" in out.get("data", {})]
    assert glued and len(chart_outputs(notebook)) == len(glued)
    # The package is the copy's own, installed editable, and reads the copy's data.
    located = run([str(venv / "bin" / "python"), "-c", "import bookkit.data as d; print(d.data_dir())"], cwd=repo / "chapters", env=env)
    assert Path(located.stdout.strip()) == repo / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def lab(binder, built_html, tmp_path_factory):
    """JupyterLab from the Binder environment, serving the repository copy (as Binder does), with
    the site's executed-notebook downloads beside it in downloads/. Yields (base URL, repo)."""
    repo, venv = binder
    downloads = repo / "downloads"
    downloads.mkdir()
    for notebook in sorted((built_html / "_sources" / "chapters").glob("*.ipynb")):
        shutil.copy(notebook, downloads / notebook.name)
    home = tmp_path_factory.mktemp("jupyter-home")
    # Test-only user setting: render every cell at once (Lab draws cells out of view only when
    # scrolled to them), so each chart can be counted without scrolling.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    env = {
        **{k: v for k, v in os.environ.items() if k != "BOOKKIT_DATA"},
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    port = free_port()
    command = [
        str(venv / "bin" / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={repo}",
        # Lets the test run Lab's own commands (Run All Cells) instead of hunting through menus.
        "--LabApp.expose_app_in_browser=True",
    ] + (["--allow-root"] if os.getuid() == 0 else [])
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited:\n{(home / 'lab.log').read_text()[-4000:]}", pytrace=False)
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not answer:\n{(home / 'lab.log').read_text()[-4000:]}", pytrace=False)
        yield base, repo
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def shut_down_kernels(base: str) -> None:
    """Each notebook opened starts a kernel; end them as soon as their page is checked."""
    kernels = json.load(urllib.request.urlopen(f"{base}api/kernels?token={TOKEN}"))
    for kernel in kernels:
        request = urllib.request.Request(f"{base}api/kernels/{kernel['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(request)


@pytest.fixture
def lab_page(browser, lab):
    """A Lab tab that may only talk to the local server; records errors and blocked requests."""
    base, _ = lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.blocked, page.errors = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            page.blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    yield page
    context.close()
    shut_down_kernels(base)


def open_in_lab(page, base: str, path: str):
    page.goto(f"{base}lab/tree/{path}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)


@pytest.mark.lab
def test_every_chart_in_the_executed_downloads_draws_in_lab(lab, lab_page, built_html):
    base, repo = lab
    total = 0
    for notebook_path in sorted((repo / "downloads").glob("*.ipynb")):
        notebook = nbformat.read(notebook_path, as_version=4)
        expected = len(chart_outputs(notebook))
        glued = sum(
            1 for cell in notebook.cells for out in cell.get("outputs", [])
            if f"application/papermill.record/{render.VEGALITE_MIME}" in out.get("data", {})
        )
        assert expected == glued, f"{notebook_path.name}: {glued} figures glued but {expected} charts shown"
        open_in_lab(lab_page, base, f"downloads/{notebook_path.name}")
        charts = lab_page.locator(".jp-OutputArea-output.jp-RenderedVega5")
        if expected:
            lab_page.wait_for_function(
                f"document.querySelectorAll('.jp-RenderedVega5').length >= {expected}"
                f" && [...document.querySelectorAll('.jp-RenderedVega5')].every(c => c.querySelector('svg.marks .role-mark'))",
                timeout=60_000,
            )
        assert charts.count() == expected, notebook_path.name
        for index in range(expected):
            chart = charts.nth(index)
            assert chart.locator("svg.marks .role-mark").count() > 0, f"{notebook_path.name}: chart {index} has no marks"
            label = chart.locator("svg.marks [aria-label]").first.get_attribute("aria-label") or ""
            assert label, f"{notebook_path.name}: chart {index} has no description for screen readers"
        assert lab_page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert "Javascript Error" not in lab_page.locator(".jp-Notebook").inner_text(), notebook_path.name
        if notebook_path.stem == "human-cost":  # for a person to look at
            charts.first.scroll_into_view_if_needed()
            lab_page.screenshot(path=str(ROOT / "_build" / "lab-human-cost.png"))
        total += expected
        lab_page.goto("about:blank")
        shut_down_kernels(base)
    assert total == site_charts(built_html) > 0, "Lab drew a different number of charts than the site"
    assert not lab_page.errors, lab_page.errors
    assert not lab_page.blocked, f"JupyterLab asked the network for {lab_page.blocked}"


@pytest.mark.lab
def test_a_chapter_opens_as_a_notebook_runs_draws_and_saves_unchanged(lab, lab_page):
    base, repo = lab
    chapter = repo / "chapters" / f"{LIVE_CHAPTER}.md"
    before = chapter.read_bytes()
    # The path Binder's launch button opens.
    open_in_lab(lab_page, base, f"chapters/{LIVE_CHAPTER}.md")
    lab_page.wait_for_function("window.jupyterapp && window.jupyterapp.commands.isEnabled('notebook:run-all-cells')", timeout=60_000)
    # Run All before the kernel has connected asks which kernel to use (a dialog a reader would
    # answer, a test cannot): wait, as a reader would, until the kernel indicator says idle.
    lab_page.wait_for_function(
        "(() => { const kernel = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;"
        " return kernel?.connectionStatus === 'connected' && kernel.status === 'idle'; })()",
        timeout=120_000,
    )
    # Not awaited: the command's promise settles only when every cell has run.
    lab_page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    lab_page.wait_for_selector(DRAWN, timeout=180_000)
    # Run All is done when no cell waits for the kernel ("[*]:") any more.
    lab_page.wait_for_function(
        "![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))", timeout=180_000
    )
    charts = lab_page.locator(".jp-OutputArea-output.jp-RenderedVega5")
    expected = len(chart_outputs(nbformat.read(repo / "downloads" / f"{LIVE_CHAPTER}.ipynb", as_version=4)))
    assert charts.count() == expected >= 1
    for index in range(expected):
        assert charts.nth(index).locator("svg.marks .role-mark").count() > 0
    assert lab_page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    charts.first.scroll_into_view_if_needed()
    lab_page.screenshot(path=str(ROOT / "_build" / "lab-live-chapter.png"))
    lab_page.keyboard.press("Control+s")
    lab_page.wait_for_function("!document.querySelector('.jp-mod-dirty')", timeout=30_000)
    time.sleep(1)
    assert chapter.read_bytes() == before, "saving an unchanged chapter in JupyterLab changed its file"
    assert not lab_page.blocked, f"JupyterLab asked the network for {lab_page.blocked}"
