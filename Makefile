# The two commands: `make site` serves the demo commons, `make test` runs every test.
# Both create the virtual environment and install what they need on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
# Material prints a long banner about MkDocs 2 on every build; we know (see ARCHITECTURE notes).
export NO_MKDOCS_2_WARNING := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: site build test check lint clean system-deps

site: $(INSTALLED)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: $(INSTALLED)
	$(BIN)/mkdocs build --strict

test: system-deps $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/pytest

check: $(INSTALLED)
	$(BIN)/maillage verifier content

lint: $(INSTALLED)
	$(BIN)/ruff check plugins tests scripts

system-deps:
	scripts/install-system-deps

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site public .pytest_cache
