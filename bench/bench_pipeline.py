"""Benchmark: generate N households x 12 months, then run the whole pipeline on them.

    .venv/bin/python bench/bench_pipeline.py [households] [--keep DIR]

Prints the generation time, the pipeline time (landing -> dbt build -> publish, in-process
Dagster, as `poverty-monitor run` does it) and the sizes involved. Default: 100,000 households,
2025-07..2026-06.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.cli.pipeline import run_months
from orchestration.lib.months import contiguous_runs, month_range
from orchestration.settings import load_settings
from synthetic import generate_landing

MONTHS = month_range("2025-07", "2026-06")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("households", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep landing and warehouse in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="povmon-bench-"))
    landing, warehouse, home = root / "raw_landing", root / "warehouse", root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    os.environ.update(
        POVMON_LANDING_DIR=str(landing),
        POVMON_WAREHOUSE_DIR=str(warehouse),
        POVMON_PSEUDONYM_KEY=os.environ.get("POVMON_PSEUDONYM_KEY", "bench-key"),
        DAGSTER_HOME=str(home),
    )
    try:
        started = time.perf_counter()
        summary = generate_landing(landing, args.households, MONTHS, seed=42)
        generated = time.perf_counter() - started

        started = time.perf_counter()
        run_months(load_settings(), contiguous_runs(MONTHS))
        ran = time.perf_counter() - started

        with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
            household_months = con.execute(
                "select count(*) from marts.fct_household_months"
            ).fetchone()[0]
            warnings = con.execute("select count(*) from monitoring.early_warnings").fetchone()[0]
        rows = sum(summary["rows"].values())
        print(
            f"\nhouseholds={args.households} months={len(MONTHS)} "
            f"({MONTHS[0]}..{MONTHS[-1]}) extract rows={rows:,}"
        )
        print(f"generate: {generated:7.1f} s")
        print(
            f"run:      {ran:7.1f} s  (household-months={household_months:,}, "
            f"warnings={warnings:,})"
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
