# `make demo` and `make test` work on a fresh machine: each makes the virtualenv
# (.venv, Python 3.11, exact versions from requirements.lock) on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO := out/demo
STORE := out/demo.duckdb

.PHONY: demo test bench clean system

bench: $(BIN)/caretrack
	$(BIN)/python bench/bench_demo.py
	$(BIN)/python bench/bench_indicators.py

$(BIN)/caretrack: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q src  # as pip does for a package it installs (not for an editable one)
	touch $@

demo: $(BIN)/caretrack
	rm -rf $(DEMO) $(STORE)
	$(BIN)/caretrack demo --out $(DEMO)
	$(BIN)/caretrack load $(DEMO) --store $(STORE)
	$(BIN)/caretrack info --store $(STORE)
	-$(BIN)/caretrack validate $(DEMO)/2025 --previous $(DEMO)/2024 --earlier $(DEMO) --format html --out out/validation-2025.html
	$(BIN)/caretrack indicators --year 2025 --store $(STORE)
	$(BIN)/caretrack report --year 2025 --format both --out out/reports --store $(STORE)
	@echo "Store: $(STORE); validation report: out/validation-2025.html; reports: out/reports/"

# Debian packages the report tests use: pdftoppm (poppler-utils) renders PDF pages,
# chromium runs the accessibility check, and the reports' font (Arial's metrics, in
# fonts-liberation) lays their PDFs out as docs/ shows them. Installed only when missing.
system:
	@command -v pdftoppm >/dev/null && command -v chromium >/dev/null && fc-list | grep -q LiberationSans || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils chromium fonts-liberation)

test: system $(BIN)/caretrack
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out
