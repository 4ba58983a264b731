# Entry points for readers, authors and CI. `make book` and `make test` are all a new
# machine needs (plus Python 3.11 and, for the tests, Debian's packages below).
PYTHON      ?= python3.11
VENV        := .venv
BIN         := $(VENV)/bin
INSTALLED   := $(VENV)/.installed
JB          := $(BIN)/jupyter-book
# -W: a warning fails the build; -n: every cross-reference must resolve.
BUILD_FLAGS := --warningiserror --nitpick --keep-going
HTML        := _build/html
PDF         := _build/latex/book.pdf
HOST        := 127.0.0.1
PORT        ?= 8000
# Debian packages the tests need: a browser for the page tests, TeX for the PDF edition.
SYSTEM_PKGS := chromium texlive-xetex texlive-latex-extra texlive-fonts-extra \
               texlive-plain-generic texlive-fonts-recommended lmodern latexmk fonts-freefont-otf poppler-utils

.PHONY: book pdf test bench linkcheck serve lab run lab-test clean system-deps

$(INSTALLED): requirements.txt requirements-test.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

book: $(INSTALLED)
	$(JB) build . $(BUILD_FLAGS)
	@echo "Book: $(CURDIR)/$(HTML)/index.html"

# A failed LaTeX run leaves _build/latex in a state the next run calls "Nothing to do",
# and stale HTML-era outputs there lose the chart images: always start it afresh.
pdf: $(INSTALLED)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || { \
	  echo "make pdf needs XeLaTeX and latexmk: apt-get install $(filter-out chromium poppler-utils,$(SYSTEM_PKGS))" >&2; exit 1; }
	rm -rf _build/latex
	$(JB) build . --builder pdflatex $(BUILD_FLAGS)
	@# The site carries the PDF (and links to it) once it exists: refresh it (from the cache).
	$(JB) build . $(BUILD_FLAGS)
	@echo "PDF: $(CURDIR)/$(PDF)"

system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="yes"; \
	command -v xelatex >/dev/null || missing="yes"; \
	command -v latexmk >/dev/null || missing="yes"; \
	command -v pdftotext >/dev/null || missing="yes"; \
	kpsewhich bbm.sty >/dev/null 2>&1 || missing="yes"; \
	kpsewhich pzdr.tfm >/dev/null 2>&1 || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PKGS); \
	  else \
	    echo "The tests need Debian packages: sudo apt-get install $(SYSTEM_PKGS)" >&2; exit 1; \
	  fi; \
	fi

test: $(INSTALLED) system-deps
	$(BIN)/python -m pytest

# Timings and sizes on a copy of the repository; prints a table and writes it into README.md.
bench: $(INSTALLED) system-deps
	$(BIN)/python benchmarks/bench.py

# External links need the network, which the tests never use: run this by hand.
linkcheck: $(INSTALLED)
	$(JB) build . --builder linkcheck

serve: book
	@echo "Serving the book at http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --bind $(HOST) --directory $(HTML) $(PORT)

# JupyterLab on the chapters, as Binder sets it up (binder/): a double click opens a chapter as a
# notebook (jupytext). Installs only when the requirements or the settings changed. As root it
# needs --allow-root; LAB_ARGS passes anything else, e.g. make lab LAB_ARGS="--port 9999 --no-browser".
LAB_STAMP    := $(VENV)/.lab-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_ARGS     ?=
ROOT_FLAG    := $(if $(filter 0,$(shell id -u)),--allow-root)
$(LAB_STAMP): $(INSTALLED) requirements-lab.txt binder/overrides.json
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	@mkdir -p $(dir $(LAB_SETTINGS)) && cp binder/overrides.json $(LAB_SETTINGS)
	@touch $@

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.root_dir=chapters $(ROOT_FLAG) $(LAB_ARGS)

# Runs one chapter top to bottom, as Jupyter would, and writes the executed notebook outside
# chapters/ (so the book never sees two sources for one page): make run CHAPTER=human-cost
RUN_DIR := _build/run
run: $(INSTALLED)
	@test -n "$(CHAPTER)" -a -f "chapters/$(CHAPTER).md" || { echo "usage: make run CHAPTER=<name>, one of: $(basename $(notdir $(wildcard chapters/*.md)))" >&2; exit 2; }
	@mkdir -p $(RUN_DIR)
	cd chapters && ../$(BIN)/jupytext --to ipynb --execute --run-path . --output ../$(RUN_DIR)/$(CHAPTER).ipynb $(CHAPTER).md
	@echo "Executed notebook: $(CURDIR)/$(RUN_DIR)/$(CHAPTER).ipynb"

# The JupyterLab checks alone: a Binder-like fresh environment, every chart drawn in Lab.
lab-test: $(INSTALLED) system-deps
	$(BIN)/python -m pytest -m lab

clean:
	rm -rf _build
