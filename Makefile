# Every target sets itself up from nothing: a .venv with the project (for run and sandbox), and
# its dev extra too (for everything else).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-stamp
STAMP := $(VENV)/.installed-stamp
# The message catalogs, compiled for gettext (poolgov compiles a missing or stale one itself).
CATALOGS := $(wildcard bot/locale/*/LC_MESSAGES/poolgov.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run sandbox browser screenshot test check bench fuzz postgres clean catalog

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m bot.i18n.catalogs compile
	touch $(RUN_STAMP)

$(COMPILED): %.mo: %.po $(RUN_STAMP)
	$(BIN)/python -m bot.i18n.catalogs compile

# Extract the marked messages, update the catalogs, fold bot/locale/incoming/*.po into zh_Hans.
catalog: $(RUN_STAMP)
	$(BIN)/python -m bot.i18n.catalogs

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Without Slack tokens, `poolgov run` says what connecting needs, then serves the sandbox page.
run: $(RUN_STAMP) $(COMPILED)
	$(BIN)/poolgov run

sandbox: $(RUN_STAMP) $(COMPILED)
	$(BIN)/poolgov sandbox --demo

# Debian's Chromium, which the browser tests drive through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji; }

# The README's picture of the sandbox, taken by the browser test.
screenshot: $(STAMP) $(COMPILED)
	POOLGOV_SCREENSHOT=docs/sandbox.png $(BIN)/pytest tests/browser -q

postgres:
	scripts/ensure-postgres

# The suite in TEST_WORKERS processes (pytest-xdist; 0 runs it in this one): each has its own
# throwaway databases and ports, and tests that wait on real time overlap with the others' work.
# One process by default; TEST_WORKERS=2 overlaps the tests that wait on real time.
TEST_WORKERS ?= 0
test: $(STAMP) $(COMPILED) postgres
	POOLGOV_REQUIRE_POSTGRES=1 POOLGOV_REQUIRE_BROWSER=$${POOLGOV_REQUIRE_BROWSER:-0} \
		$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP) postgres
	$(BIN)/python -m bench --engine both
	$(BIN)/python -m bench.fanout --engine both
	$(BIN)/python -m bench.chain --engine both
	$(BIN)/python -m bench.scale --engine both

# The fuzz suite at full size, on SQLite and PostgreSQL, drawing fresh inputs each run.
FUZZ_EXAMPLES ?= 400
fuzz: $(STAMP) postgres
	POOLGOV_REQUIRE_POSTGRES=1 POOLGOV_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/fuzz --timeout=3600 -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
