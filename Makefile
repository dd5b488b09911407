# Phinong: `make run` serves the demo, `make test` runs every check, `make bench` the benchmarks.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo var/tools/bin/uv)
RUN := $(UV) run --frozen
DEMO_PASSWORD ?= phinong-demo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck check-migrations check-translations messages bench install demo serve

var/tools/bin/uv:
	@mkdir -p var
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet 'uv>=0.9'

# The local checkout's secret key, written once (mode 0600); production sets PHINONG_SECRET_KEY.
var/secret_key:
	@mkdir -p var
	@(umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@)

install: $(UV) var/secret_key
	$(UV) sync --frozen

demo: install
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py seed_demo --password '$(DEMO_PASSWORD)'

run: demo
	@echo ""
	@echo "Phinong is at http://$(HOST):$(PORT)/   (ภาษาไทย; English from the top bar)"
	@echo "Demo logins, all with the password '$(DEMO_PASSWORD)':"
	@echo "  demo-dept     department admin (the whole country)"
	@echo "  demo-viewer   department viewer (read only)"
	@echo "  demo-p42      province officer, Loei (also demo-p45 Roi Et, demo-p39 Nong Bua Lam Phu)"
	@echo "  demo-d4201    district officer, Mueang Loei (every district: demo-d<4-digit code>)"
	@echo "  demo-t420102  tambon leader, Mueang (Mueang Loei), keeps its tambon's activity records"
	@echo "                (one per paired younger tambon: demo-t420103 Na O, demo-t420104 Kok Du,"
	@echo "                demo-t450102 Rop Mueang, demo-t450202 Mueang Bua, demo-t390102 Nong Phai Sun)"
	@echo ""
	$(RUN) python manage.py runserver --noreload $(HOST):$(PORT)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: install
	$(RUN) mypy phinong bench conftest.py

check-migrations: install
	env -u DATABASE_URL $(RUN) python manage.py makemigrations --check --dry-run

messages: install
	$(RUN) python manage.py makemessages -l th --no-location --no-obsolete
	$(RUN) python manage.py compilemessages -l th

test: lint typecheck check-migrations
	env -u DATABASE_URL $(RUN) pytest -n auto -p no:cacheprovider
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "== the suite again on PostgreSQL ($${DATABASE_URL%%@*}@…)"; \
		$(RUN) pytest -n auto -p no:cacheprovider; \
	fi

bench: install
	env -u DATABASE_URL $(RUN) python -m bench
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(RUN) python -m bench --append; fi
