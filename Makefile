# Seed & Soil: two commands for everyone, a few helpers for authors.
#   make lab    set up (first time) and open the course in JupyterLab
#   make test   set up (first time) and run every test (what CI runs)
# Setup is a local virtual environment in .venv built from requirements.txt
# (the lock); it is rebuilt only when the lock or pyproject.toml changes.
#   make site   the course website in build/site/ (offline; MathJax from site/package-lock.json)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# MathJax for the website, from site/package-lock.json (npm ci), served by the site itself.
MATHJAX := site/node_modules/mathjax/es5/tex-mml-chtml.js
# JupyterLab without the news prompt or update check (both need the network);
# lab_settings/overrides.json answers "no" to both for every user.
LABFLAGS := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.app_settings_dir=lab_settings

.PHONY: lab test test-latest setup site site-deps check-links notebooks figures bench student html lint clean help
.DEFAULT_GOAL := help

help:
	@echo "make lab         open the course in JupyterLab (sets up .venv the first time)"
	@echo "make test        run every test, as CI does"
	@echo "make notebooks   re-execute every notebook in place and refresh figures/"
	@echo "make bench       time each notebook against the kernel+imports floor"
	@echo "make student     write notebooks without solutions to build/student/"
	@echo "make html        render notebooks to build/html/ as nbviewer would"
	@echo "make site        build the course website into build/site/ (offline, no notebook is run)"
	@echo "make check-links check the site's external links (DOIs, publishers); needs the network"
	@echo "make test-latest run the notebooks against the newest releases of the stack, report changes"
	@echo "make lint        ruff over the package, tests, tools and notebooks"
	@echo "make setup       only build or refresh .venv from the lock (lab and test do this too)"
	@echo "make figures     same as make notebooks"
	@echo "make clean       remove build/ (student copies and HTML)"
	@echo "PYTHON=python3.11 make ...   choose the Python that builds .venv (default python3)"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Seed & Soil needs Python 3.11 or newer; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOTFLAG) $(LABFLAGS) \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(STAMP) site-deps
	$(BIN)/python -m pytest

# MathJax is installed once (like .venv); the site build itself downloads nothing.
$(MATHJAX): site/package.json site/package-lock.json
	@command -v npm >/dev/null || { echo "The website needs npm once, to install MathJax from site/package-lock.json (Debian: apt-get install npm)."; exit 1; }
	npm ci --prefix site --no-audit --no-fund --loglevel=error
	touch $(MATHJAX)

# For `make test`: install MathJax if npm is there; otherwise the site tests say why they skip.
site-deps:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(MATHJAX); \
	else echo "npm not found: the website tests will skip (CI installs npm)"; fi

site: $(STAMP) $(MATHJAX)
	$(BIN)/python tools/build_site.py

check-links: $(STAMP)
	$(BIN)/python tools/check_external_links.py

test-latest: $(STAMP)
	$(BIN)/python tools/test_latest.py

notebooks figures: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

bench: $(STAMP)
	$(BIN)/python tools/bench.py

student: $(STAMP)
	$(BIN)/python tools/make_student.py $(if $(FORCE),--force,)

html: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --template classic --output-dir build/html notebooks/*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check src tests tools notebooks

clean:
	rm -rf build
