# Nyaya: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install keys translations messages migrate demo lint check system-deps e2e-deps bench bench-deadlines bench-pdf bench-dashboard bench-load upgrade-check prod-smoke clean-db help

help:
	@echo "make run    - set up and serve the demo consortium on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff and the migration check"
	@echo "make messages - extract new interface strings into locale/hi and locale/bn"
	@echo "make system-deps - Debian packages the browser tests and PDFs need (root, apt-get)"
	@echo "make prod-smoke - the production shape on this machine with faults (PostgreSQL, redis-server; docs/prod-smoke.md)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Development secrets, generated once into var/ and never committed (var/ is ignored).
var/secret_key: | $(PY)
	@mkdir -p var
	@$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

var/field_encryption_key: | $(STAMP)
	@mkdir -p var
	@$(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@
	@chmod 600 $@

# A separate key for `manage.py backup` / `restore` (docs/security.md); development only.
var/backup_encryption_key: | $(STAMP)
	@mkdir -p var
	@$(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@
	@chmod 600 $@

keys: var/secret_key var/field_encryption_key var/backup_encryption_key

# Hindi and Bengali: the .mo files are compiled from locale/*/LC_MESSAGES/django.po (pure Python,
# no gettext needed); `make messages` extracts newly marked strings (needs gettext: system-deps).
translations: install
	$(PY) manage.py translations compile

messages: install
	$(PY) manage.py translations update

migrate: install keys
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo translations
	@DEBUG=1 $(PY) manage.py demo_logins
	DEBUG=1 DEMO_MFA_BYPASS=1 $(PY) manage.py runserver $(HOST):$(PORT)

# In parallel on every core (pytest-xdist); PYTEST_ARGS adds options, e.g. PYTEST_ARGS="-k consent -n0".
test: install keys translations
	$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: install keys
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PY) manage.py makemigrations --check --dry-run

check: lint test

# Debian packages: Chromium for browser tests, Noto fonts for PDFs in Indian scripts,
# gettext for translations, poppler-utils (pdftoppm) to look at generated PDFs, redis-server (the
# binary `make prod-smoke` starts a Redis of its own with), nginx-light (tests/deploy checks deploy/nginx
# with `nginx -t`; policy-rc.d keeps the package from starting a server during the install).
# CI calls this; developers run it once as root.
system-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  missing=""; \
	  for p in chromium fonts-noto-core gettext poppler-utils redis-server nginx-light; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    policy=/usr/sbin/policy-rc.d; made=""; \
	    if [ ! -e $$policy ]; then printf '#!/bin/sh\nexit 101\n' > $$policy && chmod +x $$policy && made=1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; rc=$$?; \
	    if [ -n "$$made" ]; then rm -f $$policy; fi; exit $$rc; \
	  fi; \
	else echo "system-deps: no apt-get here; install chromium, fonts-noto-core, gettext, poppler-utils, redis-server and nginx-light yourself"; fi

# Every benchmark (throwaway SQLite unless DATABASE_URL names a bench* database); results in var/bench/.
# BENCH_CASES sets the scale of the case pages, e.g. `make bench BENCH_CASES=1000000` (PostgreSQL).
bench: install keys
	$(PY) bench/run.py $(if $(BENCH_CASES),--cases $(BENCH_CASES))
	$(PY) bench/deadline_scan.py
	$(PY) bench/pdf_dossier.py
	$(PY) bench/dashboard.py

bench-deadlines: install keys
	$(PY) bench/deadline_scan.py

# The case dossier PDF of a case with a long history (about 50 pages): time and memory.
bench-pdf: install keys
	$(PY) bench/pdf_dossier.py

bench-dashboard: install keys
	$(PY) bench/dashboard.py

# The 50-user load test (bench/README.md): locust in its own virtualenv against gunicorn with the
# production settings on 127.0.0.1, on the cases of a `bench/run.py --keep` run in DATABASE_URL
# (a bench* PostgreSQL database). BENCH_LOAD_ARGS adds options, e.g. BENCH_LOAD_ARGS="--time 1m".
LOAD_VENV := bench/load/.venv
LOAD_STAMP := $(LOAD_VENV)/.installed

$(LOAD_STAMP): bench/load/requirements.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOAD_VENV)/bin/python -m pip install --quiet -r bench/load/requirements.txt
	touch $(LOAD_STAMP)

bench-load: install keys $(LOAD_STAMP)
	$(PY) bench/load/run.py $(BENCH_LOAD_ARGS)

# The previous release (deploy/PREVIOUS_RELEASE) seeded, migrated by this code, nothing lost, and still
# read by the previous release's code (docs/upgrade.md). DATABASE_URL must name a scratch PostgreSQL
# database whose name starts with upgrade_check: it is dropped and created again.
upgrade-check: install keys
	$(PY) deploy/upgrade_check.py

# The whole production shape on this machine, with faults (docs/prod-smoke.md): its own PostgreSQL
# database nyaya_smoke (dropped at the end) on 127.0.0.1:5432 and its own redis-server on a free port;
# gunicorn, a Celery worker and beat; sign-in, a case, a dossier; a worker killed mid-job, the broker
# restarted, the database connections cut. Logs in var/prod-smoke/.
prod-smoke: install
	$(PY) deploy/smoke/run.py

clean-db:
	rm -f var/nyaya.sqlite3
