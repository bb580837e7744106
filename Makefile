# Two commands do everything on a fresh machine (Python 3.11, pip and git):
#   make demo   set up, generate the embedded sample, run every month, print the warnings
#   make test   set up, lint and run the test suite
SHELL := /bin/bash
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_HOUSEHOLDS ?= 2000
SAMPLE_MONTHS ?= 2025-01:2026-06
LAST_MONTH := $(lastword $(subst :, ,$(SAMPLE_MONTHS)))
PREVIOUS_MONTH := $(shell python3 -c "y, m = map(int, '$(LAST_MONTH)'.split('-')); \
	print(f'{y - (m == 1)}-{(m - 2) % 12 + 1:02d}')")
export UV_PYTHON_DOWNLOADS := never
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: setup setup-spark demo demo-spark run test test-fast test-spark pytest lint format bench bench-1m bench-quality dev serve docs dashboard clean

setup: $(BIN)/poverty-monitor

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==0.13.8

# The lock file pins every package; --frozen refuses to run with a stale lock. Bytecode is
# compiled once here: where PYTHONDONTWRITEBYTECODE is set, every process (the CLI, dbt, each
# test's run) would otherwise compile dagster, dbt and GE from source again (seconds each).
$(BIN)/poverty-monitor: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python python3 --compile-bytecode
	@touch $@

# The case loop on the sample: run up to the month before the last (the last month's extracts
# wait in warehouse/arriving/), write that month's township work lists, let the cadre
# simulator fill most of them in and return them in case_management/<last month>/, then run
# the last month and print its warnings with where each household stands in the loop.
demo: setup
	rm -rf raw_landing/*/ warehouse/
	$(BIN)/poverty-monitor generate --households $(SAMPLE_HOUSEHOLDS) --months $(SAMPLE_MONTHS) --out raw_landing --seed 7
	mkdir -p warehouse/arriving
	for folder in raw_landing/*/$(LAST_MONTH); do source=$$(basename $$(dirname $$folder)); \
		mkdir -p warehouse/arriving/$$source && mv $$folder warehouse/arriving/$$source/; done
	$(BIN)/poverty-monitor run
	$(BIN)/poverty-monitor worklist --month $(PREVIOUS_MONTH)
	$(BIN)/python -m synthetic.cadres --worklists warehouse/restricted/worklists \
		--month $(PREVIOUS_MONTH) --out raw_landing/case_management/$(LAST_MONTH)
	for folder in warehouse/arriving/*/$(LAST_MONTH); do source=$$(basename $$(dirname $$folder)); \
		mv $$folder raw_landing/$$source/; done
	rm -r warehouse/arriving
	$(BIN)/poverty-monitor run
	$(BIN)/poverty-monitor warnings --month $(LAST_MONTH)

run: setup
	$(BIN)/poverty-monitor run

# Apache Spark (README "Running on Spark"): the optional spark extra (dbt-spark, pyspark; Java
# 17 must be installed), then the same pipeline with dbt on a local Spark session.
setup-spark: $(VENV)/.spark-extra

$(VENV)/.spark-extra: $(BIN)/poverty-monitor
	$(UV) sync --frozen --python python3 --extra spark --compile-bytecode
	@touch $@

demo-spark: setup-spark
	rm -rf raw_landing/*/ warehouse/
	$(BIN)/poverty-monitor generate --households $(SAMPLE_HOUSEHOLDS) --months $(SAMPLE_MONTHS) --out raw_landing --seed 7
	$(BIN)/poverty-monitor run --target spark
	$(BIN)/poverty-monitor warnings --month $(LAST_MONTH)

test: setup lint pytest

# The inner loop: unit tests and dbt's unit tests, no whole pipeline (under two minutes).
test-fast: setup
	$(BIN)/pytest -m "unit or dbt"

pytest:
	$(BIN)/pytest

# The Spark target's tests (marked spark, left out of `make test`, which needs no Java).
test-spark: setup-spark
	$(BIN)/pytest -m spark -s

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --processes 0 dbt_project/models

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/sqlfluff fix dbt_project/models

# A 12-month backfill, then one new month on 12 and on 24 months of history, beside the bare
# DuckDB replay of the same SQL and a pandas version of three rules (docs/BENCHMARKS.md).
bench: setup
	$(BIN)/python bench/bench_monthly.py --households 10000 --households 100000

# At 1M households 24 months of history do not fit this machine's disk (docs/BENCHMARKS.md).
bench-1m: setup
	$(BIN)/python bench/bench_monthly.py --households 1000000 --histories 12

bench-quality: setup
	$(BIN)/python bench/bench_quality.py

# The Dagster UI on 127.0.0.1:$(DEV_PORT) over the same code location. It needs nothing from
# the shell: the code location finds dbt beside its interpreter and its paths in the settings
# module. Dagster's instance lives in .dagster_home/ (or an existing DAGSTER_HOME), with
# telemetry and the first-visit "Join the Dagster community" dialog off.
DEV_PORT ?= 3000
DEV_HOME := $(or $(DAGSTER_HOME),$(CURDIR)/.dagster_home)
dev: setup
	@mkdir -p $(DEV_HOME)
	@test -f $(DEV_HOME)/dagster.yaml && [ -n "$(DAGSTER_HOME)" ] || \
		printf 'telemetry:\n  enabled: false\nnux:\n  enabled: false\n' > $(DEV_HOME)/dagster.yaml
	DAGSTER_HOME=$(DEV_HOME) $(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(DEV_PORT)

# Production, locally: dagster-daemon (schedule, sensor, run queue, alerts) and
# dagster-webserver on 127.0.0.1:$(SERVE_PORT), as the systemd units start them (README:
# Running it every month). The instance is $(DAGSTER_HOME) or .dagster_home/ (deploy/dagster.yaml
# is copied there when it has none). Ctrl-C stops both.
SERVE_PORT ?= 3000
serve: setup
	$(BIN)/poverty-monitor serve --port $(SERVE_PORT)

# dbt docs (Chinese and English descriptions of every model and column) with the column types
# of the last run's build database: $(WAREHOUSE)/dbt_docs/static_index.html opens in a browser
# as it is. Refused while a run holds the warehouse (the build database has one writer).
WAREHOUSE ?= $(or $(POVMON_WAREHOUSE_DIR),warehouse)
WAREHOUSE_ABS := $(abspath $(WAREHOUSE))
docs: setup
	@test -f $(WAREHOUSE_ABS)/build.duckdb || { echo "no $(WAREHOUSE_ABS)/build.duckdb yet: run make demo or poverty-monitor run first"; exit 1; }
	@flock --nonblock --conflict-exit-code 75 $(WAREHOUSE_ABS)/.run.lock \
		env POVMON_WAREHOUSE_DIR=$(WAREHOUSE_ABS) $(BIN)/python -m orchestration.cli.dbt --quiet \
		docs generate --static --target-path $(WAREHOUSE_ABS)/dbt_docs \
		--log-path $(WAREHOUSE_ABS)/logs; \
	status=$$?; [ $$status -ne 75 ] || echo "a run is in progress on $(WAREHOUSE_ABS): try again when it has finished"; \
	[ $$status -ne 0 ] || echo "dbt docs: $(WAREHOUSE_ABS)/dbt_docs/static_index.html"; exit $$status

# The analysts' dashboard on 127.0.0.1:8501 over $(WAREHOUSE)/analytics.duckdb (read-only).
dashboard: setup
	$(BIN)/poverty-monitor dashboard --warehouse $(WAREHOUSE)

clean:
	rm -rf warehouse dbt_project/target .pytest_cache
