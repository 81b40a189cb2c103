# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres install install-test chromium clean

run: install node_modules/.installed
	$(BIN)/tutor db upgrade
	$(BIN)/tutor content import
	$(BIN)/tutor serve

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Front-end libraries (KaTeX, ...) from the npm registry; served by the app, never from a CDN.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: install-test node_modules/.installed chromium
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# The embedded default is tested on SQLite even when a PostgreSQL URL is in the environment.
test-sqlite:
	@echo "=== test suite on SQLite"
	$(BIN)/lint-imports --no-cache
	$(BIN)/tutor content check --seeds 3
	env -u TUTOR_TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider

test-postgres:
	@if [ -n "$$TUTOR_TEST_DATABASE_URL" ]; then \
	  echo "=== test suite on PostgreSQL ($$TUTOR_TEST_DATABASE_URL)"; \
	  $(BIN)/python -m pytest -p no:cacheprovider; \
	else \
	  echo "=== PostgreSQL half SKIPPED: TUTOR_TEST_DATABASE_URL is not set (.ci/run sets it when a server answers on 127.0.0.1:5432)"; \
	fi

clean:
	rm -rf $(VENV) node_modules instance test-artifacts
