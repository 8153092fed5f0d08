# Seatswap: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DEBUG=1
#: `make run` serves here: PORT=8001 make run
PORT ?= 8000

.PHONY: run serve test lint format check ci bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: set up the embedded SQLite database with the demo data and serve on http://127.0.0.1:8000 (PORT=8001
##      make run: another port), with the background-task worker beside it (both stop together)
run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_record
	$(DEV) $(BIN)/python manage.py demo_login --url http://127.0.0.1:$(PORT)/
	$(DEV) PYTHON=$(BIN)/python PORT=$(PORT) sh scripts/run-dev.sh

## serve: the production stack on this machine: gunicorn (gunicorn.conf.py) and whitenoise against DATABASE_URL
##        (PostgreSQL); needs SECRET_KEY and ALLOWED_HOSTS (README: "Running it in production")
serve: install
	@test -n "$$DATABASE_URL" || (echo "serve: set DATABASE_URL (PostgreSQL)"; exit 2)
	@test -n "$$SECRET_KEY" || (echo "serve: set SECRET_KEY"; exit 2)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c gunicorn.conf.py seatswap.wsgi

## test: the whole test suite (SQLite unless DATABASE_URL names another database)
test: install-dev
	$(BIN)/pytest

## lint: ruff's checks and formatting
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## check: migrations in step with the models, and the production settings pass Django's deploy checks
check: install-dev
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
		ALLOWED_HOSTS=seatswap.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

## bench: the performance record: every page at 1×, 10× and 100× the demo (HUGE=1: also 1000×) as queries,
##        median ms and the ratio to the floor; the pages under load (gunicorn and wrk); the export beside
##        PostgreSQL's COPY; the import; the planning assistant at ISS scale (first plan, best plan and its
##        proved gap, the N-1 report). Writes bench/results.md. Then the roster import at two sizes and
##        through the upload page, and the whole record (three sources) loaded, loaded again, and its pages.
bench: install-dev
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		echo "bench: wrk is not installed (Debian: apt-get install -y wrk): the load phase is skipped"
	$(BIN)/python bench/perf_record.py $(if $(HUGE),--huge)
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/record_bench.py

## ci: what CI runs (both databases and the static checks)
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
