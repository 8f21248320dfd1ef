# Two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PG_URL_BASE ?= postgres://postgres@127.0.0.1:5432

export DJANGO_SETTINGS_MODULE := xinyong.settings

.PHONY: system-run system-test screenshots sample-report run test test-sqlite test-postgres lint fmt bench bench-basics bench-accounts demo clean verify messages

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

var:
	mkdir -p var

# Debian packages beyond Python (the CJK font for PDF reports; chromium and gettext for tests),
# installed when missing: see scripts/system-packages.
system-run:
	@scripts/system-packages run

system-test:
	@scripts/system-packages test

## make run: migrate the SQLite database under var/, load demo data once, refresh the open-data
## export, serve on $(PORT).
run: system-run $(STAMP) var
	$(BIN)/xinyong migrate --noinput
	$(BIN)/xinyong load_demo --if-empty
	$(BIN)/xinyong export_open_data --quiet
	$(BIN)/xinyong demo_accounts
	$(BIN)/xinyong runserver 127.0.0.1:$(PORT)

## make test: lint, then the whole suite on SQLite, then on a throwaway PostgreSQL database.
test: system-test $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: $(STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest

# pytest-django creates and drops test_<name> itself; a unique name keeps parallel runs apart.
test-postgres: $(STAMP)
	@if $(BIN)/python -m xinyong.pgcheck "$(PG_URL_BASE)/postgres"; then \
		DATABASE_URL=$(PG_URL_BASE)/xinyong_$$$$ $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL at $(PG_URL_BASE) is unreachable and CI is set: failing." >&2; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL_BASE) is unreachable: skipping the PostgreSQL run (set CI=1 to make this fatal)." >&2; \
	fi

verify: $(STAMP)
	$(BIN)/xinyong verify_history

## make messages: extract the Chinese source strings (.py, .html) into the English catalogue
## (src/xinyong/locale/en/LC_MESSAGES/django.po), then compile it. Translate the new entries
## and commit both files; src/xinyong/tests/test_catalogue.py fails while any is missing.
messages: $(STAMP)
	cd src/xinyong && ../../$(BIN)/xinyong makemessages -l en --no-obsolete --add-location file \
		--extension html,py --ignore '*/migrations/*' --ignore '*/tests/*' --ignore 'tests/*' \
		--ignore 'testing/*' --ignore 'static/*' --ignore '.venv/*' --ignore 'var/*' \
		--ignore 'bench/*' --ignore 'node_modules/*'
	cd src/xinyong && ../../$(BIN)/xinyong compilemessages -l en

## make bench: issue 7's side-by-side table (bench/compare.py): Xinyong vs Datasette (installed
## from bench/requirements-datasette.lock into bench/.venv-datasette) at BENCH_ASSOCIATIONS
## associations and BENCH_RECORDS records (1,000,000 each by default; the data is generated once
## into bench/.data and reused), search and profile on SQLite and PostgreSQL, import, export and
## verify_history. The first run generates the data (about 30 minutes on 2 cores); see
## docs/performance.md. Smaller: make bench BENCH_ASSOCIATIONS=100000 BENCH_RECORDS=100000.
bench: $(STAMP)
	BENCH_PG=$(PG_URL_BASE) $(BIN)/python bench/compare.py

## make bench-basics: the foundation's figures (bench/run.py: recording throughput, verify_history,
## search and profile latency on a small scratch database), on SQLite then PostgreSQL.
bench-basics: $(STAMP)
	$(BIN)/python bench/run.py
	@if $(BIN)/python -m xinyong.pgcheck "$(PG_URL_BASE)/postgres"; then \
		BENCH_DATABASE_URL=$(PG_URL_BASE)/xinyong_bench $(BIN)/python bench/run.py; \
	fi

## make bench-accounts: sign-in, second factor, per-request cost of the account guards, password
## rules and verify_history over accounts (bench/accounts_bench.py), on SQLite then PostgreSQL.
bench-accounts: $(STAMP)
	$(BIN)/python bench/accounts_bench.py
	@if $(BIN)/python -m xinyong.pgcheck "$(PG_URL_BASE)/postgres"; then \
		BENCH_DATABASE_URL=$(PG_URL_BASE)/xinyong_bench_accounts $(BIN)/python bench/accounts_bench.py; \
	fi

## make screenshots: the main pages from a fresh demo, saved to docs/screenshots/ (needs chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

## make sample-report: a public and a full credit report of a demo association from a fresh demo
## database; writes docs/sample-credit-report.pdf and docs/screenshots/credit-report.png.
sample-report: $(STAMP)
	$(BIN)/python scripts/sample_report.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
