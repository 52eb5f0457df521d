# Everyday verbs. `make demo` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
DEMO_ADDR ?= 127.0.0.1:8000

.PHONY: help install demo seed test lint format migrations-check messages lock bench-reports clean

help:
	@echo "make demo              set up, load demo data, serve on http://$(DEMO_ADDR)"
	@echo "make test              set up, run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint              ruff check and format check"
	@echo "make format            ruff format and fix imports"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make messages          update and compile the Indonesian catalogue"
	@echo "make lock              re-resolve requirements.lock from pyproject.toml"
	@echo "make bench-reports     time a typical visit report PDF"

# The virtualenv is (re)installed whenever requirements.lock changes.
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(DEMO_ADDR)

seed: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

bench-reports: install
	$(BIN)/python scripts/bench_reports.py --runs 5

clean:
	rm -rf $(VENV) var/screenshots
