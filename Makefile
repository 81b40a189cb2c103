# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint test-sqlite test-postgres install install-test assets chromium lock wheel clean

run: install assets
	$(BIN)/tutor db upgrade
	$(BIN)/tutor content import
	$(BIN)/tutor serve

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The tested dependency versions come from the locks; `make lock` refreshes them from pyproject.toml.
$(VENV)/.installed: pyproject.toml setup.py requirements.lock | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py requirements-test.lock | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements-test.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

lock: | $(VENV)/bin/python
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock pyproject.toml
	# The test extra names tutor[postgres]: pip-compile pins tutor itself by this checkout's path,
	# which no other machine has (tutor is installed from the checkout, editable, after the lock).
	sed -i '/^tutor @ file:/{N;d;}' requirements-test.lock

# Front-end libraries (KaTeX, ...) from the npm registry; served by the app, never from a CDN.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The front-end libraries' distribution folders, copied into the package so they ship in the wheel.
VENDOR := tutor/web/static/vendor
VENDOR_PACKAGES := katex uplot cytoscape cytoscape-dagre
assets: $(VENDOR)/.copied
$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR)
	for package in $(VENDOR_PACKAGES); do mkdir -p $(VENDOR)/$$package && cp -R node_modules/$$package/dist/. $(VENDOR)/$$package/; done
	touch $@

wheel: install-test assets
	$(BIN)/pip wheel -q --no-deps . -w dist

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: install-test assets chromium
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

lint: install-test
	$(BIN)/ruff check tutor tests bench migrations
	$(BIN)/ruff format --check tutor tests bench migrations
	$(BIN)/mypy tutor
	$(BIN)/lint-imports --no-cache

# The embedded default is tested on SQLite even when a PostgreSQL URL is in the environment.
test-sqlite:
	@echo "=== test suite on SQLite"
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
	rm -rf $(VENV) node_modules instance test-artifacts dist $(VENDOR)
