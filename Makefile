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

# The connection to the package index can drop in the middle of a large wheel: pip resumes a
# broken download many times, and the whole step is tried three times before it fails.
$(VENV)/.installed-%: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	for attempt in 1 2 3; do \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet --resume-retries 20 -e '.[$*]' && break; \
	  test $$attempt = 3 && exit 1; \
	  echo "Installation interrompue : nouvel essai ($$attempt/3)"; sleep 10; \
	done
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site public .pytest_cache
