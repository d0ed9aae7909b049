# Everything a fresh machine needs: `make site` and `make test` set up the
# virtualenv from the pinned requirements on first use; `make test` also installs
# Debian's chromium, a Java runtime, axe-core and the Nu HTML checker (npm) for the browser tests.
# pip checks every package against the SHA-256 hashes in the requirement files (`make requirements`).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
AXE := node_modules/axe-core/axe.min.js

.PHONY: setup site check coverage serve test lint format schema bench bench-hostile browser requirements clean

setup: $(STAMP)

# The site needs only the runtime packages; tests and tools add requirements-dev.txt.
# The files list every package with its hashes (`make requirements`), so pip installs them as
# listed (--no-deps; it cannot match a dependency's extras, such as lxml[html_clean], to a
# hashed pin) and `pip check` then confirms that every package has what it needs.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.txt
	$(BIN)/python -m pip check
	touch $@

## site: check the register, write the pages and build site/ with `mkdocs build --strict`
site: $(STAMP)
	$(BIN)/briefing build

## check: validate the register and every quote, write nothing
check: $(STAMP)
	$(BIN)/briefing check

## coverage: which paragraphs of each article carry a citation
coverage: $(STAMP)
	$(BIN)/briefing coverage

## serve: preview on http://127.0.0.1:8000 with live reload on every edit under seeds/ and docs/
serve: $(STAMP)
	$(BIN)/briefing serve

## test: lint, type-check and run the whole suite (unit, golden, MkDocs end-to-end, browser)
test: lint browser
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/briefing schema --check

format: $(DEV_STAMP)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

## browser: what the browser tests need besides .venv: Debian's chromium, axe-core and the
## Nu HTML checker from npm, and a Java runtime for the checker
browser: $(AXE)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	command -v java >/dev/null || (apt-get update && apt-get install -y default-jre-headless)

$(AXE): package.json package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	# Java first: without one on the PATH, vnu-jar's install script tries to download a runtime.
	command -v java >/dev/null || (apt-get update && apt-get install -y default-jre-headless)
	npm ci --no-audit --no-fund
	touch $@  # npm dates its files 1985; without this, make would reinstall every time

## bench: time the generator, the full build, search and serve; size the site (CLAIMS=1000 for one size)
bench: $(DEV_STAMP)
	$(BIN)/python -m bench.run $(if $(CLAIMS),--claims $(CLAIMS))

## bench-hostile: time and memory of `briefing` on a 5 MB article and a 2 GiB sparse file
bench-hostile: $(DEV_STAMP)
	$(BIN)/python -m bench.hostile

## schema: regenerate seeds/schema/register.schema.json from the models
schema: $(STAMP)
	$(BIN)/briefing schema

## requirements: pin requirements.in and requirements-dev.in, with every dependency and its hashes
# Pins already in the .txt files are kept; `make requirements UPGRADE=name` moves one package to
# its newest release. The pins hold for every platform and for Python 3.11.5 on (the oldest that
# pymdown-extensions allows). Uses the uv of .venv when there is one, so that it also mends files
# that no longer install (after a merge or a hand edit).
requirements:
	test -x $(BIN)/uv || $(MAKE) $(DEV_STAMP)
	for name in requirements requirements-dev; do \
	  $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
	    --custom-compile-command "make requirements" $(if $(UPGRADE),--upgrade-package $(UPGRADE)) \
	    --output-file $$name.txt $$name.in || exit 1; \
	done

clean:
	rm -rf site docs/briefing .briefing
