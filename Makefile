# Ladder: `make demo` sets everything up and serves the demo; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-fast test-browser install install-prod lint typecheck check lock clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Both lock files carry hashes: pip refuses a package whose file differs from the one locked.
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The runtime packages alone (a server): no test or lint tools.
install-prod: | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

demo: install
	$(BIN)/ladder demo --host $(HOST) --port $(PORT)

# Links in mail, PDFs, badges and feeds point at the port served, unless SITE_URL says otherwise.
serve: install
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/ladder runserver $(HOST):$(PORT)

# The whole suite, browser tests included (they skip, saying why, where Chromium is missing;
# in CI they must run). Two workers, each with its own database; `--dist loadgroup` keeps each
# xdist_group (the demo tests, which share one seeded demo network) on one worker.
PYTEST := $(BIN)/python -m pytest
PARALLEL := -n 2 --dist loadgroup

test: install
	$(PYTEST) $(PARALLEL)

test-fast: install
	$(PYTEST) $(PARALLEL) -m "not browser"

test-browser: install
	$(PYTEST) -m browser

# The whole suite, then its 20 slowest tests (setup, call and teardown timed apart).
.PHONY: test-durations
test-durations: install
	$(PYTEST) $(PARALLEL) -q --durations=20 --durations-min=0

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy ladder

check: install
	$(BIN)/ladder makemigrations --check --dry-run

# The two lock files, with hashes: runtime (requirements.in) and development
# (requirements-dev.in, within the runtime pins). Add --upgrade to PIP_COMPILE to move pins.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) node_modules var
