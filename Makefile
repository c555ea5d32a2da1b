# Five Questions on Multimodal Models. `make lab` to learn, `make test` to check everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8888
# Jupyter refuses to run as root unless told to (containers, cloud machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-pretrained notebooks slides book setup kernel pair browser bench determinism checkpoints clean help

help:
	@echo "make lab        set up .venv (first time only) and open JupyterLab on notebooks/"
	@echo "make test       set up, then run every test (helpers, notebooks headless, widgets, browser)"
	@echo "make test-pretrained  run every lesson on the pretrained path from a temporary cache of real-size models"
	@echo "                 with random weights (~4 GB in \$$TMPDIR, no network); prints time and memory per lesson"
	@echo "make notebooks  execute every notebook into build/ as .ipynb and .html"
	@echo "make slides     one reveal.js deck per lesson in build/slides/ (offline; s opens the speaker notes)"
	@echo "make book       the five lessons as a static site in build/book/ (offline; open build/book/index.html)"
	@echo "make bench      print the speed figures (notebook run times, widget latency, import time)"
	@echo "make determinism  run every lesson twice in fresh kernels; fail if they print different numbers (timings aside)"
	@echo "make checkpoints  retrain the tiny models' checkpoints in data/checkpoints/ (about 45 min on 2 cores)"

# Installs once; again only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# RISE's slideshow page runs widgets only with this widget front end (pyproject.toml says why); pip would
	@# otherwise take ipywidgets back to match it, hence --no-deps (pip notes the version mismatch; it is fine).
	$(PY) -m pip install --quiet --no-deps 'jupyterlab_widgets==3.0.10'
	@touch $(STAMP)

setup: $(STAMP) kernel pair

kernel: $(STAMP)
	@$(PY) -m ipykernel install --sys-prefix --name five-questions --display-name "Five Questions (.venv)" >/dev/null

# Paired .ipynb files: JupyterLab edits flow back into the .py sources (jupytext pairing).
pair: $(STAMP)
	@$(VENV)/bin/jupytext --quiet --sync notebooks/[0-9][0-9]_*.py

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ALLOW_ROOT)

# The browser tests drive Debian's Chromium (a downloaded browser build is not available everywhere).
browser:
	@bash tools/install_browser.sh

test: setup browser
	$(PY) -m pytest

# The path users with network take: every model the lessons load, at real size and layout with random weights,
# in a temporary hub cache (tools/pretrained_cache.py), read offline. Plain `make test` does not collect these.
test-pretrained: setup
	FIVEQ_TEST_PRETRAINED=1 $(PY) -m pytest -s tests/pretrained

notebooks: setup
	$(PY) -m tools.build_notebooks

# Decks and book read the lessons executed once with live training off (build/executed/, rerun only when a lesson,
# helpers/ or data/ changes); reveal.js and MathJax come from the npm registry into build/vendor/ the first time.
slides: setup
	$(PY) -m tools.build_slides

# Jupyter Book 1 gets its own environment, build/book-venv (pyproject.toml's book extra says why).
book: setup
	$(PY) -m tools.build_book

# The lessons load these; they are committed, so this is only needed after a recipe changes.
checkpoints: setup
	$(PY) -m tools.train_checkpoints $(NAMES)

# `make test` runs these too, reusing the lesson runs of tests/notebooks; alone, each lesson runs twice here.
determinism: setup
	$(PY) -m pytest -m determinism tests/notebooks

bench: setup
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf build .pytest_cache notebooks/*.ipynb notebooks/.ipynb_checkpoints
