# Two commands for a newcomer:
#   make run    start the app on http://localhost:8501 (creates .venv, installs requirements, SQLite under data/)
#   make test   run every test (installs test requirements and, where missing, Debian's chromium and postgresql)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench schema clean-venv

$(VENV)/.installed-app: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-app requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed-app
	$(PY) scripts/serve.py --server.port $(PORT)

# Tests without a browser run in parallel (pytest-xdist); the browser tests share one app server, so they run in a
# second pytest run, one at a time. Both runs always happen and print their 15 slowest tests; the target fails if
# either fails. Storage tests run on SQLite and on PostgreSQL (scripts/ensure-postgres.sh finds or starts one).
test: $(VENV)/.installed-dev
	@bash scripts/ensure-chromium.sh
	@PYTHON=$(PY) bash scripts/ensure-postgres.sh sh -c '\
	  status=0; \
	  $(PY) -m pytest -n auto --ignore=tests/browser --durations=15 || status=$$?; \
	  $(PY) -m pytest tests/browser --durations=15 || status=$$?; \
	  exit $$status'

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

schema: $(VENV)/.installed-app
	$(PY) -m planning.schema

clean-venv:
	rm -rf $(VENV)
