# Smart City Archive: `make run` to use it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto
# With DJANGO_DEBUG=0 `make run` serves with gunicorn and this many worker processes.
WEB_WORKERS ?= 2
# `make run` starts the task worker that runs imports uploaded in the admin beside the web server
# (and stops it with it): the database backend's by default, RQ's with TASKS_BACKEND=rq.
TASKS_BACKEND ?= database
TASKS_QUEUE ?= default
ifeq ($(TASKS_BACKEND),rq)
TASK_WORKER := $(PY) manage.py rqworker --job-class django_tasks_rq.Job $(TASKS_QUEUE)
else ifeq ($(TASKS_BACKEND),database)
TASK_WORKER := $(PY) manage.py db_worker --no-reload --queue-name $(TASKS_QUEUE)
else
TASK_WORKER := true
endif
ifeq ($(DJANGO_DEBUG),0)
WEB_SERVER := $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --access-logfile -
else
WEB_SERVER := $(PY) manage.py runserver $(HOST):$(PORT)
endif
export TASKS_BACKEND TASKS_QUEUE

.PHONY: run test bench lint format migrations-check install install-dev install-bench serve import-seeds browser-deps clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes (the stamp files remember).
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

# The benchmarks compare with Datasette: the `bench` extra, installed only by `make bench`.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@ $(VENV)/.installed-dev $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_seeds
	$(PY) manage.py ensure_admin
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(TASK_WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(WEB_SERVER)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

test: install-dev lint migrations-check
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks (never part of `make test`): extraction scores and rule ablation, parse time by
# page size, import throughput, and the public pages and the exports on a generated archive of
# BENCH_ARTICLES.
BENCH_ARTICLES ?= 20000
BENCH_DB ?= var/bench-$(BENCH_ARTICLES).sqlite3
bench: install-bench
	$(PY) bench/extraction_eval.py
	$(PY) bench/extraction_eval.py --ablation
	$(PY) bench/parse_scaling.py
	$(PY) bench/import_bench.py --articles 200
	@mkdir -p var
	test -f $(BENCH_DB) || DATABASE_URL=sqlite:///$(abspath $(BENCH_DB)) $(PY) bench/scale_db.py --articles $(BENCH_ARTICLES)
	DATABASE_URL=sqlite:///$(abspath $(BENCH_DB)) $(PY) bench/web_bench.py
	DATABASE_URL=sqlite:///$(abspath $(BENCH_DB)) $(PY) bench/export_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
