"""Build and reading benchmarks: prints a table and writes it into README.md.

Run with `make bench`. It works on a copy of the repository (tracked files only), so the
measurements never touch your own _build or cache. Figures from a shared 2-core machine are
noisy: compare runs on the same machine, and read the targets as budgets, not assertions.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bookkit.repo import copy_tracked_files

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
EXECUTED = re.compile(r"/chapters/([\w-]+)\.md: Executing notebook")
PAGE_LOADS = 5
# Content types a static host (GitHub Pages among them) sends gzip-compressed.
COMPRESSED = re.compile(r"text/|javascript|json|svg|xml")
# Loaded, and every chart drawn (charts.js marks <html>; a page without charts has no charts.js).
CHARTS_DRAWN = (
    "document.readyState === 'complete' && "
    "(!document.querySelector('.bookkit-chart') || document.documentElement.dataset.chartsDrawn !== undefined)"
)


def env_for(copy: Path) -> dict:
    return {**os.environ, "BOOKKIT_DATA": str(copy / "data"), "PYTHONPATH": str(copy)}


def timed(command: list[str], **kwargs) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def build(copy: Path, bin_dir: Path, builder: str = "html") -> tuple[float, int]:
    seconds, output = timed(
        [str(bin_dir / "jupyter-book"), "build", str(copy), "--builder", builder, "--warningiserror", "--keep-going"],
        env=env_for(copy),
    )
    return seconds, len(EXECUTED.findall(output))


def chapters(copy: Path) -> list[Path]:
    return sorted(p for p in (copy / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def bump_first_count(copy: Path, dataset: str, column: str) -> None:
    path = copy / "data" / f"{dataset}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    rows[1][index] = str(int(rows[1][index]) + 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def readers(copy: Path, dataset: str) -> int:
    call = re.compile(rf"""\bload\(\s*["']{dataset}["']""")
    return sum(bool(call.search(p.read_text(encoding="utf-8"))) for p in chapters(copy))


def bare_execution(copy: Path, bin_dir: Path) -> float:
    """All chapters run one after another with nbclient: the floor for a cold build."""
    script = (
        "import sys, jupytext\nfrom nbclient import NotebookClient\n"
        "for path in sys.argv[1:]:\n"
        "    nb = jupytext.read(path)\n"
        "    NotebookClient(nb, timeout=600, kernel_name='python3', resources={'metadata': {'path': str(__import__('pathlib').Path(path).parent)}}).execute()\n"
    )
    seconds, _ = timed([str(bin_dir / "python"), "-c", script, *map(str, chapters(copy))], env=env_for(copy))
    return seconds


def install(workdir: Path, copy: Path) -> tuple[float, Path]:
    """A fresh venv set up as `make book` does; every build below runs in it, so the figures
    do not depend on what else the developer's own .venv holds (JupyterLab, for one)."""
    bin_dir = workdir / "venv" / "bin"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(bin_dir.parent)], check=True)
    subprocess.run([str(bin_dir / "pip"), "install", "-q", "-r", str(copy / "requirements.txt")], check=True, cwd=copy)
    subprocess.run(
        [str(bin_dir / "pip"), "install", "-q", "--no-deps", "--no-build-isolation", "-e", str(copy)], check=True, cwd=copy
    )
    return time.perf_counter() - start, bin_dir


def first_visit_kb(browser, url: str) -> float:
    """KB a first visit transfers (empty cache, every request until the network is idle), with
    text compressed as a static host would send it: the local server here does not compress."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        response = request.response()
        if response is None:
            continue
        body = response.body()
        total += len(gzip.compress(body, 6)) if COMPRESSED.search(response.headers.get("content-type", "")) else len(body)
    context.close()
    return total / 1024


def page_figures(html: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for path in sorted((html / "chapters").glob("*.html")):
            text = path.read_text(encoding="utf-8")
            specs = re.findall(r'class="bookkit-chart-spec">(.*?)</script>', text, re.S)
            timings = []
            for _ in range(PAGE_LOADS):
                page.goto(base + f"chapters/{path.name}", wait_until="commit")
                start = time.perf_counter()
                page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
                timings.append(time.perf_counter() - start)
            rows.append(
                {
                    "page": path.stem,
                    "html_kb": len(text.encode()) / 1024,
                    "data_kb": sum(len(s.encode()) for s in specs) / 1024,
                    "charts": len(specs),
                    "drawn_s": statistics.median(timings),
                    "first_kb": first_visit_kb(browser, base + f"chapters/{path.name}"),
                }
            )
        browser.close()
    server.shutdown()
    return rows


def page_table(pages: list[dict]) -> list[str]:
    table = ["| Page | HTML (KB) | Chart data inlined (KB) | Charts | Charts drawn (median s, localhost) | First visit (KB gzip) | Target |"]
    table += ["| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    table += [
        f"| {r['page']} | {r['html_kb']:.0f} | {r['data_kb']:.0f} | {r['charts']} | {r['drawn_s']:.2f} | {r['first_kb']:.0f} | "
        f"{'≤ 500' if r['charts'] else '≤ 150'} |"
        for r in pages
    ]
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="only measure the pages of this built site (printed, README untouched)")
    site = parser.parse_args().site
    if site:
        print("\n".join(page_table(page_figures(site))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copy = copy_tracked_files(work / "book")
        n_chapters = len(chapters(copy))
        seconds, bin_dir = install(work, copy)
        results = [("Environment install (fresh venv, pip cache warm)", seconds, "-", "")]

        cold, executed = build(copy, bin_dir)
        results.append(("Cold build (no _build, no cache)", cold, executed, f"all {n_chapters}"))
        # The shortest measure is the noisiest on a shared machine: take the median of three.
        runs = [build(copy, bin_dir) for _ in range(3)]
        seconds, executed = statistics.median(t for t, _ in runs), max(n for _, n in runs)
        results.append(("No-change rebuild (median of 3)", seconds, executed, f"≤ 5% of cold ({0.05 * cold:.1f} s), 0 executed"))

        edit(copy / "chapters" / "introduction.md", "A news article set", "A news report set")
        seconds, executed = build(copy, bin_dir)
        results.append(("One prose edit (introduction)", seconds, executed, "0 executed"))

        preamble = "from bookkit.preamble import *\n"
        edit(copy / "chapters" / "the-bill.md", preamble, preamble + "benchmark_edit = True\n")
        seconds, executed = build(copy, bin_dir)
        results.append(("One code edit (the-bill)", seconds, executed, "1 executed"))

        bump_first_count(copy, "displacement", "persons")
        seconds, executed = build(copy, bin_dir)
        results.append(("One data edit (displacement.csv)", seconds, executed, f"{readers(copy, 'displacement') + 1} executed (its readers and the data page, which reads every dataset)"))

        bare = bare_execution(copy, bin_dir)
        results.append(("Bare execution of all chapters (nbclient, serial)", bare, n_chapters, f"cold ≤ 1.3× bare: {cold / bare:.2f}×"))

        pdf, _ = build(copy, bin_dir, "pdflatex")
        results.append(("PDF build (after the HTML build)", pdf, "-", ""))

        pages = page_figures(copy / "_build" / "html")
        bundle_kb = (copy / "_build" / "html" / "_static" / "vega-bundle.js").stat().st_size / 1024

    table = ["| Measure | Seconds | Notebooks executed | Target / note |", "| --- | ---: | ---: | --- |"]
    table += [f"| {name} | {seconds:.1f} | {executed} | {note} |" for name, seconds, executed, note in results]
    table += ["", *page_table(pages)]
    table += ["", f"Shared Vega bundle: {bundle_kb:.0f} KB, linked only from pages with a chart (cached after the first)."]
    text = "\n".join(table)
    print(text)

    readme = README.read_text(encoding="utf-8")
    stamp = f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores by `make bench`."
    if START in readme and END in readme:
        head, rest = readme.split(START, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{START}\n{stamp}\n\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
