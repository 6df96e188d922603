# Two commands: `make run` serves the archive at http://127.0.0.1:8000, `make test` runs every test.
# Both install what is missing (uv, the locked environment, Chromium for the browser tests).
SHELL := /bin/bash
PORT ?= 8000
# gunicorn workers: config/gunicorn.py chooses (two per core) unless WORKERS says otherwise
WORKERS ?=
# `make run CORPUS=path/to/akn` loads a folder of AKN4UN files (the whole GA corpus) after the default collection
CORPUS ?=
PYTHON ?= python3
# uv on the PATH, else the one pip installs for this Python (`python3 -m uv` works wherever pip put it)
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
# `make run`, `make ingest` and `make rebuild` use the production settings (DEBUG off) on plain
# http at 127.0.0.1; manage.py alone uses the development settings (config/settings/).
RUN_ENV = DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$$(cat .secret_key)" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" HTTPS=0

.PHONY: run test lint setup db ingest static chromium stop-db clean bench bench-search rebuild

run: setup .secret_key static
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py ingest $(if $(CORPUS),--with-default "$(CORPUS)")
	@echo "Serving the archive at http://127.0.0.1:$(PORT) (Ctrl-C stops)"
	$(RUN_ENV) exec $(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi --bind 127.0.0.1:$(PORT) \
		$(if $(WORKERS),--workers $(WORKERS))

# lint and format first (a finding fails the run), then every test
test: setup chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m pytest $(PYTEST_ARGS)

# Ruff's lint rules and its formatting, as configured in pyproject.toml: fails on any finding.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

setup: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet uv || $(PYTHON) -m pip install --quiet --user uv
	@# bytecode compiled once here: a start-up never compiles Django (PYTHONDONTWRITEBYTECODE would have it do so every time)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(PY) -m compileall -q -j 0 archive config scripts bench
	@touch $@

.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

static: setup .secret_key
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Chromium (Debian package) for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "Could not install chromium: run 'sudo apt-get install chromium'" >&2; exit 1; }; }
	@# a font for the Chinese texts, which the screenshots would otherwise show as empty boxes
	@fc-list :lang=zh 2>/dev/null | grep -q . || { echo "Installing a Chinese font (fonts-noto-cjk) for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
		|| echo "Could not install fonts-noto-cjk: Chinese shows as boxes in the screenshots" >&2; }

db: setup
	$(PY) -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.dev'); django.setup(); from django.db import connection; connection.ensure_connection(); print('database ready')"

# Load source files into the archive: `make ingest FILES="path/to/file-or-folder ..."`
# (without FILES: the default collection and the staff uploads). INGEST_ARGS passes options.
ingest: setup .secret_key
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v 0
	$(RUN_ENV) $(PY) manage.py ingest $(FILES) $(INGEST_ARGS)

# Drop the schema, migrate and load the sources again: the default collection (fixtures/),
# then the files staff uploaded (UPLOAD_ROOT, default uploads/).
rebuild: setup .secret_key
	$(RUN_ENV) $(PY) manage.py rebuild --yes

stop-db: setup
	$(PY) -c "from archive.db.embedded import stop_server; print('stopped' if stop_server('.pgdata') else 'not running')"

clean: stop-db
	rm -rf .pgdata staticfiles .venv

# Figures, not tests: ingest of the default collection and the corpus (fresh bench databases),
# how footnotes resolve (in the archive's database: run `make run` once first), lineage speed.
# The benchmarks are modules of bench/ (not of the app), run from the checkout with `python -m`.
bench: setup
	$(PY) -m bench.ingest_speed
	$(PY) manage.py citation_stats
	$(PY) -m bench.lineage_speed

# The search benchmark at 1,000,000 paragraphs (builds the corpus in archive_bench: about 6 minutes here, 3.5 of them the search statistics with the rankings of its 344 frequent words).
bench-search: setup
	ARCHIVE_DB_NAME=archive_bench $(PY) -m bench.generate_corpus --paragraphs 1000000
	ARCHIVE_DB_NAME=archive_bench $(PY) -m bench.search_speed --runs 30 --naive-runs 20
