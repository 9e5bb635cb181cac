# The quick start's two commands (README): `make build` builds site/ from content/, `make test`
# runs the tests. Both work on a fresh machine: they make a virtual environment (.venv) with
# everything the project needs, which a Debian system Python requires (PEP 668: no global pip).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test serve clean-venv

build: $(STAMP)
	$(VENV)/bin/briefing build

test: $(STAMP)
	$(PY) -m pytest

serve: $(STAMP)
	$(VENV)/bin/briefing serve

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "make: '$(PYTHON) -m venv' failed; on Debian install python3-venv (apt install python3-venv)" >&2; exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
