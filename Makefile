# playrunner — `make run` starts the local stack, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080
DATA_DIR ?= .playrunner
PYTEST_WORKERS ?= 2

.PHONY: install bytecode system-deps test-deps browser run test lint format openapi openapi-check unit integration e2e infra synth bootstrap deploy destroy bench ci clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,infra]'
	touch $@

install: $(INSTALLED)

# Our modules' bytecode, written once: where PYTHONDONTWRITEBYTECODE is set, every process of the
# tests (the local stack, each runner, each function) would otherwise compile them again.
bytecode: install
	@$(BIN)/python -m compileall -q -j 0 layers functions tests bench infra

system-deps:
	@bash scripts/install-system-deps.sh

# What the tests need besides: chromium for the web console's browser tests.
test-deps:
	@WITH_BROWSER=1 bash scripts/install-system-deps.sh

run: install system-deps
	$(BIN)/playrunner serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR) --demo

# The CDK app, synthesized offline (no AWS account, no Docker engine), then linted.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
synth: install
	$(BIN)/python -m infra.app
	$(BIN)/cfn-lint --ignore-checks W3005 -- cdk.out/Playrunner.template.json

# Deploying needs AWS credentials and a Docker engine (the runner's image is built here).
CDK := npx --yes aws-cdk@2.1148.1
bootstrap: install
	$(CDK) bootstrap
deploy: install
	$(CDK) deploy --require-approval broadening
destroy: install
	$(CDK) destroy

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers functions tests bench infra

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The committed OpenAPI document is generated from the models; CI fails when it drifts.
openapi: install
	$(BIN)/python -m functions.openapi.document > docs/openapi.json

openapi-check: install
	@$(BIN)/python -m functions.openapi.document | diff -u docs/openapi.json - \
		|| (echo "docs/openapi.json is out of date: run 'make openapi'"; exit 1)

unit: install
	$(BIN)/pytest tests/unit

integration: install system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/integration

e2e: install system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/e2e

browser: install test-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/browser

# Benchmarks print their figures and write them to docs/benchmarks.md; they are not tests.
bench: install test-deps
	$(BIN)/python bench/overhead.py
	$(BIN)/python bench/restart.py
	$(BIN)/python bench/cold_import.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/console.py

test: install bytecode test-deps lint openapi-check
	$(BIN)/pytest -n $(PYTEST_WORKERS)

ci: test

clean:
	rm -rf $(VENV) cdk.out .pytest_cache .mypy_cache .ruff_cache $(DATA_DIR)
