# Everything a fresh machine needs: `make site` and `make test` set up the
# virtualenv from the pinned requirements on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup site pages check serve test lint format schema bench clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## site: check the register, write the pages and build site/ with `mkdocs build --strict`
site: $(STAMP)
	$(BIN)/briefing build

## check: validate the register and every quote, write nothing
check: $(STAMP)
	$(BIN)/briefing check

## serve: preview on http://127.0.0.1:8000 with live reload on every edit under seeds/ and docs/
serve: $(STAMP)
	$(BIN)/briefing serve

## test: lint, type-check and run the whole test suite (unit, golden, MkDocs end-to-end)
test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/briefing schema --check

format: $(STAMP)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

## bench: time the generator against libyaml and MkDocs (CLAIMS=1000 for one size)
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(CLAIMS),--claims $(CLAIMS))

## schema: regenerate seeds/schema/register.schema.json from the models
schema: $(STAMP)
	$(BIN)/briefing schema

clean:
	rm -rf site docs/briefing
