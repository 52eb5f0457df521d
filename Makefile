# Everyday verbs. `make demo` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
# Where `make demo` serves, host:port. The app is told it too: PDF links and QR codes point
# there (SITE_URL), and it answers to that host (ALLOWED_HOSTS). For phones on the network,
# use the machine's address, e.g. DEMO_ADDR=192.168.1.20:8000.
DEMO_ADDR ?= 127.0.0.1:8000
DEMO_HOST := $(firstword $(subst :, ,$(DEMO_ADDR)))

.PHONY: help install demo seed test lint format migrations-check messages lock bench-reports seed-scale bench serve backup restore loadtest restart-test clean

help:
	@echo "make demo              set up, load demo data, serve on http://$(DEMO_ADDR) with a job worker"
	@echo "make test              set up, run the whole test suite in parallel (DATABASE_URL picks the database)"
	@echo "make lint              ruff check and format check"
	@echo "make format            ruff format and fix imports"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make messages          update and compile the Indonesian catalogue"
	@echo "make lock              re-resolve requirements.lock from pyproject.toml"
	@echo "make bench-reports     time a typical visit report PDF"
	@echo "make seed-scale        load the national data set (270 cities, 100k KSM) into DATABASE_URL"
	@echo "make bench             time every main page at national scale, check the budgets (PostgreSQL)"
	@echo "make serve             production: migrate, collectstatic, gunicorn and a job worker (needs PostgreSQL)"
	@echo "make backup            write the database and media to var/backups/kotaku-<time>.tar.gz"
	@echo "make restore FILE=...  put a backup back (refuses a database with data unless FORCE=1)"
	@echo "make loadtest          locust against gunicorn + PostgreSQL (database kotaku_load), 60 s"
	@echo "make restart-test      restart a throwaway PostgreSQL under load: 503s, then recovery"

# The virtualenv is (re)installed whenever requirements.lock changes.
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# The job worker (large downloads) runs beside the server and stops with it.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	export SITE_URL=http://$(DEMO_ADDR) ALLOWED_HOSTS=127.0.0.1,localhost,$(DEMO_HOST) ; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(DEMO_ADDR)

seed: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

# In parallel, one worker process per core; JOBS=0 runs everything in this one process.
JOBS ?= auto
test: install
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	$(BIN)/python manage.py makemessages --locale id --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --locale id --ignore '.venv/*'

lock:
	rm -rf var/lockenv
	$(PYTHON) -m venv var/lockenv
	var/lockenv/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > var/lockenv/direct.txt
	var/lockenv/bin/python -m pip install --quiet -r var/lockenv/direct.txt
	{ echo "# Exact versions installed by \`make install\`. Regenerate with \`make lock\` after editing"; \
	  echo "# the dependencies in pyproject.toml."; \
	  var/lockenv/bin/python -m pip freeze --all --exclude pip --exclude setuptools | sort -f; } > requirements.lock
	rm -rf var/lockenv

# Production on one server: see "Deploying" in README.md. SQLite is refused: several
# processes writing to it wait on its lock, and it cannot be shared by more app servers.
# A job worker runs beside gunicorn and stops with it; WORKER=0 leaves it out (when the worker
# runs as its own service, e.g. the systemd unit in the README).
WORKER ?= 1
serve: install
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make serve needs DATABASE_URL=postgres://... (PostgreSQL)" >&2; exit 1;; esac
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable  # the API's shared rate counts (API_RATE_STORE)
	$(BIN)/python manage.py collectstatic --noinput
ifeq ($(WORKER),0)
	exec $(BIN)/gunicorn --config gunicorn.conf.py
else
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config gunicorn.conf.py
endif

backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/kotaku-....tar.gz [FORCE=1]" >&2; exit 1; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(FORCE),--force)

# Not part of `make test`: each takes a minute or more and serves the app with gunicorn.
# USERS, RATE (users started per second) and TIME (e.g. 60s) size the load test.
loadtest: install
	USERS=$(or $(USERS),20) RATE=$(or $(RATE),2) TIME=$(or $(TIME),60s) scripts/loadtest.sh

restart-test: install
	$(BIN)/python scripts/restart_test.py

bench-reports: install
	$(BIN)/python scripts/bench_reports.py --runs 5

# The national data set takes about three minutes; it is loaded once (--if-empty).
seed-scale: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_scale --if-empty

# Against PostgreSQL (DATABASE_URL) with the national data set; exits 1 when a budget is missed.
bench: seed-scale
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/screenshots
