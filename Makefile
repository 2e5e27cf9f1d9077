# The two commands: `make site` serves the demo commons, `make test` runs every test.
# Both create the virtual environment and install what they need on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# One stamp per extra of pyproject.toml: `make site` installs only what serving the site needs,
# `make test` everything the tests need (see the extras in pyproject.toml).
SITE_INSTALLED := $(VENV)/.installed-site
TEST_INSTALLED := $(VENV)/.installed-test
NODE_INSTALLED := node_modules/.installed
# Material prints a long banner about MkDocs 2 on every build; we know (see ARCHITECTURE notes).
export NO_MKDOCS_2_WARNING := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: site build test check lint clean system-deps

site: $(SITE_INSTALLED)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: $(SITE_INSTALLED)
	$(BIN)/mkdocs build --strict

test: system-deps $(TEST_INSTALLED) $(NODE_INSTALLED)
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/pytest

check: $(SITE_INSTALLED)
	$(BIN)/maillage verifier content

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check plugins tests scripts

system-deps:
	scripts/install-system-deps

$(VENV)/.installed-%: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site public .pytest_cache
