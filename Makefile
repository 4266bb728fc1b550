# Baken: the two commands for a newcomer are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := frontend/node_modules/.installed
DEMO_PASSWORD_FILE := var/demo-password
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install assets demo test test-postgres test-browser lint messages clean bench

install: $(STAMP) $(ASSETS)

$(STAMP): requirements-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Front-end packages (NL Design System CSS, htmx) from the npm lock file; Baken serves them.
$(ASSETS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(ASSETS)

$(DEMO_PASSWORD_FILE):
	mkdir -p var
	$(PYTHON) -c "import secrets; print('baken-' + secrets.token_urlsafe(12))" > $@

demo: install $(DEMO_PASSWORD_FILE)
	$(BIN)/baken migrate --no-input
	$(BIN)/baken demo-data --password "$$(cat $(DEMO_PASSWORD_FILE))"
	@echo
	@echo "Baken runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@echo "Demo log-ins (var/demo-logins.csv), password for all: $$(cat $(DEMO_PASSWORD_FILE))"
	@column -s, -t var/demo-logins.csv 2>/dev/null || cat var/demo-logins.csv
	$(BIN)/baken runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/baken} $(BIN)/pytest -n auto

test-browser: install
	$(BIN)/pytest -m browser tests/browser

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/baken makemigrations --check --dry-run

clean:
	rm -rf $(VENV) frontend/node_modules var

# Extract strings (needs GNU gettext's xgettext: `apt-get install gettext`), then compile the
# catalogue with Babel, so a fresh machine needs no gettext to run Baken.
messages: install
	cd src/baken && ../../$(BIN)/baken makemessages -l nl --no-location --no-obsolete
	$(BIN)/python -m baken.locale_format src/baken/locale/nl/LC_MESSAGES/django.po
	$(BIN)/pybabel compile -d src/baken/locale -D django -l nl

# Benchmarks that print figures beside a baseline of the same run: record linkage (F1, speed at
# 100k and 1M records), multiple systems estimation (seconds per method, coverage) and the
# online scan (ARI, precision/recall, posts per second, memory).
bench: install
	$(BIN)/python -m bench.linkage
	$(BIN)/python -m bench.mse
	$(BIN)/python -m bench.scan
	$(BIN)/python -m bench.scan_work
