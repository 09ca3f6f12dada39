# Each target bootstraps .venv from pyproject.toml (needs only Python 3.11+), so `make lab` and
# `make test` work on a fresh machine. Re-running is cheap: pip runs again only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KERNEL := inpatient-coder
LAB_STAMP := $(VENV)/.lab-installed
APP_STAMP := $(VENV)/.app-installed
APP_PORT ?= 8866
TEST_STAMP := $(VENV)/.test-installed
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg

.PHONY: lab test lint unit notebooks browser bench clean venv hub-deps app profiles docs

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# `make lab` and `make app` are thin wrappers over `course-helpers lab`, which needs only Python (docs/install.md).
$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/course-helpers lab --kernel-only >/dev/null
	@touch $@

$(TEST_STAMP): pyproject.toml $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab,test,hub,app]'
	$(BIN)/course-helpers lab --kernel-only >/dev/null
	@touch $@

venv: $(TEST_STAMP)

## configurable-http-proxy (npm) into ./node_modules for the JupyterHub tests and the service benchmark.
hub-deps:
	./scripts/install-hub-deps.sh

## Open the course in JupyterLab, on lesson 00 (as root too: `course-helpers lab` adds --allow-root there).
lab: $(LAB_STAMP)
	@echo "The course's command is $(BIN)/course-helpers (or run 'source $(BIN)/activate' first)."
	$(BIN)/course-helpers lab --folder notebooks

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[app]'
	$(BIN)/course-helpers lab --kernel-only >/dev/null
	@touch $@

## The calculators as Voila pages (notebooks/apps/), on this machine only: http://127.0.0.1:$(APP_PORT)
app: $(APP_STAMP)
	$(BIN)/voila notebooks/apps --no-browser --Voila.ip=127.0.0.1 --port=$(APP_PORT)

## Lint, unit tests (with every install profile from the wheel and every doc block), every notebook under
## nbval, and the real-browser test.
test: $(TEST_STAMP) hub-deps
	$(BIN)/ruff check src tests benchmarks scripts conftest.py
	$(BIN)/course-helpers validate --strict
	$(BIN)/python -m pytest tests --durations=25
	$(BIN)/python -m pytest $(NBVAL) notebooks

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts conftest.py

unit: $(TEST_STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/install

## Install each profile from the wheel in its own venv and run its job; run the README's `make lab`.
profiles: $(TEST_STAMP) hub-deps
	$(BIN)/python -m pytest tests/install -v

notebooks: $(TEST_STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks

browser: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/browser -v

## Time the hot paths and print tables (not part of the tests).
bench: $(TEST_STAMP)
	@for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; echo; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts node_modules
