# Two commands for a newcomer:
#   make run    start the app on http://localhost:8501 (creates .venv, installs requirements, SQLite under data/)
#   make test   run every test (installs test requirements and, where missing, Debian's chromium)
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

test: $(VENV)/.installed-dev
	@bash scripts/ensure-chromium.sh
	$(PY) -m pytest

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

schema: $(VENV)/.installed-app
	$(PY) -m planning.schema

clean-venv:
	rm -rf $(VENV)
