# Every target sets itself up from nothing: a .venv with the project and its dev extra.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check bench fuzz postgres clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/poolgov run

postgres:
	scripts/ensure-postgres

test: $(STAMP) postgres
	POOLGOV_REQUIRE_POSTGRES=1 $(BIN)/pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP) postgres
	$(BIN)/python -m bench --engine both
	$(BIN)/python -m bench.fanout --engine both
	$(BIN)/python -m bench.chain --engine both

# The fuzz suite at full size, on SQLite and PostgreSQL, drawing fresh inputs each run.
FUZZ_EXAMPLES ?= 400
fuzz: $(STAMP) postgres
	POOLGOV_REQUIRE_POSTGRES=1 POOLGOV_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/fuzz --timeout=3600 -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
