# The cooperation portal. `make` alone lists the targets.
#
# Needs only Python 3.11+ and make: the first run creates .venv and installs requirements.txt;
# later runs reuse it and reinstall only when requirements.txt changes (.venv/.installed).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=
FAULT_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install setup run test lint format worker beat bench load faults clean check-python

help: ## List the targets
	@echo "Targets (PYTHON=$(PYTHON); pass pytest options with PYTEST_ARGS='...'):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
		echo "error: '$(PYTHON)' was not found. Install Python 3.11 or newer, or run make PYTHON=/path/to/python3.11" >&2; \
		exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
		echo "error: the portal needs Python 3.11 or newer; '$(PYTHON)' is" \
			"$$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null || echo 'not runnable')." \
			"Run make PYTHON=python3.11 (or newer)." >&2; \
		exit 1; }

# Reinstalled when requirements.txt changes; recreated when the venv's Python is gone, broken
# or older than 3.11.
$(STAMP): requirements.txt
	@$(MAKE) --no-print-directory check-python
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
		echo "Creating $(VENV) with $$($(PYTHON) -V 2>&1)"; \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV) || { \
			echo "error: '$(PYTHON) -m venv' failed. On Debian or Ubuntu: apt-get install python3-venv" >&2; \
			rm -rf $(VENV); exit 1; }; \
	fi
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@touch $@

install: $(STAMP) ## Create .venv and install requirements.txt (only when it changed)

setup: $(STAMP) ## install, then migrate the database and seed the demo data
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo

run: setup ## setup, print the demo logins, serve on http://127.0.0.1:8000/ (HOST=, PORT=)
	@echo
	@$(PY) manage.py demo_logins
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup ## setup (as make run), then ruff check, ruff format --check and pytest (PYTEST_ARGS='-k health -x')
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check and ruff format --check, changing nothing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Fix what ruff can fix, then format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

define need_broker
	@if [ -z "$$CELERY_BROKER_URL" ]; then \
		echo "error: set CELERY_BROKER_URL (for example redis://127.0.0.1:6379/0) for the $(1)." >&2; \
		echo "Without it, make run executes every task eagerly and needs no worker." >&2; \
		exit 1; fi
endef

worker: $(STAMP) ## Run a Celery worker (needs CELERY_BROKER_URL, same as the web process)
	$(call need_broker,worker)
	$(VENV)/bin/celery -A cooperation worker -l info

beat: $(STAMP) ## Run Celery beat, the periodic tasks of settings.CELERY_BEAT_SCHEDULE
	$(call need_broker,beat)
	$(VENV)/bin/celery -A cooperation beat -l info --schedule $(VENV)/celerybeat-schedule

bench: ## Run the benchmark (python -m bench; BENCH_ARGS='...')
	@if [ ! -f bench/__main__.py ]; then \
		echo "error: there is no benchmark yet (bench/__main__.py does not exist)." >&2; \
		exit 1; fi
	@$(MAKE) --no-print-directory install
	$(PY) -m bench $(BENCH_ARGS)

# The reliability runs start their own PostgreSQL cluster, Redis, gunicorn and worker on loopback
# (they need the PostgreSQL 15 and redis-server binaries, not running services): docs/reliability.md.
load: $(STAMP) ## Load: 50 partners submit requests while 20 staff browse, 60 s (LOAD_ARGS='--seconds 20')
	$(PY) -m reliability load $(LOAD_ARGS)

faults: $(STAMP) ## PostgreSQL restarted, Redis stopped, worker killed, under load (FAULT_ARGS='--seconds 30')
	$(PY) -m reliability postgres-restart $(FAULT_ARGS)
	$(PY) -m reliability redis-outage $(FAULT_ARGS)
	$(PY) -m reliability worker-kill

clean: ## Remove .venv, caches, test artifacts and collected static files (keeps db.sqlite3)
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts staticfiles
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
