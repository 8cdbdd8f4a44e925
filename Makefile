# Liaison — `make demo` serves the demo, `make test` runs lint, types and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# A database name of this checkout's own: the PostgreSQL pass creates test_<name>_gw0/_gw1 and
# <name>_ops_* and drops them; two checkouts testing at once on one server must not share them.
CHECKOUT_ID := $(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)
PG_URL ?= postgres://postgres@127.0.0.1:5432/liaison_$(CHECKOUT_ID)
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: runtime-packages demo test lint types unit test-sqlite test-postgres system-packages messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# Debian packages: Chromium for the browser tests, CJK and Hebrew fonts for screenshots and
# PDFs, gettext for the translation catalogs, poppler-utils to read PDFs back in tests, khal
# (a calendar client) to import the .ics invitations in tests. Installed once, only when missing.
system-packages:
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v khal >/dev/null || ! ldconfig -p | grep -q libmagic.so.1 || ! fc-list | grep -qi "Noto Sans CJK"; then \
		echo "Installing Debian packages: chromium, Noto fonts, gettext, Pango, poppler-utils, libmagic, khal"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-core gettext libpango-1.0-0 libpangoft2-1.0-0 poppler-utils libmagic1 khal >/dev/null; \
	fi

# What the running product needs from Debian (WeasyPrint's Pango, libmagic for attachment
# types, CJK and Hebrew fonts for PDFs), installed only when missing.
runtime-packages:
	@if ! ldconfig -p | grep -q libmagic.so.1 || ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! fc-list | grep -qi "Noto Sans CJK"; then \
		echo "Installing Debian packages: Noto fonts, Pango, libmagic"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libmagic1 >/dev/null; \
	fi

demo: $(STAMP) runtime-packages
	$(BIN)/liaison demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy src

# The suite starts Python dozens of times (pytest's workers, `liaison` commands, workers,
# gunicorn): with PYTHONDONTWRITEBYTECODE set in the environment each of them would compile
# Django and the project from source again (seconds of CPU each), so the tests cache bytecode.
test-sqlite test-postgres: export PYTHONDONTWRITEBYTECODE :=

test-sqlite: $(STAMP) system-packages
	$(BIN)/pytest -n 2

test-postgres: $(STAMP) system-packages
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL answers on 127.0.0.1:5432: running the suite on it"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -m "not engine and not database_free"; \
	else echo "== No PostgreSQL server on 127.0.0.1:5432: PostgreSQL run skipped"; fi

test: lint types test-sqlite test-postgres

APP_CATALOGS := $(notdir $(patsubst %/locale,%,$(wildcard src/liaison/*/locale)))
messages: $(STAMP)
	cd src/liaison && ../../$(BIN)/liaison makemessages -l zh_Hans -l he --no-obsolete --no-location --ignore "scheduling/*" --ignore "matching/*" $(foreach a,$(APP_CATALOGS),--ignore "$(a)/*")
	for a in $(APP_CATALOGS); do (cd src/liaison/$$a && ../../../$(BIN)/liaison makemessages -l zh_Hans -l he --no-obsolete --no-location); done
	cd src/liaison && ../../$(BIN)/liaison compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
