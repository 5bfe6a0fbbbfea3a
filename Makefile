# Ladder: `make demo` sets everything up and serves the demo; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-fast test-browser install lint typecheck check lock clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

demo: install
	$(BIN)/ladder demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/ladder runserver $(HOST):$(PORT)

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

typecheck: install
	$(BIN)/mypy ladder

check: install
	$(BIN)/ladder makemigrations --check --dry-run

lock: | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.in
	($(BIN)/pip freeze --exclude-editable | sed '1i # The lock file: every package pinned. Generated from requirements.in by `make lock`.') > requirements.txt

clean:
	rm -rf $(VENV) node_modules var
