"""Shared fixtures: the built book (through the same `make` targets a reader uses), a local
server for it, and Debian's headless Chromium with every off-site request blocked."""

from __future__ import annotations

import csv
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "book.pdf"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make(target: str) -> subprocess.CompletedProcess:
    """Run a Makefile target, failing the test session with its output if it fails."""
    result = subprocess.run(
        ["make", "--no-print-directory", target, f"PYTHON={sys.executable}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"make {target} failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def built_html() -> Path:
    # BOOKKIT_PREBUILT=1 tests the _build/html already there (e.g. one built by hand in a
    # worktree that shares another checkout's venv) instead of running `make book`.
    if os.environ.get("BOOKKIT_PREBUILT") == "1":
        if not (HTML / "index.html").exists():
            pytest.fail(f"BOOKKIT_PREBUILT=1 but {HTML} holds no built site", pytrace=False)
        return HTML
    make("book")
    return HTML


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that bookkit reads in this test (BOOKKIT_DATA), free to edit."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("BOOKKIT_DATA", str(copy))
    return copy


def rewrite_csv(path: Path, change) -> None:
    """Rewrite a CSV file after ``change(rows)`` edits its rows (dicts, header order kept)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def build_copy(copy: Path) -> subprocess.CompletedProcess:
    """Build a copy of the book with its own data and bookkit, as the Makefile builds this one."""
    env = {**os.environ, "BOOKKIT_DATA": str(copy / "data"), "PYTHONPATH": str(copy)}
    return subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(copy), "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="session")
def warm_copy(built_html, tmp_path_factory):
    """A copy of the repository built once from this build's cache: the cache tests go on to edit
    it, and the reproducibility test compares the pages it first wrote (kept in `pages`) with a
    build that executes every chapter. One build serves both."""
    from bookkit.repo import copy_tracked_files

    base = tmp_path_factory.mktemp("warm")
    copy = copy_tracked_files(base / "book")
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", copy / "_build" / ".jupyter_cache")
    result = build_copy(copy)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    pages = shutil.copytree(copy / "_build" / "html" / "chapters", base / "first-pages")
    return SimpleNamespace(path=copy, log=result.stdout + result.stderr, pages=pages)


@pytest.fixture(scope="session")
def pages(built_html) -> list[Path]:
    """Every content page of the site (not Sphinx's generated index and search pages)."""
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p for p in built_html.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


@pytest.fixture(scope="session")
def site(built_html):
    """The built site served on 127.0.0.1 (an ephemeral port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A page that may only talk to the local site; records console errors and blocked requests."""

    def __init__(self, browser, base_url: str, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _route(self, route):
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str):
        # What the last page logged is not this page's fault.
        self.errors.clear()
        self.blocked.clear()
        self.page.goto(self.base_url + path)
        # charts.js marks the page once every chart is drawn; a page without charts does not load it.
        self.page.wait_for_function(
            "!document.querySelector('.bookkit-chart') || document.documentElement.dataset.chartsDrawn !== undefined",
            timeout=20_000,
        )
        # The theme's buttons fade into the colour scheme (0.15 s CSS transitions) after load; checks
        # that read colours (axe's contrast rule, screenshots) must see the settled page.
        self.page.wait_for_function(
            "document.getAnimations().every(animation => animation.playState !== 'running')", timeout=5_000
        )
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def offline_page(browser, site):
    page = OfflinePage(browser, site, viewport={"width": 1280, "height": 900})
    yield page
    page.close()


@pytest.fixture
def make_offline_page(browser, site):
    """Opens offline pages with other browser settings (a phone's viewport, a colour scheme)."""
    made: list[OfflinePage] = []

    def make(**context_options) -> OfflinePage:
        made.append(OfflinePage(browser, site, **context_options))
        return made[-1]

    yield make
    for page in made:
        page.close()
